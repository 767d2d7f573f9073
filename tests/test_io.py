"""``cardtable._io``: the one atomic write of the package."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cardtable import _io


def test_atomic_write_creates_and_replaces_with_mode_0644(tmp_path: Path) -> None:
    target = tmp_path / "result.json"
    old = os.umask(0o022)
    try:
        _io.atomic_write(target, "first")
        assert target.read_text() == "first"
        assert target.stat().st_mode & 0o777 == 0o644
        _io.atomic_write(target, b"second")
        assert target.read_bytes() == b"second"
        assert target.stat().st_mode & 0o777 == 0o644
    finally:
        os.umask(old)
    assert [p.name for p in tmp_path.iterdir()] == ["result.json"]


def test_atomic_write_respects_a_stricter_umask(tmp_path: Path) -> None:
    old = os.umask(0o077)
    try:
        _io.atomic_write(tmp_path / "private", b"x")
    finally:
        os.umask(old)
    assert (tmp_path / "private").stat().st_mode & 0o777 == 0o600


def test_failed_rename_leaves_the_target_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "manifest.json"
    target.write_text("old")

    def fail(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(_io.os, "replace", fail)
    with pytest.raises(OSError, match="No space left"):
        _io.atomic_write(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["manifest.json"]


def test_write_synced_refuses_an_existing_file(tmp_path: Path) -> None:
    path = _io.write_synced(tmp_path / "a.parquet", b"data")
    assert path.read_bytes() == b"data"
    with pytest.raises(FileExistsError):
        _io.write_synced(tmp_path / "a.parquet", b"again")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (".manifest.json.k3j_x9q.tmp", True),
        (".result.json.abc.tmp", True),
        ("manifest.json", False),
        ("x.tmp", False),
        (".manifest.json", False),
    ],
)
def test_is_temporary(name: str, expected: bool) -> None:
    assert _io.is_temporary(name) is expected

"""Shared fixtures: the reference files in ../shared/data and a store filled from them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The official-format reference files (never copied into the project)."""
    if not SHARED_DATA.is_dir():
        pytest.fail(f"reference data not found at {SHARED_DATA}: CI clones ../shared beside main")
    return SHARED_DATA


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs against its own empty local store, never the user's."""
    monkeypatch.setenv("CARDTABLE_HOME", str(tmp_path / "home"))


@pytest.fixture
def empty_home(tmp_path: Path) -> Path:
    """The test's empty local store (set by the autouse fixture): only bundled data."""
    return tmp_path / "home"


@pytest.fixture(scope="session")
def _filled_home(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    from cardtable.cli import main

    home = tmp_path_factory.mktemp("store")
    old = os.environ.get("CARDTABLE_HOME")
    os.environ["CARDTABLE_HOME"] = str(home)
    try:
        assert main(["data", "import", str(shared_data)]) == 0
    finally:
        if old is None:
            del os.environ["CARDTABLE_HOME"]
        else:
            os.environ["CARDTABLE_HOME"] = old
    return home


@pytest.fixture
def filled_home(_filled_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store filled by ``cardtable data import ../shared/data`` (shared, read-only)."""
    monkeypatch.setenv("CARDTABLE_HOME", str(_filled_home))
    return _filled_home

"""``import_dir``: filling the store from official-format files on disk."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cardtable.data import Store, import_dir
from cardtable.data.loaders.tic import TicTable
from cardtable.errors import InputError, ParseError

Snapshot = Callable[[Path], dict[str, bytes]]


def _link_tree(shared: Path, target: Path, names: list[str]) -> Path:
    """``target`` with symlinks to some reference files (nothing copied)."""
    for name in names:
        link = target / name
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(shared / name)
    return target


def test_import_shared_data(tmp_path: Path, shared: Path) -> None:
    store = Store(tmp_path / "home")
    report = import_dir(shared, store=store)
    assert [e.dataset for e in report.entries] == [
        "tic_holders",
        "fred_DEXJPUS",
        "fred_DGS10",
        "fred_DGS2",
        "fred_DGS30",
        "fred_DGS5",
        "fred_DTWEXBGS",
        "mspd",
        "par_yield_curve",
    ]
    manifest = store.manifest()
    source = Path(manifest["tic_holders"].source).resolve()
    assert source == (shared / "tic" / "mfhhis01.txt").resolve()
    assert {e.origin for e in manifest.values()} == {"import"}
    assert manifest["par_yield_curve"].vintage == "2025-07-11"
    assert manifest["mspd"].vintage == "2026-05-31"
    assert report.skipped == ()


def test_processed_and_unknown_series_ignored(tmp_path: Path, shared: Path) -> None:
    root = _link_tree(shared, tmp_path / "in", ["tic/mfhhis01.txt", "fred/DGS10.csv"])
    (root / "processed").mkdir()
    (root / "processed" / "mfhhis01.txt").write_text("not a TIC table")
    (root / "fred" / "DGS1.csv").write_text("observation_date,DGS1\n2024-01-02,4.8\n")
    store = Store(tmp_path / "home")
    report = import_dir(root, store=store)
    assert [e.dataset for e in report.entries] == ["tic_holders", "fred_DGS10"]
    assert len(report.skipped) == 1
    assert "DGS1 is not one cardtable uses" in report.skipped[0]


def test_mfhhis_found_anywhere_and_mfh_beside_it(
    tmp_path: Path,
    shared: Path,
    make_mfh: Callable[..., str],
    tic_table: TicTable,
    mfh_months: list[str],
) -> None:
    root = tmp_path / "in"
    (root / "downloads").mkdir(parents=True)
    (root / "downloads" / "mfhhis01.txt").symlink_to(shared / "tic" / "mfhhis01.txt")
    (root / "downloads" / "mfh.txt").write_text(make_mfh(tic_table, mfh_months, "4/15/26"))
    store = Store(tmp_path / "home")
    import_dir(root, store=store)
    entry = store.manifest()["tic_holders"]
    assert entry.vintage == "2026-04-15"
    assert entry.source.endswith("mfh.txt")


def test_bad_file_writes_nothing(tmp_path: Path, shared: Path, snapshot: Snapshot) -> None:
    store = Store(tmp_path / "home")
    import_dir(_link_tree(shared, tmp_path / "ok", ["fred/DGS2.csv"]), store=store)
    before = snapshot(tmp_path / "home")
    root = _link_tree(shared, tmp_path / "in", ["fred/DGS5.csv"])
    (root / "tic").mkdir()
    (root / "tic" / "mfhhis01.txt").write_text("\tJan\nCountry\t2025\nJapan\t1\n")
    with pytest.raises(ParseError, match=r"mfhhis01\.txt: block .* has no 'Grand Total' row"):
        import_dir(root, store=store)
    assert snapshot(tmp_path / "home") == before


@pytest.mark.parametrize("kind", ["missing", "empty", "file"])
def test_bad_directory(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "x"
    if kind == "empty":
        target.mkdir()
    elif kind == "file":
        target.write_text("")
    with pytest.raises(InputError, match=r"^directory: "):
        import_dir(target, store=Store(tmp_path / "home"))

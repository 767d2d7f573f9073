"""The local store: location, atomic writes, manifest, checksums and validation."""

from __future__ import annotations

import hashlib
import io
import json
import os
from collections.abc import Callable
from pathlib import Path

import filelock
import pandas as pd
import platformdirs
import pytest

from cardtable.data import store as store_module
from cardtable.data.loaders.fred import read_fred
from cardtable.data.loaders.tic import TicTable
from cardtable.data.store import NewDataset, Store, store_home
from cardtable.errors import ChecksumError, DataError, StoreError

Snapshot = Callable[[Path], dict[str, bytes]]


@pytest.fixture(scope="module")
def dgs2(shared: Path) -> pd.DataFrame:
    return read_fred(shared / "fred" / "DGS2.csv")


def _tic(table: TicTable) -> NewDataset:
    return NewDataset("tic_holders", table.frame, "mfhhis01.txt", "import", table.vintage)


def _fred(frame: pd.DataFrame) -> NewDataset:
    return NewDataset("fred_DGS2", frame, "DGS2.csv", "import", "2026-04-13")


def test_home_from_env_or_platformdirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CARDTABLE_HOME", str(tmp_path / "x"))
    assert store_home() == tmp_path / "x"
    assert Store().home == tmp_path / "x"
    monkeypatch.delenv("CARDTABLE_HOME")
    assert store_home() == Path(platformdirs.user_data_dir("cardtable"))


def test_write_read_round_trip_and_manifest(
    tmp_path: Path, tic_table: TicTable, dgs2: pd.DataFrame
) -> None:
    store = Store(tmp_path / "home")
    assert store.manifest() == {}
    entries = store.write([_tic(tic_table), _fred(dgs2)])
    assert [e.dataset for e in entries] == ["tic_holders", "fred_DGS2"]
    pd.testing.assert_frame_equal(store.read("tic_holders"), tic_table.frame)
    pd.testing.assert_frame_equal(store.read("fred_DGS2"), dgs2)
    payload = json.loads((tmp_path / "home" / "manifest.json").read_text())
    assert payload["format"] == 2
    version = payload["version"]
    entry = payload["datasets"]["tic_holders"]
    assert set(entry) == {
        "dataset",
        "file",
        "source",
        "origin",
        "retrieved_at",
        "vintage",
        "first",
        "last",
        "rows",
        "sha256",
        "note",
    }
    data = (tmp_path / "home" / version / "tic_holders.parquet").read_bytes()
    assert entry["sha256"] == hashlib.sha256(data).hexdigest()
    assert (entry["origin"], entry["vintage"], entry["rows"]) == (
        "import",
        "2026-03-18",
        len(tic_table.frame),
    )
    assert (entry["first"], entry["last"]) == ("2000-03", "2025-12")
    assert payload["datasets"]["fred_DGS2"]["first"] == "2021-04-13"
    assert entry["retrieved_at"].endswith("+00:00")
    assert sorted(p.name for p in (tmp_path / "home").iterdir()) == [
        ".lock",
        "manifest.json",
        version,
    ]
    assert sorted(p.name for p in (tmp_path / "home" / version).iterdir()) == [
        "fred_DGS2.parquet",
        "tic_holders.parquet",
    ]
    assert store.path("tic_holders") == tmp_path / "home" / version / "tic_holders.parquet"
    assert store.verify("tic_holders")
    for path in (tmp_path / "home" / "manifest.json", store.path("tic_holders")):
        assert path.stat().st_mode & 0o777 == 0o644


def test_later_write_keeps_other_datasets(
    tmp_path: Path, tic_table: TicTable, dgs2: pd.DataFrame
) -> None:
    store = Store(tmp_path)
    store.write([_tic(tic_table)])
    store.write([_fred(dgs2)])
    assert set(store.manifest()) == {"tic_holders", "fred_DGS2"}


def test_changed_file_raises_checksum_error(tmp_path: Path, dgs2: pd.DataFrame) -> None:
    store = Store(tmp_path)
    store.write([_fred(dgs2)])
    with store.path("fred_DGS2").open("ab") as fh:
        fh.write(b"x")
    assert not store.verify("fred_DGS2")
    with pytest.raises(ChecksumError) as info:
        store.read("fred_DGS2")
    message = str(info.value)
    assert "fred_DGS2.parquet" in message
    assert "run 'cardtable data update --source fred' or 'cardtable data import DIR'" in message
    assert "\n" not in message


def test_missing_file_and_dataset(tmp_path: Path, dgs2: pd.DataFrame) -> None:
    store = Store(tmp_path)
    with pytest.raises(StoreError, match="'mspd' is not in the store"):
        store.read("mspd")
    store.write([_fred(dgs2)])
    store.path("fred_DGS2").unlink()
    with pytest.raises(StoreError, match="missing although the manifest lists it"):
        store.read("fred_DGS2")
    assert not store.verify("fred_DGS2")


def test_corrupt_manifest(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text("{not json")
    with pytest.raises(StoreError, match="not a valid cardtable manifest"):
        Store(tmp_path).manifest()


def _bad_tic(table: TicTable, how: str) -> pd.DataFrame:
    f = table.frame.copy()
    main = ~f["series_break_old"]
    if how == "negative":
        f.loc[f.index[0], "holdings_usd_bn"] = -1.0
    elif how == "duplicate":
        f = pd.concat([f, f[main].iloc[[0]]], ignore_index=True)
    elif how == "total_below_country":
        hit = main & (f["country"] == "Japan") & (f["month"] == "2025-03")
        f.loc[hit, "holdings_usd_bn"] = 99999.0
    elif how == "no_total":
        f = f[~((f["country"] == "Grand Total") & (f["month"] == "2025-03"))]
    elif how == "schema":
        f = f.drop(columns="below_threshold")
    return f


@pytest.mark.parametrize(
    ("how", "needle"),
    [
        ("negative", "holdings_usd_bn = -1.0 at row 0 is not allowed"),
        ("duplicate", "appears twice at 2000-03 in the main series"),
        ("total_below_country", "Grand Total at 2025-03 (9054.2) is below Japan (99999.0)"),
        ("no_total", "no Grand Total row at 2025-03"),
        ("schema", "expected exactly"),
    ],
)
def test_invalid_tic_writes_nothing(
    tmp_path: Path,
    tic_table: TicTable,
    dgs2: pd.DataFrame,
    snapshot: Snapshot,
    how: str,
    needle: str,
) -> None:
    store = Store(tmp_path)
    store.write([_tic(tic_table)])
    before = snapshot(tmp_path)
    bad = NewDataset("tic_holders", _bad_tic(tic_table, how), "x", "import", "2026-03-18")
    with pytest.raises(DataError, match=needle.replace("(", r"\(").replace(")", r"\)")) as info:
        store.write([_fred(dgs2), bad])
    assert "nothing was written" in str(info.value)
    assert snapshot(tmp_path) == before


def test_invalid_fred_and_unknown_dataset(tmp_path: Path, dgs2: pd.DataFrame) -> None:
    store = Store(tmp_path)
    twice = pd.concat([dgs2, dgs2.iloc[[0]]], ignore_index=True)
    with pytest.raises(DataError, match="appears twice"):
        store.write([_fred(twice)])
    wrong = NewDataset("fred_DGS5", dgs2, "x", "import", "v")
    with pytest.raises(DataError, match="series_id is \\['DGS2'\\]; expected only 'DGS5'"):
        store.write([wrong])
    with pytest.raises(StoreError, match="'fred_XYZ' is not allowed"):
        store.write([NewDataset("fred_XYZ", dgs2, "x", "import", "v")])
    assert not tmp_path.joinpath("manifest.json").exists()


def test_failed_rename_leaves_no_temp_file(
    tmp_path: Path, dgs2: pd.DataFrame, snapshot: Snapshot, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path)
    store.write([_fred(dgs2)])
    before = snapshot(tmp_path)

    def boom(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store_module.os, "replace", boom)
    with pytest.raises(StoreError, match="No space left on device"):
        store.write([_fred(dgs2.iloc[:-1])])
    assert snapshot(tmp_path) == before  # no temporary file left behind, nothing replaced


def test_crash_before_the_switch_leaves_the_old_store_whole(
    tmp_path: Path, dgs2: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path)
    store.write([_fred(dgs2)])
    before = store.manifest()
    real_replace = os.replace

    def replace(src: str, dst: str) -> None:
        if str(dst).endswith("manifest.json"):
            raise OSError(5, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(store_module.os, "replace", replace)
    with pytest.raises(StoreError, match="Input/output error"):
        store.write([_fred(dgs2.iloc[:-1])])
    monkeypatch.undo()
    assert store.manifest() == before
    pd.testing.assert_frame_equal(store.read("fred_DGS2"), dgs2)
    assert store.check().ok
    assert store.check().leftovers == ()


# --- crash safety: versions, the lock, leftovers, legacy stores ------------------------------


def test_each_write_publishes_a_fresh_version_and_removes_the_old(
    tmp_path: Path, tic_table: TicTable, dgs2: pd.DataFrame
) -> None:
    store = Store(tmp_path)
    store.write([_tic(tic_table)])
    first = store.path("tic_holders").parent
    store.write([_fred(dgs2)])
    second = store.path("tic_holders").parent
    assert first != second
    assert not first.exists()
    assert sorted(p.name for p in second.iterdir()) == ["fred_DGS2.parquet", "tic_holders.parquet"]
    pd.testing.assert_frame_equal(store.read("tic_holders"), tic_table.frame)


def test_reader_holding_a_replaced_manifest_reads_the_new_version(
    tmp_path: Path, dgs2: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path)
    store.write([_fred(dgs2)])
    stale = store._load()
    store.write([_fred(dgs2.iloc[:-5])])  # the version the stale manifest names is gone
    real = Store._load
    answers = iter([stale])
    monkeypatch.setattr(Store, "_load", lambda self: next(answers, None) or real(self))
    pd.testing.assert_frame_equal(store.read("fred_DGS2"), dgs2.iloc[:-5])


def test_a_second_writer_waits_for_the_lock_then_gives_up(
    tmp_path: Path, dgs2: pd.DataFrame, snapshot: Snapshot
) -> None:
    store = Store(tmp_path)
    store.write([_fred(dgs2)])
    before = snapshot(tmp_path)
    held = filelock.FileLock(str(tmp_path / ".lock"))
    with held:
        with pytest.raises(StoreError, match="another cardtable process has been writing"):
            Store(tmp_path, lock_timeout_s=0.05).write([_fred(dgs2.iloc[:-1])])
        check = store.check()
        assert check.writing
        assert check.ok
    assert snapshot(tmp_path) == before
    assert not store.check().writing


def test_leftovers_are_reported_then_removed_by_the_next_write(
    tmp_path: Path, dgs2: pd.DataFrame
) -> None:
    store = Store(tmp_path)
    store.write([_fred(dgs2)])
    (tmp_path / "v-20000101T000000Z-0123abcd").mkdir()  # a killed writer's version
    (tmp_path / "v-20000101T000000Z-0123abcd" / "fred_DGS2.parquet").write_bytes(b"half")
    (tmp_path / ".manifest.json.x1y2z3.tmp").write_text("{")
    (tmp_path / "notes.txt").write_text("the user's own file")
    check = store.check()
    assert check.ok
    assert check.leftovers == (".manifest.json.x1y2z3.tmp", "v-20000101T000000Z-0123abcd")
    store.write([])
    assert store.check().leftovers == ()
    assert (tmp_path / "notes.txt").exists()
    pd.testing.assert_frame_equal(store.read("fred_DGS2"), dgs2)


def test_format_1_store_is_read_and_converted_by_the_next_write(
    tmp_path: Path, dgs2: pd.DataFrame, tic_table: TicTable
) -> None:
    """A store written by cardtable 0.1: files beside a format-1 manifest."""
    buf = io.BytesIO()
    dgs2.to_parquet(buf, index=False, engine="pyarrow")
    data = buf.getvalue()
    (tmp_path / "fred_DGS2.parquet").write_bytes(data)
    entry = {
        "dataset": "fred_DGS2",
        "file": "fred_DGS2.parquet",
        "source": "DGS2.csv",
        "origin": "import",
        "retrieved_at": "2026-01-01T00:00:00+00:00",
        "vintage": "2026-04-13",
        "first": "2021-04-13",
        "last": "2026-04-13",
        "rows": len(dgs2),
        "sha256": hashlib.sha256(data).hexdigest(),
        "note": "",
    }
    manifest = {"format": 1, "datasets": {"fred_DGS2": entry}}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    store = Store(tmp_path)
    pd.testing.assert_frame_equal(store.read("fred_DGS2"), dgs2)
    assert store.check().ok
    store.write([_tic(tic_table)])
    assert not (tmp_path / "fred_DGS2.parquet").exists()
    assert json.loads((tmp_path / "manifest.json").read_text())["format"] == 2
    pd.testing.assert_frame_equal(store.read("fred_DGS2"), dgs2)


def test_wrong_row_count_in_the_manifest_is_reported(tmp_path: Path, dgs2: pd.DataFrame) -> None:
    store = Store(tmp_path)
    store.write([_fred(dgs2)])
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    manifest["datasets"]["fred_DGS2"]["rows"] = 7
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(StoreError, match=f"{len(dgs2)} rows but the manifest says 7"):
        Store(tmp_path).read("fred_DGS2")
    problems = Store(tmp_path).check().problems
    assert len(problems) == 1
    assert "rows but the manifest says 7" in problems[0]

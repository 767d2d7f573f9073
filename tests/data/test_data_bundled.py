"""The bundled official histories: made by scripts/build_bundled.py from ../shared/data, exactly.

Queries on a fresh install (empty store) read them: every TIC month since 2000-03, every MSPD
month since 2001-01 and the six daily FRED series.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import cardtable.data._bundled as bundled_mod
from cardtable import data
from cardtable.cli import main
from cardtable.data._bundle_build import SOURCES, build_tables, manifest, render, write_bundle
from cardtable.data.store import Store
from cardtable.errors import ChecksumError, InputError, UnknownNameError

BUNDLE = resources.files("cardtable.data").joinpath("bundled")


def _bundled_manifest() -> dict[str, Any]:
    payload: dict[str, Any] = json.loads(BUNDLE.joinpath("manifest.json").read_text("utf-8"))
    return payload


def _months(first: str, last: str) -> list[str]:
    return [f"{p}" for p in pd.period_range(first, last, freq="M")]


# --- the bundle is what its script makes ---


@pytest.fixture(scope="module")
def rebuilt(shared_data: Path) -> list[Any]:
    return build_tables(shared_data)


def test_bundle_regenerates_exactly(rebuilt: list[Any], shared_data: Path) -> None:
    bundled = _bundled_manifest()
    fresh = manifest(rebuilt)
    assert bundled["generated_by"] == fresh["generated_by"] == "scripts/build_bundled.py"
    assert set(bundled["tables"]) == set(SOURCES) == {t.name for t in rebuilt}
    for table in rebuilt:
        entry = bundled["tables"][table.name]
        text, _ = render(table.frame)
        packed = BUNDLE.joinpath(entry["file"]).read_bytes()
        # the file shipped is the one the manifest describes ...
        assert hashlib.sha256(packed).hexdigest() == entry["sha256"]
        # ... and its content is exactly what the script makes from the official file today
        assert gzip.decompress(packed) == text
        assert hashlib.sha256(text).hexdigest() == entry["csv_sha256"]
        source = (shared_data / entry["source_file"]).read_bytes()
        assert hashlib.sha256(source).hexdigest() == entry["source_sha256"]
        # every recorded field but the gzip digest (zlib builds may differ) is reproduced
        want = {k: v for k, v in fresh["tables"][table.name].items() if k != "sha256"}
        assert {k: v for k, v in entry.items() if k != "sha256"} == want


def test_bundle_is_small() -> None:
    sizes = [
        BUNDLE.joinpath(e["file"]).read_bytes() for e in _bundled_manifest()["tables"].values()
    ]
    assert sum(map(len, sizes)) < 1_000_000  # a few hundred KiB; the package stays small


def test_bundle_vintages(rebuilt: list[Any]) -> None:
    tables = _bundled_manifest()["tables"]
    assert tables["tic_holders"]["vintage"] == "2026-03-18"  # release date in mfhhis01.txt
    assert (tables["tic_holders"]["first"], tables["tic_holders"]["last"]) == ("2000-03", "2025-12")
    assert tables["mspd"]["first"] == "2001-01"
    for table in rebuilt:
        assert tables[table.name]["vintage"] == table.vintage


def test_supplemented_series_agree_with_official_file(shared_data: Path) -> None:
    """DGS2 and DTWEXBGS start late in the reference files; the earlier observations come from
    the merged copy of the same series, which equals the official file on every shared date."""
    tables = _bundled_manifest()["tables"]
    for name, first in (("fred_DGS2", "1980-01-02"), ("fred_DTWEXBGS", "2006-01-02")):
        entry = tables[name]
        assert entry["first"] == first
        assert entry["supplement_rows"] > 0
        official = data.loaders.read_fred(shared_data / entry["source_file"])
        series = data.read_bundled(name).frame.set_index("date")["value"]
        assert series.loc[official["date"]].tolist() == official["value"].tolist()
        assert len(series) == len(official) + entry["supplement_rows"]


# --- the bundle equals what an import stores ---


@pytest.mark.parametrize("name", list(SOURCES))
def test_bundled_equals_imported_store(filled_home: Path, name: str) -> None:
    stored = Store(filled_home).read(name).reset_index(drop=True)
    table = data.read_bundled(name)
    frame = table.frame
    if name.startswith("fred_"):
        frame = frame[frame["date"] >= stored["date"].min()].reset_index(drop=True)
        stored = stored[["date", "series_id", "value"]]
    pd.testing.assert_frame_equal(frame, stored, check_dtype=False)
    assert table.vintage == Store(filled_home).manifest()[name].vintage


# --- fresh install: every month ---


def test_holders_every_month_since_2000_on_fresh_install(
    empty_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    months = data.available_months()
    assert months == _months("2000-03", "2025-12")
    for month in months:
        assert main(["holders", "--as-of", month, "--json", "--top", "3"]) == 0
        payload = json.loads(capsys.readouterr().out)
        assert payload["as_of"] == month
        assert payload["origin"] == "bundled"
        assert "mfhhis01.txt, vintage 2026-03-18" in payload["source"]
    assert not (empty_home / "manifest.json").exists()  # nothing written to the store


def test_bundled_snapshot_series_break_and_totals(empty_home: Path) -> None:
    snap = data.holdings_at("2011-06")
    japan = snap.table.set_index("country")["holdings_usd_bn"]["Japan"]
    assert japan == 881.5  # Series XII (main); 911.1 (Series XI) is the comparison estimate
    assert snap.origin == "bundled"
    assert snap.foreign_official_usd_bn is not None
    assert snap.foreign_official_bills_usd_bn is not None
    with pytest.raises(InputError, match="between 2000-03 and 2025-12 \\(bundled TIC history\\)"):
        data.holdings_at("2026-01")


def test_bundled_history_is_monthly(empty_home: Path) -> None:
    hist = data.holdings_history("japan")
    assert hist.origin == "bundled"
    assert hist.series.index.tolist() == _months("2000-03", "2025-12")
    assert hist.series["2000-03"] == 307.6  # mfhhis01.txt, March 2000, main series
    assert hist.note == ""


def test_bundled_debt_every_month(empty_home: Path) -> None:
    debt = data.debt_history()
    assert debt.attrs["origin"] == "bundled"
    assert debt.attrs["vintage"] == "2026-05-31"
    assert debt.index.tolist() == _months("2001-01", "2026-05")
    # MSPD table 1, 2025-12-31: marketable held by the public USD 30,250,943.7 mn
    assert debt.loc["2025-12", "marketable_usd_bn"] == pytest.approx(30_250.9437, abs=1e-4)
    parts = debt[[f"{p}_usd_bn" for p in ("bills", "notes", "bonds", "tips", "frn")]].sum(axis=1)
    assert (parts / debt["marketable_usd_bn"] - 1).abs().max() < 1e-3
    snap = data.debt_at("2008-06")
    assert (snap.as_of, snap.origin, snap.note) == ("2008-06-30", "bundled", "")
    assert snap.vintage == "2026-05-31"
    assert snap.marketable_usd_bn == debt.loc["2008-06", "marketable_usd_bn"]


def test_bundled_daily_series(empty_home: Path) -> None:
    ten = data.daily_series("DGS10")
    assert ten.attrs["origin"] == "bundled"
    assert ten.attrs["series_id"] == "DGS10"
    assert ten[pd.Timestamp("2024-05-02")] == 4.58  # as in the bundled market_levels facts
    assert ten.index.is_monotonic_increasing
    assert data.daily_series("usdjpy").attrs["series_id"] == "DEXJPUS"
    with pytest.raises(UnknownNameError, match="name"):
        data.daily_series("DGS7")


def test_bundled_market_levels_any_date(empty_home: Path) -> None:
    levels = data.market_levels_at("2013-06-28")
    assert levels.origin == "bundled"
    assert "DGS10 2026-07-28" in levels.vintage
    assert levels.note == ""
    assert None not in (levels.ust_2y_pct, levels.broad_dollar_index, levels.usdjpy)
    with pytest.raises(InputError, match="date: '1950-01-01' is not allowed"):
        data.market_levels_at("1950-01-01")


def test_store_comes_first(filled_home: Path) -> None:
    assert data.holdings_at("2008-06").origin == "store"
    assert data.debt_history().attrs["origin"] == "store"
    assert data.daily_series("DGS10").attrs["origin"] == "store"
    # the reference DGS2 file starts 2021-04-13: the store has no earlier 2y, the bundle does
    early = data.market_levels_at("2015-01-05")
    assert early.origin == "store"
    assert early.ust_2y_pct is None


def test_facts_when_bundle_hidden(empty_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CARDTABLE_NO_BUNDLED", "1")
    assert data.bundled_names() == []
    assert data.holdings_at("2025-03").origin == "facts"
    assert data.debt_history().attrs["origin"] == "facts"
    assert data.daily_series("DGS10").attrs["origin"] == "facts"


def test_tampered_bundle_is_an_error(empty_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = bundled_mod._manifest()
    bad = {**real, "mspd": {**real["mspd"], "sha256": "0" * 64}}
    monkeypatch.setattr(bundled_mod, "_manifest", lambda: bad)
    bundled_mod._read.cache_clear()
    try:
        with pytest.raises(ChecksumError, match=r"bundled mspd\.csv\.gz: sha256"):
            data.read_bundled("mspd")
    finally:
        bundled_mod._read.cache_clear()


def test_script_writes_the_bundle(shared_data: Path, tmp_path: Path) -> None:
    written = write_bundle(shared_data, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [e["file"] for e in written["tables"].values()] + ["manifest.json"]
    )
    for name, entry in _bundled_manifest()["tables"].items():
        fresh = written["tables"][name]
        assert fresh["csv_sha256"] == entry["csv_sha256"]
        out = (tmp_path / fresh["file"]).read_bytes()
        assert hashlib.sha256(out).hexdigest() == fresh["sha256"]
        assert gzip.decompress(out) == gzip.decompress(BUNDLE.joinpath(entry["file"]).read_bytes())
        assert (tmp_path / fresh["file"]).stat().st_mode & 0o777 == 0o644


def test_history_cli_is_monthly_on_fresh_install(
    empty_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["holders", "--country", "japan", "--history", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["origin"] == "bundled"
    assert payload["frequency"] == "monthly"
    assert [p["month"] for p in payload["history"]] == _months("2000-03", "2025-12")

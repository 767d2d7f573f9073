"""Query API: local store first, then the bundled histories (tests/data/test_data_bundled.py),
then the bundled facts (here, with the histories hidden), with source, vintage and origin."""

from __future__ import annotations

import types
from pathlib import Path

import pandas as pd
import pytest

import cardtable.data as data
from cardtable.data import (
    available_months,
    debt_at,
    holdings_at,
    holdings_history,
    load_fact,
    market_levels_at,
    resolve_country,
)
from cardtable.errors import InputError, UnknownNameError


def test_public_api_sorted_and_complete() -> None:
    def isort_key(name: str) -> tuple[int, str]:
        return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)

    assert data.__all__ == sorted(data.__all__, key=isort_key)
    public = {
        name
        for name, value in vars(data).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert public - {"annotations"} == set(data.__all__)


# --- holders: bundled facts (bundled histories hidden) ---


@pytest.fixture
def facts_home(empty_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty store and no bundled histories: only the small fact tables are left."""
    monkeypatch.setenv("CARDTABLE_NO_BUNDLED", "1")
    return empty_home


def _facts_at(month: str) -> pd.DataFrame:
    facts = load_fact("holders_by_country")
    return facts[facts["month"] == month].set_index("country")["holdings_usd_bn"]


def test_facts_latest_full_month(facts_home: Path) -> None:
    snap = holdings_at()
    facts = _facts_at("2025-12")
    assert snap.origin == "facts"
    assert snap.as_of == "2025-12"  # 2026-03 lists 19 holders without totals
    assert snap.grand_total_usd_bn == facts["Grand Total"]
    assert snap.foreign_official_usd_bn == facts["Of which: Foreign Official"]
    assert snap.foreign_official_bills_usd_bn == facts["Of which: Foreign Official Treasury Bills"]
    assert snap.vintage == "2026-03-18"
    assert snap.source.startswith("US Treasury TIC")
    table = snap.table
    assert table.columns.tolist() == ["country", "holdings_usd_bn"]
    assert table["holdings_usd_bn"].is_monotonic_decreasing
    assert not set(table["country"]) & {"Grand Total", "All Other"}
    assert not table["country"].str.startswith("Of which").any()
    assert table["holdings_usd_bn"].sum() + facts["All Other"] == pytest.approx(
        snap.grand_total_usd_bn, abs=0.6
    )


def test_facts_months_and_errors(facts_home: Path) -> None:
    months = available_months()
    assert months == ["2013-11", "2018-03", "2022-08", "2024-03", "2025-03", "2025-12"]
    with pytest.raises(
        InputError, match="as_of: '2008-06' is not allowed; one of the bundled fact"
    ):
        holdings_at("2008-06")
    with pytest.raises(InputError, match="as_of: '2025-13' is not allowed; a month written"):
        holdings_at("2025-13")


def test_facts_history_annual_with_note(facts_home: Path) -> None:
    hist = holdings_history("china")
    major = load_fact("holders_major_history")
    assert hist.country == "China, Mainland"
    assert hist.origin == "facts"
    assert hist.series.index.tolist() == major["month"].tolist()
    assert hist.series.tolist() == major["china_mainland_usd_bn"].tolist()
    assert "annual points" in hist.note
    other = holdings_history("Brazil")
    assert "anchor months only" in other.note
    assert other.series.index.tolist() == sorted(other.series.index)


# --- holders: local store ---


def test_store_every_month_and_break(filled_home: Path) -> None:
    months = available_months()
    assert months == [str(p) for p in pd.period_range("2000-03", "2025-12", freq="M")]
    snap = holdings_at("2011-06")
    assert snap.origin == "store"
    assert snap.vintage == "2026-03-18"
    assert "mfhhis01.txt" in snap.source
    values = dict(zip(snap.table["country"], snap.table["holdings_usd_bn"], strict=True))
    assert values["Japan"] == 881.5  # Series XII (new), not the Series XI comparison 911.1
    assert snap.grand_total_usd_bn == 4690.6
    with pytest.raises(InputError, match="a month between 2000-03 and 2025-12"):
        holdings_at("1999-12")


def test_store_matches_bundled_at_anchor_months(filled_home: Path) -> None:
    for month in ["2013-11", "2018-03", "2022-08", "2024-03", "2025-03", "2025-12"]:
        snap = holdings_at(month)
        facts = _facts_at(month)
        got = snap.table.set_index("country")["holdings_usd_bn"]
        assert (got - facts.reindex(got.index)).abs().max() < 1e-9
        assert snap.grand_total_usd_bn == facts["Grand Total"]


def test_store_history_monthly(filled_home: Path) -> None:
    hist = holdings_history("JAPAN")
    assert hist.origin == "store"
    assert len(hist.series) == 310
    assert hist.series["2025-03"] == 1130.8
    assert hist.note == ""


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("china", "China, Mainland"),
        ("UK", "United Kingdom"),
        ("britain", "United Kingdom"),
        ("korea", "Korea, South"),
        ("South Korea", "Korea, South"),
        ("korea, south", "Korea, South"),
        ("china mainland", "China, Mainland"),
        ("cayman islands", "Cayman Islands"),
        ("japan", "Japan"),
    ],
)
def test_resolve_country(empty_home: Path, typed: str, name: str) -> None:
    assert resolve_country(typed) == name


def test_resolve_country_unknown(empty_home: Path) -> None:
    with pytest.raises(UnknownNameError, match="country: 'japn' is not allowed") as info:
        resolve_country("japn")
    assert "did you mean 'Japan'" in str(info.value)
    with pytest.raises(UnknownNameError, match="country: 'us'"):
        resolve_country("us")


# --- debt ---


def _fact(metric: str, as_of: str) -> float:
    facts = load_fact("us_federal_debt")
    hit = facts[(facts["metric"] == metric) & (facts["as_of"] == as_of)]
    return float(hit["value"].item())


def test_facts_debt_exact_date(facts_home: Path) -> None:
    debt = debt_at("2025-12")
    assert debt.origin == "facts"
    assert debt.as_of == "2025-12-31"
    assert debt.note == ""
    assert debt.marketable_usd_bn * 1000 == _fact(
        "total_marketable_debt_held_by_public", "2025-12-31"
    )
    for part in ("bills", "notes", "bonds", "tips", "frn"):
        assert getattr(debt, f"{part}_usd_bn") * 1000 == pytest.approx(
            _fact(f"{part}_held_by_public", "2025-12-31")
        )
    assert "MSPD" in debt.source


def test_facts_debt_on_or_before_and_earliest(facts_home: Path) -> None:
    debt = debt_at("2025-03")
    assert debt.as_of == "2024-12-31"
    assert "estimated" in debt.note
    parts = sum(getattr(debt, f"{p}_usd_bn") for p in ("bills", "notes", "bonds", "tips", "frn"))
    assert parts == pytest.approx(debt.marketable_usd_bn)
    assert debt.bills_usd_bn / debt.marketable_usd_bn == pytest.approx(
        _fact("bills_share_of_marketable", "2024-12-31") / 100
    )
    early = debt_at("2010-01")
    assert early.as_of == "2024-12-31"
    assert "earliest" in early.note


def test_store_debt(filled_home: Path) -> None:
    debt = debt_at("2025-12")
    assert debt.origin == "store"
    assert debt.marketable_usd_bn * 1000 == pytest.approx(
        _fact("total_marketable_debt_held_by_public", "2025-12-31"), abs=0.06
    )
    assert debt_at("2000-06").note.startswith("no MSPD month on or before 2000-06")
    with pytest.raises(InputError, match="as_of"):
        debt_at("June 2025")


# --- market levels ---


def test_facts_market_levels(facts_home: Path) -> None:
    levels = market_levels_at("2024-05-02")
    assert levels.origin == "facts"
    assert (levels.usdjpy, levels.ust_10y_pct) == (153.77, 4.58)
    weekend = market_levels_at("2024-05-04")
    assert weekend.observed["usdjpy"] == "2024-05-03"
    assert "on or before" in weekend.note
    with pytest.raises(InputError, match="date: '2020-01-01' is not allowed; a date on or after"):
        market_levels_at("2020-01-01")


def test_store_market_levels(filled_home: Path) -> None:
    levels = market_levels_at("2024-05-02")
    assert levels.origin == "store"
    assert (levels.usdjpy, levels.ust_10y_pct) == (153.77, 4.58)
    month = market_levels_at("2025-04")
    assert month.date == "2025-04-30"
    assert all(d <= "2025-04-30" for d in month.observed.values())
    early = market_levels_at("2015-01-05")  # DGS2 in the reference file starts 2021-04-13
    assert early.ust_2y_pct is None
    assert early.ust_10y_pct is not None
    assert "ust_2y_pct" in early.note


@pytest.mark.parametrize("bad", ["2025-02-30", "20250101", "2025-13"])
def test_market_levels_bad_date(empty_home: Path, bad: str) -> None:
    with pytest.raises(InputError, match="date: "):
        market_levels_at(bad)


def test_look_ups_are_cached_per_store_state(empty_home: Path, shared_data: Path) -> None:
    from cardtable.cli import main

    first = data.holdings_at("2025-03")
    assert first.origin == "bundled"
    first.table.loc[0, "holdings_usd_bn"] = -1.0  # callers get their own copy
    again = data.holdings_at("2025-03")
    assert again.table["holdings_usd_bn"].min() > 0
    assert data.debt_at("2025-03").origin == "bundled"
    # importing into the store changes the manifest: the next look-up reads the new data
    assert main(["data", "import", str(shared_data)]) == 0
    after = data.holdings_at("2025-03")
    assert after.origin == "store"
    assert data.debt_at("2025-03").origin == "store"
    assert "2011-06" in data.available_months()  # the full monthly history, not the anchors

"""FRED graph CSV, FiscalData MSPD (CSV export and JSON API) and Treasury par yield curve parsers
on the real reference files."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest

from cardtable.data import load_fact
from cardtable.data.loaders.fiscaldata import parse_mspd, parse_mspd_csv, parse_mspd_json
from cardtable.data.loaders.fred import FRED_SERIES, parse_fred, read_fred
from cardtable.data.loaders.treasury import parse_par_yield_curve, read_par_yield_curve
from cardtable.errors import ParseError


def _value_on(frame: pd.DataFrame, day: str) -> float:
    return float(frame.loc[frame["date"] == pd.Timestamp(day), "value"].item())


# --- FRED ---


@pytest.mark.parametrize(
    ("series", "day", "value"),
    # FRED DGS10 (H.15) and DEXJPUS (H.10) as downloaded into ../shared/data/fred
    [("DGS10", "2025-04-11", 4.48), ("DEXJPUS", "2024-05-02", 153.77)],
)
def test_fred_reference_values(shared: Path, series: str, day: str, value: float) -> None:
    assert _value_on(read_fred(shared / "fred" / f"{series}.csv"), day) == value


@pytest.mark.parametrize("series", sorted(FRED_SERIES))
def test_every_fred_file_parses(shared: Path, series: str) -> None:
    path = shared / "fred" / f"{series}.csv"
    kept = read_fred(path)
    everything = read_fred(path, dropna=False)
    lines = path.read_text().splitlines()[1:]
    missing = sum(1 for line in lines if line.split(",")[1].strip() in {"", "."})
    assert len(everything) == len(lines)
    assert len(kept) == len(lines) - missing
    assert int(everything["value"].isna().sum()) == missing
    assert kept["date"].is_monotonic_increasing
    assert kept["date"].is_unique
    assert set(kept["series_id"]) == {series}


def test_fred_old_header_and_dots() -> None:
    frame = parse_fred("DATE,DGS2\n2024-01-03,4.33\n2024-01-02,.\n2024-01-01,\n", dropna=False)
    assert frame["date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2024-01-01",
        "2024-01-02",
        "2024-01-03",
    ]
    assert frame["value"].isna().tolist() == [True, True, False]


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("", "empty"),
        ("observation_date,A,B\n2024-01-01,1,2\n", "one series"),
        ("observation_date,DGS2\n2024-13-01,1\n", "is not a date"),
        ("observation_date,DGS2\n2024-01-01,abc\n", "value 'abc' is not a number"),
        ("observation_date,DGS2\n2024-01-01,1\n2024-01-01,2\n", "appears twice"),
        ("observation_date,DGS2\n2024-01-01,.\n", "no observation"),
        ("observation_date,DGS2\n2024-01-01,4.1\n2024-01-0", "1 fields; expected 2"),
    ],
)
def test_fred_malformed(text: str, needle: str) -> None:
    with pytest.raises(ParseError, match=needle):
        parse_fred(text)


# --- FiscalData MSPD ---


@pytest.fixture(scope="module")
def mspd_text(shared: Path) -> str:
    return (shared / "fiscaldata" / "mspd_summary.csv").read_bytes().decode("utf-8")


@pytest.fixture(scope="module")
def mspd(mspd_text: str) -> pd.DataFrame:
    return parse_mspd_csv(mspd_text)


def test_mspd_bom_and_months(mspd_text: str, mspd: pd.DataFrame) -> None:
    assert mspd_text.startswith("\ufeff")
    assert mspd["month"].tolist() == [
        str(p) for p in pd.period_range(mspd["month"].iloc[0], mspd["month"].iloc[-1], freq="M")
    ]
    assert mspd["month"].iloc[0] == "2001-01"


def test_mspd_matches_bundled_facts(mspd: pd.DataFrame) -> None:
    facts = load_fact("us_federal_debt")
    columns = {
        "total_marketable_debt_held_by_public": "marketable_usd_bn",
        "bills_held_by_public": "bills_usd_bn",
        "notes_held_by_public": "notes_usd_bn",
        "bonds_held_by_public": "bonds_usd_bn",
        "tips_held_by_public": "tips_usd_bn",
        "frn_held_by_public": "frn_usd_bn",
        "debt_held_by_public_total": "debt_held_by_public_usd_bn",
        "total_public_debt_outstanding": "total_public_debt_usd_bn",
    }
    rows = facts[facts["metric"].isin(list(columns)) & (facts["unit"] == "USD mn")]
    assert len(rows) >= 10
    by_date = mspd.set_index("record_date")
    for metric, as_of, value in zip(rows["metric"], rows["as_of"], rows["value"], strict=True):
        # facts are rounded to USD 0.1 mn
        assert by_date.loc[as_of, columns[metric]] * 1000 == pytest.approx(value, abs=0.06)


def test_mspd_parts_add_up_and_old_tips(mspd: pd.DataFrame) -> None:
    parts = mspd[["bills_usd_bn", "notes_usd_bn", "bonds_usd_bn", "tips_usd_bn", "frn_usd_bn"]]
    assert (parts.sum(axis=1) - mspd["marketable_usd_bn"]).abs().max() < 0.01
    first = mspd.iloc[0]
    # 2001-01: Inflation-Indexed Notes 88312.716 + Inflation-Indexed Bonds 38978.946 (USD mn)
    assert first["tips_usd_bn"] == pytest.approx((88312.716 + 38978.946) / 1000)
    assert first["frn_usd_bn"] == 0.0


def test_mspd_json_equals_csv(shared: Path, mspd: pd.DataFrame, mspd_text: str) -> None:
    lines = mspd_text.lstrip("\ufeff").splitlines()
    fields = [
        "record_date",
        "security_type_desc",
        "security_class_desc",
        "debt_held_public_mil_amt",
        "intragov_hold_mil_amt",
        "total_mil_amt",
    ]
    records = [dict(zip(fields, line.split(","), strict=True)) for line in lines[1:]]
    body = json.dumps({"data": records, "meta": {"total-pages": 1}, "links": {}})
    pd.testing.assert_frame_equal(parse_mspd_json(body), mspd)
    pd.testing.assert_frame_equal(parse_mspd(body), mspd)
    pd.testing.assert_frame_equal(parse_mspd(mspd_text), mspd)


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ('{"data": [{"record_date": "2025-12-31"', "not valid JSON"),
        ('{"meta": {}}', "no 'data' list"),
        ('{"data": []}', "no records"),
        ('{"data": [{"record_date": "2025-12-31"}]}', "field 'security_type_desc' missing"),
        ("Record Date,Security Type Description\n", "column 'Security Class Description'"),
    ],
)
def test_mspd_malformed(text: str, needle: str) -> None:
    with pytest.raises(ParseError, match=needle):
        parse_mspd(text)


def test_mspd_bad_amount_and_missing_total(mspd_text: str) -> None:
    bad = mspd_text.replace(
        "2025-12-31,Marketable,Bills,6546563.7274", "2025-12-31,Marketable,Bills,x"
    )
    with pytest.raises(ParseError, match="debt_held_public_mil_amt is 'x'"):
        parse_mspd_csv(bad)
    lines = [
        ln for ln in mspd_text.splitlines() if not ln.startswith("2025-12-31,Total Marketable")
    ]
    with pytest.raises(ParseError, match="month 2025-12 has no marketable_usd_bn"):
        parse_mspd_csv("\n".join(lines))


# --- Treasury daily par yield curve ---


def test_par_yield_curve_real_file(shared: Path) -> None:
    curve = read_par_yield_curve(shared / "treasury" / "daily_par_yield_curve.csv")
    assert curve.columns.tolist() == [
        "date",
        "y_1m_pct",
        "y_1_5m_pct",
        "y_2m_pct",
        "y_3m_pct",
        "y_4m_pct",
        "y_6m_pct",
        "y_1y_pct",
        "y_2y_pct",
        "y_3y_pct",
        "y_5y_pct",
        "y_7y_pct",
        "y_10y_pct",
        "y_20y_pct",
        "y_30y_pct",
    ]
    assert curve["date"].is_monotonic_increasing
    last = curve.iloc[-1]
    assert f"{last['date']:%Y-%m-%d}" == "2025-07-11"
    assert (last["y_10y_pct"], last["y_30y_pct"]) == (4.43, 4.96)
    assert math.isnan(curve.iloc[0]["y_1_5m_pct"])  # 1.5-month tenor did not exist in 2021


def test_par_yield_curve_us_dates_equal_iso(shared: Path) -> None:
    text = (shared / "treasury" / "daily_par_yield_curve.csv").read_text()
    lines = text.splitlines()
    us = [lines[0]] + [f"{ln[5:7]}/{ln[8:10]}/{ln[:4]}{ln[10:]}" for ln in lines[1:]]
    pd.testing.assert_frame_equal(parse_par_yield_curve("\n".join(us)), parse_par_yield_curve(text))


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("When,1 Mo\n", "expected a header"),
        ("Date,1 Decade\n", "column '1 Decade' is not one of Treasury's par yield tenors"),
        ("Date,1 Mo\n13/40/2025,4\n", "is not a date"),
        ("Date,1 Mo\n2025-01-02,x\n", "y_1m_pct is 'x'"),
        ("Date,1 Mo\n2025-01-02,4\n01/02/2025,4\n", "appears twice"),
    ],
)
def test_par_yield_curve_malformed(text: str, needle: str) -> None:
    with pytest.raises(ParseError, match=needle):
        parse_par_yield_curve(text)

"""TIC Major Foreign Holders parser on the real mfhhis01.txt, on an mfh.txt built from it, and on
small hand-made texts for each rule."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from cardtable.data import load_fact
from cardtable.data.loaders.tic import TicTable, combine, parse_mfh, parse_mfhhis
from cardtable.errors import ParseError

TAB = "\t"


def _at(table: TicTable, month: str, country: str) -> float:
    main = table.main
    hit = main.loc[(main["month"] == month) & (main["country"] == country), "holdings_usd_bn"]
    assert len(hit) == 1, (month, country)
    return float(hit.iloc[0])


@pytest.mark.parametrize(
    ("country", "value"),
    # TIC mfhhis01.txt, vintage 2026-03-18, column Mar 2025
    [
        ("Japan", 1130.8),
        ("China, Mainland", 765.4),
        ("United Kingdom", 779.3),
        ("Grand Total", 9054.2),
    ],
)
def test_mandatory_values_2025_03(tic_table: TicTable, country: str, value: float) -> None:
    assert _at(tic_table, "2025-03", country) == pytest.approx(value, abs=1e-9)


def test_vintage_and_schema(tic_table: TicTable) -> None:
    assert tic_table.vintage == "2026-03-18"
    f = tic_table.frame
    assert list(f.columns) == [
        "month",
        "country",
        "holdings_usd_bn",
        "is_aggregate",
        "series_break_old",
        "below_threshold",
    ]
    assert f["month"].str.fullmatch(r"\d{4}-(0[1-9]|1[0-2])").all()
    assert f["month"].is_monotonic_increasing
    assert (f["holdings_usd_bn"] >= 0).all()


def test_2011_break_new_series_wins(tic_table: TicTable) -> None:
    f = tic_table.frame
    japan = f[(f["country"] == "Japan") & (f["month"] == "2011-06")]
    # Series 16/ XII (first Jun column) is new; Series XI (second) is shown for comparison only
    assert japan.loc[~japan["series_break_old"], "holdings_usd_bn"].tolist() == [881.5]
    assert japan.loc[japan["series_break_old"], "holdings_usd_bn"].tolist() == [911.1]
    main_2011_06 = tic_table.main[tic_table.main["month"] == "2011-06"]
    assert not main_2011_06["country"].duplicated().any()


def test_2000_march_break(tic_table: TicTable) -> None:
    f = tic_table.frame
    japan = f[(f["country"] == "Japan") & (f["month"] == "2000-03")]
    # Series II (end-March 2000 benchmark) is new; Series I is shown for comparison only
    assert japan.loc[~japan["series_break_old"], "holdings_usd_bn"].tolist() == [307.6]
    assert japan.loc[japan["series_break_old"], "holdings_usd_bn"].tolist() == [325.8]


def test_every_annual_break_is_flagged_once(tic_table: TicTable) -> None:
    old = tic_table.frame[tic_table.frame["series_break_old"]]
    expected = {"2000-03"} | {f"{y}-06" for y in range(2002, 2012)}
    assert set(old["month"]) == expected
    assert not old.duplicated(["month", "country"]).any()


def test_months_unique_per_country_and_japan_complete(tic_table: TicTable) -> None:
    main = tic_table.main
    assert not main.duplicated(["month", "country"]).any()
    japan = main.loc[main["country"] == "Japan", "month"].tolist()
    expected = [str(p) for p in pd.period_range("2000-03", "2025-12", freq="M")]
    assert japan == expected


def test_names_cleaned(tic_table: TicTable) -> None:
    names = set(tic_table.frame["country"])
    assert {"United Kingdom", "Belgium", "Korea, South", "China, Mainland", "Spain"} <= names
    assert not [n for n in names if "/" in n or '"' in n or n != n.strip() or "  " in n]


def test_aggregates_flagged(tic_table: TicTable) -> None:
    f = tic_table.frame
    aggregates = set(f.loc[f["is_aggregate"], "country"])
    assert aggregates == {
        "Grand Total",
        "All Other",
        "Oil Exporters",
        "Carib Bnkng Ctrs",
        "Of which: Foreign Official",
        "Of which: Foreign Official Treasury Bills",
        "Of which: Foreign Official T-Bonds & Notes",
    }


def test_rows_add_up_to_grand_total(tic_table: TicTable) -> None:
    main = tic_table.main
    parts = main[(main["country"] != "Grand Total") & ~main["country"].str.startswith("Of which")]
    total = main[main["country"] == "Grand Total"].set_index("month")["holdings_usd_bn"]
    gap = (parts.groupby("month")["holdings_usd_bn"].sum() - total).abs()
    assert len(gap) == 310
    assert gap.max() <= 0.6  # figures are rounded to $0.1bn; up to ~45 rows per month


def test_foreign_official_split_adds_up(tic_table: TicTable) -> None:
    wide = tic_table.main.pivot(index="month", columns="country", values="holdings_usd_bn")
    split = (
        wide["Of which: Foreign Official Treasury Bills"]
        + wide["Of which: Foreign Official T-Bonds & Notes"]
    )
    assert (split - wide["Of which: Foreign Official"]).abs().max() <= 0.15


def test_matches_every_bundled_fact(tic_table: TicTable) -> None:
    facts = load_fact("holders_by_country")
    facts = facts[facts["source"].str.contains("mfhhis01.txt")]
    joined = facts.merge(tic_table.main, on=["month", "country"], how="left")
    assert joined["holdings_usd_bn_y"].notna().all()
    assert (joined["holdings_usd_bn_x"] - joined["holdings_usd_bn_y"]).abs().max() < 1e-9
    major = load_fact("holders_major_history")
    for col, country in [
        ("japan_usd_bn", "Japan"),
        ("china_mainland_usd_bn", "China, Mainland"),
        ("foreign_official_usd_bn", "Of which: Foreign Official"),
    ]:
        for month, value in zip(major["month"], major[col], strict=True):
            assert _at(tic_table, month, country) == pytest.approx(value)


# --- mfh.txt: the current table, built from the real history (no mfh.txt is in shared/data) ---


def test_mfh_fixture_round_trips(
    tic_table: TicTable, make_mfh: Callable[..., str], mfh_months: list[str]
) -> None:
    text = make_mfh(tic_table, mfh_months)
    year_row = next(line for line in text.splitlines() if line.startswith("Country"))
    assert year_row.split("\t")[1:-1] == ["2025"] * 12 + ["2024"]  # spans two years
    current = parse_mfh(text)
    assert current.vintage == "2026-03-18"
    assert sorted(set(current.frame["month"])) == sorted(mfh_months)
    expected = tic_table.main[tic_table.main["month"].isin(mfh_months)]
    merged = expected.merge(current.frame, on=["month", "country"], how="outer", indicator=True)
    assert (merged["_merge"] == "both").all()
    assert (merged["holdings_usd_bn_x"] - merged["holdings_usd_bn_y"]).abs().max() < 1e-9
    assert _at(current, "2024-12", "Japan") == 1061.5
    assert _at(current, "2025-12", "Of which: Foreign Official Treasury Bills") == 388.5


def test_mfh_rejects_history_and_combine_prefers_current(
    shared: Path, tic_table: TicTable, make_mfh: Callable[..., str], mfh_months: list[str]
) -> None:
    text = make_mfh(tic_table, mfh_months, vintage_line="4/15/26")
    with pytest.raises(ParseError, match="26 month blocks found"):
        parse_mfh((shared / "tic" / "mfhhis01.txt").read_text())
    edited = text.replace("Japan\t1185.5", "Japan\t1190.0")
    current = parse_mfh(edited.replace("Grand Total\t9271\t", "Grand Total\t9275.5\t"))
    both = combine(tic_table, current)
    assert both.vintage == "2026-04-15"
    assert _at(both, "2025-12", "Japan") == 1190.0
    assert _at(both, "2024-11", "Japan") == _at(tic_table, "2024-11", "Japan")
    assert both.frame["series_break_old"].sum() == tic_table.frame["series_break_old"].sum()
    assert not both.main.duplicated(["month", "country"]).any()


# --- rules on small hand-made texts ---


def _block(months: list[str], years: list[str], rows: list[str], above: list[str] = ()) -> str:
    return "\n".join(
        [
            *above,
            TAB + TAB.join(months),
            "Country" + TAB + TAB.join(years),
            TAB + TAB.join("------" for _ in months),
            *rows,
        ]
    )


FOOTER = "\nDepartment of the Treasury/Federal Reserve Board\n3/18/26\n"


def test_star_blank_and_na_cells() -> None:
    text = (
        _block(
            ["Feb", "Jan"],
            ["2025", "2025"],
            ["Japan\t10\t9", "Vietnam\t*\t", "Luxembourg\tn.a.\t1.5", "Grand Total\t10\t10.5"],
        )
        + FOOTER
    )
    f = parse_mfhhis(text).frame.set_index(["month", "country"])
    assert f.loc[("2025-02", "Vietnam"), "holdings_usd_bn"] == 0.0
    assert bool(f.loc[("2025-02", "Vietnam"), "below_threshold"])
    assert ("2025-01", "Vietnam") not in f.index
    assert ("2025-02", "Luxembourg") not in f.index
    assert not bool(f.loc[("2025-02", "Japan"), "below_threshold"])


def test_duplicate_month_without_series_numerals_is_refused() -> None:
    text = _block(["Jun", "Jun"], ["2011", "2011"], ["Japan\t2\t1", "Grand Total\t2\t1"]) + FOOTER
    with pytest.raises(ParseError, match="month 2011-06 appears in 2 columns without distinct"):
        parse_mfhhis(text)


def test_duplicate_month_higher_roman_numeral_wins_wherever_it_stands() -> None:
    above = ["\tSeries\tSeries 16/", "\t XI\t XII"]
    text = _block(["Jun", "Jun"], ["2011", "2011"], ["Japan\t1\t2", "Grand Total\t1\t2"], above)
    f = parse_mfhhis(text + FOOTER).frame
    assert f.loc[~f["series_break_old"] & (f["country"] == "Japan"), "holdings_usd_bn"].item() == 2


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("nothing here\n", "no table found"),
        (_block(["Jan"], ["2025"], ["Japan\t1.0", "Grand Total\t1"]), "no release date line"),
        (_block(["Jan"], ["2025"], ["Japan\t1.0"]) + FOOTER, "no 'Grand Total' row"),
        (
            _block(["Jan"], ["2025"], ["Japan\tabc", "Grand Total\t2"]) + FOOTER,
            "holdings_usd_bn for 'Japan' at 2025-01 is 'abc'",
        ),
        (_block(["Jan"], ["25"], ["Japan\t1", "Grand Total\t2"]) + FOOTER, "four-digit year"),
        ("\tJan\nJapan\t1\n" + FOOTER, "expected the year row"),
        (
            _block(["Jan"], ["2025"], ["Japan\t1", "Japan\t2", "Grand Total\t3"]) + FOOTER,
            "'Japan' appears twice at 2025-01",
        ),
    ],
)
def test_malformed_text_raises_one_line(text: str, needle: str) -> None:
    with pytest.raises(ParseError, match=needle.replace("(", r"\(")) as info:
        parse_mfhhis(text)
    assert "\n" not in str(info.value)


def test_truncated_real_file_fails(shared: Path) -> None:
    text = (shared / "tic" / "mfhhis01.txt").read_text()
    with pytest.raises(ParseError):
        parse_mfhhis(text[: len(text) // 2])

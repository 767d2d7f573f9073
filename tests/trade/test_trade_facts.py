"""The bundled sector table and the tariff timeline."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

import cardtable.trade as trade
from cardtable.errors import InputError, UnknownNameError
from cardtable.trade import (
    HOLDER_EXPORT_SECTORS,
    US_EXPORT_SECTORS,
    exports_to_us_usd_bn,
    nominal_gdp_usd_bn,
    sector_flows,
    sector_rows,
    tariff_timeline,
    tariffs_at,
)

FACTS = Path(trade.__file__).resolve().parent.parent / "data" / "facts"


def test_every_row_of_the_table_has_a_source_and_the_documented_columns() -> None:
    with (FACTS / "trade_sectors_2024.csv").open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == [
            "holder",
            "flow",
            "sector",
            "year",
            "value_usd_bn",
            "source",
            "note",
        ]
        rows = list(reader)
    assert rows
    for r in rows:
        assert r["source"].strip(), r
        assert float(r["value_usd_bn"]) > 0
        assert r["sector"] != "other", "other is computed, never typed"
        if int(r["year"]) != 2024:
            assert "used as the 2024 value" in r["note"], r


@pytest.mark.parametrize("holder", ["Japan", "China"])
@pytest.mark.parametrize(
    ("flow", "sectors"),
    [("holder_exports_to_us", HOLDER_EXPORT_SECTORS), ("us_exports_to_holder", US_EXPORT_SECTORS)],
)
def test_other_is_total_minus_named_sectors(
    holder: str, flow: str, sectors: tuple[str, ...]
) -> None:
    rows = sector_rows(holder, flow)  # type: ignore[arg-type]
    assert tuple(r.sector for r in rows) == sectors
    with (FACTS / "trade_sectors_2024.csv").open(newline="", encoding="utf-8") as fh:
        total = next(
            float(r["value_usd_bn"])
            for r in csv.DictReader(fh)
            if r["holder"] == holder and r["flow"] == flow and r["sector"] == "total"
        )
    assert sum(r.value_usd_bn for r in rows) == pytest.approx(total)
    assert rows[-1].value_usd_bn > 0
    assert rows[-1].source.startswith("computed")


def test_headline_figures_match_the_bundled_facts() -> None:
    japan = sector_flows("Japan")
    assert japan["autos_and_parts"] == 52.3  # us_japan_trade_sectors.csv
    assert sum(japan.values()) == pytest.approx(147.1165)
    assert sum(sector_flows("Japan", "us_exports_to_holder").values()) == pytest.approx(78.8632)
    assert sum(sector_flows("China, Mainland").values()) == pytest.approx(440.3195)
    assert nominal_gdp_usd_bn("Japan") == pytest.approx(609_000 / 150.97, abs=0.1)


def test_exports_to_us_for_the_scenario_planner() -> None:
    assert exports_to_us_usd_bn("Japan") == pytest.approx(147.1165)
    assert exports_to_us_usd_bn("China, Mainland") == pytest.approx(440.3195)
    assert exports_to_us_usd_bn("United Kingdom") == 0.0


def test_bad_names_and_years_are_one_line_errors() -> None:
    with pytest.raises(UnknownNameError, match="Japan"):
        sector_flows("Japn")
    with pytest.raises(InputError, match="2024"):
        sector_flows("Japan", year=2023)


# --- tariff timeline ------------------------------------------------------------------------

JAPAN_DATES = {
    "2025-01-01": (2.5, 1.5),
    "2025-04-05": (None, 11.5),
    "2025-04-09": (None, 25.5),
    "2025-04-10": (None, 11.5),
    "2025-05-03": (27.5, 11.5),
    "2025-08-07": (27.5, 15.0),
    "2025-09-16": (15.0, 15.0),
    "2026-02-20": (15.0, 1.5),
    "2026-02-24": (15.0, 16.5),
}


@pytest.mark.parametrize(("date", "expected"), JAPAN_DATES.items())
def test_japan_tariffs_in_force(date: str, expected: tuple[float | None, float]) -> None:
    autos, general = expected
    t = tariffs_at("Japan", date)
    assert t["machinery_and_electronics"] == t["other"] == general
    if autos is not None:
        assert t["autos_and_parts"] == pytest.approx(autos)


def test_vehicles_before_parts_weighs_the_two_lines_by_trade() -> None:
    # 2025-04-03 .. 05-02: vehicles 27.5%, parts still 2.5% (Section 232 parts from 05-03)
    t = tariffs_at("Japan", dt.date(2025, 4, 20))["autos_and_parts"]
    share = (6.7 * 12 / 11) / 52.3
    assert t == pytest.approx((1 - share) * 27.5 + share * 2.5)


def test_overrides_and_unknowns() -> None:
    t = tariffs_at("Japan", "2026-03-01", overrides={"other": 11.5})
    assert t["other"] == 11.5
    assert t["machinery_and_electronics"] == 16.5
    with pytest.raises(UnknownNameError):
        tariffs_at("Japan", "2026-03-01", overrides={"cars": 1.0})
    with pytest.raises(UnknownNameError, match="pass tariffs explicitly"):
        tariffs_at("China", "2025-05-01")
    with pytest.raises(InputError):
        tariffs_at("Japan", "May 2025")


def test_every_timeline_record_cites_rows_of_the_bundled_csv() -> None:
    with (FACTS / "tariff_timeline_2025.csv").open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    cited = {(r["date"], p.strip()) for r in rows for p in r["parameter_changed"].split(";")}
    frame = tariff_timeline("Japan")
    for ref in frame["source_rows"]:
        if ref == "assumption":
            continue
        for part in ref.split(";"):
            date, *param = part.strip().split(" ")
            if param:
                assert (date, param[0]) in cited, part
            else:
                assert any(d == date for d, _ in cited), part

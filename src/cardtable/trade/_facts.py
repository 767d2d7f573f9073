"""Bilateral goods trade by sector, from the bundled table ``trade_sectors_2024.csv``.

The table holds, for each holder (Japan, China), the holder's goods exports to the US by sector
(``autos_and_parts``, ``machinery_and_electronics``), the US's goods exports to the holder by
sector (``agriculture``, ``energy_lng``, ``aircraft``), the flow totals and the holder's nominal
GDP, each row with its source and the year it refers to. The residual sector ``other`` is never
typed: it is computed here as the flow total minus the named sectors,

.. math:: V_{other} = V_{total} - \\sum_{s \\ne other} V_s .

Rows whose ``year`` differs from the table's vintage (2024) are the latest sourced value and are
used as the 2024 value; their ``note`` says so. Named sectors that are lower bounds (only part of
a product group was sourced) push the remainder into ``other``; the tariff scenarios of the
negotiation treat all non-auto sectors alike, so the split does not move any result, only the
sector table.

Sources: US Census Bureau (totals), USITC, USDA, ITA/Japan MOF, Cabinet Office, NBS; one URL per
row in the CSV.

**Any other partner: one sector.** Holders without a sector table but with a row in
``us_goods_trade_by_partner_2024.csv`` (US Census Bureau, Trade in Goods with <country>, 2024)
get a one-sector model: every good is in ``other`` (US imports from the partner; US exports to it
for the other flow) and the named sectors are 0. Their GDP is not bundled, so the trade model
reports their GDP effect in percent as NaN; the losses in USD are unaffected.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from cardtable.errors import DataError, InputError, UnknownNameError

__all__ = [
    "HOLDERS",
    "HOLDER_EXPORT_SECTORS",
    "US_EXPORT_SECTORS",
    "Flow",
    "SectorRow",
    "canonical_holder",
    "exports_to_us_usd_bn",
    "nominal_gdp_usd_bn",
    "one_sector_partners",
    "sector_flows",
    "sector_rows",
]

FACTS_DIR = Path(__file__).resolve().parent.parent / "data" / "facts"
TABLE = "trade_sectors_2024.csv"
PARTNER_TABLE = "us_goods_trade_by_partner_2024.csv"
TABLE_YEAR = 2024

Flow = Literal["holder_exports_to_us", "us_exports_to_holder"]
HOLDER_EXPORT_SECTORS: tuple[str, ...] = ("autos_and_parts", "machinery_and_electronics", "other")
US_EXPORT_SECTORS: tuple[str, ...] = ("agriculture", "energy_lng", "aircraft", "other")
HOLDERS: tuple[str, ...] = ("Japan", "China")

_ALIASES = {
    "japan": "Japan",
    "china": "China",
    "china, mainland": "China",
    "mainland china": "China",
}


@dataclass(frozen=True)
class SectorRow:
    """One sector flow with its provenance.

    Attributes
    ----------
    holder, flow, sector
        Who exports what to whom.
    year
        Year the sourced figure refers to (may predate the table's vintage; see ``note``).
    value_usd_bn
        Annual value, USD bn.
    source, note
        Where the figure comes from and how it was used; ``other`` rows say they are computed.
    """

    holder: str
    flow: str
    sector: str
    year: int
    value_usd_bn: float
    source: str
    note: str


@cache
def _partner_rows() -> dict[str, dict[str, str]]:
    """Partner name -> row of the Census table (every row needs a source)."""
    path = FACTS_DIR / PARTNER_TABLE
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as exc:  # pragma: no cover - a packaging error
        raise DataError(f"bundled partner table missing: {path}") from exc
    out = {}
    for i, r in enumerate(rows, start=2):
        if not r["source"].strip():
            raise DataError(f"{PARTNER_TABLE} line {i}: every row needs a source")
        out[r["partner"]] = r
    return out


def one_sector_partners() -> tuple[str, ...]:
    """Partners modelled with one sector (a Census row, no sector table)."""
    return tuple(p for p in _partner_rows() if p not in HOLDERS)


def canonical_holder(holder: str) -> str:
    """Map a holder name (``Japan``, ``China``, TIC's ``China, Mainland``, ``Germany``) to the
    name of its trade table (a sector table, or a Census row for the one-sector model).

    Raises
    ------
    UnknownNameError
        If the holder has no bundled trade table.
    """
    key = holder.strip().lower()
    if key in _ALIASES:
        return _ALIASES[key]
    for partner in one_sector_partners():
        if partner.lower() == key:
            return partner
    raise UnknownNameError(
        "holder", holder, (*HOLDERS, *one_sector_partners()), "holder with a trade table"
    ) from None


@cache
def _raw_rows() -> tuple[SectorRow, ...]:
    path = FACTS_DIR / TABLE
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as exc:  # pragma: no cover - a packaging error
        raise DataError(f"bundled trade table missing: {path}") from exc
    out = []
    for i, r in enumerate(rows, start=2):
        if not r["source"].strip():
            raise DataError(f"{TABLE} line {i}: every row needs a source")
        out.append(
            SectorRow(
                holder=r["holder"],
                flow=r["flow"],
                sector=r["sector"],
                year=int(r["year"]),
                value_usd_bn=float(r["value_usd_bn"]),
                source=r["source"],
                note=r["note"],
            )
        )
    return tuple(out)


def _check_year(year: int) -> None:
    if year != TABLE_YEAR:
        raise InputError("year", year, f"only the {TABLE_YEAR} sector table is bundled")


def sector_rows(holder: str, flow: Flow, year: int = TABLE_YEAR) -> tuple[SectorRow, ...]:
    """Every sector of one flow, ``other`` computed as total minus the named sectors.

    Parameters
    ----------
    holder
        ``Japan`` or ``China`` (aliases accepted).
    flow
        ``holder_exports_to_us`` or ``us_exports_to_holder``.
    year
        Table vintage; only 2024 is bundled.

    Returns
    -------
    tuple of SectorRow
        In the order of :data:`HOLDER_EXPORT_SECTORS` / :data:`US_EXPORT_SECTORS`.
    """
    _check_year(year)
    name = canonical_holder(holder)
    sectors = HOLDER_EXPORT_SECTORS if flow == "holder_exports_to_us" else US_EXPORT_SECTORS
    if name not in HOLDERS:
        return _one_sector_rows(name, flow, sectors)
    rows = {r.sector: r for r in _raw_rows() if r.holder == name and r.flow == flow}
    missing = [s for s in (*sectors[:-1], "total") if s not in rows]
    if missing:
        raise DataError(f"{TABLE}: {name} {flow} lacks rows {missing}")
    total = rows["total"]
    named = [rows[s] for s in sectors[:-1]]
    rest = total.value_usd_bn - sum(r.value_usd_bn for r in named)
    if rest < 0:
        raise DataError(f"{TABLE}: {name} {flow} named sectors exceed the total")
    other = SectorRow(
        holder=name,
        flow=flow,
        sector="other",
        year=total.year,
        value_usd_bn=rest,
        source="computed: total minus named sectors",
        note="residual; absorbs any part of a named product group that was not sourced",
    )
    return (*named, other)


def _one_sector_rows(name: str, flow: Flow, sectors: tuple[str, ...]) -> tuple[SectorRow, ...]:
    """Named sectors 0, everything in ``other`` (the Census total of the flow)."""
    r = _partner_rows()[name]
    column = "us_imports_usd_mn" if flow == "holder_exports_to_us" else "us_exports_usd_mn"
    empty = [
        SectorRow(name, flow, s, int(r["year"]), 0.0, "one-sector model", "no sector table")
        for s in sectors[:-1]
    ]
    other = SectorRow(
        holder=name,
        flow=flow,
        sector="other",
        year=int(r["year"]),
        value_usd_bn=float(r[column]) / 1000.0,
        source=r["source"],
        note=f"one-sector model: all goods (US Census Bureau, {PARTNER_TABLE}); {r['note']}",
    )
    return (*empty, other)


def sector_flows(
    holder: str, flow: Flow = "holder_exports_to_us", year: int = TABLE_YEAR
) -> dict[str, float]:
    """Sector -> annual value (USD bn) of one flow, ``other`` computed."""
    return {r.sector: r.value_usd_bn for r in sector_rows(holder, flow, year)}


def nominal_gdp_usd_bn(holder: str, year: int = TABLE_YEAR) -> float:
    """The holder's nominal GDP (USD bn) used to express trade losses in percent of GDP."""
    _check_year(year)
    name = canonical_holder(holder)
    for r in _raw_rows():
        if r.holder == name and r.flow == "gdp":
            return r.value_usd_bn
    raise DataError(f"{TABLE}: no GDP row for {name} (one-sector partner: GDP not bundled)")


def exports_to_us_usd_bn(holder: str) -> float:
    """The holder's goods exports to the US per year (USD bn); 0.0 for holders without a table.

    Used by the scenario planner for holders other than Japan (whose figure it reads from the
    Census annual table); one-sector partners give their Census total; a holder with no bundled
    trade table has no modelled trade exposure.
    """
    try:
        name = canonical_holder(holder)
    except UnknownNameError:
        return 0.0
    return float(sum(sector_flows(name).values()))


@cache
def auto_parts_share() -> float:
    """Share of auto parts (HS 8706-8708) in Japan's ``autos_and_parts`` exports to the US.

    Computed from ``us_japan_trade_sectors.csv``: parts 6.7 (Jan-Nov 2024, annualised x 12/11)
    over vehicles and parts 52.3 (2024), both USD bn. Used to weight the vehicle and parts
    tariff lines in the months when only one of them was under Section 232.
    """
    path = FACTS_DIR / "us_japan_trade_sectors.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        rows = {(r["year"], r["sector"], r["unit"]): float(r["value"]) for r in csv.DictReader(fh)}
    parts = rows[("2024", "auto_parts_hs8706_8708", "USD bn")] * 12.0 / 11.0
    both = rows[("2024", "vehicles_and_parts", "USD bn")]
    return parts / both

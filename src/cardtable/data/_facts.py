"""The bundled facts: small tables of official figures shipped in ``cardtable/data/facts``.

They are cardtable's offline defaults. Each is registered here with what it holds, its units, its
source and its vintage; most also carry a ``source`` column per row, which outputs cite.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import pandas as pd

from cardtable.errors import UnknownNameError

__all__ = ["FACTS", "Fact", "list_facts", "load_fact"]


@dataclass(frozen=True)
class Fact:
    """One bundled table.

    Attributes
    ----------
    name
        Registry name (the file name without ``.csv``).
    description
        What the table holds.
    units
        Units of its figures.
    source
        Who published the figures (rows may cite more precisely in their source column).
    vintage
        Release or retrieval date of the figures.
    filename
        File inside ``cardtable/data/facts``.
    source_column
        Column citing each row's source, or None when the table has none.
    """

    name: str
    description: str
    units: str
    source: str
    vintage: str
    filename: str
    source_column: str | None = "source"


_TIC = "US Treasury TIC, Major Foreign Holders history (mfhhis01.txt)"

FACTS: dict[str, Fact] = {
    f.name: f
    for f in (
        Fact(
            "holders_by_country",
            "Every holder TIC lists, plus Grand Total and Foreign Official rows, at 2013-11, "
            "2018-03, 2022-08, 2024-03, 2025-03 and 2025-12; the 19 largest at 2026-03 "
            "(no total rows in that source)",
            "USD bn, end of month, market value",
            f"{_TIC}; US Treasury TIC, SLT Table 5 (2026-03 rows)",
            "2026-03-18 (mfhhis01.txt); May 2026 (SLT Table 5)",
            "holders_by_country.csv",
        ),
        Fact(
            "holders_major_history",
            "Japan, China (mainland), United Kingdom, Grand Total and Foreign Official holdings "
            "every December 2000-2025, plus 2000-03 and 2025-03",
            "USD bn, end of month",
            _TIC,
            "2026-03-18",
            "holders_major_history.csv",
        ),
        Fact(
            "market_levels",
            "2y/5y/10y/30y constant-maturity yields, USD/JPY and the broad dollar index on "
            "anchor dates (intervention windows, 2025-2026 reference dates)",
            "percent; JPY per USD (noon New York); index, Jan 2006 = 100",
            "Federal Reserve H.15 and H.10 via FRED (DGS2, DGS5, DGS10, DGS30, DEXJPUS, DTWEXBGS)",
            "observations through 2026-03-31",
            "market_levels.csv",
        ),
        Fact(
            "japan_fx_interventions",
            "Japan Ministry of Finance foreign-exchange interventions as reported "
            "(1998, 2011, 2022, 2024, 2026)",
            "JPY bn",
            "Japan Ministry of Finance, as reported (URL per row)",
            "reports through 2026-05",
            "japan_fx_interventions.csv",
            "source_url",
        ),
        Fact(
            "japan_fx_reserves",
            "Japan reserve assets, monthly 2020-2024 and scattered later months",
            "USD mn",
            "Japan Ministry of Finance, International Reserves (reserve assets); "
            "the file has no per-row source column",
            "observations through 2026-08",
            "japan_fx_reserves.csv",
            None,
        ),
        Fact(
            "tariff_timeline_2025",
            "Dated US tariff actions affecting Japan in 2025-2026 and the US-Japan negotiation",
            "as stated per row",
            "US proclamations and executive orders as reported (URL per row)",
            "events through 2026-02-21",
            "tariff_timeline_2025.csv",
        ),
        Fact(
            "us_japan_trade_annual",
            "US goods trade with Japan by year",
            "USD mn",
            "US Census Bureau / USITC Trade Shifts (per row)",
            "through 2026 Jan-Apr",
            "us_japan_trade_annual.csv",
        ),
        Fact(
            "us_japan_trade_sectors",
            "Sector points (vehicles and parts, agriculture, LNG) and Japan MOF yen totals",
            "as stated per row",
            "USITC DataWeb, Japan Ministry of Finance, as reported (per row)",
            "2022-2025",
            "us_japan_trade_sectors.csv",
        ),
        Fact(
            "trade_sectors_2024",
            "Goods trade of Japan and mainland China with the US by sector (holder's exports to "
            "the US; US exports to the holder), the trade model's bundled table",
            "USD bn",
            "US Census Bureau, USITC, USDA and reputable secondary sources (per row)",
            "2024 (a row dated otherwise says so in its note)",
            "trade_sectors_2024.csv",
        ),
        Fact(
            "us_goods_trade_by_partner_2024",
            "US goods exports to and imports from each partner in 2024 (Census basis), the "
            "one-sector trade model of holders without a sector table",
            "USD mn",
            "US Census Bureau, Trade in Goods with <country> pages (per row)",
            "2024; Census pages as retrieved 2026-06-17 (a row retrieved otherwise says so)",
            "us_goods_trade_by_partner_2024.csv",
        ),
        Fact(
            "us_federal_debt",
            "Marketable debt by type, average maturity, share maturing within 12 months, net "
            "interest, deficit and foreign holdings (metric, as_of, value, unit rows)",
            "as stated per row (unit column)",
            "Treasury Monthly Statement of the Public Debt (MSPD table 1, "
            "fiscaldata.treasury.gov); CBO; CRS (per row)",
            "MSPD through 2026-05-31; CBO FY2025",
            "us_federal_debt.csv",
        ),
    )
}


def list_facts() -> list[Fact]:
    """Every bundled table, sorted by name."""
    return [FACTS[k] for k in sorted(FACTS)]


@cache
def _read(filename: str) -> pd.DataFrame:
    ref = resources.files("cardtable.data").joinpath("facts", filename)
    with ref.open("rb") as fh:
        return pd.read_csv(fh)


def load_fact(name: str) -> pd.DataFrame:
    """Load one bundled table.

    Parameters
    ----------
    name
        Registry name, e.g. ``"holders_by_country"`` (see :func:`list_facts`).

    Returns
    -------
    pandas.DataFrame
        A fresh copy of the table.

    Raises
    ------
    UnknownNameError
        For a name not in the registry.
    """
    if name not in FACTS:
        raise UnknownNameError("fact", name, sorted(FACTS), "bundled fact")
    return _read(FACTS[name].filename).copy()

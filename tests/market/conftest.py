"""Fixtures for the market-model tests: market sizes and official mixes at a month.

Sizes come from the reference series in ../shared/data/processed (TIC major foreign holders,
MSPD marketable debt held by the public); the model itself never reads them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import cardtable
from cardtable.market import Flows, MarketContext


@dataclass(frozen=True)
class MonthData:
    """Market size and the default official mix at one month."""

    context: MarketContext
    official_mix: tuple[float, float, float]  # TIC FO bills share; coupons split as MSPD
    coupon_mix: tuple[float, float, float]  # notes and bonds only, MSPD notes:bonds


@pytest.fixture(scope="session")
def facts_dir() -> Path:
    """The bundled facts of public record."""
    return Path(cardtable.__file__).parent / "data" / "facts"


@pytest.fixture(scope="session")
def month_data(shared_data: Path) -> Callable[[str], MonthData]:
    """``month -> MonthData`` from the processed TIC and MSPD reference series."""
    tic = pd.read_csv(shared_data / "processed" / "tic_major_foreign_holders.csv")
    debt = pd.read_csv(shared_data / "processed" / "us_marketable_debt_monthly.csv")
    debt["month"] = debt["month_end"].str[:7]

    def get(month: str) -> MonthData:
        t = tic[tic["date"] == month].iloc[0]
        d = debt[debt["month"] == month].iloc[0]
        notes, bonds = float(d["notes_public_usd_mn"]), float(d["bonds_public_usd_mn"])
        notes_share = notes / (notes + bonds)
        bills = float(t["foreign_official_bills"]) / float(t["foreign_official"])
        ctx = MarketContext(
            as_of=month,
            foreign_holdings_usd_bn=float(t["grand_total"]),
            marketable_debt_usd_bn=float(d["total_marketable_public_usd_mn"]) / 1000,
        )
        official = (bills, (1 - bills) * notes_share, (1 - bills) * (1 - notes_share))
        return MonthData(ctx, official, (0.0, notes_share, 1 - notes_share))

    return get


def even_sale(amount_usd_bn: float, days: int, mix: tuple[float, float, float], T: int) -> Flows:
    """``amount`` sold evenly over the first ``days`` trading days of a ``T``-day horizon."""
    sell = np.zeros((T, 3))
    sell[:days] = amount_usd_bn / days * np.asarray(mix)
    zeros = np.zeros((T, 3))
    return Flows(sell, zeros, {}, zeros, 0.0)


@pytest.fixture(scope="session")
def sale() -> Callable[[float, int, tuple[float, float, float], int], Flows]:
    """Factory of an even sale schedule (see :func:`even_sale`)."""
    return even_sale

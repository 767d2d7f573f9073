"""The market-size path M[t]: MSPD data month by month, then CBO's projection."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cardtable.errors import InputError
from cardtable.market import (
    CBO_DEBT_HELD_BY_PUBLIC_USD_BN,
    MarketContext,
    daily_market_size,
    marketable_debt_path,
    projected_size_path,
)


def test_path_follows_mspd_then_cbo(filled_home: Path, shared_data: Path) -> None:
    # Source: MSPD marketable debt held by the public (processed reference series) for the
    # months with data; CBO January 2025 baseline growth after the last one.
    mspd = pd.read_csv(shared_data / "processed" / "us_marketable_debt_monthly.csv")
    by_month = dict(
        zip(mspd["month_end"].str[:7], mspd["total_marketable_public_usd_mn"] / 1000, strict=True)
    )
    path = marketable_debt_path("2024-01", 60)
    assert path.last_data_month == max(by_month)
    for k, month in ((0, "2024-01"), (6, "2024-07"), (12, "2025-01"), (28, "2026-05")):
        assert path.usd_bn[k] == pytest.approx(by_month[month], rel=1e-6)
    last = 28  # 2026-05, the last MSPD month of the reference files
    # after the data: CBO's FY2026 -> FY2027 growth, 1.055 a year
    g = CBO_DEBT_HELD_BY_PUBLIC_USD_BN[2027] / CBO_DEBT_HELD_BY_PUBLIC_USD_BN[2026]
    assert path.usd_bn[last + 24] / path.usd_bn[last + 12] == pytest.approx(g, rel=0.02)
    assert "CBO" in path.source


def test_path_without_a_store_uses_the_bundled_anchors(empty_home: Path) -> None:
    path = marketable_debt_path("2025-03", 48)
    assert path.usd_bn.shape == (48,)
    assert np.all(np.diff(np.log(path.usd_bn)) > -0.02)  # no jumps down
    assert path.usd_bn[-1] > path.usd_bn[0]


def test_projection_grows_as_cbo_and_after() -> None:
    p = projected_size_path(1000.0, "2025-09", 12 * 20 + 1)
    cbo = CBO_DEBT_HELD_BY_PUBLIC_USD_BN
    assert p[120] / p[0] == pytest.approx(cbo[2035] / cbo[2025], rel=1e-9)
    assert p[240] / p[120] == pytest.approx(1.05**10, rel=1e-9)  # debt_growth_after_cbo


def test_daily_size_extends_a_short_path() -> None:
    ctx = MarketContext("2025-03", 9054.2, 28566.9, np.full(3, 28566.9))
    daily = daily_market_size(ctx, 21 * 24)
    assert daily[0] == pytest.approx(28566.9)
    assert daily[21 * 2] == pytest.approx(28566.9)
    assert daily[-1] > daily[21 * 3]


def test_bad_path_names_the_field() -> None:
    with pytest.raises(InputError, match="marketable_debt_path_usd_bn"):
        MarketContext("2025-03", 9054.2, 28566.9, np.array([1.0, -2.0]))
    with pytest.raises(InputError, match="months"):
        projected_size_path(1000.0, "2025-03", 0)

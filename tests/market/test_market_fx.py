"""Calibration target 7: Japan's yen-buying interventions, run through the FX channel."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cardtable.market import (
    BROAD_INDEX_WEIGHTS_PCT,
    FX_TURNOVER_SHARE_PCT,
    PEGGED_TO_USD,
    Flows,
    MarketContext,
    depth_factor,
    is_pegged,
    simulate_market,
)
from cardtable.params import REGISTRY

CTX = MarketContext("2022-09", 7253.4, 23800.0)

# Published band (calibration-targets.md, target 7; MOF amounts, H.10 noon fixes): USD/JPY
# -1.4% to -2.5% on the day. Tolerance 0.15 pp: one linear per-dollar coefficient cannot hit
# both ends exactly, because the observed per-dollar impact differs 1.6-fold across the
# episodes (-1.4% for USD 19.7bn on 22 Sep 2022 against -2.5% for 24.5bn on 1 May 2024), and
# the noon-to-noon moves carry same-day news (the 21 Sep 2022 FOMC) and intraday timing noise
# that the band's single-episode endpoints do not average out.
BAND_PCT = (-2.5, -1.4)
TOLERANCE_PP = 0.15


def _levels(facts_dir: Path) -> pd.Series:
    levels = pd.read_csv(facts_dir / "market_levels.csv")
    return levels.set_index("date")["usdjpy"]


def _amount(facts_dir: Path, date: str) -> float:
    iv = pd.read_csv(facts_dir / "japan_fx_interventions.csv")
    row = iv[(iv["date_start"] == date) & (iv["granularity"] == "daily")]
    return float(row["amount_jpy_bn"].iloc[0])


def _usdjpy(converted_usd_bn: np.ndarray, calibration: str = "default") -> np.ndarray:
    T = converted_usd_bn.shape[0]
    zeros = np.zeros((T, 3))
    flows = Flows(zeros, zeros, {"JPY": converted_usd_bn}, zeros, 0.0)
    paths = simulate_market(flows, CTX, REGISTRY.central(calibration))
    return paths.usdjpy_pct[0].astype(np.float64)


# (intervention day, noon fix before it): MOF daily amounts, japan_fx_interventions.csv
EPISODES = [
    ("2022-09-22", "2022-09-21"),
    ("2022-10-21", "2022-10-20"),
    ("2024-07-11", "2024-07-10"),
]


@pytest.mark.parametrize(("day", "before"), EPISODES)
def test_target_7_day_one_move_in_the_published_band(
    facts_dir: Path, day: str, before: str
) -> None:
    # Source: MOF (nippon.com, tellerreport, mytradingreviews as cited in the CSV); USD amount
    # at the noon fix before the intervention (Federal Reserve H.10, market_levels.csv).
    usdjpy = _levels(facts_dir)
    usd_bn = _amount(facts_dir, day) / usdjpy[before]
    conv = np.zeros(10)
    conv[0] = usd_bn
    move = _usdjpy(conv)[0]
    assert BAND_PCT[0] - TOLERANCE_PP <= move <= BAND_PCT[1] + TOLERANCE_PP, (day, move)


def test_target_7_golden_week_2024(facts_dir: Path) -> None:
    # Source: MOF, 29 Apr 2024 (JPY 5,918.5bn, a Japanese holiday; no noon fix that day) and
    # 1 May 2024 (JPY 3,870bn, after the New York noon fix): the 1 May -> 2 May noon fixes
    # (157.65 -> 153.77, -2.5%) bracket the second intervention; days: 29 Apr = 0, 30 Apr = 1,
    # 1 May = 2, 2 May = 3.
    usdjpy = _levels(facts_dir)
    conv = np.zeros(10)
    conv[0] = _amount(facts_dir, "2024-04-29") / usdjpy["2024-04-26"]
    conv[3] = _amount(facts_dir, "2024-05-01") / usdjpy["2024-05-01"]
    path = _usdjpy(conv)
    level = 1 + path / 100
    move = (level[3] / level[2] - 1) * 100
    assert BAND_PCT[0] - TOLERANCE_PP <= move <= BAND_PCT[1] + TOLERANCE_PP, move


def test_target_7_half_or_more_reversed_within_five_days() -> None:
    # Source: Takagi (2014): intervention effects short-lived, reversing on subsequent days;
    # target 7: half or more of the day-of move reversed within 1-5 trading days.
    for calibration in REGISTRY.calibrations:
        conv = np.zeros(10)
        conv[0] = 30.0
        path = _usdjpy(conv, calibration)
        assert abs(path[5]) <= 0.5 * abs(path[0]), (calibration, path[:6])
        assert path[-1] < 0  # a persistent part remains


def test_target_7_adler_lisack_mano_cross_check() -> None:
    # Source: Adler, Lisack & Mano (IMF WP 15/130): intervention of 1% of GDP moves the rate
    # 1.7-2.0%. Japan's GDP ~USD 4.2-4.3tn (IMF WEO Oct 2025: 4.20tn 2023, 4.28tn 2025) ->
    # 1% ~ USD 42bn. The published range lies between the model's persistent and day-of moves.
    conv = np.zeros(30)
    conv[0] = 42.0
    path = _usdjpy(conv)
    assert abs(path[-1]) <= 1.7
    assert abs(path[0]) >= 2.0


def test_broad_dollar_is_the_weighted_sum() -> None:
    # Federal Reserve H.10 broad index weights: the yen carries its weight, a peg moves nothing.
    T = 5
    zeros = np.zeros((T, 3))
    conv = {"JPY": np.array([10.0, 0, 0, 0, 0]), "HKD": np.full(T, 5.0)}
    paths = simulate_market(Flows(zeros, zeros, conv, zeros, 0.0), CTX, REGISTRY.central())
    np.testing.assert_allclose(
        paths.broad_dollar_pct[0],
        paths.fx_pct["JPY"][0] * BROAD_INDEX_WEIGHTS_PCT["JPY"] / 100,
        rtol=1e-5,
    )
    assert not paths.fx_pct["HKD"].any()
    np.testing.assert_array_equal(paths.usdjpy_pct, paths.fx_pct["JPY"])


# ---------------------------------------------------------------- depth, weights, pegs (issue 9)


def _conversion(
    currency: str, usd_bn: float, beta: float | None = None, days: int = 60, T: int = 120
) -> tuple[np.ndarray, np.ndarray]:
    """Broad-dollar and bilateral % paths of ``usd_bn`` converted evenly over ``days``."""
    conv = np.zeros(T)
    conv[:days] = usd_bn / days
    zeros = np.zeros((T, 3))
    params = REGISTRY.central()
    if beta is not None:
        params = params.with_values(fx_depth_elasticity=beta)
    paths = simulate_market(Flows(zeros, zeros, {currency: conv}, zeros, 0.0), CTX, params)
    return paths.broad_dollar_pct[0].astype(np.float64), paths.fx_pct[currency][0].astype(
        np.float64
    )


def test_won_conversion_moves_the_broad_dollar_far_less_than_yen() -> None:
    # Issue 9: with impact inversely proportional to turnover (elasticity 1), USD 50bn into won
    # moved the broad dollar nearly as much as Japan's USD 300bn into yen (here -0.38% against
    # -0.50% at the peak, 60-day conversions). H.10 weights (KRW 3.3%, JPY 6.3%) and BIS 2022
    # turnover (KRW 1.9%, JPY 16.7%) with the square-root law: about a quarter.
    won_broad, won = _conversion("KRW", 50.0)
    yen_broad, yen = _conversion("JPY", 300.0)
    assert won_broad.min() < 0
    assert yen_broad.min() < 0
    assert abs(won_broad.min()) <= 0.3 * abs(yen_broad.min())
    # per USD bn, the thinner won moves more than the yen bilaterally
    assert abs(won.min()) / 50.0 > abs(yen.min()) / 300.0
    old_won, _ = _conversion("KRW", 50.0, beta=1.0)
    old_yen, _ = _conversion("JPY", 300.0, beta=1.0)
    assert abs(old_won.min()) >= 0.75 * abs(old_yen.min())  # the defect the elasticity removes


@settings(max_examples=25, deadline=None)
@given(
    beta=st.floats(0.3, 0.8),
    won_usd_bn=st.floats(1.0, 50.0),
    yen_usd_bn=st.floats(300.0, 600.0),
)
def test_won_vs_yen_ordering_over_the_elasticity_range(
    beta: float, won_usd_bn: float, yen_usd_bn: float
) -> None:
    # Over the registry range of fx_depth_elasticity a smaller conversion into the won never
    # moves the broad dollar as much as a 6x larger one into the yen.
    won_broad, _ = _conversion("KRW", won_usd_bn, beta=beta, T=70)
    yen_broad, _ = _conversion("JPY", yen_usd_bn, beta=beta, T=70)
    assert abs(won_broad).max() < abs(yen_broad).max()


@settings(max_examples=30, deadline=None)
@given(
    pair=st.lists(st.sampled_from(sorted(FX_TURNOVER_SHARE_PCT)), min_size=2, max_size=2),
    beta=st.floats(0.3, 0.8),
)
def test_thinner_markets_move_more_per_dollar(pair: list[str], beta: float) -> None:
    a, b = pair
    if is_pegged(a) or is_pegged(b) or FX_TURNOVER_SHARE_PCT[a] == FX_TURNOVER_SHARE_PCT[b]:
        return
    thin, deep = sorted(pair, key=lambda c: FX_TURNOVER_SHARE_PCT[c])
    assert depth_factor(thin, beta) > depth_factor(deep, beta)
    assert depth_factor("JPY", beta) == pytest.approx(1.0)


def test_pegged_currencies_do_not_move() -> None:
    # HKMA linked exchange rate, SAMA and CBUAE pegs, Kuwait's basket: the central bank
    # absorbs the flow, the rate and the broad dollar stay put.
    for cur in sorted(PEGGED_TO_USD):
        broad, own = _conversion(cur, 100.0, T=70)
        assert is_pegged(cur)
        assert not own.any(), cur
        assert not broad.any(), cur


def test_sales_not_converted_move_no_currency() -> None:
    # Proceeds kept in dollars are no FX order flow: an explicit zero (docs/market.md).
    T = 70
    sell = np.zeros((T, 3))
    sell[:60] = 5.0 * np.array([0.2, 0.6, 0.2])
    zeros = np.zeros((T, 3))
    flows = Flows(sell, zeros, {"KRW": np.zeros(T)}, zeros, 0.0)
    paths = simulate_market(flows, CTX, REGISTRY.draw(20, seed=2))
    assert paths.yields_bp.any()
    assert not paths.fx_pct["KRW"].any()
    assert not paths.broad_dollar_pct.any()
    assert not paths.usdjpy_pct.any()

"""Calibration targets 11-13 (calibration-targets.md): stock versus flow, invariance to
arbitrary choices, gradual versus sudden. Every figure comes from running the model."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cardtable.market import (
    COUPON_LOADINGS,
    Flows,
    MarketContext,
    daily_market_size,
    marketable_debt_path,
    simulate_market,
)
from cardtable.params import REGISTRY

TEN_YEAR = 2
SaleFactory = Callable[[float, int, tuple[float, float, float], int], Flows]
CTX = MarketContext("2025-03", 9054.2, 28566.9)  # grows as CBO projects (no data path)


def _flat(ctx: MarketContext) -> MarketContext:
    """The same context with a market that does not grow (isolates the stock coefficient)."""
    return replace(ctx, marketable_debt_path_usd_bn=np.full(400, ctx.marketable_debt_usd_bn))


def _schedule(tranches: list[tuple[int, int, float]], T: int) -> Flows:
    """Even sales ``(start_day, days, usd_bn)`` in a notes:bonds 3:1 mix."""
    sell = np.zeros((T, 3))
    for start, days, amount in tranches:
        sell[start : start + days] += amount / days * np.array([0.0, 0.75, 0.25])
    zeros = np.zeros((T, 3))
    return Flows(sell, zeros, {}, zeros, 0.0)


@pytest.mark.parametrize("as_of", ["2005-06", "2010-06", "2015-06", "2020-06", "2025-03"])
def test_target_11_one_percent_of_the_market(as_of: str, month_data, sale: SaleFactory) -> None:
    # Source: D'Amico & King (FEDS 2010-52 / 2012-44): USD 300bn of coupons, ~5% of marketable
    # debt, shifted yields 20-30 bp persistently (up to 50 bp at 10-15y); Laubach (JEEA 2009):
    # 3-4 bp per point of debt/GDP; Engen & Hubbard (2004): ~2 bp. Test: 1% of marketable debt
    # (notes and bonds) sold permanently moves the 10y by [2, 12] bp once the flow part is
    # absorbed, in the default calibration, at any as-of date (market held at its as-of size).
    month = month_data(as_of)
    ctx = _flat(month.context)
    amount = 0.01 * ctx.marketable_debt_usd_bn
    T = 3 * 252  # ~12 central half-lives after a one-month sale: the flow part is gone
    flows = sale(amount, 21, month.coupon_mix, T)
    central = simulate_market(flows, ctx, REGISTRY.central("default"))
    long_run = float(central.yields_bp[0, -1, TEN_YEAR])
    assert 2.0 <= long_run <= 12.0, long_run
    assert central.tail is not None
    assert long_run == pytest.approx(central.tail.stock_bp[0, TEN_YEAR], rel=1e-2)
    draws = simulate_market(flows, ctx, REGISTRY.draw(400, seed=11))
    assert draws.tail is not None
    stock = draws.tail.stock_bp[:, TEN_YEAR]
    assert 2.0 <= np.median(stock) <= 12.0
    assert np.percentile(stock, 95) <= 12.0


def test_target_11_same_dollars_matter_less_in_a_larger_market(
    month_data, sale: SaleFactory
) -> None:
    # Calibration target 11: the long-run effect of the same dollar amount is smaller in a
    # larger market (2010: USD 8.1tn of marketable debt; 2025: 28.6tn).
    params = REGISTRY.central("default")
    T = 3 * 252
    out = []
    for as_of in ("2010-06", "2025-03"):
        month = month_data(as_of)
        paths = simulate_market(sale(100.0, 21, month.coupon_mix, T), month.context, params)
        out.append(float(paths.yields_bp[0, -1, TEN_YEAR]))
    ratio = month_data("2025-03").context.marketable_debt_usd_bn / (
        month_data("2010-06").context.marketable_debt_usd_bn
    )
    assert out[1] < out[0] / (0.8 * ratio)


def test_target_11_stock_part_is_per_share_of_marketable_debt() -> None:
    # gamma * S / M: doubling both the sale and the market leaves the stock effect unchanged.
    params = REGISTRY.central("default")
    small = _flat(CTX)
    big = _flat(replace(CTX, marketable_debt_usd_bn=2 * CTX.marketable_debt_usd_bn))
    a = simulate_market(_schedule([(0, 21, 100.0)], 300), small, params).tail
    b = simulate_market(_schedule([(0, 21, 200.0)], 300), big, params).tail
    assert a is not None
    assert b is not None
    np.testing.assert_allclose(a.stock_bp, b.stock_bp, rtol=1e-10)


SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(
    amount=st.floats(10.0, 500.0),
    days=st.integers(1, 120),
    extra=st.integers(0, 600),
    extra2=st.integers(1, 600),
)
def test_target_12_long_run_does_not_depend_on_the_window(
    amount: float, days: int, extra: int, extra2: int
) -> None:
    # Calibration target 12: the same sale gives the same path after the window whatever
    # horizon_days is (the tail continues the model exactly).
    params = REGISTRY.draw(32, seed=12)
    T1, T2 = days + extra, days + extra + extra2
    a = simulate_market(_schedule([(0, days, amount)], T1), CTX, params)
    b = simulate_market(_schedule([(0, days, amount)], T2), CTX, params)
    assert a.tail is not None
    assert b.tail is not None
    # inside both windows the paths agree; after both, the tails agree
    np.testing.assert_allclose(a.yields_bp, b.yields_bp[:, :T1], rtol=1e-5, atol=1e-4)
    np.testing.assert_allclose(
        a.tail.at(T2 - 1), b.yields_bp[:, -1].astype(np.float64), rtol=1e-4, atol=1e-3
    )
    for start, stop in ((T2, T2 + 252), (5 * 252, 6 * 252), (20 * 252, 21 * 252)):
        lo, hi = max(start, T2), max(stop, T2 + 1)
        np.testing.assert_allclose(a.tail.mean(lo, hi), b.tail.mean(lo, hi), rtol=1e-4, atol=1e-5)


@SETTINGS
@given(n=st.integers(2, 40), cut=st.integers(1, 39))
def test_target_12_chunks_of_draws_give_the_same_paths(n: int, cut: int) -> None:
    # Calibration target 12: draws evaluated together or in chunks give the same paths and tails.
    cut = min(cut, n - 1)
    params = REGISTRY.draw(n, seed=3)
    flows = _schedule([(0, 30, 200.0)], 90)
    whole = simulate_market(flows, CTX, params)
    parts = [simulate_market(flows, CTX, params.slice(a, b)) for a, b in ((0, cut), (cut, n))]
    np.testing.assert_allclose(
        whole.yields_bp, np.concatenate([p.yields_bp for p in parts]), rtol=1e-6, atol=1e-6
    )
    assert whole.tail is not None
    tails = [p.tail.mean(200, 452) for p in parts if p.tail is not None]
    np.testing.assert_allclose(whole.tail.mean(200, 452), np.concatenate(tails), rtol=1e-9)


@SETTINGS
@given(amount=st.floats(20.0, 400.0), gap_years=st.integers(3, 10))
def test_target_12_two_sales_far_apart_cost_what_one_double_sale_does(
    amount: float, gap_years: int
) -> None:
    # Calibration target 12: two sales of X far apart ~ one sale of 2X in the long run.
    params = REGISTRY.central("default")
    gap = gap_years * 252
    T = gap + 63
    two = simulate_market(_schedule([(0, 21, amount), (gap, 21, amount)], T), CTX, params)
    one = simulate_market(_schedule([(0, 21, 2 * amount)], T), CTX, params)
    assert two.tail is not None
    assert one.tail is not None
    later = (gap + 3 * 252, gap + 4 * 252)
    np.testing.assert_allclose(two.tail.mean(*later), one.tail.mean(*later), rtol=0.01)


def test_target_12_draw_count_changes_only_sampling_noise() -> None:
    # Calibration target 12: the median long-run effect with 2,000 or 8,000 draws differs by
    # sampling noise only (well within 3%).
    flows = _schedule([(0, 60, 300.0)], 252)
    med = []
    for n, seed in ((2000, 1), (8000, 2)):
        tail = simulate_market(flows, CTX, REGISTRY.draw(n, seed=seed)).tail
        assert tail is not None
        med.append(float(np.median(tail.mean(5 * 252, 6 * 252)[:, TEN_YEAR])))
    assert med[0] == pytest.approx(med[1], rel=0.03)


def test_target_13_gradual_versus_sudden(filled_home) -> None:
    # Calibration target 13: USD 300bn sold over three years moves the 10y at its peak far
    # less than the same amount sold in a month; its long-run effect is the stock effect
    # measured against the market as it grows over the sale (MSPD data to 2026-05, then CBO).
    ctx = replace(CTX, marketable_debt_path_usd_bn=marketable_debt_path("2023-01").usd_bn)
    ctx = replace(ctx, as_of="2023-01")
    params = REGISTRY.central("default")
    T = 3 * 252 + 2 * 252
    sudden = simulate_market(_schedule([(0, 21, 300.0)], T), ctx, params)
    gradual = simulate_market(_schedule([(0, 3 * 252, 300.0)], T), ctx, params)
    peak_sudden = float(sudden.yields_bp[0, :, TEN_YEAR].max())
    peak_gradual = float(gradual.yields_bp[0, :, TEN_YEAR].max())
    assert peak_gradual < 0.4 * peak_sudden, (peak_gradual, peak_sudden)
    # the long run: gamma * 100 * (loading . S) / M[t], with M from the data path
    M = daily_market_size(ctx, T)
    gamma = params["stock_effect_bp_per_pct"][0] * 100.0
    loading = COUPON_LOADINGS[TEN_YEAR] @ np.array([0.75, 0.25])
    expected = gamma * loading * 300.0 / M[T - 1]
    assert gradual.tail is not None
    assert gradual.tail.stock_bp[0, TEN_YEAR] == pytest.approx(expected, rel=1e-9)
    assert gradual.yields_bp[0, -1, TEN_YEAR] == pytest.approx(expected, rel=0.02)
    # the market grew over the sale: the same sale measured at the as-of size would be larger
    assert expected < gamma * loading * 300.0 / M[0] * 0.95

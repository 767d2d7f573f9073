"""Shocks in the market model: additive, linear, zero when absent, reported apart from flows;
the presets reproduce their episodes by running the model."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cardtable.market import (
    Backstop,
    Flows,
    MarketContext,
    ShockSpec,
    shock_paths,
    simulate_market,
)
from cardtable.market._shocks import shock_profiles
from cardtable.params import REGISTRY
from cardtable.scenarios import SHOCK_PRESETS, scenario_from_dict, shock_spec

CTX = MarketContext("2025-03", 9054.2, 28600.0)
T = 40


def _spec(
    yields: list[float],
    jpy: float = 0.0,
    broad: float = 0.0,
    start: int = 0,
    ramp: int = 1,
    half: float = np.inf,
) -> ShockSpec:
    return ShockSpec(
        np.array([yields], dtype=np.float64),
        np.array([jpy]),
        np.array([broad]),
        np.array([start]),
        np.array([ramp]),
        np.array([half]),
        ("test",),
    )


def _sale(amount: float, days: int, currency: str | None = None) -> Flows:
    sell = np.zeros((T, 3))
    sell[:days] = amount / days * np.array([0.2, 0.6, 0.2])
    conv = {} if currency is None else {currency: sell.sum(axis=1)}
    zeros = np.zeros((T, 3))
    return Flows(sell, zeros, conv, zeros, 0.0)


_moves = st.lists(st.floats(-300, 300, allow_nan=False), min_size=4, max_size=4)


def test_profile_ramps_then_decays() -> None:
    f = shock_profiles(_spec([1, 1, 1, 1], start=5, ramp=4, half=10.0), 40)[0]
    assert not f[:5].any()
    np.testing.assert_allclose(f[5:9], [0.25, 0.5, 0.75, 1.0])
    assert f[18] == pytest.approx(0.5)  # one half-life after the peak on day 8
    assert np.all(np.diff(f[8:]) < 0)
    persistent = shock_profiles(_spec([1, 1, 1, 1], start=5, ramp=4), 40)[0]
    assert np.all(persistent[8:] == 1.0)


def test_zero_shock_is_no_change() -> None:
    flows = _sale(150.0, 20, "JPY")
    params = REGISTRY.draw(50, seed=1)
    base = simulate_market(flows, CTX, params)
    for spec in (None, ShockSpec.empty(), _spec([0, 0, 0, 0])):
        got = simulate_market(flows, CTX, params, shocks=spec)
        np.testing.assert_array_equal(got.yields_bp, base.yields_bp)
        np.testing.assert_array_equal(got.usdjpy_pct, base.usdjpy_pct)
        np.testing.assert_array_equal(got.broad_dollar_pct, base.broad_dollar_pct)


@settings(max_examples=25, deadline=None)
@given(
    a=_moves,
    b=_moves,
    k=st.floats(-3, 3, allow_nan=False),
    start=st.integers(0, T - 1),
    ramp=st.integers(1, 30),
    half=st.floats(1.0, 500.0),
)
def test_shock_paths_are_linear_and_additive(
    a: list[float], b: list[float], k: float, start: int, ramp: int, half: float
) -> None:
    one = shock_paths(_spec(a, a[0] / 10, a[1] / 10, start, ramp, half), T)
    scaled = shock_paths(
        _spec([k * x for x in a], k * a[0] / 10, k * a[1] / 10, start, ramp, half), T
    )
    np.testing.assert_allclose(scaled.yields_bp, k * one.yields_bp, atol=1e-9)
    np.testing.assert_allclose(scaled.usdjpy_pct, k * one.usdjpy_pct, atol=1e-9)
    other = _spec(b, 0.0, b[2] / 10, 0, 1, np.inf)
    both = ShockSpec(
        np.concatenate([_spec(a, start=start, ramp=ramp, half=half).yields_bp, other.yields_bp]),
        np.zeros(2),
        np.array([0.0, b[2] / 10]),
        np.array([start, 0]),
        np.array([ramp, 1]),
        np.array([half, np.inf]),
    )
    sum_paths = shock_paths(both, T)
    np.testing.assert_allclose(
        sum_paths.yields_bp,
        shock_paths(_spec(a, start=start, ramp=ramp, half=half), T).yields_bp
        + shock_paths(other, T).yields_bp,
        atol=1e-9,
    )
    np.testing.assert_allclose(sum_paths.broad_dollar_pct, shock_paths(other, T).broad_dollar_pct)


@settings(max_examples=20, deadline=None)
@given(
    size=st.floats(0, 200),
    extra=st.floats(0.1, 200),
    half=st.floats(1.0, 200.0),
    longer=st.floats(1.0, 200.0),
)
def test_shock_paths_are_monotone_in_size_and_half_life(
    size: float, extra: float, half: float, longer: float
) -> None:
    small = shock_paths(_spec([size] * 4, ramp=3, half=half), T).yields_bp
    big = shock_paths(_spec([size + extra] * 4, ramp=3, half=half), T).yields_bp
    assert np.all(big >= small)
    assert np.all(big[2:] > small[2:])
    slow = shock_paths(_spec([size] * 4, ramp=3, half=half + longer), T).yields_bp
    assert np.all(slow >= small - 1e-12)


@settings(max_examples=10, deadline=None)
@given(amount=st.floats(0, 300), moves=_moves, jpy=st.floats(-10, 10), broad=st.floats(-10, 10))
def test_shocks_add_to_the_flow_paths(
    amount: float, moves: list[float], jpy: float, broad: float
) -> None:
    # without a backstop the model is additive: total = flows' paths + shocks' paths, per draw
    flows = _sale(amount, 20, "KRW")
    params = REGISTRY.draw(20, seed=4)
    spec = _spec(moves, jpy, broad, start=3, ramp=5, half=30.0)
    base = simulate_market(flows, CTX, params)
    got = simulate_market(flows, CTX, params, shocks=spec)
    sp = shock_paths(spec, T)
    np.testing.assert_allclose(
        got.yields_bp - base.yields_bp,
        np.broadcast_to(sp.yields_bp, got.yields_bp.shape),
        atol=2e-3,
    )
    np.testing.assert_allclose(
        got.usdjpy_pct - base.usdjpy_pct, np.broadcast_to(sp.usdjpy_pct, (20, T)), atol=1e-4
    )
    np.testing.assert_allclose(
        got.broad_dollar_pct - base.broad_dollar_pct,
        np.broadcast_to(sp.broad_dollar_pct, (20, T)),
        atol=1e-4,
    )
    # other floating currencies move with the broad dollar
    np.testing.assert_allclose(
        got.fx_pct["KRW"] - base.fx_pct["KRW"],
        np.broadcast_to(sp.broad_dollar_pct, (20, T)),
        atol=1e-4,
    )


def test_dollar_shock_moves_pegs_not_and_the_yen_by_its_own_move() -> None:
    zeros = np.zeros((T, 3))
    conv = {"HKD": np.zeros(T), "EUR": np.zeros(T), "JPY": np.zeros(T)}
    flows = Flows(zeros, zeros, conv, zeros, 0.0)
    got = simulate_market(flows, CTX, REGISTRY.central(), shocks=_spec([0] * 4, -2.0, -1.5))
    assert not got.fx_pct["HKD"].any()
    np.testing.assert_allclose(got.fx_pct["EUR"], -1.5)
    np.testing.assert_allclose(got.fx_pct["JPY"], -2.0)
    np.testing.assert_allclose(got.usdjpy_pct, -2.0)
    np.testing.assert_allclose(got.broad_dollar_pct, -1.5)


def test_backstop_answers_a_term_premium_shock() -> None:
    # A shock enters before the backstop: the central bank buys against it, so the flows' part
    # (total minus shock) is negative and the 10y is held near the trigger.
    zeros = np.zeros((T, 3))
    flows = Flows(zeros, zeros, {}, zeros, 0.0)
    spec = _spec([40, 80, 100, 110], ramp=5)
    back = Backstop(enabled=True, trigger_bp=50.0, capacity_usd_bn_per_day=75.0)
    got = simulate_market(flows, CTX, REGISTRY.central(), shocks=spec, backstop=back)
    assert got.backstop_usd_bn.sum() > 0
    assert got.yields_bp[0, -1, 2] <= 50.0 + 0.5
    flows_part = got.yields_bp[0, :, 2] - shock_paths(spec, T).yields_bp[:, 2]
    assert flows_part[-1] < -40


def _observed(shared_data: Path, first: str, last: str) -> dict[str, float]:
    y = pd.read_csv(shared_data / "processed" / "us_yields_daily.csv", index_col="date")
    fx = pd.read_csv(shared_data / "processed" / "fx_daily.csv", index_col="date")
    out = {
        t: (y.loc[last, f"dgs{t[:-1]}_pct"] - y.loc[first, f"dgs{t[:-1]}_pct"]) * 100
        for t in ("2y", "5y", "10y", "30y")
    }
    out["usdjpy"] = (fx.loc[last, "usdjpy_dexjpus"] / fx.loc[first, "usdjpy_dexjpus"] - 1) * 100
    out["broad"] = (
        fx.loc[last, "broad_dollar_index_dtwexbgs"] / fx.loc[first, "broad_dollar_index_dtwexbgs"]
        - 1
    ) * 100
    return {k: float(v) for k, v in out.items()}


def _with_preset(name: str, horizon: int) -> Callable[[], ShockSpec]:
    sc = scenario_from_dict(
        {
            "name": "preset-check",
            "as_of": "2025-03",
            "horizon_days": horizon,
            "actors": [{"holder": "Japan", "stop_buying": {"usd_bn_per_month": 0.0, "months": 1}}],
            "shocks": [{"preset": name}],
        }
    )
    return lambda: shock_spec(sc.shocks, horizon)


# Tolerance: the presets store the observed moves rounded to 1 bp and 0.01%; the model must
# give the observed move on the window's last day (day ramp_days - 1) within that rounding.
YIELD_TOL_BP = 0.5 + 1e-3
FX_TOL_PP = 0.005 + 1e-4


@pytest.mark.parametrize("name", list(SHOCK_PRESETS))
def test_presets_reproduce_their_episode(shared_data: Path, name: str) -> None:
    # Source: Federal Reserve H.15 / H.10 daily series (FRED), ../shared/data/processed.
    p = SHOCK_PRESETS[name]
    horizon = p.ramp_days + 20
    zeros = np.zeros((horizon, 3))
    flows = Flows(zeros, zeros, {"JPY": np.zeros(horizon)}, zeros, 0.0)
    got = simulate_market(flows, CTX, REGISTRY.central(), shocks=_with_preset(name, horizon)())
    obs = _observed(shared_data, *p.window)
    last = p.ramp_days - 1
    for k, t in enumerate(("2y", "5y", "10y", "30y")):
        assert got.yields_bp[0, last, k] == pytest.approx(obs[t], abs=YIELD_TOL_BP), (name, t)
    if p.kind != "term_premium":
        assert got.usdjpy_pct[0, last] == pytest.approx(obs["usdjpy"], abs=FX_TOL_PP)
        assert got.broad_dollar_pct[0, last] == pytest.approx(obs["broad"], abs=FX_TOL_PP)
    else:  # the preset is the curve only: the currency moves of the window are not part of it
        assert not got.usdjpy_pct.any()
        assert not got.broad_dollar_pct.any()


@settings(max_examples=12, deadline=None)
@given(
    extra=st.integers(0, 200),
    start=st.integers(0, 30),
    half=st.sampled_from([3.0, 60.0, np.inf]),
    sale=st.booleans(),
)
def test_the_yield_tail_continues_the_shocks_as_a_longer_window_does(
    extra: int, start: int, half: float, sale: bool
) -> None:
    # Calibration target 12 with shocks: after the window the shocks keep their own path
    # (before 2026-12-01 the tail dropped them, so costs grew with horizon_days).
    spec = _spec([20.0, 15.0, 10.0, 5.0], jpy=-1.0, start=start, ramp=5, half=half)
    window = start + 1 + extra
    params = REGISTRY.draw(16, seed=4)

    sale_days = min(20, window) if sale else 0  # the same sale in both windows

    def run(days: int):  # type: ignore[no-untyped-def]
        sell = np.zeros((days, 3))
        sell[:sale_days] = 5.0
        zeros = np.zeros((days, 3))
        return simulate_market(Flows(sell, zeros, {}, zeros, 0.0), CTX, params, shocks=spec)

    short, long = run(window), run(window + 400)
    assert short.tail is not None
    assert long.tail is not None
    for day in (window - 1, window + 10, window + 399):
        np.testing.assert_allclose(
            short.tail.at(day), long.yields_bp[:, day].astype(np.float64), rtol=1e-4, atol=1e-3
        )
    for lo, hi in ((window + 400, window + 652), (10 * 252, 11 * 252)):
        np.testing.assert_allclose(
            short.tail.mean(lo, hi), long.tail.mean(lo, hi), rtol=1e-6, atol=1e-6
        )

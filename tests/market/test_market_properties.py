"""Properties of the market model: monotonicity, zero in -> zero out, stop-buying < selling,
chunk invariance, kernel accuracy, announcement premium, input validation."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from pydantic import ValidationError

from cardtable.errors import InputError
from cardtable.market import Backstop, Flows, MarketContext, MarketPaths, simulate_market
from cardtable.market._kernel import decay_sums, node_weights
from cardtable.params import REGISTRY

CTX = MarketContext("2025-03", 9054.2, 28566.9)
T = 30
PARAMS = REGISTRY.draw(64, seed=11, calibration="default")
ZEROS = np.zeros((T, 3))

flows_tb = arrays(np.float64, (T, 3), elements=st.floats(0.0, 20.0, allow_subnormal=False))
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _run(sell: np.ndarray, forgone: np.ndarray = ZEROS, **kw: object):
    return simulate_market(Flows(sell, forgone, {}, ZEROS, 0.0), CTX, PARAMS, **kw)  # type: ignore[arg-type]


@SETTINGS
@given(base=flows_tb, extra=flows_tb, state=st.sampled_from(["normal", "stressed"]))
def test_more_selling_never_lowers_yields(base: np.ndarray, extra: np.ndarray, state: str) -> None:
    low = _run(base, state=state).yields_bp
    high = _run(base + extra, state=state).yields_bp
    assert np.all(high >= low - 1e-3 * (1 + np.abs(low)))


@SETTINGS
@given(amount=flows_tb)
def test_stop_buying_moves_less_than_an_equal_sale(amount: np.ndarray) -> None:
    sold = _run(amount).yields_bp
    forgone = _run(ZEROS, amount).yields_bp
    assert np.all(forgone <= sold + 1e-4)
    if amount.sum() > 1.0:
        assert forgone[:, -1].sum() < sold[:, -1].sum()


def test_zero_flows_move_nothing() -> None:
    paths = simulate_market(
        Flows(ZEROS, ZEROS, {"JPY": np.zeros(T)}, ZEROS, 0.7),
        CTX,
        PARAMS,
        backstop=Backstop(enabled=True),
        state="stressed",
    )
    for arr in (paths.yields_bp, paths.usdjpy_pct, paths.broad_dollar_pct, paths.backstop_usd_bn):
        assert not np.any(arr)
    assert paths.yields_bp.dtype == np.float32
    assert paths.yields_bp.shape == (64, T, 4)


@SETTINGS
@given(
    sell=flows_tb,
    start=st.integers(0, 40),
    size=st.integers(1, 20),
    backstop=st.booleans(),
    p=st.floats(0.0, 1.0),
)
def test_a_chunk_equals_the_same_draws_in_a_bigger_batch(
    sell: np.ndarray, start: int, size: int, backstop: bool, p: float
) -> None:
    conv = {"JPY": sell.sum(axis=1) * 0.5}
    flows = Flows(sell, sell * 0.3, conv, sell[::-1].copy(), p)
    stop = Backstop(enabled=backstop, trigger_bp=5.0)
    whole = simulate_market(flows, CTX, PARAMS, backstop=stop)
    part = simulate_market(flows, CTX, PARAMS.slice(start, start + size), backstop=stop)
    sl = slice(start, start + size)
    np.testing.assert_array_equal(part.yields_bp, whole.yields_bp[sl])
    np.testing.assert_array_equal(part.usdjpy_pct, whole.usdjpy_pct[sl])
    np.testing.assert_array_equal(part.broad_dollar_pct, whole.broad_dollar_pct[sl])
    np.testing.assert_array_equal(part.backstop_usd_bn, whole.backstop_usd_bn[sl])


def test_interpolated_kernel_tracks_the_exponential() -> None:
    # docs/market.md: a draw's kernel interpolates two grid nodes in log half-life; its error
    # against 2 ** (-n / h) stays below 0.3% of the lag-0 value.
    h = np.geomspace(0.6, 500.0, 301)
    nw = node_weights(h)
    impulse = np.zeros((400, 1))
    impulse[0] = 1.0
    grid = decay_sums(impulse, nw.half_lives)[:, :, 0]  # (J, n)
    approx = nw.dense() @ grid
    exact = 2.0 ** (-np.arange(400)[None, :] / h[:, None])
    assert np.abs(approx - exact).max() < 3e-3
    np.testing.assert_allclose(approx[:, 0], 1.0)


def test_announcement_premium_decays_with_its_half_life() -> None:
    threat = np.zeros((T, 3))
    threat[:10] = [0.0, 15.0, 5.0]
    params = REGISTRY.central("default")
    executed = simulate_market(Flows(threat, ZEROS, {}, ZEROS, 0.0), CTX, params).yields_bp[0]
    announced = simulate_market(Flows(ZEROS, ZEROS, {}, threat, 0.4), CTX, params).yields_bp[0]
    # day 0: p x the impact the schedule would have on its last day if executed
    np.testing.assert_allclose(announced[0], 0.4 * executed[9], rtol=1e-4)
    h = params["announcement_half_life_days"][0]
    # within the kernel interpolation error (0.3% of the day-0 value, test above)
    expected = announced[0] * 2 ** (-3 / h)
    np.testing.assert_allclose(announced[3], expected, atol=3e-3 * float(announced[0].max()))
    assert np.all(announced[-1] < 0.01 * announced[0])


def test_stressed_state_raises_and_slows_impact() -> None:
    sell = np.zeros((T, 3))
    sell[:5] = [0.0, 20.0, 5.0]
    params = REGISTRY.central("default")
    normal = simulate_market(Flows(sell, ZEROS, {}, ZEROS, 0.0), CTX, params).yields_bp[0]
    stressed = simulate_market(
        Flows(sell, ZEROS, {}, ZEROS, 0.0), CTX, params, state="stressed"
    ).yields_bp[0]
    assert np.all(stressed[:5] > normal[:5])
    # same stock (permanent) part; the flow part decays more slowly
    a = simulate_market(Flows(sell, ZEROS, {}, ZEROS, 0.0), CTX, params)
    b = simulate_market(Flows(sell, ZEROS, {}, ZEROS, 0.0), CTX, params, state="stressed")
    assert a.tail is not None
    assert b.tail is not None
    np.testing.assert_allclose(a.tail.stock_bp, b.tail.stock_bp, rtol=1e-12)
    stock = a.tail.stock_bp[0]
    assert ((stressed[-1] - stock) / (stressed[4] - stock)).mean() > (
        (normal[-1] - stock) / (normal[4] - stock)
    ).mean()


def test_state_and_stressed_calibration_do_not_stack() -> None:
    # One market state: the stressed calibration already is the stressed state.
    sell = np.zeros((T, 3))
    sell[:5] = [0.0, 20.0, 5.0]
    params = REGISTRY.central("stressed")
    with pytest.raises(InputError, match=r"^state: .*calibration 'stressed'"):
        simulate_market(Flows(sell, ZEROS, {}, ZEROS, 0.0), CTX, params, state="stressed")
    # each alone is fine
    simulate_market(Flows(sell, ZEROS, {}, ZEROS, 0.0), CTX, params)
    simulate_market(
        Flows(sell, ZEROS, {}, ZEROS, 0.0), CTX, REGISTRY.central("default"), state="stressed"
    )


def test_stressed_calibration_changes_only_the_flow_part() -> None:
    # docs/market.md: stress is a flow phenomenon (impact, absorption); the stock effect is the
    # default's. Checked on the registry and on the model's output.
    default, stressed = REGISTRY.resolved("default"), REGISTRY.resolved("stressed")
    changed = {k for k in default if default[k] != stressed[k]}
    assert changed == {"flow_impact_bp_per_100bn", "absorption_half_life_days"}
    sell = np.zeros((T, 3))
    sell[:5] = [0.0, 20.0, 5.0]
    a = simulate_market(Flows(sell, ZEROS, {}, ZEROS, 0.0), CTX, REGISTRY.central("default"))
    b = simulate_market(Flows(sell, ZEROS, {}, ZEROS, 0.0), CTX, REGISTRY.central("stressed"))
    assert a.tail is not None
    assert b.tail is not None
    np.testing.assert_allclose(a.tail.stock_bp, b.tail.stock_bp, rtol=1e-12)
    assert b.yields_bp[0, 4, 2] > 2 * a.yields_bp[0, 4, 2]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"sell_usd_bn": -np.ones((T, 3))}, "flows.sell_usd_bn"),
        ({"forgone_usd_bn": np.ones((T, 2))}, "flows.forgone_usd_bn"),
        ({"threat_probability": 1.5}, "flows.threat_probability"),
        ({"converted_usd_bn": {"JPY": np.ones(T + 1)}}, "flows.converted_usd_bn"),
    ],
)
def test_bad_flows_name_the_field(kwargs: dict[str, object], field: str) -> None:
    base: dict[str, object] = {
        "sell_usd_bn": ZEROS,
        "forgone_usd_bn": ZEROS,
        "converted_usd_bn": {},
        "threat_usd_bn": ZEROS,
        "threat_probability": 0.0,
    }
    base.update(kwargs)
    with pytest.raises(InputError, match=field.replace("[", r"\[")):
        simulate_market(Flows(**base), CTX, PARAMS)  # type: ignore[arg-type]


def test_bad_context_and_state_are_rejected() -> None:
    with pytest.raises(InputError, match="as_of"):
        MarketContext("2025-13", 1.0, 1.0)
    with pytest.raises(InputError, match="marketable_debt_usd_bn"):
        MarketContext("2025-03", 1.0, 0.0)
    with pytest.raises(ValidationError, match="trigger_bp"):
        Backstop(enabled=True, trigger_bp=-1.0)
    with pytest.raises(InputError, match="state"):
        _run(ZEROS, state="panic")


def test_out_arrays_receive_the_same_paths() -> None:
    # ``out=`` lets a caller write chunks straight into its full-run arrays.
    sell = np.zeros((T, 3))
    sell[:10] = [1.0, 8.0, 3.0]
    flows = Flows(sell, ZEROS, {"JPY": sell.sum(axis=1)}, ZEROS, 0.0)
    stop = Backstop(enabled=True, trigger_bp=2.0)
    fresh = simulate_market(flows, CTX, PARAMS, backstop=stop)
    n = PARAMS.n
    big = {
        "y": np.full((n + 3, T, 4), np.nan, dtype=np.float32),
        "j": np.full((n + 3, T), np.nan, dtype=np.float32),
        "b": np.full((n + 3, T), np.nan, dtype=np.float32),
        "c": np.full((n + 3, T), np.nan, dtype=np.float32),
    }
    view = slice(2, 2 + n)
    out = MarketPaths(big["y"][view], big["j"][view], big["b"][view], {}, big["c"][view])
    got = simulate_market(flows, CTX, PARAMS, backstop=stop, out=out)
    assert got.yields_bp is out.yields_bp
    np.testing.assert_array_equal(big["y"][view], fresh.yields_bp)
    np.testing.assert_array_equal(big["j"][view], fresh.usdjpy_pct)
    np.testing.assert_array_equal(big["b"][view], fresh.broad_dollar_pct)
    np.testing.assert_array_equal(big["c"][view], fresh.backstop_usd_bn)
    np.testing.assert_array_equal(got.fx_pct["JPY"], fresh.fx_pct["JPY"])
    with pytest.raises(InputError, match=r"out\.yields_bp"):
        simulate_market(flows, CTX, PARAMS, out=MarketPaths(big["y"], *fresh_tail(fresh)))


def fresh_tail(p: MarketPaths) -> tuple:  # type: ignore[type-arg]
    return (p.usdjpy_pct, p.broad_dollar_pct, {}, p.backstop_usd_bn)

"""Threats: credibility, Nash (1953) variable threats, threats that leave something to chance.

Target 10: a threat that costs the threatener as much as the target adds no bargaining power;
a costlier threat for the threatener never raises its bargaining power; a larger tariff never
helps the holder.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cardtable.errors import InputError
from cardtable.game import (
    PayoffWeights,
    ThreatOption,
    TradeStakes,
    announcement_value,
    credibility,
    present_value_factor,
    solve_threat_game,
    trade_stakes,
)
from cardtable.game._threats import ThreatRule, _costs, _with_none, joint_optimum
from cardtable.params import REGISTRY


def make_stakes(rng: np.random.Generator, d: int = 5, g: int = 6, m: int = 3) -> TradeStakes:
    """Synthetic present values: losses rise with the tariff, revenue is hump-shaped."""
    tau = np.linspace(0, 50, g)
    thr = np.sort(rng.uniform(10, 60, m))
    scale = rng.uniform(50, 150, (d, 1))

    def rev(t: np.ndarray) -> np.ndarray:
        return scale * (t / 100) * (1 - t / 150)

    def cost(t: np.ndarray) -> np.ndarray:
        return scale * (t / 100) * rng.uniform(0.6, 1.2, (d, 1))

    def loss(t: np.ndarray) -> np.ndarray:
        return scale * (t / 100) * rng.uniform(0.5, 1.5, (d, 1))

    return TradeStakes(
        holder="Japan",
        deal_tariffs_pct=tau,
        revenue_usd_bn=rev(tau[None]),
        buyer_cost_usd_bn=cost(tau[None]),
        exporter_loss_usd_bn=loss(tau[None]),
        threat_labels=tuple(f"t{int(x)}" for x in thr),
        threat_revenue_usd_bn=rev(thr[None]),
        threat_buyer_cost_usd_bn=cost(thr[None]),
        threat_exporter_loss_usd_bn=loss(thr[None]),
        pv_factor=np.ones(d),
    )


def weights(d: int, alpha: float = 0.5, v: float = 1.0, w_bond: float = 1.0) -> PayoffWeights:
    one = np.ones(d)
    return PayoffWeights(
        w_rev=one, w_cons=one, v_us=v * one, w_bond=w_bond * one, w_exp=one, alpha=alpha * one
    )


def sell(cost_h: float | np.ndarray, cost_us: float | np.ndarray) -> ThreatOption:
    return ThreatOption("sell", "sell", cost_h, cost_us)


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    cost=st.floats(0.0, 500.0),
    alpha=st.floats(0.1, 0.9),
    v=st.floats(0.2, 1.0),
    w_bond=st.floats(0.5, 1.5),
)
def test_threat_costing_both_sides_equally_adds_no_bargaining_power(
    seed: int, cost: float, alpha: float, v: float, w_bond: float
) -> None:
    s = make_stakes(np.random.default_rng(seed))
    w = weights(5, alpha, v, w_bond)
    # equal in bargaining-weighted terms: (1 - alpha) seller_cost = (alpha / v) w_bond us_cost
    us_cost = (1 - alpha) * cost * v / (alpha * w_bond)
    for rule in ("simultaneous", "us_leads", "holder_leads"):
        base = solve_threat_game(s, w, [], rule=rule)  # type: ignore[arg-type]
        game = solve_threat_game(
            s,
            w,
            [sell(cost, us_cost)],
            rule=rule,  # type: ignore[arg-type]
            committed=True,
        )
        np.testing.assert_allclose(game.holder_value, base.holder_value, rtol=1e-9, atol=1e-7)


def test_symmetric_case_of_the_equal_cost_rule() -> None:
    s = make_stakes(np.random.default_rng(1))
    w = weights(5)
    base = solve_threat_game(s, w, [])
    same = solve_threat_game(s, w, [sell(80.0, 80.0)], committed=True)
    np.testing.assert_allclose(same.holder_value, base.holder_value)


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    c1=st.floats(-50.0, 300.0),
    extra=st.floats(0.0, 300.0),
    us_cost=st.floats(0.0, 300.0),
    alpha=st.floats(0.1, 0.9),
)
def test_costlier_threat_never_raises_bargaining_power(
    seed: int, c1: float, extra: float, us_cost: float, alpha: float
) -> None:
    s = make_stakes(np.random.default_rng(seed))
    w = weights(5, alpha)
    for committed in (True, False):
        cheap = solve_threat_game(s, w, [sell(c1, us_cost)], committed=committed)
        dear = solve_threat_game(s, w, [sell(c1 + extra, us_cost)], committed=committed)
        assert np.all(dear.holder_value <= cheap.holder_value + 1e-7)


def test_non_credible_threats_are_not_executed() -> None:
    s = make_stakes(np.random.default_rng(2))
    w = weights(5, alpha=0.5)
    base = solve_threat_game(s, w, [])
    costly = solve_threat_game(s, w, [sell(50.0, 400.0)])  # hurts the US a lot, but costs H
    np.testing.assert_array_equal(costly.executed[:, 1], 0.0)
    np.testing.assert_allclose(costly.holder_value, base.holder_value)
    committed = solve_threat_game(s, w, [sell(50.0, 400.0)], committed=True)
    assert np.all(committed.holder_value > base.holder_value)
    # a sale the holder wants anyway (FX defence: negative net cost) is credible
    wanted = solve_threat_game(s, w, [sell(-5.0, 100.0)])
    np.testing.assert_array_equal(wanted.executed[:, 1], 1.0)


def test_credibility_margin_is_the_payoff_difference_and_ignores_the_tariff() -> None:
    s = make_stakes(np.random.default_rng(4))
    w = weights(5)
    cost = np.array([10.0, -3.0, 0.0, 4.0, 50.0])
    c = credibility(s, w, [sell(cost, 99.0)])
    assert c.labels == ("none", "sell")
    np.testing.assert_allclose(c.margin_usd_bn[:, 1], -cost)
    np.testing.assert_array_equal(c.credible[:, 1], cost <= 0)
    assert c.probability[1] == pytest.approx(0.4)
    assert c.probability[0] == 1.0


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_sequential_rules_are_backward_induction(seed: int) -> None:
    rng = np.random.default_rng(seed)
    s = make_stakes(rng, d=4, m=3)
    w = weights(4, alpha=float(rng.uniform(0.2, 0.8)), v=float(rng.uniform(0.3, 1.0)))
    opts = [
        ThreatOption("stop", "stop_buying", rng.uniform(0, 50, 4), rng.uniform(0, 80, 4)),
        sell(rng.uniform(0, 150, 4), rng.uniform(0, 200, 4)),
    ]
    for rule in ("us_leads", "holder_leads"):
        g = solve_threat_game(s, w, opts, rule=rule, committed=True)  # type: ignore[arg-type]
        for n in range(4):
            h, u = g.holder_payoff[n], g.us_payoff[n]
            if rule == "us_leads":
                reply = [int(np.argmax(h[:, j])) for j in range(h.shape[1])]
                j = int(np.argmax([u[reply[j], j] for j in range(h.shape[1])]))
                i = reply[j]
            else:
                reply = [int(np.argmax(u[i, :])) for i in range(h.shape[0])]
                i = int(np.argmax([h[i, reply[i]] for i in range(h.shape[0])]))
                j = reply[i]
            assert g.holder_value[n] == pytest.approx(h[i, j])
            assert g.us_value[n] == pytest.approx(u[i, j])


def test_simultaneous_threats_and_the_card_value() -> None:
    s = make_stakes(np.random.default_rng(7))
    w = weights(5, alpha=0.5)
    opts = [ThreatOption("stop", "stop_buying", 10.0, 30.0), sell(60.0, 200.0)]
    g = solve_threat_game(s, w, opts, committed=True)
    g0 = solve_threat_game(s, w, opts[:1], committed=True)
    assert np.all(g.holder_value >= g0.holder_value - 1e-9)  # more threats never hurt H
    np.testing.assert_allclose(g.holder_strategy.sum(axis=1), 1.0)
    np.testing.assert_allclose(g.us_strategy.sum(axis=1), 1.0)
    assert g.constant_sum.all()
    # TU bookkeeping: with v = 1 the payoffs exhaust S0 at every threat pair
    assert np.allclose(g.holder_payoff + g.us_payoff, (g.holder_payoff + g.us_payoff)[:, :1, :1])


def test_a_larger_tariff_never_helps_the_holder() -> None:
    params = REGISTRY.draw(200, seed=13)
    levels = {f"t{t}": float(t) for t in (10, 15, 25, 35, 50, 75)}
    st_ = trade_stakes("Japan", np.linspace(0, 50, 11), levels, params)
    w = PayoffWeights.from_params(params)
    assert np.all(np.diff(st_.holder_grid(w), axis=1) <= 1e-9)
    assert np.all(np.diff(st_.holder_threat(w), axis=1) <= 1e-9)
    # giving the US a higher tariff to threaten with never raises the holder's value
    lo = trade_stakes("Japan", np.linspace(0, 50, 11), {"t15": 15.0}, params)
    hi = trade_stakes("Japan", np.linspace(0, 50, 11), {"t15": 15.0, "t50": 50.0}, params)
    opts = [sell(40.0, 60.0)]
    for committed in (False, True):
        a = solve_threat_game(lo, w, opts, committed=committed)
        b = solve_threat_game(hi, w, opts, committed=committed)
        assert np.all(b.holder_value <= a.holder_value + 1e-9)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    p=st.floats(0.0, 1.0),
    alpha=st.floats(0.1, 0.9),
    v=st.floats(0.2, 1.0),
)
def test_announcement_shifts_the_threat_point_by_p_times_the_payoff_change(
    seed: int, p: float, alpha: float, v: float
) -> None:
    rng = np.random.default_rng(seed)
    s = make_stakes(rng)
    s = TradeStakes(
        **{
            **s.__dict__,
            "threat_labels": s.threat_labels[:1],
            "threat_revenue_usd_bn": s.threat_revenue_usd_bn[:, :1],
            "threat_buyer_cost_usd_bn": s.threat_buyer_cost_usd_bn[:, :1],
            "threat_exporter_loss_usd_bn": s.threat_exporter_loss_usd_bn[:, :1],
        }
    )
    w = weights(5, alpha, v, w_bond=1.2)
    cost_h, cost_us = rng.uniform(0, 100, 5), rng.uniform(0, 300, 5)
    a = announcement_value(
        s, w, sell(cost_h, cost_us), p, premium_us_usd_bn=7.0, holder_cost_usd_bn=1.0
    )
    expected = p * ((alpha / v) * 1.2 * cost_us - (1 - alpha) * cost_h) - 1.0
    # the formula holds where both threat points leave a surplus (interior bargaining)
    before = solve_threat_game(s, w, [], execution_probability=[0.0])
    after = solve_threat_game(s, w, [sell(cost_h, cost_us)], execution_probability=[0.0, p])
    both = before.constant_sum & after.constant_sum
    np.testing.assert_allclose(a.holder_gain_usd_bn[both], expected[both], rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(a.premium_cost_us_usd_bn, 1.2 * 7.0)


def test_bad_inputs() -> None:
    s = make_stakes(np.random.default_rng(0))
    w = weights(5)
    with pytest.raises(InputError):
        solve_threat_game(s, w, [], rule="chicken")  # type: ignore[arg-type]
    with pytest.raises(InputError):
        solve_threat_game(s, w, [sell(1.0, 1.0), sell(2.0, 2.0)])
    with pytest.raises(InputError):
        announcement_value(s, w, sell(1.0, 1.0), 1.5, premium_us_usd_bn=0.0)


def test_phased_stakes_are_first_year_then_long_run_effects() -> None:
    params = REGISTRY.draw(200, seed=4)
    grid = np.linspace(0.0, 200.0, 81)
    threats = {"threat": 25.0}
    sr = trade_stakes("Japan", grid, threats, params, horizon="first_year")
    lr = trade_stakes("Japan", grid, threats, params, horizon="long_run")
    phased = trade_stakes("Japan", grid, threats, params)  # the default
    pv = present_value_factor(params)
    first = present_value_factor(params, np.minimum(params["negotiation_horizon_years"], 1.0))
    w_sr, w_lr = (first / pv)[:, None], ((pv - first) / pv)[:, None]
    for k in ("revenue_usd_bn", "buyer_cost_usd_bn", "exporter_loss_usd_bn"):
        expected = getattr(sr, k) * w_sr + getattr(lr, k) * w_lr
        np.testing.assert_allclose(getattr(phased, k), expected, rtol=1e-12, err_msg=k)
    # first-year import demand is inelastic (Boehm et al. 2023: -0.76), so revenue valued at it
    # rises without bound in the tariff; at long-run elasticities it rises more slowly and is
    # bounded (revenue-maximising tariff 1 / (k - 1), k = (1 - phi) + |eps| phi > 1)
    top, mid = grid.size - 1, grid.size // 2
    growth_sr = sr.revenue_usd_bn[:, top] / sr.revenue_usd_bn[:, mid]
    growth_lr = lr.revenue_usd_bn[:, top] / lr.revenue_usd_bn[:, mid]
    assert np.all(growth_sr > 1.0)
    assert np.all(growth_lr < growth_sr)
    with pytest.raises(InputError, match="horizon"):
        trade_stakes("Japan", grid, threats, params, horizon="forever")  # type: ignore[arg-type]


def _random_weights(rng: np.random.Generator, d: int) -> PayoffWeights:
    def u(lo: float, hi: float) -> np.ndarray:
        return rng.uniform(lo, hi, d)

    return PayoffWeights(
        w_rev=u(0.5, 1.5),
        w_cons=u(0.3, 1.2),
        v_us=u(0.3, 1.0),
        w_bond=u(0.5, 1.5),
        w_exp=u(0.5, 1.5),
        alpha=u(0.1, 0.9),
    )


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    """Equal values, signed zeros included."""
    a, b = np.asarray(a), np.asarray(b)
    if a.dtype.kind != "f":
        return bool(np.array_equal(a, b))
    return bool(np.array_equal(a, b) and np.array_equal(np.signbit(a), np.signbit(b)))


def test_joint_optimum_in_blocks_equals_the_whole_grid() -> None:
    rng = np.random.default_rng(21)
    s = make_stakes(rng, d=6_001, g=7)  # BLOCK_CELLS // 7 = 2,340 draws a block: 3 blocks
    w = _random_weights(rng, 6_001)
    joint = w.v_us[:, None] * s.holder_grid(w) + s.us_grid(w)
    idx, value = joint_optimum(s, w)
    assert np.array_equal(idx, np.argmax(joint, axis=1))
    assert _same(value, joint[np.arange(6_001), np.argmax(joint, axis=1)])


@pytest.mark.parametrize("rule", ["simultaneous", "us_leads", "holder_leads"])
@pytest.mark.parametrize("committed", [False, True])
def test_threat_game_equals_the_draws_first_formulas(rule: ThreatRule, committed: bool) -> None:
    # the threat pairs are computed with the draws last and in place, the expected payoffs of
    # pure threats read off: the same bits as the draws-first formulas and einsum
    rng = np.random.default_rng(22)
    d = 3_000
    s = make_stakes(rng, d=d, m=4)
    w = _random_weights(rng, d)
    options = [
        # large benefits and US costs: some threat pairs leave no surplus, so mixed threats
        ThreatOption("sell", "sell", rng.uniform(-300, 60, d), rng.uniform(0, 400, d)),
        ThreatOption("stop", "stop_buying", rng.uniform(-100, 30, d), rng.uniform(0, 200, d)),
    ]
    game = solve_threat_game(s, w, options, rule=rule, committed=committed)
    seller, uscost = _costs(_with_none(options), d)
    e = game.executed
    d_h = s.holder_threat(w)[:, None, :] - (e * seller)[:, :, None]
    d_us = s.us_threat(w)[:, None, :] - (w.w_bond[:, None] * e * uscost)[:, :, None]
    _, s0 = joint_optimum(s, w)
    v, alpha = w.v_us[:, None, None], w.alpha[:, None, None]
    surplus = s0[:, None, None] - v * d_h - d_us
    agree = surplus > 0.0
    h = np.where(agree, d_h + alpha * surplus / v, d_h)
    u = np.where(agree, d_us + (1.0 - alpha) * surplus, d_us)
    x, y = game.holder_strategy, game.us_strategy
    support = np.einsum("nk,nm->nkm", x, y) > 0
    expected = {
        "threat_holder": d_h,
        "threat_us": d_us,
        "holder_payoff": h,
        "us_payoff": u,
        "holder_value": np.einsum("nk,nkm,nm->n", x, h, y),
        "us_value": np.einsum("nk,nkm,nm->n", x, u, y),
        "expected_threat_holder": np.einsum("nk,nkm,nm->n", x, d_h, y),
        "expected_threat_us": np.einsum("nk,nkm,nm->n", x, d_us, y),
        "constant_sum": agree.all(axis=(1, 2)),
        "agreement": np.all(agree | ~support, axis=(1, 2)),
    }
    for name, want in expected.items():
        assert _same(getattr(game, name), want), name
    if rule == "simultaneous":
        assert np.sum(~game.pure) > 0  # some draws play mixed threats

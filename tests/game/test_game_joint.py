"""Joint threats: several holders bargaining together with the US."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_game_threats import make_stakes, weights

from cardtable.errors import InputError
from cardtable.game import (
    MAX_JOINT_ACTORS,
    JointActor,
    ThreatOption,
    additive_us_cost,
    negotiate_jointly,
    solve_threat_game,
)
from cardtable.game._threats import joint_optimum


def _actors(
    seed: int, margins: tuple[float, float], us_costs: tuple[float, float]
) -> list[JointActor]:
    rng = np.random.default_rng(seed)
    out = []
    for i, (m, c) in enumerate(zip(margins, us_costs, strict=True)):
        cost = max(-m, 0.0) + 10.0
        benefit = cost + m
        out.append(
            JointActor(f"h{i}", make_stakes(rng), ThreatOption("sell", "sell", cost, c, benefit))
        )
    return out


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**16),
    m0=st.floats(-100, 100).map(lambda x: round(x, 3)),
    m1=st.floats(-100, 100).map(lambda x: round(x, 3)),
    c0=st.floats(0, 200),
    c1=st.floats(0, 200),
    alpha=st.floats(0.1, 0.9),
    v=st.floats(0.2, 1.0),
)
def test_joint_deal_is_efficient_and_credible_threats_add_value(
    seed: int, m0: float, m1: float, c0: float, c1: float, alpha: float, v: float
) -> None:
    actors = _actors(seed, (m0, m1), (c0, c1))
    w = weights(5, alpha=alpha, v=v)
    res = negotiate_jointly(actors, w, additive_us_cost([c0, c1], 5))
    s0 = sum(joint_optimum(a.stakes, w)[1] for a in actors)
    agree = res.agreement
    total = v * res.holder_payoff_usd_bn.sum(axis=1) + res.us_payoff_usd_bn
    assert total[agree] == pytest.approx(s0[agree])
    for i, m in enumerate((m0, m1)):
        assert np.all(res.executes[:, i] == (m >= 0))
        if m < 0:  # known not to execute: the threat moves nothing
            assert res.card_value_usd_bn[:, i] == pytest.approx(np.zeros(5), abs=1e-9)
        else:
            assert np.all(res.card_value_usd_bn[agree, i] >= -1e-9)


def test_two_ordinary_holders_split_the_surplus_equally() -> None:
    actors = _actors(1, (-5.0, -7.0), (50.0, 80.0))
    w = weights(5, alpha=0.6, v=0.5)
    res = negotiate_jointly(actors, w, additive_us_cost([50.0, 80.0], 5), split="equal")
    gains = res.holder_payoff_usd_bn - res.holder_threat_usd_bn
    assert gains[:, 0] == pytest.approx(gains[:, 1])
    assert res.us_belief.max() == 0.0


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**16), alpha=st.floats(0.1, 0.9), v=st.floats(0.2, 1.0))
def test_without_credible_threats_the_joint_deal_is_the_separate_deals(
    seed: int, alpha: float, v: float
) -> None:
    actors = _actors(seed, (-5.0, -7.0), (50.0, 80.0))
    w = weights(5, alpha=alpha, v=v)
    res = negotiate_jointly(actors, w, additive_us_cost([50.0, 80.0], 5))
    alone = [solve_threat_game(a.stakes, w, [], execution_probability=[0.0]) for a in actors]
    # where every bilateral problem has a surplus at every US threat (exact zero-sum threats)
    ok = alone[0].constant_sum & alone[1].constant_sum
    for i in range(2):
        assert res.holder_payoff_usd_bn[ok, i] == pytest.approx(alone[i].holder_value[ok])


def test_beliefs_enter_through_the_expected_joint_cost() -> None:
    actors = _actors(2, (-5.0, -7.0), (50.0, 80.0))
    w = weights(5)
    table = np.tile([0.0, 50.0, 80.0, 200.0], (5, 1))  # a joint sale costs more than the sum
    res = negotiate_jointly(actors, w, table, us_belief=np.full((5, 2), 0.5))
    # E[cost] = 0.25 * (50 + 80 + 200) = 82.5 below the no-threat US threat point
    base = negotiate_jointly(actors, w, table)
    assert res.us_threat_usd_bn - base.us_threat_usd_bn == pytest.approx(np.full(5, -82.5))


def test_unsupported_forms_are_clear_errors() -> None:
    actors = _actors(3, (-5.0, 5.0), (1.0, 1.0))
    w = weights(5)
    with pytest.raises(InputError, match="actors"):
        negotiate_jointly(actors[:1], w, np.zeros((5, 2)))
    with pytest.raises(InputError, match="actors"):
        negotiate_jointly([actors[0]] * (MAX_JOINT_ACTORS + 1), w, np.zeros((5, 512)))
    with pytest.raises(InputError, match="distinct"):
        negotiate_jointly([actors[0], actors[0]], w, np.zeros((5, 4)))
    with pytest.raises(InputError, match="us_cost_by_subset"):
        negotiate_jointly(actors, w, np.zeros((5, 3)))
    with pytest.raises(InputError, match="split"):
        negotiate_jointly(actors, w, np.zeros((5, 4)), split="shapley")  # type: ignore[arg-type]
    none = JointActor("x", actors[0].stakes, ThreatOption("none", "none", 0.0, 0.0))
    with pytest.raises(InputError, match="threat"):
        negotiate_jointly([actors[0], none], w, np.zeros((5, 4)))

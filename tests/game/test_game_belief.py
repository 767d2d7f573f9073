"""Reasons to execute and threats valued by the other side's belief (docs/game.md).

Properties required by issue 10: a threat whose execution loses the holder money and that the
other side knows to be of that type moves the deal by nothing; adding a documented benefit of
execution never lowers credibility.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_game_threats import make_stakes, weights

from cardtable.errors import InputError
from cardtable.game import (
    ReasonsToExecute,
    ThreatOption,
    belief_value,
    believed_execution,
    credibility,
    execution_benefit,
    present_value_factor,
    solve_threat_game,
)
from cardtable.params import REGISTRY

RULES = ("simultaneous", "us_leads", "holder_leads")


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**16),
    cost_h=st.floats(0.01, 300),
    cost_us=st.floats(0, 300),
    prior=st.floats(0, 1),
    alpha=st.floats(0.1, 0.9),
    rule=st.sampled_from(RULES),
)
def test_known_loser_threat_moves_the_deal_by_nothing(
    seed: int, cost_h: float, cost_us: float, prior: float, alpha: float, rule: str
) -> None:
    rng = np.random.default_rng(seed)
    stakes = make_stakes(rng)
    w = weights(5, alpha=alpha)
    opt = ThreatOption("sell", "sell", cost_h, cost_us)
    val = belief_value(stakes, w, opt, prior_resolute=prior, type_known=True, rule=rule)  # type: ignore[arg-type]
    assert not val.belief.executes.any()
    assert np.all(val.belief.us_belief == 0.0)
    assert val.holder_gain_usd_bn == pytest.approx(np.zeros(5), abs=1e-9)
    assert val.us_change_usd_bn == pytest.approx(np.zeros(5), abs=1e-9)
    # the same payoffs as a negotiation with no holder threat at all
    none = solve_threat_game(stakes, w, [], rule=rule, execution_probability=[0.0])  # type: ignore[arg-type]
    assert val.holder_payoff_usd_bn == pytest.approx(none.holder_value, abs=1e-9)
    assert val.us_payoff_usd_bn == pytest.approx(none.us_value, abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**16), cost_h=st.floats(0.01, 300), prior=st.floats(0, 1))
def test_cheap_talk_moves_nothing(seed: int, cost_h: float, prior: float) -> None:
    # Crawford & Sobel: the announcement does not change the belief, so it is worth nothing
    stakes = make_stakes(np.random.default_rng(seed))
    opt = ThreatOption("sell", "sell", cost_h, 100.0)
    val = belief_value(stakes, weights(5), opt, prior_resolute=prior, prior_before=prior)
    assert val.holder_gain_usd_bn == pytest.approx(np.zeros(5), abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**16),
    p_lo=st.floats(0, 1),
    dp=st.floats(0, 1),
    rule=st.sampled_from(RULES),
)
def test_a_stronger_belief_never_hurts_the_holder(
    seed: int, p_lo: float, dp: float, rule: str
) -> None:
    stakes = make_stakes(np.random.default_rng(seed))
    opt = ThreatOption("sell", "sell", 50.0, 80.0)
    lo = belief_value(stakes, weights(5), opt, prior_resolute=p_lo, rule=rule)  # type: ignore[arg-type]
    hi = belief_value(stakes, weights(5), opt, prior_resolute=min(1.0, p_lo + dp), rule=rule)  # type: ignore[arg-type]
    assert np.all(hi.holder_gain_usd_bn >= lo.holder_gain_usd_bn - 1e-9)
    assert np.all(lo.holder_gain_usd_bn >= -1e-9)


def test_resolute_type_known_to_the_us_is_a_committed_threat() -> None:
    stakes = make_stakes(np.random.default_rng(3))
    w = weights(5)
    opt = ThreatOption("sell", "sell", 20.0, 90.0, benefit_usd_bn=30.0)  # margin +10
    val = belief_value(stakes, w, opt, type_known=True)
    committed = solve_threat_game(stakes, w, [opt], execution_probability=[0.0, 1.0])
    # announced row, US best reply: equals the committed game when the holder is held to it
    assert val.belief.executes.all()
    assert val.holder_payoff_usd_bn == pytest.approx(committed.holder_payoff[:, 1, :].min(axis=1))


def test_audience_cost_commits_a_type_that_would_otherwise_back_down() -> None:
    m = np.array([-5.0, -5.0, 3.0])
    b = believed_execution(m, audience_cost_usd_bn=np.array([2.0, 6.0, 0.0]), type_known=True)
    assert b.executes.tolist() == [False, True, True]
    b0 = believed_execution(m, audience_cost_usd_bn=6.0, announced=False, type_known=True)
    assert b0.executes.tolist() == [False, False, True]
    inc = believed_execution(m, prior_resolute=0.3)
    assert inc.us_belief == pytest.approx([0.3, 0.3, 0.3])
    with pytest.raises(InputError, match="prior_resolute"):
        believed_execution(m, prior_resolute=1.5)
    with pytest.raises(InputError, match="audience_cost"):
        believed_execution(m, audience_cost_usd_bn=-1.0)


# --- reasons to execute ------------------------------------------------------------------------

REASONS = st.builds(
    ReasonsToExecute,
    intervention_usd_bn=st.floats(0, 500),
    freeze_exposed=st.booleans(),
    diversifying=st.booleans(),
)


@settings(max_examples=60, deadline=None)
@given(
    reasons=REASONS,
    more=REASONS,
    moved=st.floats(0, 1000),
    share=st.floats(0, 1),
    seed=st.integers(0, 2**16),
)
def test_adding_a_documented_benefit_never_lowers_credibility(
    reasons: ReasonsToExecute, more: ReasonsToExecute, moved: float, share: float, seed: int
) -> None:
    params = REGISTRY.draw(8, seed, "default")
    pv = present_value_factor(params)
    both = ReasonsToExecute(
        intervention_usd_bn=reasons.intervention_usd_bn + more.intervention_usd_bn,
        freeze_exposed=reasons.freeze_exposed or more.freeze_exposed,
        diversifying=reasons.diversifying or more.diversifying,
    )
    kw = {"moved_usd_bn": moved, "converted_usd_bn": share * moved, "annuity_factor": pv}
    base = execution_benefit(reasons, params, **kw)
    added = execution_benefit(both, params, **kw)
    assert np.all(base.total_usd_bn >= 0.0)
    assert np.all(added.total_usd_bn >= base.total_usd_bn - 1e-12)
    stakes = make_stakes(np.random.default_rng(seed), d=8)
    cost = np.full(8, 40.0)
    c0 = credibility(stakes, weights(8), [ThreatOption("s", "sell", cost, 1.0, base.total_usd_bn)])
    c1 = credibility(stakes, weights(8), [ThreatOption("s", "sell", cost, 1.0, added.total_usd_bn)])
    assert np.all(c1.margin_usd_bn >= c0.margin_usd_bn - 1e-12)
    assert np.all(c1.credible >= c0.credible)


def test_benefit_formulas() -> None:
    params = REGISTRY.central("default", 1)
    pv = present_value_factor(params)
    b = execution_benefit(
        ReasonsToExecute(intervention_usd_bn=60.0, freeze_exposed=True, diversifying=True),
        params,
        moved_usd_bn=100.0,
        converted_usd_bn=80.0,
        annuity_factor=pv,
    )
    v = {k: float(params[k][0]) for k in REGISTRY.names}
    assert b.intervention_usd_bn[0] == pytest.approx(v["intervention_value_per_usd"] * 60.0)
    h, t = v["freeze_hazard_pct_per_year"] / 100, v["negotiation_horizon_years"]
    assert b.freeze_usd_bn[0] == pytest.approx(100.0 * (1 - (1 - h) ** t))
    div = 100.0 * v["diversification_value_bp_per_year"] / 1e4 * float(pv[0])
    assert b.diversification_usd_bn[0] == pytest.approx(div)
    none = execution_benefit(ReasonsToExecute(), params, moved_usd_bn=100.0, annuity_factor=pv)
    assert none.total_usd_bn[0] == 0.0


def test_benefit_inputs_are_checked() -> None:
    params = REGISTRY.central("default", 1)
    pv = present_value_factor(params)
    with pytest.raises(InputError, match="intervention_usd_bn"):
        ReasonsToExecute(intervention_usd_bn=-1.0)
    with pytest.raises(InputError, match="converted_usd_bn"):
        execution_benefit(
            ReasonsToExecute(), params, moved_usd_bn=10.0, converted_usd_bn=20.0, annuity_factor=pv
        )
    with pytest.raises(InputError, match="benefit_usd_bn"):
        ThreatOption("s", "sell", 1.0, 1.0, benefit_usd_bn=-2.0)

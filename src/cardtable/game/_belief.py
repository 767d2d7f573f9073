"""Reasons to execute a threat, and a threat valued by what the other side believes.

**Reasons to execute** (registry ``game`` group). Executing a threat moves ``A`` dollars out of
Treasuries (sold, or not bought); a sale converts ``A_conv`` of them into the home currency.
Documented cases give the holder three benefits, each >= 0:

.. math::

    B = \\underbrace{b_{int}\\,\\min(A_{conv}, I)}_{\\text{funds a wanted intervention}}
      + \\underbrace{A\\,[1 - (1 - h)^T]}_{\\text{exposure to a freeze}}
      + \\underbrace{A\\,\\frac{b_{div}}{10^4}\\,A(T)}_{\\text{diversification}},

with ``I`` the intervention the holder wants anyway (Japan 2022, 2024), ``h`` the annual
freeze hazard (Russia 2014, 2018, 2022), ``b_div`` the annual value of diversifying and ``A(T)``
the annuity factor. The holder's credibility margin becomes :math:`m = B - C_H(S)`: it can be
positive where the cases say it was, and a benefit never lowers it.

**Belief** (Schelling 1960; Fearon 1994; Crawford & Sobel 1982). The holder is one of two
types: *resolute* (executing pays once talks fail: :math:`m + a \\ge 0`, with ``a`` the audience
cost of backing down from an announced threat) or *ordinary* (executing loses money). The US
values the threat point with its belief ``e`` that the holder executes:

* complete information (the US knows the type): :math:`e = 1[m + a \\ge 0]`;
* incomplete information: :math:`e = \\mu`, the prior that the holder is resolute (the
  market-implied probability, :mod:`._implied`). An announcement is cheap talk: an ordinary type
  gains from mimicking, so in equilibrium both types announce and the announcement carries no
  information (Crawford & Sobel's babbling equilibrium); the belief stays at the prior.

The holder's own disagreement payoff follows its true type: :math:`d_H = U_H(\\tau) + m` if it
executes, :math:`U_H(\\tau) - a` if it announced and backs down, :math:`U_H(\\tau)` otherwise;
the US's is :math:`d_{US} = U_{US}(\\tau) - e\\,w_{bond}\\,C_{US}(S)`. Bargaining then proceeds
as in :mod:`._nash` from :math:`(d_H, d_{US})`. A threat whose execution loses the holder money
and that the US knows to be of that type has :math:`e = 0` and, without audience cost, leaves
:math:`d` and the deal exactly where they were.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from cardtable._quantiles import quantiles
from cardtable._typing import BoolArray, FloatArray
from cardtable.errors import InputError
from cardtable.game._payoffs import PayoffWeights, TradeStakes
from cardtable.game._threats import ThreatOption, ThreatRule, joint_optimum
from cardtable.game._zerosum import solve_zero_sum
from cardtable.params import ParamDraws

__all__ = [
    "Belief",
    "BeliefValue",
    "ExecutionBenefit",
    "ReasonsToExecute",
    "belief_value",
    "believed_execution",
    "execution_benefit",
]


@dataclass(frozen=True)
class ReasonsToExecute:
    """Which documented reasons to execute apply to a holder (scenario toggles).

    Attributes
    ----------
    intervention_usd_bn
        Currency intervention (dollar selling) the holder wants anyway over the horizon; a
        converted sale funds it up to this amount (0: none wanted).
    freeze_exposed
        The holder fears a freeze of its US assets (sanctions precedent).
    diversifying
        The holder is moving reserves out of dollars anyway.
    """

    intervention_usd_bn: float = 0.0
    freeze_exposed: bool = False
    diversifying: bool = False

    def __post_init__(self) -> None:
        if not np.isfinite(self.intervention_usd_bn) or self.intervention_usd_bn < 0:
            raise InputError("intervention_usd_bn", self.intervention_usd_bn, "a number >= 0")

    @property
    def any(self) -> bool:
        """Whether any reason applies."""
        return self.intervention_usd_bn > 0 or self.freeze_exposed or self.diversifying


@dataclass(frozen=True)
class ExecutionBenefit:
    """The holder's benefits of executing a threat, per draw (USD bn, present values, >= 0)."""

    intervention_usd_bn: FloatArray
    freeze_usd_bn: FloatArray
    diversification_usd_bn: FloatArray

    @property
    def total_usd_bn(self) -> FloatArray:
        """Sum of the three benefits ``(D,)``."""
        out: FloatArray = self.intervention_usd_bn + self.freeze_usd_bn
        out = out + self.diversification_usd_bn
        return out

    def to_dict(self) -> dict[str, Any]:
        """p5 / p50 / p95 of each benefit and the total."""
        return {
            "intervention_usd_bn": quantiles(self.intervention_usd_bn),
            "freeze_usd_bn": quantiles(self.freeze_usd_bn),
            "diversification_usd_bn": quantiles(self.diversification_usd_bn),
            "total_usd_bn": quantiles(self.total_usd_bn),
        }


def execution_benefit(
    reasons: ReasonsToExecute,
    params: ParamDraws,
    *,
    moved_usd_bn: float | FloatArray,
    converted_usd_bn: float | FloatArray = 0.0,
    annuity_factor: FloatArray,
) -> ExecutionBenefit:
    """Benefits of executing a threat that moves ``moved_usd_bn`` out of Treasuries.

    Parameters
    ----------
    reasons
        Which reasons apply.
    params
        Draws ``(D,)`` with ``intervention_value_per_usd``, ``freeze_hazard_pct_per_year``,
        ``diversification_value_bp_per_year`` and ``negotiation_horizon_years``.
    moved_usd_bn
        Dollars sold (a sale) or not bought (a buyers' strike), >= 0.
    converted_usd_bn
        Of which converted into the home currency (only a sale funds an intervention).
    annuity_factor
        ``(D,)`` :func:`~cardtable.game.present_value_factor`.

    Returns
    -------
    ExecutionBenefit
    """
    n = params.n
    moved = np.broadcast_to(np.asarray(moved_usd_bn, dtype=np.float64), (n,))
    conv = np.broadcast_to(np.asarray(converted_usd_bn, dtype=np.float64), (n,))
    if np.any(moved < 0) or np.any(conv < 0) or np.any(conv > moved + 1e-9):
        raise InputError(
            "converted_usd_bn", "outside [0, moved_usd_bn]", "0 <= converted <= moved >= 0"
        )
    zero = np.zeros(n)
    intervention = zero
    if reasons.intervention_usd_bn > 0:
        funded = np.minimum(conv, reasons.intervention_usd_bn)
        intervention = params["intervention_value_per_usd"] * funded
    freeze = zero
    if reasons.freeze_exposed:
        h = np.clip(params["freeze_hazard_pct_per_year"] / 100.0, 0.0, 1.0)
        years = params["negotiation_horizon_years"]
        freeze = moved * -np.expm1(years * np.log1p(-np.minimum(h, 1.0 - 1e-15)))
    diversification = zero
    if reasons.diversifying:
        rate = params["diversification_value_bp_per_year"] / 1e4
        diversification = moved * rate * np.asarray(annuity_factor, dtype=np.float64)
    return ExecutionBenefit(
        intervention_usd_bn=np.asarray(intervention, dtype=np.float64),
        freeze_usd_bn=np.asarray(freeze, dtype=np.float64),
        diversification_usd_bn=np.asarray(diversification, dtype=np.float64),
    )


@dataclass(frozen=True)
class Belief:
    """Who executes, and what the US believes, per draw.

    Attributes
    ----------
    margin_usd_bn
        ``(D,)`` executing minus not executing once talks failed, audience cost included when
        announced (:math:`m + a`).
    executes
        ``(D,)`` the holder's type executes (resolute).
    us_belief
        ``(D,)`` the US's probability that the holder executes.
    type_known
        Complete information.
    """

    margin_usd_bn: FloatArray
    executes: BoolArray
    us_belief: FloatArray
    type_known: bool


def believed_execution(
    margin_usd_bn: FloatArray,
    *,
    prior_resolute: float | FloatArray = 0.0,
    audience_cost_usd_bn: float | FloatArray = 0.0,
    announced: bool = True,
    type_known: bool = False,
) -> Belief:
    """The holder's type and the US's belief that it executes (see module docs).

    Parameters
    ----------
    margin_usd_bn
        ``(D,)`` credibility margin :math:`B - C_H` (benefits minus the holder's cost).
    prior_resolute
        The US's prior that the holder is resolute (scalar or ``(D,)``, in [0, 1]).
    audience_cost_usd_bn
        Cost of backing down from an announced threat (>= 0).
    announced
        Whether the threat was announced (audience costs apply only then).
    type_known
        Complete information: the US knows whether the holder executes.
    """
    m = np.asarray(margin_usd_bn, dtype=np.float64)
    n = m.shape[0]
    mu = np.broadcast_to(np.asarray(prior_resolute, dtype=np.float64), (n,))
    if np.any((mu < 0) | (mu > 1)) or not np.all(np.isfinite(mu)):
        raise InputError("prior_resolute", "outside [0, 1]", "a probability in [0, 1]")
    a = np.broadcast_to(np.asarray(audience_cost_usd_bn, dtype=np.float64), (n,))
    if np.any(a < 0):
        raise InputError("audience_cost_usd_bn", "negative", "a cost >= 0")
    eff = m + a if announced else m
    executes = eff >= 0.0
    belief = executes.astype(np.float64) if type_known else np.array(mu, dtype=np.float64)
    return Belief(margin_usd_bn=eff, executes=executes, us_belief=belief, type_known=type_known)


@dataclass(frozen=True)
class BeliefValue:
    """Bargaining payoffs when the US values the threat by its belief, and the gain.

    Attributes
    ----------
    label
        The threat.
    belief
        Types and the US's belief (announced).
    holder_payoff_usd_bn, us_payoff_usd_bn
        ``(D,)`` bargaining payoffs with the threat announced (US threat chosen by ``rule``).
    holder_gain_usd_bn, us_change_usd_bn
        ``(D,)`` payoffs announcing minus not announcing (belief without the announcement:
        the type under complete information, ``prior_before`` otherwise).
    agreement
        ``(D,)`` a deal is struck with the threat announced.
    """

    label: str
    belief: Belief
    holder_payoff_usd_bn: FloatArray
    us_payoff_usd_bn: FloatArray
    holder_gain_usd_bn: FloatArray
    us_change_usd_bn: FloatArray
    agreement: BoolArray

    def to_dict(self) -> dict[str, Any]:
        """p5 / p50 / p95 of the belief and the gains."""
        return {
            "threat": self.label,
            "type_known": self.belief.type_known,
            "resolute_share": round(float(self.belief.executes.mean()), 4),
            "us_belief": quantiles(self.belief.us_belief),
            "holder_gain_usd_bn": quantiles(self.holder_gain_usd_bn),
            "us_change_usd_bn": quantiles(self.us_change_usd_bn),
        }


def _bargain(
    stakes: TradeStakes,
    weights: PayoffWeights,
    s0: FloatArray,
    d_h: FloatArray,
    d_us: FloatArray,
    rule: ThreatRule,
) -> tuple[FloatArray, FloatArray, BoolArray]:
    """Nash bargaining from threat points ``(D, M)`` (one per US threat); the US picks."""
    v = weights.v_us[:, None]
    alpha = weights.alpha[:, None]
    surplus = s0[:, None] - v * d_h - d_us
    agree = surplus > 0.0
    h = np.where(agree, d_h + alpha * surplus / v, d_h)
    u = np.where(agree, d_us + (1.0 - alpha) * surplus, d_us)
    n = h.shape[0]
    rows = np.arange(n)
    if rule == "simultaneous":
        sol = solve_zero_sum(h[:, None, :])
        y = sol.col_strategy
    else:
        y = np.zeros_like(h)
        y[rows, np.argmax(u, axis=1)] = 1.0
    hv = np.einsum("nm,nm->n", h, y)
    uv = np.einsum("nm,nm->n", u, y)
    ok = np.all(agree | (y <= 0.0), axis=1)
    return hv, uv, ok


def belief_value(
    stakes: TradeStakes,
    weights: PayoffWeights,
    option: ThreatOption,
    *,
    prior_resolute: float | FloatArray = 0.0,
    prior_before: float | FloatArray = 0.0,
    audience_cost_usd_bn: float | FloatArray = 0.0,
    type_known: bool = False,
    rule: ThreatRule = "simultaneous",
    optimum: tuple[FloatArray, FloatArray] | None = None,
) -> BeliefValue:
    """Value of announcing ``option`` when the US values it by its belief (module docs).

    Parameters
    ----------
    stakes, weights
        Trade payoffs and weights per draw.
    option
        The announced threat with the engine's costs of executing it and the holder's benefits
        of executing (``benefit_usd_bn``, from :func:`execution_benefit`).
    prior_resolute
        The US's belief after the announcement under incomplete information (the
        market-implied probability).
    prior_before
        Its belief without the announcement (default 0: no priced threat).
    audience_cost_usd_bn
        Cost of backing down once announced.
    type_known
        Complete information (the belief is the type).
    rule
        How the US chooses its threat (as in :func:`announcement_value`).
    optimum
        :func:`joint_optimum` if already computed.
    """
    if rule not in ("simultaneous", "us_leads", "holder_leads"):
        raise InputError("rule", rule, "'simultaneous', 'us_leads' or 'holder_leads'")
    if option.kind == "none":
        raise InputError("option", option.label, "a threat other than 'none'")
    n = stakes.pv_factor.shape[0]

    def col(x: float | FloatArray) -> FloatArray:
        return np.broadcast_to(np.asarray(x, dtype=np.float64), (n,))

    cost_h = col(option.seller_cost_usd_bn)
    cost_us = col(option.us_cost_usd_bn)
    margin = col(option.benefit_usd_bn) - cost_h
    after = believed_execution(
        margin,
        prior_resolute=prior_resolute,
        audience_cost_usd_bn=audience_cost_usd_bn,
        announced=True,
        type_known=type_known,
    )
    before = believed_execution(
        margin, prior_resolute=prior_before, announced=False, type_known=type_known
    )
    _, s0 = joint_optimum(stakes, weights) if optimum is None else optimum
    base_h = stakes.holder_threat(weights)
    base_us = stakes.us_threat(weights)
    a = col(audience_cost_usd_bn)

    def threat_points(b: Belief, backdown: FloatArray) -> tuple[FloatArray, FloatArray]:
        x = b.executes.astype(np.float64)
        own = x * margin - (1.0 - x) * backdown
        d_h = base_h + own[:, None]
        d_us = base_us - (weights.w_bond * b.us_belief * cost_us)[:, None]
        return d_h, d_us

    h1, u1, ok = _bargain(stakes, weights, s0, *threat_points(after, a), rule)
    h0, u0, _ = _bargain(stakes, weights, s0, *threat_points(before, np.zeros(n)), rule)
    return BeliefValue(
        label=option.label,
        belief=after,
        holder_payoff_usd_bn=h1,
        us_payoff_usd_bn=u1,
        holder_gain_usd_bn=h1 - h0,
        us_change_usd_bn=u1 - u0,
        agreement=ok,
    )

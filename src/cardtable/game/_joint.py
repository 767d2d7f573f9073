"""Joint threats: several holders bargaining together with the US (a coalition bargaining problem).

Holders :math:`i = 1..n` (Japan and China together, say) each have a bilateral trade stake with
the US (:class:`~cardtable.game.TradeStakes`: own deal grid, own US threat menu) and one threat
(sell or stop buying) with its own cost, benefits and so its own credibility margin
:math:`m_i = B_i - C_{H,i}`. Executed together, the threats cost the US
:math:`C_{US}(S)` for the set ``S`` of holders that execute (engine output per subset: market
impact is not additive), given as a ``(D, 2^n)`` table.

**Threat point.** Holder ``i`` executes on disagreement if it is resolute (:math:`m_i \\ge 0`,
or as given); the US believes holder ``i`` executes with probability :math:`e_i` (its type under
complete information; a prior otherwise), independently across holders:

.. math::

    d_{H,i} = U_{H,i}(\\tau_{j_i}) + x_i m_i, \\qquad
    d_{US} = \\sum_i U_{US,i}(\\tau_{j_i}) - w_{bond} \\sum_S P_e(S)\\,C_{US}(S),

with :math:`P_e(S) = \\prod_{i \\in S} e_i \\prod_{i \\notin S} (1 - e_i)`.

**Bargaining** (generalised Nash with ``n + 1`` players and transferable utility; a holder's
dollar is worth ``v`` to the US and one to another holder). With
:math:`S_0 = \\sum_i \\max_g [v\\,u_{H,i}(g) + u_{US,i}(g)]` and
:math:`A = S_0 - v \\sum_i d_{H,i} - d_{US}`, the product
:math:`\\prod_i (U_i - d_i)^{\\alpha/n} (U_{US} - d_{US})^{1-\\alpha}` is maximised by

.. math::

    U_{H,i} = d_{H,i} + \\beta_i \\frac{A}{v}, \\qquad
    U_{US} = d_{US} + (1-\\alpha) A, \\qquad \\sum_i \\beta_i = \\alpha.

The holders split their bargaining power :math:`\\alpha` by ``split``: ``"surplus"`` (default)
in proportion to each one's bilateral surplus without threats,
:math:`A_i^0 = \\max(0, S_{0,i} - v\\,U_{H,i}(\\tau_{j_i}) - U_{US,i}(\\tau_{j_i}))`, so that
holders without credible threats get exactly their separate bilateral deals; ``"equal"``:
:math:`\\beta_i = \\alpha / n` (a pooled coalition, in which a holder with little at stake shares
in the others' surplus through transfers). With the holders' threats
fixed, the coalition's payoff is separable in the US threats, so the US picks each holder's
threat to minimise :math:`(1-\\alpha)\\,U_{H,i}(\\tau_j) - (\\alpha/v)\\,U_{US,i}(\\tau_j)`, as in
the bilateral zero-sum threat game. Each holder's **card value** is its payoff minus its payoff
with its own threat removed (the others' kept).

Forms not supported raise :class:`~cardtable.errors.InputError`: more than
:data:`MAX_JOINT_ACTORS` holders, holders without a threat, a US cost table of the wrong shape.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from cardtable._quantiles import quantiles
from cardtable._typing import BoolArray, FloatArray
from cardtable.errors import InputError
from cardtable.game._payoffs import PayoffWeights, TradeStakes
from cardtable.game._threats import ThreatOption, joint_optimum

__all__ = [
    "MAX_JOINT_ACTORS",
    "JointActor",
    "JointNegotiation",
    "additive_us_cost",
    "negotiate_jointly",
]

MAX_JOINT_ACTORS = 8
Split = Literal["surplus", "equal"]


@dataclass(frozen=True)
class JointActor:
    """One holder in a joint negotiation.

    Attributes
    ----------
    name
        Holder name.
    stakes
        Its bilateral trade stakes with the US.
    threat
        Its threat, with its own cost and benefits of executing *when the holders execute
        together* (engine output of the joint plan).
    """

    name: str
    stakes: TradeStakes
    threat: ThreatOption


def additive_us_cost(us_cost_usd_bn: Sequence[FloatArray | float], n_draws: int) -> FloatArray:
    """``(D, 2^n)`` US cost by subset as the sum of the members' solo costs.

    An approximation: the engine's cost of a joint sale is not additive (market impact is
    concave with the backstop, convex without); use the engine's table where it exists.
    """
    n = len(us_cost_usd_bn)
    cols = [np.broadcast_to(np.asarray(c, dtype=np.float64), (n_draws,)) for c in us_cost_usd_bn]
    masks = _masks(n)
    return np.stack([sum((cols[i] for i in range(n) if m[i]), np.zeros(n_draws)) for m in masks], 1)


def _masks(n: int) -> list[tuple[bool, ...]]:
    """Subsets as membership tuples, subset index = sum of 2^i over members."""
    return [tuple(bool(k >> i & 1) for i in range(n)) for k in range(1 << n)]


@dataclass(frozen=True)
class JointNegotiation:
    """Result of :func:`negotiate_jointly` (arrays ``(D,)`` or ``(D, n)``).

    Attributes
    ----------
    actors
        Holder names ``(n,)``.
    margin_usd_bn
        ``(D, n)`` each holder's credibility margin.
    executes, us_belief
        ``(D, n)`` who executes on disagreement; the US's belief that each does.
    us_threats
        ``(D, n)`` index of the US threat chosen against each holder (its stakes' labels).
    holder_payoff_usd_bn, holder_threat_usd_bn
        ``(D, n)`` bargaining payoffs and threat points.
    us_payoff_usd_bn, us_threat_usd_bn
        ``(D,)``.
    card_value_usd_bn
        ``(D, n)`` each holder's payoff minus its payoff with its own threat removed.
    agreement
        ``(D,)`` a joint deal is struck.
    deal_tariff_pct
        ``(D, n)`` each holder's deal tariff level (NaN without agreement).
    transfer_usd_bn
        ``(D, n)`` each holder's transfer to the US (0 without agreement).
    """

    actors: tuple[str, ...]
    margin_usd_bn: FloatArray
    executes: BoolArray
    us_belief: FloatArray
    us_threats: FloatArray
    holder_payoff_usd_bn: FloatArray
    holder_threat_usd_bn: FloatArray
    us_payoff_usd_bn: FloatArray
    us_threat_usd_bn: FloatArray
    card_value_usd_bn: FloatArray
    agreement: BoolArray
    deal_tariff_pct: FloatArray
    transfer_usd_bn: FloatArray

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: p5 / p50 / p95 per holder and for the US."""
        return {
            "actors": list(self.actors),
            "agreement_probability": round(float(self.agreement.mean()), 4),
            "holders": {
                name: {
                    "credible_probability": round(float(self.executes[:, i].mean()), 4),
                    "credibility_margin_usd_bn": quantiles(self.margin_usd_bn[:, i]),
                    "us_belief": quantiles(self.us_belief[:, i]),
                    "payoff_usd_bn": quantiles(self.holder_payoff_usd_bn[:, i]),
                    "card_value_usd_bn": quantiles(self.card_value_usd_bn[:, i]),
                    "deal_tariff_pct": quantiles(self.deal_tariff_pct[:, i]),
                    "transfer_usd_bn": quantiles(self.transfer_usd_bn[:, i]),
                }
                for i, name in enumerate(self.actors)
            },
            "us_payoff_usd_bn": quantiles(self.us_payoff_usd_bn),
        }


def _check(
    actors: Sequence[JointActor], us_cost_by_subset: FloatArray
) -> tuple[int, int, FloatArray]:
    n = len(actors)
    if n < 2 or n > MAX_JOINT_ACTORS:
        raise InputError("actors", n, f"2 to {MAX_JOINT_ACTORS} holders in a joint negotiation")
    names = [a.name for a in actors]
    if len(set(names)) != n:
        raise InputError("actors", names, "distinct holders")
    none = [a.name for a in actors if a.threat.kind == "none"]
    if none:
        raise InputError(f"actors.{none[0]}.threat", "none", "a sale or a buyers' strike")
    d = actors[0].stakes.pv_factor.shape[0]
    if any(a.stakes.pv_factor.shape[0] != d for a in actors):
        raise InputError("actors", "different draw counts", "the same draws for every holder")
    table = np.asarray(us_cost_by_subset, dtype=np.float64)
    if table.shape != (d, 1 << n):
        raise InputError("us_cost_by_subset", table.shape, f"shape ({d}, {1 << n}): D x 2^n")
    if np.any(np.abs(table[:, 0]) > 1e-9):
        raise InputError("us_cost_by_subset", "nonzero", "no cost when no holder executes")
    return n, d, table


def _solve(
    actors: Sequence[JointActor],
    weights: PayoffWeights,
    table: FloatArray,
    margin: FloatArray,
    executes: BoolArray,
    belief: FloatArray,
    opt: list[tuple[FloatArray, FloatArray]],
    split: Split,
) -> dict[str, FloatArray]:
    n = len(actors)
    d = table.shape[0]
    v = weights.v_us
    alpha = weights.alpha
    # expected US cost of the executed set under the US's beliefs
    prob = np.ones((d, 1 << n))
    for k, m in enumerate(_masks(n)):
        for i in range(n):
            prob[:, k] *= belief[:, i] if m[i] else 1.0 - belief[:, i]
    exp_cost = np.einsum("dk,dk->d", prob, table)
    d_h = np.empty((d, n))
    d_us = -weights.w_bond * exp_cost
    j = np.empty((d, n))
    own = np.empty((d, n))
    rows = np.arange(d)
    for i, a in enumerate(actors):
        bh = a.stakes.holder_threat(weights)
        bu = a.stakes.us_threat(weights)
        score = (1.0 - alpha)[:, None] * bh - (alpha / v)[:, None] * bu
        ji = np.argmin(score, axis=1)
        j[:, i] = ji
        d_h[:, i] = bh[rows, ji] + np.where(executes[:, i], margin[:, i], 0.0)
        d_us = d_us + bu[rows, ji]
        own[:, i] = np.maximum(opt[i][1] - v * bh[rows, ji] - bu[rows, ji], 0.0)
    s0 = sum((o[1] for o in opt), np.zeros(d))
    surplus = s0 - v * d_h.sum(axis=1) - d_us
    agree = surplus > 0.0
    share = np.where(agree, surplus, 0.0)
    if split == "equal":
        beta = np.broadcast_to((alpha / n)[:, None], (d, n))
    else:
        tot = own.sum(axis=1, keepdims=True)
        frac = np.divide(own, tot, out=np.full((d, n), 1.0 / n), where=tot > 0.0)
        beta = alpha[:, None] * frac
    h = d_h + beta * (share / v)[:, None]
    u = d_us + (1.0 - alpha) * share
    return {"h": h, "u": u, "d_h": d_h, "d_us": d_us, "agree": agree, "j": j}


def negotiate_jointly(
    actors: Sequence[JointActor],
    weights: PayoffWeights,
    us_cost_by_subset: FloatArray,
    *,
    us_belief: FloatArray | None = None,
    executes: BoolArray | None = None,
    split: Split = "surplus",
) -> JointNegotiation:
    """Solve the joint negotiation of several holders with the US (module docs).

    Parameters
    ----------
    actors
        2 to :data:`MAX_JOINT_ACTORS` holders with their stakes and threats.
    weights
        Payoff weights per draw (the US's; the holders share ``w_exp`` and ``alpha``).
    us_cost_by_subset
        ``(D, 2^n)``: US cost (present value) when the holders in subset ``k`` execute
        (member ``i`` iff bit ``i`` of ``k``); column 0 is 0. :func:`additive_us_cost` builds
        an additive approximation.
    us_belief
        ``(D, n)`` the US's belief that each holder executes; default: complete information
        (the holder's type).
    executes
        ``(D, n)`` who executes on disagreement; default: credible (margin >= 0).
    split
        How the holders share their bargaining power: ``surplus`` or ``equal``.

    Returns
    -------
    JointNegotiation
    """
    n, d, table = _check(actors, us_cost_by_subset)
    if split not in ("surplus", "equal"):
        raise InputError("split", split, "'surplus' or 'equal'")

    def col(x: FloatArray | float) -> FloatArray:
        return np.broadcast_to(np.asarray(x, dtype=np.float64), (d,))

    margin = np.stack(
        [col(a.threat.benefit_usd_bn) - col(a.threat.seller_cost_usd_bn) for a in actors], 1
    )
    x = margin >= 0.0 if executes is None else np.asarray(executes, dtype=np.bool_)
    e = x.astype(np.float64) if us_belief is None else np.asarray(us_belief, dtype=np.float64)
    if x.shape != (d, n) or e.shape != (d, n) or np.any((e < 0) | (e > 1)):
        raise InputError("us_belief", e.shape, f"({d}, {n}) probabilities (and executes)")
    opt = [joint_optimum(a.stakes, weights) for a in actors]
    full = _solve(actors, weights, table, margin, x, e, opt, split)
    card = np.empty((d, n))
    for i in range(n):
        xi, ei = x.copy(), e.copy()
        xi[:, i] = False
        ei[:, i] = 0.0
        card[:, i] = (
            full["h"][:, i] - _solve(actors, weights, table, margin, xi, ei, opt, split)["h"][:, i]
        )
    agree = np.asarray(full["agree"], dtype=np.bool_)
    deal = np.full((d, n), np.nan)
    transfer = np.zeros((d, n))
    rows = np.arange(d)
    for i, a in enumerate(actors):
        idx = opt[i][0]
        uh = a.stakes.holder_grid(weights)[rows, idx]
        deal[:, i] = np.where(agree, a.stakes.deal_tariffs_pct[idx], np.nan)
        transfer[:, i] = np.where(agree, uh - full["h"][:, i], 0.0)
    return JointNegotiation(
        actors=tuple(a.name for a in actors),
        margin_usd_bn=margin,
        executes=x,
        us_belief=e,
        us_threats=full["j"],
        holder_payoff_usd_bn=full["h"],
        holder_threat_usd_bn=full["d_h"],
        us_payoff_usd_bn=full["u"],
        us_threat_usd_bn=full["d_us"],
        card_value_usd_bn=card,
        agreement=agree,
        deal_tariff_pct=deal,
        transfer_usd_bn=transfer,
    )

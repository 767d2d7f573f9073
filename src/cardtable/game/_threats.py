"""Threats: credibility, variable threats (Nash 1953) and threats that leave something to chance.

**Threat point.** If talks fail, the US imposes its threatened tariffs :math:`\\tau_j` and the
holder executes its threat ``i`` (a sale ``S_i``, a buyers' strike) with probability
:math:`e_i`:

.. math::

    d_H(i, j) = U_H(\\tau_j, 0, 0) - e_i\\,\\mathrm{seller\\_cost}(S_i), \\qquad
    d_{US}(i, j) = U_{US}(\\tau_j, 0, 0) - e_i\\,w_{bond}\\,\\mathrm{us\\_cost}(S_i).

**Credibility** (Schelling 1960). The holder's margin from executing rather than not once talks
have failed is :math:`U_H(\\tau, 0, S) - U_H(\\tau, 0, 0)` (``= benefit(S) - seller_cost(S)``
since the payoffs are additive; the benefits are the documented reasons to execute); a threat
is credible if the margin is >= 0. In a subgame-perfect
equilibrium a non-credible threat is not executed, so :math:`e_i = 1` if credible (or if the
sale is *committed*, or automatic) and 0 otherwise; an announced threat executed with
probability ``p`` that the holder does not fully control has :math:`e_i = p` (Schelling's threat
that leaves something to chance).

**Bargaining from the threat point** (transferable utility, :mod:`._nash`): with
:math:`v = v_{US}` and :math:`S_0 = \\max_g [v\\,u_H(g) + u_{US}(g)]`, the surplus is
:math:`A = S_0 - v d_H - d_{US}`; if positive, H gets :math:`d_H + \\alpha A / v` and the US
:math:`d_{US} + (1-\\alpha) A`. H's payoff is :math:`\\alpha S_0 / v + (1-\\alpha) d_H -
(\\alpha / v) d_{US}`, so a threat helps H by :math:`(\\alpha/v) w_{bond}\\,\\mathrm{us\\_cost} -
(1-\\alpha)\\,\\mathrm{seller\\_cost}` per unit executed: a threat that costs the threatener as
much as the target (in these bargaining-weighted terms) adds no bargaining power, and a costlier
threat never adds more.

**Variable threats** (Nash 1953, "Two-person cooperative games"). Each side chooses its threat
to move the threat point in its favour. With transferable utility the outcome is zero-sum in
H's bargaining payoff (when every threat pair leaves a surplus), so:

* ``rule="simultaneous"``: threats chosen simultaneously, mixed threats allowed: the value of
  the matrix game (:func:`._zerosum.solve_zero_sum`, exact; pure saddle reported when it
  exists). When some threat pair leaves no surplus the game is not constant-sum and the result
  is H's max-min (security) value; ``constant_sum`` flags the draws where the solution is exact.
* ``rule="us_leads"`` / ``"holder_leads"``: one side commits to its threat first; the other
  best-responds; the subgame-perfect threats by backward induction (pure; ties go to the first
  option, so "none" first means no threat when indifferent).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from cardtable._typing import BoolArray, FloatArray
from cardtable.errors import InputError
from cardtable.game._payoffs import PayoffWeights, TradeStakes, holder_payoff, us_payoff
from cardtable.game._zerosum import _first_best, _fold, solve_zero_sum
from cardtable.trade import BLOCK_CELLS

__all__ = [
    "NO_THREAT",
    "AnnouncementValue",
    "Credibility",
    "ThreatGame",
    "ThreatKind",
    "ThreatOption",
    "ThreatRule",
    "announcement_value",
    "credibility",
    "solve_threat_game",
]

ThreatKind = Literal["none", "stop_buying", "sell"]
ThreatRule = Literal["simultaneous", "us_leads", "holder_leads"]


@dataclass(frozen=True)
class ThreatOption:
    """One threat the holder can make, with the engine's cost of executing it.

    Attributes
    ----------
    label
        Name (``sell_300``).
    kind
        ``none``, ``stop_buying`` or ``sell`` (the card value removes the ``sell`` options).
    seller_cost_usd_bn, us_cost_usd_bn
        Present-value cost of executing the threat to the holder and to the US (engine
        outputs), arrays ``(D,)`` or scalars.
    benefit_usd_bn
        The holder's documented benefits of executing (>= 0: funding a wanted currency
        intervention, cutting exposure to a freeze, diversifying; see
        :func:`~cardtable.game.execution_benefit`). Executing costs the holder
        ``seller_cost - benefit``, so the credibility margin is ``benefit - seller_cost``.
    """

    label: str
    kind: ThreatKind
    seller_cost_usd_bn: FloatArray | float
    us_cost_usd_bn: FloatArray | float
    benefit_usd_bn: FloatArray | float = 0.0

    def __post_init__(self) -> None:
        if np.any(np.asarray(self.benefit_usd_bn, dtype=np.float64) < 0.0):
            raise InputError("benefit_usd_bn", "negative", "benefits of executing >= 0")


NO_THREAT = ThreatOption("none", "none", 0.0, 0.0)


def _with_none(options: Sequence[ThreatOption]) -> list[ThreatOption]:
    labels = [o.label for o in options]
    if len(set(labels)) != len(labels):
        raise InputError("holder_threats", labels, "distinct labels")
    rest = [o for o in options if o.kind != "none"]
    return [NO_THREAT, *rest]


def _costs(options: Sequence[ThreatOption], n: int) -> tuple[FloatArray, FloatArray]:
    seller = np.stack(
        [
            np.broadcast_to(
                np.asarray(o.seller_cost_usd_bn, float) - np.asarray(o.benefit_usd_bn, float),
                (n,),
            )
            for o in options
        ],
        axis=1,
    )
    us = np.stack(
        [np.broadcast_to(np.asarray(o.us_cost_usd_bn, float), (n,)) for o in options], axis=1
    )
    return seller, us


@dataclass(frozen=True)
class Credibility:
    """Credibility of each holder threat per draw.

    Attributes
    ----------
    labels
        Threat labels ``(K,)`` ("none" first).
    margin_usd_bn
        ``(D, K)``: :math:`U_H(\\tau, 0, S) - U_H(\\tau, 0, 0)` at the first US threat.
    credible
        ``(D, K)``: margin >= 0.
    probability
        ``(K,)``: share of draws where the threat is credible.
    """

    labels: tuple[str, ...]
    margin_usd_bn: FloatArray
    credible: BoolArray
    probability: FloatArray


def credibility(
    stakes: TradeStakes, weights: PayoffWeights, options: Sequence[ThreatOption]
) -> Credibility:
    """Credibility margins of the holder's threats, computed from the payoff function."""
    opts = _with_none(options)
    n = stakes.pv_factor.shape[0]
    seller, _ = _costs(opts, n)
    loss = stakes.threat_exporter_loss_usd_bn[:, :1]  # (D, 1): at the first US threat
    execute = holder_payoff(loss, weights, seller_cost_usd_bn=seller)
    refrain = holder_payoff(loss, weights)
    margin = execute - refrain
    credible = margin >= 0.0
    return Credibility(
        labels=tuple(o.label for o in opts),
        margin_usd_bn=margin,
        credible=credible,
        probability=credible.mean(axis=0),
    )


@dataclass(frozen=True)
class ThreatGame:
    """The threat game and its solution, per draw.

    Attributes
    ----------
    holder_labels, us_labels, rule
        Threat options (holder ``K``, "none" first; US ``M``) and the timing rule.
    executed
        ``(D, K)`` probability that each holder threat is executed on disagreement.
    threat_holder, threat_us
        ``(D, K, M)`` threat points.
    holder_payoff, us_payoff
        ``(D, K, M)`` bargaining outcome for each threat pair.
    holder_strategy, us_strategy
        ``(D, K)``, ``(D, M)`` equilibrium threat probabilities.
    holder_value, us_value
        ``(D,)`` equilibrium (expected) payoffs.
    expected_threat_holder, expected_threat_us
        ``(D,)`` threat point under the equilibrium threats.
    pure, constant_sum, agreement
        ``(D,)`` flags: pure equilibrium threats; exact zero-sum structure (every pair leaves a
        surplus); a surplus at the equilibrium threat point.
    """

    holder_labels: tuple[str, ...]
    us_labels: tuple[str, ...]
    rule: ThreatRule
    executed: FloatArray
    threat_holder: FloatArray
    threat_us: FloatArray
    holder_payoff: FloatArray
    us_payoff: FloatArray
    holder_strategy: FloatArray
    us_strategy: FloatArray
    holder_value: FloatArray
    us_value: FloatArray
    expected_threat_holder: FloatArray
    expected_threat_us: FloatArray
    pure: BoolArray
    constant_sum: BoolArray
    agreement: BoolArray


def joint_optimum(stakes: TradeStakes, weights: PayoffWeights) -> tuple[FloatArray, FloatArray]:
    """Deal grid index and value :math:`S_0 = \\max_g [v u_H(g) + u_{US}(g)]`, each ``(D,)``.

    Computed in blocks of draws with the same payoff functions (the same values as on the
    whole ``(D, G)`` grid at once, without its large temporaries: a block's arrays have
    :data:`cardtable.trade.BLOCK_CELLS` cells, as the trade model's).
    """
    n, g = stakes.revenue_usd_bn.shape
    rows = max(1, BLOCK_CELLS // max(g, 1))
    idx: Any = np.empty(n, dtype=np.intp)  # grid indices (typed as the tuple's first array)
    value = np.empty(n)
    for a in range(0, n, rows):
        b = min(a + rows, n)
        w = weights.rows(a, b)
        joint = w.v_us[:, None] * holder_payoff(stakes.exporter_loss_usd_bn[a:b], w)
        joint += us_payoff(stakes.revenue_usd_bn[a:b], stakes.buyer_cost_usd_bn[a:b], w)
        best = np.argmax(joint, axis=1)
        idx[a:b] = best
        value[a:b] = np.take_along_axis(joint, best[:, None], axis=1)[:, 0]
    return idx, value


def solve_threat_game(
    stakes: TradeStakes,
    weights: PayoffWeights,
    options: Sequence[ThreatOption],
    *,
    rule: ThreatRule = "simultaneous",
    committed: bool = False,
    execution_probability: Sequence[float] | FloatArray | None = None,
    optimum: tuple[FloatArray, FloatArray] | None = None,
) -> ThreatGame:
    """Solve the variable-threat game between the holder's and the US's threat options.

    Parameters
    ----------
    stakes
        Trade payoffs over the deal grid and at each US threat.
    weights
        Payoff weights and bargaining power per draw.
    options
        The holder's threats ("none" is added first if missing).
    rule
        ``simultaneous`` (Nash 1953, mixed threats), ``us_leads`` or ``holder_leads``.
    committed
        Execute every threat on disagreement, credible or not.
    execution_probability
        Per option (after "none" is prepended), overrides the execution rule (announcements).
    optimum
        :func:`joint_optimum` of ``stakes`` and ``weights`` if already computed.

    Returns
    -------
    ThreatGame
    """
    if rule not in ("simultaneous", "us_leads", "holder_leads"):
        raise InputError("rule", rule, "'simultaneous', 'us_leads' or 'holder_leads'")
    opts = _with_none(options)
    n = stakes.pv_factor.shape[0]
    seller, uscost = _costs(opts, n)
    if execution_probability is not None:
        p = np.asarray(execution_probability, dtype=np.float64)
        if p.shape[-1] != len(opts) or np.any((p < 0) | (p > 1)):
            raise InputError("execution_probability", p.tolist(), f"{len(opts)} values in [0, 1]")
        executed = np.broadcast_to(p, (n, len(opts))).astype(np.float64)
    elif committed:
        executed = np.ones((n, len(opts)))
    else:
        executed = credibility(stakes, weights, opts).credible.astype(np.float64)
    executed[:, 0] = 0.0
    _, s0 = joint_optimum(stakes, weights) if optimum is None else optimum
    d_h, d_us, h, u, agree = _bargains(
        stakes.holder_threat(weights),
        stakes.us_threat(weights),
        executed * seller,
        weights.w_bond[:, None] * executed * uscost,
        s0,
        weights,
    )
    k, m = h.shape[1:]
    rows = np.arange(n)
    if rule == "simultaneous":
        sol = solve_zero_sum(h)
        x, y, pure = sol.row_strategy, sol.col_strategy, sol.pure
        i, j = _first_best(x, np.greater), _first_best(y, np.greater)  # pure: the threats
    else:
        x = np.zeros((n, k))
        y = np.zeros((n, m))
        if rule == "us_leads":
            br = np.argmax(h, axis=1)  # (D, M): holder's reply to each US threat
            us_j = np.take_along_axis(u, br[:, None, :], axis=1)[:, 0, :]
            j = np.argmax(us_j, axis=1)
            i = br[rows, j]
        else:
            br = np.argmax(u, axis=2)  # (D, K): US reply to each holder threat
            h_i = np.take_along_axis(h, br[:, :, None], axis=2)[:, :, 0]
            i = np.argmax(h_i, axis=1)
            j = br[rows, i]
        x[rows, i] = 1.0
        y[rows, j] = 1.0
        pure = np.ones(n, dtype=np.bool_)
    hv, uv, edh, edu = _expected((h, u, d_h, d_us), x, y, np.asarray(pure, np.bool_), i, j)
    # agreement: a surplus at every threat pair played with positive probability
    agreement = agree[rows, i, j]
    mixed = np.flatnonzero(~np.asarray(pure, np.bool_))
    if mixed.size:
        support = np.einsum("nk,nm->nkm", x[mixed], y[mixed]) > 0
        agreement[mixed] = np.all(agree[mixed] | ~support, axis=(1, 2))
    return ThreatGame(
        holder_labels=tuple(o.label for o in opts),
        us_labels=stakes.threat_labels,
        rule=rule,
        executed=executed,
        threat_holder=d_h,
        threat_us=d_us,
        holder_payoff=h,
        us_payoff=u,
        holder_strategy=x,
        us_strategy=y,
        holder_value=hv,
        us_value=uv,
        expected_threat_holder=edh,
        expected_threat_us=edu,
        pure=np.asarray(pure, dtype=np.bool_),
        constant_sum=_fold(np.logical_and, agree.reshape(n, k * m), 1),
        agreement=agreement,
    )


def _bargains(
    base_h: FloatArray,
    base_us: FloatArray,
    cost_h: FloatArray,
    cost_us: FloatArray,
    s0: FloatArray,
    weights: PayoffWeights,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, BoolArray]:
    """Threat points, bargaining payoffs and agreement for every threat pair, ``(D, K, M)``.

    ``base_* (D, M)`` are the payoffs at each US threat, ``cost_* (D, K)`` what each holder
    threat's execution costs each side (weighted). The arrays are computed with the draws on
    the last axis, ``(K, M, D)``, so that every broadcast runs along contiguous rows, and
    returned as ``(D, K, M)`` views of it (the same values, element by element, as the
    draws-first formulas).
    """
    bh = np.ascontiguousarray(base_h.T)[None, :, :]
    bu = np.ascontiguousarray(base_us.T)[None, :, :]
    d_h = bh - np.ascontiguousarray(cost_h.T)[:, None, :]
    d_us = bu - np.ascontiguousarray(cost_us.T)[:, None, :]
    v, alpha = weights.v_us, weights.alpha
    surplus = v * d_h
    np.subtract(s0, surplus, out=surplus)
    surplus -= d_us  # s0 - v d_h - d_us
    agree = surplus > 0.0
    refuse = ~agree
    h = alpha * surplus
    h /= v
    h += d_h  # d_h + alpha surplus / v
    np.copyto(h, d_h, where=refuse)
    u = surplus  # no longer needed as such: u takes its memory
    u *= 1.0 - alpha
    u += d_us  # d_us + (1 - alpha) surplus
    np.copyto(u, d_us, where=refuse)
    draws_first = (2, 0, 1)  # (K, M, D) -> (D, K, M)
    return (
        d_h.transpose(draws_first),
        d_us.transpose(draws_first),
        h.transpose(draws_first),
        u.transpose(draws_first),
        agree.transpose(draws_first),
    )


def _expected(
    arrays: tuple[FloatArray, ...],
    x: FloatArray,
    y: FloatArray,
    pure: BoolArray,
    i: np.ndarray,
    j: np.ndarray,
) -> list[FloatArray]:
    """``einsum("nk,nkm,nm->n", x, a, y)`` of each ``a (D, K, M)`` under the strategies.

    Where the threats are pure (``x``, ``y`` one-hot at ``i``, ``j``) the sum is the chosen
    entry plus zeros, ``a[i, j] + 0.0`` (the same value, a zero included); the sum itself is
    taken only for the mixed draws (and everywhere if some entry is not finite).
    """
    rows = np.arange(x.shape[0])
    if not all(np.all(np.isfinite(a)) for a in arrays):  # 0 * inf: keep the sum's NaN
        pure = np.zeros_like(pure)
    mixed = np.flatnonzero(~pure)
    out = []
    for a in arrays:
        v = a[rows, i, j] + 0.0
        if mixed.size:
            v[mixed] = np.einsum("nk,nkm,nm->n", x[mixed], a[mixed], y[mixed])
        out.append(v)
    return out


@dataclass(frozen=True)
class AnnouncementValue:
    """Value to the holder of announcing a threat executed with probability ``p``.

    Attributes
    ----------
    label, probability
        The announced threat and its execution probability.
    holder_gain_usd_bn
        ``(D,)`` H's bargaining payoff announcing minus not announcing, net of the holder's
        own announcement cost.
    us_change_usd_bn
        ``(D,)`` change in the US payoff, including the announcement premium (weighted).
    premium_cost_us_usd_bn
        ``(D,)`` the announcement premium the US pays at once, deal or no deal (weighted).
    """

    label: str
    probability: float
    holder_gain_usd_bn: FloatArray
    us_change_usd_bn: FloatArray
    premium_cost_us_usd_bn: FloatArray


def announcement_value(
    stakes: TradeStakes,
    weights: PayoffWeights,
    option: ThreatOption,
    probability: float,
    *,
    premium_us_usd_bn: FloatArray | float,
    holder_cost_usd_bn: FloatArray | float = 0.0,
    rule: ThreatRule = "simultaneous",
    optimum: tuple[FloatArray, FloatArray] | None = None,
) -> AnnouncementValue:
    """Value of announcing ``option`` with execution probability ``probability``.

    The announcement moves the threat point by ``p`` times the payoff change of executing, and
    costs the US the engine's announcement premium at once (in agreement and disagreement
    alike, so it does not move the split). The US still chooses its threat by ``rule``.
    ``optimum`` is :func:`joint_optimum` of ``stakes`` and ``weights`` if already computed.
    """
    if not 0.0 <= probability <= 1.0:
        raise InputError("probability", probability, "a probability in [0, 1]")
    if option.kind == "none":
        raise InputError("option", option.label, "a threat other than 'none'")
    n = stakes.pv_factor.shape[0]
    if optimum is None:
        optimum = joint_optimum(stakes, weights)
    without = solve_threat_game(
        stakes, weights, [], rule=rule, execution_probability=[0.0], optimum=optimum
    )
    game = solve_threat_game(
        stakes,
        weights,
        [option],
        rule=rule,
        execution_probability=[0.0, probability],
        optimum=optimum,
    )
    # The holder is committed to the announcement: evaluate the announced row, US best reply.
    h = np.ascontiguousarray(game.holder_payoff[:, 1, :])
    u = np.ascontiguousarray(game.us_payoff[:, 1, :])
    if rule == "simultaneous":
        sol = solve_zero_sum(h[:, None, :])
        hv = sol.value
        uv = np.einsum("nm,nm->n", u, sol.col_strategy)
    else:
        j = np.argmax(u, axis=1)
        hv = h[np.arange(n), j]
        uv = u[np.arange(n), j]
    premium = weights.w_bond * np.broadcast_to(np.asarray(premium_us_usd_bn, float), (n,))
    own = np.broadcast_to(np.asarray(holder_cost_usd_bn, float), (n,))
    return AnnouncementValue(
        label=option.label,
        probability=float(probability),
        holder_gain_usd_bn=hv - own - without.holder_value,
        us_change_usd_bn=uv - premium - without.us_value,
        premium_cost_us_usd_bn=premium,
    )

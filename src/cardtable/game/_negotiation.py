"""The negotiation between a holder and the US: one call from trade stakes and engine costs to
the deal, both payoffs, the card value and the credibility of the holder's threats.

Steps (all vectorised over draws):

1. :func:`~cardtable.game._payoffs.trade_stakes`: the trade model on the deal grid and at each
   US threat, in present value.
2. :func:`~cardtable.game._threats.solve_threat_game` with every holder threat, and again
   without the ``sell`` options: the **card value** is the holder's bargaining payoff with the
   sell option minus without it.
3. The deal: the grid tariff maximising the weighted joint payoff; the transfer that gives the
   holder its bargaining payoff, :math:`c = u_H(g^*) - \\kappa P - U_H^*` (in expectation
   under mixed threats), beside an investment pledge ``P`` when one is allowed
   (:func:`pledge_gain`).
4. Credibility margins and, optionally, the value of announcing a threat with probability ``p``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import pandas as pd

from cardtable._quantiles import quantiles
from cardtable._typing import BoolArray, FloatArray
from cardtable.errors import InputError
from cardtable.game._payoffs import (
    PayoffWeights,
    StakesHorizon,
    TariffSpec,
    TradeStakes,
    holder_payoff,
    trade_stakes,
)
from cardtable.game._threats import (
    AnnouncementValue,
    Credibility,
    ThreatGame,
    ThreatOption,
    ThreatRule,
    announcement_value,
    credibility,
    joint_optimum,
    solve_threat_game,
)
from cardtable.params import ParamDraws
from cardtable.trade import HOLDER_EXPORT_SECTORS

__all__ = ["Announcement", "Negotiation", "negotiate", "pledge_gain"]


@dataclass(frozen=True)
class Announcement:
    """A threat announced with an execution probability (a threat that leaves something to
    chance), with the engine's announcement premium paid by the US at once."""

    option: ThreatOption
    probability: float
    premium_us_usd_bn: FloatArray | float
    holder_cost_usd_bn: FloatArray | float = 0.0


_SCALARS = (
    "deal_tariff_pct",
    "transfer_usd_bn",
    "holder_payoff_usd_bn",
    "us_payoff_usd_bn",
    "threat_holder_usd_bn",
    "threat_us_usd_bn",
    "card_value_usd_bn",
)


@dataclass(frozen=True)
class Negotiation:
    """Result of :func:`negotiate`: arrays ``(D,)`` unless stated.

    Attributes
    ----------
    holder, rule, committed
        Who bargains, the threat timing rule, whether threats are committed.
    deal_tariff_pct, transfer_usd_bn
        The deal: all-in tariff level and the holder's transfer (NaN/0 without agreement).
    holder_payoff_usd_bn, us_payoff_usd_bn
        Bargaining payoffs (weighted present values, USD bn).
    threat_holder_usd_bn, threat_us_usd_bn
        The equilibrium threat point.
    agreement
        Whether a deal is struck.
    card_value_usd_bn
        Holder's bargaining payoff with the sell options minus without them.
    holder_threats, us_threats
        Labels; ``holder_threat_probs (D, K)`` and ``us_threat_probs (D, M)`` the equilibrium
        threats.
    credibility
        Margins ``(D, K)``, credible flags and the share of draws where each is credible.
    game, game_without_sell
        The solved threat games.
    announcement
        Value of the announced threat, if one was given.
    stakes
        The trade payoffs used.
    pledge_usd_bn
        ``(D,)`` investment pledged by the holder in the deal (when a pledge cap was given;
        ``transfer_usd_bn`` is then the money transfer beside it).
    optimum
        :func:`joint_optimum` of ``stakes`` (grid index and :math:`S_0`, before any pledge
        gain), to pass on as ``optimum=`` (:func:`~cardtable.game.belief_value`).
    """

    holder: str
    rule: ThreatRule
    committed: bool
    deal_tariff_pct: FloatArray
    transfer_usd_bn: FloatArray
    holder_payoff_usd_bn: FloatArray
    us_payoff_usd_bn: FloatArray
    threat_holder_usd_bn: FloatArray
    threat_us_usd_bn: FloatArray
    agreement: BoolArray
    card_value_usd_bn: FloatArray
    holder_threats: tuple[str, ...]
    us_threats: tuple[str, ...]
    holder_threat_probs: FloatArray
    us_threat_probs: FloatArray
    credibility: Credibility
    game: ThreatGame
    game_without_sell: ThreatGame
    announcement: AnnouncementValue | None
    stakes: TradeStakes
    pledge_usd_bn: FloatArray | None = None
    optimum: tuple[FloatArray, FloatArray] | None = None

    @property
    def draws(self) -> int:
        """Number of draws."""
        return int(self.deal_tariff_pct.shape[0])

    def to_frame(self) -> pd.DataFrame:
        """One row per draw: the scalar outputs, the agreement flag and the threat choices."""
        frame = pd.DataFrame({k: getattr(self, k) for k in _SCALARS})
        frame["agreement"] = self.agreement
        for i, label in enumerate(self.holder_threats):
            frame[f"holder_threat_prob[{label}]"] = self.holder_threat_probs[:, i]
            frame[f"credibility_margin_usd_bn[{label}]"] = self.credibility.margin_usd_bn[:, i]
        for j, label in enumerate(self.us_threats):
            frame[f"us_threat_prob[{label}]"] = self.us_threat_probs[:, j]
        if self.announcement is not None:
            frame["announcement_gain_usd_bn"] = self.announcement.holder_gain_usd_bn
        frame.index.name = "draw"
        return frame

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary: p5/p50/p95 of every output, probabilities as shares of draws."""
        out: dict[str, Any] = {
            "holder": self.holder,
            "rule": self.rule,
            "committed": self.committed,
            "draws": self.draws,
            "deal_tariff_grid_pct": [float(t) for t in self.stakes.deal_tariffs_pct],
            "agreement_probability": round(float(self.agreement.mean()), 4),
            "deal_tariff_at_grid_edge": self._grid_edges(),
        }
        for k in _SCALARS:
            out[k] = quantiles(getattr(self, k))
        out["holder_threats"] = {
            label: {
                "chosen_probability": round(float(self.holder_threat_probs[:, i].mean()), 4),
                "credible_probability": round(float(self.credibility.probability[i]), 4),
                "credibility_margin_usd_bn": quantiles(self.credibility.margin_usd_bn[:, i]),
            }
            for i, label in enumerate(self.holder_threats)
        }
        if self.pledge_usd_bn is not None:
            out["pledge_usd_bn"] = quantiles(self.pledge_usd_bn)
        out["us_threats"] = {
            label: {"chosen_probability": round(float(self.us_threat_probs[:, j].mean()), 4)}
            for j, label in enumerate(self.us_threats)
        }
        if self.announcement is not None:
            a = self.announcement
            out["announcement"] = {
                "threat": a.label,
                "probability": a.probability,
                "holder_gain_usd_bn": quantiles(a.holder_gain_usd_bn),
                "us_change_usd_bn": quantiles(a.us_change_usd_bn),
                "premium_cost_us_usd_bn": quantiles(a.premium_cost_us_usd_bn),
            }
        return out

    def _grid_edges(self) -> dict[str, float]:
        """Shares of draws whose deal sits on the lowest or the highest tariff of the grid.

        At the lower edge (the status quo) the deal is a genuine corner; at the upper edge the
        jointly optimal tariff may lie beyond the grid (widen ``tariff_grid_max_pct``).
        """
        grid = self.stakes.deal_tariffs_pct
        deal = self.deal_tariff_pct[self.agreement]
        n = max(self.draws, 1)
        return {
            "lower_pct": float(grid[0]),
            "upper_pct": float(grid[-1]),
            "share_at_lower": round(float(np.sum(deal == grid[0])) / n, 4),
            "share_at_upper": round(float(np.sum(deal == grid[-1])) / n, 4),
        }

    def summary(self) -> str:
        """Plain-text table of p5 / p50 / p95 with the threat choices and credibility."""
        d = self.to_dict()
        lines = [
            f"Negotiation: {self.holder} vs US, {self.draws} draws, threats {self.rule}"
            f"{' (committed)' if self.committed else ''}",
            f"deal reached in {100 * d['agreement_probability']:.1f}% of draws",
            f"{'':<28}{'p5':>10}{'p50':>10}{'p95':>10}",
        ]
        for k in _SCALARS:
            q = d[k]
            lines.append(f"{k:<28}{q['p5']:>10.2f}{q['p50']:>10.2f}{q['p95']:>10.2f}")
        edge = d["deal_tariff_at_grid_edge"]
        if edge["share_at_upper"] > 0:
            lines.append(
                f"note: in {100 * edge['share_at_upper']:.1f}% of draws the deal tariff is the "
                f"top of the grid ({edge['upper_pct']:g}%): the jointly optimal tariff may lie "
                "beyond it there"
            )
        lines.append("holder threats: chosen / credible (share of draws)")
        for label, t in d["holder_threats"].items():
            lines.append(
                f"  {label:<24}{t['chosen_probability']:>8.2f}{t['credible_probability']:>8.2f}"
            )
        lines.append("US threats: chosen (share of draws)")
        for label, t in d["us_threats"].items():
            lines.append(f"  {label:<24}{t['chosen_probability']:>8.2f}")
        if self.announcement is not None:
            a = d["announcement"]
            q = a["holder_gain_usd_bn"]
            lines.append(
                f"announcing {a['threat']} with p={a['probability']:.2f}: holder gain "
                f"p50 {q['p50']:.2f} [{q['p5']:.2f}, {q['p95']:.2f}] USD bn"
            )
        lines.append("USD bn, present values over the negotiation horizon, weighted payoffs")
        return "\n".join(lines)


def negotiate(
    holder: str,
    params: ParamDraws,
    *,
    us_threats: Mapping[str, TariffSpec] | TariffSpec,
    deal_tariffs_pct: FloatArray | Sequence[float],
    holder_threats: Sequence[ThreatOption] = (),
    rule: ThreatRule = "simultaneous",
    committed: bool = False,
    announcement: Announcement | None = None,
    baseline_tariffs_pct: Mapping[str, float] | None = None,
    horizon: StakesHorizon = "phased",
    deal_floor_pct: Mapping[str, float] | None = None,
    pledge_cap_usd_bn: float = 0.0,
) -> Negotiation:
    """Solve the holder-US negotiation per draw.

    Parameters
    ----------
    holder
        ``Japan``, ``China`` or a one-sector partner (:func:`cardtable.trade.one_sector_partners`).
    params
        Parameter draws ``(D,)`` (``trade`` and ``game`` groups).
    us_threats
        The US threat set: label -> tariffs (sector -> all-in rate, or one level), or a single
        threat.
    deal_tariffs_pct
        Grid of all-in tariff levels a deal can set ``(G,)``.
    holder_threats
        The holder's threats with the engine's execution costs ("none" is always available).
    rule, committed
        Threat timing rule and commitment (see :mod:`._threats`).
    announcement
        A threat announced with a probability: its value is reported.
    baseline_tariffs_pct
        Passed to the trade model.
    horizon
        How tariff effects are valued over the deal (:func:`trade_stakes`): ``phased``.
    deal_floor_pct
        Sector floors of a deal level (MFN; :func:`trade_stakes`); default none.
    pledge_cap_usd_bn
        Investment the holder can pledge (a transfer channel distinct from money; see
        :func:`pledge_gain`); 0: money only.

    Returns
    -------
    Negotiation
    """
    threats: Mapping[str, TariffSpec]
    if isinstance(us_threats, Mapping) and not _is_sector_map(us_threats):
        threats = us_threats
    else:
        threats = {"threat": cast(TariffSpec, us_threats)}
    stakes = trade_stakes(
        holder,
        np.asarray(deal_tariffs_pct, dtype=np.float64),
        threats,
        params,
        baseline_tariffs_pct=baseline_tariffs_pct,
        horizon=horizon,
        deal_floor_pct=deal_floor_pct,
    )
    weights = PayoffWeights.from_params(params)
    joint = joint_optimum(stakes, weights)
    pledged, gain = pledge_gain(params, weights, pledge_cap_usd_bn)
    optimum = (joint[0], joint[1] + gain)
    game = solve_threat_game(
        stakes, weights, holder_threats, rule=rule, committed=committed, optimum=optimum
    )
    no_sell = [o for o in holder_threats if o.kind != "sell"]
    game_ns = solve_threat_game(
        stakes, weights, no_sell, rule=rule, committed=committed, optimum=optimum
    )
    cred = credibility(stakes, weights, holder_threats)
    idx = optimum[0]
    rows = np.arange(params.n)
    uh_star = holder_payoff(stakes.exporter_loss_usd_bn[rows, idx], weights)  # at the optimum
    agree = game.agreement
    deal = np.where(agree, stakes.deal_tariffs_pct[idx], np.nan)
    pledge = np.where(agree, pledged, 0.0)
    pledge_cost = params["holder_cost_per_pledge_usd"] * pledge if pledge_cap_usd_bn > 0 else 0.0
    transfer = np.where(agree, uh_star - pledge_cost - game.holder_value, 0.0)
    ann = None
    if announcement is not None:
        ann = announcement_value(
            stakes,
            weights,
            announcement.option,
            announcement.probability,
            premium_us_usd_bn=announcement.premium_us_usd_bn,
            holder_cost_usd_bn=announcement.holder_cost_usd_bn,
            rule=rule,
            optimum=optimum,
        )
    return Negotiation(
        holder=stakes.holder,
        rule=rule,
        committed=committed,
        deal_tariff_pct=deal,
        transfer_usd_bn=transfer,
        holder_payoff_usd_bn=game.holder_value,
        us_payoff_usd_bn=game.us_value,
        threat_holder_usd_bn=game.expected_threat_holder,
        threat_us_usd_bn=game.expected_threat_us,
        agreement=agree,
        card_value_usd_bn=game.holder_value - game_ns.holder_value,
        holder_threats=game.holder_labels,
        us_threats=game.us_labels,
        holder_threat_probs=game.holder_strategy,
        us_threat_probs=game.us_strategy,
        credibility=cred,
        game=game,
        game_without_sell=game_ns,
        announcement=ann,
        stakes=stakes,
        pledge_usd_bn=pledge if pledge_cap_usd_bn > 0 else None,
        optimum=joint,
    )


def pledge_gain(
    params: ParamDraws, weights: PayoffWeights, cap_usd_bn: float
) -> tuple[FloatArray, FloatArray]:
    """Pledge used and the joint gain it adds, per draw.

    A pledge ``P`` costs the holder :math:`\\kappa P` (``holder_cost_per_pledge_usd``) and is
    worth :math:`v_p P` to the US (``us_value_per_pledge_usd``); money costs 1 and is worth
    ``v``. For any holder payoff the US gains :math:`(v_p - v\\kappa) P` from replacing money
    by a pledge, so when that is positive the pledge is used up to the cap and the weighted
    joint payoff :math:`S_0` rises by :math:`(v_p - v\\kappa)\\,\\bar P`; money stays the
    marginal instrument and the surplus is split as before. Returns ``(P, gain)``, ``(D,)``.
    """
    if not np.isfinite(cap_usd_bn) or cap_usd_bn < 0:
        raise InputError("pledge_cap_usd_bn", cap_usd_bn, "a pledge cap >= 0 (USD bn)")
    n = params.n
    if cap_usd_bn == 0:
        return np.zeros(n), np.zeros(n)
    per_usd = (
        params["us_value_per_pledge_usd"] - weights.v_us * params["holder_cost_per_pledge_usd"]
    )
    used = np.where(per_usd > 0.0, cap_usd_bn, 0.0)
    return used, np.maximum(per_usd, 0.0) * used


def _is_sector_map(spec: Mapping[str, Any]) -> bool:
    """A mapping of sectors to rates (one threat) rather than labels to threats."""
    if not spec:
        raise InputError("us_threats", {}, "at least one US threat")
    return set(spec) <= set(HOLDER_EXPORT_SECTORS) and all(
        isinstance(v, int | float) for v in spec.values()
    )

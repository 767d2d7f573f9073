"""A scenario's negotiation: the engine's costs of the holder's threats (executed, purchases
stopped instead, announced) become the game's payoffs, and the game solves the deal.

Nothing here is typed in: every payoff comes from :func:`cardtable.engine.run_costs` on the
scenario's plan and its counterfactuals (built by :mod:`cardtable.scenarios`) with the same
draws, through :class:`PlanCosts`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cardtable._quantiles import quantiles
from cardtable.engine import run_costs, sources
from cardtable.errors import ScenarioError
from cardtable.game import (
    Announcement,
    BeliefValue,
    ImpliedProbability,
    Negotiation,
    PayoffWeights,
    ThreatOption,
    belief_value,
)
from cardtable.game import negotiate as solve_negotiation
from cardtable.leverage._evidence import benefit_usd_bn, implied, tariff_menu
from cardtable.leverage._stakes import PlanCosts
from cardtable.scenarios import (
    Scenario,
    as_scenario,
    plan,
    scenario_draws,
)
from cardtable.trade import canonical_holder
from cardtable.views import negotiation_html, negotiation_summary_frame

__all__ = ["ScenarioNegotiation", "negotiate"]


@dataclass(frozen=True)
class ScenarioNegotiation:
    """A scenario's negotiation: the game result plus what fed it."""

    scenario: str
    as_of: str
    holder: str
    draws: int
    seed: int
    calibration: str
    threat_sale_usd_bn: float
    threat_probability: float
    negotiation: Negotiation
    sources: Mapping[str, str]
    sell_label: str
    implied: ImpliedProbability | None = None
    believed: BeliefValue | None = None

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON object (docs/cli.md)."""
        n = self.negotiation
        d = n.to_dict()
        i = n.holder_threats.index(self.sell_label)
        margin = n.credibility.margin_usd_bn[:, i]
        return {
            "scenario": self.scenario,
            "as_of": self.as_of,
            "holder": self.holder,
            "draws": self.draws,
            "seed": self.seed,
            "calibration": self.calibration,
            "threat": {
                "sell_usd_bn": self.threat_sale_usd_bn,
                "announced_probability": self.threat_probability,
            },
            "credible_probability": round(float(np.mean(margin >= 0)), 4),
            "credibility_margin_usd_bn": d["holder_threats"][n.holder_threats[i]][
                "credibility_margin_usd_bn"
            ],
            "card_value_usd_bn": d["card_value_usd_bn"],
            "deal": {"tariff_pct": d["deal_tariff_pct"], "transfer_usd_bn": d["transfer_usd_bn"]},
            "payoffs_usd_bn": {"holder": d["holder_payoff_usd_bn"], "us": d["us_payoff_usd_bn"]},
            "agreement_probability": d["agreement_probability"],
            "deal_tariff_at_grid_edge": d["deal_tariff_at_grid_edge"],
            "threat_point_usd_bn": {
                "holder": d["threat_holder_usd_bn"],
                "us": d["threat_us_usd_bn"],
            },
            "holder_threats": d["holder_threats"],
            "us_threats": d["us_threats"],
            "announcement": d.get("announcement"),
            "implied_probability": None if self.implied is None else self.implied.to_dict(),
            "announced_threat_by_belief": None
            if self.believed is None
            else self.believed.to_dict(),
            "sources": dict(self.sources),
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per draw (see :meth:`Negotiation.to_frame`)."""
        return self.negotiation.to_frame()

    def summary_frame(self) -> pd.DataFrame:
        """One row per output (index ``output``): unit, p5, p50, p95 over the draws."""
        return negotiation_summary_frame(self)

    def _repr_html_(self) -> str:
        return negotiation_html(self)

    def __repr__(self) -> str:
        return (
            f"ScenarioNegotiation(scenario={self.scenario!r}, holder={self.holder!r}, "
            f"draws={self.draws}, seed={self.seed}, calibration={self.calibration!r})"
        )

    def summary(self) -> str:
        """Readable text: the game summary plus the threat and sources."""
        d = self.to_dict()
        head = [
            f"Scenario {self.scenario} (as of {self.as_of}, calibration {self.calibration}, "
            f"seed {self.seed})",
            f"{self.holder}'s card: sell {self.threat_sale_usd_bn:,.1f} USD bn "
            f"(announced probability {self.threat_probability:.2f}); credible in "
            f"{100 * d['credible_probability']:.1f}% of draws",
        ]
        evidence = []
        if self.implied is not None:
            evidence.append(self.implied.summary())
        if self.believed is not None:
            g = quantiles(self.believed.holder_gain_usd_bn)
            evidence.append(
                "announced threat valued by the US's belief (docs/game.md): holder gain "
                f"p50 {g['p50']:,.1f} [p5 {g['p5']:,.1f}, p95 {g['p95']:,.1f}] USD bn"
            )
        tail = [*evidence, *([""] if evidence else []), "Sources:"]
        tail += [f"  {k}: {v}" for k, v in self.sources.items()]
        return "\n".join([*head, "", self.negotiation.summary(), "", *tail])


def negotiate(
    scenario: Scenario | str | Path,
    *,
    draws: int | None = None,
    seed: int | None = None,
    calibration: str | None = None,
    overrides: Mapping[str, Any] | None = None,
    strict: bool = False,
) -> ScenarioNegotiation:
    """Solve the negotiation of a scenario with a ``[negotiation]`` table.

    The holder's threats: sell the scenario's amount (executed in full), stop buying the same
    amount over a year, or nothing. The US threatens the scenario's tariffs (``threat``) or any
    of its ``us_threats`` menu. An announced probability adds the value of a threat that leaves
    something to chance, with the announcement premium's one-year US cost from the engine.

    Parameters
    ----------
    scenario
        The scenario, or its built-in name or file path.
    draws, seed, calibration
        Override the scenario's own values (checked by :meth:`cardtable.params.Draws.make`).
    overrides, strict
        As for :func:`cardtable.simulate`.

    Returns
    -------
    ScenarioNegotiation
    """
    sc, origin, fields = as_scenario(scenario, overrides)
    spec = sc.negotiation
    if spec is None:
        raise ScenarioError(
            f"{origin}: negotiation",
            "(missing)",
            "add a [negotiation] table (docs/scenarios.md)",
            show_value=False,
        )
    p = plan(sc, origin)
    d = scenario_draws(sc, draws=draws, seed=seed, calibration=calibration, strict=strict)
    params = d.params
    (actor,) = p.actors  # the scenario model allows one actor, who sells or announces
    holder = actor.holder
    years = PlanCosts.interest_years_for(params)  # the ledger's lines the game reads
    executed = PlanCosts.from_ledger(run_costs(p.executed(), d, interest_years=years), holder)
    stopped = PlanCosts.from_ledger(
        run_costs(p.stop_buying_instead(), d, interest_years=years), holder
    )
    sale = actor.amount_usd_bn
    sell = ThreatOption(
        f"sell_{sale:.0f}",
        "sell",
        executed.holder_pv(params),
        executed.us_pv(params),
        benefit_usd_bn(spec, actor, d, converted=True),
    )
    options = [
        sell,
        ThreatOption(
            f"stop_buying_{sale:.0f}",
            "stop_buying",
            stopped.holder_pv(params),
            stopped.us_pv(params),
            benefit_usd_bn(spec, actor, d, converted=False),
        ),
    ]
    game_holder = canonical_holder(holder)
    menu = tariff_menu(spec, game_holder, sc.as_of)
    announcement = None
    if actor.action == "announce":
        # the one line the premium needs
        ann_costs = run_costs(p, d, interest_years=1, us_interest_only=True)
        announcement = Announcement(
            sell, actor.threat_probability, ann_costs["us_federal_interest_1y"]
        )
    result = solve_negotiation(
        game_holder,
        params,
        us_threats=menu.us_threats,
        deal_tariffs_pct=menu.grid_pct,
        holder_threats=options,
        announcement=announcement,
        baseline_tariffs_pct=menu.baseline_pct,
        deal_floor_pct=menu.floor_pct,
        pledge_cap_usd_bn=spec.pledge_cap_usd_bn,
    )
    ip = implied(spec, p, d) if actor.action == "announce" else None
    believed = None
    if spec.probability is not None and actor.action == "announce":
        prior = ip.posterior_mean if ip is not None else float(spec.probability)
        audience = params["audience_cost_usd_bn"] if spec.belief.audience_cost else 0.0
        believed = belief_value(
            result.stakes,
            PayoffWeights.from_params(params),
            sell,
            prior_resolute=prior,
            audience_cost_usd_bn=audience,
            type_known=spec.belief.type_known,
            rule=result.rule,
            optimum=result.optimum,
        )
    return ScenarioNegotiation(
        scenario=sc.name,
        as_of=sc.as_of,
        holder=holder,
        draws=d.n,
        seed=d.seed,
        calibration=d.calibration.name,
        threat_sale_usd_bn=round(sale, 2),
        threat_probability=actor.threat_probability,
        negotiation=result,
        sources=sources(p, d, fields),
        sell_label=sell.label,
        implied=ip,
        believed=believed,
    )

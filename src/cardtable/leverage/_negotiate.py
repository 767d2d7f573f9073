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

from cardtable.engine import run_costs
from cardtable.errors import ScenarioError
from cardtable.game import Announcement, Negotiation, TariffSpec, ThreatOption
from cardtable.game import negotiate as solve_negotiation
from cardtable.leverage._stakes import PlanCosts
from cardtable.params import REGISTRY, Draws
from cardtable.scenarios import (
    Plan,
    Scenario,
    as_scenario,
    describe_overrides,
    plan,
    with_overrides,
)
from cardtable.trade import HOLDER_EXPORT_SECTORS, canonical_holder, tariffs_at

__all__ = ["ScenarioNegotiation", "negotiate"]

#: Points of the deal's tariff grid between the status quo and the grid's top.
TARIFF_GRID_POINTS = 41


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
            "sources": dict(self.sources),
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per draw (see :meth:`Negotiation.to_frame`)."""
        return self.negotiation.to_frame()

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
        tail = ["Sources:"] + [f"  {k}: {v}" for k, v in self.sources.items()]
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
    sc, origin = as_scenario(scenario)
    fields = describe_overrides(overrides or {})
    if overrides:
        sc = with_overrides(sc, overrides)
    spec = sc.negotiation
    if spec is None:
        raise ScenarioError(
            f"{origin}: negotiation",
            "(missing)",
            "add a [negotiation] table (docs/scenarios.md)",
            show_value=False,
        )
    p = plan(sc, origin)
    d = Draws.make(
        REGISTRY,
        sc.draws if draws is None else draws,
        sc.seed if seed is None else seed,
        sc.calibration if calibration is None else calibration,
        overrides=sc.params,
        strict=strict,
    )
    params = d.params
    (actor,) = p.actors  # the scenario model allows one actor, who sells or announces
    holder = actor.holder
    executed = PlanCosts.from_ledger(run_costs(p.executed(), d), holder)
    stopped = PlanCosts.from_ledger(run_costs(p.stop_buying_instead(), d), holder)
    sale = actor.amount_usd_bn
    sell = ThreatOption(
        f"sell_{sale:.0f}", "sell", executed.holder_pv(params), executed.us_pv(params)
    )
    options = [
        sell,
        ThreatOption(
            f"stop_buying_{sale:.0f}",
            "stop_buying",
            stopped.holder_pv(params),
            stopped.us_pv(params),
        ),
    ]
    game_holder = canonical_holder(holder)
    threat: dict[str, float]
    if spec.threat_tariff_pct is None:
        threat = tariffs_at(game_holder, f"{sc.as_of}-01")
    else:
        threat = {s: spec.threat_tariff_pct for s in HOLDER_EXPORT_SECTORS}
        if spec.autos_threat_tariff_pct is not None:
            threat["autos_and_parts"] = spec.autos_threat_tariff_pct
    us_threats: dict[str, TariffSpec] = {"threat": threat, **spec.us_threats}
    announcement = None
    if actor.action == "announce":
        ann_costs = run_costs(p, d)
        announcement = Announcement(
            sell, actor.threat_probability, ann_costs["us_federal_interest_1y"]
        )
    grid = np.linspace(spec.status_quo_tariff_pct, spec.tariff_grid_max_pct, TARIFF_GRID_POINTS)
    baseline = None
    if game_holder != "Japan":  # only Japan has a bundled tariff timeline
        baseline = {s: spec.status_quo_tariff_pct for s in HOLDER_EXPORT_SECTORS}
    result = solve_negotiation(
        game_holder,
        params,
        us_threats=us_threats,
        deal_tariffs_pct=grid,
        holder_threats=options,
        announcement=announcement,
        baseline_tariffs_pct=baseline,
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
        sources=_sources(p, d, fields),
        sell_label=sell.label,
    )


def _sources(p: Plan, d: Draws, fields: str) -> dict[str, str]:
    out = {**p.sources, "parameters": f"cardtable registry, calibration {d.calibration.name}"}
    if d.overrides:
        out["parameters set by the user"] = d.describe_overrides()
    if fields:
        out["scenario fields set by the user"] = fields
    return out

"""From the engine to the game: the payoffs of threats, the negotiation of a scenario, and the
value of creditor coalitions.

Engine costs become the game's present values over ``negotiation_horizon_years`` (``T``):

* seller: realised + mark-to-market + currency translation (stock losses, once) + the
  exporters' annual loss times the annuity factor;
* US: extra federal interest accumulated over ``T`` years (linear between the engine's 1-, 5-
  and 10-year lines) + households' annual mortgage cost times the annuity factor.

Nothing here is typed in: every payoff comes from :func:`run_costs` on the scenario's plan and
its counterfactuals (threat executed; purchases stopped instead) with the same draws.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cardtable._typing import FloatArray
from cardtable.errors import InputError, ScenarioError
from cardtable.game import (
    Announcement,
    Negotiation,
    TariffSpec,
    ThreatOption,
    core_check,
    holder_weights,
    negotiate,
    present_value_factor,
    shapley_weighted,
)
from cardtable.params import REGISTRY, ParamDraws
from cardtable.report._frames import coalition_summary_frame, negotiation_summary_frame
from cardtable.report._notebook import coalition_html, negotiation_html
from cardtable.scenarios import Plan, Scenario, load_scenario, parse_scenario, plan
from cardtable.trade import HOLDER_EXPORT_SECTORS, canonical_holder, tariffs_at
from cardtable.uncertainty._run import draw_params, run_costs

__all__ = [
    "CoalitionResult",
    "ScenarioNegotiation",
    "coalition",
    "negotiate_scenario",
    "seller_cost_pv",
    "us_cost_pv",
]

_YEARS = np.array([0.0, 1.0, 5.0, 10.0])


def us_cost_pv(costs: Mapping[str, FloatArray], params: ParamDraws) -> FloatArray:
    """US cost of a sale over the negotiation horizon (USD bn per draw)."""
    T = params["negotiation_horizon_years"]
    cum = np.stack(
        [
            np.zeros_like(costs["us_federal_interest_1y"]),
            costs["us_federal_interest_1y"],
            costs["us_federal_interest_5y"],
            costs["us_federal_interest_10y"],
        ],
        axis=1,
    )
    idx = np.clip(np.searchsorted(_YEARS, T, side="right") - 1, 0, len(_YEARS) - 2)
    rows = np.arange(cum.shape[0])
    frac = (T - _YEARS[idx]) / (_YEARS[idx + 1] - _YEARS[idx])
    interest = cum[rows, idx] + frac * (cum[rows, idx + 1] - cum[rows, idx])
    return np.asarray(interest + costs["us_households_1y"] * present_value_factor(params))


def seller_cost_pv(costs: Mapping[str, FloatArray], holder: str, params: ParamDraws) -> FloatArray:
    """The holder's cost of its own sale over the negotiation horizon (USD bn per draw)."""
    annual = costs[f"{holder}.exporters_1y"]
    return np.asarray(costs[f"{holder}.total"] + annual * present_value_factor(params))


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

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON object (docs/cli.md)."""
        n = self.negotiation
        d = n.to_dict()
        sell = [i for i, label in enumerate(n.holder_threats) if label.startswith("sell")]
        i = sell[0] if sell else 0
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
        tail = ["Sources:"] + [f"  {k}: {v}" for k, v in self.sources.items()]
        return "\n".join([*head, "", self.negotiation.summary(), "", *tail])


def _threat_actor(p: Plan, origin: str) -> int:
    for i, a in enumerate(p.actors):
        if a.action in ("sell", "announce"):
            return i
    raise ScenarioError(
        f"{origin}: actors",
        "(no sale)",
        "a negotiation needs an actor that sells or announces a sale",
        show_value=False,
    )


def _stop_buying_alternative(p: Plan, i: int) -> Plan:
    """The same holder forgoing purchases of the threatened amount over 12 months instead."""
    a = p.actors[i]
    amount = a.sold_total_usd_bn + a.threatened_total_usd_bn
    T = p.horizon_days
    days = min(T, 252)
    forgone = np.zeros((T, 3))
    forgone[:days] = np.asarray(a.mix)[None, :] * amount / days
    zero_tb, zero_t = np.zeros((T, 3)), np.zeros(T)
    alt = replace(
        a,
        action="stop_buying",
        sell_usd_bn=zero_tb,
        forgone_usd_bn=forgone,
        threat_usd_bn=zero_tb,
        converted_usd_bn=zero_t,
        threat_converted_usd_bn=zero_t,
        threat_probability=0.0,
    )
    return replace(p, actors=(alt,))


def negotiate_scenario(
    scenario: Scenario | str | Path,
    *,
    draws: int | None = None,
    seed: int | None = None,
    calibration: str | None = None,
) -> ScenarioNegotiation:
    """Solve the negotiation of a scenario with a ``[negotiation]`` table.

    The holder's threats: sell the scenario's amount (executed in full), stop buying the same
    amount over a year, or nothing. The US threatens the scenario's tariffs (``threat``) or any
    of its ``us_threats`` menu. An announced probability adds the value of a threat that leaves
    something to chance, with the announcement premium's one-year US cost from the engine.
    """
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    origin = (
        Path(scenario).name
        if not isinstance(scenario, Scenario) and Path(scenario).is_file()
        else sc.name
    )
    if sc.negotiation is None:
        raise ScenarioError(
            f"{origin}: negotiation",
            "(missing)",
            "add a [negotiation] table (docs/scenarios.md)",
            show_value=False,
        )
    n = sc.draws if draws is None else draws
    if n < 1:
        raise InputError("--draws", n, "a whole number of draws >= 1")
    seed_ = sc.seed if seed is None else seed
    cal = calibration or sc.calibration
    params = draw_params(n, seed_, cal)
    p = plan(sc, origin)
    i = _threat_actor(p, origin)
    actor = p.actors[i]
    holder = actor.holder
    only = replace(p, actors=(actor,))
    executed = run_costs(only.executed(), params)
    stopped = run_costs(_stop_buying_alternative(p, i), params)
    sale = actor.sold_total_usd_bn + actor.threatened_total_usd_bn
    options = [
        ThreatOption(
            f"sell_{sale:.0f}",
            "sell",
            seller_cost_pv(executed, holder, params),
            us_cost_pv(executed, params),
        ),
        ThreatOption(
            f"stop_buying_{sale:.0f}",
            "stop_buying",
            seller_cost_pv(stopped, holder, params),
            us_cost_pv(stopped, params),
        ),
    ]
    spec = sc.negotiation
    game_holder = canonical_holder(holder)
    threat: dict[str, float]
    if spec.threat_tariff_pct is None:
        threat = tariffs_at(game_holder, f"{sc.as_of}-01")
    else:
        threat = {s: spec.threat_tariff_pct for s in HOLDER_EXPORT_SECTORS}
        if spec.autos_threat_tariff_pct is not None:
            threat["autos_and_parts"] = spec.autos_threat_tariff_pct
    us_threats: dict[str, TariffSpec] = {"threat": threat}
    for label, spec_threat in spec.us_threats.items():
        if label in us_threats:
            raise ScenarioError(
                f"{origin}: negotiation.us_threats", label, "a label other than 'threat'"
            )
        if isinstance(spec_threat, dict):
            unknown = sorted(set(spec_threat) - set(HOLDER_EXPORT_SECTORS))
            if unknown:
                raise ScenarioError(
                    f"{origin}: negotiation.us_threats.{label}",
                    unknown[0],
                    f"sectors {', '.join(HOLDER_EXPORT_SECTORS)}",
                )
        us_threats[label] = spec_threat
    announcement = None
    if actor.action == "announce":
        ann_costs = run_costs(only, params)
        announcement = Announcement(
            options[0], actor.threat_probability, ann_costs["us_federal_interest_1y"]
        )
    grid = np.linspace(spec.status_quo_tariff_pct, spec.tariff_grid_max_pct, 41)
    baseline = None
    if game_holder != "Japan":  # only Japan has a bundled tariff timeline
        baseline = {s: spec.status_quo_tariff_pct for s in HOLDER_EXPORT_SECTORS}
    result = negotiate(
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
        draws=n,
        seed=seed_,
        calibration=cal,
        threat_sale_usd_bn=round(sale, 2),
        threat_probability=actor.threat_probability,
        negotiation=result,
        sources={**p.sources, "parameters": f"cardtable registry, calibration {cal}"},
    )


@dataclass(frozen=True)
class CoalitionResult:
    """Exact Shapley values of creditors' leverage at one month."""

    as_of: str
    countries: tuple[str, ...]
    holdings_usd_bn: FloatArray
    shapley_usd_bn: FloatArray
    value_grand_coalition_usd_bn: float
    core_empty: bool
    core_detail: str
    sale_share: float
    sale_days: int
    grid_sales_usd_bn: FloatArray
    grid_value_usd_bn: FloatArray
    sources: Mapping[str, str]

    def to_frame(self) -> pd.DataFrame:
        """Ranked table: country, holdings, Shapley value, share of v(N)."""
        total = self.value_grand_coalition_usd_bn
        frame = pd.DataFrame(
            {
                "country": self.countries,
                "holdings_usd_bn": self.holdings_usd_bn,
                "value_usd_bn": self.shapley_usd_bn,
                "share_pct": 100 * self.shapley_usd_bn / total if total else 0.0,
            }
        )
        return frame.sort_values("value_usd_bn", ascending=False).reset_index(drop=True)

    def summary_frame(self) -> pd.DataFrame:
        """One row per holder's Shapley value and the grand coalition's (p50; one central
        run, so p5 and p95 are NaN)."""
        return coalition_summary_frame(self)

    def _repr_html_(self) -> str:
        return coalition_html(self)

    def __repr__(self) -> str:
        return (
            f"CoalitionResult(as_of={self.as_of!r}, holders={len(self.countries)}, "
            f"value_grand_coalition_usd_bn={self.value_grand_coalition_usd_bn:.1f})"
        )

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON object (docs/cli.md)."""
        return {
            "as_of": self.as_of,
            "value_grand_coalition_usd_bn": round(self.value_grand_coalition_usd_bn, 4),
            "sale_share_of_holdings": self.sale_share,
            "sale_days": self.sale_days,
            "core_empty": self.core_empty,
            "core_detail": self.core_detail,
            "shapley": [
                {
                    "country": str(r["country"]),
                    "holdings_usd_bn": float(r["holdings_usd_bn"]),
                    "value_usd_bn": round(float(r["value_usd_bn"]), 4),
                    "share_pct": round(float(r["share_pct"]), 4),
                }
                for r in self.to_frame().to_dict("records")
            ],
            "sources": dict(self.sources),
        }

    def summary(self) -> str:
        """Ranked text table with the value of the grand coalition and the core."""
        lines = [
            f"Creditors' leverage at {self.as_of}: each coalition sells "
            f"{100 * self.sale_share:.0f}% of its holdings over {self.sale_days} trading days",
            f"value of all holders together (US cost): {self.value_grand_coalition_usd_bn:,.1f}"
            f" USD bn; core {'EMPTY' if self.core_empty else 'non-empty'} ({self.core_detail})",
            f"{'#':>3}  {'country':<26}{'holdings':>10}{'Shapley':>10}{'share %':>9}",
        ]
        for k, r in enumerate(self.to_frame().itertuples(), 1):
            lines.append(
                f"{k:>3}  {r.country:<26}{r.holdings_usd_bn:>10,.1f}"
                f"{r.value_usd_bn:>10,.2f}{r.share_pct:>9.2f}"
            )
        lines += ["Sources:"] + [f"  {k}: {v}" for k, v in self.sources.items()]
        return "\n".join(lines)


_COALITION_TEMPLATE = """
name = "coalition"
as_of = "{as_of}"
horizon_days = 252
[backstop]
enabled = true
[[actors]]
holder = "{holder}"
[actors.sell]
amount_usd_bn = 1.0
days = {days}
"""


def coalition(
    as_of: str | None = None,
    holders: list[str] | None = None,
    *,
    sale_share: float = 0.25,
    sale_days: int = 60,
    grid_points: int = 65,
) -> CoalitionResult:
    """Exact Shapley values of the coalition game ``v(C) = g(holdings of C)``.

    ``g(H)`` is the US cost over the negotiation horizon (central calibration, backstop on)
    of a coordinated sale of ``sale_share * H`` over ``sale_days``, evaluated by the engine at
    ``grid_points`` sale sizes and interpolated linearly to TIC's $0.1bn units; the Shapley
    values are exact for that ``g``. Aggregate rows (totals, "All Other", "Of which") are not
    players.
    """
    from cardtable import data

    if not 0 < sale_share <= 1:
        raise InputError("--sale-share", sale_share, "a share in (0, 1]")
    snap = data.holdings_at(as_of)
    table = dict(zip(snap.table["country"], snap.table["holdings_usd_bn"], strict=True))
    if holders:
        names = [data.resolve_country(h) for h in holders]
        missing = [n for n in names if n not in table]
        if missing:
            raise InputError("--holders", missing[0], f"not listed by TIC at {snap.as_of}")
        table = {n: table[n] for n in dict.fromkeys(names)}
    countries, units = holder_weights(table)
    total_units = int(units.sum())
    largest = max(table, key=lambda c: table[c])
    base = plan(
        parse_scenario(_COALITION_TEMPLATE.format(as_of=snap.as_of, holder=largest, days=sale_days))
    )
    params = REGISTRY.central("default", 1)
    grid_h = np.linspace(0.0, total_units / 10.0, grid_points)
    g_grid = np.array(
        [us_cost_pv(run_costs(base.scaled(sale_share * h), params), params)[0] for h in grid_h]
    )
    g = np.interp(np.arange(total_units + 1) / 10.0, grid_h, g_grid)
    g[0] = 0.0
    phi = shapley_weighted(units, g)
    core = core_check(units, g)
    return CoalitionResult(
        as_of=snap.as_of,
        countries=countries,
        holdings_usd_bn=units / 10.0,
        shapley_usd_bn=np.asarray(phi),
        value_grand_coalition_usd_bn=float(g[-1]),
        core_empty=core.empty,
        core_detail=core.detail,
        sale_share=sale_share,
        sale_days=sale_days,
        grid_sales_usd_bn=sale_share * grid_h,
        grid_value_usd_bn=g_grid,
        sources={
            **base.sources,
            "value": "engine, calibration default, backstop on "
            "(trigger 50 bp, USD 75bn/day); US cost over negotiation_horizon_years",
        },
    )

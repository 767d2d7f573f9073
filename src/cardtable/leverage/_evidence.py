"""The evidence a negotiation rests on (issue 10), from a scenario's ``[negotiation]`` fields:
the market-implied execution probability of an announced threat, the holder's documented
reasons to execute, and the tariff menu written all-in (MFN plus the added duty) with a deal
grid that contains the real outcomes. Each is a call of a pure function of :mod:`cardtable.game`
or :mod:`cardtable.trade` on engine outputs; docs/game.md gives the equations and sources."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from cardtable._typing import FloatArray
from cardtable.engine import moves_on_day
from cardtable.game import (
    ImpliedProbability,
    ReasonsToExecute,
    TariffSpec,
    event_moves_from_data,
    execution_benefit,
    first_fridays,
    implied_probability,
    present_value_factor,
)
from cardtable.params import Draws
from cardtable.scenarios import ActorPlan, NegotiationSpec, Plan
from cardtable.trade import (
    HOLDER_EXPORT_SECTORS,
    all_in_tariffs,
    deal_grid_pct,
    mfn_tariffs,
    tariffs_at,
)

__all__ = ["TariffMenu", "benefit_usd_bn", "implied", "tariff_menu"]

#: The engine's series of each event variable.
_SERIES = {"ust_2y_bp": "yield_2y_bp", "ust_10y_bp": "yield_10y_bp", "usdjpy_pct": "usdjpy_pct"}


def implied(spec: NegotiationSpec, p: Plan, d: Draws) -> ImpliedProbability | None:
    """The market-implied execution probability, when ``probability = "implied"``.

    The engine runs the announced plan as if the market were sure of execution (probability
    1); the observed abnormal move over the window, net of the stated benchmark, divided by
    that move per draw (GLS over the window's variables) is the implied probability.
    """
    if spec.probability != "implied" or spec.window is None:
        return None
    w = spec.window
    comparable = None
    if w.benchmark == "payroll_days":
        assert w.comparable_from is not None  # checked when the scenario is loaded
        before = (np.datetime64(w.start) - np.timedelta64(1, "D")).astype(str)
        comparable = first_fridays(w.comparable_from, str(before))
    ev = event_moves_from_data(
        w.start,
        w.end,
        tuple(w.variables),
        estimation_days=w.estimation_days,
        benchmark="mean" if w.benchmark == "payroll_days" else w.benchmark,
        comparable_dates=comparable,
    )
    h = min(ev.trading_days, p.horizon_days)
    sure = moves_on_day(p.announced_with(1.0), d, h - 1)
    moves = [sure[_SERIES[v]] for v in ev.variables]
    return implied_probability(
        ev.abnormal, ev.noise_cov, np.stack(moves, axis=1), variables=ev.variables
    )


def benefit_usd_bn(
    spec: NegotiationSpec, actor: ActorPlan, d: Draws, *, converted: bool
) -> FloatArray | float:
    """The holder's documented benefits of executing its threat (0 without ``reasons``)."""
    given = spec.reasons.get(actor.holder)
    if given is None:
        return 0.0
    reasons = ReasonsToExecute(**given.model_dump())
    conv = actor.converted_usd_bn.sum() + actor.threat_converted_usd_bn.sum() if converted else 0
    benefit = execution_benefit(
        reasons,
        d.params,
        moved_usd_bn=actor.amount_usd_bn,
        converted_usd_bn=float(conv),
        annuity_factor=present_value_factor(d.params),
    )
    return benefit.total_usd_bn


@dataclass(frozen=True)
class TariffMenu:
    """The tariffs the negotiation is about: the US threats, the deal grid and its floor."""

    us_threats: dict[str, TariffSpec]
    grid_pct: FloatArray
    floor_pct: dict[str, float] | None
    baseline_pct: dict[str, float] | None


def tariff_menu(spec: NegotiationSpec, holder: str, as_of: str) -> TariffMenu:
    """Threats all-in (``tariffs = "added_to_mfn"``: MFN plus the stated duty), a grid from the
    status quo to ``tariff_grid_max_pct`` that contains ``deal_grid_include_pct``, and the
    MFN floor of a deal (``deal_floor = "mfn"``)."""
    threat: dict[str, float]
    if spec.threat_tariff_pct is None:
        threat = tariffs_at(holder, f"{as_of}-01")
    else:
        threat = {s: spec.threat_tariff_pct for s in HOLDER_EXPORT_SECTORS}
        if spec.autos_threat_tariff_pct is not None:
            threat["autos_and_parts"] = spec.autos_threat_tariff_pct
    menu: dict[str, TariffSpec] = {"threat": threat, **spec.us_threats}
    mfn = mfn_tariffs(holder)
    if spec.tariffs == "added_to_mfn":
        menu = {
            label: all_in_tariffs(t if isinstance(t, Mapping) else float(t), mfn)
            for label, t in menu.items()
        }
    grid = deal_grid_pct(
        spec.status_quo_tariff_pct,
        spec.tariff_grid_max_pct,
        step_pct=spec.deal_grid_step_pct,
        include=spec.deal_grid_include_pct,
    )
    baseline = None
    if holder != "Japan":  # only Japan has a bundled tariff timeline
        baseline = dict.fromkeys(HOLDER_EXPORT_SECTORS, spec.status_quo_tariff_pct)
    return TariffMenu(menu, grid, mfn if spec.deal_floor == "mfn" else None, baseline)

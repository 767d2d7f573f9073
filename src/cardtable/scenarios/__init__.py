"""Scenarios: TOML files or built-in names, validated into an immutable :class:`Scenario`, then
resolved against the data into a :class:`Plan` (the daily sales schedule of every actor)."""

from __future__ import annotations

from cardtable.scenarios._draws import scenario_draws
from cardtable.scenarios._load import as_scenario, builtin_names, load_scenario, parse_scenario
from cardtable.scenarios._model import (
    MAX_TARIFF_PCT,
    Actor,
    Announce,
    MaturityMix,
    NegotiationSpec,
    Scenario,
    Sell,
    StopBuying,
    Tranche,
    market_state_conflict,
    scenario_from_dict,
)
from cardtable.scenarios._overrides import describe_overrides, parse_assignment, with_overrides
from cardtable.scenarios._plan import HOME_CURRENCY, ActorPlan, Plan, coalition_plan, plan
from cardtable.scenarios._shocks import PRESETS as SHOCK_PRESETS
from cardtable.scenarios._shocks import Shock, ShockPreset, shock_spec

__all__ = [
    "HOME_CURRENCY",
    "MAX_TARIFF_PCT",
    "SHOCK_PRESETS",
    "Actor",
    "ActorPlan",
    "Announce",
    "MaturityMix",
    "NegotiationSpec",
    "Plan",
    "Scenario",
    "Sell",
    "Shock",
    "ShockPreset",
    "StopBuying",
    "Tranche",
    "as_scenario",
    "builtin_names",
    "coalition_plan",
    "describe_overrides",
    "load_scenario",
    "market_state_conflict",
    "parse_assignment",
    "parse_scenario",
    "plan",
    "scenario_draws",
    "scenario_from_dict",
    "shock_spec",
    "with_overrides",
]

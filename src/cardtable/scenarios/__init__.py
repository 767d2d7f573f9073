"""Scenarios: TOML files or built-in names, validated into an immutable :class:`Scenario`, then
resolved against the data into a :class:`Plan` (the daily sales schedule of every actor)."""

from __future__ import annotations

from cardtable.scenarios._load import builtin_names, load_scenario, parse_scenario
from cardtable.scenarios._model import (
    Actor,
    Announce,
    BackstopSpec,
    MaturityMix,
    NegotiationSpec,
    Scenario,
    Sell,
    StopBuying,
    Tranche,
    market_state_conflict,
    scenario_from_dict,
)
from cardtable.scenarios._plan import HOME_CURRENCY, ActorPlan, Plan, plan
from cardtable.scenarios._shocks import PRESETS as SHOCK_PRESETS
from cardtable.scenarios._shocks import Shock, ShockPreset, shock_spec

__all__ = [
    "HOME_CURRENCY",
    "SHOCK_PRESETS",
    "Actor",
    "ActorPlan",
    "Announce",
    "BackstopSpec",
    "MaturityMix",
    "NegotiationSpec",
    "Plan",
    "Scenario",
    "Sell",
    "Shock",
    "ShockPreset",
    "StopBuying",
    "Tranche",
    "builtin_names",
    "load_scenario",
    "market_state_conflict",
    "parse_scenario",
    "plan",
    "scenario_from_dict",
    "shock_spec",
]

"""Deprecated: the verbs moved to the flat API (``cardtable.simulate``, ``cardtable.negotiate``,
``cardtable.coalition``) and the layers to :mod:`cardtable.engine` and
:mod:`cardtable.leverage`. Old names still resolve, with a :class:`DeprecationWarning`."""

from __future__ import annotations

import importlib
import warnings
from typing import Any

_MOVED = {
    "simulate": ("cardtable", "simulate"),
    "negotiate_scenario": ("cardtable", "negotiate"),
    "coalition": ("cardtable", "coalition"),
    "SimulationResult": ("cardtable", "SimulationResult"),
    "ScenarioNegotiation": ("cardtable", "ScenarioNegotiation"),
    "CoalitionResult": ("cardtable", "CoalitionResult"),
    "run_costs": ("cardtable.engine", "run_costs"),
}


def __getattr__(name: str) -> Any:
    if name not in _MOVED:
        raise AttributeError(f"module 'cardtable.uncertainty' has no attribute {name!r}")
    module, attr = _MOVED[name]
    warnings.warn(
        f"cardtable.uncertainty.{name} is deprecated; use {module}.{attr}",
        DeprecationWarning,
        stacklevel=2,
    )
    return getattr(importlib.import_module(module), attr)

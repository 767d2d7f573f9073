"""Monte Carlo over the pipeline, and the :class:`SimulationResult` it returns."""

from __future__ import annotations

from cardtable.uncertainty._leverage import (
    CoalitionResult,
    ScenarioNegotiation,
    coalition,
    negotiate_scenario,
    seller_cost_pv,
    us_cost_pv,
)
from cardtable.uncertainty._result import QUANTILES, SimulationResult, quantiles, signed_peak
from cardtable.uncertainty._run import (
    DEFAULT_CHUNK_DRAWS,
    draw_params,
    run_costs,
    run_plan,
    simulate,
)

__all__ = [
    "DEFAULT_CHUNK_DRAWS",
    "QUANTILES",
    "CoalitionResult",
    "ScenarioNegotiation",
    "SimulationResult",
    "coalition",
    "draw_params",
    "negotiate_scenario",
    "quantiles",
    "run_costs",
    "run_plan",
    "seller_cost_pv",
    "signed_peak",
    "simulate",
    "us_cost_pv",
]

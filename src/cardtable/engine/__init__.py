"""The engine: a :class:`~cardtable.scenarios.Plan` run over :class:`~cardtable.params.Draws`
(market paths, then the cost ledger), and the :class:`SimulationResult` it returns."""

from __future__ import annotations

from cardtable.engine._result import SimulationResult, path_outputs, signed_peak
from cardtable.engine._run import (
    DEFAULT_CHUNK_DRAWS,
    PATHS_CHUNK_DRAWS,
    moves_on_day,
    run,
    run_costs,
    simulate,
    sources,
)

__all__ = [
    "DEFAULT_CHUNK_DRAWS",
    "PATHS_CHUNK_DRAWS",
    "SimulationResult",
    "moves_on_day",
    "path_outputs",
    "run",
    "run_costs",
    "signed_peak",
    "simulate",
    "sources",
]

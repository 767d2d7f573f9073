"""Sweeps and comparisons: a scenario over a grid of overrides (in-process or on a Dask
cluster, resumable), and several scenarios side by side.

    from cardtable.sweep import compare, sweep
    side = compare(["kato-2025", "japan-fire-sale"], draws=10_000, seed=1)
    grid = sweep("japan-fire-sale", ["actors[0].sell.amount_usd_bn=100:500:100"], draws=2_000)
"""

from __future__ import annotations

from cardtable.sweep._compare import ComparisonResult, compare
from cardtable.sweep._grid import GridAxis, grid_points, parse_axis, parse_grid
from cardtable.sweep._outputs import output_quantiles
from cardtable.sweep._result import SweepResult
from cardtable.sweep._run import DEFAULT_TASK_SECONDS, points_per_task, sweep

__all__ = [
    "DEFAULT_TASK_SECONDS",
    "ComparisonResult",
    "GridAxis",
    "SweepResult",
    "compare",
    "grid_points",
    "output_quantiles",
    "parse_axis",
    "parse_grid",
    "points_per_task",
    "sweep",
]

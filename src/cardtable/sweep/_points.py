"""One grid point: the scenario with the point's overrides, simulated at the sweep's draws and
seed, reduced to p5 / p50 / p95 of every output. Module-level functions, so that a Dask worker
can run them."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence

from cardtable.engine import simulate
from cardtable.scenarios import Scenario
from cardtable.sweep._grid import Value
from cardtable.sweep._outputs import Quantiles, output_quantiles
from cardtable.sweep._overrides import with_overrides

__all__ = ["PointRow", "evaluate_chunk", "evaluate_point", "point_scenario"]

#: ``(point index, outputs)``.
PointRow = tuple[int, dict[str, Quantiles]]


def point_scenario(base: Scenario, overrides: Mapping[str, Value]) -> Scenario:
    """``base`` with one grid point's overrides, validated like a loaded scenario."""
    return with_overrides(base, overrides)


def evaluate_point(
    base: Scenario, overrides: Mapping[str, Value], draws: int, seed: int
) -> dict[str, Quantiles]:
    """p5 / p50 / p95 of every output of ``base`` with ``overrides``.

    Every point uses the same ``draws`` and ``seed`` (the same parameter draws: common
    random numbers), so a point's figures do not depend on where or with which other points
    it runs.
    """
    result = simulate(point_scenario(base, overrides), draws=draws, seed=seed)
    return output_quantiles(result)


def evaluate_chunk(
    base: Scenario, points: Sequence[tuple[int, Mapping[str, Value]]], draws: int, seed: int
) -> tuple[list[PointRow], float]:
    """Evaluate several points (one task); returns the rows and the seconds it took."""
    t0 = time.perf_counter()
    rows = [(i, evaluate_point(base, p, draws, seed)) for i, p in points]
    return rows, time.perf_counter() - t0

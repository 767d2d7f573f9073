"""One grid point: the scenario with the point's overrides, simulated at the sweep's draws and
seed, reduced to p5 / p50 / p95 of every output. Module-level functions, so that a Dask worker
can run them."""

from __future__ import annotations

import time
import warnings
from collections.abc import Mapping, Sequence

from threadpoolctl import threadpool_limits

from cardtable.engine import simulate
from cardtable.errors import CardtableWarning, InputError
from cardtable.params import REGISTRY, check_override
from cardtable.scenarios import Scenario, with_overrides
from cardtable.sweep._grid import Value
from cardtable.sweep._outputs import Quantiles, output_quantiles

__all__ = ["PointRow", "check_points", "evaluate_chunk", "evaluate_point", "point_scenario"]

#: ``(point index, outputs)``.
PointRow = tuple[int, dict[str, Quantiles]]


def point_scenario(base: Scenario, overrides: Mapping[str, Value]) -> Scenario:
    """``base`` with one grid point's overrides, validated like a loaded scenario
    (:func:`cardtable.scenarios.with_overrides`); a bad name or value is an
    :class:`~cardtable.errors.InputError` on ``grid``."""
    try:
        return with_overrides(base, overrides)
    except InputError as exc:
        if exc.field == "set":
            raise exc.with_field("grid") from None
        raise


def check_points(base: Scenario, points: Sequence[Mapping[str, Value]], strict: bool) -> None:
    """Validate every point before any work: the scenario it makes, and each registry
    parameter value it sets against the parameter's plausible range, once per value (outside
    it: a :class:`~cardtable.errors.CardtableWarning`, or an error with ``strict``)."""
    seen: set[tuple[str, str, float]] = set()
    for p in points:
        sc = point_scenario(base, p)
        for name, value in sc.params.items():
            if (sc.calibration, name, value) not in seen:
                seen.add((sc.calibration, name, value))
                check_override(REGISTRY, REGISTRY.calibration(sc.calibration), name, value, strict)


def evaluate_point(
    base: Scenario, overrides: Mapping[str, Value], draws: int, seed: int
) -> dict[str, Quantiles]:
    """p5 / p50 / p95 of every output of ``base`` with ``overrides``.

    Every point uses the same ``draws`` and ``seed`` (the same parameter draws: common
    random numbers), so a point's figures do not depend on where or with which other points
    it runs.
    """
    with warnings.catch_warnings():
        # range warnings were given once per value when the sweep checked its points
        warnings.simplefilter("ignore", CardtableWarning)
        result = simulate(point_scenario(base, overrides), draws=draws, seed=seed, keep_paths=False)
    return output_quantiles(result)


def evaluate_chunk(
    base: Scenario, points: Sequence[tuple[int, Mapping[str, Value]]], draws: int, seed: int
) -> tuple[list[PointRow], float]:
    """Evaluate several points (one task); returns the rows and the seconds it took.

    BLAS runs on one thread: a matrix product's sums are ordered by how BLAS splits it among
    threads (float rounding), so one thread everywhere (this process or a Dask worker, which
    also sets one) gives bit-identical figures wherever a point runs. Points are the unit of
    parallelism."""
    t0 = time.perf_counter()
    with threadpool_limits(limits=1, user_api="blas"):
        rows = [(i, evaluate_point(base, p, draws, seed)) for i, p in points]
    return rows, time.perf_counter() - t0

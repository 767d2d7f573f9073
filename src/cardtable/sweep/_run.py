"""``sweep``: a scenario over the cartesian grid of overrides, in-process or on a Dask cluster.

Steps: validate every grid point (one clear error before any work); find finished points under
``out_dir`` (resume); evaluate the first pending point in-process and time it (calibration);
group the remaining points into tasks of about ``task_seconds`` each; run the tasks in-process
or on the cluster, persisting each finished task; assemble a :class:`SweepResult`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from cardtable.errors import InputError
from cardtable.params import check_draws, check_seed
from cardtable.scenarios import Scenario, as_scenario, with_overrides
from cardtable.sweep._cluster import run_on_cluster
from cardtable.sweep._grid import Value, grid_points, parse_grid
from cardtable.sweep._outputs import Quantiles
from cardtable.sweep._points import PointRow, check_points, evaluate_chunk
from cardtable.sweep._result import SweepResult
from cardtable.sweep._store import PointStore, sweep_key

__all__ = ["DEFAULT_TASK_SECONDS", "points_per_task", "sweep"]

#: Target length of one task (the middle of the 0.5-2 s the scheduler handles well: long
#: enough that its per-task overhead, about 1 ms, is negligible; short enough to balance load
#: and to lose little work to an interruption).
DEFAULT_TASK_SECONDS = 1.0

#: Called with (finished points, total points) after every task.
Progress = Callable[[int, int], None]


def points_per_task(seconds_per_point: float, task_seconds: float = DEFAULT_TASK_SECONDS) -> int:
    """Grid points per task so that one task takes about ``task_seconds`` (at least 1)."""
    if not seconds_per_point > 0:
        return 1
    return max(1, math.floor(task_seconds / seconds_per_point + 0.5))


def sweep(
    scenario: Scenario | str | Path,
    grid: Iterable[str] | Mapping[str, Sequence[Value]],
    *,
    draws: int | None = None,
    seed: int | None = None,
    overrides: Mapping[str, object] | None = None,
    strict: bool = False,
    out_dir: str | Path | None = None,
    scheduler: str | None = None,
    progress: Progress | None = None,
    task_seconds: float = DEFAULT_TASK_SECONDS,
) -> SweepResult:
    """Simulate ``scenario`` at every point of the cartesian ``grid`` of overrides.

    Parameters
    ----------
    scenario
        The scenario, or its built-in name or file path.
    grid
        ``["NAME=START:STOP:STEP", "NAME=v1,v2,..."]`` or ``{NAME: values}``; NAME is a
        scenario field path (``actors[0].sell.amount_usd_bn``) or a registry parameter.
    draws, seed
        Monte Carlo draws and seed of every point (default: the scenario's own). Every point
        uses the same seed, hence the same parameter draws.
    overrides
        ``NAME -> value`` applied to the scenario before the grid
        (:func:`cardtable.scenarios.with_overrides`).
    strict
        Refuse registry parameters set outside their plausible range (default: warn, once
        per value).
    out_dir
        Directory for finished points (resume after an interruption); None keeps nothing.
    scheduler
        Address of a Dask scheduler (``tcp://HOST:PORT``); None runs in this process.
    progress
        Called with (finished points, total points) after every task.
    task_seconds
        Target seconds per task, estimated from timing the first point.

    Returns
    -------
    SweepResult
    """
    base, _, _ = as_scenario(scenario)
    if overrides:
        base = with_overrides(base, overrides)
    axes = parse_grid(grid)
    points = grid_points(axes)
    n = int(check_draws(base.draws if draws is None else draws, base.horizon_days))
    s = int(check_seed(base.seed if seed is None else seed))
    if not (isinstance(task_seconds, int | float) and 0 < task_seconds <= 3600):
        raise InputError("task_seconds", task_seconds, "seconds in (0, 3600]")
    check_points(base, points, strict)  # every point valid before any work
    store = None if out_dir is None else PointStore(Path(out_dir), base, axes, n, s)
    done: dict[int, dict[str, Quantiles]] = {} if store is None else store.load()
    total = len(points)
    task_times: list[float] = []

    def finish(rows: list[PointRow], seconds: float) -> None:
        for i, outputs in rows:
            done[i] = outputs
        task_times.append(seconds)
        if store is not None:
            store.save(rows)
        if progress is not None:
            progress(len(done), total)

    pending = [i for i in range(total) if i not in done]
    if progress is not None:
        progress(len(done), total)
    per_task = 1
    t0 = time.perf_counter()
    if pending:
        first, rest = pending[0], pending[1:]
        rows, seconds = evaluate_chunk(base, [(first, points[first])], n, s)
        finish(rows, seconds)
        per_task = points_per_task(seconds, task_seconds)
        tasks = [
            [(i, points[i]) for i in rest[j : j + per_task]] for j in range(0, len(rest), per_task)
        ]
        results = (
            (evaluate_chunk(base, t, n, s) for t in tasks)
            if scheduler is None
            else run_on_cluster(scheduler, base, tasks, n, s)
        )
        for rows, seconds in results:
            finish(rows, seconds)
    return SweepResult(
        scenario=base.name,
        calibration=base.calibration,
        draws=n,
        seed=s,
        axes=axes,
        points=tuple(points),
        outputs=tuple(done[i] for i in range(total)),
        key=sweep_key(base, axes, n, s),
        points_per_task=per_task,
        task_seconds=tuple(task_times),
        wall_seconds=time.perf_counter() - t0,
        resumed_points=total - len(pending),
    )

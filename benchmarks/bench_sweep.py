"""Sweep benchmark (a report, not a test): a POINTS x DRAWS sweep of ``japan-fire-sale`` over
the sale size and the short-run impact, in-process and on a ``LocalCluster`` with WORKERS
worker processes (one thread each, loopback), plus the scheduler's overhead per task, and
the estimated time on 100 workers.

Estimate for W workers (docs/performance.md)::

    T(W) = t_first + ceil(tasks / W) * t_task + tasks * t_overhead

with ``t_first`` the timed first point (run before the tasks are sized), ``t_task`` the
median task time measured on the cluster, and ``t_overhead`` the scheduler's per-task cost
(measured with empty tasks), which it spends serially.

Run: ``python benchmarks/bench_sweep.py [POINTS] [DRAWS] [WORKERS]`` (defaults 1000, 10000,
2). Requires the optional extra ``sweep`` (dask.distributed).
"""

from __future__ import annotations

import json
import math
import os
import statistics
import sys
import time

from distributed import Client, LocalCluster

from cardtable.sweep import sweep

POINTS = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
DRAWS = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
WORKERS = int(sys.argv[3]) if len(sys.argv) > 3 else 2


def grid(points: int) -> list[str]:
    """About ``points`` grid points: sale sizes x short-run impacts (inside its range)."""
    sizes = max(1, round(math.sqrt(points / 1.6)))
    impacts = max(1, points // sizes)
    return [
        f"actors[0].sell.amount_usd_bn=20:{20 * sizes}:20",
        f"flow_impact_bp_per_100bn=40:{40 + 0.02 * (impacts - 1):.2f}:0.02",
    ]


def noop() -> None:
    """An empty task (scheduler overhead)."""


def main() -> None:
    g = grid(POINTS)
    report: dict[str, object] = {"grid": g, "draws": DRAWS, "load_1m": os.getloadavg()[0]}
    t0 = time.perf_counter()
    local = sweep("japan-fire-sale", g, draws=DRAWS, seed=1)
    wall_local = time.perf_counter() - t0
    n = len(local.points)
    report["points"] = n
    report["in_process"] = {
        "wall_s": round(wall_local, 2),
        "s_per_point": round(wall_local / n, 4),
        "points_per_task": local.points_per_task,
    }
    with (
        LocalCluster(
            n_workers=WORKERS,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=":0",
        ) as cluster,
        Client(cluster) as client,
    ):
        client.run(lambda: None)  # workers up
        t0 = time.perf_counter()
        remote = sweep(
            "japan-fire-sale", g, draws=DRAWS, seed=1, scheduler=cluster.scheduler_address
        )
        wall_cluster = time.perf_counter() - t0
        tasks = remote.task_seconds[1:]  # the first entry is the in-process timing point
        empty = 2000
        t0 = time.perf_counter()
        client.gather(client.map(lambda i: noop(), range(empty), pure=False))
        overhead = (time.perf_counter() - t0) / empty
    assert remote.outputs == local.outputs, "cluster and in-process results differ"
    t_first, t_task = remote.task_seconds[0], statistics.median(tasks)
    report["cluster"] = {
        "workers": WORKERS,
        "wall_s": round(wall_cluster, 2),
        "tasks": len(tasks),
        "points_per_task": remote.points_per_task,
        "task_s_median": round(t_task, 3),
        "task_s_min": round(min(tasks), 3),
        "task_s_max": round(max(tasks), 3),
        "scheduler_overhead_ms_per_task": round(overhead * 1e3, 3),
        "identical_to_in_process": True,
    }
    for w in (WORKERS, 100):
        est = t_first + math.ceil(len(tasks) / w) * t_task + len(tasks) * overhead
        report[f"estimate_{w}_workers_s"] = round(est, 2)
    report["load_1m_after"] = os.getloadavg()[0]
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()

"""Engine benchmarks (a report, not a test).

- ``japan-fire-sale`` with 100,000 draws x 252 trading days x 4 tenors plus FX: median wall time
  (target <= 2 s) and peak resident memory (target <= 2 GB), and the ratio to a numpy floor that
  only allocates and writes the same outputs once (target <= 5x): the paths the engine stores
  and its per-draw columns (summaries and ledger lines). BLAS runs on one thread, as in the
  CLI. Each is measured in a fresh process: the first run (cold: the kernel maps fresh pages)
  and the median of the following runs (warm). Quote the warm ratio: on the 2-core virtual
  machine the floor's cold run took anywhere from 0.06 to 0.48 s with nothing changed, so the
  cold ratio moves between about 4x and 25x from one run of this benchmark to the next.
- One deterministic draw in-process (target <= 20 ms).

Run: ``python benchmarks/bench_engine.py`` (or ``make bench``). Memory is measured in a fresh
subprocess per case (``ru_maxrss``), minus the interpreter-and-imports baseline.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time

DRAWS = 100_000
REPEATS = 5

_CHILD = r"""
import json, resource, statistics, sys, time
import numpy as np
from cardtable.scenarios import load_scenario, plan
from cardtable.engine import run as run_plan
from cardtable.params import REGISTRY, Draws
case, draws, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
sc = load_scenario("japan-fire-sale")
p = plan(sc)
params = Draws.make(REGISTRY, draws, 1, "default")
T = sc.horizon_days
probe = run_plan(p, Draws.make(REGISTRY, 10, 1, "default"))
columns = len(probe.summaries or {}) + len(probe.costs_usd_bn)
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def once():
    if case == "floor":
        # what the engine stores: yields (D, T, 4); USD/JPY, which is the yen's path (D, T);
        # the broad dollar (D, T) (no backstop path: it is off); and the per-draw columns
        # (summaries and ledger lines, float64), each written once
        y = np.empty((draws, T, 4), dtype=np.float32); y.fill(1.0)
        a = np.empty((draws, T), dtype=np.float32); a.fill(1.0)
        b = np.empty((draws, T), dtype=np.float32); b.fill(1.0)
        cols = [np.full(draws, 1.0) for _ in range(columns)]
        return (y, a, b, cols)
    return run_plan(p, params)


times = []
for _ in range(repeats + 1):
    t0 = time.perf_counter()
    r = once()
    times.append(time.perf_counter() - t0)
    del r
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"cold_s": times[0], "warm_median_s": statistics.median(times[1:]),
                  "peak_mb": peak / 1024, "base_mb": base / 1024}))
"""


def _child(case: str, draws: int) -> dict[str, float]:
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}  # as the CLI (cardtable.cli.entry)
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, case, str(draws), str(REPEATS)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def bench_monte_carlo() -> dict[str, float]:
    """Cold (first run in a fresh process) and warm (median of the next runs) seconds, peak
    memory, and the ratio to the allocate-and-write floor measured the same way."""
    run = _child("engine", DRAWS)
    floor = _child("floor", DRAWS)
    return {
        "engine_warm_median_s": run["warm_median_s"],
        "engine_cold_first_run_s": run["cold_s"],
        "engine_peak_rss_mb": run["peak_mb"],
        "engine_peak_above_baseline_mb": run["peak_mb"] - run["base_mb"],
        "floor_warm_median_s": floor["warm_median_s"],
        "floor_cold_first_run_s": floor["cold_s"],
        "ratio_to_floor_warm": run["warm_median_s"] / floor["warm_median_s"],
        "ratio_to_floor_cold": run["cold_s"] / floor["cold_s"],
    }


def bench_single_draw() -> dict[str, float]:
    """Median milliseconds of one deterministic draw in-process: the models alone on a
    resolved plan (market + costs), and with the data look-ups of ``plan`` included."""
    from cardtable.engine import run as run_plan
    from cardtable.params import REGISTRY, Draws
    from cardtable.scenarios import load_scenario, plan

    sc = load_scenario("japan-fire-sale")
    params = Draws.make(REGISTRY, 1, 0, "default")
    resolved = plan(sc)
    run_plan(resolved, params)  # warm up
    models, whole = [], []
    for _ in range(50):
        t0 = time.perf_counter()
        run_plan(resolved, params)
        t1 = time.perf_counter()
        run_plan(plan(sc), params)
        whole.append(time.perf_counter() - t1)
        models.append(t1 - t0)
    return {
        "single_draw_models_median_ms": 1000 * statistics.median(models),
        "single_draw_with_plan_median_ms": 1000 * statistics.median(whole),
    }


def main() -> None:
    """Print the engine benchmark report."""
    report = {**bench_single_draw(), **bench_monte_carlo()}
    self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report["report_process_rss_mb"] = self_rss
    print(json.dumps({k: round(v, 3) for k, v in report.items()}, indent=2))


if __name__ == "__main__":
    main()

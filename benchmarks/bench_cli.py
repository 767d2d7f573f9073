"""End-to-end command benchmarks (a report, not a test): each command in fresh processes,
median wall time and peak resident memory of the child (``ru_maxrss``).

Targets (issue 12, 2-core machine):

- ``cardtable simulate japan-fire-sale --draws 100000 --json``: <= 2 s;
- ``cardtable simulate japan-fire-sale --draws 100000 --out DIR``: peak memory <= 1 GB;
- ``cardtable negotiate kato-2025 --draws 100000``: <= 2 s;
- ``cardtable coalition --draws 1000``: <= 2 s.

Run: ``python benchmarks/bench_cli.py [REPEATS]``. Quote medians with the machine's load
(printed): on a shared machine single runs mean little.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

REPEATS = int(sys.argv[1]) if len(sys.argv) > 1 else 3

CASES = {
    "simulate_100k_json": ["simulate", "japan-fire-sale", "--draws", "100000", "--json"],
    "simulate_100k_out": ["simulate", "japan-fire-sale", "--draws", "100000", "--out", "{tmp}"],
    "negotiate_100k": ["negotiate", "kato-2025", "--draws", "100000"],
    "coalition_1000": ["coalition", "--draws", "1000"],
}


def _run(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one fresh process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "cardtable", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, usage = os.wait4(proc.pid, 0)[1:]
    wall = time.perf_counter() - t0
    if proc.stderr is not None:
        proc.stderr.close()
    return wall, usage.ru_maxrss / 1024


def main() -> None:
    report: dict[str, object] = {"load_average_1m": os.getloadavg()[0], "repeats": REPEATS}
    for name, template in CASES.items():
        walls, peaks = [], []
        for _ in range(REPEATS + 1):  # the first run warms the page cache and is dropped
            with tempfile.TemporaryDirectory() as tmp:
                wall, peak = _run([a.format(tmp=tmp) for a in template])
            walls.append(wall)
            peaks.append(peak)
        report[name] = {
            "median_s": round(statistics.median(walls[1:]), 3),
            "min_s": round(min(walls[1:]), 3),
            "peak_mb": round(max(peaks[1:]), 1),
        }
    report["load_average_1m_after"] = os.getloadavg()[0]
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()

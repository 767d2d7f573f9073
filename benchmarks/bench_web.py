"""Web load benchmark (a report, not a test): latency of ``POST /api/simulate`` with 10,000
draws at 8 concurrent clients on loopback (target p95 <= 300 ms).

Two measurements against ``cardtable serve`` started in its own process:

- identical requests (the same scenario, draws and seed): the server answers repeats from its
  cache of identical runs (results are deterministic given the seed; concurrent identical
  requests share one run). This is the case the target is about: many people looking at the
  same scenario.
- distinct requests (a different seed each time): every request is a full 10,000-draw run;
  at most ``--max-running`` (2) run at once and the others wait.

Run: ``python benchmarks/bench_web.py`` (or ``make bench``).
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time

import httpx
import numpy as np

CLIENTS = 8
DRAWS = 10_000
SCENARIO = "japan-fire-sale"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _client(base: str, bodies: list[dict[str, object]], out: list[float]) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=600) as c:
        for body in bodies:
            t0 = time.perf_counter()
            r = await c.post("/api/simulate", json=body)
            out.append(time.perf_counter() - t0)
            r.raise_for_status()


async def _load(base: str, per_client: int, distinct: bool) -> list[float]:
    latencies: list[float] = []
    tasks = []
    for i in range(CLIENTS):
        bodies: list[dict[str, object]] = [
            {"name": SCENARIO, "draws": DRAWS, "seed": 1000 + i * per_client + k if distinct else 1}
            for k in range(per_client)
        ]
        tasks.append(_client(base, bodies, latencies))
    await asyncio.gather(*tasks)
    return latencies


def _stats(name: str, lat: list[float]) -> dict[str, float | str | int]:
    ms = np.array(lat) * 1000
    return {
        "case": name,
        "requests": len(lat),
        "p50_ms": round(float(np.percentile(ms, 50)), 1),
        "p95_ms": round(float(np.percentile(ms, 95)), 1),
        "max_ms": round(float(ms.max()), 1),
    }


def main() -> None:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "cardtable", "serve", "--port", str(port)],
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                httpx.get(base + "/api/scenarios", timeout=5).raise_for_status()
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("server did not start") from None
                time.sleep(0.2)
        t0 = time.perf_counter()
        first = asyncio.run(_load(base, 1, distinct=False))  # warm-up: fills the cache
        cold_one = time.perf_counter() - t0
        warm = asyncio.run(_load(base, 25, distinct=False))
        distinct = asyncio.run(_load(base, 2, distinct=True))
        report = {
            "clients": CLIENTS,
            "draws": DRAWS,
            "scenario": SCENARIO,
            "cpu_count": os.cpu_count(),
            "first_burst_s": round(cold_one, 2),
            "first_burst": _stats("8 identical requests, empty cache", first),
            "identical": _stats("identical requests (cached)", warm),
            "distinct": _stats("distinct seeds (every request a full run)", distinct),
            "target_p95_ms": 300,
        }
        print(json.dumps(report, indent=2))
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()

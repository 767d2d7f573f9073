"""The JSON API in process: answers, one-line 4xx errors, the OpenAPI schema from the scenario
models, and the limits on draws, body size, concurrent runs and the cache."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Coroutine
from typing import Any, TypeVar

import httpx
import pytest

from cardtable.cli import main
from cardtable.cli._serve import _MAX_DRAWS, _MAX_RUNNING
from cardtable.report._api import resolve_scenario, run_simulate
from cardtable.scenarios import Scenario, builtin_names
from cardtable.web import ServerLimits, create_app
from cardtable.web._limits import RunCache, RunLimiter, ServerBusyError

T = TypeVar("T")


def run(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion (the tests are synchronous)."""
    return asyncio.run(coro)


async def request(
    method: str, path: str, *, limits: ServerLimits | None = None, **kw: Any
) -> httpx.Response:
    """One request to a fresh app, in process (httpx's ASGI transport)."""
    transport = httpx.ASGITransport(app=create_app(limits))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return await client.request(method, path, **kw)


def _post(path: str, body: Any, **kw: Any) -> httpx.Response:
    return run(request("POST", path, json=body, **kw))


def _get(path: str) -> httpx.Response:
    return run(request("GET", path))


def _spec(name: str = "kato-2025") -> dict[str, Any]:
    r = _get(f"/api/scenarios/{name}")
    assert r.status_code == 200
    return dict(r.json()["spec"])


def test_scenarios_lists_builtins_with_valid_specs() -> None:
    rows = _get("/api/scenarios").json()["scenarios"]
    assert [r["name"] for r in rows] == builtin_names()
    for r in rows:
        Scenario.model_validate(r["spec"])


def test_simulate_matches_the_library() -> None:
    r = _post("/api/simulate", {"name": "japan-fire-sale", "draws": 300, "seed": 11})
    assert r.status_code == 200
    body = r.json()
    lib = run_simulate(resolve_scenario("japan-fire-sale"), draws=300, seed=11, calibration=None)
    assert body["result"]["yields_bp"] == lib.to_dict()["yields_bp"]
    assert body["provenance"]["seed"] == 11
    ids = [f["id"] for f in body["figures"]]
    assert {"yield_2y", "yield_5y", "yield_10y", "yield_30y", "usdjpy", "who_pays"} <= set(ids)
    assert {row["output"] for row in body["summary"]} >= {"yield_10y_peak_bp"}


def test_inline_scenario_runs_and_negotiate_coalition_answer() -> None:
    spec = _spec()
    spec["actors"][0]["announce"]["amount_usd_bn"] = 150.0
    small = _post("/api/simulate", {"scenario": spec, "draws": 200}).json()
    big = _post("/api/simulate", {"name": "kato-2025", "draws": 200}).json()
    p50 = lambda b: b["result"]["yields_bp"]["10y"]["peak"]["p50"]  # noqa: E731
    assert 0 < p50(small) < p50(big)
    neg = _post("/api/negotiate", {"name": "kato-2025", "draws": 150})
    assert neg.status_code == 200
    assert neg.json()["kind"] == "negotiate"
    coal = _post("/api/coalition", {"as_of": "2025-03", "holders": ["japan", "china"]})
    shares = [row["share_pct"] for row in coal.json()["result"]["shapley"]]
    assert sum(shares) == pytest.approx(100.0, abs=1e-3)


@pytest.mark.parametrize(
    ("body", "status", "needle"),
    [
        ({"name": "kato-2025", "draws": 0}, 422, "draws: 0 is not allowed"),
        ({"name": "kato-2052"}, 422, "did you mean 'kato-2025'"),
        ({"name": "kato-2025", "draws": 10**6}, 422, "at most 100,000 per request"),
        ({"name": "kato-2025", "color": 1}, 422, "color: 1 is not allowed; unknown field"),
        ({}, 422, "give exactly one of name (a built-in) or scenario (inline)"),
        ({"name": "/etc/passwd"}, 422, "unknown scenario"),
    ],
)
def test_bad_requests_get_one_line(body: dict[str, Any], status: int, needle: str) -> None:
    r = _post("/api/simulate", body)
    assert r.status_code == status
    assert needle in r.json()["error"]
    assert "\n" not in r.json()["error"]


@pytest.mark.parametrize(
    ("edit", "needle"),
    [
        (("days", 0), "scenario.actors[0].announce.days: 0 is not allowed"),
        (("probability", 1.5), "scenario.actors[0].announce.probability: 1.5 is not allowed"),
        (("amount_usd_bn", "lots"), "amount_usd_bn: 'lots' is not allowed"),
    ],
)
def test_bad_scenario_fields_named(edit: tuple[str, Any], needle: str) -> None:
    spec = _spec()
    spec["actors"][0]["announce"][edit[0]] = edit[1]
    r = _post("/api/simulate", {"scenario": spec, "draws": 10})
    assert r.status_code == 422
    assert needle in r.json()["error"]


def test_data_checks_and_shocks_come_back_as_one_line() -> None:
    spec = _spec()
    spec["actors"][0]["holder"] = "Atlantis"
    r = _post("/api/simulate", {"scenario": spec, "draws": 10})
    assert r.status_code == 422
    assert "Atlantis" in r.json()["error"]
    spec = _spec()
    spec["shocks"] = [{"kind": "term_premium"}]
    r = _post("/api/simulate", {"scenario": spec, "draws": 10})
    assert r.status_code == 422
    assert r.json()["error"].startswith("scenario.shocks")


def test_openapi_schema_uses_the_scenario_models() -> None:
    schema = _get("/openapi.json").json()
    comps = schema["components"]["schemas"]
    assert {"Scenario", "Actor", "Sell", "Announce", "StopBuying", "RunRequest"} <= set(comps)
    assert set(comps["Scenario"]["properties"]) == set(Scenario.model_fields)
    paths = schema["paths"]
    for p in ("/api/holders", "/api/scenarios", "/api/simulate", "/api/negotiate"):
        assert p in paths


def test_holders_endpoints() -> None:
    d = _get("/api/holders?top=5").json()
    assert [h["rank"] for h in d["holders"]] == [1, 2, 3, 4, 5]
    values = [h["holdings_usd_bn"] for h in d["holders"]]
    assert values == sorted(values, reverse=True)
    h = _get("/api/holders/japan/history").json()
    assert h["country"] == "Japan"
    assert len(h["history"]) == len(h["figure"]["data"][0]["x"])
    bad = _get("/api/holders?as_of=2025-13")
    assert bad.status_code == 422
    assert "as_of: '2025-13' is not allowed" in bad.json()["error"]
    assert _get("/api/holders/atlantis/history").status_code == 422


def test_static_app_has_no_cdn_and_serves_plotly() -> None:
    page = _get("/")
    assert page.status_code == 200
    assert "<title>cardtable</title>" in page.text
    assert "http://" not in page.text
    assert "https://" not in page.text
    js = _get("/static/app.js").text
    assert "https://" not in js
    bundle = _get("/static/vendor/plotly.min.js")
    assert bundle.status_code == 200
    assert "plotly.js v" in bundle.text[:500]
    assert _get("/api/nothing").status_code == 404
    assert _get("/api/backtest").status_code == 501
    assert _get("/docs").status_code == 404  # Swagger UI would load a CDN


def test_body_size_limit() -> None:
    limits = ServerLimits(max_body_bytes=1000)
    big = json.dumps({"name": "kato-2025", "pad": "x" * 2000})
    r = run(request("POST", "/api/simulate", limits=limits, content=big,
                    headers={"content-type": "application/json"}))  # fmt: skip
    assert r.status_code == 413
    assert "1,000 bytes" in r.json()["error"]

    async def chunked() -> httpx.Response:
        async def body():  # type: ignore[no-untyped-def]
            for _ in range(4):
                yield b" " * 400

        return await request("POST", "/api/simulate", limits=limits, content=body(),
                             headers={"content-type": "application/json"})  # fmt: skip

    assert run(chunked()).status_code == 413


def test_serve_defaults_match_server_limits() -> None:
    assert (ServerLimits.max_draws, ServerLimits.max_running) == (_MAX_DRAWS, _MAX_RUNNING)


def test_run_limiter_429_and_503() -> None:
    async def scenario() -> list[int]:
        limiter = RunLimiter(max_running=1, max_waiting=1, wait_s=0.2)
        gate = asyncio.Event()

        async def slow() -> int:
            await gate.wait()
            return 1

        first = asyncio.create_task(limiter.run(slow))
        await asyncio.sleep(0.01)
        waiting = asyncio.create_task(limiter.run(slow))  # waits, then times out: 503
        await asyncio.sleep(0.01)
        codes = []
        try:
            await limiter.run(slow)
        except ServerBusyError as exc:
            codes.append(exc.status)
        try:
            await waiting
        except ServerBusyError as exc:
            codes.append(exc.status)
        gate.set()
        codes.append(await first)
        return codes

    assert run(scenario()) == [429, 503, 1]


def test_cache_shares_identical_runs() -> None:
    async def scenario() -> tuple[list[bytes], int, int]:
        cache = RunCache(entries=4)
        calls = 0

        async def compute() -> bytes:
            nonlocal calls
            calls += 1
            await asyncio.sleep(0.05)
            return b"answer"

        key = RunCache.key("simulate", {"name": "kato-2025"})
        out = await asyncio.gather(*(cache.get(key, compute) for _ in range(5)))
        out.append(await cache.get(key, compute))
        return out, calls, cache.hits

    out, calls, hits = run(scenario())
    assert out == [b"answer"] * 6
    assert calls == 1
    assert hits == 5


def test_identical_requests_get_identical_answers() -> None:
    async def twice() -> tuple[bytes, bytes, int]:
        app = create_app()
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            body = {"name": "kato-2025", "draws": 100}
            a = await c.post("/api/simulate", json=body)
            b = await c.post("/api/simulate", json=body)
        return a.content, b.content, app.state.cache.hits

    a, b, hits = run(twice())
    assert a == b
    assert hits == 1


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--port", "70000"], "--port: 70000 is not allowed"),
        (["--max-draws", "0"], "--max-draws: 0 is not allowed"),
        (["--max-running", "0"], "--max-running: 0 is not allowed"),
    ],
)
def test_serve_bad_options(
    args: list[str], needle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", *args]) == 2
    assert needle in capsys.readouterr().err

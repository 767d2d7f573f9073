"""``cardtable serve``: the JSON API and the browser app (FastAPI).

Endpoints (schemas at ``/openapi.json``, built from the same pydantic models as scenario
files): ``GET /api/holders``, ``GET /api/holders/{country}/history``, ``GET /api/scenarios``,
``GET /api/scenarios/{name}``, ``POST /api/simulate``, ``POST /api/negotiate``,
``POST /api/coalition``; ``/api/backtest`` is reserved (501). Bad input gets 422 (413 for a
body too large, 404 for an unknown path) and ``{"error": "<the CLI's one-line message>"}``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import anyio
from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from cardtable._calendar import is_month
from cardtable._json import dumps, finite
from cardtable._spec import one_line_of
from cardtable.data import resolve_country
from cardtable.errors import CardtableError, InputError, UnknownNameError
from cardtable.report._api import (
    ScenarioSource,
    holder_history,
    package_version,
    present_values,
    rank_holders,
    resolve_scenario,
    run_coalition,
    run_negotiate,
    run_simulate,
)
from cardtable.report._build import provenance
from cardtable.report._figures import (
    coalition_figures,
    history_figure,
    negotiation_figures,
    simulation_figures,
)
from cardtable.report._html import plotly_js_file
from cardtable.scenarios import builtin_names, load_scenario
from cardtable.scenarios._text import check_label
from cardtable.views._frames import (
    coalition_summary_frame,
    negotiation_summary_frame,
    simulation_summary_frame,
)
from cardtable.web._limits import BodyLimit, RunCache, RunLimiter, ServerBusyError, ServerLimits
from cardtable.web._models import MONTH_PATTERN, ApiError, CoalitionRequest, RunRequest

__all__ = ["create_app"]

_STATIC = Path(__file__).resolve().parent / "static"


def _json_bytes(obj: Any) -> bytes:
    return dumps(obj, indent=None).encode()


def _error(status: int, message: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def _validation_message(exc: RequestValidationError) -> str:
    """The first validation error as one line: ``field: value is not allowed; rule`` (a query
    or path parameter is named as written, ``top``, not ``query.top``)."""
    errors = [
        {**e, "loc": tuple(e["loc"][1:])} if e["loc"][:1] in (("query",), ("path",)) else e
        for e in exc.errors()
    ]
    return str(one_line_of(errors))


def _printable(text: str) -> str:
    """``text`` with control characters escaped (a path can hold any, percent-encoded)."""
    return text if text.isprintable() else text.encode("unicode_escape").decode("ascii")


def _http_message(request: Request, exc: HTTPException) -> str:
    """Starlette's own refusals (unknown path, wrong method) as one line."""
    path = _printable(request.url.path)
    if exc.status_code == 404:
        return f"path: {path} is not an endpoint; see /openapi.json"
    if exc.status_code == 405:
        allowed = (exc.headers or {}).get("allow", "")
        return f"method: {request.method} is not allowed on {path}; use {allowed or 'another'}"
    if exc.status_code == 400:  # FastAPI could not parse the body (not JSON, or bad bytes)
        return "request body: not a JSON object; send JSON (content-type: application/json)"
    return f"request: {' '.join(str(exc.detail).split())}"


async def _known_query(request: Request) -> None:
    """Refuse a query parameter the endpoint does not take (FastAPI would ignore it)."""
    if not request.url.path.startswith("/api/"):
        return
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    known = {p.alias for p in dependant.query_params} if dependant else set()
    for key, value in request.query_params.multi_items():
        if key not in known:
            takes = f"this endpoint takes {', '.join(sorted(known))}" if known else "none taken"
            raise InputError(key, value, f"unknown query parameter; {takes}")


def _responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The error answers an endpoint documents (all of them :class:`ApiError`)."""
    words = {
        404: "Unknown name",
        413: "Request body too large",
        422: "Bad input: one line naming the field, the value and what is allowed",
        429: "Too many runs waiting",
        503: "Waited too long for a free slot",
    }
    return {s: {"model": ApiError, "description": words[s]} for s in statuses}


_RUN = _responses(413, 422, 429, 503)
_AS_OF = Query(
    default=None,
    description="Month YYYY-MM (default: the latest month of the data).",
    json_schema_extra={"pattern": MONTH_PATTERN},
)
_TOP = Query(
    default=None, description="Only the first TOP holders.", json_schema_extra={"minimum": 1}
)


def _source(req: RunRequest, limits: ServerLimits) -> tuple[ScenarioSource, dict[str, Any]]:
    if req.name is not None:
        if req.name not in builtin_names():
            raise UnknownNameError("name", req.name, builtin_names(), "scenario")
        src = resolve_scenario(req.name)
    else:
        assert req.scenario is not None
        src = resolve_scenario(req.scenario)
    draws = req.draws
    if draws is None:
        draws = src.scenario.draws if limits.default_draws is None else limits.default_draws
    if draws > limits.max_draws:
        raise InputError("draws", draws, f"at most {limits.max_draws:,} per request on this server")
    return src, {"draws": draws, "seed": req.seed, "calibration": req.calibration}


def _records(frame: Any) -> list[dict[str, Any]]:
    return list(frame.reset_index().to_dict("records"))


def _simulate_payload(req: RunRequest, limits: ServerLimits) -> bytes:
    src, opts = _source(req, limits)
    result = run_simulate(src, **opts, keep_paths=req.figures)  # paths only for the charts
    return _json_bytes(
        {
            "kind": "simulate",
            "result": result.to_dict(),
            "summary": _records(simulation_summary_frame(result)),
            "figures": simulation_figures(result, present_values(result)) if req.figures else [],
            "provenance": provenance(source=src, result=result, command="POST /api/simulate"),
        }
    )


def _negotiate_payload(req: RunRequest, limits: ServerLimits) -> bytes:
    src, opts = _source(req, limits)
    result = run_negotiate(src, **opts)
    return _json_bytes(
        {
            "kind": "negotiate",
            "result": result.to_dict(),
            "summary": _records(negotiation_summary_frame(result)),
            "figures": negotiation_figures(result) if req.figures else [],
            "provenance": provenance(source=src, result=result, command="POST /api/negotiate"),
        }
    )


def _coalition_payload(req: CoalitionRequest) -> bytes:
    for i, name in enumerate(req.holders or []):
        try:
            resolve_country(name)
        except InputError as exc:  # the library names it "country": the body has holders[i]
            raise exc.with_field(f"holders[{i}]") from None
    result = run_coalition(req.as_of, req.holders, sale_share=req.sale_share)
    return _json_bytes(
        {
            "kind": "coalition",
            "result": result.to_dict(),
            "summary": _records(coalition_summary_frame(result)),
            "figures": coalition_figures(result) if req.figures else [],
            "provenance": provenance(source=None, result=result, command="POST /api/coalition"),
        }
    )


def create_app(limits: ServerLimits | None = None) -> FastAPI:
    """The FastAPI application (API, browser app and its static assets).

    Parameters
    ----------
    limits
        Draws, body size, concurrency and cache limits; :class:`ServerLimits` defaults.
    """
    lim = limits or ServerLimits()
    app = FastAPI(
        title="cardtable",
        version=package_version(),
        description="Sovereign creditors' US Treasury holdings as a card in trade talks.",
        docs_url=None,  # the Swagger/ReDoc pages load assets from a CDN: not served
        redoc_url=None,
        dependencies=[Depends(_known_query)],
    )
    app.add_middleware(BodyLimit, max_bytes=lim.max_body_bytes)
    limiter = RunLimiter(lim.max_running, lim.max_waiting, lim.wait_s)
    cache = RunCache(lim.cache_entries)
    app.state.limits, app.state.limiter, app.state.cache = lim, limiter, cache

    @app.exception_handler(CardtableError)
    async def _cardtable_error(request: Request, exc: CardtableError) -> JSONResponse:
        return _error(422 if isinstance(exc, InputError) else 500, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return _error(422, _validation_message(exc))

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> JSONResponse:
        status = 422 if exc.status_code == 400 else exc.status_code  # bad input is 422 here
        return _error(status, _http_message(request, exc), exc.headers)

    @app.exception_handler(ServerBusyError)
    async def _busy(request: Request, exc: ServerBusyError) -> JSONResponse:
        return _error(exc.status, exc.message)

    async def cached(endpoint: str, body: dict[str, Any], fn: Callable[[], bytes]) -> Response:
        async def compute() -> bytes:
            return await limiter.run(lambda: anyio.to_thread.run_sync(fn))  # type: ignore[no-any-return]

        payload = await cache.get(RunCache.key(endpoint, body), compute)
        return Response(payload, media_type="application/json")

    @app.get(
        "/api/holders",
        summary="Holders of US Treasuries ranked at a month (TIC)",
        responses=_responses(422),
    )
    def api_holders(as_of: str | None = _AS_OF, top: int | None = _TOP) -> dict[str, Any]:
        if as_of is not None and not is_month(as_of):
            raise InputError("as_of", as_of, "a month written YYYY-MM, e.g. 2025-03")
        if top is not None and top < 1:
            raise InputError("top", top, "a whole number >= 1")
        return dict(finite(rank_holders(as_of, top).to_dict()))

    @app.get(
        "/api/holders/{country}/history",
        summary="One holder's holdings over time",
        responses=_responses(422),
    )
    def api_history(country: str) -> dict[str, Any]:
        check_label("country", country)
        d = holder_history(country).to_dict()
        months = [h["month"] for h in d["history"]]
        values = [h["holdings_usd_bn"] for h in d["history"]]
        return dict(finite({**d, "figure": history_figure(d["country"], months, values)}))

    @app.get("/api/scenarios", summary="The built-in scenarios with their specs")
    def api_scenarios() -> dict[str, Any]:
        rows = []
        for name in builtin_names():
            sc = load_scenario(name)
            rows.append(
                {
                    "name": name,
                    "description": " ".join(sc.description.split()),
                    "as_of": sc.as_of,
                    "negotiation": sc.negotiation is not None,
                    "spec": sc.model_dump(mode="json", exclude_none=True),
                }
            )
        return {"scenarios": rows}

    @app.get(
        "/api/scenarios/{name}",
        summary="One built-in scenario: spec and TOML text",
        responses=_responses(404, 422),
    )
    def api_scenario(name: str) -> Response:
        if name not in builtin_names():
            exc = UnknownNameError("scenario", name, builtin_names(), "scenario")
            return _error(404, str(exc))
        src = resolve_scenario(name)
        spec = src.scenario.model_dump(mode="json", exclude_none=True)
        return JSONResponse({"name": name, "spec": spec, "toml": src.toml})

    @app.post(
        "/api/simulate", summary="Simulate a scenario: market paths and who pays", responses=_RUN
    )
    async def api_simulate(req: RunRequest) -> Response:
        body = req.model_dump(mode="json", exclude_none=True)
        return await cached("simulate", body, lambda: _simulate_payload(req, lim))

    @app.post(
        "/api/negotiate", summary="A scenario's negotiation: threat point, deal", responses=_RUN
    )
    async def api_negotiate(req: RunRequest) -> Response:
        body = req.model_dump(mode="json", exclude_none=True)
        return await cached("negotiate", body, lambda: _negotiate_payload(req, lim))

    @app.post("/api/coalition", summary="Shapley values of creditors' leverage", responses=_RUN)
    async def api_coalition(req: CoalitionRequest) -> Response:
        body = req.model_dump(mode="json", exclude_none=True)
        return await cached("coalition", body, lambda: _coalition_payload(req))

    @app.api_route("/api/backtest", methods=["GET", "POST"], include_in_schema=False)
    def api_backtest() -> JSONResponse:
        return _error(501, "backtest: not available in this version (the endpoint is reserved)")

    @app.get("/api/{rest:path}", include_in_schema=False)
    def api_unknown(rest: str) -> JSONResponse:
        methods = sorted(
            m
            for r in app.routes
            if isinstance(r, APIRoute) and r.path == f"/api/{rest}"
            for m in (r.methods or ())
        )
        path = _printable(f"/api/{rest}")
        if methods:  # a POST endpoint asked with GET: 405, as for any other method
            allow = ", ".join(methods)
            return _error(
                405, f"method: GET is not allowed on {path}; use {allow}", {"allow": allow}
            )
        return _error(404, f"path: {path} is not an endpoint; see /openapi.json")

    @app.get("/static/vendor/plotly.min.js", include_in_schema=False)
    def plotly_bundle() -> FileResponse:
        return FileResponse(str(plotly_js_file()), media_type="text/javascript")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(_STATIC / "index.html", media_type="text/html")

    app.mount("/static", StaticFiles(directory=_STATIC), name="static")
    return app

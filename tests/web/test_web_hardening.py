"""Regressions found by the hardening fuzzers of the API: strict bodies, unknown query
parameters, Starlette's own refusals in the one-line format, holder names in paths, the error
answers in the OpenAPI schema, and ``ServerLimits.default_draws``."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from cardtable.web import ServerLimits, create_app

LIMITS = ServerLimits(max_draws=50, default_draws=3)


def _call(method: str, path: str, limits: ServerLimits = LIMITS, **kw: Any) -> httpx.Response:
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=create_app(limits))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.request(method, path, **kw)

    return asyncio.run(go())


def _error(r: httpx.Response) -> str:
    body = r.json()
    assert set(body) == {"error"}, body
    assert "\n" not in body["error"]
    return str(body["error"])


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ({"name": "kato-2025", "draws": "3"}, "draws: '3' is not allowed"),
        ({"name": "kato-2025", "draws": 3.0}, "draws: 3.0 is not allowed"),
        ({"name": "kato-2025", "figures": "yes"}, "figures: 'yes' is not allowed"),
        ({"name": "kato-2025", "seed": True}, "seed: True is not allowed"),
        ({"name": "kato\x1b"}, "name: 'kato\\x1b' is not allowed"),
    ],
)
def test_bodies_are_strict(body: dict[str, Any], needle: str) -> None:
    r = _call("POST", "/api/simulate", json=body)
    assert r.status_code == 422
    assert needle in _error(r)


def test_coalition_body_is_strict_and_names_holders() -> None:
    r = _call("POST", "/api/coalition", json={"sale_share": "0.5"})
    assert r.status_code == 422
    assert "sale_share: '0.5' is not allowed" in _error(r)
    r = _call("POST", "/api/coalition", json={"holders": ["japan", "atlantis"]})
    assert r.status_code == 422
    assert _error(r).startswith("holders[1]: 'atlantis' is not allowed; unknown country")


def test_unknown_query_parameters_are_refused() -> None:
    r = _call("GET", "/api/holders?top=3&colour=red")
    assert r.status_code == 422
    assert _error(r) == (
        "colour: 'red' is not allowed; unknown query parameter; this endpoint takes as_of, top"
    )
    r = _call("GET", "/api/scenarios?as_of=2025-03")
    assert r.status_code == 422
    assert "none taken" in _error(r)
    assert _call("GET", "/api/holders?top=3").status_code == 200


def test_query_errors_name_the_parameter() -> None:
    r = _call("GET", "/api/holders?top=x")
    assert r.status_code == 422
    assert _error(r).startswith("top: 'x' is not allowed")


def test_method_and_path_refusals_are_one_line() -> None:
    r = _call("GET", "/api/simulate")
    assert r.status_code == 405
    assert r.headers["allow"] == "POST"
    assert _error(r) == "method: GET is not allowed on /api/simulate; use POST"
    r = _call("DELETE", "/api/holders")
    assert r.status_code == 405
    assert _error(r).startswith("method: DELETE is not allowed on /api/holders")
    r = _call("GET", "/nothing/here")
    assert r.status_code == 404
    assert _error(r) == "path: /nothing/here is not an endpoint; see /openapi.json"
    for path in ("/api/a%1b[2Jb", "/x%0ay"):  # a control character in the path is escaped
        r = _call("GET", path)
        assert r.status_code == 404
        assert _error(r).isprintable()


def test_unparsable_body_is_422_one_line() -> None:
    r = _call("POST", "/api/simulate", content=b"\x00\x00", headers={"content-type": "text/plain"})
    assert r.status_code == 422
    _error(r)
    r = _call("POST", "/api/simulate", content=b"{", headers={"content-type": "application/json"})
    assert r.status_code == 422
    _error(r)


def test_holder_with_control_characters_in_path_is_refused() -> None:
    r = _call("GET", "/api/holders/japan%1b/history")
    assert r.status_code == 422
    assert _error(r).startswith("country: 'japan\\x1b' is not allowed")
    assert _call("GET", "/api/holders/japan/history").status_code == 200


def test_openapi_documents_the_error_answers() -> None:
    schema = _call("GET", "/openapi.json").json()
    assert schema["components"]["schemas"]["ApiError"]["required"] == ["error"]
    assert "HTTPValidationError" not in schema["components"]["schemas"]
    simulate = schema["paths"]["/api/simulate"]["post"]["responses"]
    assert {"200", "413", "422", "429", "503"} <= set(simulate)
    assert simulate["422"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ApiError"
    }
    params = {p["name"]: p for p in schema["paths"]["/api/holders"]["get"]["parameters"]}
    assert params["as_of"]["schema"]["pattern"] == r"^\d{4}-(0[1-9]|1[0-2])$"
    assert schema["paths"]["/api/scenarios/{name}"]["get"]["responses"]["404"]


def test_default_draws_applies_when_the_request_names_none() -> None:
    r = _call("POST", "/api/simulate", json={"name": "kato-2025", "figures": False})
    assert r.status_code == 200
    assert r.json()["provenance"]["draws"] == 3
    r = _call("POST", "/api/simulate", json={"name": "kato-2025", "draws": 7, "figures": False})
    assert r.json()["provenance"]["draws"] == 7
    # without it the scenario's own draws (10,000) count against max_draws
    r = _call("POST", "/api/simulate", ServerLimits(max_draws=50), json={"name": "kato-2025"})
    assert r.status_code == 422
    assert "draws: 10000 is not allowed; at most 50 per request" in _error(r)

"""The JSON API refuses inputs that are bad by construction and answers those that are good by
construction (issue: hardening).

Bad: JSON bodies (inline scenarios with one rule broken, bad run options, bad coalition
requests, bodies that are not JSON objects, NaN and infinities written in the JSON), query
parameters and path segments; each must get a 4xx whose body is ``{"error": one line}`` naming
the field. Good: built-in and inline scenarios, holders, coalitions; each must get 200 with
finite JSON. In process (Starlette's test client), against an app whose runs are cheap
(``ServerLimits(max_draws=50, default_draws=3)``). Outcomes are recorded for
``scripts/fuzz_tally.py`` before they are asserted.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from _fuzz import BASES, Case, bad_scenarios, fuzz_settings, good_scenarios, nonfinite_json, record
from cardtable.params import REGISTRY
from cardtable.scenarios import builtin_names, market_state_conflict
from cardtable.web import ServerLimits, create_app

LIMITS = ServerLimits(max_draws=50, default_draws=3, cache_entries=16)
APP = create_app(LIMITS)
_WORD = st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
_NEGOTIATES = sorted(n for n in BASES if "negotiation" in BASES[n])
_CALIBRATIONS = [c for c in REGISTRY.calibrations if market_state_conflict("normal", c) is None]
_COUNTRIES = ["japan", "china", "uk", "Canada", "Taiwan", "Switzerland", "Belgium"]


class _Client:
    """One app and one event loop for the module's requests (httpx's ASGI transport)."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=APP, raise_app_exceptions=False),
            base_url="http://test",
        )

    def request(self, method: str, path: str, **kw: Any) -> httpx.Response:
        return self.loop.run_until_complete(self.client.request(method, path, **kw))

    def close(self) -> None:
        self.loop.run_until_complete(self.client.aclose())
        self.loop.close()


@pytest.fixture(scope="module", autouse=True)
def _client() -> Iterator[None]:
    global CLIENT
    CLIENT = _Client()
    yield
    CLIENT.close()


CLIENT: _Client


def _send(method: str, path: str, body: Any = None, raw: bytes | None = None) -> tuple[int, str]:
    headers = {"content-type": "application/json"}
    if raw is not None:
        r = CLIENT.request(method, path, content=raw, headers=headers)
    elif body is not None:
        # allow_nan: NaN and Infinity go out as JS tokens, which Python's parser reads back
        r = CLIENT.request(method, path, content=json.dumps(body, allow_nan=True), headers=headers)
    else:
        r = CLIENT.request(method, path)
    return r.status_code, r.text


def _refused(rule: str, field: str, status: int, text: str) -> None:
    record("api", "bad", rule, accepted=status < 400, traceback=status >= 500)
    assert 400 <= status < 500, f"{rule}: status {status}: {text[:300]}"
    body = json.loads(text)
    assert set(body) == {"error"}, text[:300]
    message = body["error"]
    assert isinstance(message, str)
    assert "\n" not in message
    assert "\r" not in message
    assert message.isprintable(), message
    assert field in message, f"{rule}: the message does not name {field!r}: {message}"


def _accepted(rule: str, status: int, text: str) -> None:
    nonfinite = status == 200 and nonfinite_json(text)
    record(
        "api", "good", rule, accepted=status == 200, traceback=status >= 500, nonfinite=nonfinite
    )
    assert status == 200, f"{rule}: status {status}: {text[:300]}"
    assert not nonfinite, text[:300]


@st.composite
def bad_bodies(draw: st.DrawFn) -> tuple[str, str, str, Any, bytes | None]:
    """``(rule, field, path, JSON body, raw body)`` with one thing wrong."""
    run = draw(st.sampled_from(["/api/simulate", "/api/negotiate"]))
    name = draw(st.sampled_from(_NEGOTIATES if run == "/api/negotiate" else builtin_names()))
    word = "Qx" + draw(_WORD)
    bad = draw(
        st.sampled_from(
            [
                ("draws out of range", "draws", {"draws": draw(st.integers(-(10**9), 0))}),
                ("draws out of range", "draws", {"draws": draw(st.integers(51, 10**12))}),
                ("wrong type", "draws", {"draws": draw(st.sampled_from(["3", 3.5, True, [3]]))}),
                ("seed out of range", "seed", {"seed": draw(st.integers(-(10**9), -1))}),
                ("seed out of range", "seed", {"seed": draw(st.integers(2**63, 2**70))}),
                ("wrong type", "seed", {"seed": draw(st.sampled_from(["1", 1.5, False]))}),
                ("unknown calibration", "calibration", {"calibration": word}),
                ("control character", "calibration", {"calibration": "default\x1b"}),
                ("oversize string", "calibration", {"calibration": "c" * 41}),
                ("wrong type", "figures", {"figures": draw(st.sampled_from(["yes", 1, "true"]))}),
                ("unknown field", f"zz_{word}", {f"zz_{word}": 1}),
                ("non-finite number", "draws", {"draws": draw(st.sampled_from([1e999, -1e999]))}),
            ]
        )
    )
    rule, field, extra = bad
    which = draw(st.sampled_from(["options", "name", "both", "neither", "raw"]))
    if which == "options":
        return rule, field, run, {"name": name, **extra}, None
    if which == "name":
        value = draw(st.sampled_from([word, "", "kato-2025\x00", "k" * 81, 5, ["kato-2025"]]))
        return "bad scenario name", "name", run, {"name": value}, None
    if which == "both":
        both = {"name": name, "scenario": BASES[name]}
        return "both name and scenario", "exactly one", run, both, None
    if which == "neither":
        return "neither name nor scenario", "exactly one", run, {"draws": 3}, None
    raw = draw(
        st.sampled_from(
            [
                *[
                    b"",
                    b"{",
                    b"[]",
                    b'"kato-2025"',
                    b"null",
                    b'{"name": "kato-2025", "draws": NaN}',
                ],
                *[b'{"name": "kato-2025", "seed": Infinity}', b"\xff\xfe", b'{"name": 1}}'],
            ]
        )
    )
    return "not a JSON object", "", run, None, raw


@fuzz_settings(120, share=0.4)
@given(case=bad_bodies())
def test_bad_run_bodies_are_refused(case: tuple[str, str, str, Any, bytes | None]) -> None:
    rule, field, path, body, raw = case
    status, text = _send("POST", path, body, raw)
    _refused(rule, field, status, text)


@fuzz_settings(120, share=0.4)
@given(case=bad_scenarios(), negotiate=st.booleans())
def test_bad_inline_scenarios_are_refused(case: Case, negotiate: bool) -> None:
    path = "/api/negotiate" if negotiate and "negotiation" in case.doc else "/api/simulate"
    status, text = _send("POST", path, {"scenario": case.doc, "draws": 2})
    _refused(case.rule, case.field, status, text)


@st.composite
def bad_coalitions(draw: st.DrawFn) -> tuple[str, str, dict[str, Any]]:
    word = "Qx" + draw(_WORD)
    month = draw(st.sampled_from(["2025-13", "2025-3", "1999-01", "2099-01", "", "2025/03"]))
    return draw(
        st.sampled_from(
            [
                ("bad date", "as_of", {"as_of": month}),
                ("wrong type", "as_of", {"as_of": 202503}),
                ("unknown country", "holders[1]", {"holders": ["japan", word]}),
                ("control character", "holders[0]", {"holders": ["japan\x00"]}),
                ("oversize string", "holders[0]", {"holders": ["j" * 81]}),
                ("too many holders", "holders", {"holders": ["japan"] * 61}),
                ("wrong type", "holders", {"holders": "japan,china"}),
                ("out of range", "sale_share", {"sale_share": draw(st.floats(-1e9, 0.0))}),
                ("out of range", "sale_share", {"sale_share": draw(st.floats(1.0000001, 1e9))}),
                ("non-finite number", "sale_share", {"sale_share": draw(st.sampled_from([1e999]))}),
                ("wrong type", "sale_share", {"sale_share": "0.5"}),
                ("unknown field", "draws", {"draws": 3}),
            ]
        )
    )


@fuzz_settings(60, share=0.2)
@given(case=bad_coalitions())
def test_bad_coalition_bodies_are_refused(case: tuple[str, str, dict[str, Any]]) -> None:
    rule, field, body = case
    status, text = _send("POST", "/api/coalition", body)
    _refused(rule, field, status, text)


@st.composite
def bad_queries(draw: st.DrawFn) -> tuple[str, str, str]:
    """``(rule, field, path with query)`` for the GET endpoints."""
    word = "Qx" + draw(_WORD)
    month = draw(st.sampled_from(["2025-13", "2025-3", "1999-01", "2099-01", "", "2025-03-01"]))
    return draw(
        st.sampled_from(
            [
                ("bad date", "as_of", f"/api/holders?as_of={quote(month)}"),
                ("control character", "as_of", "/api/holders?as_of=2025-03%00"),
                ("out of range", "top", f"/api/holders?top={draw(st.integers(-(10**9), 0))}"),
                (
                    "wrong type",
                    "top",
                    f"/api/holders?top={draw(st.sampled_from(['x', '1.5', '']))}",
                ),
                ("unknown field", f"zz_{word}", f"/api/holders?zz_{word}=1"),
                ("unknown field", "as_of", "/api/scenarios?as_of=2025-03"),
                ("unknown country", "country", f"/api/holders/{word}/history"),
                ("control character", "country", "/api/holders/japan%1b/history"),
                ("oversize string", "country", f"/api/holders/{'j' * 300}/history"),
                ("unknown scenario", "scenario", f"/api/scenarios/{word}"),
                ("control character", "scenario", "/api/scenarios/kato-2025%00"),
                ("unknown path", "path", f"/api/{word}"),
                ("unknown path", "path", "/api/%1b[2J"),
            ]
        )
    )


@fuzz_settings(100, share=0.3)
@given(case=bad_queries())
def test_bad_queries_are_refused(case: tuple[str, str, str]) -> None:
    rule, field, path = case
    status, text = _send("GET", path)
    _refused(rule, field, status, text)


@fuzz_settings(30, share=0.2)
@given(
    name=st.sampled_from(builtin_names()),
    draws=st.integers(1, 5),
    seed=st.integers(0, 2**63 - 1),
    calibration=st.sampled_from(_CALIBRATIONS),
    figures=st.booleans(),
    negotiate=st.booleans(),
)
def test_good_runs_answer(
    name: str, draws: int, seed: int, calibration: str, figures: bool, negotiate: bool
) -> None:
    path = "/api/negotiate" if negotiate and name in _NEGOTIATES else "/api/simulate"
    body = {"name": name, "draws": draws, "seed": seed, "calibration": calibration}
    status, text = _send("POST", path, {**body, "figures": figures})
    _accepted(f"good run ({path})", status, text)


@fuzz_settings(30, share=0.2)
@given(case=good_scenarios(), negotiate=st.booleans())
def test_good_inline_scenarios_answer(case: Case, negotiate: bool) -> None:
    path = "/api/negotiate" if negotiate and "negotiation" in case.doc else "/api/simulate"
    status, text = _send("POST", path, {"scenario": case.doc, "figures": False})
    _accepted(f"good inline scenario ({path})", status, text)


@fuzz_settings(30, share=0.2)
@given(
    month=st.tuples(st.integers(2001, 2024), st.integers(1, 12)),
    top=st.integers(1, 60),
    country=st.sampled_from(_COUNTRIES),
    name=st.sampled_from(builtin_names()),
    which=st.sampled_from(["holders", "history", "scenario", "scenarios"]),
)
def test_good_queries_answer(
    month: tuple[int, int], top: int, country: str, name: str, which: str
) -> None:
    path = {
        "holders": f"/api/holders?as_of={month[0]}-{month[1]:02d}&top={top}",
        "history": f"/api/holders/{country}/history",
        "scenario": f"/api/scenarios/{name}",
        "scenarios": "/api/scenarios",
    }[which]
    status, text = _send("GET", path)
    _accepted(f"good query ({which})", status, text)


@fuzz_settings(3, share=0.01)
@given(
    holders=st.lists(st.sampled_from(_COUNTRIES), min_size=2, max_size=4, unique=True),
    share=st.floats(0.01, 1.0),
)
def test_good_coalitions_answer(holders: list[str], share: float) -> None:
    status, text = _send(
        "POST",
        "/api/coalition",
        {"as_of": "2025-03", "holders": holders, "sale_share": share, "figures": False},
    )
    _accepted("good coalition", status, text)

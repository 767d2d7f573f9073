"""Schemathesis over the API's own OpenAPI schema, in process (issue: hardening).

Every operation gets requests generated from ``/openapi.json`` (schema-valid ones and, in
negative mode, schema-invalid ones). Each answer must: not be a 5xx; use a status, content type
and body the schema documents; refuse what the schema forbids (``negative_data_rejection``);
answer an unsupported method with 405; carry, for any 4xx, ``{"error": one line}``; and hold no
NaN or infinity. Data-dependent refusals of schema-valid input (an unknown country, a month
outside the data, a sale above holdings) are answers the schema cannot express, so
``positive_data_acceptance`` is not checked here: ``test_web_bad_inputs.py`` covers good inputs
by construction.

The app is made cheap (``ServerLimits(max_draws=20, default_draws=2)``): a run costs
milliseconds, a coalition about a second. ``make test`` runs a few examples per operation;
``make fuzz`` scales them with ``CARDTABLE_FUZZ_EXAMPLES``.
"""

from __future__ import annotations

import json

import schemathesis
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)
from schemathesis.core.failures import FailureGroup

from _fuzz import fuzz_settings, nonfinite_json, record
from cardtable.web import ServerLimits, create_app

APP = create_app(ServerLimits(max_draws=20, default_draws=2, cache_entries=32))
SCHEMA = schemathesis.openapi.from_asgi("/openapi.json", APP)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
    unsupported_method,
]


def _one_line_error(status: int, text: str) -> str | None:
    """Why a 4xx body is not ``{"error": one line}``, or None."""
    if not 400 <= status < 500:
        return None
    try:
        body = json.loads(text)
    except ValueError:
        return f"{status}: not JSON: {text[:200]!r}"
    if not isinstance(body, dict) or set(body) != {"error"} or not isinstance(body["error"], str):
        return f"{status}: not {{'error': str}}: {text[:200]!r}"
    message = body["error"]
    if not message or "\n" in message or "\r" in message or not message.isprintable():
        return f"{status}: not one printable line: {message[:200]!r}"
    return None


@SCHEMA.parametrize()
@fuzz_settings(12, share=0.25)
def test_api_against_its_openapi_schema(case: schemathesis.Case) -> None:
    response = case.call()
    status, text = response.status_code, response.text
    negative = case.meta is not None and case.meta.generation.mode.is_negative
    try:
        case.validate_response(response, checks=CHECKS)
        failures: list[BaseException] = []
    except FailureGroup as exc:
        failures = list(exc.exceptions)
    if status == 413:  # too large is a refusal too (schemathesis expects 400, 422...)
        failures = [f for f in failures if type(f).__name__ != "AcceptedNegativeData"]
    accepted_bad = any(type(f).__name__ == "AcceptedNegativeData" for f in failures)
    nonfinite = 200 <= status < 300 and nonfinite_json(text)
    record(
        "api",
        "bad" if negative else "any",
        f"schemathesis {case.operation.label}",
        accepted=accepted_bad if negative else status < 400,
        traceback=status >= 500,
        nonfinite=nonfinite,
    )
    assert not failures, "; ".join(str(f).splitlines()[0] for f in failures) + f" [{status}]"
    assert not nonfinite, text[:300]
    problem = _one_line_error(status, text)
    assert problem is None, problem

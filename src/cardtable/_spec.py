"""The base of every validated input object (scenario tables, the backstop, API bodies), and the
one translation of pydantic's validation errors into cardtable's one-line messages."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from cardtable.errors import InputError

__all__ = ["Spec", "one_line", "one_line_of"]

# pydantic names the union member it tried ("sell.function-after[...]"): keep user fields only
_UNION_MEMBER = re.compile(r"\.(function-[a-z]+|literal|list|tagged-union)\[[^\]]*\]")


def one_line(
    exc: ValidationError, origin: str = "", cls: type[InputError] = InputError
) -> InputError:
    """The first of pydantic's errors as one :class:`InputError` line (field, value, rule).

    Parameters
    ----------
    exc
        The validation error.
    origin
        What was validated (a file name, ``scenario``); prefixes the field.
    cls
        The error class to build (``ScenarioError`` for scenario files).
    """
    return one_line_of(exc.errors(), origin, cls)


def one_line_of(
    errors: Sequence[Any], origin: str = "", cls: type[InputError] = InputError
) -> InputError:
    """:func:`one_line` from pydantic's list of errors (FastAPI's request errors included)."""
    if not errors:
        return cls(origin or "input", None, "not valid", show_value=False)
    first = errors[0]
    loc = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in first["loc"]).lstrip(".")
    loc = loc.removeprefix("body").lstrip(".")  # FastAPI's request body
    loc = _UNION_MEMBER.sub("", loc)
    # the shock kind a [[shocks]] entry was validated as ("shocks[0].dollar.x"), and dict keys
    loc = re.sub(r"(shocks\[\d+\])\.(term_premium|risk_off|dollar|preset)\b", r"\1", loc)
    loc = loc.replace(".[key]", "")
    field = f"{origin}: {loc}" if origin and loc else (loc or origin or "input")
    msg = str(first["msg"]).removeprefix("Value error, ")
    more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
    if first["type"] == "extra_forbidden":
        msg = "unknown field; remove it or check its spelling (docs/scenarios.md lists the fields)"
    if first["type"] == "missing":
        return cls(field, None, "required field is missing" + more, show_value=False)
    value = first.get("input", None)
    if (
        isinstance(value, dict | list) or first["type"] == "json_invalid"
    ):  # a rule over several fields: name the rule, not a table
        return cls(field, None, msg + more, show_value=False)
    return cls(field, value, msg + more)


class Spec(BaseModel):
    """Immutable, strict (no coercion of strings, booleans or floats), no unknown fields.

    Validation errors are pydantic's; the edges that take user input (scenario files, the web
    API) turn them into one line with :func:`one_line`.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

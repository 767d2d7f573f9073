"""Every error cardtable raises on purpose, in one place.

The hierarchy::

    CardtableError                 base: one-line, user-facing message
    ├── InputError                 a bad value for a named field (CLI exit 2, API 422)
    │   ├── UnknownNameError       a country, scenario or calibration that does not exist
    │   └── ScenarioError          a scenario file or built-in scenario that fails validation
    ├── DataError                  data missing, malformed or failing validation
    │   ├── ParseError             an official-format file that cannot be parsed
    │   ├── StoreError             the local store is missing, stale or unwritable
    │   │   └── ChecksumError      a store file whose sha256 no longer matches its manifest
    │   └── DownloadError          an official source that could not be fetched
    └── ModelError                 a model asked to do something outside its domain

Messages are single lines that name the field, the bad value and what is allowed, so that the CLI
can print them as they are and exit non-zero without a traceback.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = [
    "CardtableError",
    "CardtableWarning",
    "ChecksumError",
    "DataError",
    "DownloadError",
    "InputError",
    "ModelError",
    "ParseError",
    "ScenarioError",
    "StoreError",
    "UnknownNameError",
    "suggest",
]


class CardtableError(Exception):
    """Base class of every error cardtable raises on purpose."""

    exit_code: int = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(CardtableError, ValueError):
    """A bad value for a named input field.

    Parameters
    ----------
    field
        Name of the field, as the user wrote it (``--as-of``, ``actors[0].amount_usd_bn``).
    value
        The offending value.
    allowed
        What is allowed, in words (``"a month YYYY-MM between 2000-03 and 2025-12"``).
    show_value
        False when the rule concerns several fields and no single value is at fault; the
        message is then ``"<field>: <allowed>"``.
    """

    exit_code = 2

    def __init__(self, field: str, value: object, allowed: str, *, show_value: bool = True):
        if not field.isprintable():  # a user's key with a control character stays one line
            field = field.encode("unicode_escape").decode("ascii")
        if not allowed.isprintable():
            allowed = allowed.encode("unicode_escape").decode("ascii")
        self.field = field
        self.value = value
        self.allowed = allowed
        self.show_value = show_value
        if show_value:
            super().__init__(f"{field}: {value!r} is not allowed; {allowed}")
        else:
            super().__init__(f"{field}: {allowed}")

    def with_field(self, field: str) -> InputError:
        """The same error under another field name (the CLI names its flags this way)."""
        return InputError(field, self.value, self.allowed, show_value=self.show_value)


class UnknownNameError(InputError):
    """A name (country, scenario, calibration) that does not exist; suggests close matches."""

    def __init__(self, field: str, value: str, choices: Iterable[str], what: str = "name") -> None:
        choices = list(choices)
        close = suggest(value, choices)
        if close:
            allowed = f"unknown {what}; did you mean {', '.join(repr(c) for c in close)}?"
        else:
            shown = ", ".join(repr(c) for c in choices[:12])
            more = f" (and {len(choices) - 12} more)" if len(choices) > 12 else ""
            allowed = f"unknown {what}; known: {shown}{more}"
        self.choices = choices
        super().__init__(field, value, allowed)


class ScenarioError(InputError):
    """A scenario that fails validation; the message names the field and the rule."""


class DataError(CardtableError):
    """Data missing, malformed, or failing validation."""


class ParseError(DataError):
    """An official-format file that cannot be parsed."""


class StoreError(DataError):
    """The local data store is missing, stale or cannot be written."""


class ChecksumError(StoreError):
    """A store file whose sha256 no longer matches its manifest entry."""


class DownloadError(DataError):
    """An official source that could not be fetched (after retries)."""


class ModelError(CardtableError):
    """A model asked to do something outside its domain."""


class CardtableWarning(UserWarning):
    """Something the user asked for that is allowed but outside the evidence (for example a
    parameter set outside its plausible range); the CLI prints it as one line."""


def suggest(value: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """Return up to ``n`` choices close to ``value`` (case-insensitive).

    Parameters
    ----------
    value
        The unknown name.
    choices
        Known names.
    n
        Maximum number of suggestions.

    Returns
    -------
    list of str
        Close matches, best first, in their original spelling.
    """
    choices = list(choices)
    lowered = {c.lower(): c for c in choices}
    hits = difflib.get_close_matches(value.lower(), list(lowered), n=n, cutoff=0.5)
    prefix = [c for c in choices if c.lower().startswith(value.lower()[:3])] if value else []
    out: list[str] = [lowered[h] for h in hits]
    for c in prefix:
        if c not in out and len(out) < n:
            out.append(c)
    return out

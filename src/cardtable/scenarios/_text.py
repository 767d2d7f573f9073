"""Text fields of scenarios and API bodies. Names and labels are one line of printable
characters; free text (descriptions, notes) may break lines but holds no other control
character. So nothing a user writes moves a terminal's cursor or splits an error line."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator

from cardtable.errors import InputError

__all__ = ["Label", "Text", "check_label"]

# C0 controls but tab, newline and carriage return; DEL, C1 controls, the line and paragraph
# separators, the bidirectional overrides and isolates (text that reads other than it is
# stored), and lone surrogates
_TEXT_BAD = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _label(v: str) -> str:
    if not v.isprintable():  # no control, format (bidi overrides) or separator characters
        raise ValueError("one line of printable characters (no control characters)")
    if not v.strip():
        raise ValueError("text with at least one character that is not a space")
    return v


def _text(v: str) -> str:
    if _TEXT_BAD.search(v):
        raise ValueError("text without control characters (tab and line breaks are allowed)")
    return v


#: A name or label: one line, not blank, no control character (add a length with ``Field``).
Label = Annotated[str, AfterValidator(_label)]
#: Free text: line breaks and tabs allowed, no other control character.
Text = Annotated[str, AfterValidator(_text)]


def check_label(field: str, value: str, max_length: int = 80) -> str:
    """``value`` if it is a :data:`Label` of at most ``max_length`` characters (a holder name
    typed as a flag or a URL path segment), else :class:`InputError` naming ``field``."""
    try:
        _label(value)
    except ValueError as exc:
        raise InputError(field, value, str(exc)) from None
    if len(value) > max_length:
        raise InputError(field, value[:80] + "...", f"at most {max_length} characters")
    return value

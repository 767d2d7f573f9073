"""Helpers shared by the official-format parsers: reading text files, months and dates."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from cardtable.errors import ParseError

__all__ = ["MONTH_ABBR", "iso_date", "read_text"]

MONTH_ABBR: dict[str, int] = {
    m: i
    for i, m in enumerate(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1
    )
}

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_US = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")


def read_text(path: str | Path) -> str:
    """Read an official-format file as text (UTF-8, a leading byte-order mark dropped).

    Parameters
    ----------
    path
        File to read.

    Returns
    -------
    str
        The file's text.

    Raises
    ------
    ParseError
        If the file cannot be read or is not UTF-8 text.
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise ParseError(
            f"{p}: cannot be read ({exc.strerror or exc}); give an existing file"
        ) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(
            f"{p}: byte {exc.start} is not UTF-8; expected the official text/CSV download"
        ) from None


def iso_date(text: str) -> date | None:
    """Parse ``YYYY-MM-DD``, ``MM/DD/YYYY`` or ``M/D/YY`` (20YY); None when it is neither."""
    s = text.strip()
    m = _ISO.match(s)
    try:
        if m:
            return date(int(m[1]), int(m[2]), int(m[3]))
        m = _US.match(s)
        if m:
            year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
            return date(year, int(m[1]), int(m[2]))
    except ValueError:
        return None
    return None

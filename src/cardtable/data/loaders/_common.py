"""Helpers shared by the official-format parsers: reading text files, months and dates."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cardtable.errors import ParseError

__all__ = [
    "MONTH_ABBR",
    "NUMBER_FORMAT",
    "PLAUSIBLE",
    "Plausible",
    "iso_date",
    "parse_number",
    "read_text",
]

MONTH_ABBR: dict[str, int] = {
    m: i
    for i, m in enumerate(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1
    )
}

#: How the official files write a number, for messages.
NUMBER_FORMAT = "a decimal number like 1185.5 or -0.25"
_PLAIN = re.compile(r"^-?[0-9]+(\.[0-9]+)?\Z")
_THOUSANDS = re.compile(r"^-?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?\Z")

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


def parse_number(text: str, *, thousands: bool = False) -> float | None:
    """A number as the official files write it; None when ``text`` is not one.

    Plain decimals only (``1185.5``, ``-0.25``): no exponent, ``nan``, ``inf``, underscores or
    decimal comma. With ``thousands``, groups of three digits separated by commas are also read
    (``1,185.5``), as in formats whose documentation uses them; a comma anywhere else (``4,25``)
    is refused rather than dropped.

    Examples
    --------
    >>> parse_number("1185.5"), parse_number("4,25", thousands=True), parse_number("1e308")
    (1185.5, None, None)
    >>> parse_number("1,185.5", thousands=True), parse_number("1,185.5")
    (1185.5, None)
    """
    s = text.strip()
    if _PLAIN.match(s):
        return float(s)
    if thousands and _THOUSANDS.match(s):
        return float(s.replace(",", ""))
    return None


@dataclass(frozen=True)
class Plausible:
    """The range a published figure must lie in to be stored.

    Attributes
    ----------
    low, high
        Bounds, inclusive, in ``unit``.
    unit
        Unit of the figure.
    why
        Where the bounds come from.
    """

    low: float
    high: float
    unit: str
    why: str

    def holds(self, value: float) -> bool:
        """Whether ``value`` is finite and within the bounds."""
        return math.isfinite(value) and self.low <= value <= self.high

    def rule(self) -> str:
        """The rule in words, for messages."""
        return f"allowed: [{self.low:g}, {self.high:g}] {self.unit} ({self.why})"


_YIELD = Plausible(
    -5.0,
    30.0,
    "percent",
    "Treasury yields since 1962 stayed between about 0% and 16.3% (1981)",
)

#: Plausibility ranges by series, used by the parsers (with the file's line) and by the store's
#: validation (with the row).
PLAUSIBLE: dict[str, Plausible] = {
    "yield_pct": _YIELD,
    "DGS2": _YIELD,
    "DGS5": _YIELD,
    "DGS10": _YIELD,
    "DGS30": _YIELD,
    "DEXJPUS": Plausible(
        50.0, 500.0, "JPY per USD", "FRED values 1971-2026 span 75.72 (2011-10) to 358.44 (1971)"
    ),
    "DTWEXBGS": Plausible(
        50.0, 250.0, "index, Jan 2006 = 100", "FRED values 2015-2026 span 102.9 to 130.0"
    ),
    "holdings_usd_bn": Plausible(
        0.0,
        100_000.0,
        "USD bn",
        "foreign holdings cannot be negative nor exceed 100 trillion dollars",
    ),
    "mspd_usd_bn": Plausible(
        0.0,
        1_000_000.0,
        "USD bn",
        "public debt is not negative and below a quadrillion dollars",
    ),
}

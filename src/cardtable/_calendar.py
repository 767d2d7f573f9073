"""Calendar conventions used throughout cardtable: the ``YYYY-MM`` month format and the
trading-day constants.

One definition each (issue 8): every package that reads or checks a month, or converts months or
years into trading days, imports them from here.

* A month is written ``YYYY-MM`` (ISO 8601 calendar month, e.g. ``2025-03``); :data:`MONTH_RE`
  is the pattern, :func:`parse_month` turns the text into ``(year, month)`` and
  :func:`check_month` raises :class:`~cardtable.errors.InputError` naming the caller's field.
* :data:`TRADING_DAYS_PER_YEAR` = 252 and :data:`TRADING_DAYS_PER_MONTH` = 21 are the US bond
  market conventions (about 252 SIFMA trading days a year, 252 / 12 = 21 a month).
"""

from __future__ import annotations

import re
from typing import TypeGuard

from cardtable.errors import InputError

__all__ = [
    "MONTH_FORMAT",
    "MONTH_RE",
    "TRADING_DAYS_PER_MONTH",
    "TRADING_DAYS_PER_YEAR",
    "check_month",
    "format_month",
    "is_month",
    "parse_month",
]

#: Trading days in a year (US Treasury market convention).
TRADING_DAYS_PER_YEAR = 252
#: Trading days in a month (252 / 12).
TRADING_DAYS_PER_MONTH = 21

#: How a month is written, for messages.
MONTH_FORMAT = "YYYY-MM"
#: A month ``YYYY-MM`` with a month number 01-12, ASCII digits only, anchored at both ends.
MONTH_RE = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])\Z")


def is_month(value: object) -> TypeGuard[str]:
    """Whether ``value`` is a string written ``YYYY-MM`` (month 01-12).

    Examples
    --------
    >>> is_month("2025-03"), is_month("2025-13"), is_month("2025-3"), is_month(202503)
    (True, False, False, False)
    """
    return isinstance(value, str) and MONTH_RE.fullmatch(value) is not None


def parse_month(value: str) -> tuple[int, int]:
    """``(year, month)`` of a month written ``YYYY-MM``.

    Parameters
    ----------
    value
        The month text.

    Returns
    -------
    tuple of int
        Year and month number (1-12).

    Raises
    ------
    ValueError
        When ``value`` is not written ``YYYY-MM``; callers that face users use
        :func:`check_month`, which raises :class:`~cardtable.errors.InputError` instead.

    Examples
    --------
    >>> parse_month("2025-03")
    (2025, 3)
    """
    if not is_month(value):
        raise ValueError(f"{value!r} is not a month written {MONTH_FORMAT}")
    return int(value[:4]), int(value[5:7])


def format_month(year: int, month: int) -> str:
    """The month ``year``-``month`` written ``YYYY-MM``.

    Examples
    --------
    >>> format_month(2025, 3)
    '2025-03'
    """
    if not 1 <= month <= 12 or not 0 <= year <= 9999:
        raise ValueError(f"year {year}, month {month}: expected a year 0-9999 and a month 1-12")
    return f"{year:04d}-{month:02d}"


def check_month(value: object, field: str) -> str:
    """Return ``value`` when it is a month written ``YYYY-MM``.

    Parameters
    ----------
    value
        What the caller was given.
    field
        The caller's parameter name (``as_of``, ``month``), used in the error.

    Returns
    -------
    str
        ``value`` unchanged.

    Raises
    ------
    InputError
        Naming ``field``, the value and the format.
    """
    if not is_month(value):
        raise InputError(field, value, f"a month written {MONTH_FORMAT}, e.g. 2025-03")
    return value

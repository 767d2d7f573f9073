"""Calendar conventions used across cardtable: the month format and trading-day counts."""

from __future__ import annotations

import re

__all__ = ["MONTH", "TRADING_DAYS_PER_MONTH", "TRADING_DAYS_PER_YEAR", "is_month"]

#: A month written ``YYYY-MM`` (TIC and MSPD are monthly; scenarios are dated by month).
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
#: Trading days in a year and in a month (252 / 12 = 21), the market model's time step.
TRADING_DAYS_PER_YEAR = 252
TRADING_DAYS_PER_MONTH = 21


def is_month(text: object) -> bool:
    """Whether ``text`` is a string written ``YYYY-MM`` with a valid month."""
    return isinstance(text, str) and MONTH.fullmatch(text) is not None

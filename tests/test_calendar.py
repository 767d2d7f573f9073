"""``cardtable._calendar``: the one month format and the trading-day constants."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cardtable import _calendar
from cardtable.errors import InputError


def test_trading_day_constants() -> None:
    assert _calendar.TRADING_DAYS_PER_YEAR == 252
    assert _calendar.TRADING_DAYS_PER_MONTH * 12 == _calendar.TRADING_DAYS_PER_YEAR


@pytest.mark.parametrize("good", ["2025-03", "2000-12", "0001-01"])
def test_months_accepted(good: str) -> None:
    assert _calendar.is_month(good)
    assert _calendar.check_month(good, "as_of") == good


@pytest.mark.parametrize(
    "bad",
    [
        "2025-13",
        "2025-00",
        "2025-3",
        "25-03",
        "2025-03\n",
        " 2025-03",
        "２０２５-03",
        "2025/03",
        202503,
        None,
    ],
)
def test_months_refused(bad: object) -> None:
    assert not _calendar.is_month(bad)
    with pytest.raises(InputError, match=r"^as_of: .* is not allowed; a month written YYYY-MM"):
        _calendar.check_month(bad, "as_of")
    if isinstance(bad, str):
        with pytest.raises(ValueError, match="is not a month written YYYY-MM"):
            _calendar.parse_month(bad)


@given(st.integers(0, 9999), st.integers(1, 12))
def test_format_and_parse_are_inverse(year: int, month: int) -> None:
    text = _calendar.format_month(year, month)
    assert _calendar.is_month(text)
    assert _calendar.parse_month(text) == (year, month)


@pytest.mark.parametrize(("year", "month"), [(2025, 0), (2025, 13), (-1, 5), (10000, 1)])
def test_format_month_refuses_impossible_months(year: int, month: int) -> None:
    with pytest.raises(ValueError, match="expected a year 0-9999 and a month 1-12"):
        _calendar.format_month(year, month)

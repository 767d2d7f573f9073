"""Dates in sentences, Japan's fiscal year and the month TIC had published by a date."""

from __future__ import annotations

import datetime as dt

import pytest

from cardtable.factcheck._dates import find_dates, latest_tic_month, month_add

BASE = dt.date(2025, 5, 20)


def _months(sentence: str, base: dt.date | None = BASE) -> list[tuple[str | None, str]]:
    return [(d.month, d.precision) for d in find_dates(sentence, base)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("At the end of fiscal 2024, Japan held", [("2025-03", "fiscal")]),
        ("in FY2023 the ministry", [("2024-03", "fiscal")]),
        ("at the end of 2024", [("2024-12", "year")]),
        ("at the end of March", [("2025-03", "month")]),
        ("in November 2021", [("2021-11", "month")]),
        ("on 2025-04-02", [("2025-04", "day")]),
        ("in March 2025 and in September", [("2025-03", "month"), ("2024-09", "month")]),
        ("in June", [("2025-06", "month")]),
        ("last month", [("2025-04", "month")]),
    ],
)
def test_find_dates(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert _months(sentence) == expected


def test_yearless_date_may_be_shortly_after_the_article() -> None:
    (ref,) = find_dates("a 25% tariff from August 1", dt.date(2025, 7, 10))
    assert ref.day == "2025-08-01"
    assert ref.role == "since"


def test_may_the_verb_is_not_a_date() -> None:
    assert find_dates("Japan may sell Treasuries", BASE) == []
    assert _months("sold in May") == [("2025-05", "month")]


def test_no_base_leaves_yearless_dates_open() -> None:
    assert _months("in March", None) == [(None, "month")]


@pytest.mark.parametrize(
    ("on", "month"),
    [("2025-05-20", "2025-03"), ("2025-05-10", "2025-02"), ("2026-01-18", "2025-11")],
)
def test_latest_tic_month(on: str, month: str) -> None:
    assert latest_tic_month(dt.date.fromisoformat(on)) == month


def test_month_add() -> None:
    assert month_add("2025-01", -1) == "2024-12"
    assert month_add("2024-12", 13) == "2026-01"

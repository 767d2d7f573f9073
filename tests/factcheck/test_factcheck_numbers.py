"""Amounts and percentages in text."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cardtable.factcheck._numbers import find_amounts, find_percents, stated_step


@pytest.mark.parametrize(
    ("text", "value_bn", "currency"),
    [
        ("held $1.13tn of Treasuries", 1130.0, "USD"),
        ("held US$765 billion", 765.0, "USD"),
        ("worth ¥170 trillion", 170_000.0, "JPY"),
        ("some 1.1 trillion dollars", 1100.0, "USD"),
        ("about 180 trillion yen", 180_000.0, "JPY"),
        ("a surplus of $68.3bn", 68.3, "USD"),
        ("USD 1,130.8 billion", 1130.8, "USD"),
        ("half a trillion dollars", 500.0, "USD"),
        ("a $9.05-trillion market", 9050.0, "USD"),
        ("¥9.8 trillion on intervention", 9800.0, "JPY"),
    ],
)
def test_amounts(text: str, value_bn: float, currency: str) -> None:
    (amount,) = find_amounts(text)
    assert math.isclose(amount.value_bn, value_bn)
    assert amount.currency == currency
    assert text[amount.start : amount.end] == amount.text


def test_amount_without_currency_is_marked() -> None:
    (amount,) = find_amounts("holdings of 1.13 trillion")
    assert amount.currency == "USD?"


@pytest.mark.parametrize("text", ["5 t of rice", "10 m people", "a million reasons", "in 2025"])
def test_not_money(text: str) -> None:
    assert find_amounts(text) == []


@pytest.mark.parametrize(
    ("number", "step"), [("1.13", 0.005), ("800", 50.0), ("765", 0.5), ("1,130.8", 0.05)]
)
def test_stated_step(number: str, step: float) -> None:
    assert math.isclose(stated_step(number), step)


@given(
    st.integers(min_value=1, max_value=99_999),
    st.sampled_from([("bn", 1.0), ("tn", 1000.0), (" billion", 1.0), (" trillion", 1000.0)]),
)
def test_amount_round_trip(tenths: int, scale: tuple[str, float]) -> None:
    written = f"${tenths / 10:.1f}{scale[0]}"
    (amount,) = find_amounts(f"Japan held {written} of Treasuries.")
    assert math.isclose(amount.value_bn, tenths / 10 * scale[1], rel_tol=1e-12)
    assert math.isclose(amount.step_bn, 0.05 * scale[1])


def test_percents() -> None:
    found = find_percents("a 24% tariff, 15 per cent, 2.5 percentage points")
    assert [(p.value, p.points) for p in found] == [(24.0, False), (15.0, False), (2.5, True)]
    assert found[0].step == 0.5
    assert found[2].step == 0.05

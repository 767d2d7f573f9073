"""Verdicts: tolerance rules, the offline (bundled) path, sources and vintages."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from factcheck_metrics import load
from hypothesis import given
from hypothesis import strategies as st

from cardtable.factcheck import VERDICTS, check_text, grade

ORDER = {v: i for i, v in enumerate(VERDICTS[:3])}
QUALIFIERS = ["", "about", "nearly", "over", "under", "peak"]


@given(st.sampled_from(QUALIFIERS), st.floats(min_value=1.0, max_value=1e4))
def test_the_exact_figure_is_accurate_under_every_qualifier(qualifier: str, actual: float) -> None:
    assert grade(qualifier, actual, actual, 0.0) == "accurate"


@given(
    st.sampled_from(["", "about", "peak"]),
    st.floats(min_value=1.0, max_value=1e4),
    st.floats(min_value=0.0, max_value=0.5),
    st.floats(min_value=0.0, max_value=0.5),
    st.booleans(),
)
def test_verdicts_worsen_with_the_error(
    qualifier: str, actual: float, e1: float, e2: float, above: bool
) -> None:
    lo, hi = sorted((e1, e2))
    sign = 1.0 if above else -1.0
    near = grade(qualifier, actual * (1 + sign * lo), actual, 0.0)
    far = grade(qualifier, actual * (1 + sign * hi), actual, 0.0)
    assert ORDER[near] <= ORDER[far]


@given(st.floats(min_value=1.0, max_value=1e4), st.floats(min_value=0.0, max_value=1.0))
def test_over_and_under_are_one_sided(claimed: float, share: float) -> None:
    below = claimed * (1 - share)
    assert grade("under", claimed, below, 0.0) == "accurate"
    assert grade("over", below, claimed, 0.0) == "accurate"


def test_rounding_written_is_accurate_but_capped() -> None:
    assert grade("", 1100.0, 1130.8, 50.0) == "accurate"  # "$1.1tn" for 1,130.8bn
    assert grade("", 800.0, 765.4, 50.0) == "approximately right"  # step capped at 3%
    assert grade("about", 800.0, 765.4, 50.0) == "approximately right"


@pytest.mark.usefixtures("filled_home")
def test_every_verdict_cites_source_and_vintage() -> None:
    for case in load("corpus"):
        date = dt.date.fromisoformat(case["date"]) if case["date"] else None
        for check in check_text(case["text"], date=date).checks:
            if check.verdict != "unverifiable":
                assert check.source, (case["id"], check.claim.kind)
                assert check.vintage, (case["id"], check.claim.kind)
            else:
                assert check.explanation  # says why


@pytest.mark.usefixtures("filled_home")
def test_report_is_json_ready() -> None:
    report = check_text("Japan held $1.13tn of Treasuries in March 2025.")
    payload = json.loads(json.dumps(report.to_dict()))
    assert payload["counts"]["accurate"] == 1
    (check,) = payload["checks"]
    assert check["claim"]["holder"] == "Japan"
    assert check["actual"] == pytest.approx(1130.8)
    assert check["actual_period"] == "2025-03"


def test_offline_with_the_small_fact_tables_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CARDTABLE_NO_BUNDLED", "1")  # the anchor-month fact tables alone
    report = check_text(
        "Japan held $1.13tn of Treasuries in March 2025. Japan held $1.13tn in April 2024. "
        "Britain was the second-largest holder in March 2025."
    )
    first, second, third = report.checks
    assert first.verdict == "accurate"
    assert first.vintage == "2026-03-18"
    assert "Major Foreign Holders" in first.source
    assert second.verdict == "unverifiable"
    assert "2024-04" in second.explanation
    assert third.verdict == "accurate"


@pytest.mark.usefixtures("filled_home")
def test_holdings_change_notes_market_value() -> None:
    (check,) = check_text("China cut its holdings of Treasuries by $21.8bn in April 2025.").checks
    assert check.verdict == "accurate"
    assert any("market value" in n for n in check.notes)
    assert check.actual == pytest.approx(-21.8)


def test_nearly_means_a_little_below() -> None:
    assert grade("nearly", 1200.0, 1185.5, 50.0) == "accurate"  # "nearly $1.2tn"
    assert grade("nearly", 1200.0, 1230.0, 50.0) == "approximately right"  # above the claim
    assert grade("nearly", 1200.0, 1000.0, 50.0) == "inaccurate"


def test_offline_fresh_install_checks_every_month() -> None:
    """With the bundled TIC history (no local store), any month since 2000 can be checked."""
    report = check_text(
        "Japan held $1.13tn of Treasuries in March 2025. Japan held $1.13tn in April 2024."
    )
    first, second = report.checks
    assert first.verdict == "accurate"
    assert second.actual_period == "2024-04"
    assert second.verdict != "unverifiable"

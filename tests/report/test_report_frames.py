"""Notebook views: summary_frame, paths_frame on trading dates with levels, _repr_html_."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cardtable.data import market_levels_at
from cardtable.report._api import (
    CoalitionResult,
    ScenarioNegotiation,
    SimulationResult,
    resolve_scenario,
    run_coalition,
    run_negotiate,
    run_simulate,
)
from cardtable.views._frames import business_dates


@pytest.fixture(scope="module")
def sim() -> SimulationResult:
    return run_simulate(resolve_scenario("japan-fire-sale"), draws=300, seed=3, calibration=None)


@pytest.fixture(scope="module")
def neg() -> ScenarioNegotiation:
    return run_negotiate(resolve_scenario("kato-2025"), draws=200, seed=3, calibration=None)


@pytest.fixture(scope="module")
def coal() -> CoalitionResult:
    return run_coalition("2025-03", ["japan", "china"])


def test_summary_frame_one_row_per_output(sim: SimulationResult) -> None:
    frame = sim.summary_frame()
    assert list(frame.columns) == ["unit", "p5", "p50", "p95"]
    assert frame.index.is_unique
    assert (frame["p5"] <= frame["p50"]).all()
    assert (frame["p50"] <= frame["p95"]).all()
    assert frame.loc["yield_10y_peak_bp", "unit"] == "bp"
    assert frame.loc["cost.us_federal_interest_5y", "unit"] == "usd_bn_cumulative"
    assert frame.loc["cost.us_households_1y", "unit"] == "usd_bn_per_year"
    # the same figures as the documented JSON
    d = sim.to_dict()
    assert frame.loc["yield_10y_peak_bp", "p50"] == d["yields_bp"]["10y"]["peak"]["p50"]
    assert frame.loc["cost.seller_total", "p95"] == d["costs_usd_bn"]["seller_total"]["p95"]


def test_negotiation_and_coalition_frames(neg: ScenarioNegotiation, coal: CoalitionResult) -> None:
    frame = neg.summary_frame()
    d = neg.to_dict()
    assert frame.loc["card_value_usd_bn", "p50"] == d["card_value_usd_bn"]["p50"]
    assert frame.loc["deal_tariff_pct", "unit"] == "pct"
    cf = coal.summary_frame()
    assert cf["p50"].iloc[:-1].sum() == pytest.approx(coal.value_grand_coalition_usd_bn)
    assert cf["p5"].isna().all()


def test_business_dates_skip_weekends_and_holidays() -> None:
    dates = business_dates("2025-06", 30)
    assert dates[0] == pd.Timestamp("2025-07-01")
    assert pd.Timestamp("2025-07-04") not in dates  # Independence Day
    assert (dates.day_of_week < 5).all()
    assert dates.is_monotonic_increasing
    assert dates.is_unique


def test_paths_frame_dates_levels_and_query(sim: SimulationResult) -> None:
    frame = sim.paths_frame()
    assert len(frame) == sim.horizon_days
    assert frame.index.name == "date"
    assert frame.index[0] > pd.Timestamp(sim.as_of) + pd.offsets.MonthEnd(0)
    assert list(frame["day"]) == list(range(sim.horizon_days))
    lv = market_levels_at(sim.as_of)
    assert lv.ust_10y_pct is not None
    assert lv.usdjpy is not None
    np.testing.assert_allclose(
        frame["yield_10y_level_pct_p50"],
        lv.ust_10y_pct + frame["yield_10y_change_bp_p50"] / 100,
    )
    np.testing.assert_allclose(
        frame["usdjpy_level_jpy_per_usd_p5"],
        lv.usdjpy * (1 + frame["usdjpy_change_pct_p5"] / 100),
    )
    median = np.percentile(sim.yields_bp[:, :, 2], 50, axis=0)
    np.testing.assert_allclose(frame["yield_10y_change_bp_p50"], median, rtol=1e-6)
    # every column name works in DataFrame.query
    for column in frame.columns:
        assert len(frame.query(f"{column} == {column}")) >= 0
    big = frame.query("yield_10y_change_bp_p95 > yield_10y_change_bp_p5")
    assert len(big) > 0


def test_repr_html_and_short_repr(
    sim: SimulationResult, neg: ScenarioNegotiation, coal: CoalitionResult
) -> None:
    for result in (sim, neg, coal):
        html = result._repr_html_()
        assert "<table" in html
        assert "<svg" in html
        assert len(repr(result)) < 300
    assert "yield_10y_peak_bp" in sim._repr_html_()

"""Calibration target 12 for the cost ledger: costs do not depend on the simulated window, on
how draws are chunked or (beyond sampling noise) on how many there are; present values."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cardtable.costs import DebtProfile, SellerBook, ledger, us_interest_cost
from cardtable.costs._interest import converged_yearly_path_bp, present_value
from cardtable.market import Flows, MarketContext, ShockSpec, simulate_market
from cardtable.params import REGISTRY

CTX = MarketContext("2025-12", 9271.0, 30250.9)
# MSPD Table 1, 2025-12-31 (us_federal_debt.csv); CBO FY2025 deficit
DEBT = DebtProfile(30250.9, 6546.6, 700.2, 15632.5, 5238.5, 2133.2, 1800.0)
MIX = (0.10, 0.674, 0.226)
OTHERS = {"China, Mainland": 682.6, "United Kingdom": 865.0}
PARAMS = REGISTRY.draw(24, seed=8)
#: Lines that must not depend on the window (every line: the currency is marked on the bonds'
#: mark day and averaged over a year through its closed-form continuation).
WINDOW_FREE = (
    "Japan.realised",
    "Japan.mark_to_market",
    "Japan.fx_translation",
    "Japan.exporters_1y",
    "Japan.total",
    "other_holders.China, Mainland",
    "us_federal_interest_1y",
    "us_federal_interest_5y",
    "us_federal_interest_10y",
    "us_federal_interest_30y",
    "us_federal_interest_10y_pv",
    "us_federal_interest_30y_pv",
    "us_households_1y",
)


def _ledger(
    amount: float,
    days: int,
    T: int,
    params=PARAMS,
    converted_share: float = 0.5,
    shocks: ShockSpec | None = None,
):
    sold = np.zeros((T, 3))
    sold[:days] = amount / days * np.asarray(MIX)
    conv = sold.sum(axis=1) * converted_share  # half the proceeds into yen, as they come in
    flows = Flows(sold, np.zeros((T, 3)), {"JPY": conv}, np.zeros((T, 3)), 0.0)
    paths = simulate_market(flows, CTX, params, shocks=shocks)
    book = SellerBook("Japan", "JPY", 1185.5, MIX, sold, conv, 148.2)
    return ledger(paths, [book], OTHERS, DEBT, params)


SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(
    amount=st.floats(20.0, 400.0),
    days=st.integers(1, 80),
    extra=st.integers(0, 300),
    extra2=st.integers(1, 900),
)
def test_costs_do_not_depend_on_horizon_days(
    amount: float, days: int, extra: int, extra2: int
) -> None:
    # Calibration target 12: the same sale gives the same 1-, 5-, 10- and 30-year costs
    # (within 1%) whatever the simulated window.
    a = _ledger(amount, days, days + extra)
    b = _ledger(amount, days, days + extra + extra2)
    for line in WINDOW_FREE:
        np.testing.assert_allclose(a[line], b[line], rtol=0.01, atol=1e-6, err_msg=line)


@pytest.mark.parametrize("half_life_days", [20.0, np.inf])
def test_costs_with_shocks_do_not_depend_on_horizon_days(half_life_days: float) -> None:
    # Calibration target 12 with shocks: their yield and yen paths continue after the window
    # (before the tails carried shocks, the 10-year interest cost of a permanent 20 bp shock
    # on every tenor was p50 USD 24bn at a 60-day window, 102bn at 252 days and 200bn at 504;
    # 644bn at any window now, docs/market.md).
    spec = ShockSpec(
        np.array([[20.0, 15.0, 12.0, 10.0]]),
        np.array([-2.0]),
        np.array([0.0]),
        np.array([3]),
        np.array([5]),
        np.array([half_life_days]),
        ("test",),
    )
    out = [_ledger(150.0, 40, T, shocks=spec) for T in (40, 126, 504)]
    for other in out[1:]:
        for line in WINDOW_FREE:
            np.testing.assert_allclose(
                other[line], out[0][line], rtol=0.01, atol=1e-6, err_msg=line
            )


def test_japan_fire_sale_window_no_longer_drives_the_ten_year_cost() -> None:
    # The measurement (USD 300bn over 60 days): the 10-year US cost was USD 3.47tn at
    # a 60-day window and 1.80tn at 1,260 days; now the windows agree within 1%.
    out = [_ledger(300.0, 60, T)["us_federal_interest_10y"] for T in (60, 126, 252, 504, 1260)]
    for x in out[1:]:
        np.testing.assert_allclose(x, out[0], rtol=0.01)


@pytest.mark.parametrize("cut", [1, 7, 23])
def test_costs_do_not_depend_on_chunks(cut: int) -> None:
    # Calibration target 12: draws evaluated in chunks give the same ledger lines.
    whole = _ledger(200.0, 40, 300)
    first = _ledger(200.0, 40, 300, PARAMS.slice(0, cut))
    rest = _ledger(200.0, 40, 300, PARAMS.slice(cut, PARAMS.n))
    for line in whole:
        np.testing.assert_allclose(
            np.concatenate([first[line], rest[line]]), whole[line], rtol=1e-9, err_msg=line
        )


def test_costs_draw_count_changes_only_sampling_noise() -> None:
    # Calibration target 12: medians of 1,000 and 4,000 draws agree within sampling noise.
    med = [
        float(
            np.median(_ledger(300.0, 60, 252, REGISTRY.draw(n, seed=s))["us_federal_interest_10y"])
        )
        for n, s in ((1000, 1), (4000, 2))
    ]
    assert med[0] == pytest.approx(med[1], rel=0.04)


def test_present_values_are_discounted_sums() -> None:
    # Present values: each year discounted from its middle at discount_rate_pct.
    led = _ledger(300.0, 60, 252)
    for n in (1, 5, 10, 30):
        assert np.all(led[f"us_federal_interest_{n}y_pv"] < led[f"us_federal_interest_{n}y"])
        assert np.all(led[f"us_federal_interest_{n}y_pv"] > 0)
    yearly = np.array([[100.0, 100.0]])
    pv = present_value(yearly, np.array([5.0]))
    assert pv[0, 1] == pytest.approx(100 / 1.05**0.5 + 100 / 1.05**1.5)


def test_converged_path_feeds_the_interest_cost() -> None:
    # The 10-year cost is the cost module run on the converged yearly path.
    T = 80
    sold = np.zeros((T, 3))
    sold[:60] = 5.0 * np.asarray(MIX)
    paths = simulate_market(Flows(sold, np.zeros((T, 3)), {}, np.zeros((T, 3)), 0.0), CTX, PARAMS)
    by_year = converged_yearly_path_bp(paths, 10)
    # after the window the flow part decays: later years move towards the stock effect
    assert paths.tail is not None
    stock10 = paths.tail.stock_bp[:, 2]
    assert np.all(np.abs(by_year[:, 9, 2] - stock10) < np.abs(by_year[:, 0, 2] - stock10))
    buckets = (
        by_year @ np.array([[1.0, 0.0, 0.0, 0.0], [0.0, 0.5, 0.5, 0.0], [0.0, 0.0, 0.0, 1.0]]).T
    )
    cost = us_interest_cost(buckets, DEBT, PARAMS).sum(axis=1)
    sold_book = SellerBook("Japan", "JPY", 1185.5, MIX, sold, np.zeros(T), 148.2)
    led = ledger(paths, [sold_book], OTHERS, DEBT, PARAMS)
    np.testing.assert_allclose(led["us_federal_interest_10y"], cost, rtol=1e-9)

"""The cost ledger: line names, zero in -> zero out, monotonicity, chunk invariance."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cardtable.costs import DebtProfile, SellerBook, ledger
from cardtable.errors import InputError
from cardtable.market import Flows, MarketContext, simulate_market
from cardtable.params import REGISTRY

CTX = MarketContext("2025-12", 9271.0, 30250.9)
# MSPD Table 1, 2025-12-31 (us_federal_debt.csv); CBO FY2025 deficit
DEBT = DebtProfile(30250.9, 6546.6, 700.2, 15632.5, 5238.5, 2133.2, 1800.0)
MIX = (0.10, 0.674, 0.226)
T = 42
PARAMS = REGISTRY.draw(32, seed=5)
OTHERS = {"China, Mainland": 682.6, "United Kingdom": 865.0}


def _run(amount: float, converted_share: float = 1.0, params=PARAMS):
    sold = np.zeros((T, 3))
    sold[:21] = amount / 21 * np.asarray(MIX)
    conv = sold.sum(axis=1) * converted_share
    flows = Flows(sold, np.zeros((T, 3)), {"JPY": conv}, np.zeros((T, 3)), 0.0)
    paths = simulate_market(flows, CTX, params)
    book = SellerBook("Japan", "JPY", 1185.5, MIX, sold, conv, 148.2)
    return paths, ledger(paths, [book], OTHERS, DEBT, params)


def test_line_names_and_shapes() -> None:
    _, led = _run(100.0)
    for suffix in ("realised", "mark_to_market", "fx_translation", "exporters_1y", "total"):
        assert led[f"Japan.{suffix}"].shape == (32,)
    for name in (
        "seller_total",
        "seller_realised",
        "seller_mark_to_market",
        "seller_fx_translation",
        "seller_exporters_1y",
        "other_holders.China, Mainland",
        "other_holders.United Kingdom",
        "us_federal_interest_1y",
        "us_federal_interest_5y",
        "us_federal_interest_10y",
        "us_households_1y",
    ):
        assert name in led.lines
        assert led[name].dtype == np.float64
    np.testing.assert_allclose(
        led["Japan.total"],
        led["Japan.realised"] + led["Japan.mark_to_market"] + led["Japan.fx_translation"],
    )


def test_a_sale_costs_every_party() -> None:
    _, led = _run(200.0)
    for name in (
        "Japan.realised",
        "Japan.mark_to_market",
        "Japan.fx_translation",
        "Japan.exporters_1y",
        "other_holders.United Kingdom",
        "us_federal_interest_1y",
        "us_households_1y",
    ):
        assert np.all(led[name] > 0), name
    assert np.all(led["us_federal_interest_10y"] > led["us_federal_interest_5y"])
    assert np.all(led["us_federal_interest_5y"] > led["us_federal_interest_1y"])


def test_zero_sale_costs_nothing() -> None:
    paths, led = _run(0.0)
    assert not paths.yields_bp.any()
    for name, values in led.items():
        assert not values.any(), name


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(low=st.floats(0.0, 300.0), extra=st.floats(0.0, 300.0))
def test_more_selling_never_lowers_costs_to_others(low: float, extra: float) -> None:
    # Holders that do not act, the US Treasury and US households pay more the more is sold;
    # so does the seller's exporters' line (its currency only strengthens further).
    _, a = _run(low)
    _, b = _run(low + extra)
    for name in (
        "other_holders.China, Mainland",
        "us_federal_interest_1y",
        "us_federal_interest_10y",
        "us_households_1y",
        "Japan.exporters_1y",
        "Japan.realised",
    ):
        assert np.all(b[name] >= a[name] - 1e-6 * (1 + np.abs(a[name]))), name


def test_a_chunk_equals_the_same_draws_in_a_bigger_batch() -> None:
    _, whole = _run(150.0)
    _, part = _run(150.0, params=PARAMS.slice(5, 12))
    # the paths are float32 and BLAS may sum them in a different order for a different batch
    # size (OpenBLAS 0.3.31 does): equal to float32 rounding (eps 1.2e-7), as in the engine's
    # chunk test, not bit for bit
    for name, values in part.items():
        np.testing.assert_allclose(values, whole[name][5:12], rtol=1e-6, atol=1e-9)


def test_usd_seller_has_no_fx_lines() -> None:
    sold = np.zeros((T, 3))
    sold[:5] = 10.0 * np.asarray(MIX)
    flows = Flows(sold, np.zeros((T, 3)), {}, np.zeros((T, 3)), 0.0)
    paths = simulate_market(flows, CTX, PARAMS)
    book = SellerBook("Cayman Islands", "USD", 400.0, MIX, sold, np.zeros(T), 0.0)
    led = ledger(paths, [book], {}, DEBT, PARAMS)
    assert not led["Cayman Islands.fx_translation"].any()
    assert not led["Cayman Islands.exporters_1y"].any()
    assert np.all(led["Cayman Islands.realised"] > 0)


def test_bad_books_are_rejected() -> None:
    paths, _ = _run(10.0)
    bad = SellerBook("Japan", "JPY", 100.0, (0.5, 0.5, 0.5), np.zeros((T, 3)), np.zeros(T))
    with pytest.raises(InputError, match="mix"):
        ledger(paths, [bad], {}, DEBT, PARAMS)
    short = SellerBook("Japan", "JPY", 100.0, MIX, np.zeros((T - 1, 3)), np.zeros(T))
    with pytest.raises(InputError, match="sold_usd_bn"):
        ledger(paths, [short], {}, DEBT, PARAMS)
    with pytest.raises(InputError, match="draws"):
        ledger(paths, [], {}, DEBT, PARAMS.slice(0, 3))

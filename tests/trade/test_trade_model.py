"""The partial-equilibrium trade model: calibration targets 8 and 9, identities, vectorisation.

Reference figures (literature.md section 3, calibration-targets.md targets 8-9):

* BOJ corporate goods price index: Japanese car export prices to North America -19.4% y/y in
  June 2025, volumes roughly flat, under 27.5% instead of 2.5% (cbtnews.com; Yomiuri
  2025-07-17). Tolerance 1.5 pp: the CGPI is a contract-currency index of list prices.
* 2018 tariffs: complete pass-through to duty-paid prices (Amiti, Redding & Weinstein 2019;
  Fajgelbaum et al. 2020: 2.6% -> 16.6% on USD 303bn of imports).
* Japan's first-year GDP cost (NRI, Daiwa): 24% reciprocal + 25% autos -> 0.7-1.3%;
  a 15% rate across the board -> 0.5-1.1%.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cardtable.errors import InputError, UnknownNameError
from cardtable.params import REGISTRY, ParamDraws
from cardtable.trade import (
    sector_flows,
    sector_response,
    tariffs_at,
    trade_effects,
    trade_totals,
)
from cardtable.trade._facts import TABLE_YEAR
from cardtable.trade._inputs import _prepare
from cardtable.trade._model import _phi_name, _value_added_and_gdp
from cardtable.trade._totals import _merge_alike

CENTRAL = REGISTRY.central()
RESULTS: dict[str, float] = {}

RECIPROCAL_24_AUTOS_25 = {  # MFN + 24%, autos MFN 2.5% + 25% (Section 232), April 2025
    "autos_and_parts": 27.5,
    "machinery_and_electronics": 1.5 + 24.0,
    "other": 1.5 + 24.0,
}


# --- target 8: incidence ----------------------------------------------------------------------


def test_target8_japanese_autos_2025_exporters_absorb() -> None:
    phi = REGISTRY["passthrough_share_autos"].value
    eps = REGISTRY["import_demand_elasticity_sr"].value
    r = sector_response(52.3, 2.5, 27.5, eps, phi)
    RESULTS["autos_export_price_pct"] = float(r.exporter_price_change_pct)
    assert float(r.exporter_price_change_pct) == pytest.approx(-19.4, abs=1.5)
    assert abs(float(r.duty_paid_price_change_pct)) < 2.0  # duty-paid price ~ unchanged
    assert abs(float(r.volume_change_pct)) < 2.0  # volumes roughly flat


def test_target8_2018_near_complete_pass_through() -> None:
    phi = REGISTRY["passthrough_share"].value
    eps = REGISTRY["import_demand_elasticity_sr"].value
    r = sector_response(303.0, 2.6, 16.6, eps, phi)
    tariff_rise_pct = 100 * (1.166 / 1.026 - 1)
    RESULTS["2018_duty_paid_share"] = float(r.duty_paid_price_change_pct) / tariff_rise_pct
    assert float(r.duty_paid_price_change_pct) >= 0.9 * tariff_rise_pct
    assert float(r.exporter_price_change_pct) > -2.0  # pre-tariff import prices ~ unchanged


def test_target8_one_parameter_range_reaches_both_episodes() -> None:
    # The implied incidence of each episode lies inside the registered range of its parameter.
    implied_autos = 1 - np.log(1 / 0.806) / np.log(1.275 / 1.025)
    autos, general = REGISTRY["passthrough_share_autos"], REGISTRY["passthrough_share"]
    assert autos.low <= implied_autos <= autos.high
    assert general.low <= 1.0 <= general.high
    # ... and the model run at each end of the combined range reproduces each episode.
    lo = sector_response(52.3, 2.5, 27.5, -0.76, autos.low)
    hi = sector_response(303.0, 2.6, 16.6, -0.76, general.high)
    assert float(lo.exporter_price_change_pct) == pytest.approx(-19.6, abs=0.1)
    assert float(hi.exporter_price_change_pct) == pytest.approx(0.0, abs=1e-12)


# --- target 9: Japan's first-year GDP cost ------------------------------------------------------


def test_target9_reciprocal_24_plus_autos_25() -> None:
    e = trade_effects("Japan", RECIPROCAL_24_AUTOS_25, CENTRAL)
    loss = -float(e.gdp_effect_pct[0])
    RESULTS["gdp_24_plus_autos_pct"] = loss
    assert 0.7 <= loss <= 1.3


def test_target9_fifteen_percent_across_the_board() -> None:
    e = trade_effects("Japan", 15.0, CENTRAL)
    loss = -float(e.gdp_effect_pct[0])
    RESULTS["gdp_15_pct"] = loss
    assert 0.5 <= loss <= 1.1


def test_target9_ordering_and_timeline_consistency() -> None:
    april = trade_effects("Japan", tariffs_at("Japan", "2025-05-03"), CENTRAL)
    deal = trade_effects("Japan", tariffs_at("Japan", "2025-09-16"), CENTRAL)
    worst = trade_effects("Japan", RECIPROCAL_24_AUTOS_25, CENTRAL)
    assert worst.gdp_effect_pct[0] < deal.gdp_effect_pct[0] < 0
    assert worst.gdp_effect_pct[0] < april.gdp_effect_pct[0] < 0


def test_report_calibration_figures(capsys: pytest.CaptureFixture[str]) -> None:
    test_target8_japanese_autos_2025_exporters_absorb()
    test_target8_2018_near_complete_pass_through()
    test_target9_reciprocal_24_plus_autos_25()
    test_target9_fifteen_percent_across_the_board()
    with capsys.disabled():
        print("\ntrade calibration:", {k: round(v, 3) for k, v in RESULTS.items()})


# --- identities and properties ------------------------------------------------------------------


def test_no_tariff_change_means_no_effect() -> None:
    base = tariffs_at("Japan", "2025-01-01")
    e = trade_effects("Japan", base, REGISTRY.draw(50, seed=3))
    for k in (
        "tariff_revenue_usd_bn",
        "buyer_cost_usd_bn",
        "export_revenue_loss_usd_bn",
        "profit_loss_usd_bn",
        "gdp_effect_pct",
    ):
        np.testing.assert_allclose(getattr(e, k), 0.0, atol=1e-12)


def test_revenue_loss_is_absorption_plus_volume_loss() -> None:
    r = sector_response(100.0, 0.0, 25.0, -0.9, 0.6)
    assert float(r.export_revenue_loss_usd_bn) == pytest.approx(
        float(r.absorption_usd_bn) + float(r.volume_loss_usd_bn)
    )
    # duty-paid = exporter price x tariff factor
    lhs = 1 + r.duty_paid_price_change_pct / 100
    rhs = (1 + r.exporter_price_change_pct / 100) * 1.25
    assert float(lhs) == pytest.approx(float(rhs))


@settings(max_examples=60, deadline=None)
@given(
    phi=st.floats(0.0, 0.99),
    eps=st.floats(-3.0, -0.1),
    t1=st.floats(0.0, 150.0),
)
def test_profit_loss_is_the_producer_surplus_of_the_implied_supply_curve(
    phi: float, eps: float, t1: float
) -> None:
    # eta = -eps phi / (1 - phi): integrate q(p) = p^eta from the new to the old price.
    r = sector_response(1.0, 0.0, t1, eps, phi)
    eta = -eps * phi / (1 - phi)
    p1 = 1 + float(r.exporter_price_change_pct) / 100
    grid = np.linspace(p1, 1.0, 20001)
    y = grid**eta
    numeric = float(np.sum((y[1:] + y[:-1]) / 2 * np.diff(grid)))
    assert float(r.profit_loss_usd_bn) == pytest.approx(numeric, rel=1e-6, abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**31 - 1))
def test_losses_never_fall_as_tariffs_rise(seed: int) -> None:
    params = REGISTRY.draw(20, seed=seed)
    grid = np.linspace(0.0, 100.0, 41)
    e = trade_effects("Japan", grid, params)
    for k in (
        "export_revenue_loss_usd_bn",
        "profit_loss_usd_bn",
        "value_added_loss_usd_bn",
        "gdp_loss_usd_bn",
        "buyer_cost_usd_bn",
    ):
        assert np.all(np.diff(getattr(e, k), axis=1) >= -1e-9), k


def test_grid_evaluation_matches_point_by_point_and_is_shaped_draws_by_grid() -> None:
    params = REGISTRY.draw(7, seed=11)
    grid = np.array([0.0, 10.0, 15.0, 25.0, 50.0])
    e = trade_effects("Japan", grid, params)
    assert e.gdp_effect_pct.shape == (7, 5)
    for j, level in enumerate(grid):
        point = trade_effects("Japan", float(level), params)
        np.testing.assert_allclose(e.gdp_effect_pct[:, j], point.gdp_effect_pct)
        np.testing.assert_allclose(e.tariff_revenue_usd_bn[:, j], point.tariff_revenue_usd_bn)
    frame = e.to_frame()
    assert frame.shape == (35, 7)
    assert trade_effects("Japan", 15.0, params).to_frame().shape == (7, 7)


def test_sector_grid_mapping_broadcasts() -> None:
    params = REGISTRY.draw(3, seed=2)
    grid = np.array([2.5, 15.0, 27.5])
    e = trade_effects("Japan", {"autos_and_parts": grid}, params)
    assert e.export_revenue_loss_usd_bn.shape == (3, 3)
    np.testing.assert_allclose(e.sectors["other"].export_revenue_loss_usd_bn, 0.0, atol=1e-12)


def test_long_run_volumes_fall_more_than_first_year() -> None:
    sr = trade_effects("Japan", 25.0, CENTRAL, horizon="first_year")
    lr = trade_effects("Japan", 25.0, CENTRAL, horizon="long_run")
    assert lr.sectors["other"].volume_change_pct[0] < sr.sectors["other"].volume_change_pct[0]


def test_china_needs_an_explicit_baseline() -> None:
    with pytest.raises(InputError, match="baseline"):
        trade_effects("China", 60.0, CENTRAL)
    base = dict.fromkeys(sector_flows("China"), 20.0)
    e = trade_effects("China, Mainland", 145.0, CENTRAL, baseline_tariffs_pct=base)
    assert e.holder == "China"
    assert float(e.gdp_effect_pct[0]) < 0


def test_bad_inputs() -> None:
    with pytest.raises(InputError):
        trade_effects("Japan", 15.0, CENTRAL, horizon="decade")  # type: ignore[arg-type]
    with pytest.raises(InputError):
        trade_effects("Japan", np.zeros((2, 2)), CENTRAL)
    with pytest.raises(InputError):
        sector_response(1.0, 0.0, 10.0, 0.5, 0.5)
    with pytest.raises(InputError):
        sector_response(1.0, 0.0, 10.0, -0.5, 1.5)


@settings(max_examples=200, deadline=None)
@given(
    v0=st.floats(1.0, 200.0),
    t0=st.floats(0.0, 30.0),
    dt=st.one_of(st.floats(-20.0, 60.0), st.floats(-1e-7, 1e-7)),
    eps=st.one_of(st.floats(-3.0, -0.05), st.floats(-1.0 - 1e-9, -1.0 + 1e-9)),
    phi=st.floats(0.0, 1.0),
)
def test_fast_arithmetic_equals_the_textbook_formulas(
    v0: float, t0: float, dt: float, eps: float, phi: float
) -> None:
    """The two-exponential, in-place arithmetic against the formulas of the module docstring."""
    t1 = max(t0 + dt, -50.0)
    r = sector_response(v0, t0, t1, eps, phi)
    a, b = t0 / 100, t1 / 100
    L = np.log1p(b) - np.log1p(a)
    rx, rd, rq = np.exp(-(1 - phi) * L), np.exp(phi * L), np.exp(eps * phi * L)
    k = 1 + eps
    buyer = v0 * (1 + a) * (phi * L if abs(k * phi * L) < 1e-300 else np.expm1(k * phi * L) / k)
    y = -(1 - phi) * L + eps * phi * L
    profit = v0 * (1 - phi) * L * (1.0 if y == 0 else np.expm1(y) / y)
    expected = {
        "tariff_revenue_usd_bn": b * v0 * rx * rq - a * v0,
        "absorption_usd_bn": v0 * rq * (1 - rx),
        "volume_loss_usd_bn": v0 * (1 - rq),
        "buyer_cost_usd_bn": buyer,
        "profit_loss_usd_bn": profit,
    }
    for name, value in expected.items():
        assert float(getattr(r, name)) == pytest.approx(value, rel=1e-9, abs=1e-12 * v0), name
    assert float(r.duty_paid_price_change_pct) == pytest.approx(100 * (rd - 1), abs=1e-10)


@pytest.mark.parametrize("tariffs", [np.linspace(0.0, 50.0, 41), 24.0, {"autos_and_parts": 27.5}])
def test_blocked_totals_equal_the_full_model(tariffs: object) -> None:
    params = REGISTRY.draw(5_000, seed=3)  # several blocks on the grid (BLOCK_CELLS / 41 draws)
    full = trade_effects("Japan", tariffs, params, horizon="long_run")  # type: ignore[arg-type]
    scale = np.linspace(0.5, 2.0, params.n)
    names = ("tariff_revenue_usd_bn", "profit_loss_usd_bn", "gdp_loss_usd_bn")
    lean = trade_totals("Japan", tariffs, params, names, horizon="long_run")  # type: ignore[arg-type]
    scaled = trade_totals(
        "Japan",
        tariffs,
        params,
        names,
        scale=scale,
        horizon="long_run",  # type: ignore[arg-type]
    )
    column = scale[:, None] if np.ndim(full.gdp_loss_usd_bn) == 2 else scale
    for name in names:
        # alike sectors are merged before the arithmetic: equal to float rounding
        np.testing.assert_allclose(lean[name], getattr(full, name), rtol=1e-13, err_msg=name)
        np.testing.assert_allclose(scaled[name], getattr(full, name) * column, rtol=1e-13)
    with pytest.raises(UnknownNameError, match="outputs"):
        trade_totals("Japan", 24.0, params, ["tariff_revenue"])  # type: ignore[list-item]


def test_grid_results_report_quantiles_per_tariff() -> None:
    grid = np.array([10.0, 25.0, 50.0])
    d = trade_effects("Japan", grid, REGISTRY.draw(300, seed=2)).to_dict()
    assert d["tariffs_pct"]["other"] == [10.0, 25.0, 50.0]
    revenue = d["tariff_revenue_usd_bn"]
    assert set(revenue) == {"p5", "p50", "p95"}
    assert all(len(v) == 3 for v in revenue.values())
    assert revenue["p50"][0] < revenue["p50"][1] < revenue["p50"][2]
    assert "over a tariff grid" in trade_effects("Japan", grid, REGISTRY.draw(5, seed=2)).summary()


def _draws_first_totals(
    tariffs: object, params: ParamDraws, outputs: tuple[str, ...], scale: np.ndarray
) -> dict[str, np.ndarray]:
    """Reference: sector_response on the merged sectors with the draws first, all at once."""
    _, flows, base, after, eps_name, g = _prepare("Japan", tariffs, None, TABLE_YEAR, "long_run")  # type: ignore[arg-type]
    merged = _merge_alike(flows, base, after)

    def col(name: str) -> np.ndarray:
        return params[name][:, None] if g else params[name]

    rs = [
        sector_response(v, base[s], after[s], col(eps_name), col(_phi_name(s)))
        for s, v in merged.items()
    ]
    shape = (params.n, g) if g else (params.n,)
    part = {}
    for key in (
        "tariff_revenue_usd_bn",
        "profit_loss_usd_bn",
        "absorption_usd_bn",
        "volume_loss_usd_bn",
    ):
        part[key] = np.zeros(shape)
        for r in rs:
            part[key] += getattr(r, key)
    _, part["gdp_loss_usd_bn"] = _value_added_and_gdp(
        part["absorption_usd_bn"],
        part["volume_loss_usd_bn"],
        col("export_va_share"),
        col("gdp_indirect_multiplier"),
    )
    column = scale[:, None] if g else scale
    return {o: np.zeros(shape) + part[o] * column for o in outputs}


@pytest.mark.parametrize(
    "tariffs",
    [
        np.linspace(0.0, 50.0, 41),
        24.0,
        {"autos_and_parts": 27.5},
        {"autos_and_parts": np.linspace(2.5, 30.0, 12), "other": np.linspace(15.0, 30.0, 12)},
    ],
)
def test_blocked_totals_are_bit_identical_to_the_draws_first_arithmetic(tariffs: object) -> None:
    # the totals compute blocks with the draws on the last axis and skip unasked outputs:
    # element by element the same operations as sector_response, so the same bits
    params = REGISTRY.draw(2_345, seed=5)  # several blocks, the last one short
    scale = np.linspace(0.5, 2.0, params.n)
    names = ("tariff_revenue_usd_bn", "profit_loss_usd_bn", "gdp_loss_usd_bn")
    for outputs in (names, names[::2]):
        got = trade_totals("Japan", tariffs, params, outputs, scale=scale, horizon="long_run")  # type: ignore[arg-type]
        expected = _draws_first_totals(tariffs, params, outputs, scale)
        for o in outputs:
            assert np.array_equal(got[o], expected[o]), o

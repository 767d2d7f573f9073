"""The pipeline (scenario -> schedule -> market -> ledger -> result) and `cardtable simulate`."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cardtable.cli import main
from cardtable.engine import run, run_costs, simulate
from cardtable.errors import InputError, ScenarioError, UnknownNameError
from cardtable.params import REGISTRY, Draws
from cardtable.scenarios import load_scenario, parse_scenario, plan

REQUIRED_COSTS = {
    "seller_total",
    "seller_mark_to_market",
    "seller_fx_translation",
    "us_federal_interest_1y",
    "us_federal_interest_10y",
    "us_households_1y",
    "seller_exporters_1y",
}


def _sale(amount: float, converted: float = 1.0, holder: str = "Japan") -> str:
    return f"""
name = "t"
as_of = "2025-03"
horizon_days = 120
[[actors]]
holder = "{holder}"
[actors.sell]
amount_usd_bn = {amount}
days = 60
converted_share = {converted}
"""


def test_same_seed_same_result_and_other_seed_differs() -> None:
    a = simulate("japan-fire-sale", draws=300, seed=11)
    b = simulate("japan-fire-sale", draws=300, seed=11)
    c = simulate("japan-fire-sale", draws=300, seed=12)
    np.testing.assert_array_equal(a.yields_bp, b.yields_bp)
    np.testing.assert_array_equal(a.costs_usd_bn["seller_total"], b.costs_usd_bn["seller_total"])
    assert not np.array_equal(a.yields_bp, c.yields_bp)


def test_results_do_not_depend_on_chunk_size() -> None:
    p = plan(load_scenario("japan-china-coordinated"))
    params = Draws.make(REGISTRY, 257, 5, "default")
    small = run(p, params, chunk_draws=16)
    big = run(p, params, chunk_draws=1000)
    np.testing.assert_array_equal(small.yields_bp, big.yields_bp)
    np.testing.assert_array_equal(small.usdjpy_pct, big.usdjpy_pct)
    # ledger sums of float32 paths go through BLAS, whose summation order may differ with the
    # batch shape: equal to float32 rounding (eps 1.2e-7), not bit for bit
    for line, values in big.costs_usd_bn.items():
        np.testing.assert_allclose(small.costs_usd_bn[line], values, rtol=1e-6, err_msg=line)


def test_costs_without_paths_are_the_same_ledger() -> None:
    p = plan(load_scenario("japan-fire-sale"))
    params = Draws.make(REGISTRY, 300, 9, "default")
    full = run(p, params, chunk_draws=128).costs_usd_bn
    lean = run_costs(p, params, chunk_draws=128)  # one reused 128-draw buffer
    assert set(lean) == set(full)
    for line, values in full.items():
        np.testing.assert_array_equal(lean[line], values, err_msg=line)
    assert float(np.median(lean["us_federal_interest_1y"])) > 0.0
    with pytest.raises(InputError, match="chunk_draws"):
        run_costs(p, params, chunk_draws=0)


def test_zero_sale_moves_nothing() -> None:
    r = simulate(parse_scenario(_sale(0.0)), draws=50, seed=1)
    assert np.abs(r.yields_bp).max() == 0
    assert np.abs(r.usdjpy_pct).max() == 0
    for line, values in r.costs_usd_bn.items():
        assert np.abs(values).max() == pytest.approx(0, abs=1e-9), line


@settings(max_examples=15, deadline=None)
@given(
    a=st.floats(0.0, 500.0),
    extra=st.floats(1.0, 500.0),
    converted=st.sampled_from([0.0, 0.5, 1.0]),
)
def test_more_selling_never_lowers_yields_or_costs(
    a: float, extra: float, converted: float
) -> None:
    lo = simulate(parse_scenario(_sale(a, converted)), draws=40, seed=3)
    hi = simulate(parse_scenario(_sale(a + extra, converted)), draws=40, seed=3)
    assert (hi.yields_bp >= lo.yields_bp - 1e-4).all()
    for line in ("seller_total", "us_federal_interest_10y", "us_households_1y"):
        assert (hi.costs_usd_bn[line] >= lo.costs_usd_bn[line] - 1e-6).all(), line
    assert (hi.usdjpy_pct <= lo.usdjpy_pct + 1e-4).all()


def test_every_named_calibration_runs_and_moves_yields_up() -> None:
    for cal in REGISTRY.calibrations:
        r = simulate("japan-fire-sale", draws=1, calibration=cal)
        assert r.yield_peak_bp()[0, 2] > 0, cal


def test_stop_buying_is_smaller_than_selling_the_same_amount() -> None:
    sell = simulate(
        parse_scenario(_sale(120.0, 0.0).replace("horizon_days = 120", "horizon_days = 300")),
        draws=1,
    )
    stop = simulate(
        parse_scenario(
            "name='s'\nas_of='2025-03'\nhorizon_days=300\n[[actors]]\nholder='Japan'\n"
            "[actors.stop_buying]\nusd_bn_per_month=40\nmonths=3\n"
        ),
        draws=1,
    )
    assert 0 < stop.yield_peak_bp()[0, 2] < sell.yield_peak_bp()[0, 2]


def test_announcement_without_sale_has_no_seller_sale_loss() -> None:
    r = simulate("kato-2025", draws=200, seed=1)
    assert r.yield_peak_bp()[:, 2].min() > 0  # the premium moves yields
    assert np.abs(r.costs_usd_bn["seller_realised"]).max() == 0  # nothing was sold
    fire = simulate("japan-fire-sale", draws=200, seed=1)
    assert np.median(r.yield_peak_bp()[:, 2]) < np.median(fire.yield_peak_bp()[:, 2])


def test_sale_above_holdings_names_holder_amount_and_holdings() -> None:
    with pytest.raises(ScenarioError) as info:
        plan(parse_scenario(_sale(2000.0), "big.toml"))
    msg = str(info.value)
    assert "actors[0].sell.amount_usd_bn: 2000.0" in msg
    assert "Japan held 1,130.8 USD bn at 2025-03" in msg


def test_unknown_holder_suggests() -> None:
    with pytest.raises(UnknownNameError, match="did you mean 'Japan'"):
        plan(parse_scenario(_sale(10.0, holder="Japn")))


def test_as_of_outside_data_lists_months() -> None:
    with pytest.raises(ScenarioError, match=r"as_of: '1999-01'"):
        plan(parse_scenario(_sale(10.0).replace("2025-03", "1999-01")))


def test_cli_json_schema(empty_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", "japan-fire-sale", "--draws", "500", "--seed", "4", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert {"scenario", "as_of", "draws", "seed", "calibration"} <= set(payload)
    assert payload["draws"] == 500
    assert payload["seed"] == 4
    for tenor in ("2y", "5y", "10y", "30y"):
        for key in ("peak", "end"):
            q = payload["yields_bp"][tenor][key]
            assert q["p5"] <= q["p50"] <= q["p95"]
    assert set(payload["usdjpy_pct"]) == {"peak", "end"}
    assert payload["usdjpy_pct"]["end"]["p50"] < 0  # proceeds converted: a stronger yen
    assert set(payload["costs_usd_bn"]) >= REQUIRED_COSTS


def test_cli_out_writes_files_atomically(
    empty_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "run"
    assert main(["simulate", "kato-2025", "--draws", "100", "--out", str(out)]) == 0
    names = {p.name for p in out.iterdir()}
    assert {"result.json", "draws.parquet", "paths.parquet", "report.html"} <= names
    assert not [n for n in names if n.endswith(".tmp")]
    import pandas as pd

    draws = pd.read_parquet(out / "draws.parquet")
    assert len(draws) == 100
    assert "cost_seller_total_usd_bn" in draws.columns
    assert (out / "report.html").read_text().startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["simulate", "japan-firesale"], "did you mean 'japan-fire-sale'"),
        (["simulate", "japan-fire-sale", "--draws", "0"], "--draws: 0 is not allowed"),
        (["simulate", "japan-fire-sale", "--seed", "-1"], "--seed: -1 is not allowed"),
        (["simulate", "japan-fire-sale", "--calibration", "beltran"], "did you mean"),
        (["simulate", "missing.toml"], "no such file"),
    ],
)
def test_cli_bad_input(
    empty_home: Path, capsys: pytest.CaptureFixture[str], args: list[str], needle: str
) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert err.count("\n") == 1
    assert needle in err


def test_cli_bad_scenario_file(
    empty_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "bad.toml"
    f.write_text(_sale(5000.0))
    assert main(["simulate", str(f)]) == 2
    err = capsys.readouterr().err
    assert "bad.toml: actors[0].sell.amount_usd_bn: 5000.0 is not allowed; Japan held" in err

"""`cardtable negotiate` and `cardtable coalition`: engine-fed payoffs, schemas and errors."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from cardtable.cli import main
from cardtable.engine import run, run_costs
from cardtable.errors import InputError
from cardtable.game import (
    brute_force_shapley,
    coalition_weight_profile,
    holder_weights,
    shapley_from_profile,
    shapley_weighted,
)
from cardtable.leverage import PlanCosts, coalition, negotiate
from cardtable.params import REGISTRY, Draws
from cardtable.scenarios import load_scenario, plan

Q = {"p5", "p50", "p95"}


def _is_q(x: object) -> bool:
    return isinstance(x, dict) and set(x) == Q


def test_negotiate_json_schema(empty_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["negotiate", "kato-2025", "--draws", "400", "--seed", "2", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["scenario"] == "kato-2025"
    assert d["draws"] == 400
    assert 0.0 <= d["credible_probability"] <= 1.0
    assert _is_q(d["credibility_margin_usd_bn"])
    assert _is_q(d["card_value_usd_bn"])
    assert _is_q(d["deal"]["tariff_pct"])
    assert _is_q(d["deal"]["transfer_usd_bn"])
    assert _is_q(d["payoffs_usd_bn"]["holder"])
    assert _is_q(d["payoffs_usd_bn"]["us"])


def test_china_negotiation_runs(empty_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["negotiate", "china-tariff-war-2025", "--draws", "200", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["holder"] == "China, Mainland"


def test_the_us_chooses_its_threat_from_the_scenario_menu(
    empty_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["negotiate", "china-tariff-war-2025", "--draws", "400", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    chosen = {k: v["chosen_probability"] for k, v in d["us_threats"].items()}
    assert set(chosen) == {"threat", "reciprocal_54"}
    assert sum(chosen.values()) == pytest.approx(1.0, abs=1e-3)
    # Nash (1953): the US's optimal threat is worth at least any fixed one of its threats
    sc = load_scenario("china-tariff-war-2025")
    fixed = sc.model_copy(
        update={"negotiation": sc.negotiation.model_copy(update={"us_threats": {}})}  # type: ignore[union-attr]
    )
    menu = negotiate(sc, draws=400, seed=5).negotiation
    only = negotiate(fixed, draws=400, seed=5).negotiation
    assert np.all(menu.us_payoff_usd_bn >= only.us_payoff_usd_bn - 1e-6)


def test_bad_us_threat_menu_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = Path(__file__).parents[2] / "src" / "cardtable" / "scenarios" / "builtin"
    toml = (src / "kato-2025.toml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text(toml.replace("autos_only = { autos_and_parts", "autos_only = { cars"))
    # refused when the scenario is loaded, so by every command alike (not after the engine ran)
    for command in (["negotiate", str(bad), "--draws", "50"], ["simulate", str(bad)]):
        assert main(command) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1
        assert "negotiation: us_threats.autos_only: unknown sector 'cars'" in err


def test_credibility_margin_is_the_engine_cost_difference() -> None:
    """Margin of executing the sale = -(seller's cost of the sale) under the US tariff threat:
    the sale changes no trade term, so the margin is exactly minus the engine's seller cost."""
    res = negotiate("japan-fire-sale", draws=300, seed=9)
    n = res.negotiation
    i = n.holder_threats.index("sell_300")
    sc = load_scenario("japan-fire-sale")
    p = plan(sc)
    draws = Draws.make(REGISTRY, 300, 9, "default")
    costs = PlanCosts.from_ledger(run(p.executed(), draws).costs_usd_bn, "Japan")
    np.testing.assert_allclose(
        n.credibility.margin_usd_bn[:, i], -costs.holder_pv(draws.params), rtol=1e-6
    )
    assert (costs.us_pv(draws.params) > 0).all()


def test_coalition_shapley_is_efficient_and_matches_brute_force_for_three() -> None:
    res = coalition("2025-03", ["japan", "china", "uk"])
    assert res.shapley_usd_bn.sum() == pytest.approx(res.value_grand_coalition_usd_bn, rel=1e-9)
    # rebuild g from the result's own grid and check exactness against enumeration
    _, units = holder_weights(dict(zip(res.countries, res.holdings_usd_bn, strict=True)))
    total = int(units.sum())
    g = np.interp(
        np.arange(total + 1) / 10.0, res.grid_sales_usd_bn / res.sale_share, res.grid_value_usd_bn
    )
    g[0] = 0.0
    np.testing.assert_allclose(brute_force_shapley(units, g), shapley_weighted(units, g), rtol=1e-9)
    np.testing.assert_allclose(shapley_weighted(units, g), res.shapley_usd_bn, rtol=1e-9)


def test_coalition_hat_shapley_values_match_the_profile_path() -> None:
    # every holder at 2025-12 (W = 85,605 units, 65 non-integer knots): the values from the
    # hat functions equal the dense interpolated g solved through the (n, W+1) profile
    res = coalition("2025-12")
    _, units = holder_weights(dict(zip(res.countries, res.holdings_usd_bn, strict=True)))
    total = int(units.sum())
    g = np.interp(
        np.arange(total + 1) / 10.0, res.grid_sales_usd_bn / res.sale_share, res.grid_value_usd_bn
    )
    g[0] = 0.0
    old = shapley_from_profile(units, coalition_weight_profile(units), g)
    np.testing.assert_allclose(res.shapley_usd_bn, old, rtol=1e-10)


def test_coalition_all_holders_json(empty_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["coalition", "--as-of", "2025-03", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["as_of"] == "2025-03"
    from cardtable import data

    # every country TIC lists at that month is a player (36 at 2025-03; aggregates are not)
    assert len(d["shapley"]) == len(data.holdings_at("2025-03").table)
    names = {r["country"] for r in d["shapley"]}
    assert not any(n.startswith(("Grand Total", "All Other", "Of which")) for n in names)
    total = sum(r["value_usd_bn"] for r in d["shapley"])
    assert total == pytest.approx(d["value_grand_coalition_usd_bn"], rel=1e-4)
    values = [r["value_usd_bn"] for r in d["shapley"]]
    assert values == sorted(values, reverse=True)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["negotiate", "japan-stops-buying"], "add a [negotiation] table"),
        (["negotiate", "kato-2025", "--draws", "0"], "--draws: 0 is not allowed"),
        (["coalition", "--holders", "japan,narnia"], "did you mean"),
        (["coalition", "--as-of", "2025-3"], "--as-of: '2025-3' is not allowed"),
        (["coalition", "--sale-share", "1.5"], "--sale-share: 1.5 is not allowed"),
    ],
)
def test_bad_input(
    empty_home: Path, capsys: pytest.CaptureFixture[str], args: list[str], needle: str
) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert err.count("\n") == 1
    assert needle in err


def test_registry_has_game_and_trade_parameters() -> None:
    groups = set(REGISTRY.to_frame()["group"])
    assert {"market", "costs", "trade", "game"} <= groups


def test_plan_costs_on_a_shorter_interest_horizon_are_the_full_ledgers() -> None:
    """The negotiation runs the ledger's interest lines to 10 years (its horizon is at most 8):
    the US and holder costs are those of the 30-year ledger, and a horizon past the lines is
    refused in one line."""
    p = plan(load_scenario("kato-2025"))
    d = Draws.make(REGISTRY, 400, 3, "default")
    years = PlanCosts.interest_years_for(d.params)
    assert years == 10  # negotiation_horizon_years is drawn in [1, 8]
    full = PlanCosts.from_ledger(run_costs(p.executed(), d), "Japan")
    short = PlanCosts.from_ledger(run_costs(p.executed(), d, interest_years=years), "Japan")
    assert short.horizon_years == 10.0
    assert full.horizon_years == 30.0
    np.testing.assert_allclose(short.us_pv(d.params), full.us_pv(d.params), rtol=1e-12, atol=0)
    assert np.array_equal(short.holder_pv(d.params), full.holder_pv(d.params))
    one = PlanCosts.from_ledger(run_costs(p.executed(), d, interest_years=1), "Japan")
    with pytest.raises(InputError, match=r"^negotiation_horizon_years: .* at most 1 years"):
        one.us_pv(d.params)

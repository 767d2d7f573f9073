"""Overrides (--set NAME=VALUE, a scenario's [params] table): checked like the file, range-checked
against the registry, recorded in the result."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import cardtable
from cardtable.cli import main
from cardtable.errors import CardtableWarning, InputError, ScenarioError
from cardtable.params import REGISTRY
from cardtable.scenarios import load_scenario, parse_assignment, with_overrides


def test_parse_assignment_reads_toml_values() -> None:
    assert parse_assignment("actors[0].sell.amount_usd_bn=500") == (
        "actors[0].sell.amount_usd_bn",
        500,
    )
    assert parse_assignment("backstop.enabled = true") == ("backstop.enabled", True)
    assert parse_assignment("state=stressed") == ("state", "stressed")
    with pytest.raises(InputError, match="NAME=VALUE"):
        parse_assignment("horizon_days")


def test_field_override_equals_the_same_value_written_in_the_file() -> None:
    sc = load_scenario("japan-fire-sale")
    set_ = with_overrides(sc, {"actors[0].sell.amount_usd_bn": 150.0})
    data = sc.model_dump()
    data["actors"][0]["sell"]["amount_usd_bn"] = 150.0
    assert set_ == cardtable.scenarios.scenario_from_dict(data)
    a = cardtable.simulate(set_, draws=50, seed=3)
    b = cardtable.simulate(sc, draws=50, seed=3, overrides={"actors[0].sell.amount_usd_bn": 150})
    np.testing.assert_array_equal(a.yields_bp, b.yields_bp)
    assert "actors[0].sell.amount_usd_bn = 150" in b.sources["scenario fields set by the user"]


def test_bad_overrides_are_checked_like_the_file() -> None:
    sc = load_scenario("japan-fire-sale")
    with pytest.raises(ScenarioError, match="days"):
        with_overrides(sc, {"actors[0].sell.days": "60"})  # no coercion
    with pytest.raises(InputError, match="did you mean"):
        with_overrides(sc, {"impact_sr_bp": 50})
    with pytest.raises(InputError, match="index below 1"):
        with_overrides(sc, {"actors[3].sell.days": 5})


def test_parameter_override_is_fixed_in_every_draw_and_recorded() -> None:
    name = "flow_impact_bp_per_100bn"
    r = cardtable.simulate("japan-fire-sale", draws=40, seed=1, overrides={name: 50.0})
    assert np.all(r.params[name] == 50.0)
    assert r.sources["parameters set by the user"] == f"{name} = 50"
    higher = cardtable.simulate("japan-fire-sale", draws=40, seed=1, overrides={name: 70.0})
    assert np.all(higher.yield_peak_bp() >= r.yield_peak_bp())


def test_outside_the_plausible_range_warns_or_is_refused_with_strict() -> None:
    p = REGISTRY["flow_impact_bp_per_100bn"]
    with pytest.warns(CardtableWarning, match="outside the plausible range"):
        cardtable.simulate("kato-2025", draws=5, overrides={p.name: p.high * 1.5})
    with pytest.raises(InputError, match="--strict"):
        cardtable.simulate("kato-2025", draws=5, overrides={p.name: p.high * 1.5}, strict=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cardtable.simulate("kato-2025", draws=5, overrides={p.name: p.low})  # in range: silent


def test_params_table_in_a_scenario_file() -> None:
    text = """
name = "t"
as_of = "2025-03"
[params]
flow_impact_bp_per_100bn = 45.0
[[actors]]
holder = "Japan"
[actors.sell]
amount_usd_bn = 100.0
"""
    sc = cardtable.parse_scenario(text, "t.toml")
    r = cardtable.simulate(sc, draws=10, seed=1)
    assert np.all(r.params["flow_impact_bp_per_100bn"] == 45.0)
    with pytest.raises(ScenarioError, match="did you mean"):
        cardtable.parse_scenario(text.replace("flow_impact_bp_per_100bn", "impact_sr"), "t.toml")


def test_cli_set_and_strict(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["simulate", "kato-2025", "--draws", "5", "--set", "flow_impact_bp_per_100bn=500"]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert err.startswith("warning: params.flow_impact_bp_per_100bn: 500")
    assert err.count("\n") == 1
    assert main([*args, "--strict"]) == 2
    assert "--strict" in capsys.readouterr().err

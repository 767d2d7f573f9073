"""Draws are checked in one place (cardtable.params.check_draws / check_seed) for every entry
point: the library verbs, scenario files and the CLI give the same rule."""

from __future__ import annotations

import numpy as np
import pytest

import cardtable
from cardtable.cli import main
from cardtable.errors import InputError, ScenarioError
from cardtable.params import MAX_DRAWS, REGISTRY, Draws, check_draws, check_seed


@pytest.mark.parametrize("bad", [0, -1, MAX_DRAWS + 1, 10**20, True, 2.5, "10"])
def test_check_draws_refuses_with_one_rule(bad: object) -> None:
    with pytest.raises(InputError, match=r"^draws: "):
        check_draws(bad)


def test_memory_estimate_names_the_largest_run_that_fits() -> None:
    with pytest.raises(InputError) as info:
        check_draws(1_000_000, path_days=2520)
    text = str(info.value)
    assert "GiB" in text
    assert "at most" in text
    fits = int(text.split("at most ")[1].split(" draws")[0].replace(",", ""))
    check_draws(fits, path_days=2520)  # the figure in the message is accepted
    with pytest.raises(InputError):
        check_draws(fits + 1, path_days=2520)


@pytest.mark.parametrize("bad", [-1, 2**63, False, 1.0])
def test_check_seed(bad: object) -> None:
    with pytest.raises(InputError, match=r"^seed: "):
        check_seed(bad)


def test_draws_carry_seed_and_resolved_calibration() -> None:
    d = Draws.make(REGISTRY, 50, 3, "beltran-2013")
    assert (d.n, d.seed, d.calibration.name) == (50, 3, "beltran-2013")
    assert d.calibration is REGISTRY.calibration("beltran-2013")
    again = Draws.make(REGISTRY, 50, 3, "beltran-2013")
    for name in d.params:
        np.testing.assert_array_equal(d.params[name], again.params[name])
    one = Draws.make(REGISTRY, 1, 3, "default")
    assert one.params["flow_impact_bp_per_100bn"][0] == REGISTRY["flow_impact_bp_per_100bn"].value


@pytest.mark.parametrize(
    "call",
    [
        lambda: cardtable.simulate("japan-fire-sale", draws=MAX_DRAWS + 1),
        lambda: cardtable.simulate("japan-fire-sale", draws=1_500_000),  # memory, not the cap
        lambda: cardtable.negotiate("kato-2025", draws=0),
        lambda: cardtable.coalition("2025-03", draws=-5),
    ],
)
def test_every_library_entry_point_applies_the_draws_rule(call: object) -> None:
    with pytest.raises(InputError, match=r"^draws: "):
        call()  # type: ignore[operator]


def test_seed_rule_is_the_same_for_negotiate_and_simulate() -> None:
    for verb in (cardtable.simulate, cardtable.negotiate):
        with pytest.raises(InputError, match=r"^seed: -1 is not allowed"):
            verb("kato-2025", draws=10, seed=-1)


def test_empty_calibration_is_refused_not_defaulted() -> None:
    with pytest.raises(InputError, match="calibration"):
        cardtable.simulate("kato-2025", draws=10, calibration="")


def test_scenario_files_apply_the_same_rules() -> None:
    text = cardtable.load_scenario("kato-2025").model_dump()
    with pytest.raises(ScenarioError, match="draws"):
        cardtable.scenarios.scenario_from_dict({**text, "draws": MAX_DRAWS + 1})
    with pytest.raises(ScenarioError, match="seed"):
        cardtable.scenarios.scenario_from_dict({**text, "seed": -3})
    with pytest.raises(ScenarioError, match="calibration"):
        cardtable.scenarios.scenario_from_dict({**text, "calibration": "bogus"})


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["simulate", "kato-2025", "--draws", "99999999999999999999"], "--draws: "),
        (["simulate", "kato-2025", "--draws", "2000001"], "--draws: 2000001 is not allowed"),
        # the paths are kept for files only (the text and JSON need the per-draw summaries)
        (["simulate", "japan-fire-sale", "--draws", "1500000", "--out", "never-written"], "GiB"),
        (["negotiate", "kato-2025", "--seed", "-1"], "--seed: -1 is not allowed"),
        (["coalition", "--draws", "0"], "--draws: 0 is not allowed"),
        (["trade", "japan", "--draws", "0"], "--draws: 0 is not allowed"),
        (["simulate", "kato-2025", "--calibration", ""], "--calibration"),
        (["simulate", "kato-2025", "--draws", "ten"], "'ten' is not a valid integer"),
    ],
)
def test_cli_maps_library_names_to_flags_in_one_line(
    args: list[str], needle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert err.count("\n") == 1
    assert needle in err

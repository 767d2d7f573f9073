"""One market state: ``state = 'stressed'`` and the ``stressed`` calibration do not stack."""

from __future__ import annotations

import pytest

from cardtable import simulate
from cardtable.errors import InputError, ScenarioError
from cardtable.scenarios import market_state_conflict, parse_scenario

BASE = """
name = "t"
as_of = "2025-03"
state = "{state}"
calibration = "{calibration}"
[[actors]]
holder = "Japan"
[actors.stop_buying]
usd_bn_per_month = 10
months = 2
"""


def test_stressed_state_with_stressed_calibration_is_an_error_naming_both() -> None:
    with pytest.raises(ScenarioError) as err:
        parse_scenario(BASE.format(state="stressed", calibration="stressed"), origin="s.toml")
    text = str(err.value)
    assert "state = 'stressed'" in text
    assert "calibration = 'stressed'" in text


@pytest.mark.parametrize(
    ("state", "calibration"),
    [("normal", "stressed"), ("stressed", "default"), ("normal", "default")],
)
def test_one_stressed_knob_is_allowed(state: str, calibration: str) -> None:
    assert market_state_conflict(state, calibration) is None
    parse_scenario(BASE.format(state=state, calibration=calibration))


def test_a_calibration_override_cannot_stack_either() -> None:
    sc = parse_scenario(BASE.format(state="stressed", calibration="default"))
    with pytest.raises(InputError, match=r"^calibration: 'stressed' .*state = 'stressed'"):
        simulate(sc, draws=1, calibration="stressed")

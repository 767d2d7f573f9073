"""Regressions found by the hardening fuzzers: text fields, unknown parameters, and a threat
that sells nothing under an implied probability are refused when the scenario is loaded."""

from __future__ import annotations

from typing import Any

import pytest

from cardtable.errors import InputError, ScenarioError
from cardtable.scenarios import load_scenario, scenario_from_dict
from cardtable.scenarios._text import check_label


def _doc(name: str = "kato-2025") -> dict[str, Any]:
    return load_scenario(name).model_dump(mode="json", exclude_none=True)


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        (("name",), "a\x07b", "name"),
        (("name",), "a\nb", "name"),
        (("name",), "   ", "name"),
        (("name",), "evil\u202etxt", "name"),
        (("description",), "x\x00y", "description"),
        (("description",), "x\x1b[2Jy", "description"),
        (("description",), "x\u202ey", "description"),
        (("actors", 0, "holder"), "Japan\x7f", "actors[0].holder"),
        (("actors", 0, "holder"), "Japan\x85", "actors[0].holder"),
    ],
)
def test_control_characters_are_refused(path: tuple[Any, ...], value: str, field: str) -> None:
    doc = _doc()
    node: Any = doc
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    with pytest.raises(ScenarioError) as err:
        scenario_from_dict(doc)
    message = str(err.value)
    assert f"{field}: " in message
    assert message.isprintable()


def test_keys_and_notes_with_control_characters_are_refused() -> None:
    doc = _doc()
    doc["negotiation"]["us_threats"]["a\x00"] = 10.0
    with pytest.raises(ScenarioError, match="us_threats"):
        scenario_from_dict(doc)
    doc = _doc()
    doc["notes"] = ["fine", "not\x1bfine"]
    with pytest.raises(ScenarioError, match=r"notes\[1\]"):
        scenario_from_dict(doc)


def test_free_text_keeps_line_breaks_and_unicode() -> None:
    doc = _doc()
    doc["description"] = "Line one,\n\tline two: 東京 — ok.\r\n"
    doc["name"] = "kato (東京) 2025"
    sc = scenario_from_dict(doc)
    assert sc.description.startswith("Line one")


def test_unknown_parameter_is_named() -> None:
    doc = _doc()
    doc["params"] = {"flow_impact_bp_per_100b": 50.0}
    with pytest.raises(ScenarioError) as err:
        scenario_from_dict(doc)
    assert "params: 'flow_impact_bp_per_100b' is not allowed" in str(err.value)
    assert "flow_impact_bp_per_100bn" in str(err.value)  # the close name is suggested


def test_implied_probability_needs_a_threat_that_sells() -> None:
    doc = _doc("kato-2025")  # probability = "implied"
    doc["actors"][0]["announce"]["amount_usd_bn"] = 0.0
    with pytest.raises(ScenarioError, match=r"actors\[0\]\.announce\.amount_usd_bn"):
        scenario_from_dict(doc)
    doc["actors"][0]["announce"]["amount_usd_bn"] = 0.5
    assert scenario_from_dict(doc).actors[0].announce is not None


def test_check_label() -> None:
    assert check_label("--country", "Korea, South") == "Korea, South"
    with pytest.raises(InputError, match="--country: 'japan\\\\x1b' is not allowed"):
        check_label("--country", "japan\x1b")
    with pytest.raises(InputError, match="at most 80 characters"):
        check_label("--country", "j" * 81)

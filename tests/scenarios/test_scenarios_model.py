"""Scenario validation that needs no data: fields, ranges, unknown fields, built-ins."""

from __future__ import annotations

import pytest

from cardtable.errors import ScenarioError, UnknownNameError
from cardtable.scenarios import builtin_names, load_scenario, parse_scenario, scenario_from_dict

BASE = """
name = "t"
as_of = "2025-03"
horizon_days = 100
[[actors]]
holder = "Japan"
[actors.sell]
amount_usd_bn = 100
days = 60
"""


def test_all_builtins_parse() -> None:
    names = builtin_names()
    for required in (
        "kato-2025",
        "japan-fire-sale",
        "japan-china-coordinated",
        "japan-stops-buying",
        "intervention-2022",
        "intervention-2024",
    ):
        assert required in names
    for n in names:
        sc = load_scenario(n)
        assert sc.name == n
        assert sc.description


def test_valid_scenario_is_immutable() -> None:
    sc = parse_scenario(BASE)
    assert sc.actors[0].action == "sell"
    with pytest.raises(Exception):  # noqa: B017, PT011 - pydantic raises its own error type
        sc.name = "other"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            ("horizon_days = 100", "horizon_days = 100\nbogus = 1"),
            "bogus: 1 is not allowed; unknown field",
        ),
        (
            ('as_of = "2025-03"', 'as_of = "2025-3"'),
            "as_of: '2025-3' is not allowed; must be a month",
        ),
        (("days = 60", "days = 0"), "actors[0].sell.days: 0 is not allowed"),
        (("horizon_days = 100", "horizon_days = 30"), "horizon_days=30 is shorter than"),
        (
            ("amount_usd_bn = 100", "amount_usd_bn = 100\nshare_of_holdings = 0.5"),
            "give exactly one of amount_usd_bn or share_of_holdings",
        ),
        (("amount_usd_bn = 100", "share_of_holdings = 1.5"), "share_of_holdings: 1.5"),
        (("amount_usd_bn = 100", "amount_usd_bn = -5"), "amount_usd_bn: -5"),
        (("[actors.sell]", "[actors.hold]"), "actors[0].hold"),
        (('name = "t"', ""), "name: required field is missing"),
    ],
)
def test_bad_fields_get_one_line_naming_field_value_and_rule(
    edit: tuple[str, str], message: str
) -> None:
    text = BASE.replace(*edit)
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "bad.toml")
    text_ = str(info.value)
    assert "\n" not in text_
    assert text_.startswith("bad.toml")
    assert message in text_


def test_explicit_schedule_must_fit_its_days() -> None:
    text = BASE.replace("days = 60", "days = 5\nschedule = [{day = 7, usd_bn = 1.0}]").replace(
        "amount_usd_bn = 100\n", ""
    )
    with pytest.raises(ScenarioError, match="tranche on day 7 is outside days=5"):
        parse_scenario(text)


def test_maturity_mix_must_sum_to_one() -> None:
    text = BASE.replace(
        "days = 60", "days = 60\nmaturity_mix = {bills = 0.5, notes = 0.2, bonds = 0.2}"
    )
    with pytest.raises(ScenarioError, match="must sum to 1"):
        parse_scenario(text)


def test_unknown_builtin_suggests() -> None:
    with pytest.raises(UnknownNameError, match="did you mean 'japan-fire-sale'"):
        load_scenario("japan-firesale")


def test_invalid_toml_is_one_line() -> None:
    with pytest.raises(ScenarioError, match="not valid TOML"):
        parse_scenario("name = ", "x.toml")


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("actors", 0, "sell", "days"), "60"),
        (("actors", 0, "sell", "amount_usd_bn"), False),
        (("backstop", "enabled"), "yes"),
        (("horizon_days",), 252.0),
        (("actors", 0, "sell", "amount_usd_bn"), float("inf")),
    ],
)
def test_no_coercion_of_strings_booleans_or_non_finite_numbers(
    path: tuple[str | int, ...], value: object
) -> None:

    data = load_scenario("japan-fire-sale").model_dump()
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    with pytest.raises(ScenarioError, match=str(path[-1])):
        scenario_from_dict(data, "t.toml")


def test_negotiation_fields_are_checked_when_loaded() -> None:

    data = load_scenario("kato-2025").model_dump()
    data["negotiation"]["status_quo_tariff_pct"] = 60.0  # above the grid's top of 50
    with pytest.raises(ScenarioError, match="tariff_grid_max_pct"):
        scenario_from_dict(data, "t.toml")
    data = load_scenario("kato-2025").model_dump()
    data["negotiation"]["holder"] = "Japan"  # a field nothing reads is unknown
    with pytest.raises(ScenarioError, match="unknown field"):
        scenario_from_dict(data, "t.toml")
    data = load_scenario("japan-china-coordinated").model_dump()
    data["negotiation"] = load_scenario("kato-2025").model_dump()["negotiation"]
    with pytest.raises(ScenarioError, match="exactly one actor"):
        scenario_from_dict(data, "t.toml")


def test_deep_or_huge_files_are_refused_in_one_line() -> None:

    with pytest.raises(ScenarioError, match="nested"):
        parse_scenario("x = " + "[" * 50_000 + "]" * 50_000, "deep.toml")
    with pytest.raises(ScenarioError, match="larger than"):
        parse_scenario("# " + "x" * 2_000_000, "big.toml")


def test_long_or_nul_names_are_refused() -> None:

    with pytest.raises(ScenarioError, match="255"):
        load_scenario("a" * 5000)
    with pytest.raises(ScenarioError, match="scenario"):
        load_scenario("kato-2025\x00")


def test_aliases_of_one_holder_are_one_actor() -> None:
    from cardtable.scenarios import plan

    text = """
name = "t"
as_of = "2025-03"
[[actors]]
holder = "China, Mainland"
[actors.sell]
amount_usd_bn = 10.0
[[actors]]
holder = "china"
[actors.sell]
amount_usd_bn = 10.0
"""
    with pytest.raises(ScenarioError, match=r"actors\[1\]\.holder: 'china'.*China, Mainland again"):
        plan(parse_scenario(text, "t.toml"))

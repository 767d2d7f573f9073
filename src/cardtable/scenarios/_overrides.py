"""Overrides: ``NAME=VALUE`` assignments to a scenario's fields or to registry parameters
(``cardtable simulate X --set NAME=VALUE``, sweeps), applied by re-validating the scenario, so
an override is checked exactly like the same value written in the file."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from typing import Any

from cardtable.errors import InputError, UnknownNameError
from cardtable.params import REGISTRY
from cardtable.scenarios._model import Scenario, scenario_from_dict

__all__ = ["describe_overrides", "parse_assignment", "with_overrides"]

_FIELD = "a field of the scenario (docs/scenarios.md) or a registry parameter (cardtable params)"
_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)((?:\[\d+\])*)")


def parse_assignment(text: str) -> tuple[str, Any]:
    """``"NAME=VALUE"`` -> ``(NAME, value)``, the value read as a TOML value (``500``,
    ``0.5``, ``true``, ``"stressed"``); a bare word is taken as a string."""
    name, sep, raw = text.partition("=")
    name, raw = name.strip(), raw.strip()
    if not sep or not name or not raw:
        raise InputError("set", text, "NAME=VALUE, e.g. actors[0].sell.amount_usd_bn=500")
    try:
        value = tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw
    return name, value


def _path(name: str) -> list[str | int]:
    steps: list[str | int] = []
    for part in name.split("."):
        m = _STEP.fullmatch(part)
        if m is None:
            raise InputError("set", name, "a field path like actors[0].sell.days")
        steps.append(m.group(1))
        steps.extend(int(i) for i in re.findall(r"\[(\d+)\]", m.group(2)))
    return steps


def with_overrides(scenario: Scenario, overrides: Mapping[str, Any]) -> Scenario:
    """A copy of ``scenario`` with each ``NAME = value`` applied.

    Parameters
    ----------
    scenario
        The scenario to start from.
    overrides
        ``NAME -> value``. A registry parameter name (``flow_impact_bp_per_100bn``) goes into
        the scenario's ``params`` table; anything else is a field path
        (``actors[0].sell.amount_usd_bn``, ``horizon_days``, ``backstop.enabled``).

    Returns
    -------
    Scenario
        Validated like a loaded scenario (a bad value raises :class:`ScenarioError`).
    """
    data = scenario.model_dump()
    for name, value in overrides.items():
        if name in REGISTRY:
            data["params"] = {**data["params"], name: value}
            continue
        steps = _path(name)
        if steps[0] not in Scenario.model_fields:
            choices = [*Scenario.model_fields, *REGISTRY.names]
            raise UnknownNameError("set", name, choices, "scenario field or registry parameter")
        node: Any = data
        for k, step in enumerate(steps[:-1]):
            nxt = steps[k + 1]
            if isinstance(node, list) and isinstance(step, int) and step >= len(node):
                raise InputError("set", name, f"an index below {len(node)}")
            try:
                node = node[step]
            except (KeyError, IndexError, TypeError):
                raise InputError(
                    "set", name, "a field of the scenario (docs/scenarios.md)"
                ) from None
            if node is None and isinstance(nxt, str):
                raise InputError("set", name, f"{step} is not set in this scenario")
        last = steps[-1]
        if isinstance(node, list) and isinstance(last, int) and last >= len(node):
            raise InputError("set", name, f"an index below {len(node)}")
        if not isinstance(node, dict | list):
            raise InputError("set", name, _FIELD)
        node[last] = value  # type: ignore[index]
    return scenario_from_dict(data, f"{scenario.name} (with --set)")


def describe_overrides(overrides: Mapping[str, Any]) -> str:
    """``NAME = value; ...`` of the scenario fields among ``overrides`` (registry parameters
    are recorded by the draws), or "" if there are none."""
    return "; ".join(f"{k} = {v!r}" for k, v in overrides.items() if k not in REGISTRY)

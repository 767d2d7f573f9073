"""Scenario overrides for the sweep.

Stand-in with the signature of ``cardtable.scenarios.with_overrides`` (issue 12 item 1, being
written on main): it sets scenario field paths (``horizon_days``,
``actors[0].sell.amount_usd_bn``, ``backstop.enabled``) and validates the result like a loaded
scenario. Registry parameters are refused here; they work once the sweep calls the library's
``with_overrides`` instead (one-line swap in :mod:`cardtable.sweep._points`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from cardtable.errors import InputError
from cardtable.params import REGISTRY
from cardtable.scenarios import Scenario, scenario_from_dict

__all__ = ["with_overrides"]

_PART = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)(?:\[(\d+)\])?$")


def with_overrides(scenario: Scenario, overrides: Mapping[str, Any]) -> Scenario:
    """A copy of ``scenario`` with the named fields set, validated like a loaded scenario.

    Parameters
    ----------
    scenario
        The base scenario.
    overrides
        Field path -> value.

    Returns
    -------
    Scenario
    """
    data = scenario.model_dump(mode="python")
    for name, value in overrides.items():
        if name in REGISTRY:
            raise InputError(
                name,
                value,
                "scenario field paths (registry parameters need "
                "cardtable.scenarios.with_overrides)",
            )
        node: Any = data
        parts = name.split(".")
        for depth, part in enumerate(parts):
            m = _PART.match(part)
            if m is None or not isinstance(node, dict) or m.group(1) not in node:
                raise InputError(
                    name,
                    value,
                    "a scenario field path (e.g. horizon_days, "
                    "actors[0].sell.amount_usd_bn) or a registry parameter",
                )
            key, index = m.group(1), m.group(2)
            last = depth == len(parts) - 1
            if index is not None:
                seq = node[key]
                if not isinstance(seq, list) or int(index) >= len(seq):
                    raise InputError(name, value, f"an index below {len(seq or [])}")
                if last:
                    seq[int(index)] = value
                node = seq[int(index)]
            elif last:
                node[key] = value
            else:
                node = node[key]
    return scenario_from_dict(data, scenario.name)

"""A scenario written back as TOML (for inline scenarios that never had a file), so that every
report and export carries a spec that ``cardtable simulate FILE`` reads again."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from cardtable.scenarios import Scenario

__all__ = ["dumps", "dumps_scenario"]

_BARE = re.compile(r"[A-Za-z0-9_-]+")


def _str(s: str) -> str:
    """A TOML basic string: backslash, quote and control characters escaped."""
    out = []
    for ch in s:
        if ch in ('"', "\\"):
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _key(k: str) -> str:
    return k if _BARE.fullmatch(k) else _str(k)


def _is_table_list(v: object) -> bool:
    return isinstance(v, list) and bool(v) and all(isinstance(x, Mapping) for x in v)


def _value(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return repr(v)
    if isinstance(v, str):
        return _str(v)
    if isinstance(v, Mapping):
        return "{" + ", ".join(f"{_key(k)} = {_value(x)}" for k, x in v.items()) + "}"
    if isinstance(v, list | tuple):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    raise TypeError(f"cannot write {type(v).__name__} as TOML")


def _emit(table: Mapping[str, Any], path: list[str], lines: list[str]) -> None:
    subtables = {k: v for k, v in table.items() if isinstance(v, Mapping) and v}
    arrays = {k: v for k, v in table.items() if _is_table_list(v)}
    for k, v in table.items():
        if k not in subtables and k not in arrays and v is not None:
            lines.append(f"{_key(k)} = {_value(v)}")
    for k, v in subtables.items():
        name = ".".join(_key(p) for p in [*path, k])
        lines += ["", f"[{name}]"]
        _emit(v, [*path, k], lines)
    for k, items in arrays.items():
        name = ".".join(_key(p) for p in [*path, k])
        for item in items:
            lines += ["", f"[[{name}]]"]
            _emit(item, [*path, k], lines)


def dumps(data: Mapping[str, Any]) -> str:
    """A mapping of TOML-representable values (no None inside arrays) as TOML text."""
    lines: list[str] = []
    _emit(data, [], lines)
    return "\n".join(lines).lstrip("\n") + "\n"


def dumps_scenario(scenario: Scenario) -> str:
    """The scenario as TOML text that validates back into an equal :class:`Scenario`."""
    return dumps(scenario.model_dump(mode="json", exclude_none=True))

"""Loading scenarios from TOML files or by built-in name."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from cardtable.errors import ScenarioError, UnknownNameError
from cardtable.scenarios._model import Scenario, scenario_from_dict
from cardtable.scenarios._overrides import describe_overrides, with_overrides

__all__ = ["as_scenario", "builtin_names", "load_scenario", "parse_scenario"]

_PACKAGE = "cardtable.scenarios.builtin"
#: Largest scenario file read (bytes) and deepest nesting of tables and arrays parsed.
MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 32
_MAX_NAME = 255


def builtin_names() -> list[str]:
    """Names of the built-in scenarios, sorted."""
    files = resources.files(_PACKAGE).iterdir()
    return sorted(f.name.removesuffix(".toml") for f in files if f.name.endswith(".toml"))


def parse_scenario(text: str, origin: str = "scenario") -> Scenario:
    """Parse TOML text into a :class:`Scenario`.

    Parameters
    ----------
    text
        The TOML document.
    origin
        Where it came from, for messages.
    """
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise ScenarioError(origin, "(file)", f"larger than {MAX_FILE_BYTES:,} bytes")
    depth = _max_depth(text)
    if depth > MAX_DEPTH:
        raise ScenarioError(origin, "(file)", f"nested {depth} deep; at most {MAX_DEPTH} levels")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(origin, "(file)", f"not valid TOML: {exc}") from None
    except RecursionError:
        raise ScenarioError(
            origin, "(file)", f"nested too deep; at most {MAX_DEPTH} levels"
        ) from None
    return scenario_from_dict(data, origin)


def _max_depth(text: str) -> int:
    """Upper bound of the nesting of inline tables and arrays (brackets outside strings are
    counted without parsing, so a pathological file is refused before the parser recurses)."""
    depth = deepest = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth = max(depth - 1, 0)
    return deepest


def load_scenario(name_or_path: str | Path) -> Scenario:
    """Load a built-in scenario by name, or a scenario file by path.

    Parameters
    ----------
    name_or_path
        ``japan-fire-sale`` or ``path/to/file.toml``.

    Returns
    -------
    Scenario
    """
    name = str(name_or_path)
    if not name or len(name) > 4096 or "\x00" in name or len(Path(name).name) > _MAX_NAME:
        raise ScenarioError(
            "scenario",
            name[:80] + ("..." if len(name) > 80 else ""),
            "a built-in name or a path to a TOML file (file names up to 255 characters)",
        )
    path = Path(name_or_path)
    if path.is_file():
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise ScenarioError(path.name, "(file)", f"larger than {MAX_FILE_BYTES:,} bytes")
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ScenarioError("scenario", str(path), f"could not be read: {exc}") from None
        return parse_scenario(text, origin=path.name)
    if name in builtin_names():
        text = resources.files(_PACKAGE).joinpath(f"{name}.toml").read_text(encoding="utf-8")
        return parse_scenario(text, origin=name)
    if name.endswith(".toml") or "/" in name:
        raise ScenarioError("scenario", name, "no such file; give a TOML file or a built-in name")
    raise UnknownNameError("scenario", name, builtin_names(), "scenario")


def as_scenario(
    scenario: Scenario | str | Path, overrides: Mapping[str, Any] | None = None
) -> tuple[Scenario, str, str]:
    """What the library verbs accept, resolved once: the scenario with ``overrides`` applied
    (:func:`with_overrides`), the name to use in messages (file name, built-in name, or the
    scenario's own name) and the scenario fields the overrides set (for the result's sources;
    "" when none)."""
    if isinstance(scenario, Scenario):
        sc, origin = scenario, scenario.name
    else:
        sc = load_scenario(scenario)
        path = Path(scenario)
        origin = path.name if path.is_file() else sc.name
    if not overrides:
        return sc, origin, ""
    return with_overrides(sc, overrides), origin, describe_overrides(overrides)

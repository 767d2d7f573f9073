"""Loading scenarios from TOML files or by built-in name."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

from cardtable.errors import ScenarioError, UnknownNameError
from cardtable.scenarios._model import Scenario, scenario_from_dict

__all__ = ["builtin_names", "load_scenario", "parse_scenario"]

_PACKAGE = "cardtable.scenarios.builtin"


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
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(origin, "(file)", f"not valid TOML: {exc}") from None
    return scenario_from_dict(data, origin)


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
    path = Path(name_or_path)
    if path.is_file():
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ScenarioError("scenario", str(path), f"could not be read: {exc}") from None
        return parse_scenario(text, origin=path.name)
    name = str(name_or_path)
    if name in builtin_names():
        text = resources.files(_PACKAGE).joinpath(f"{name}.toml").read_text(encoding="utf-8")
        return parse_scenario(text, origin=name)
    if name.endswith(".toml") or "/" in name:
        raise ScenarioError("scenario", name, "no such file; give a TOML file or a built-in name")
    raise UnknownNameError("scenario", name, builtin_names(), "scenario")

"""The one place where the report, the exports and the web app call the simulation library.

Everything presentational in :mod:`cardtable.report` and :mod:`cardtable.web` reaches the
models through these functions, so that moving to the flat API (``cardtable.simulate``,
``cardtable.negotiate``, ``cardtable.coalition``) is a change to this module only.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

from cardtable._typing import FloatArray
from cardtable.data._ranking import HistoryResult, HoldersRanking
from cardtable.data._ranking import holder_history as _holder_history
from cardtable.data._ranking import rank_holders as _rank_holders
from cardtable.engine import SimulationResult, simulate
from cardtable.errors import ScenarioError
from cardtable.leverage import CoalitionResult, PlanCosts, ScenarioNegotiation, coalition, negotiate
from cardtable.report._toml import dumps_scenario
from cardtable.scenarios import Scenario, builtin_names, load_scenario

__all__ = [
    "CoalitionResult",
    "ScenarioNegotiation",
    "ScenarioSource",
    "SimulationResult",
    "holder_history",
    "package_version",
    "present_values",
    "rank_holders",
    "resolve_scenario",
    "run_coalition",
    "run_negotiate",
    "run_simulate",
]

_BUILTIN = "cardtable.scenarios.builtin"


@dataclass(frozen=True)
class ScenarioSource:
    """A validated scenario with the text it came from.

    Attributes
    ----------
    scenario
        The validated scenario.
    toml
        Its TOML text (the file or built-in as written; generated for inline scenarios).
    origin
        Built-in name, file name or ``"inline"``.
    """

    scenario: Scenario
    toml: str
    origin: str


def package_version() -> str:
    """The installed cardtable version (``"unknown"`` when run from a bare source tree)."""
    try:
        return metadata.version("cardtable")
    except metadata.PackageNotFoundError:  # pragma: no cover - always installed in practice
        return "unknown"


def resolve_scenario(scenario: Scenario | str | Path) -> ScenarioSource:
    """Load a built-in name, a TOML file or a scenario object, keeping its TOML text."""
    if isinstance(scenario, Scenario):
        return ScenarioSource(scenario, dumps_scenario(scenario), "inline")
    sc = load_scenario(scenario)
    path = Path(scenario)
    if path.is_file():
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:  # pragma: no cover - load_scenario read it a moment ago
            raise ScenarioError("scenario", str(path), f"could not be read: {exc}") from None
        return ScenarioSource(sc, text, path.name)
    if str(scenario) in builtin_names():
        text = resources.files(_BUILTIN).joinpath(f"{scenario}.toml").read_text("utf-8")
        return ScenarioSource(sc, text, str(scenario))
    return ScenarioSource(sc, dumps_scenario(sc), str(scenario))  # pragma: no cover


def run_simulate(
    src: ScenarioSource,
    *,
    draws: int | None,
    seed: int | None,
    calibration: str | None,
    keep_paths: bool = True,
) -> SimulationResult:
    """Simulate the scenario (``cardtable.simulate``; without the paths unless charts need
    them)."""
    return simulate(
        src.scenario, draws=draws, seed=seed, calibration=calibration, keep_paths=keep_paths
    )


def run_negotiate(
    src: ScenarioSource, *, draws: int | None, seed: int | None, calibration: str | None
) -> ScenarioNegotiation:
    """Solve the scenario's negotiation (``cardtable.negotiate``)."""
    return negotiate(src.scenario, draws=draws, seed=seed, calibration=calibration)


def run_coalition(
    as_of: str | None, holders: list[str] | None, *, sale_share: float = 0.25
) -> CoalitionResult:
    """Shapley values of creditors' leverage (``cardtable.coalition``)."""
    return coalition(as_of, holders, sale_share=sale_share)


def present_values(result: SimulationResult) -> dict[str, FloatArray]:
    """Per-draw costs over the negotiation horizon (present values, USD bn): the US, and
    each acting holder (stock losses once plus the exporters' annual loss as an annuity)."""
    costs = result.costs_usd_bn
    holders = [
        line.removesuffix(".total")
        for line in costs
        if line.endswith(".total") and f"{line.removesuffix('.total')}.exporters_1y" in costs
    ]
    out: dict[str, FloatArray] = {}
    for holder in holders:
        plan_costs = PlanCosts.from_ledger(costs, holder)
        out.setdefault("us", plan_costs.us_pv(result.params))
        out[holder] = plan_costs.holder_pv(result.params)
    return out


def rank_holders(as_of: str | None = None, top: int | None = None) -> HoldersRanking:
    """Holders ranked at a month (``cardtable.holders``)."""
    return _rank_holders(as_of, top)


def holder_history(country: str) -> HistoryResult:
    """One holder's holdings over time."""
    return _holder_history(country)

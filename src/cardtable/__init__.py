"""cardtable: sovereign creditors' US Treasury holdings as a card in trade negotiations.

Data flows one way: scenario -> plan -> market paths -> cost ledger -> game payoffs -> results
-> report / CLI. The public API is this module's names (pinned by a test)::

    import cardtable
    result = cardtable.simulate("japan-fire-sale", draws=10_000, seed=1)
    deal = cardtable.negotiate("kato-2025")
    shares = cardtable.coalition("2025-03", draws=1_000)
    ranking = cardtable.holders("2025-03", top=10)
    side = cardtable.compare(["kato-2025", "japan-fire-sale"], seed=1)
    grid = cardtable.sweep.sweep("japan-fire-sale", ["actors[0].sell.amount_usd_bn=100:500:100"])
"""

from __future__ import annotations

from cardtable._version import __version__
from cardtable.data._ranking import HistoryResult, HoldersRanking
from cardtable.data._ranking import holder_history as history
from cardtable.data._ranking import rank_holders as holders
from cardtable.engine import SimulationResult, simulate
from cardtable.errors import (
    CardtableError,
    DataError,
    InputError,
    ModelError,
    ScenarioError,
    UnknownNameError,
)
from cardtable.leverage import CoalitionResult, ScenarioNegotiation, coalition, negotiate
from cardtable.market import Backstop
from cardtable.params import REGISTRY, Draws
from cardtable.scenarios import Scenario, builtin_names, load_scenario, parse_scenario
from cardtable.sweep import ComparisonResult, SweepResult, compare

__all__ = [
    "REGISTRY",
    "Backstop",
    "CardtableError",
    "CoalitionResult",
    "ComparisonResult",
    "DataError",
    "Draws",
    "HistoryResult",
    "HoldersRanking",
    "InputError",
    "ModelError",
    "Scenario",
    "ScenarioError",
    "ScenarioNegotiation",
    "SimulationResult",
    "SweepResult",
    "UnknownNameError",
    "__version__",
    "builtin_names",
    "coalition",
    "compare",
    "history",
    "holders",
    "load_scenario",
    "negotiate",
    "parse_scenario",
    "simulate",
]

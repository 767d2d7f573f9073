"""cardtable: sovereign creditors' US Treasury holdings as a card in trade negotiations.

Data flows one way: scenario -> sales schedule -> market paths -> cost ledger -> game payoffs ->
results -> report / CLI. The public API is small; see the README and docs/.
"""

from __future__ import annotations

from cardtable.errors import CardtableError, DataError, InputError, ScenarioError
from cardtable.params import REGISTRY

__all__ = ["REGISTRY", "CardtableError", "DataError", "InputError", "ScenarioError", "__version__"]

__version__ = "0.1.0"

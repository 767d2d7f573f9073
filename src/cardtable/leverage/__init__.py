"""Leverage: the engine and the game together. :func:`negotiate` solves a scenario's tariff
talks with the holder's Treasury card; :func:`coalition` shares the leverage of a coordinated
sale among creditors (exact Shapley values)."""

from __future__ import annotations

from cardtable.leverage._coalition import CoalitionResult, coalition
from cardtable.leverage._negotiate import ScenarioNegotiation, negotiate
from cardtable.leverage._stakes import PlanCosts

__all__ = ["CoalitionResult", "PlanCosts", "ScenarioNegotiation", "coalition", "negotiate"]

"""Views of result objects that the results themselves offer: tables (``summary_frame``,
``paths_frame``) and notebook HTML (``_repr_html_``). Below the engine in the layers (they read
results duck-typed, never import them); the full report lives in :mod:`cardtable.report`."""

from __future__ import annotations

from cardtable.views._frames import (
    business_dates,
    coalition_summary_frame,
    cost_unit,
    negotiation_summary_frame,
    paths_frame,
    simulation_summary_frame,
)
from cardtable.views._notebook import coalition_html, negotiation_html, simulation_html
from cardtable.views._table import table_html

__all__ = [
    "business_dates",
    "coalition_html",
    "coalition_summary_frame",
    "cost_unit",
    "negotiation_html",
    "negotiation_summary_frame",
    "paths_frame",
    "simulation_html",
    "simulation_summary_frame",
    "table_html",
]

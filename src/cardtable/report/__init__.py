"""Presentation of results: Plotly figures, the self-contained HTML report, notebook views,
tables and exports. Formats result objects, never recomputes a model.

Cycle-free parts are exported here (the result classes use them). Running a scenario for a
report goes through :mod:`cardtable.report._api`; :mod:`cardtable.report._build` assembles
the report and :mod:`cardtable.report._export` writes ``--out`` directories.
"""

from __future__ import annotations

from cardtable.report._figures import (
    Figure,
    coalition_figures,
    fan_figure,
    history_figure,
    negotiation_figures,
    simulation_figures,
)
from cardtable.report._html import plotly_js, render_report, table_html
from cardtable.views._frames import business_dates, paths_frame
from cardtable.views._notebook import coalition_html, negotiation_html, simulation_html

__all__ = [
    "Figure",
    "business_dates",
    "coalition_figures",
    "coalition_html",
    "fan_figure",
    "history_figure",
    "negotiation_figures",
    "negotiation_html",
    "paths_frame",
    "plotly_js",
    "render_report",
    "simulation_figures",
    "simulation_html",
    "table_html",
]

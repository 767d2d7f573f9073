"""The self-contained HTML report: plotly.js inlined (no CDN, opens offline), every figure of
the run, the summary tables, the parameters with their sources, and the provenance.

Plotly is used because the ``plotly`` wheel ships its minified JavaScript bundle
(``plotly/package_data/plotly.min.js``, what ``plotly.offline.get_plotlyjs()`` returns), so
one file holds the library and the charts and works without a network; the same figure
specifications are drawn by the web app.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from html import escape
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from cardtable.params import REGISTRY
from cardtable.report._figures import Figure
from cardtable.views import table_html

__all__ = ["Section", "plotly_js", "plotly_js_file", "render_report", "table_html"]

Section = tuple[str, str, Sequence[Figure]]
"""(heading, HTML above the charts, figures)."""

_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:0 auto;max-width:1180px;
padding:0 18px 48px;color:#1b1b1b}
h1{font-size:1.5em;margin:.8em 0 .2em}h2{border-bottom:1px solid #ccc;padding-bottom:4px;
margin-top:1.6em}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(540px,1fr));gap:8px}
table{border-collapse:collapse;font-size:.86em;margin:.4em 0}
td,th{border-bottom:1px solid #e3e3e3;padding:3px 8px;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}
pre{background:#f6f6f6;padding:10px;overflow:auto;font-size:.85em}
.muted{color:#555;font-size:.9em}nav a{margin-right:12px}
"""


def plotly_js_file() -> Traversable:
    """The minified plotly.js shipped in the plotly wheel (``plotly/package_data``)."""
    return resources.files("plotly").joinpath("package_data", "plotly.min.js")


def plotly_js() -> str:
    """The text of the minified plotly.js bundled in the plotly wheel."""
    return plotly_js_file().read_text(encoding="utf-8")


def _mapping_table(values: Mapping[str, Any]) -> str:
    rows = "".join(
        f"<tr><th>{escape(str(k))}</th><td>{escape(str(v))}</td></tr>" for k, v in values.items()
    )
    return f"<table>{rows}</table>"


def _figure_div(fig: Figure, n: int) -> str:
    div = f"fig-{n}-{escape(str(fig.get('id', 'chart')))}"
    payload = json.dumps({"data": fig["data"], "layout": fig["layout"]}, separators=(",", ":"))
    payload = payload.replace("</", "<\\/")
    return (
        f'<div class="chart" id="{div}" data-figure="{escape(str(fig.get("id", "")))}"></div>'
        f'<script>(function(){{var f={payload};Plotly.newPlot("{div}",f.data,f.layout,'
        "{responsive:true,displaylogo:false});})();</script>"
    )


def parameters_html(calibration: str) -> str:
    """The registry under ``calibration``: value, unit, range and source of every parameter."""
    frame = REGISTRY.to_frame(calibration)[
        ["name", "group", "value", "unit", "low", "high", "source"]
    ]
    return table_html(frame.set_index("name"), table_id="parameters")


def render_report(
    title: str,
    subtitle: str,
    sections: Sequence[Section],
    provenance: Mapping[str, Any],
    calibration: str,
) -> str:
    """The whole report as one HTML document.

    Parameters
    ----------
    title, subtitle
        Heading and the line under it.
    sections
        ``(heading, html, figures)`` in order.
    provenance
        Package version, command, seed, draws, data vintages and the scenario spec
        (``scenario_toml`` is shown as a block).
    calibration
        Calibration whose parameter values are listed.
    """
    n = 0
    body = [f"<h1>{escape(title)}</h1>", f'<p class="muted">{escape(subtitle)}</p>']
    nav = [f'<a href="#s{i}">{escape(h)}</a>' for i, (h, _, _) in enumerate(sections)]
    nav += ['<a href="#parameters-h">Parameters</a>', '<a href="#provenance">Provenance</a>']
    body.append("<nav>" + "".join(nav) + "</nav>")
    for i, (heading, html, figures) in enumerate(sections):
        body.append(f'<h2 id="s{i}">{escape(heading)}</h2>{html}<div class="charts">')
        for fig in figures:
            body.append(_figure_div(fig, n))
            n += 1
        body.append("</div>")
    body.append(f'<h2 id="parameters-h">Parameters (calibration {escape(calibration)})</h2>')
    body.append(parameters_html(calibration))
    prov = {k: v for k, v in provenance.items() if k not in ("scenario_toml", "sources")}
    body.append('<h2 id="provenance">Provenance</h2>' + _mapping_table(prov))
    sources = provenance.get("sources") or {}
    if sources:
        body.append("<h3>Data and vintages</h3>" + _mapping_table(sources))
    if provenance.get("scenario_toml"):
        body.append(
            '<h3>Scenario spec (TOML)</h3><pre id="scenario-toml">'
            f"{escape(str(provenance['scenario_toml']))}</pre>"
        )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_CSS}</style>"
        f"<script>{plotly_js()}</script></head><body>{''.join(body)}</body></html>"
    )

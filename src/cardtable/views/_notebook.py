"""``_repr_html_`` of the result objects: the summary table and a small inline SVG chart (no
JavaScript, so it shows in any notebook, on GitHub and in exported HTML)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

import numpy as np

from cardtable._typing import Float32Array, FloatArray
from cardtable.views._frames import (
    coalition_summary_frame,
    negotiation_summary_frame,
    simulation_summary_frame,
)
from cardtable.views._table import table_html

if TYPE_CHECKING:
    from cardtable.engine import SimulationResult
    from cardtable.leverage import CoalitionResult, ScenarioNegotiation

__all__ = ["coalition_html", "negotiation_html", "simulation_html", "svg_bars", "svg_fan"]

_W, _H, _PAD = 360, 130, 24


def svg_fan(paths: FloatArray | Float32Array, title: str) -> str:
    """A small fan chart (p5-p95 band and median) of ``(D, T)`` paths."""
    q = np.percentile(np.asarray(paths, dtype=np.float64), [5, 50, 95], axis=0)
    lo, hi = float(min(q.min(), 0.0)), float(max(q.max(), 0.0))
    hi = hi if hi > lo else lo + 1.0
    T = q.shape[1]

    def pt(t: int, v: float) -> str:
        x = _PAD + (_W - 2 * _PAD) * t / max(T - 1, 1)
        y = _PAD + (_H - 2 * _PAD) * (1 - (v - lo) / (hi - lo))
        return f"{x:.1f},{y:.1f}"

    band = [pt(t, q[2, t]) for t in range(T)] + [pt(t, q[0, t]) for t in reversed(range(T))]
    median = " ".join(pt(t, q[1, t]) for t in range(T))
    zero = pt(0, 0.0).split(",")[1]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_W}" height="{_H}" '
        f'font-family="sans-serif" font-size="10"><text x="{_PAD}" y="14">{escape(title)}</text>'
        f'<polygon points="{" ".join(band)}" fill="#c9d9ea"/>'
        f'<polyline points="{median}" fill="none" stroke="#1f4e79" stroke-width="1.5"/>'
        f'<line x1="{_PAD}" x2="{_W - _PAD}" y1="{zero}" y2="{zero}" stroke="#777" '
        f'stroke-dasharray="3 2"/><text x="{_W - _PAD}" y="{_H - 6}" text-anchor="end">'
        f"{lo:+.3g} to {hi:+.3g}; median, p5-p95</text></svg>"
    )


def svg_bars(labels: Sequence[str], values: Sequence[float], title: str) -> str:
    """A small horizontal bar chart."""
    n = len(labels)
    h = 22 + 14 * n
    top = max((abs(v) for v in values), default=1.0) or 1.0
    bars = []
    for i, (label, v) in enumerate(zip(labels, values, strict=True)):
        y = 20 + 14 * i
        w = 200 * abs(v) / top
        bars.append(
            f'<text x="150" y="{y + 10}" text-anchor="end">{escape(label[:26])}</text>'
            f'<rect x="155" y="{y + 2}" width="{w:.1f}" height="10" fill="#1f4e79"/>'
            f'<text x="{160 + w:.1f}" y="{y + 10}">{v:.3g}</text>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_W + 40}" height="{h}" '
        f'font-family="sans-serif" font-size="10"><text x="4" y="12">{escape(title)}</text>'
        f"{''.join(bars)}</svg>"
    )


def _wrap(head: str, table: str, chart: str) -> str:
    return (
        f'<div class="cardtable-result"><p><b>{escape(head)}</b></p>'
        f'<div style="display:flex;gap:16px;align-items:flex-start">{table}<div>{chart}</div>'
        "</div></div>"
    )


def simulation_html(result: SimulationResult) -> str:
    """Summary table (p5/p50/p95 per output) and the 10y yield fan."""
    head = (
        f"{result.scenario}: as of {result.as_of}, {result.draws:,} draws, seed {result.seed}, "
        f"calibration {result.calibration}"
    )
    chart = svg_fan(result.yields_bp[:, :, 2], "10y yield change, bp")
    return _wrap(head, table_html(simulation_summary_frame(result)), chart)


def negotiation_html(result: ScenarioNegotiation) -> str:
    """Summary table and the median payoffs at the threat point and the deal."""
    n = result.negotiation
    labels = ["holder: threat point", "holder: deal", "US: threat point", "US: deal"]
    arrays = [
        n.threat_holder_usd_bn,
        n.holder_payoff_usd_bn,
        n.threat_us_usd_bn,
        n.us_payoff_usd_bn,
    ]
    values = [float(np.nanmedian(a)) for a in arrays]
    head = f"{result.scenario}: {result.holder}'s card, {result.draws:,} draws"
    chart = svg_bars(labels, values, "median payoffs, USD bn")
    return _wrap(head, table_html(negotiation_summary_frame(result)), chart)


def coalition_html(result: CoalitionResult) -> str:
    """The ranked Shapley table and the largest shares."""
    frame = result.to_frame().head(10)
    chart = svg_bars(
        list(frame["country"]), [float(v) for v in frame["share_pct"]], "share of leverage, %"
    )
    head = f"Creditors' coalition at {result.as_of}"
    return _wrap(head, table_html(coalition_summary_frame(result).head(12)), chart)

"""Fan charts as standalone SVG (no plotting dependency): a p5-p95 band, the p25-p75 band and
the median path of a simulated series, with axes, title and the source line underneath.

Only formats a :class:`~cardtable.uncertainty.SimulationResult`; never recomputes a model.
"""

from __future__ import annotations

import math
from html import escape
from pathlib import Path

import numpy as np

from cardtable._io import atomic_write
from cardtable._typing import TENORS, Float32Array, FloatArray
from cardtable.engine import SimulationResult, day_quantiles

__all__ = ["fan_chart_svg", "nice_ticks", "result_charts", "write_charts"]

_W, _H = 720, 400
_L, _R, _T, _B = 70, 20, 48, 70
_COLORS = ("#1f4e79", "#9dc3e6", "#d6e6f5")


def nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """Round tick values covering ``[lo, hi]`` (about ``n`` of them)."""
    if not math.isfinite(lo) or not math.isfinite(hi):
        return [0.0]
    if hi <= lo:
        hi = lo + 1.0
    raw = (hi - lo) / max(n, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.floor(lo / step) * step
    ticks = []
    v = start
    while v <= hi + step * 1e-9:
        ticks.append(round(v, 10))
        v += step
    return ticks


def fan_chart_svg(
    paths: Float32Array | FloatArray,
    *,
    title: str,
    unit: str,
    source: str,
    x_label: str = "trading days after the start",
) -> str:
    """An SVG fan chart of ``paths`` (draws x days).

    Parameters
    ----------
    paths
        ``(D, T)`` simulated paths.
    title, unit
        Chart title and y-axis unit.
    source
        Printed under the chart (data and calibration).
    x_label
        x-axis label.

    Returns
    -------
    str
        A complete SVG document.
    """
    # by blocks of days (engine.day_quantiles): no float64 copy of all the paths
    q = day_quantiles(np.asarray(paths), [5, 25, 50, 75, 95], dtype=np.float64)
    T = int(q.shape[1])
    lo, hi = float(min(q.min(), 0.0)), float(max(q.max(), 0.0))
    yt = nice_ticks(lo, hi)
    y0, y1 = yt[0], yt[-1] if yt[-1] > yt[0] else yt[0] + 1
    pw, ph = _W - _L - _R, _H - _T - _B

    def sx(t: float) -> float:
        return float(_L + pw * t / max(T - 1, 1))

    def sy(v: float) -> float:
        return float(_T + ph * (1 - (v - y0) / (y1 - y0)))

    def band(lower: FloatArray, upper: FloatArray, color: str) -> str:
        pts = [f"{sx(t):.1f},{sy(v):.1f}" for t, v in enumerate(upper)]
        pts += [f"{sx(t):.1f},{sy(v):.1f}" for t, v in reversed(list(enumerate(lower)))]
        return f'<polygon points="{" ".join(pts)}" fill="{color}" stroke="none"/>'

    median = " ".join(f"{sx(t):.1f},{sy(v):.1f}" for t, v in enumerate(q[2]))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_W}" height="{_H}" '
        f'viewBox="0 0 {_W} {_H}" font-family="sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{_W}" height="{_H}" fill="white"/>',
        f'<text x="{_L}" y="24" font-size="16" font-weight="bold">{escape(title)}</text>',
        band(q[0], q[4], _COLORS[2]),
        band(q[1], q[3], _COLORS[1]),
        f'<polyline points="{median}" fill="none" stroke="{_COLORS[0]}" stroke-width="2"/>',
        f'<line x1="{_L}" y1="{sy(0):.1f}" x2="{_W - _R}" y2="{sy(0):.1f}" stroke="#555" '
        'stroke-dasharray="4 3"/>',
        f'<line x1="{_L}" y1="{_T}" x2="{_L}" y2="{_T + ph}" stroke="#333"/>',
        f'<line x1="{_L}" y1="{_T + ph}" x2="{_W - _R}" y2="{_T + ph}" stroke="#333"/>',
    ]
    for v in yt:
        parts.append(f'<text x="{_L - 6}" y="{sy(v) + 4:.1f}" text-anchor="end">{v:g}</text>')
        parts.append(
            f'<line x1="{_L - 3}" y1="{sy(v):.1f}" x2="{_L}" y2="{sy(v):.1f}" stroke="#333"/>'
        )
    for t in nice_ticks(0, T - 1, 6):
        if 0 <= t <= T - 1:
            parts.append(
                f'<text x="{sx(t):.1f}" y="{_T + ph + 16}" text-anchor="middle">{t:g}</text>'
            )
    parts += [
        f'<text x="{_L + pw / 2}" y="{_T + ph + 34}" text-anchor="middle">{escape(x_label)}</text>',
        f'<text x="16" y="{_T + ph / 2}" transform="rotate(-90 16 {_T + ph / 2})" '
        f'text-anchor="middle">{escape(unit)}</text>',
        f'<text x="{_L}" y="{_H - 12}" font-size="10" fill="#444">{escape(source[:140])}</text>',
        f'<text x="{_W - _R}" y="{_T - 6}" font-size="10" text-anchor="end" fill="#444">'
        "median; bands p25-p75 and p5-p95 over draws</text>",
        "</svg>",
    ]
    return "\n".join(parts)


def result_charts(result: SimulationResult) -> dict[str, str]:
    """File name -> SVG for a simulation result (10y and 2y yields, USD/JPY)."""
    src = (
        f"cardtable simulate {result.scenario}; as of {result.as_of}; calibration "
        f"{result.calibration}; {result.draws:,} draws; seed {result.seed}"
    )
    charts = {}
    for k, tenor in enumerate(TENORS):
        if tenor in ("2y", "10y"):
            charts[f"yield_{tenor}.svg"] = fan_chart_svg(
                result.yields_bp[:, :, k],
                title=f"{result.scenario}: US {tenor} Treasury yield change",
                unit="basis points",
                source=src,
            )
    charts["usdjpy.svg"] = fan_chart_svg(
        result.usdjpy_pct,
        title=f"{result.scenario}: USD/JPY change (negative = stronger yen)",
        unit="percent",
        source=src,
    )
    return charts


def write_charts(result: SimulationResult, out_dir: str | Path) -> list[Path]:
    """Write the result's fan charts into ``out_dir`` (each atomically); returns the paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    return [atomic_write(out / name, svg.encode()) for name, svg in result_charts(result).items()]

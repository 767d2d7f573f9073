"""Backtest results: simulated bands against observed moves, per variable, with attribution."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from cardtable._typing import FloatArray

__all__ = ["BacktestResult", "VariableScore", "scorecard_markdown"]

_LABELS = {
    "ust_2y": "2y",
    "ust_5y": "5y",
    "ust_10y": "10y",
    "ust_30y": "30y",
    "usdjpy": "USD/JPY",
    "broad_dollar": "broad $",
}


def _num(x: float | None, digits: int = 2) -> float | None:
    if x is None or not math.isfinite(x):
        return None
    return round(float(x), digits)


@dataclass(frozen=True)
class VariableScore:
    """One observed variable over an episode's window.

    Attributes
    ----------
    variable, unit
        ``ust_2y`` ... ``ust_30y`` (unit ``bp``), ``usdjpy``, ``broad_dollar`` (``pct``: %
        change of the dollar's price; USD/JPY up = weaker yen).
    observed
        Observed change from the baseline to the window's last day (None without data).
    p5, p50, p95
        Simulated change on the last day, over parameter draws.
    inside
        Whether ``observed`` lies in [p5, p95] (None without data).
    days_inside_pct
        Share of the window's days on which the observed change lies in that day's band.
    p50_error
        ``observed - p50``.
    flows
        Mean simulated change over draws: the part of the move the observed flows explain.
    by_flow
        ``flows`` split by flow (adds up to ``flows``: the market model is linear in flows).
    residual
        ``observed - flows``: what the flows do not explain.
    """

    variable: str
    unit: str
    observed: float | None
    p5: float
    p50: float
    p95: float
    inside: bool | None
    days_inside_pct: float | None
    p50_error: float | None
    flows: float
    by_flow: dict[str, float]
    residual: float | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (floats rounded to 0.01 bp or 0.01%)."""
        return {
            "variable": self.variable,
            "unit": self.unit,
            "observed": _num(self.observed),
            "p5": _num(self.p5),
            "p50": _num(self.p50),
            "p95": _num(self.p95),
            "inside": self.inside,
            "days_inside_pct": _num(self.days_inside_pct, 1),
            "p50_error": _num(self.p50_error),
            "flows": _num(self.flows),
            "by_flow": {k: _num(v) for k, v in self.by_flow.items()},
            "residual": _num(self.residual),
        }


@dataclass(frozen=True)
class BacktestResult:
    """An episode replayed: simulated bands against the observed path.

    Attributes
    ----------
    episode, title, start, end, base_date, state
        The episode and its window (the baseline is the last observation on or before start).
    calibration, draws, seed
        Parameter draws.
    market
        Market size the flows are measured against (as-of month, TIC Grand Total, MSPD).
    flows
        One dict per flow: label, kind, source, net sales and conversion (USD bn), detail.
    scores
        One :class:`VariableScore` per observed variable.
    dates
        The window's trading days (ISO).
    paths
        Variable -> dict of ``(T,)`` arrays: observed, p5, p50, p95.
    sources
        Episode sources and the data used (origin and vintage).
    notes
        Caveats.
    """

    episode: str
    title: str
    start: str
    end: str
    base_date: str
    state: str
    calibration: str
    draws: int
    seed: int
    market: dict[str, Any]
    flows: list[dict[str, Any]]
    scores: list[VariableScore]
    dates: list[str]
    paths: dict[str, dict[str, FloatArray]]
    sources: dict[str, Any]
    notes: list[str] = field(default_factory=list)

    def score(self, variable: str) -> VariableScore:
        """The score of one variable (``ust_10y``, ``usdjpy``...)."""
        return next(s for s in self.scores if s.variable == variable)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary (no daily paths; see :meth:`to_frame`)."""
        return {
            "episode": self.episode,
            "title": self.title,
            "window": {"start": self.start, "end": self.end, "base_date": self.base_date},
            "trading_days": len(self.dates),
            "state": self.state,
            "calibration": self.calibration,
            "draws": self.draws,
            "seed": self.seed,
            "market": self.market,
            "flows": self.flows,
            "scores": [s.to_dict() for s in self.scores],
            "sources": self.sources,
            "notes": self.notes,
        }

    def to_frame(self) -> pd.DataFrame:
        """Daily paths: one row per day and variable (date, variable, unit, observed, p5, p50,
        p95)."""
        frames = []
        for s in self.scores:
            p = self.paths[s.variable]
            frames.append(
                pd.DataFrame(
                    {
                        "date": self.dates,
                        "variable": s.variable,
                        "unit": s.unit,
                        **{
                            k: np.asarray(p[k], dtype=float)
                            for k in ("observed", "p5", "p50", "p95")
                        },
                    }
                )
            )
        return pd.concat(frames, ignore_index=True)

    def summary(self) -> str:
        """Plain-text report."""
        lines = [
            f"{self.title} ({self.episode})",
            f"Window {self.start} .. {self.end}: {len(self.dates)} trading days from the "
            f"{self.base_date} close; state {self.state}; calibration {self.calibration}, "
            f"{self.draws} draws, seed {self.seed}.",
            f"Market at {self.market['as_of']}: foreign holdings "
            f"{self.market['foreign_holdings_usd_bn']:,.0f} bn, marketable debt "
            f"{self.market['marketable_debt_usd_bn']:,.0f} bn.",
            "Flows (sales > 0, purchases < 0; conversions into yen > 0):",
        ]
        if not self.flows:
            lines.append("  none: the whole move is residual")
        for f in self.flows:
            lines.append(
                f"  {f['label']}: sold {f['sold_usd_bn']:+,.1f} bn, converted into yen "
                f"{f['converted_to_jpy_usd_bn']:+,.1f} bn  [{f['source']}]"
            )
        head = (
            f"{'':9}{'observed':>10}{'p5':>9}{'p50':>9}{'p95':>9}  {'in p5-p95':<10}"
            f"{'days in':>8}{'p50 err':>9}{'flows':>9}{'residual':>10}"
        )
        lines += ["", head]
        for s in self.scores:
            u = "bp" if s.unit == "bp" else "%"
            if s.observed is None:
                lines.append(f"{_LABELS[s.variable] + ' ' + u:9}{'n/a':>10}  (no observations)")
                continue
            lines.append(
                f"{_LABELS[s.variable] + ' ' + u:9}{s.observed:>+10.2f}{s.p5:>+9.2f}"
                f"{s.p50:>+9.2f}{s.p95:>+9.2f}  {'yes' if s.inside else 'NO':<10}"
                f"{s.days_inside_pct or 0:>7.0f}%{s.p50_error or 0:>+9.2f}{s.flows:>+9.2f}"
                f"{s.residual or 0:>+10.2f}"
            )
        lines.append("")
        lines.append(
            "flows = mean simulated move (split by flow in --json); residual = observed - flows."
        )
        lines += [f"Note: {n}" for n in self.notes]
        lines += [f"Source: {v}" for v in self.sources.get("episode", [])]
        return "\n".join(lines)


def _fmt(x: float | None, unit: str) -> str:
    if x is None:
        return "n/a"
    return f"{x:+.0f}" if unit == "bp" else f"{x:+.1f}"


def scorecard_markdown(results: list[BacktestResult], command: str) -> str:
    """The scorecard table of docs/validation.md for ``results``."""
    first = results[0]
    lines = [
        "<!-- generated by: " + command + " -- do not edit by hand -->",
        "",
        f"Calibration `{first.calibration}`, {first.draws} draws, seed {first.seed}. Yields in bp, "
        "USD/JPY and the broad dollar in % (up = stronger dollar). *obs* = observed change "
        "over the window; *p5..p95* = simulated band on the last day; *in* = observed inside "
        "it; *days in* = share of the window's days inside that day's band; *err* = observed "
        "- p50; *flows* = mean simulated move; *resid* = observed - flows.",
        "",
        "| episode | window | var | obs | p5..p95 | in | days in | err | flows | resid |",
        "|---|---|---|---:|---|---|---:|---:|---:|---:|",
    ]
    for r in results:
        for s in r.scores:
            if s.variable not in ("ust_2y", "ust_10y", "ust_30y", "usdjpy", "broad_dollar"):
                continue
            u = s.unit
            if s.observed is None:
                band = f"{_fmt(s.p5, u)}..{_fmt(s.p95, u)}"
                row = [r.episode, f"{r.start}..{r.end}", _LABELS[s.variable], "n/a", band]
                lines.append("| " + " | ".join([*row, "", "", "", _fmt(s.flows, u), ""]) + " |")
                continue
            row = [
                r.episode,
                f"{r.start}..{r.end}",
                _LABELS[s.variable],
                _fmt(s.observed, u),
                f"{_fmt(s.p5, u)}..{_fmt(s.p95, u)}",
                "yes" if s.inside else "**no**",
                f"{s.days_inside_pct:.0f}%" if s.days_inside_pct is not None else "",
                _fmt(s.p50_error, u),
                _fmt(s.flows, u),
                _fmt(s.residual, u),
            ]
            lines.append("| " + " | ".join(row) + " |")
    lines += [
        "",
        "Flows replayed (USD bn over the window; sales and conversions into yen > 0, purchases "
        "and dollar buying < 0) and the market size they are measured against:",
        "",
        "| episode | state | trading days | flows | TIC foreign holdings | MSPD marketable |",
        "|---|---|---:|---|---:|---:|",
    ]
    for r in results:
        parts = [
            f"{f['label']}: "
            + ", ".join(
                f"{k} {f[key]:+,.0f}"
                for k, key in (("sold", "sold_usd_bn"), ("into yen", "converted_to_jpy_usd_bn"))
                if f[key]
            )
            for f in r.flows
        ]
        lines.append(
            f"| {r.episode} | {r.state} | {len(r.dates)} | {'; '.join(parts) or 'none'} | "
            f"{r.market['foreign_holdings_usd_bn']:,.0f} ({r.market['as_of']}) | "
            f"{r.market['marketable_debt_usd_bn']:,.0f} |"
        )
    scored = [s for r in results for s in r.scores if s.observed is not None]
    inside = sum(bool(s.inside) for s in scored)
    lines += [
        "",
        f"Observed change inside p5-p95 on the last day: {inside} of {len(scored)} "
        "(episode, variable) pairs with observations, all six variables counted.",
    ]
    return "\n".join(lines) + "\n"

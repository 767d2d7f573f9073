"""The result of a simulation: every draw's market paths and cost ledger, with the inputs that
produced them. Presentation layers (CLI, report) only format it.

JSON schema (``to_dict``), documented in docs/cli.md::

    {"scenario", "description", "as_of", "draws", "seed", "calibration", "state",
     "horizon_days",
     "yields_bp": {"2y"|"5y"|"10y"|"30y": {"peak": Q, "end": Q}},
     "usdjpy_pct": {"peak": Q, "end": Q}, "broad_dollar_pct": {"peak": Q, "end": Q},
     "backstop_usd_bn": Q,
     "costs_usd_bn": {line: Q},
     "sources": {...}, "notes": [...]}

with ``Q = {"p5", "p50", "p95"}``. Peaks are signed: the value on the day of the largest
absolute move.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cardtable._io import atomic_write, atomic_write_with
from cardtable._json import dumps
from cardtable._quantiles import QUANTILES, quantiles
from cardtable._typing import TENORS, Float32Array, FloatArray
from cardtable.params import ParamDraws

__all__ = ["SimulationResult", "day_quantiles", "path_outputs", "signed_peak"]


def signed_peak(paths: Float32Array) -> FloatArray:
    """The value on the day of the largest absolute move, per draw (last axis = time).

    Of two days with moves of equal size and opposite sign, the first. Computed from the
    running maximum and minimum (two reductions, no temporary of absolute values); only draws
    whose maximum and minimum tie in size are resolved by the position of the first.
    """
    z = np.ascontiguousarray(paths)
    hi, lo = z.max(axis=-1), z.min(axis=-1)
    out = np.where(-lo > hi, lo, hi)
    tie = (-lo == hi) & (hi != 0)
    if tie.any():
        rows = z[tie]
        idx = np.abs(rows).argmax(axis=-1)
        out[tie] = np.take_along_axis(rows, idx[..., None], axis=-1)[..., 0]
    return np.asarray(out, dtype=np.float64)


def path_outputs(
    yields_bp: Float32Array,
    usdjpy_pct: Float32Array,
    broad_dollar_pct: Float32Array,
    backstop_usd_bn: Float32Array,
) -> dict[str, FloatArray]:
    """Per-draw summaries of market paths: signed peak and end move of every yield and
    exchange rate, and total backstop purchases.

    Parameters
    ----------
    yields_bp
        ``(D, T, 4)`` yield changes at 2y, 5y, 10y, 30y.
    usdjpy_pct, broad_dollar_pct, backstop_usd_bn
        ``(D, T)`` paths.

    Returns
    -------
    dict
        Output name (``yield_10y_peak_bp``, ``usdjpy_end_pct``, ...) -> ``(D,)`` values.
    """
    cols: dict[str, FloatArray] = {}
    peak = signed_peak(np.moveaxis(yields_bp, 1, 2))
    for k, tenor in enumerate(TENORS):
        cols[f"yield_{tenor}_peak_bp"] = peak[:, k]
        cols[f"yield_{tenor}_end_bp"] = yields_bp[:, -1, k].astype(np.float64)
    for name, path in (("usdjpy", usdjpy_pct), ("broad_dollar", broad_dollar_pct)):
        cols[f"{name}_peak_pct"] = signed_peak(path)
        cols[f"{name}_end_pct"] = path[:, -1].astype(np.float64)
    cols["backstop_total_usd_bn"] = backstop_usd_bn.sum(axis=1, dtype=np.float64)
    return cols


@dataclass(frozen=True)
class SimulationResult:
    """Market paths and cost ledger of every draw of one scenario.

    Attributes
    ----------
    scenario, description, as_of, state, calibration
        What was simulated.
    draws, seed, horizon_days
        How.
    yields_bp
        ``(D, T, 4)`` yield changes (bp) at 2y, 5y, 10y, 30y.
    usdjpy_pct, broad_dollar_pct, backstop_usd_bn
        ``(D, T)`` paths.
    costs_usd_bn
        Ledger line -> ``(D,)`` costs (USD bn, positive = a loss to that party).
    params
        The parameter draws used.
    sources, notes
        Data sources with vintages, and the scenario's notes.
    summaries
        The per-draw :func:`path_outputs` of the paths, when the engine computed them while
        writing the paths (None: computed from the paths on demand).
    """

    scenario: str
    description: str
    as_of: str
    state: str
    calibration: str
    draws: int
    seed: int
    horizon_days: int
    yields_bp: Float32Array
    usdjpy_pct: Float32Array
    broad_dollar_pct: Float32Array
    backstop_usd_bn: Float32Array
    costs_usd_bn: Mapping[str, FloatArray]
    params: ParamDraws
    sources: Mapping[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    summaries: Mapping[str, FloatArray] | None = field(default=None, repr=False)

    # ------------------------------------------------------------------ per-draw statistics
    def _paths_summary(self) -> Mapping[str, FloatArray]:
        if self.summaries is not None:
            return self.summaries
        return path_outputs(
            self.yields_bp, self.usdjpy_pct, self.broad_dollar_pct, self.backstop_usd_bn
        )

    def yield_peak_bp(self) -> FloatArray:
        """``(D, 4)`` signed peak move per tenor."""
        s = self._paths_summary()
        return np.stack([s[f"yield_{t}_peak_bp"] for t in TENORS], axis=1)

    def yield_end_bp(self) -> FloatArray:
        """``(D, 4)`` move on the last day per tenor."""
        return self.yields_bp[:, -1, :].astype(np.float64)

    def draw_outputs(self) -> dict[str, FloatArray]:
        """Every per-draw output: :func:`path_outputs` then ``cost_<line>_usd_bn``."""
        cols = dict(self._paths_summary())
        for line, values in self.costs_usd_bn.items():
            cols[f"cost_{line}_usd_bn"] = values
        return cols

    def to_frame(self) -> pd.DataFrame:
        """One row per draw: peak and end moves, costs and the parameters drawn."""
        frame = pd.DataFrame(self.draw_outputs())
        params = self.params.to_frame().add_prefix("param_")
        return pd.concat([frame, params], axis=1)

    def paths_frame(self) -> pd.DataFrame:
        """p5 / p50 / p95 of every path by trading day (long format: day, series, quantile)."""
        series: dict[str, Float32Array] = {
            f"yield_{t}_bp": self.yields_bp[:, :, k] for k, t in enumerate(TENORS)
        }
        series["usdjpy_pct"] = self.usdjpy_pct
        series["broad_dollar_pct"] = self.broad_dollar_pct
        series["backstop_usd_bn"] = self.backstop_usd_bn
        rows = []
        for name, arr in series.items():
            q = day_quantiles(arr)
            for qi, qname in enumerate(QUANTILES):
                rows.append(
                    pd.DataFrame(
                        {
                            "day": np.arange(arr.shape[1]),
                            "series": name,
                            "quantile": qname,
                            "value": q[qi],
                        }
                    )
                )
        return pd.concat(rows, ignore_index=True)

    # ------------------------------------------------------------------ JSON
    def to_dict(self) -> dict[str, Any]:
        """The documented JSON object (docs/cli.md)."""
        s = self._paths_summary()
        return {
            "scenario": self.scenario,
            "description": self.description,
            "as_of": self.as_of,
            "draws": self.draws,
            "seed": self.seed,
            "calibration": self.calibration,
            "state": self.state,
            "horizon_days": self.horizon_days,
            "yields_bp": {
                t: {
                    "peak": quantiles(s[f"yield_{t}_peak_bp"]),
                    "end": quantiles(s[f"yield_{t}_end_bp"]),
                }
                for t in TENORS
            },
            "usdjpy_pct": {
                "peak": quantiles(s["usdjpy_peak_pct"]),
                "end": quantiles(s["usdjpy_end_pct"]),
            },
            "broad_dollar_pct": {
                "peak": quantiles(s["broad_dollar_peak_pct"]),
                "end": quantiles(s["broad_dollar_end_pct"]),
            },
            "backstop_usd_bn": quantiles(s["backstop_total_usd_bn"]),
            "costs_usd_bn": {k: quantiles(v) for k, v in self.costs_usd_bn.items()},
            "sources": dict(self.sources),
            "notes": list(self.notes),
        }

    def to_json(self, indent: int | None = 2) -> str:
        """``to_dict()`` as JSON text."""
        return dumps(self.to_dict(), indent=indent)

    def write(self, out_dir: str | Path) -> list[Path]:
        """Write ``result.json``, ``draws.parquet`` (one row per draw) and
        ``paths.parquet`` (quantile paths) into ``out_dir``, each atomically.

        Returns
        -------
        list of Path
            The files written.
        """
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        written = [
            atomic_write(out / "result.json", self.to_json().encode()),
            _write_parquet(self.to_frame(), out / "draws.parquet"),
            _write_parquet(self.paths_frame(), out / "paths.parquet"),
        ]
        return written

    # ------------------------------------------------------------------ text
    def summary(self) -> str:
        """A readable plain-text summary (what ``cardtable simulate`` prints)."""
        d = self.to_dict()

        def q(x: Mapping[str, float], fmt: str = "{:+.1f}") -> str:
            return f"{fmt.format(x['p50']):>8}  [{fmt.format(x['p5'])}, {fmt.format(x['p95'])}]"

        lines = [
            f"Scenario {self.scenario} (as of {self.as_of}, {self.state} market, "
            f"calibration {self.calibration}, {self.draws:,} draws, seed {self.seed}, "
            f"{self.horizon_days} trading days)",
        ]
        if self.description:
            lines.append(self.description)
        lines += ["", "Market moves: median [p5, p95]", f"  {'':<14}{'peak':>26}    {'end':>26}"]
        for t in TENORS:
            y = d["yields_bp"][t]
            lines.append(f"  {t + ' yield, bp':<14}{q(y['peak']):>26}    {q(y['end']):>26}")
        for key, label in (("usdjpy_pct", "USD/JPY, %"), ("broad_dollar_pct", "broad $, %")):
            lines.append(
                f"  {label:<14}{q(d[key]['peak'], '{:+.2f}'):>26}    "
                f"{q(d[key]['end'], '{:+.2f}'):>26}"
            )
        if d["backstop_usd_bn"]["p95"] > 0:
            lines.append(
                f"  central-bank backstop purchases, USD bn: {q(d['backstop_usd_bn'], '{:.0f}')}"
            )
        lines += ["", "Who pays, USD bn (positive = loss): median [p5, p95]"]
        for line, vals in d["costs_usd_bn"].items():
            lines.append(f"  {line:<36}{q(vals):>26}")
        lines += ["", "Sources:"]
        lines += [f"  {k}: {v}" for k, v in self.sources.items()]
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)


def day_quantiles(
    paths: Float32Array,
    percentiles: Sequence[float] = tuple(QUANTILES.values()),
    *,
    dtype: type[np.floating[Any]] | None = None,
    block_days: int = 16,
) -> FloatArray:
    """Percentiles over draws of each day of ``(D, T)`` paths: ``(len(percentiles), T)``.

    Computed a block of days at a time (converted to ``dtype`` first, when given): the
    percentile routine copies its input, and a block keeps that copy small (the figures are
    those of one call on the whole array, each day's column being independent).
    """
    T = paths.shape[1]
    q = np.empty((len(percentiles), T))
    for d0 in range(0, T, block_days):
        d1 = min(d0 + block_days, T)
        block = paths[:, d0:d1] if dtype is None else paths[:, d0:d1].astype(dtype)
        q[:, d0:d1] = np.percentile(block, list(percentiles), axis=0)
    return q


def _write_parquet(frame: pd.DataFrame, path: Path) -> Path:
    return atomic_write_with(path, lambda tmp: frame.to_parquet(tmp, index=False))

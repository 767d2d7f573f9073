"""The result of a simulation: every draw's market paths and cost ledger, with the inputs that
produced them. Presentation layers (CLI, report) only format it.

JSON schema (``to_dict``), documented in docs/cli.md::

    {"scenario", "description", "as_of", "draws", "seed", "calibration", "state",
     "horizon_days",
     "yields_bp": {"2y"|"5y"|"10y"|"30y": {"peak": Q, "end": Q}},
     "usdjpy_pct": {"peak": Q, "end": Q}, "broad_dollar_pct": {"peak": Q, "end": Q},
     "backstop_usd_bn": Q,
     "fx_pct": {currency: {"peak": Q, "end": Q, "pegged": bool, "broad_weight_pct": float}},
     "contributions": {"shocks": {"labels": [...], "yields_bp": {tenor: {"peak": x, "end": x}},
                                  "usdjpy_pct": {...}, "broad_dollar_pct": {...}},
                       "flows": {"yields_bp": {tenor: {"peak": Q, "end": Q}},
                                 "usdjpy_pct": {...}, "broad_dollar_pct": {...}}},
     "costs_usd_bn": {line: Q},
     "sources": {...}, "notes": [...]}

with ``Q = {"p5", "p50", "p95"}``. Peaks are signed: the value on the day of the largest
absolute move. ``fx_pct`` has every currency the holders convert into (% of home currency per
USD; a pegged currency does not move). ``contributions`` splits each path into the shocks'
part (the same in every draw) and the rest (flows, with the backstop's response).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cardtable._io import atomic_write, atomic_write_with
from cardtable._json import dumps
from cardtable._quantiles import day_quantiles, quantiles
from cardtable._typing import TENORS, Float32Array, FloatArray
from cardtable.errors import InputError
from cardtable.market import BROAD_INDEX_WEIGHTS_PCT, ShockPaths, is_pegged
from cardtable.params import ParamDraws
from cardtable.views._frames import paths_frame, simulation_summary_frame
from cardtable.views._notebook import simulation_html

__all__ = ["PATH_PERCENTILES", "SimulationResult", "path_outputs", "signed_peak"]

#: Percentiles of :meth:`SimulationResult.path_quantiles` (fan charts; paths tables use
#: p5/p50/p95, rows 0, 2 and 4).
PATH_PERCENTILES = (5.0, 25.0, 50.0, 75.0, 95.0)


def signed_peak(paths: Float32Array) -> FloatArray:
    """The value on the day of the largest absolute move, per draw (last axis = time).

    Of two days with moves of equal size and opposite sign, the first. Computed from the
    running maximum and minimum (two reductions, no temporary of absolute values, no copy: a
    strided 2-d view such as one tenor of ``(D, T, 4)`` yields is reduced in place, which numpy
    does as fast as a contiguous array); only draws whose maximum and minimum tie in size are
    resolved by the position of the first.
    """
    hi, lo = paths.max(axis=-1), paths.min(axis=-1)
    out = np.where(-lo > hi, lo, hi)
    tie = (-lo == hi) & (hi != 0)
    if tie.any():
        rows = paths[tie]
        idx = np.abs(rows).argmax(axis=-1)
        out[tie] = np.take_along_axis(rows, idx[..., None], axis=-1)[..., 0]
    return np.asarray(out, dtype=np.float64)


def _same_view(a: Float32Array, b: Float32Array) -> bool:
    """Whether two arrays are views of the same memory with the same layout (same values)."""
    return a is b or a.__array_interface__ == b.__array_interface__


def path_outputs(
    yields_bp: Float32Array,
    usdjpy_pct: Float32Array,
    broad_dollar_pct: Float32Array,
    backstop_usd_bn: Float32Array | None,
    fx_pct: Mapping[str, Float32Array] | None = None,
    shocks: ShockPaths | None = None,
) -> dict[str, FloatArray]:
    """Per-draw summaries of market paths: signed peak and end move of every yield and
    exchange rate, and total backstop purchases.

    Parameters
    ----------
    yields_bp
        ``(D, T, 4)`` yield changes at 2y, 5y, 10y, 30y.
    usdjpy_pct, broad_dollar_pct, backstop_usd_bn
        ``(D, T)`` paths; ``backstop_usd_bn`` None when there is no backstop (no purchases).
    fx_pct
        Currency -> ``(D, T)`` paths: adds ``fx_<CUR>_peak_pct`` and ``fx_<CUR>_end_pct``.
    shocks
        The shocks' contribution: for every path a shock moves, adds the flows' part
        (``flows_yield_10y_peak_bp``, ``flows_usdjpy_end_pct``, ...: the path minus the shocks).

    Returns
    -------
    dict
        Output name (``yield_10y_peak_bp``, ``usdjpy_end_pct``, ...) -> ``(D,)`` values.
    """
    cols: dict[str, FloatArray] = {}
    for k, tenor in enumerate(TENORS):  # one tenor at a time: 2-d strided views, no copy
        cols[f"yield_{tenor}_peak_bp"] = signed_peak(yields_bp[:, :, k])
        cols[f"yield_{tenor}_end_bp"] = yields_bp[:, -1, k].astype(np.float64)
    for name, path in (("usdjpy", usdjpy_pct), ("broad_dollar", broad_dollar_pct)):
        cols[f"{name}_peak_pct"] = signed_peak(path)
        cols[f"{name}_end_pct"] = path[:, -1].astype(np.float64)
    cols["backstop_total_usd_bn"] = (
        np.zeros(yields_bp.shape[0])
        if backstop_usd_bn is None
        else backstop_usd_bn.sum(axis=1, dtype=np.float64)
    )
    for cur, arr in (fx_pct or {}).items():
        if _same_view(arr, usdjpy_pct):  # the yen's path is USD/JPY (one array in the engine)
            cols[f"fx_{cur}_peak_pct"] = cols["usdjpy_peak_pct"].copy()
        else:
            cols[f"fx_{cur}_peak_pct"] = signed_peak(arr)
        cols[f"fx_{cur}_end_pct"] = arr[:, -1].astype(np.float64)
    if shocks is not None:
        parts = [
            (f"yield_{t}", "bp", yields_bp[:, :, k], shocks.yields_bp[:, k])
            for k, t in enumerate(TENORS)
        ]
        parts += [
            ("usdjpy", "pct", usdjpy_pct, shocks.usdjpy_pct),
            ("broad_dollar", "pct", broad_dollar_pct, shocks.broad_dollar_pct),
        ]
        for name, unit, total, shock in parts:
            if shock.any():
                flows = total - shock.astype(np.float32)[None, :]
                cols[f"flows_{name}_peak_{unit}"] = signed_peak(flows)
                cols[f"flows_{name}_end_{unit}"] = flows[:, -1].astype(np.float64)
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
    fx_pct
        Currency -> ``(D, T)`` % change of home currency per USD, for every acting holder's
        currency (zero for a peg or when nothing is converted).
    shocks
        The shocks' contribution to the paths (same in every draw); None without shocks.
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
    fx_pct: Mapping[str, Float32Array] = field(default_factory=dict)
    shocks: ShockPaths | None = None
    summaries: Mapping[str, FloatArray] | None = field(default=None, repr=False)
    paths_kept: bool = True
    _day_quantiles: dict[str, FloatArray] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def path_quantiles(self, series: str) -> FloatArray:
        """``(5, T)`` day-by-day p5, p25, p50, p75, p95 over draws of one path
        (:data:`PATH_PERCENTILES`), computed once per result and shared by ``paths_frame``
        (p5/p50/p95) and the report's fan charts.

        Parameters
        ----------
        series
            ``yield_2y`` ... ``yield_30y``, ``usdjpy``, ``broad_dollar``, ``backstop``
            (cumulative purchases) or ``fx_<CUR>``.
        """
        self.require_paths(f"path_quantiles({series!r})")
        if series not in self._day_quantiles:
            self._day_quantiles[series] = day_quantiles(
                self._path(series), PATH_PERCENTILES, dtype=np.float64
            )
        return self._day_quantiles[series]

    def _path(self, series: str) -> Float32Array | FloatArray:
        tenors = {f"yield_{t}": k for k, t in enumerate(TENORS)}
        if series in tenors:
            return self.yields_bp[:, :, tenors[series]]
        if series == "usdjpy":
            return self.usdjpy_pct
        if series == "broad_dollar":
            return self.broad_dollar_pct
        if series == "backstop":
            return np.cumsum(self.backstop_usd_bn, axis=1)
        if series.startswith("fx_") and series[3:] in self.fx_pct:
            return self.fx_pct[series[3:]]
        allowed = [*tenors, "usdjpy", "broad_dollar", "backstop"]
        allowed += [f"fx_{c}" for c in self.fx_pct]
        raise InputError("series", series, f"one of {', '.join(allowed)}")

    def require_paths(self, what: str) -> None:
        """Raise unless the market paths were kept (``simulate(..., keep_paths=False)`` keeps
        only the per-draw summaries, which is all the text summary and JSON need).

        Raises
        ------
        InputError
            Naming ``keep_paths`` and what needed the paths.
        """
        if not self.paths_kept:
            raise InputError("keep_paths", False, f"True: {what} needs the day-by-day paths")

    # ------------------------------------------------------------------ per-draw statistics
    def _paths_summary(self) -> Mapping[str, FloatArray]:
        if self.summaries is not None:
            return self.summaries
        return path_outputs(
            self.yields_bp,
            self.usdjpy_pct,
            self.broad_dollar_pct,
            self.backstop_usd_bn,
            self.fx_pct,
            self.shocks,
        )

    def yield_peak_bp(self) -> FloatArray:
        """``(D, 4)`` signed peak move per tenor."""
        s = self._paths_summary()
        return np.stack([s[f"yield_{t}_peak_bp"] for t in TENORS], axis=1)

    def yield_end_bp(self) -> FloatArray:
        """``(D, 4)`` move on the last day per tenor."""
        s = self._paths_summary()
        return np.stack([s[f"yield_{t}_end_bp"] for t in TENORS], axis=1)

    def draw_outputs(self) -> dict[str, FloatArray]:
        """Every per-draw output: :func:`path_outputs` (each currency's peak and end included;
        the flows' parts apart from shocks are not outputs of their own), then
        ``cost_<line>_usd_bn``."""
        s = self._paths_summary()
        cols = {k: v for k, v in s.items() if not k.startswith("flows_")}
        for cur, arr in self.fx_pct.items():
            if f"fx_{cur}_peak_pct" not in cols:
                cols[f"fx_{cur}_peak_pct"] = signed_peak(arr)
                cols[f"fx_{cur}_end_pct"] = arr[:, -1].astype(np.float64)
        for line, values in self.costs_usd_bn.items():
            cols[f"cost_{line}_usd_bn"] = values
        return cols

    def to_frame(self, *, copy: bool = True) -> pd.DataFrame:
        """One row per draw: peak and end moves, costs and the parameters drawn.

        With ``copy=False`` the frame's columns are the result's own arrays (no copy: 77 MB
        less at 100,000 draws, which the file exports use); the frame must then be read, not
        written to.
        """
        params = {f"param_{k}": v for k, v in self.params.items()}
        return pd.DataFrame({**self.draw_outputs(), **params}, copy=copy)

    def summary_frame(self) -> pd.DataFrame:
        """One row per output (index ``output``): unit, p5, p50, p95 over the draws."""
        return simulation_summary_frame(self)

    def paths_frame(self) -> pd.DataFrame:
        """p5/p50/p95 of every path on trading dates (index ``date``), market levels beside
        the changes (columns like ``yield_10y_change_bp_p50``, ``yield_10y_level_pct_p50``)."""
        self.require_paths("paths_frame()")
        return paths_frame(self)

    def _repr_html_(self) -> str:
        self.require_paths("the notebook view")
        return simulation_html(self)

    def __repr__(self) -> str:
        return (
            f"SimulationResult(scenario={self.scenario!r}, as_of={self.as_of!r}, "
            f"draws={self.draws}, seed={self.seed}, calibration={self.calibration!r}, "
            f"horizon_days={self.horizon_days})"
        )

    # ------------------------------------------------------------------ JSON
    def to_dict(self) -> dict[str, Any]:
        """The documented JSON object (docs/cli.md)."""
        s = self._paths_summary()
        totals: dict[str, Any] = {
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
        }
        return {
            "scenario": self.scenario,
            "description": self.description,
            "as_of": self.as_of,
            "draws": self.draws,
            "seed": self.seed,
            "calibration": self.calibration,
            "state": self.state,
            "horizon_days": self.horizon_days,
            **totals,
            "backstop_usd_bn": quantiles(s["backstop_total_usd_bn"]),
            "fx_pct": self._fx_dict(totals["usdjpy_pct"]),
            "contributions": self._contributions(totals),
            "costs_usd_bn": {k: quantiles(v) for k, v in self.costs_usd_bn.items()},
            "sources": dict(self.sources),
            "notes": list(self.notes),
        }

    def _fx_dict(self, usdjpy: dict[str, Any]) -> dict[str, Any]:
        """``fx_pct`` entries; the yen's path is ``usdjpy_pct`` (its quantiles are reused)."""
        s = self._paths_summary()

        def moves(cur: str, arr: Float32Array) -> dict[str, Any]:
            if cur == "JPY":
                return usdjpy
            if f"fx_{cur}_peak_pct" in s:
                return {
                    "peak": quantiles(s[f"fx_{cur}_peak_pct"]),
                    "end": quantiles(s[f"fx_{cur}_end_pct"]),
                }
            return {"peak": quantiles(signed_peak(arr)), "end": quantiles(arr[:, -1])}

        return {
            cur: {
                **moves(cur, arr),
                "pegged": is_pegged(cur),
                "broad_weight_pct": BROAD_INDEX_WEIGHTS_PCT.get(cur, 0.0),
            }
            for cur, arr in self.fx_pct.items()
        }

    def _contributions(self, totals: dict[str, Any]) -> dict[str, Any]:
        """Shocks' part (deterministic) and the flows' part (total minus shocks) of each path;
        ``totals`` (the paths' own quantiles) is the flows' part of a path no shock moves."""
        T = self.horizon_days
        sh = self.shocks
        if sh is None:
            sh = ShockPaths(np.zeros((T, 4)), np.zeros(T), np.zeros(T))

        def fixed(path: FloatArray) -> dict[str, float]:
            i = int(np.abs(path).argmax())
            return {"peak": float(path[i]), "end": float(path[-1])}

        s = self._paths_summary()

        def rest(key: str, total: Float32Array, path: FloatArray, same: Any) -> Any:
            if not path.any():
                return same
            name, unit = key.rsplit("_", 1)
            peak, end = f"flows_{name}_peak_{unit}", f"flows_{name}_end_{unit}"
            if peak in s:  # computed by the engine as it wrote the paths
                return {"peak": quantiles(s[peak]), "end": quantiles(s[end])}
            flows = total - path.astype(np.float32)[None, :]
            return {"peak": quantiles(signed_peak(flows)), "end": quantiles(flows[:, -1])}

        return {
            "shocks": {
                "labels": list(sh.labels),
                "yields_bp": {t: fixed(sh.yields_bp[:, k]) for k, t in enumerate(TENORS)},
                "usdjpy_pct": fixed(sh.usdjpy_pct),
                "broad_dollar_pct": fixed(sh.broad_dollar_pct),
            },
            "flows": {
                "yields_bp": {
                    t: rest(
                        f"yield_{t}_bp",
                        self.yields_bp[:, :, k],
                        sh.yields_bp[:, k],
                        totals["yields_bp"][t],
                    )
                    for k, t in enumerate(TENORS)
                },
                "usdjpy_pct": rest(
                    "usdjpy_pct", self.usdjpy_pct, sh.usdjpy_pct, totals["usdjpy_pct"]
                ),
                "broad_dollar_pct": rest(
                    "broad_dollar_pct",
                    self.broad_dollar_pct,
                    sh.broad_dollar_pct,
                    totals["broad_dollar_pct"],
                ),
            },
        }

    def to_json(self, indent: int | None = 2) -> str:
        """``to_dict()`` as JSON text."""
        return dumps(self.to_dict(), indent=indent)

    def write(self, out_dir: str | Path) -> list[Path]:
        """Write ``result.json``, ``draws.parquet`` (one row per draw) and
        ``paths.parquet`` (quantile paths) into ``out_dir``, each atomically (mode 0644).

        Returns
        -------
        list of Path
            The files written.
        """
        self.require_paths("write() (paths.parquet)")
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        written = [
            atomic_write(out / "result.json", self.to_json().encode()),
            _write_parquet(self.to_frame(), out / "draws.parquet"),
            _write_parquet(self.paths_frame().reset_index(), out / "paths.parquet"),
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
        for cur, v in d["fx_pct"].items():
            if cur == "JPY":
                continue
            label = f"{cur}/USD, %" + (" (pegged: does not move)" if v["pegged"] else "")
            lines.append(
                f"  {label:<14}{q(v['peak'], '{:+.2f}'):>26}    {q(v['end'], '{:+.2f}'):>26}"
            )
        shocks = d["contributions"]["shocks"]
        if shocks["labels"]:
            y10 = shocks["yields_bp"]["10y"]
            lines.append(
                f"  of which shocks ({', '.join(shocks['labels'])}): 10y {y10['end']:+.1f} bp, "
                f"broad $ {shocks['broad_dollar_pct']['end']:+.2f}% at the end"
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


def _write_parquet(frame: pd.DataFrame, path: Path) -> Path:
    return atomic_write_with(path, lambda tmp: frame.to_parquet(tmp, index=False))

"""The result of a sweep: p5 / p50 / p95 of every output at every grid point, and elasticities
at the centre of the grid.

Elasticity of output ``y`` with respect to a numeric axis ``x`` at the centre point ``c`` (every
axis at its centre value, the lower middle one for an even count), by central differences::

    e = ln(y(x_hi) / y(x_lo)) / ln(x_hi / x_lo)

with ``x_lo``, ``x_hi`` the axis's neighbours of its centre value (the centre itself at an end
of the axis: a one-sided difference) and every other axis at its centre. It is the arc
elasticity d ln y / d ln x. It is undefined (NaN) when the axis has one value or
non-numeric values, when ``x_lo`` or ``x_hi`` is not positive, or when ``y(x_lo)`` and
``y(x_hi)`` are zero or of opposite signs. Elasticities are given for p5, p50 and p95.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from cardtable._io import atomic_write_with
from cardtable._json import dumps
from cardtable._quantiles import QUANTILES
from cardtable.errors import InputError
from cardtable.sweep._grid import GridAxis, Value
from cardtable.sweep._outputs import Quantiles

__all__ = ["SweepResult"]


@dataclass(frozen=True)
class SweepResult:
    """Every grid point's outputs.

    Attributes
    ----------
    scenario, calibration, draws, seed
        What was swept, with which draws (the same seed at every point).
    axes
        The grid.
    points
        ``{axis: value}`` per grid point (last axis fastest).
    outputs
        Per point: output name -> p5 / p50 / p95.
    key
        Hash of scenario, grid, draws and seed (names the stored points under ``out_dir``).
    points_per_task, task_seconds, wall_seconds, resumed_points
        How it ran: points per task, seconds of each task run now, wall seconds, points
        found finished on disk.
    """

    scenario: str
    calibration: str
    draws: int
    seed: int
    axes: tuple[GridAxis, ...]
    points: tuple[dict[str, Value], ...]
    outputs: tuple[dict[str, Quantiles], ...]
    key: str
    points_per_task: int = 1
    task_seconds: tuple[float, ...] = ()
    wall_seconds: float = float("nan")
    resumed_points: int = 0

    @property
    def output_names(self) -> list[str]:
        """Output names, in the order of the first point."""
        return list(self.outputs[0]) if self.outputs else []

    # ------------------------------------------------------------------ tables
    def to_frame(self) -> pd.DataFrame:
        """Tidy table: one row per grid point and output, columns ``point``, one column per
        axis, ``output``, ``p5``, ``p50``, ``p95``."""
        rows: list[dict[str, Any]] = []
        for i, (point, outs) in enumerate(zip(self.points, self.outputs, strict=True)):
            for name, q in outs.items():
                rows.append({"point": i, **point, "output": name, **q})
        return pd.DataFrame(rows)

    def _index(self, coords: list[int]) -> int:
        index = 0
        for axis, c in zip(self.axes, coords, strict=True):
            index = index * len(axis.values) + c
        return index

    def centre(self) -> dict[str, Value]:
        """The centre point (every axis at its centre value)."""
        return {a.name: a.values[a.centre_index] for a in self.axes}

    def elasticities(self) -> pd.DataFrame:
        """d ln output / d ln input at the centre, per numeric axis and output (module docs).

        Columns: ``axis``, ``x_low``, ``x_centre``, ``x_high``, ``output``, then
        ``elasticity_p5``, ``elasticity_p50``, ``elasticity_p95``.
        """
        centre = [a.centre_index for a in self.axes]
        rows: list[dict[str, Any]] = []
        for k, axis in enumerate(self.axes):
            if not axis.numeric or len(axis.values) < 2:
                continue
            lo_c, hi_c = list(centre), list(centre)
            lo_c[k] = max(centre[k] - 1, 0)
            hi_c[k] = min(centre[k] + 1, len(axis.values) - 1)
            x_lo, x_hi = float(axis.values[lo_c[k]]), float(axis.values[hi_c[k]])
            y_lo, y_hi = self.outputs[self._index(lo_c)], self.outputs[self._index(hi_c)]
            for name in self.output_names:
                row: dict[str, Any] = {
                    "axis": axis.name,
                    "x_low": x_lo,
                    "x_centre": float(axis.values[centre[k]]),
                    "x_high": x_hi,
                    "output": name,
                }
                for q in QUANTILES:
                    row[f"elasticity_{q}"] = _arc_elasticity(
                        x_lo, x_hi, y_lo[name][q], y_hi[name][q]
                    )
                rows.append(row)
        return pd.DataFrame(rows)

    # ------------------------------------------------------------------ JSON, files, text
    def to_dict(self) -> dict[str, Any]:
        """Everything as JSON-ready data (NaN as null)."""
        return {
            "scenario": self.scenario,
            "calibration": self.calibration,
            "draws": self.draws,
            "seed": self.seed,
            "key": self.key,
            "grid": {a.name: list(a.values) for a in self.axes},
            "centre": self.centre(),
            "points": [
                {"point": i, "values": p, "outputs": _clean(o)}
                for i, (p, o) in enumerate(zip(self.points, self.outputs, strict=True))
            ],
            "elasticities": _clean(self.elasticities().to_dict(orient="records")),
        }

    def to_json(self, indent: int | None = 2) -> str:
        """``to_dict()`` as JSON text."""
        return dumps(self.to_dict(), indent=indent)

    def write(self, out_dir: str | Path) -> list[Path]:
        """Write ``sweep.parquet``, ``sweep.csv`` (:meth:`to_frame`), ``elasticities.parquet``
        and ``elasticities.csv`` into ``out_dir``, each atomically.

        Returns
        -------
        list of Path
        """
        out = Path(out_dir)
        try:
            out.mkdir(parents=True, exist_ok=True)
            written = []
            for stem, frame in (("sweep", self.to_frame()), ("elasticities", self.elasticities())):
                written.append(_write_parquet(frame, out / f"{stem}.parquet"))
                written.append(_write_csv(frame, out / f"{stem}.csv"))
        except OSError as exc:
            raise InputError("out_dir", str(out), f"cannot be written: {exc.strerror}") from None
        return written

    def summary(self) -> str:
        """Plain text: the grid, then the p50 elasticities at the centre."""
        lines = [
            f"Sweep of {self.scenario} ({len(self.points):,} points, {self.draws:,} draws, seed "
            f"{self.seed}, calibration {self.calibration})",
        ]
        for a in self.axes:
            shown = ", ".join(str(v) for v in a.values[:8]) + (", ..." if len(a.values) > 8 else "")
            lines.append(f"  {a.name}: {shown}")
        el = self.elasticities()
        if el.empty:
            lines.append("No elasticities (no numeric axis with two or more values).")
            return "\n".join(lines)
        lines += ["", "Elasticities at the centre, d ln(p50 output) / d ln(input):"]
        for axis, group in el.groupby("axis", sort=False):
            g0 = group.iloc[0]
            lines.append(
                f"  {axis} (around {g0['x_centre']:g}: {g0['x_low']:g} to {g0['x_high']:g})"
            )
            for r in group.itertuples():
                e = float(r.elasticity_p50)  # type: ignore[arg-type]
                lines.append(f"    {r.output:<44}{'n/a' if math.isnan(e) else f'{e:+.3f}':>10}")
        return "\n".join(lines)


def _write_parquet(frame: pd.DataFrame, path: Path) -> Path:
    return atomic_write_with(path, lambda tmp: frame.to_parquet(tmp, index=False))


def _write_csv(frame: pd.DataFrame, path: Path) -> Path:
    return atomic_write_with(path, lambda tmp: frame.to_csv(tmp, index=False))


def _arc_elasticity(x_lo: float, x_hi: float, y_lo: float, y_hi: float) -> float:
    if not (x_lo > 0 and x_hi > 0 and x_lo != x_hi):
        return float("nan")
    if not (math.isfinite(y_lo) and math.isfinite(y_hi)) or y_lo == 0 or y_hi / y_lo <= 0:
        return float("nan")
    return math.log(y_hi / y_lo) / math.log(x_hi / x_lo)


def _clean(obj: Any) -> Any:
    """NaN -> None, recursively (strict JSON)."""
    if isinstance(obj, float):
        return None if math.isnan(obj) else obj
    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_clean(v) for v in obj]
    return obj

"""Sweep grids: ``NAME=START:STOP:STEP`` (inclusive of STOP) or ``NAME=v1,v2,...``; their
cartesian product is the list of grid points, in row-major order (the last axis varies
fastest)."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from cardtable.errors import InputError

__all__ = ["MAX_POINTS", "GridAxis", "Value", "grid_points", "parse_axis", "parse_grid"]

#: A value one grid axis takes (a number, a switch or a name).
Value = float | int | bool | str
#: Most grid points one sweep may have (keeps a typo such as ``0:1e9:1`` from hanging).
MAX_POINTS = 100_000
_ALLOWED = "NAME=START:STOP:STEP (STOP included) or NAME=v1,v2,..."


@dataclass(frozen=True)
class GridAxis:
    """One swept input and the values it takes.

    Attributes
    ----------
    name
        A registry parameter (``flow_impact_bp_per_100bn``) or a scenario field path
        (``actors[0].sell.amount_usd_bn``).
    values
        The values, in order.
    """

    name: str
    values: tuple[Value, ...]

    @property
    def numeric(self) -> bool:
        """True when every value is a real number (elasticities are defined)."""
        return all(isinstance(v, int | float) and not isinstance(v, bool) for v in self.values)

    @property
    def centre_index(self) -> int:
        """Index of the centre value (the lower middle one for an even count)."""
        return (len(self.values) - 1) // 2


def _scalar(text: str) -> Value:
    t = text.strip()
    if t.lower() in ("true", "false"):
        return t.lower() == "true"
    try:
        return int(t)
    except ValueError:
        pass
    try:
        x = float(t)
    except ValueError:
        return t
    if not math.isfinite(x):
        raise InputError("grid", text, "finite numbers")
    return x


def _tidy(x: float) -> float | int:
    """Drop floating-point noise from ``start + i * step`` (12 significant digits)."""
    y = float(f"{x:.12g}")
    return int(y) if y.is_integer() and abs(y) < 2**53 else y


def parse_axis(spec: str) -> GridAxis:
    """Parse one ``NAME=START:STOP:STEP`` or ``NAME=v1,v2,...`` specification.

    Parameters
    ----------
    spec
        The text, e.g. ``actors[0].sell.amount_usd_bn=50:500:50``.

    Returns
    -------
    GridAxis
    """
    name, sep, rest = spec.partition("=")
    name, rest = name.strip(), rest.strip()
    if not sep or not name or not rest:
        raise InputError("grid", spec, _ALLOWED)
    if ":" in rest:
        parts = rest.split(":")
        nums = [_scalar(p) for p in parts]
        if len(parts) != 3 or not all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in nums
        ):
            raise InputError("grid", spec, _ALLOWED)
        start, stop, step = (float(v) for v in nums)
        if step <= 0 or stop < start:
            raise InputError("grid", spec, "START <= STOP and STEP > 0")
        count = math.floor((stop - start) / step + 1e-9) + 1
        if count > MAX_POINTS:
            raise InputError("grid", spec, f"at most {MAX_POINTS:,} values per axis")
        all_int = all(isinstance(v, int) for v in nums)
        values: tuple[Value, ...] = tuple(
            int(start) + i * int(step) if all_int else _tidy(start + i * step) for i in range(count)
        )
    else:
        values = tuple(_scalar(p) for p in rest.split(",") if p.strip())
        if not values:
            raise InputError("grid", spec, _ALLOWED)
    if len(set(values)) != len(values):
        raise InputError("grid", spec, "distinct values")
    return GridAxis(name, values)


def parse_grid(grid: Iterable[str] | Mapping[str, Sequence[Value]]) -> tuple[GridAxis, ...]:
    """Grid axes from specification strings or from a ``{name: values}`` mapping.

    Raises
    ------
    InputError
        ``grid`` when an axis is malformed, named twice, or the grid has too many points.
    """
    if isinstance(grid, Mapping):
        axes = tuple(GridAxis(str(k), tuple(v)) for k, v in grid.items())
        for a in axes:
            if not a.values or len(set(a.values)) != len(a.values):
                raise InputError("grid", f"{a.name}={a.values}", "distinct values, at least one")
    else:
        axes = tuple(parse_axis(s) for s in grid)
    if not axes:
        raise InputError("grid", "(none)", f"at least one axis: {_ALLOWED}")
    names = [a.name for a in axes]
    for n in names:
        if names.count(n) > 1:
            raise InputError("grid", n, "each name once")
        if n in ("draws", "seed"):
            raise InputError(
                "grid",
                n,
                "scenario fields or registry parameters; draws and seed "
                "are the sweep's own arguments",
            )
    total = math.prod(len(a.values) for a in axes)
    if total > MAX_POINTS:
        raise InputError("grid", f"{total:,} points", f"at most {MAX_POINTS:,} grid points")
    return axes


def grid_points(axes: Sequence[GridAxis]) -> list[dict[str, Value]]:
    """The cartesian product of the axes, one ``{name: value}`` per point (last axis fastest)."""
    names = [a.name for a in axes]
    return [
        dict(zip(names, combo, strict=True))
        for combo in itertools.product(*(a.values for a in axes))
    ]

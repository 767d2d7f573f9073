"""Shocks: exogenous moves of yields and the dollar that no flow in the scenario explains.

A shock is a stated move (bp by tenor, % of USD/JPY and of the broad dollar) that builds up
linearly over ``ramp_days`` from ``start_day`` and then decays with ``half_life_days`` (never,
if infinite). Shocks add to the flow-driven paths; they are the same in every parameter draw, so
their contribution is one ``(T, 4)`` yield path and ``(T,)`` FX paths, reported apart from the
flows (``ShockPaths``) so that an observed move can be split between flows and the rest.

Profile of shock ``i`` on day ``t`` (``s = start_day``, ``R = ramp_days``, ``h = half_life``)::

    f_i(t) = 0                                  t < s
           = (t - s + 1) / R                    s <= t < s + R
           = 2 ** (-(t - s - R + 1) / h)        t >= s + R - 1

and the paths are ``Y[t, k] = sum_i f_i(t) * yields_bp[i, k]`` (one matrix product), likewise for
USD/JPY and the broad dollar. Currencies other than the yen move with the broad dollar (a common
dollar factor); currencies pegged to the dollar do not move. See docs/market.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from cardtable._typing import Float32Array, FloatArray
from cardtable.errors import InputError
from cardtable.market._fx import PEGGED_TO_USD

__all__ = ["ShockPaths", "ShockSpec", "add_shocks", "shock_paths", "shock_profiles"]

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class ShockSpec:
    """S shocks as arrays (the market model's form of ``[[shocks]]``).

    Attributes
    ----------
    yields_bp
        ``(S, 4)`` full-size move of the 2y, 5y, 10y, 30y yields, bp.
    usdjpy_pct
        ``(S,)`` full-size % move of yen per dollar (negative = stronger yen).
    broad_dollar_pct
        ``(S,)`` full-size % move of the broad dollar (negative = weaker dollar).
    start_day
        ``(S,)`` first trading day of the shock (0 = first simulated day).
    ramp_days
        ``(S,)`` trading days over which it builds up linearly (>= 1; 1 = all on day one).
    half_life_days
        ``(S,)`` half-life of the decay after the build-up; ``inf`` = persistent.
    labels
        One name per shock (preset or kind), for reports.
    """

    yields_bp: FloatArray
    usdjpy_pct: FloatArray
    broad_dollar_pct: FloatArray
    start_day: IntArray
    ramp_days: IntArray
    half_life_days: FloatArray
    labels: tuple[str, ...] = field(default_factory=tuple)

    @property
    def n(self) -> int:
        """Number of shocks S."""
        return int(np.shape(self.start_day)[0])

    @classmethod
    def empty(cls) -> ShockSpec:
        """No shock."""
        z = np.zeros(0)
        i = np.zeros(0, dtype=np.int64)
        return cls(np.zeros((0, 4)), z, z, i, i, z, ())

    def checked(self) -> ShockSpec:
        """Validated float64 / int64 copies.

        Raises
        ------
        InputError
            For a wrong shape, a non-finite move, a negative start, a ramp below one day or a
            half-life that is not positive.
        """
        start = np.asarray(self.start_day, dtype=np.int64).reshape(-1)
        S = start.shape[0]
        y = np.asarray(self.yields_bp, dtype=np.float64)
        if y.shape != (S, 4) or not np.all(np.isfinite(y)):
            raise InputError("shocks.yields_bp", f"shape {y.shape}", f"a finite ({S}, 4) array")
        out: dict[str, FloatArray] = {}
        for name in ("usdjpy_pct", "broad_dollar_pct"):
            arr = np.asarray(getattr(self, name), dtype=np.float64)
            if arr.shape != (S,) or not np.all(np.isfinite(arr)):
                raise InputError(f"shocks.{name}", f"shape {arr.shape}", f"a finite ({S},) array")
            out[name] = arr
        ramp = np.asarray(self.ramp_days, dtype=np.int64).reshape(-1)
        half = np.asarray(self.half_life_days, dtype=np.float64).reshape(-1)
        if np.any(start < 0):
            raise InputError("shocks.start_day", start.min(), "a trading day >= 0")
        if ramp.shape != (S,) or np.any(ramp < 1):
            raise InputError("shocks.ramp_days", ramp.tolist(), "one whole number >= 1 per shock")
        if half.shape != (S,) or np.any(np.isnan(half)) or np.any(half <= 0):
            raise InputError(
                "shocks.half_life_days", half.tolist(), "one half-life > 0 per shock (inf: none)"
            )
        labels = (
            tuple(self.labels) if len(self.labels) == S else tuple(f"shock{i}" for i in range(S))
        )
        return ShockSpec(y, out["usdjpy_pct"], out["broad_dollar_pct"], start, ramp, half, labels)


def shock_profiles(spec: ShockSpec, T: int) -> FloatArray:
    """``(S, T)`` share of each shock's full size in effect on each day (see module docstring)."""
    s = spec.checked()
    t = np.arange(T, dtype=np.float64)[None, :]
    start = s.start_day[:, None].astype(np.float64)
    ramp = s.ramp_days[:, None].astype(np.float64)
    build = np.clip((t - start + 1.0) / ramp, 0.0, 1.0)
    after = np.maximum(t - start - ramp + 1.0, 0.0)
    decay = np.exp2(-after / s.half_life_days[:, None])  # an infinite half-life gives 2**-0 = 1
    out: FloatArray = build * decay
    return out


@dataclass(frozen=True)
class ShockPaths:
    """The shocks' contribution to the market paths (the same in every draw).

    Attributes
    ----------
    yields_bp
        ``(T, 4)`` bp added to the 2y, 5y, 10y, 30y.
    usdjpy_pct
        ``(T,)`` % added to USD/JPY.
    broad_dollar_pct
        ``(T,)`` % added to the broad dollar; other floating currencies move with it.
    labels
        The shocks' names.
    """

    yields_bp: FloatArray
    usdjpy_pct: FloatArray
    broad_dollar_pct: FloatArray
    labels: tuple[str, ...] = ()

    @property
    def any(self) -> bool:
        """Whether any shock moves anything."""
        return bool(self.yields_bp.any() or self.usdjpy_pct.any() or self.broad_dollar_pct.any())

    def currency_pct(self, currency: str) -> FloatArray:
        """``(T,)`` % move of ``currency`` per USD: the yen's own path, zero for the dollar and
        dollar pegs, the broad dollar's for other floating currencies."""
        cur = currency.upper()
        if cur == "JPY":
            return self.usdjpy_pct
        if cur == "USD" or cur in PEGGED_TO_USD:
            return np.zeros_like(self.broad_dollar_pct)
        return self.broad_dollar_pct


def shock_paths(spec: ShockSpec | None, T: int) -> ShockPaths:
    """The shocks' ``(T, 4)`` yield and ``(T,)`` FX paths, vectorised over shocks.

    Parameters
    ----------
    spec
        Shocks (``None`` or empty: zero paths).
    T
        Horizon in trading days.
    """
    if T < 1:
        raise InputError("T", T, "a horizon of at least one trading day")
    if spec is None or spec.n == 0:
        return ShockPaths(np.zeros((T, 4)), np.zeros(T), np.zeros(T))
    s = spec.checked()
    f = shock_profiles(s, T)  # (S, T)
    return ShockPaths(
        yields_bp=f.T @ s.yields_bp,
        usdjpy_pct=f.T @ s.usdjpy_pct,
        broad_dollar_pct=f.T @ s.broad_dollar_pct,
        labels=s.labels,
    )


def add_shocks(
    shocks: ShockPaths,
    yields: Float32Array | None = None,
    fx: Mapping[str, Float32Array] | None = None,
    extra: Iterable[tuple[Float32Array, FloatArray]] = (),
) -> None:
    """Add the shocks' paths in place: to ``(D, T, 4)`` yields, to each currency's ``(D, T)``
    path in ``fx``, and to each ``(array, path)`` pair in ``extra``."""
    if yields is not None and shocks.yields_bp.any():
        yields += shocks.yields_bp.astype(np.float32)[None, :, :]
    for cur, arr in (fx or {}).items():
        path = shocks.currency_pct(cur)
        if path.any():
            arr += path.astype(np.float32)[None, :]
    for arr, path in extra:
        if path.any():
            arr += path.astype(np.float32)[None, :]

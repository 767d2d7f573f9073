"""Inputs and outputs of the market model (shapes: D draws, T trading days, B = 3 buckets)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from cardtable._typing import Float32Array, FloatArray
from cardtable.errors import InputError

__all__ = ["Flows", "MarketContext", "MarketPaths"]

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class MarketContext:
    """Market size at the as-of month.

    Attributes
    ----------
    as_of
        Month ``YYYY-MM``.
    foreign_holdings_usd_bn
        TIC Grand Total of foreign holdings of Treasuries at ``as_of``.
    marketable_debt_usd_bn
        MSPD marketable debt held by the public at ``as_of``.
    """

    as_of: str
    foreign_holdings_usd_bn: float
    marketable_debt_usd_bn: float

    def __post_init__(self) -> None:
        if not _MONTH.match(self.as_of):
            raise InputError("as_of", self.as_of, "a month written YYYY-MM")
        for name in ("foreign_holdings_usd_bn", "marketable_debt_usd_bn"):
            value = getattr(self, name)
            if not np.isfinite(value) or value <= 0:
                raise InputError(name, value, "a positive number of USD bn")


@dataclass(frozen=True)
class Flows:
    """Daily flows of all actors summed (USD bn per trading day).

    Attributes
    ----------
    sell_usd_bn
        ``(T, 3)`` >= 0, sales by day and bucket (bills, notes, bonds).
    forgone_usd_bn
        ``(T, 3)`` >= 0, purchases forgone (stop buying).
    converted_usd_bn
        Currency code -> ``(T,)`` USD bn of proceeds converted into that currency per day.
    threat_usd_bn
        ``(T, 3)`` >= 0, the announced (not executed) sale schedule.
    threat_probability
        Probability of execution the market prices, in [0, 1].
    """

    sell_usd_bn: FloatArray
    forgone_usd_bn: FloatArray
    converted_usd_bn: Mapping[str, FloatArray] = field(default_factory=dict)
    threat_usd_bn: FloatArray | None = None
    threat_probability: float = 0.0

    @property
    def horizon_days(self) -> int:
        """Number of trading days T."""
        return int(np.shape(self.sell_usd_bn)[0])

    def checked(self) -> tuple[FloatArray, FloatArray, FloatArray, dict[str, FloatArray]]:
        """Validated float64 copies: sell, forgone, threat ``(T, 3)`` and conversions ``(T,)``.

        Raises
        ------
        InputError
            For a wrong shape, a negative or non-finite flow, or a probability outside [0, 1].
        """
        sell = _flow("flows.sell_usd_bn", self.sell_usd_bn, None)
        T = sell.shape[0]
        forgone = _flow("flows.forgone_usd_bn", self.forgone_usd_bn, T)
        threat = (
            np.zeros_like(sell)
            if self.threat_usd_bn is None
            else _flow("flows.threat_usd_bn", self.threat_usd_bn, T)
        )
        p = self.threat_probability
        if not (np.isfinite(p) and 0.0 <= p <= 1.0):
            raise InputError("flows.threat_probability", p, "a probability in [0, 1]")
        conv: dict[str, FloatArray] = {}
        for cur, series in self.converted_usd_bn.items():
            arr = np.asarray(series, dtype=np.float64)
            if arr.shape != (T,) or not np.all(np.isfinite(arr)) or np.any(arr < 0):
                raise InputError(
                    f"flows.converted_usd_bn[{cur!r}]",
                    f"shape {arr.shape}",
                    f"a ({T},) array of USD bn >= 0",
                )
            conv[str(cur).upper()] = arr
        return sell, forgone, threat, conv


def _flow(name: str, value: FloatArray, T: int | None) -> FloatArray:
    arr = np.asarray(value, dtype=np.float64)
    if arr.ndim != 2 or arr.shape[1] != 3 or (T is not None and arr.shape[0] != T):
        want = f"({T if T is not None else 'T'}, 3)"
        raise InputError(name, f"shape {arr.shape}", f"an array of shape {want} (days x buckets)")
    if arr.shape[0] < 1:
        raise InputError(name, "0 days", "a horizon of at least one trading day")
    if not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise InputError(name, "negative or non-finite values", "USD bn >= 0 on every day")
    return arr


@dataclass(frozen=True)
class MarketPaths:
    """Simulated market paths (float32 to keep 100,000 draws x 252 days in memory).

    Attributes
    ----------
    yields_bp
        ``(D, T, 4)`` change vs as-of of the 2y, 5y, 10y, 30y yields, bp.
    usdjpy_pct
        ``(D, T)`` % change in yen per dollar (negative = stronger yen).
    broad_dollar_pct
        ``(D, T)`` % change of the Fed's broad dollar index.
    fx_pct
        Currency -> ``(D, T)`` % change of home-currency units per USD.
    backstop_usd_bn
        ``(D, T)`` central-bank purchases per day, USD bn.
    """

    yields_bp: Float32Array
    usdjpy_pct: Float32Array
    broad_dollar_pct: Float32Array
    fx_pct: Mapping[str, Float32Array]
    backstop_usd_bn: Float32Array

    @property
    def draws(self) -> int:
        """Number of draws D."""
        return int(self.yields_bp.shape[0])

    @property
    def horizon_days(self) -> int:
        """Number of trading days T."""
        return int(self.yields_bp.shape[1])

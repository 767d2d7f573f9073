"""Inputs and outputs of the market model (shapes: D draws, T trading days, B = 3 buckets)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from cardtable._typing import Float32Array, FloatArray
from cardtable.errors import InputError
from cardtable.market._shocks import ShockSpec, shock_paths

if TYPE_CHECKING:
    from cardtable.market._fx_tail import FxTail

__all__ = ["Flows", "MarketContext", "MarketPaths", "MarketTail"]

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class MarketContext:
    """Market size at the as-of month, and marketable debt along the horizon.

    Attributes
    ----------
    as_of
        Month ``YYYY-MM``.
    foreign_holdings_usd_bn
        TIC Grand Total of foreign holdings of Treasuries at ``as_of``.
    marketable_debt_usd_bn
        MSPD marketable debt held by the public at ``as_of``.
    marketable_debt_path_usd_bn
        ``(months,)`` marketable debt held by the public by month from ``as_of`` (month 0),
        against which the stock effect is measured (:func:`cardtable.market.marketable_debt_path`:
        MSPD data, then CBO's projection). None: ``marketable_debt_usd_bn`` grown as CBO
        projects (:func:`cardtable.market.projected_size_path`).
    """

    as_of: str
    foreign_holdings_usd_bn: float
    marketable_debt_usd_bn: float
    marketable_debt_path_usd_bn: FloatArray | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if not _MONTH.match(self.as_of):
            raise InputError("as_of", self.as_of, "a month written YYYY-MM")
        for name in ("foreign_holdings_usd_bn", "marketable_debt_usd_bn"):
            value = getattr(self, name)
            if not np.isfinite(value) or value <= 0:
                raise InputError(name, value, "a positive number of USD bn")
        path = self.marketable_debt_path_usd_bn
        if path is not None:
            arr = np.asarray(path, dtype=np.float64)
            if arr.ndim != 1 or arr.size < 1 or not np.all(np.isfinite(arr)) or arr.min() <= 0:
                raise InputError(
                    "marketable_debt_path_usd_bn",
                    f"shape {arr.shape}",
                    "a (months,) array of positive USD bn, month 0 = as_of",
                )


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
class MarketTail:
    """The yield paths after the simulated window, in closed form (no flows after it).

    After the last simulated day ``T - 1`` the transient (flow) part decays with each draw's
    kernel and the stock part follows the market size: for a day ``t >= T - 1``

    ``dy[d, t, k] = stock_bp[d, k] * M[T - 1] / M[t] + sum_c amp_c[d, k] * a_c[d] ** (t - T + 1)
    + shock[t, k]``, the shocks' own path being a function of the day alone.

    Attributes
    ----------
    horizon_days
        ``T``, the last simulated day being ``T - 1``.
    stock_bp
        ``(D, 4)`` stock part of the yield changes on day ``T - 1``.
    transient
        ``(amp (D, 4), a (D,))`` pairs: transient parts on day ``T - 1`` and their daily decay.
    size_daily_usd_bn
        ``(N,)`` marketable debt on each trading day from day 0 (N covers 30 years or more).
    shocks
        The shocks whose yield path continues after the window (None: no shocks).
    """

    horizon_days: int
    stock_bp: FloatArray
    transient: tuple[tuple[FloatArray, FloatArray], ...]
    size_daily_usd_bn: FloatArray
    shocks: ShockSpec | None = None

    def at(self, day: int) -> FloatArray:
        """``(D, 4)`` yield changes on day ``day >= T - 1``."""
        return self.mean(day, day + 1)

    def mean(self, start: int, stop: int) -> FloatArray:
        """``(D, 4)`` average yield change over days ``[start, stop)``, ``start >= T - 1``."""
        return self.means([(start, stop)])[:, 0, :]

    def means(self, ranges: list[tuple[int, int]]) -> FloatArray:
        """``(D, n, 4)`` average yield changes over each range of days ``[start, stop)``.

        Every range must start on or after day ``T - 1``. One pass for all ranges: the stock
        part uses the mean of ``1 / M`` over the range, the flow part the geometric sums.
        """
        return np.ascontiguousarray(np.transpose(self.means_by_tenor(ranges), (2, 1, 0)))

    def means_by_tenor(self, ranges: list[tuple[int, int]]) -> FloatArray:
        """:meth:`means` laid out ``(4, n, D)``, the draw axis last (contiguous per tenor and
        range, the layout the cost ledger works in)."""
        T = self.horizon_days
        bounds = np.asarray(ranges, dtype=np.int64).reshape(-1, 2)
        if bounds.size == 0 or bounds[:, 0].min() < T - 1 or np.any(bounds[:, 1] <= bounds[:, 0]):
            raise InputError("days", ranges, f"ranges of days [start, stop) from {T - 1} on")
        M = self.size_daily_usd_bn
        n_max = int(bounds[:, 1].max())
        inv = 1.0 / M[np.minimum(np.arange(n_max), M.size - 1)]
        cum = np.concatenate([[0.0], np.cumsum(inv)])
        length = (bounds[:, 1] - bounds[:, 0]).astype(np.float64)
        mean_inv = (cum[bounds[:, 1]] - cum[bounds[:, 0]]) / length  # (n,)
        n, K = bounds.shape[0], self.stock_bp.shape[1]
        scale = (M[T - 1] * mean_inv)[:, None]  # (n, 1)
        out = np.empty((K, n, self.stock_bp.shape[0]))
        for k in range(K):
            np.multiply(scale, self.stock_bp[:, k][None, :], out=out[k])
        # a ** lag at every range boundary (lag of the first day, lag one past the last): the
        # distinct lags in increasing order, each power the previous one times a ** step, so
        # a handful of distinct steps (a year's 252 days) need one pow each, not one per range
        lags, where = np.unique(
            np.concatenate([bounds[:, 0], bounds[:, 1]]) - (T - 1), return_inverse=True
        )
        steps = np.diff(lags, prepend=0)
        distinct, step_of = np.unique(steps, return_inverse=True)
        for amp, a in self.transient:
            a2 = np.clip(a, 0.0, 1.0 - 1e-12)[None, :]
            step_pow = a2 ** distinct.astype(np.float64)[:, None]  # (distinct steps, D)
            pows = np.empty((step_of.size, a.size))  # (distinct lags, D): a ** lag
            acc = np.ones(a.size)
            for j, step in enumerate(step_of.tolist()):  # row by row: np.cumprod(axis=0)
                acc *= step_pow[step]  # walks the short axis innermost, about 10x slower
                pows[j] = acc
            geo = pows[where[:n]]  # (n, D): a ** lag at the first day of each range ...
            geo -= pows[where[n:]]  # ... minus one past its last, in place
            geo /= 1.0 - a2
            geo /= length[:, None]
            amp_t = np.ascontiguousarray(amp.T)  # (K, D)
            tmp = np.empty_like(geo)
            for k in range(K):
                np.multiply(geo, amp_t[k][None, :], out=tmp)
                out[k] += tmp
        if self.shocks is not None and self.shocks.n:
            path = shock_paths(self.shocks, n_max).yields_bp  # (n_max, K), the same every draw
            cum_s = np.concatenate([np.zeros((1, K)), np.cumsum(path, axis=0)])
            means = (cum_s[bounds[:, 1]] - cum_s[bounds[:, 0]]) / length[:, None]  # (n, K)
            out += means.T[:, :, None]
        return out


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
    tail
        The yield paths after the window in closed form (set by
        :func:`cardtable.market.simulate_market`; costs use it to run past the window).
    fx_tail
        Currency -> its path after the window in closed form (:class:`FxTail`, set by
        :func:`cardtable.market.simulate_market` for every ``fx_pct`` currency).
    """

    yields_bp: Float32Array
    usdjpy_pct: Float32Array
    broad_dollar_pct: Float32Array
    fx_pct: Mapping[str, Float32Array]
    backstop_usd_bn: Float32Array
    tail: MarketTail | None = None
    fx_tail: Mapping[str, FxTail] | None = None

    @property
    def draws(self) -> int:
        """Number of draws D."""
        return int(self.yields_bp.shape[0])

    @property
    def horizon_days(self) -> int:
        """Number of trading days T."""
        return int(self.yields_bp.shape[1])

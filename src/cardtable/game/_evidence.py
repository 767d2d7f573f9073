"""The market's reaction around an announcement, from daily series: abnormal moves and noise.

Event-study conventions (MacKinlay 1997, JEL 35(1)), applied to daily closes:

* **Event window** ``[start, end]`` (calendar dates): the move is the last observation on or
  before ``end`` minus the last observation *before* ``start``; ``h`` is the number of trading
  days (dates with every series observed) in between.
* **Estimation window**: the ``estimation_days`` trading days ending the day before the event
  window (``gap_days`` trading days skipped in between). Daily moves there give the mean
  :math:`\\bar m` and covariance :math:`\\Sigma_1`.
* **Benchmark** ``"mean"`` (constant-mean model): expected window move :math:`h\\bar m`;
  ``"zero"``: no drift. The abnormal move is observed minus expected, and its no-news
  covariance is :math:`h\\,\\Sigma_1` (random-walk scaling).
* **Comparable days** (``comparable_dates``): instead, the mean and covariance of the moves
  over windows of the same length ending on comparable days before the event, e.g. the other
  Employment Situation days (:func:`first_fridays`) when the event shares its day with a US
  payroll release, as Kato's remark of 2025-05-02 did.

Variables: yields in bp (FRED ``DGS2``, ``DGS10``: percent x 100), exchange rates in percent
(``DEXJPUS``: :math:`100\\,(e_1/e_0 - 1)`, yen per dollar; a stronger yen is negative).

Daily series are read through the data layer (:func:`daily_series`): the bundled
``cardtable.data.daily_series`` accessor when the installed data layer has it, otherwise the
local store (``cardtable data import`` / ``update``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from cardtable import data
from cardtable._typing import FloatArray
from cardtable.errors import CardtableError, DataError, InputError

__all__ = [
    "EVENT_VARIABLES",
    "Benchmark",
    "EventMoves",
    "daily_series",
    "event_moves",
    "event_moves_from_data",
    "first_fridays",
]

Benchmark = Literal["mean", "zero"]

#: Variable name -> (FRED series, unit): the reaction the announcement channel is inverted on.
EVENT_VARIABLES: dict[str, tuple[str, str]] = {
    "ust_2y_bp": ("DGS2", "bp"),
    "ust_10y_bp": ("DGS10", "bp"),
    "usdjpy_pct": ("DEXJPUS", "pct"),
}


def _as_series(raw: object, name: str) -> pd.Series:
    """A float series indexed by date from a Series or a ``date``/``value`` frame."""
    if isinstance(raw, pd.DataFrame):
        cols = [c for c in raw.columns if c != "date"]
        if "date" not in raw.columns or not cols:
            raise DataError(f"daily series {name}: expected columns 'date' and a value column")
        col = "value" if "value" in raw.columns else cols[0]
        s = pd.Series(raw[col].to_numpy(), index=pd.to_datetime(raw["date"]))
    elif isinstance(raw, pd.Series):
        s = raw.copy()
        s.index = pd.to_datetime(s.index)
    else:
        raise DataError(f"daily series {name}: got {type(raw).__name__}, not a series")
    s = pd.to_numeric(s, errors="coerce").dropna().astype(np.float64)
    return s[~s.index.duplicated(keep="last")].sort_index()


def daily_series(series_id: str) -> pd.Series:
    """A FRED daily series (``DGS2``, ``DGS10``, ``DEXJPUS``...) indexed by date.

    Uses ``cardtable.data.daily_series`` when the data layer provides it (local store, then
    full bundled histories; a result made only of a fact table's anchor dates is not used),
    else the local store's ``fred_<ID>`` dataset.

    Raises
    ------
    DataError
        When neither has the series (with the command that fixes it).
    """
    accessor = getattr(data, "daily_series", None)
    if accessor is not None:
        try:
            raw = accessor(series_id)
        except (LookupError, CardtableError):
            raw = None  # fall back to the store
        # a fact table's anchor dates are not a daily series: an event study needs every day
        if raw is not None and getattr(raw, "attrs", {}).get("origin") != "facts":
            return _as_series(raw, series_id)
    store = data.Store()
    name = f"fred_{series_id}"
    if not store.has(name):
        raise DataError(
            f"daily series {series_id} not available: run 'cardtable data import DIR' or "
            "'cardtable data update --source fred'"
        )
    return _as_series(store.read(name), series_id)


@dataclass(frozen=True)
class EventMoves:
    """Observed and abnormal moves over an event window, with the no-news noise.

    Attributes
    ----------
    variables
        ``(K,)`` names (``ust_2y_bp``...).
    start, end, before
        Event window (calendar dates) and the last trading day before it (ISO).
    trading_days
        ``h``: trading days in the window.
    observed, expected, abnormal
        ``(K,)`` window moves: observed, benchmark, observed minus benchmark.
    noise_cov
        ``(K, K)`` covariance of the window move without news (``h`` times the daily one).
    benchmark, estimation_days, estimation_start, estimation_end, comparable
        How the benchmark and the noise were estimated (``estimation_days``: number of daily
        moves, or of comparable windows when ``comparable``).
    """

    variables: tuple[str, ...]
    start: str
    end: str
    before: str
    trading_days: int
    observed: FloatArray
    expected: FloatArray
    abnormal: FloatArray
    noise_cov: FloatArray
    benchmark: Benchmark
    estimation_days: int
    estimation_start: str
    estimation_end: str
    comparable: bool = False

    @property
    def noise_sd(self) -> FloatArray:
        """``(K,)`` standard deviations of the window move without news."""
        out: FloatArray = np.sqrt(np.diag(self.noise_cov))
        return out

    @property
    def z_scores(self) -> FloatArray:
        """``(K,)`` abnormal move over its noise s.d."""
        out: FloatArray = self.abnormal / self.noise_sd
        return out


def first_fridays(start: str, end: str) -> list[str]:
    """First Fridays of each month in ``[start, end]`` (ISO): the usual day of the BLS
    Employment Situation release (BLS moves it in a few months; those are not modelled)."""
    months = pd.period_range(pd.Timestamp(start), pd.Timestamp(end), freq="M")
    out = []
    for m in months:
        first = m.start_time
        friday = first + pd.Timedelta(days=(4 - first.weekday()) % 7)
        if pd.Timestamp(start) <= friday <= pd.Timestamp(end):
            out.append(f"{friday:%Y-%m-%d}")
    return out


def _moves(frame: pd.DataFrame, units: Sequence[str]) -> pd.DataFrame:
    """Daily moves: bp for yields (percent x 100), percent for exchange rates."""
    out = {}
    for col, unit in zip(frame.columns, units, strict=True):
        s = frame[col]
        out[col] = 100.0 * s.diff() if unit == "bp" else 100.0 * (s / s.shift(1) - 1.0)
    return pd.DataFrame(out).iloc[1:]


def event_moves(
    levels: Mapping[str, pd.Series],
    start: str,
    end: str,
    *,
    units: Mapping[str, str] | None = None,
    estimation_days: int = 60,
    gap_days: int = 0,
    benchmark: Benchmark = "mean",
    comparable_dates: Sequence[str] | None = None,
) -> EventMoves:
    """Abnormal moves over ``[start, end]`` and their noise from daily levels.

    Parameters
    ----------
    levels
        Variable -> daily levels indexed by date (yields in percent, FX in units per USD).
    start, end
        Event window, ISO dates (``end >= start``).
    units
        Variable -> ``bp`` (level differences x 100) or ``pct`` (percent changes); default from
        :data:`EVENT_VARIABLES`.
    estimation_days
        Trading days of daily moves before the window that estimate the benchmark and noise
        (>= 10).
    gap_days
        Trading days skipped between the estimation window and the event.
    benchmark
        ``mean`` (constant-mean model) or ``zero``.
    comparable_dates
        If given, the benchmark and noise come from the ``h``-day moves ending on these days
        (those before the event window; at least ``estimation_days`` of them are not needed,
        but at least 8), and ``estimation_days``/``gap_days`` are not used.

    Returns
    -------
    EventMoves
    """
    if benchmark not in ("mean", "zero"):
        raise InputError("benchmark", benchmark, "'mean' or 'zero'")
    if estimation_days < 10:
        raise InputError("estimation_days", estimation_days, "at least 10 trading days")
    if gap_days < 0:
        raise InputError("gap_days", gap_days, "a whole number >= 0")
    try:
        t0, t1 = pd.Timestamp(start), pd.Timestamp(end)
    except ValueError:
        raise InputError("window", f"{start}..{end}", "ISO dates YYYY-MM-DD") from None
    if t1 < t0:
        raise InputError("window", f"{start}..{end}", "an end on or after the start")
    names = tuple(levels)
    if not names:
        raise InputError("levels", {}, "at least one daily series")
    unit_of = units or {k: EVENT_VARIABLES[k][1] for k in names if k in EVENT_VARIABLES}
    missing = [k for k in names if k not in unit_of]
    if missing:
        raise InputError("units", missing[0], "'bp' or 'pct' for every variable")
    frame = pd.concat({k: levels[k] for k in names}, axis=1, join="inner").sort_index()
    pre = frame[frame.index < t0]
    inside = frame[(frame.index >= t0) & (frame.index <= t1)]
    if pre.empty or inside.empty:
        raise InputError(
            "window", f"{start}..{end}", "dates with observations of every series in and before it"
        )
    h = len(inside)
    observed_moves = _moves(
        pd.concat([pre.iloc[[-1]], inside.iloc[[-1]]]), [unit_of[k] for k in names]
    )
    daily = _moves(pre, [unit_of[k] for k in names])
    if gap_days:
        daily = daily.iloc[:-gap_days]
    est = daily.iloc[-estimation_days:]
    if len(est) < estimation_days:
        raise InputError(
            "estimation_days",
            estimation_days,
            f"at most {len(est)} trading days of data before {start}",
        )
    observed = observed_moves.iloc[0].to_numpy(dtype=np.float64)
    if comparable_dates is None:
        mean = est.mean().to_numpy() if benchmark == "mean" else np.zeros(len(names))
        expected = h * mean
        cov = h * np.atleast_2d(np.cov(est.to_numpy(), rowvar=False))
        est_start, est_end, n_est = est.index[0], est.index[-1], len(est)
    else:
        windows = _comparable_windows(pre, comparable_dates, h, [unit_of[k] for k in names])
        if len(windows) < 8:
            raise InputError(
                "comparable_dates", len(windows), "at least 8 comparable days before the event"
            )
        expected = windows.mean().to_numpy() if benchmark == "mean" else np.zeros(len(names))
        cov = np.atleast_2d(np.cov(windows.to_numpy(), rowvar=False))
        est_start, est_end, n_est = windows.index[0], windows.index[-1], len(windows)
    return EventMoves(
        variables=names,
        start=f"{t0:%Y-%m-%d}",
        end=f"{t1:%Y-%m-%d}",
        before=f"{pre.index[-1]:%Y-%m-%d}",
        trading_days=h,
        observed=observed,
        expected=expected,
        abnormal=observed - expected,
        noise_cov=cov,
        benchmark=benchmark,
        estimation_days=n_est,
        estimation_start=f"{est_start:%Y-%m-%d}",
        estimation_end=f"{est_end:%Y-%m-%d}",
        comparable=comparable_dates is not None,
    )


def _comparable_windows(
    pre: pd.DataFrame, dates: Sequence[str], h: int, units: Sequence[str]
) -> pd.DataFrame:
    """``h``-day moves starting on each comparable trading day in ``pre`` (one row per day):
    from the close before it to the close ``h - 1`` trading days after it, like the event."""
    idx = pre.index
    when = pd.DatetimeIndex([pd.Timestamp(d) for d in dates])
    pos = idx.searchsorted(when)
    first = {}  # trading day -> its position (a date given twice counts once)
    for t, p in zip(when, pos.tolist(), strict=True):
        if p >= 1 and p + h - 1 < len(idx) and idx[p] == t:
            first[idx[p]] = p
    if not first:
        return pd.DataFrame()  # no comparable day with data before the event
    at = np.array(list(first.values()))
    values = pre.to_numpy(dtype=np.float64)
    a, b = values[at - 1], values[at + h - 1]  # the close before, the close h - 1 days after
    moves = np.stack(
        [
            100.0 * (b[:, i] - a[:, i]) if unit == "bp" else 100.0 * (b[:, i] / a[:, i] - 1.0)
            for i, unit in enumerate(units)
        ],
        axis=1,
    )  # as _moves on the two closes, for every day at once
    rows = {t: pd.Series(m, index=pre.columns) for t, m in zip(first, moves, strict=True)}
    return pd.DataFrame(rows).T.sort_index()


def event_moves_from_data(
    start: str,
    end: str,
    variables: Sequence[str] = tuple(EVENT_VARIABLES),
    *,
    estimation_days: int = 60,
    gap_days: int = 0,
    benchmark: Benchmark = "mean",
    comparable_dates: Sequence[str] | None = None,
) -> EventMoves:
    """:func:`event_moves` on the FRED daily series read through the data layer."""
    unknown = [v for v in variables if v not in EVENT_VARIABLES]
    if unknown:
        raise InputError("variables", unknown[0], ", ".join(EVENT_VARIABLES))
    levels = {v: daily_series(EVENT_VARIABLES[v][0]) for v in variables}
    return event_moves(
        levels,
        start,
        end,
        estimation_days=estimation_days,
        gap_days=gap_days,
        benchmark=benchmark,
        comparable_dates=comparable_dates,
    )

"""The size of the Treasury market month by month: MSPD data, then CBO's projection.

The stock effect of a sale is measured against marketable debt held by the public as it is
when the effect is felt (``gamma * S[t] / M[t]``, docs/market.md), so the model needs ``M`` along
the horizon and beyond it (costs run 30 years). Months with MSPD data take the data (the local
store has every month; the bundled facts only anchor months, between which the path is
interpolated log-linearly). After the last month with data, the path grows as CBO's baseline
projection of debt held by the public (January 2025, fiscal years 2024-2035), and after FY2035
at ``debt_growth_after_cbo_pct_per_year`` (registry).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from cardtable import data
from cardtable._typing import FloatArray
from cardtable.errors import InputError
from cardtable.params import REGISTRY

__all__ = [
    "CBO_DEBT_HELD_BY_PUBLIC_USD_BN",
    "CBO_SOURCE",
    "SizePath",
    "add_months",
    "marketable_debt_path",
    "month_offset",
    "projected_size_path",
]

#: CBO baseline, debt held by the public at the end of each fiscal year (September), USD bn.
CBO_DEBT_HELD_BY_PUBLIC_USD_BN: dict[int, float] = {
    2024: 28199.0,
    2025: 30103.0,
    2026: 31883.0,
    2027: 33636.0,
    2028: 35601.0,
    2029: 37581.0,
    2030: 39748.0,
    2031: 41992.0,
    2032: 44372.0,
    2033: 46985.0,
    2034: 49556.0,
    2035: 52056.0,
}
CBO_SOURCE = (
    "CBO, The Budget and Economic Outlook: 2025 to 2035 (January 2025, "
    "www.cbo.gov/publication/60870; 'By the Numbers', cbo.gov/publication/61172): debt held by "
    "the public at the end of FY2024-FY2035 (USD 28,199bn to 52,056bn); only its growth is used"
)

#: Months in 30 years of costs plus one (the as-of month is month 0).
DEFAULT_MONTHS = 12 * 30 + 1


def month_offset(start: str, end: str) -> int:
    """Whole months from ``start`` to ``end`` (both ``YYYY-MM``)."""
    return (int(end[:4]) - int(start[:4])) * 12 + int(end[5:7]) - int(start[5:7])


def add_months(month: str, k: int) -> str:
    """The month ``k`` months after ``month`` (``YYYY-MM``)."""
    total = int(month[:4]) * 12 + int(month[5:7]) - 1 + k
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


def _log_cbo(month_index: FloatArray, growth_after_pct: float) -> FloatArray:
    """``log`` of CBO's projected debt at absolute month index ``12 * year + month - 1``.

    Fiscal years end in September; between them the path is log-linear; before FY2024 the
    FY2024-25 growth extends backwards, after FY2035 ``growth_after_pct`` a year.
    """
    years = np.array(sorted(CBO_DEBT_HELD_BY_PUBLIC_USD_BN), dtype=np.float64)
    idx = years * 12 + 8  # September of each fiscal year
    logv = np.log([CBO_DEBT_HELD_BY_PUBLIC_USD_BN[int(y)] for y in years])
    m = np.asarray(month_index, dtype=np.float64)
    out = np.interp(m, idx, logv)
    first_rate = (logv[1] - logv[0]) / 12.0
    after_rate = np.log1p(growth_after_pct / 100.0) / 12.0
    out = np.where(m < idx[0], logv[0] + (m - idx[0]) * first_rate, out)
    out = np.where(m > idx[-1], logv[-1] + (m - idx[-1]) * after_rate, out)
    return np.asarray(out)


def _absolute(month: str) -> int:
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def _growth_after_pct() -> float:
    return float(REGISTRY.resolved("default")["debt_growth_after_cbo_pct_per_year"].value)


def projected_size_path(
    level_usd_bn: float,
    as_of: str,
    months: int = DEFAULT_MONTHS,
    growth_after_pct: float | None = None,
) -> FloatArray:
    """``(months,)`` marketable debt from ``level_usd_bn`` at ``as_of``, grown as CBO projects.

    Parameters
    ----------
    level_usd_bn
        Marketable debt held by the public at ``as_of`` (month 0).
    as_of
        ``YYYY-MM``.
    months
        Length of the path (month ``k`` is ``k`` months after ``as_of``).
    growth_after_pct
        Growth after FY2035, % a year (registry value when None).

    Returns
    -------
    numpy.ndarray
        float64 USD bn.
    """
    if months < 1:
        raise InputError("months", months, "a whole number of months >= 1")
    if not (np.isfinite(level_usd_bn) and level_usd_bn > 0):
        raise InputError("level_usd_bn", level_usd_bn, "a positive number of USD bn")
    g = _growth_after_pct() if growth_after_pct is None else growth_after_pct
    a = _absolute(as_of)
    logc = _log_cbo(np.arange(a, a + months, dtype=np.float64), g)
    return np.asarray(level_usd_bn * np.exp(logc - logc[0]))


@dataclass(frozen=True)
class SizePath:
    """Marketable debt held by the public by month from the as-of month.

    Attributes
    ----------
    as_of
        Month 0, ``YYYY-MM``.
    usd_bn
        ``(months,)`` USD bn.
    last_data_month
        Last month taken from MSPD data (later months are CBO's projection).
    source
        What the path came from, with vintages.
    """

    as_of: str
    usd_bn: FloatArray
    last_data_month: str
    source: str


def marketable_debt_path(as_of: str, months: int = DEFAULT_MONTHS) -> SizePath:
    """Marketable debt along the horizon: MSPD data where available, CBO's projection after.

    Month 0 is ``debt_at(as_of)`` (the figure the rest of the plan uses). Later months with
    data are data: every month from the local store's MSPD table, else the months that
    :func:`cardtable.data.debt_at` has exactly (the bundled anchors), with a log-linear path
    between them; after the last one the path grows as CBO's baseline.

    Parameters
    ----------
    as_of
        ``YYYY-MM``.
    months
        Length of the path.

    Returns
    -------
    SizePath
    """
    if months < 1:
        raise InputError("months", months, "a whole number of months >= 1")
    data.debt_at(as_of)  # validates the month
    store = data.Store()
    entry = store.manifest().get("mspd")
    if entry is not None:
        return _store_path(str(store.home), entry, as_of, months)
    return _bundled_path(as_of, months)


@functools.lru_cache(maxsize=32)
def _store_path(home: str, entry: data.ManifestEntry, as_of: str, months: int) -> SizePath:
    """One read of the store's MSPD table (cached per store state, month and length)."""
    frame = data.Store(home).read("mspd")
    known = {
        month_offset(as_of, str(m)): float(v)
        for m, v in zip(frame["month"], frame["marketable_usd_bn"], strict=True)
        if 0 < month_offset(as_of, str(m)) < months
    }
    return _path(as_of, months, known)


@functools.lru_cache(maxsize=32)
def _bundled_path(as_of: str, months: int) -> SizePath:
    """Steps back through the months ``debt_at`` has exactly, from the latest."""
    known: dict[int, float] = {}
    m = add_months(as_of, months - 1)
    while m > as_of:
        snap = data.debt_at(m)
        d = snap.as_of[:7]
        if d <= as_of or d > m:  # nothing between as_of and m (or only the earliest figure)
            break
        known[month_offset(as_of, d)] = snap.marketable_usd_bn
        m = add_months(d, -1)
    return _path(as_of, months, known)


def _path(as_of: str, months: int, later: dict[int, float]) -> SizePath:
    start = data.debt_at(as_of)
    known = {0: start.marketable_usd_bn, **later}
    ks = np.array(sorted(known), dtype=np.float64)
    logs = np.log([known[int(k)] for k in ks])
    last_k = int(ks[-1])
    path = np.empty(months)
    path[: last_k + 1] = np.exp(np.interp(np.arange(last_k + 1), ks, logs))
    if last_k + 1 < months:
        tail = projected_size_path(known[last_k], add_months(as_of, last_k), months - last_k)
        path[last_k:] = tail
    last_month = add_months(as_of, last_k)
    source = (
        f"{start.source} (months {as_of} to {last_month}), then {CBO_SOURCE}; after FY2035 "
        f"{_growth_after_pct():g}% a year"
    )
    path.flags.writeable = False
    return SizePath(as_of, path, last_month, source)

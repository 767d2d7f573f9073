"""The debt stock and market levels: local store first, then the bundled official histories, then
the bundled fact tables (``origin`` says which)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from cardtable._calendar import check_month
from cardtable.data._bundled import has_bundled, read_bundled
from cardtable.data._facts import FACTS, load_fact
from cardtable.data.store import ManifestEntry, Store
from cardtable.errors import InputError, UnknownNameError

__all__ = [
    "LEVEL_SERIES",
    "DebtSnapshot",
    "MarketLevels",
    "daily_series",
    "debt_at",
    "debt_history",
    "market_levels_at",
]

_PARTS = ("bills", "notes", "bonds", "tips", "frn")
_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
#: MarketLevels field -> FRED series.
LEVEL_SERIES = {
    "ust_2y_pct": "DGS2",
    "ust_5y_pct": "DGS5",
    "ust_10y_pct": "DGS10",
    "ust_30y_pct": "DGS30",
    "usdjpy": "DEXJPUS",
    "broad_dollar_index": "DTWEXBGS",
}
_FIX_FRED = "run 'cardtable data import DIR' or 'cardtable data update --source fred'"
_FIX_MSPD = "run 'cardtable data import DIR' or 'cardtable data update --source fiscaldata'"
_MSPD = "US Treasury Monthly Statement of the Public Debt, table 1"
_FRED_PUBLISHER = {
    sid: "Federal Reserve H.15" if sid.startswith("DGS") else "Federal Reserve H.10"
    for sid in LEVEL_SERIES.values()
}


@dataclass(frozen=True)
class DebtSnapshot:
    """Marketable Treasury debt held by the public, by type (USD bn).

    Attributes
    ----------
    as_of
        Record date (ISO, end of month).
    marketable_usd_bn, bills_usd_bn, notes_usd_bn, bonds_usd_bn, tips_usd_bn, frn_usd_bn
        Total marketable and its parts, held by the public.
    total_public_debt_usd_bn
        Total public debt outstanding incl. intragovernmental holdings (None if not bundled).
    source
        Publisher and table.
    origin
        ``"store"``, ``"bundled"`` (MSPD history) or ``"facts"`` (fact table).
    note
        Set when the date or composition is not the one asked for.
    vintage
        Vintage of the table read (MSPD: its last record date; facts: the fact table's).
    """

    as_of: str
    marketable_usd_bn: float
    bills_usd_bn: float
    notes_usd_bn: float
    bonds_usd_bn: float
    tips_usd_bn: float
    frn_usd_bn: float
    total_public_debt_usd_bn: float | None
    source: str
    origin: str
    note: str = ""
    vintage: str = ""


@dataclass(frozen=True)
class MarketLevels:
    """Yields, USD/JPY and the broad dollar index on or just before a date.

    Attributes
    ----------
    date
        The date asked for (ISO; the month's last day when a month was given).
    ust_2y_pct, ust_5y_pct, ust_10y_pct, ust_30y_pct
        Constant-maturity Treasury yields, percent.
    usdjpy
        Yen per US dollar (noon New York).
    broad_dollar_index
        Nominal broad dollar index (Jan 2006 = 100).
    observed
        Date of the observation used, per field.
    source, origin, note
        Provenance; ``origin`` is ``"store"``, ``"bundled"`` or ``"facts"`` (several joined
        with ``+`` when the series come from different places).
    vintage
        Each series' vintage (its last observation date), e.g. ``"DGS2 2026-04-13, ..."``.
    """

    date: str
    ust_2y_pct: float | None
    ust_5y_pct: float | None
    ust_10y_pct: float | None
    ust_30y_pct: float | None
    usdjpy: float | None
    broad_dollar_index: float | None
    source: str
    origin: str
    observed: dict[str, str] = field(default_factory=dict)
    note: str = ""
    vintage: str = ""


def _month_end(month: str) -> str:
    stamp = pd.Period(month, freq="M").end_time
    return f"{stamp:%Y-%m-%d}"


def _pick_month(frame: pd.DataFrame, month: str | None, what: str) -> tuple[pd.Series, str]:
    """The row at ``month`` (else the latest before it, else the earliest) and a note."""
    if month is None:
        return frame.iloc[-1], ""
    before = frame[frame["month"] <= month]
    if before.empty:
        row = frame.iloc[0]
        return row, f"no {what} month on or before {month}; the earliest ({row['month']}) is used"
    row = before.iloc[-1]
    note = (
        ""
        if row["month"] == month
        else f"latest {what} month on or before {month} is {row['month']}"
    )
    return row, note


def _frame_debt(
    frame: pd.DataFrame, month: str | None, source: str, origin: str, vintage: str
) -> DebtSnapshot:
    row, note = _pick_month(frame, month, "MSPD")
    return DebtSnapshot(
        as_of=str(row["record_date"]),
        marketable_usd_bn=float(row["marketable_usd_bn"]),
        **{f"{p}_usd_bn": float(row[f"{p}_usd_bn"]) for p in _PARTS},
        total_public_debt_usd_bn=float(row["total_public_debt_usd_bn"]),
        source=source,
        origin=origin,
        note=note,
        vintage=vintage,
    )


@dataclass(frozen=True, eq=False)
class _Mspd:
    """MSPD by month from one origin (shared between look-ups: never modified in place)."""

    frame: pd.DataFrame
    origin: str
    source: str
    vintage: str


def _mspd() -> _Mspd | None:
    """MSPD from the local store, else the bundled history; None when neither has it."""
    store = Store()
    return _mspd_for(str(store.home), store.manifest().get("mspd"), has_bundled("mspd"))


@functools.lru_cache(maxsize=4)
def _mspd_for(home: str, entry: ManifestEntry | None, bundled: bool) -> _Mspd | None:
    if entry is not None:
        frame = Store(home).read("mspd").sort_values("month").reset_index(drop=True)
        files = Path(entry.source).name if "://" not in entry.source else "FiscalData API"
        source = f"{_MSPD} ({files}, local store)"
        return _Mspd(frame, "store", source, entry.vintage)
    if bundled:
        table = read_bundled("mspd")
        frame = table.frame.sort_values("month").reset_index(drop=True)
        return _Mspd(frame, "bundled", table.source, table.vintage)
    return None


@functools.lru_cache(maxsize=64)
def _facts_debt(month: str | None) -> DebtSnapshot:
    facts = load_fact("us_federal_debt")
    facts = facts[facts["as_of"].astype(str).str.fullmatch(r"\d{4}-\d{2}-\d{2}")]
    values = {
        (str(m), str(d)): float(v)
        for m, d, v in zip(facts["metric"], facts["as_of"], facts["value"], strict=True)
    }
    totals = facts[facts["metric"] == "total_marketable_debt_held_by_public"].sort_values("as_of")
    dates = [str(d) for d in totals["as_of"]]
    notes = []
    if month is None:
        chosen = dates[-1]
    else:
        before = [d for d in dates if d[:7] <= month]
        chosen = before[-1] if before else dates[0]
        if not before:
            notes.append(f"no bundled debt figure on or before {month}; the earliest is used")
    total_mn = values[("total_marketable_debt_held_by_public", chosen)]
    full = [d for d in dates if all((f"{p}_held_by_public", d) in values for p in _PARTS)]
    if chosen in full:
        parts_mn = {p: values[(f"{p}_held_by_public", chosen)] for p in _PARTS}
    else:
        ref = min(full, key=lambda d: abs(date.fromisoformat(d) - date.fromisoformat(chosen)))
        ref_total = values[("total_marketable_debt_held_by_public", ref)]
        shares = {p: values[(f"{p}_held_by_public", ref)] / ref_total for p in _PARTS}
        bills_share = values.get(("bills_share_of_marketable", chosen))
        if bills_share is not None:
            rest = sum(shares[p] for p in _PARTS[1:])
            scale = (1 - bills_share / 100) / rest
            shares = {"bills": bills_share / 100, **{p: shares[p] * scale for p in _PARTS[1:]}}
        parts_mn = {p: shares[p] * total_mn for p in _PARTS}
        notes.append(
            f"composition at {chosen} estimated from the {ref} MSPD shares"
            + (" and the reported bills share" if bills_share is not None else "")
        )
    source = str(totals.loc[totals["as_of"] == chosen, "source"].iloc[0])
    total_debt = values.get(("total_public_debt_outstanding", chosen))
    return DebtSnapshot(
        as_of=chosen,
        marketable_usd_bn=total_mn / 1000,
        **{f"{p}_usd_bn": parts_mn[p] / 1000 for p in _PARTS},
        total_public_debt_usd_bn=None if total_debt is None else total_debt / 1000,
        source=f"{source}, bundled facts",
        origin="facts",
        note="; ".join(notes),
        vintage=FACTS["us_federal_debt"].vintage,
    )


def debt_at(month: str | None = None) -> DebtSnapshot:
    """Marketable debt held by the public at ``month``, by type.

    Reads MSPD from the local store, else the bundled MSPD history (the month itself, else the
    latest month before it, else the earliest, with a ``note``), else the bundled
    ``us_federal_debt`` facts (nearest date on or before, else the earliest, with a ``note``; a
    date without the full composition takes the shares of the nearest date that has it).

    Parameters
    ----------
    month
        ``YYYY-MM``; the latest available when None.

    Returns
    -------
    DebtSnapshot

    Raises
    ------
    InputError
        (field ``--as-of``) for a malformed month.
    """
    if month is not None:
        check_month(month, "as_of")
    mspd = _mspd()
    if mspd is None:
        return _facts_debt(month)
    return _frame_debt_cached(mspd, month)


@functools.lru_cache(maxsize=64)
def _frame_debt_cached(mspd: _Mspd, month: str | None) -> DebtSnapshot:
    """Cached per MSPD table (itself cached per store state) and month."""
    return _frame_debt(mspd.frame, month, mspd.source, mspd.origin, mspd.vintage)


_DEBT_COLUMNS = (
    "record_date",
    "marketable_usd_bn",
    *(f"{p}_usd_bn" for p in _PARTS),
    "total_public_debt_usd_bn",
)


def debt_history() -> pd.DataFrame:
    """Marketable debt held by the public by month, by type (USD bn).

    Returns
    -------
    pandas.DataFrame
        Indexed by month ``YYYY-MM`` (ascending), columns ``record_date``,
        ``marketable_usd_bn``, ``bills_usd_bn``, ``notes_usd_bn``, ``bonds_usd_bn``,
        ``tips_usd_bn``, ``frn_usd_bn``, ``total_public_debt_usd_bn``. ``attrs`` holds
        ``origin`` (``"store"``, ``"bundled"`` or ``"facts"``), ``source``, ``vintage`` and
        ``note``. Every month 2001-01.. from the store or the bundled MSPD history; only the
        fact table's dates (estimated composition where noted) otherwise.
    """
    mspd = _mspd()
    if mspd is not None:
        frame = mspd.frame.set_index("month")[list(_DEBT_COLUMNS)].copy()
        origin, source, vintage, note = mspd.origin, mspd.source, mspd.vintage, ""
    else:
        facts = load_fact("us_federal_debt")
        totals = facts[facts["metric"] == "total_marketable_debt_held_by_public"]
        months = sorted({str(d)[:7] for d in totals["as_of"] if _DATE.match(str(d))})
        snaps = [_facts_debt(m) for m in months]
        frame = pd.DataFrame(
            [
                {c: getattr(s, c if c != "record_date" else "as_of") for c in _DEBT_COLUMNS}
                for s in snaps
            ],
            index=pd.Index(months, name="month"),
        )
        origin, source = "facts", snaps[-1].source
        vintage = str(frame["record_date"].iloc[-1])
        note = "bundled facts: scattered dates only; " + _FIX_MSPD
    frame.index = frame.index.astype(str).rename("month")
    frame.attrs.update(origin=origin, source=source, vintage=vintage, note=note)
    return frame


def _as_date(value: str | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _DATE.match(value):
        raise InputError("date", value, "a date YYYY-MM-DD or a month YYYY-MM")
    if len(value) == 7:
        check_month(value, "date")
        return _month_end(value)
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise InputError("date", value, "a valid calendar date YYYY-MM-DD") from None


def _series_id(name: str) -> str:
    if name in LEVEL_SERIES:
        return LEVEL_SERIES[name]
    upper = name.upper() if isinstance(name, str) else name
    if upper in LEVEL_SERIES.values():
        return str(upper)
    raise UnknownNameError("name", str(name), [*LEVEL_SERIES, *LEVEL_SERIES.values()], "series")


@dataclass(frozen=True, eq=False)
class _Daily:
    """One daily series from one origin (shared: never modified in place)."""

    series: pd.Series
    origin: str
    source: str
    vintage: str


def _daily(sid: str) -> _Daily:
    store = Store()
    entry = store.manifest().get(f"fred_{sid}")
    return _daily_for(str(store.home), entry, has_bundled(f"fred_{sid}"), sid)


@functools.lru_cache(maxsize=32)
def _daily_for(home: str, entry: ManifestEntry | None, bundled: bool, sid: str) -> _Daily:
    if entry is not None:
        frame = Store(home).read(f"fred_{sid}")
        source = f"{_FRED_PUBLISHER[sid]} via FRED ({sid}; local store)"
        origin, vintage = "store", entry.vintage
    elif bundled:
        table = read_bundled(f"fred_{sid}")
        frame, source, vintage, origin = table.frame, table.source, table.vintage, "bundled"
    else:
        facts = load_fact("market_levels").sort_values("date")
        field_ = next(k for k, v in LEVEL_SERIES.items() if v == sid)
        frame = pd.DataFrame({"date": pd.to_datetime(facts["date"]), "value": facts[field_]})
        source = f"{facts['source'].iloc[0]}, bundled facts (anchor dates only)"
        origin, vintage = "facts", str(facts["date"].iloc[-1])
    series = pd.Series(
        frame["value"].to_numpy(dtype=float),
        index=pd.DatetimeIndex(frame["date"], name="date"),
        name=sid,
    ).sort_index()
    return _Daily(series, origin, source, vintage)


def daily_series(name: str) -> pd.Series:
    """One daily market series: a FRED id or a :class:`MarketLevels` field name.

    Parameters
    ----------
    name
        ``DGS2``, ``DGS5``, ``DGS10``, ``DGS30``, ``DEXJPUS``, ``DTWEXBGS``, or ``ust_2y_pct``
        ... ``usdjpy``, ``broad_dollar_index``.

    Returns
    -------
    pandas.Series
        Values in the series' unit, indexed by date (ascending, days without an observation
        left out), named after the FRED id. ``attrs``: ``origin`` (``"store"``, ``"bundled"``
        or ``"facts"``), ``source``, ``vintage``, ``series_id``. The local store comes first,
        then the bundled history, then the fact table's anchor dates.

    Raises
    ------
    UnknownNameError
        (field ``name``) for another series.
    """
    sid = _series_id(name)
    daily = _daily(sid)
    series = daily.series.copy()
    series.attrs.update(
        origin=daily.origin, source=daily.source, vintage=daily.vintage, series_id=sid
    )
    return series


def market_levels_at(date_or_month: str | None = None) -> MarketLevels:
    """Yields, USD/JPY and the broad dollar index on (or just before) a date.

    Each series comes from the local store when it holds it, else from the bundled FRED
    history, else from the bundled ``market_levels`` anchor dates (see :func:`daily_series`):
    its last observation on or before the date. A series without one (the bundled DGS2 starts
    2021-04-13, DTWEXBGS 2015-01-02) is ``None``, with a ``note``.

    Parameters
    ----------
    date_or_month
        ``YYYY-MM-DD``, or ``YYYY-MM`` for the month's last day; the latest when None.

    Returns
    -------
    MarketLevels
        ``origin`` is the origin of the series used (``"store"``, ``"bundled"``, ``"facts"``,
        or several joined with ``+``).

    Raises
    ------
    InputError
        (field ``date``) for a malformed date or one before every observation.
    """
    when = _as_date(date_or_month)
    series = {k: _daily(sid) for k, sid in LEVEL_SERIES.items()}
    target = when or max(f"{d.series.index.max():%Y-%m-%d}" for d in series.values())
    stamp = pd.Timestamp(target)
    values: dict[str, float | None] = {}
    observed: dict[str, str] = {}
    for key, daily in series.items():
        before = daily.series.loc[:stamp]
        if before.empty:
            values[key] = None
            continue
        values[key] = float(before.iloc[-1])
        observed[key] = f"{before.index[-1]:%Y-%m-%d}"
    if not observed:
        first = min(f"{d.series.index.min():%Y-%m-%d}" for d in series.values())
        raise InputError("date", when, f"a date on or after {first}; {_FIX_FRED}")
    notes = []
    missing = [k for k, v in values.items() if v is None]
    if missing:
        notes.append(f"no observation on or before {target} for {', '.join(missing)}")
    stale = sorted({d for d in observed.values() if d != target})
    if stale and when is not None:
        notes.append(f"last observation on or before {target}: {', '.join(stale)}")
    origins = list(dict.fromkeys(d.origin for d in series.values()))
    sources = list(dict.fromkeys(d.source for d in series.values()))
    return MarketLevels(
        date=target,
        **values,
        source="; ".join(sources),
        origin="+".join(origins),
        observed=observed,
        note="; ".join(notes),
        vintage=", ".join(f"{LEVEL_SERIES[k]} {d.vintage}" for k, d in series.items()),
    )

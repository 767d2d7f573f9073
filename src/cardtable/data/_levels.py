"""The debt stock and market levels at a date: local store first, bundled facts otherwise."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from cardtable.data._facts import load_fact
from cardtable.data._holdings import check_month
from cardtable.data.store import ManifestEntry, Store
from cardtable.errors import InputError

__all__ = ["DebtSnapshot", "MarketLevels", "debt_at", "market_levels_at"]

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
        ``"store"`` or ``"bundled"``.
    note
        Set when the date or composition is not the one asked for.
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
        Provenance; ``origin`` is ``"store"`` or ``"bundled"``.
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


def _month_end(month: str) -> str:
    stamp = pd.Period(month, freq="M").end_time
    return f"{stamp:%Y-%m-%d}"


def _store_debt(store: Store, month: str | None) -> DebtSnapshot:
    frame = store.read("mspd").sort_values("month")
    entry = store.manifest()["mspd"]
    note = ""
    if month is None:
        row = frame.iloc[-1]
    else:
        before = frame[frame["month"] <= month]
        if before.empty:
            row = frame.iloc[0]
            note = f"no MSPD month on or before {month}; the earliest ({row['month']}) is used"
        else:
            row = before.iloc[-1]
            if row["month"] != month:
                note = f"latest MSPD month on or before {month} is {row['month']}"
    files = Path(entry.source).name if "://" not in entry.source else "FiscalData API"
    return DebtSnapshot(
        as_of=str(row["record_date"]),
        marketable_usd_bn=float(row["marketable_usd_bn"]),
        **{f"{p}_usd_bn": float(row[f"{p}_usd_bn"]) for p in _PARTS},
        total_public_debt_usd_bn=float(row["total_public_debt_usd_bn"]),
        source=f"US Treasury Monthly Statement of the Public Debt, table 1 ({files}, local store)",
        origin="store",
        note=note,
    )


@functools.lru_cache(maxsize=64)
def _bundled_debt(month: str | None) -> DebtSnapshot:
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
        origin="bundled",
        note="; ".join(notes),
    )


def debt_at(month: str | None = None) -> DebtSnapshot:
    """Marketable debt held by the public at ``month``, by type.

    Reads MSPD from the local store when it has it (the month itself, else the latest month
    before it, else the earliest with a ``note``), otherwise the bundled ``us_federal_debt``
    facts (nearest date on or before, else the earliest, with a ``note``; a date without the
    full composition takes the shares of the nearest date that has it).

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
        check_month(month)
    store = Store()
    entry = store.manifest().get("mspd")
    if entry is not None:
        return _store_debt_for(str(store.home), entry, month)
    return _bundled_debt(month)


@functools.lru_cache(maxsize=64)
def _store_debt_for(home: str, entry: ManifestEntry, month: str | None) -> DebtSnapshot:
    """Cached per store state (the manifest entry changes with every update) and month."""
    return _store_debt(Store(home), month)


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


def _store_levels(store: Store, when: str | None) -> MarketLevels:
    series = {k: store.read(f"fred_{sid}") for k, sid in LEVEL_SERIES.items()}
    target = when or max(f"{s['date'].max():%Y-%m-%d}" for s in series.values())
    stamp = pd.Timestamp(target)
    values: dict[str, float | None] = {}
    observed: dict[str, str] = {}
    for key, frame in series.items():
        before = frame[frame["date"] <= stamp]
        if before.empty:
            values[key] = None
            continue
        last = before.iloc[-1]
        values[key] = float(last["value"])
        observed[key] = f"{last['date']:%Y-%m-%d}"
    if not observed:
        first = min(f"{s['date'].min():%Y-%m-%d}" for s in series.values())
        raise InputError("date", when, f"a date on or after {first} (local store)")
    missing = [k for k, v in values.items() if v is None]
    note = f"no observation on or before {target} for {', '.join(missing)}" if missing else ""
    return MarketLevels(
        date=target,
        **values,
        source="Federal Reserve H.15 and H.10 via FRED "
        f"({', '.join(LEVEL_SERIES.values())}; local store)",
        origin="store",
        observed=observed,
        note=note,
    )


def _bundled_levels(when: str | None, note: str) -> MarketLevels:
    facts = load_fact("market_levels").sort_values("date")
    dates = [str(d) for d in facts["date"]]
    target = when or dates[-1]
    before = facts[facts["date"].astype(str) <= target]
    if before.empty:
        raise InputError(
            "date", when, f"a date on or after {dates[0]} (bundled anchor dates); {_FIX_FRED}"
        )
    row = before.iloc[-1]
    chosen = str(row["date"])
    if chosen != target:
        note = "; ".join(filter(None, [note, f"nearest bundled date on or before is {chosen}"]))
    return MarketLevels(
        date=target,
        **{k: float(row[k]) for k in LEVEL_SERIES},
        source=f"{row['source']}, bundled facts",
        origin="bundled",
        observed=dict.fromkeys(LEVEL_SERIES, chosen),
        note=note,
    )


def market_levels_at(date_or_month: str | None = None) -> MarketLevels:
    """Yields, USD/JPY and the broad dollar index on (or just before) a date.

    Uses the six FRED series of the local store when it holds all of them (last observation on
    or before the date, per series), otherwise the bundled ``market_levels`` anchor dates (the
    nearest on or before).

    Parameters
    ----------
    date_or_month
        ``YYYY-MM-DD``, or ``YYYY-MM`` for the month's last day; the latest when None.

    Returns
    -------
    MarketLevels

    Raises
    ------
    InputError
        (field ``date``) for a malformed date or one before every observation.
    """
    when = _as_date(date_or_month)
    store = Store()
    manifest = store.manifest()
    missing = [sid for sid in LEVEL_SERIES.values() if f"fred_{sid}" not in manifest]
    if not missing:
        return _store_levels(store, when)
    note = ""
    if len(missing) < len(LEVEL_SERIES):
        note = f"local store lacks FRED {', '.join(missing)}; bundled anchor dates used"
    return _bundled_levels(when, note)

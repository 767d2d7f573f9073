"""Who holds Treasuries: country names, holdings at a month and one holder's history.

Every query reads the local store first (``tic_holders``, all months since 2000-03), then the
bundled TIC history (the same table, generated from ``mfhhis01.txt`` by
``scripts/build_bundled.py``), then the small fact tables (``holders_by_country`` at anchor months,
``holders_major_history`` for the largest holders' annual points). Results say which they used
(``origin``: ``"store"``, ``"bundled"`` or ``"facts"``), with source and vintage.

Aggregate rows (Grand Total, All Other, the "Of which: Foreign Official" rows and the discontinued
regional aggregates Oil Exporters and Carib Bnkng Ctrs) are never holders: they are left out of
holder tables, and the totals are reported separately.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from cardtable._calendar import check_month
from cardtable.data._bundled import has_bundled, read_bundled
from cardtable.data._facts import FACTS, load_fact
from cardtable.data.loaders.tic import AGGREGATE_ROWS
from cardtable.data.store import ManifestEntry, Store
from cardtable.errors import InputError, UnknownNameError

__all__ = [
    "HoldingsHistory",
    "HoldingsSnapshot",
    "available_months",
    "holdings_at",
    "holdings_history",
    "resolve_country",
]

_OFFICIAL = "Of which: Foreign Official"
_OFFICIAL_BILLS = "Of which: Foreign Official Treasury Bills"
_ALIASES = {
    "china": "China, Mainland",
    "mainland china": "China, Mainland",
    "prc": "China, Mainland",
    "uk": "United Kingdom",
    "britain": "United Kingdom",
    "great britain": "United Kingdom",
    "korea": "Korea, South",
    "south korea": "Korea, South",
    "republic of korea": "Korea, South",
    "uae": "United Arab Emirates",
    "cayman": "Cayman Islands",
    "total": "Grand Total",
    "all foreign": "Grand Total",
    "foreign official": _OFFICIAL,
    "official": _OFFICIAL,
}
_MAJOR_COLUMNS = {
    "Japan": "japan_usd_bn",
    "China, Mainland": "china_mainland_usd_bn",
    "United Kingdom": "united_kingdom_usd_bn",
    "Grand Total": "grand_total_usd_bn",
    _OFFICIAL: "foreign_official_usd_bn",
}
_TIC_HISTORY = "US Treasury TIC, Major Foreign Holders history"
_FIX_TIC = "run 'cardtable data import DIR' or 'cardtable data update --source tic'"


@dataclass(frozen=True)
class HoldingsSnapshot:
    """Holdings of every holder at one month.

    Attributes
    ----------
    as_of
        Month ``YYYY-MM``.
    table
        Columns ``country``, ``holdings_usd_bn``: single holders only, largest first.
    grand_total_usd_bn
        All foreign holders.
    foreign_official_usd_bn
        Foreign official holders (None when the source has no such row).
    foreign_official_bills_usd_bn
        Foreign official holdings of bills (None when not published for the month).
    source
        Who published the figures, with file and vintage.
    vintage
        Release date of the figures (ISO) or the source's vintage label.
    origin
        ``"store"`` (local store), ``"bundled"`` (bundled TIC history) or ``"facts"`` (bundled
        fact tables, anchor months only).
    """

    as_of: str
    table: pd.DataFrame
    grand_total_usd_bn: float
    foreign_official_usd_bn: float | None
    foreign_official_bills_usd_bn: float | None
    source: str
    vintage: str
    origin: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (``holders`` as a list of ``{country, holdings_usd_bn}``)."""
        return {
            "as_of": self.as_of,
            "grand_total_usd_bn": self.grand_total_usd_bn,
            "foreign_official_usd_bn": self.foreign_official_usd_bn,
            "foreign_official_bills_usd_bn": self.foreign_official_bills_usd_bn,
            "source": self.source,
            "vintage": self.vintage,
            "origin": self.origin,
            "holders": [
                {"country": str(c), "holdings_usd_bn": float(v)}
                for c, v in zip(self.table["country"], self.table["holdings_usd_bn"], strict=True)
            ],
        }


@dataclass(frozen=True)
class HoldingsHistory:
    """One holder's holdings over time.

    Attributes
    ----------
    country
        Holder, as TIC publishes it.
    series
        USD bn indexed by month ``YYYY-MM``, ascending.
    origin
        ``"store"`` or ``"bundled"`` (monthly), or ``"facts"`` (annual or anchor-month points).
    source
        Who published the figures.
    vintage
        Release date of the figures.
    note
        What the series covers when it is not every month.
    """

    country: str
    series: pd.Series
    origin: str
    source: str
    vintage: str
    note: str = ""


@dataclass(frozen=True, eq=False)
class _Tic:
    """TIC holdings from one origin: month, country, holdings_usd_bn, is_aggregate (+ source).

    Shared between look-ups (cached per store state): never modified in place.
    """

    frame: pd.DataFrame
    origin: str
    vintage: str
    source: str

    @functools.cached_property
    def months(self) -> tuple[str, ...]:
        """Months with a Grand Total row, ascending."""
        totals = self.frame[self.frame["country"] == "Grand Total"]
        return tuple(sorted(set(totals["month"].astype(str))))


def _is_aggregate(country: pd.Series) -> pd.Series:
    return country.isin(AGGREGATE_ROWS) | country.str.startswith("Of which")


def _store_source(entry: ManifestEntry) -> str:
    files = " + ".join(Path(part.strip()).name for part in entry.source.split(" + "))
    how = {"download": "downloaded", "import": "imported"}.get(entry.origin, entry.origin)
    return f"{_TIC_HISTORY} ({files}, vintage {entry.vintage}; {how})"


def _series(rows: pd.DataFrame, column: str, name: str) -> pd.Series:
    rows = rows.sort_values("month")
    return pd.Series(
        rows[column].to_numpy(dtype=float),
        index=pd.Index(rows["month"].astype(str), name="month"),
        name=name,
    )


def _tic() -> _Tic:
    """The TIC table the look-ups use: the local store's, else the bundled history, else facts.

    Parsed once per store state: the cache key is the store directory and the manifest entry
    (whose sha256 changes with every update or import), so a new vintage is read at once.
    """
    store = Store()
    entry = store.manifest().get("tic_holders")
    return _tic_for(str(store.home), entry, has_bundled("tic_holders"))


@functools.lru_cache(maxsize=4)
def _tic_for(home: str, entry: ManifestEntry | None, bundled: bool) -> _Tic:
    if entry is not None:
        frame = Store(home).read("tic_holders")
        frame = frame[~frame["series_break_old"]]
        frame = frame[["month", "country", "holdings_usd_bn", "is_aggregate"]]
        return _Tic(frame.reset_index(drop=True), "store", entry.vintage, _store_source(entry))
    if bundled:
        table = read_bundled("tic_holders")
        frame = table.frame[~table.frame["series_break_old"]]
        frame = frame[["month", "country", "holdings_usd_bn", "is_aggregate"]]
        return _Tic(frame.reset_index(drop=True), "bundled", table.vintage, table.source)
    facts = load_fact("holders_by_country")
    facts["month"] = facts["month"].astype(str)
    facts["is_aggregate"] = _is_aggregate(facts["country"].astype(str))
    return _Tic(facts, "facts", FACTS["holders_major_history"].vintage, "")


def _months(tic: _Tic) -> list[str]:
    return list(tic.months)


def _describe(months: list[str], origin: str) -> str:
    if origin == "store":
        return f"a month between {months[0]} and {months[-1]} (local store)"
    if origin == "bundled":
        return (
            f"a month between {months[0]} and {months[-1]} (bundled TIC history); "
            "run 'cardtable data update --source tic' for later months"
        )
    return (
        f"one of the bundled fact months {', '.join(months)}; {_FIX_TIC} for every month "
        "since 2000-03"
    )


def available_months() -> list[str]:
    """Months with a full holders table (Grand Total included), ascending.

    Returns every month 2000-03..latest from the local store or, without one, from the bundled
    TIC history; the fact-table anchor months only when neither is there. The bundled 2026-03
    fact table (19 largest holders, no totals) is not a full table and is only available
    through ``load_fact("holders_by_country")``.
    """
    return _months(_tic())


def _vintage_of(source: str, default: str) -> str:
    m = re.search(r"vintage (\d{4}-\d{2}-\d{2})", source)
    return m[1] if m else default


def _value(rows: pd.DataFrame, country: str) -> float | None:
    hit = rows.loc[rows["country"] == country, "holdings_usd_bn"]
    return float(hit.iloc[0]) if len(hit) else None


def holdings_at(month: str | None = None) -> HoldingsSnapshot:
    """Holdings of every holder at ``month``.

    Parameters
    ----------
    month
        ``YYYY-MM``; the latest available month when None.

    Returns
    -------
    HoldingsSnapshot

    Raises
    ------
    InputError
        (field ``--as-of``) for a malformed month or one that is not available; the message
        says which months are.
    """
    tic = _tic()
    months = _months(tic)
    if month is None:
        month = months[-1]
    check_month(month, "as_of")
    if month not in months:
        raise InputError("as_of", month, _describe(months, tic.origin))
    snap = _snapshot(tic, month)
    return replace(snap, table=snap.table.copy())


@functools.lru_cache(maxsize=64)
def _snapshot(tic: _Tic, month: str) -> HoldingsSnapshot:
    """Cached per TIC table (itself cached per store state) and month; callers get a copy."""
    rows = tic.frame[tic.frame["month"].astype(str) == month]
    table = rows.loc[~rows["is_aggregate"], ["country", "holdings_usd_bn"]]
    table = table.sort_values("holdings_usd_bn", ascending=False, kind="mergesort")
    table = table.astype({"country": str, "holdings_usd_bn": "float64"}).reset_index(drop=True)
    total = _value(rows, "Grand Total")
    assert total is not None  # months are those with a Grand Total row
    if tic.origin == "facts":
        sources = list(dict.fromkeys(rows["source"].astype(str)))
        source = "; ".join(sources)
        vintage = _vintage_of(source, tic.vintage)
    else:
        source, vintage = tic.source, tic.vintage
    return HoldingsSnapshot(
        as_of=month,
        table=table,
        grand_total_usd_bn=total,
        foreign_official_usd_bn=_value(rows, _OFFICIAL),
        foreign_official_bills_usd_bn=_value(rows, _OFFICIAL_BILLS),
        source=source,
        vintage=vintage,
        origin=tic.origin,
    )


def _normalise(name: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", name.lower()).split())


@functools.lru_cache(maxsize=4)
def _known_names(tic: _Tic) -> tuple[str, ...]:
    names = set(tic.frame["country"].astype(str)) | set(_MAJOR_COLUMNS)
    if tic.origin != "facts":
        names |= set(load_fact("holders_by_country")["country"].astype(str))
    return tuple(sorted(names))


def resolve_country(name: str) -> str:
    """The TIC name of a holder, from any case and common aliases.

    ``china`` -> ``China, Mainland``; ``uk``, ``britain`` -> ``United Kingdom``; ``korea``,
    ``south korea`` -> ``Korea, South``; ``uae`` -> ``United Arab Emirates``; ``total`` ->
    ``Grand Total``; ``foreign official`` -> ``Of which: Foreign Official``. The United States
    is not a foreign holder and is not recognised.

    Parameters
    ----------
    name
        What the user typed.

    Returns
    -------
    str
        The name as TIC publishes it.

    Raises
    ------
    UnknownNameError
        (field ``--country``) with close matches, for a name TIC does not list.
    """
    key = _normalise(name)
    if key in _ALIASES:
        return _ALIASES[key]
    names = _known_names(_tic())
    by_key = {_normalise(n): n for n in names}
    if key in by_key:
        return by_key[key]
    holders = [n for n in names if n not in AGGREGATE_ROWS and not n.startswith("Of which")]
    raise UnknownNameError("country", name, holders, "country")


def holdings_history(country: str) -> HoldingsHistory:
    """One holder's holdings over time.

    Parameters
    ----------
    country
        Holder name or alias (see :func:`resolve_country`).

    Returns
    -------
    HoldingsHistory
        Every month from the local store or the bundled TIC history; otherwise (facts only) the
        bundled annual points (every December
        2000-2025 plus 2000-03 and 2025-03) for Japan, China, the UK, the Grand Total and
        Foreign Official, or the bundled anchor months for other holders.

    Raises
    ------
    UnknownNameError
        For an unknown holder.
    """
    name = resolve_country(country)
    tic = _tic()
    if tic.origin != "facts":
        rows = tic.frame[tic.frame["country"] == name]
        if rows.empty:
            raise UnknownNameError("country", country, _known_names(tic), "country")
        series = _series(rows, "holdings_usd_bn", name)
        return HoldingsHistory(name, series, tic.origin, tic.source, tic.vintage)
    if name in _MAJOR_COLUMNS:
        major = load_fact("holders_major_history")
        series = _series(major, _MAJOR_COLUMNS[name], name)
        source = str(major["source"].iloc[0])
        note = (
            "bundled facts: annual points (every December 2000-2025, plus 2000-03 and 2025-03); "
            f"{_FIX_TIC} for every month"
        )
        return HoldingsHistory(
            name, series, "facts", source, _vintage_of(source, tic.vintage), note
        )
    rows = tic.frame[tic.frame["country"] == name]
    if rows.empty:
        raise UnknownNameError("country", country, _known_names(tic), "country")
    series = _series(rows, "holdings_usd_bn", name)
    source = "; ".join(dict.fromkeys(rows["source"].astype(str)))
    note = (
        f"bundled facts: anchor months only ({', '.join(series.index)}); {_FIX_TIC} for every month"
    )
    return HoldingsHistory(name, series, "facts", source, _vintage_of(source, tic.vintage), note)

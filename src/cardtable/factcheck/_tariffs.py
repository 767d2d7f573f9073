"""Tariff claims against the bundled 2025-2026 tariff timeline (``tariff_timeline_2025``).

Each timeline row gives a date, the parameters it changes and the rates in its text. A claim
names a rate, a subject (autos, steel and aluminium, the Section 122 surcharge, otherwise the
reciprocal rate on Japan) and, when the sentence has one, a day or a month. The claim is
accurate when a row of its subject dated on that day (within 3 days; a date written in the row,
such as "from 2025-08-01", counts) or in that month carries the rate, or, with no date, when the
latest row on or before the article's date does; approximately right when a row of the subject
within 45 days carries it; otherwise inaccurate, naming the rate in force.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from cardtable.data import load_fact
from cardtable.factcheck._extract import Claim

__all__ = ["check_tariff"]

_PARAMS = {
    "autos": {
        "us_tariff_autos_section232",
        "us_tariff_autoparts_section232",
        "us_tariff_autos_japan",
    },
    "steel": {"us_tariff_steel_aluminum_all_countries"},
    "surcharge": {"us_global_surcharge_section122"},
    "reciprocal": {"us_reciprocal_tariff_japan", "us_reciprocal_tariff_baseline"},
}
_PCT = re.compile(r"(\d+(?:\.\d+)?)\s?%")
_ISO = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
# Rates the timeline gives for other countries ("50% (UK stays 25%)", "except China, raised to
# 125%") are not rates on Japan.
_OTHERS = re.compile(r"\([^)]*\b(?:UK|China|EU|Canada|Mexico)\b[^)]*\)|\bexcept\s+China[^)]*")
_TOL = (
    "accurate if a row of the subject on that day (±3 days) or in that month, or the latest "
    "before the article's date, carries the rate; approximately right within 45 days"
)


@dataclass(frozen=True)
class _Row:
    date: dt.date
    dates: tuple[dt.date, ...]
    params: frozenset[str]
    rates: frozenset[float]
    value: str
    source: str


@functools.cache
def _rows() -> tuple[_Row, ...]:
    table = load_fact("tariff_timeline_2025").fillna("")
    rows = []
    for _, r in table.iterrows():
        day = dt.date.fromisoformat(str(r["date"]))
        text = _OTHERS.sub(" ", f"{r['event']} {r['value']}")
        extra = tuple(dt.date.fromisoformat(d) for d in _ISO.findall(str(r["value"])))
        params = frozenset(p.strip() for p in str(r["parameter_changed"]).split(";"))
        rates = frozenset(float(x) for x in _PCT.findall(text))
        rows.append(_Row(day, (day, *extra), params, rates, str(r["value"]), str(r["source"])))
    return tuple(rows)


def _month_end(month: str) -> dt.date:
    y, m = int(month[:4]), int(month[5:7])
    return dt.date(y + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1)


def _label(row: _Row) -> str:
    return f"{row.value} ({row.date.isoformat()})"


def check_tariff(c: Claim, article: dt.date | None) -> tuple[str, str, str | None, str, str]:
    """(verdict, explanation, period, tolerance, source) for a tariff claim."""
    if c.holder not in (None, "Japan"):
        why = f"the bundled timeline covers US tariffs affecting Japan, not {c.holder}"
        return "unverifiable", why, None, _TOL, ""
    rate = float(c.value or 0.0)
    params = _PARAMS.get(c.detail, _PARAMS["reciprocal"])
    rows = [r for r in _rows() if r.params & params]
    day = dt.date.fromisoformat(c.day) if c.day else None
    stated_month = c.month if c.date_basis == "stated" and day is None else None
    if day is None and stated_month is None and c.since:
        stated_month = c.since if len(c.since) == 7 else None
    when = day or (_month_end(stated_month) if stated_month else None) or article
    subject = c.detail or "reciprocal"
    if when is None:
        with_rate = [r for r in rows if rate in r.rates]
        if with_rate:
            text = f"{rate:g}% ({subject}) appears in the timeline: {_label(with_rate[0])}."
            return "accurate", text, with_rate[0].date.isoformat(), _TOL, with_rate[0].source
        return "inaccurate", f"no {rate:g}% rate for {subject} in the timeline.", None, _TOL, ""
    if day is not None:
        hits = [
            r for r in rows if rate in r.rates and any(abs((d - day).days) <= 3 for d in r.dates)
        ]
    elif stated_month is not None:
        hits = [
            r
            for r in rows
            if rate in r.rates and any(d.isoformat()[:7] == stated_month for d in r.dates)
        ]
    else:
        hits = []
    past = [r for r in rows if r.date <= when]
    latest = past[-1] if past else None
    if not hits and day is None and stated_month is None and latest and rate in latest.rates:
        hits = [latest]
    if hits:
        text = f"{rate:g}% ({subject}) matches the timeline: {_label(hits[0])}."
        return "accurate", text, hits[0].date.isoformat(), _TOL, hits[0].source
    near = [r for r in rows if rate in r.rates and min(abs((d - when).days) for d in r.dates) <= 45]
    in_force = f"in force on {when.isoformat()}: {_label(latest)}" if latest else "no earlier row"
    if near:
        dated = near[0].date.isoformat()
        text = f"{rate:g}% ({subject}) is dated {dated}, not {when.isoformat()}; {in_force}."
        return "approximately right", text, near[0].date.isoformat(), _TOL, near[0].source
    elsewhere = [r.date.isoformat() for r in rows if rate in r.rates]
    text = f"{in_force}"
    text += (
        f"; {rate:g}% appears on {', '.join(elsewhere)}"
        if elsewhere
        else f"; no {rate:g}% rate for {subject} in the timeline"
    )
    src = latest.source if latest else ""
    return "inaccurate", text + ".", latest.date.isoformat() if latest else None, _TOL, src

"""Verdicts on changes ("sold $X", "cut by Y%", "lowest since ...") and rankings."""

from __future__ import annotations

import pandas as pd

from cardtable.data import available_months, holdings_at
from cardtable.factcheck._dates import month_add
from cardtable.factcheck._extract import Claim
from cardtable.factcheck._verify import Check, _bn, _notes, _series, _to_usd, _unverifiable

__all__ = ["check_change", "check_ranking"]


def check_change(c: Claim) -> Check:
    """Check a change claim against the holder's TIC series (month on month by default)."""
    if c.holder is None or c.month is None:
        return _unverifiable(c, "no holder or no date")
    series, source, vintage, note = _series(c.holder)
    month = c.month
    if month not in series.index:
        return _unverifiable(c, f"{month} is not in the data available ({note})", source, vintage)
    cur = float(series[month])
    if c.value is None:
        return _since(c, series, month, cur, source, vintage)
    start = c.since if c.since and len(c.since) == 7 else month_add(month, -1)
    if c.date_basis == "year end" or c.since == "P12M":
        start = month_add(month, -12)
    if start not in series.index:
        return _unverifiable(c, f"{start} is not in the data available ({note})", source, vintage)
    prev = float(series[start])
    delta = cur - prev
    if c.detail.startswith("net "):
        why = (
            f"net sales and purchases are TIC transactions data, not in cardtable; holdings "
            f"(at market value) went from {_bn(prev)} ({start}) to {_bn(cur)} ({month})"
        )
        return _unverifiable(c, why, source, vintage)
    notes = (
        *_notes(c.holder),
        "TIC holdings are at market value: a change mixes sales with price moves",
    )
    went = "down" if delta < 0 else "up"
    if c.unit == "pct":
        actual = 100.0 * delta / prev
        gap = abs(c.value - abs(actual))
        tight = max(c.step, 0.5)
        verdict = (
            "accurate" if gap <= tight else "approximately right" if gap <= 1.5 else "inaccurate"
        )
        said = f"{actual:+.1f}%"
        tol = f"accurate within {tight:g} point, approximately right within 1.5"
    else:
        claimed, step, conv = _to_usd(c, month)
        if conv:
            notes = (*notes, conv)
        actual = delta
        gap = abs(claimed - abs(delta))
        tight = max(step, 0.10 * abs(delta))
        verdict = (
            "accurate"
            if gap <= tight
            else "approximately right"
            if gap <= 0.30 * abs(delta)
            else "inaccurate"
        )
        said = f"{delta:+,.1f}bn USD"
        tol = (
            "accurate within 10% of the change (or the rounding written), "
            "approximately right within 30%"
        )
    if went != c.detail:
        verdict = "inaccurate"
    text = (
        f"{c.holder}'s holdings went {went} from {_bn(prev)} ({start}) "
        f"to {_bn(cur)} ({month}): {said}"
    )
    if went != c.detail:
        text += f"; the sentence says {c.detail}"
    return Check(
        c, verdict, text + ".", actual, f"{start}..{month}", "", tol, source, vintage, notes
    )


def _since(c: Claim, series: pd.Series, month: str, cur: float, source: str, vintage: str) -> Check:
    low = c.qualifier == "lowest_since"
    before = series[series.index < month]
    hits = before[before <= cur] if low else before[before >= cur]
    word = "lowest" if low else "highest"
    if c.since is None:
        return _unverifiable(c, "no date after 'since'", source, vintage)
    if hits.empty:
        verdict, text = (
            "approximately right",
            f"{_bn(cur)} at {month} is the {word} on record (since {series.index[0]})",
        )
        last = None
    else:
        last = str(hits.index[-1])
        stated = c.since
        if last.startswith(stated) or (len(stated) == 4 and last[:4] == stated):
            verdict = "accurate"
        elif last < stated:
            verdict = "approximately right"
        else:
            verdict = "inaccurate"
        what = "as low or lower" if low else "as high or higher"
        text = (
            f"{_bn(cur)} at {month}; the last month {what} was {last} ({_bn(float(hits.iloc[-1]))})"
        )
    tol = (
        "accurate if the last month at least as extreme is in the period stated; "
        "approximately right if earlier"
    )
    return Check(c, verdict, text + ".", cur, last, "", tol, source, vintage, _notes(c.holder))


def check_ranking(c: Claim) -> Check:
    """Check a ranking claim against the holders table at the claim's month."""
    if c.holder is None or c.month is None or c.value is None:
        return _unverifiable(c, "no holder or no date")
    months = [m for m in available_months() if m <= c.month]
    if not months or months[-1] < month_add(c.month, -2):
        return _unverifiable(c, f"no full holders table at or shortly before {c.month}")
    month = months[-1]
    snap = holdings_at(month)
    names = list(snap.table["country"])
    if c.holder not in names:
        return _unverifiable(
            c, f"{c.holder} is not in the holders table at {month}", snap.source, snap.vintage
        )
    rank = names.index(c.holder) + 1
    claimed = int(c.value)
    verdict = "accurate" if rank == claimed else "inaccurate"
    value = float(snap.table["holdings_usd_bn"].iloc[rank - 1])
    text = f"at {month}, {c.holder} ranked No. {rank} ({_bn(value)})"
    if rank != claimed and claimed <= len(names):
        other = names[claimed - 1]
        other_bn = float(snap.table["holdings_usd_bn"].iloc[claimed - 1])
        text += f"; No. {claimed} was {other} ({_bn(other_bn)})"
    return Check(c, verdict, text + ".", float(rank), month, "", "the rank must match", snap.source,
                 snap.vintage, _notes(c.holder))  # fmt: skip

"""Claims in an article: which figure, about whom, of what, when, and how it is qualified.

Rule-based and deterministic: a gazetteer of holders (TIC names, aliases and demonyms), topic
keywords (Treasuries, reserves, trade balance, tariffs), change verbs, ranking phrases and
qualifiers, applied clause by clause. Amounts come from :mod:`._numbers` and dates from
:mod:`._dates`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass
from typing import Any

from cardtable.factcheck._dates import DateRef, find_dates, latest_tic_month
from cardtable.factcheck._lexicon import (
    CHANGE_BEFORE,
    CLAUSE,
    DOWN,
    HOLDER_RE,
    HOLDERS,
    NET,
    ORDINALS,
    OVERTAKE,
    PEAK,
    PRONOUN,
    QUAL,
    RANK,
    RATIO,
    SINCE,
    SUBJECTS,
    TARIFF,
    TOPICS,
    YEAR_EARLIER,
)
from cardtable.factcheck._numbers import Amount, Percent, find_amounts, find_percents
from cardtable.factcheck._text import Document, split_sentences

__all__ = ["KINDS", "Claim", "extract_claims"]

KINDS = ("holdings", "ranking", "change", "ratio", "fx_reserves", "trade_surplus", "tariff")


@dataclass(frozen=True)
class Claim:
    """One numeric claim.

    Attributes
    ----------
    kind
        One of :data:`KINDS`.
    sentence
        Index of the sentence in the document.
    start, end
        Offsets of the figure in the document's plain text.
    quote
        The figure as written (``"$1.13tn"``, ``"second-largest"``, ``"24%"``).
    holder
        TIC name of the holder (None for tariffs on no named country).
    value
        The claimed figure in ``unit`` (None for ranking-free "lowest since" claims).
    unit
        ``usd_bn``, ``jpy_bn``, ``pct``, ``rank`` or ``none``.
    qualifier
        ``""``, ``about``, ``over``, ``under``, ``nearly``, ``peak``, ``lowest_since`` or
        ``highest_since``.
    month
        ``YYYY-MM`` the claim refers to, or None.
    day
        ``YYYY-MM-DD`` when the sentence gives a day.
    date_basis
        Where ``month`` comes from: ``stated``, ``Japanese fiscal year end``, ``year end``,
        ``implied by article date`` or ``none``.
    since
        For changes and "lowest since": the earlier month ``YYYY-MM`` or year ``YYYY``; ``P12M``
        for "from a year earlier"; or None.
    detail
        Kind-specific: ``down``/``up`` for changes (``net down``/``net up`` for net sales or
        purchases); ``reserves``/``foreign total`` for ratios;
        ``autos``/``steel``/``surcharge``/``reciprocal`` for tariffs; the currency as written.
    step
        Half a unit of the last digit written, in ``unit`` (the rounding the writer implies).
    """

    kind: str
    sentence: int
    start: int
    end: int
    quote: str
    holder: str | None
    value: float | None
    unit: str
    qualifier: str
    month: str | None
    day: str | None
    date_basis: str
    since: str | None
    detail: str
    step: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return asdict(self)


def _holders(text: str) -> list[tuple[int, int, str]]:
    found = []
    for m in HOLDER_RE.finditer(text):
        assert m.lastgroup is not None
        found.append((m.start(), m.end(), HOLDERS[int(m.lastgroup[1:])][1]))
    return found


def _clause(text: str, pos: int) -> tuple[int, int]:
    start, end = 0, len(text)
    for m in CLAUSE.finditer(text):
        if m.end() <= pos:
            start = m.end()
        elif m.start() >= pos:
            end = m.start()
            break
    return start, end


def _holder_for(
    holders: list[tuple[int, int, str]], pos: int, lo: int, hi: int, text: str
) -> str | None:
    """The holder a figure at ``pos`` in clause [lo, hi) is about.

    The last holder named before it in the clause; else, when a pronoun ("it", "its", "the
    country") stands before it in the clause, the last holder named before the clause; else the
    first named after it in the clause; else the last named before it in the sentence.
    """
    inside = [h for h in holders if lo <= h[0] < hi]
    before = [h for h in inside if h[1] <= pos]
    if before:
        return before[-1][2]
    prior = [h for h in holders if h[1] <= pos]
    if PRONOUN.search(text, lo, pos) and prior:
        return prior[-1][2]
    after = [h for h in inside if h[0] >= pos]
    if after:
        return after[0][2]
    return prior[-1][2] if prior else (holders[0][2] if holders else None)


def _topic_after(text: str, end: int, hi: int) -> str | None:
    """The topic named right after a figure ("$1.13tn of Treasuries", "in reserves")."""
    after = text[end : min(hi, end + 30)]
    m = re.match(r"\s*(?:of|in|worth\s+of|in\s+US|of\s+US)?\s*", after)
    head = after[m.end() :] if m else after
    for kind, pattern in TOPICS:
        if pattern.match(head):
            return kind
    return None


def _topic_of_holder(
    text: str, holders: list[tuple[int, int, str]], pos: int, lo: int
) -> str | None:
    """The topic right after the last possessive holder before ``pos`` ("Japan's reserves")."""
    for start, end, _ in reversed(holders):
        if lo <= start and end <= pos and text[start:end].endswith(("'s", "’s")):
            gap = re.match(r"\s*", text[end:])
            at = end + (gap.end() if gap else 0)
            for kind, pattern in TOPICS:
                if pattern.match(text, at):
                    return kind
            return None
    return None


def _topic(text: str, pos: int, end: int, lo: int, hi: int) -> str | None:
    """The topic right after the figure, else the nearest topic keyword in [lo, hi)."""
    after = _topic_after(text, end, hi)
    if after:
        return after
    best: tuple[int, str] | None = None
    for kind, pattern in TOPICS:
        for hit in pattern.finditer(text, lo, hi):
            dist = pos - hit.end() if hit.end() <= pos else hit.start() - end
            if best is None or dist < best[0]:
                best = (dist, kind)
    return best[1] if best else None


def _qualifier(text: str, start: int) -> str:
    before = text[max(0, start - 25) : start]
    for name, pattern in QUAL:
        if pattern.search(before):
            return name
    return ""


def _pick(stated: list[DateRef], s: int, e: int, figures: list[int]) -> DateRef:
    """The date a figure at [s, e) refers to: the first one after it with no other figure
    between, else the last one before it, else the first of the clause."""
    after = [d for d in stated if d.start >= e and not any(e <= f < d.start for f in figures)]
    if after:
        return after[0]
    before = [d for d in stated if d.end <= s]
    return before[-1] if before else stated[0]


def _when(
    dates: list[DateRef], lo: int, hi: int, base: dt.date | None, span: tuple[int, int],
    figures: list[int],
) -> tuple[str | None, str | None, str, str | None]:  # fmt: skip
    """(month, day, basis, since) for a figure at ``span`` in clause [lo, hi) of a sentence."""
    inside = [d for d in dates if lo <= d.start < hi] or [d for d in dates if d.role != "until"]
    since_ref = next((d for d in inside if d.role == "since" and d.month), None)
    since = None
    if since_ref is not None and since_ref.month is not None:
        since = since_ref.month[:4] if since_ref.precision == "year" else since_ref.month
        if YEAR_EARLIER.fullmatch(since_ref.text):
            since = "P12M"  # "from a year earlier": twelve months before the figure's month
    day = next((d.day for d in inside if d.day), None)
    stated = [d for d in inside if d.role != "since" and d.month]
    if stated:
        d = _pick(stated, span[0], span[1], figures)
        basis = {"fiscal": "Japanese fiscal year end", "year": "year end"}.get(
            d.precision, "stated"
        )
        return d.month, d.day or day, basis, since
    if base is not None:
        return latest_tic_month(base), day, "implied by article date", since
    return None, day, "none", since


def _claim_kind_for_amount(
    text: str, a: Amount, lo: int, hi: int, carried: str | None, holders: list[tuple[int, int, str]]
) -> str:
    """The kind of claim an amount makes; ``carried`` is the topic of earlier sentences."""
    if CHANGE_BEFORE.search(text[max(lo, a.start - 40) : a.start]):
        return "change"
    topic = (
        _topic_after(text, a.end, hi)
        or _topic_of_holder(text, holders, a.start, lo)
        or _topic(text, a.start, a.end, lo, hi)
        or _topic(text, a.start, a.end, 0, len(text))
    )
    if topic in (None, "holdings_weak"):
        if carried is not None:
            return carried
        return "holdings" if topic else "other"
    return topic


def _strong_topic(text: str) -> str | None:
    """The first Treasuries, reserves or trade keyword of a sentence, carried to the next ones."""
    hits = [
        (m.start(), kind)
        for kind, pattern in TOPICS
        if kind in ("holdings", "fx_reserves", "trade_surplus")
        for m in pattern.finditer(text)
    ]
    return min(hits)[1] if hits else None


def _sentence_claims(
    idx: int, text: str, offset: int, base: dt.date | None, carried: str | None,
    prior: str | None,
) -> tuple[list[Claim], str | None, str | None]:  # fmt: skip
    """Claims of one sentence, its topic and the holder it is about (or ``prior``).

    A sentence that names no holder ("Its holdings rose to ...", "The country sold ...") takes
    the holder the sentences before it were about (``prior``): that of their last claim, else the
    last one they name.
    """
    holders = _holders(text)
    if not holders and prior is not None:
        holders = [(-1, -1, prior)]
    dates = find_dates(text, base)
    claims: list[Claim] = []
    amounts = find_amounts(text)
    percents = find_percents(text)
    figures = [a.start for a in amounts] + [p.start for p in percents]

    def add(kind: str, s: int, e: int, holder: str | None, value: float | None, unit: str,
            qual: str, detail: str, step: float = 0.0) -> None:  # fmt: skip
        lo, hi = _clause(text, s)
        month, day, basis, since = _when(dates, lo, hi, base, (s, e), figures)
        claims.append(
            Claim(
                kind,
                idx,
                offset + s,
                offset + e,
                text[s:e],
                holder,
                value,
                unit,
                qual,
                month,
                day,
                basis,
                since,
                detail,
                step,
            )
        )

    peaks = [m.start() for m in PEAK.finditer(text)]
    peak_amount = (
        min(amounts, key=lambda a: min(abs(a.start - p) for p in peaks))
        if peaks and amounts
        else None
    )
    for a in amounts:
        lo, hi = _clause(text, a.start)
        kind = _claim_kind_for_amount(text, a, lo, hi, carried, holders)
        holder = _holder_for(holders, a.start, lo, hi, text)
        if kind == "other" or (holder is None and kind != "trade_surplus"):
            continue
        if kind == "trade_surplus" and holder is None:
            holder = "Japan" if re.search(r"Japan", text) else None
        unit = "jpy_bn" if a.currency == "JPY" else "usd_bn"
        if a.currency in ("EUR", "GBP"):
            continue
        qual = _qualifier(text, a.start)
        if kind == "change":
            lo2 = max(lo, a.start - 60)
            detail = "down" if DOWN.search(text[lo2 : a.start]) else "up"
            if NET.search(text[lo2 : a.end + 12]):
                detail = "net " + detail
        else:
            detail = a.currency
            if a is peak_amount and kind == "holdings" and not qual:
                qual = "peak"
        add(kind, a.start, a.end, holder, a.value_bn, unit, qual, detail, a.step_bn)
    _percent_claims(text, percents, holders, add)
    for m in RANK.finditer(text):
        lo, hi = _clause(text, m.start())
        overtake = OVERTAKE.search(text, lo, m.start())
        if overtake:
            subject = [h for h in holders if h[1] <= overtake.start()]
            holder = subject[-1][2] if subject else None
        else:
            holder = _holder_for(holders, m.start(), lo, hi, text)
        if holder is None:
            continue
        if m["n"] or m["num"]:
            rank = int(m["n"] or m["num"])
        else:
            word = (m["word"] or m["nw"] or "one").lower()
            rank = ORDINALS[word]
        add("ranking", m.start(), m.end(), holder, float(rank), "rank", "", "")
    for m in SINCE.finditer(text):
        lo, hi = _clause(text, m.start())
        holder = _holder_for(holders, m.start(), lo, hi, text)
        if holder is None:
            continue
        d = "lowest_since" if m["dir"].lower() in ("lowest", "smallest") else "highest_since"
        add("change", m.start(), m.end(), holder, None, "none", d, "")
    claims.sort(key=lambda c: c.start)
    named = [c.holder for c in claims if c.holder] or [h[2] for h in holders]
    return claims, _strong_topic(text) or carried, named[-1] if named else prior


def _percent_claims(text: str, percents: list[Percent], holders: list[tuple[int, int, str]],
                    add: Any) -> None:  # fmt: skip
    """Ratios, tariffs and percentage changes, passed to ``add``."""
    for p in percents:
        lo, hi = _clause(text, p.start)
        holder = _holder_for(holders, p.start, lo, hi, text)
        ratio = RATIO.match(text[p.end :])
        qual = _qualifier(text, p.start)
        if ratio and holder:
            base = "reserves" if "reserve" in ratio["base"].lower() else "foreign total"
            add("ratio", p.start, p.end, holder, p.value, "pct", qual, base, p.step)
            continue
        if TARIFF.search(text):
            subject = next((n for n, pat in SUBJECTS if pat.search(text, lo, hi)), "reciprocal")
            tholder = holder if holder else None
            add("tariff", p.start, p.end, tholder, p.value, "pct", qual, subject, p.step)
            continue
        if holder and CHANGE_BEFORE.search(text[max(lo, p.start - 40) : p.start]):
            lo2 = max(lo, p.start - 60)
            detail = "down" if DOWN.search(text[lo2 : p.start]) else "up"
            add("change", p.start, p.end, holder, p.value, "pct", qual, detail, p.step)


def extract_claims(doc: Document) -> list[Claim]:
    """Every numeric claim in ``doc``, in reading order.

    Parameters
    ----------
    doc
        From :func:`cardtable.factcheck.load_document`.

    Returns
    -------
    list of Claim
    """
    base = dt.date.fromisoformat(doc.date) if doc.date else None
    out: list[Claim] = []
    carried: str | None = None
    holder: str | None = None
    for idx, s in enumerate(split_sentences(doc.text)):
        claims, carried, holder = _sentence_claims(idx, s.text, s.start, base, carried, holder)
        out.extend(claims)
    return out

"""Dates in a sentence, and the month a figure without a date refers to.

Candidate phrases are found by the regular expressions below and read by ``dateparser`` with the
article's date as the base for relative dates ("last month", "a year ago"), preferring dates in
the past; a year-less date ("in March", "from August 1") is the latest such date no later than
two months after the article's date. Japan's fiscal year (April to March: fiscal 2024 ends
2025-03) is handled here, since ``dateparser`` knows only calendar years.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import dateparser

__all__ = ["DateRef", "find_dates", "latest_tic_month", "month_add"]

_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_PATTERNS = [
    ("iso", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})(?:-(?P<d>\d{2}))?\b")),
    (
        "fiscal",
        re.compile(
            r"\b(?:(?:the\s+)?(?:end\s+of\s+)?(?:Japan's\s+)?fiscal(?:\s+year)?\s+|FY\s?)"
            r"(?P<fy>\d{4}|'?\d{2})\b",
            re.IGNORECASE,
        ),
    ),
    (
        "month",
        re.compile(
            r"\b(?:(?P<edge>end[- ]of[- ]|end-|the\s+end\s+of\s+|late[- ]|early[- ]|mid-?)\s*)?"
            r"(?:(?P<d1>\d{1,2})\s+)?(?P<mon>" + _MONTHS + r")(?![a-z])"
            r"(?:\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?\b)?(?:,?\s+(?P<y>(?:19|20)\d{2}))?"
        ),
    ),
    (
        "relative",
        re.compile(
            r"\b(?:last\s+(?:month|year)|this\s+year|a\s+year\s+(?:earlier|ago)|"
            r"(?:two|three|six|\d+)\s+months?\s+(?:earlier|ago)|a\s+month\s+(?:earlier|ago))\b",
            re.IGNORECASE,
        ),
    ),
    ("year", re.compile(r"\b(?P<y>(?:19|20)\d{2})\b")),
]
_ROLE = re.compile(r"(since|from|than(?:\s+in)?|before|compared\s+with)\s*(?:the\s+)?$", re.I)
_UNTIL = re.compile(r"\b(?:until|till|through)\s*$", re.I)


@dataclass(frozen=True)
class DateRef:
    """A date written in a sentence.

    Attributes
    ----------
    start, end
        Offsets in the sentence.
    text
        As written.
    month
        ``YYYY-MM`` it points to (December for a bare year; March after the fiscal year for a
        Japanese fiscal year), or None when no year can be given.
    day
        ``YYYY-MM-DD`` when a day is written, else None.
    precision
        ``"day"``, ``"month"``, ``"year"`` or ``"fiscal"``.
    role
        ``"since"`` after since/from/than, ``"until"`` after until/till/through, else ``""``.
    """

    start: int
    end: int
    text: str
    month: str | None
    day: str | None
    precision: str
    role: str


def month_add(month: str, n: int) -> str:
    """``YYYY-MM`` plus ``n`` months."""
    y, m = int(month[:4]), int(month[5:7])
    k = y * 12 + (m - 1) + n
    return f"{k // 12:04d}-{k % 12 + 1:02d}"


def latest_tic_month(on: dt.date) -> str:
    """The latest month of TIC holdings published on date ``on``.

    TIC publishes month M's holdings around the 15th-18th of month M+2 (e.g. March on or about
    May 16); this takes the 18th as the cut-off, so it can be a month early around release days.
    """
    month = f"{on.year:04d}-{on.month:02d}"
    return month_add(month, -2 if on.day >= 18 else -3)


def _parse(phrase: str, base: dt.date | None) -> dt.datetime | None:
    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first"}
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime(base.year, base.month, base.day)
    return dateparser.parse(phrase, languages=["en"], settings=settings)


def _nearest(phrase: str, base: dt.date) -> dt.datetime | None:
    """A year-less date: the latest occurrence no later than two months after ``base``."""
    limit = dt.datetime(base.year, base.month, base.day) + dt.timedelta(days=62)
    for year in (base.year + 1, base.year, base.year - 1):
        parsed = _parse(f"{phrase} {year}", None)
        if parsed is not None and parsed <= limit:
            return parsed
    return None


def _ref(kind: str, m: re.Match[str], base: dt.date | None) -> DateRef | None:
    text = m.group(0).strip()
    month: str | None = None
    day: str | None = None
    precision = "month"
    if kind == "iso":
        month = f"{m['y']}-{m['m']}"
        if m["d"]:
            day, precision = f"{month}-{m['d']}", "day"
    elif kind == "fiscal":
        raw = m["fy"].lstrip("'")
        fy = int(raw) if len(raw) == 4 else 2000 + int(raw)
        month, precision = f"{fy + 1:04d}-03", "fiscal"
    elif kind == "month":
        dd = m["d1"] or m["d2"]
        phrase = f"{m['mon'].rstrip('.')} {dd or 1}" + (f" {m['y']}" if m["y"] else "")
        if not m["y"] and base is None:
            return DateRef(m.start(), m.end(), text, None, None, "month", "")
        parsed = _parse(phrase, base) if m["y"] or base is None else _nearest(phrase, base)
        if parsed is None:
            return None
        month = f"{parsed.year:04d}-{parsed.month:02d}"
        if dd:
            day, precision = parsed.date().isoformat(), "day"
    elif kind == "relative":
        if base is None:
            return DateRef(m.start(), m.end(), text, None, None, "month", "")
        parsed = _parse(re.sub(r"(?i)\bearlier\b", "ago", text), base)
        if parsed is None:
            return None
        month = f"{parsed.year:04d}-{parsed.month:02d}"
        if "year" in text.lower() and "ago" not in text.lower() and "earlier" not in text.lower():
            month, precision = f"{parsed.year:04d}-12", "year"
    else:
        month, precision = f"{m['y']}-12", "year"
    return DateRef(m.start(), m.end(), text, month, day, precision, "")


def find_dates(sentence: str, base: dt.date | None) -> list[DateRef]:
    """Every date written in ``sentence``, left to right, without overlaps.

    Parameters
    ----------
    sentence
        One sentence.
    base
        The article's date (for year-less and relative dates), or None.
    """
    taken: list[tuple[int, int]] = []
    refs: list[DateRef] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(sentence):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            if (
                kind == "month"
                and m["mon"].lower().startswith("may")
                and not (m["y"] or m["d1"] or m["d2"] or m["edge"])
            ):
                before = sentence[max(0, m.start() - 12) : m.start()].lower()
                if not re.search(r"\b(in|of|since|from|end|by|until|to|at)\s+$", before):
                    continue  # the verb "may"
            ref = _ref(kind, m, base)
            if ref is None:
                continue
            before = sentence[max(0, m.start() - 25) : m.start()]
            role = "since" if _ROLE.search(before) else "until" if _UNTIL.search(before) else ""
            if role:
                ref = DateRef(ref.start, ref.end, ref.text, ref.month, ref.day, ref.precision, role)
            taken.append((m.start(), m.end()))
            refs.append(ref)
    return sorted(refs, key=lambda r: r.start)

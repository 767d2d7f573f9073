"""US Treasury TIC "Major Foreign Holders of Treasury Securities" tables.

Two files share one tab-delimited layout, published by the Treasury and the Federal Reserve Board:

* ``mfhhis01.txt``: the history back to March 2000, one block per year;
* ``mfh.txt``: the current table, one block of (usually) 13 months that may span two years.

A block is a month header row (``<TAB>Dec<TAB>Nov...``, newest first), a year row
(``Country<TAB>2025<TAB>2025...``), a ruler of dashes, then one row per holder: countries (names
quoted when they hold a comma, trailing footnote markers like ``United Kingdom 2/``), ``All Other``,
``Grand Total``, and below ``Of which:`` the foreign-official rows ``For. Official``,
``Treasury Bills`` and ``T-Bonds & Notes``. ``*`` means less than $50 million and blank means no
figure, as does ``n.a.`` (not available: Luxembourg before June 2002, when it was reported with
Belgium). Below the tables come the release date (``3/18/26``) and the footnotes.

Series breaks: when an annual survey re-benchmarks the data, the break month appears twice in its
block, under header rows such as ``Series 16/ XII`` and ``Series XI``. The later series (higher
roman numeral; footnotes 6-17 say the earlier one "is shown for comparison only") is kept in the
main series; the earlier estimate is kept as rows flagged ``series_break_old``. When a duplicated
month carries no roman numerals, the leftmost column is taken as the newer (the table runs newest
first).

The parsers are pure functions of the text; ``read_*`` read a file and call them.
"""

from __future__ import annotations

import csv
import itertools
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd

from cardtable._calendar import format_month
from cardtable.data.loaders._common import (
    MONTH_ABBR,
    NUMBER_FORMAT,
    PLAUSIBLE,
    iso_date,
    parse_number,
    read_text,
)
from cardtable.data.loaders._tic_totals import (
    OLD_SERIES_TOLERANCE,
    ROUNDING_USD_BN,
    check_totals,
    total_tolerance_usd_bn,
)
from cardtable.errors import ParseError

__all__ = [
    "AGGREGATE_ROWS",
    "COLUMNS",
    "OLD_SERIES_TOLERANCE",
    "ROUNDING_USD_BN",
    "TicTable",
    "clean_name",
    "combine",
    "is_aggregate_row",
    "parse_mfh",
    "parse_mfhhis",
    "read_mfh",
    "read_mfhhis",
    "total_tolerance_usd_bn",
]

#: Columns of the tidy frame, in order.
COLUMNS = (
    "month",
    "country",
    "holdings_usd_bn",
    "is_aggregate",
    "series_break_old",
    "below_threshold",
)

#: Rows that are sums of other rows or residuals of many holders, not single holders: the one
#: definition of cardtable (see :func:`is_aggregate_row`, which also covers the ``Of which: ...``
#: foreign-official rows and any ``Total ...`` row).
AGGREGATE_ROWS = frozenset(
    {
        "Grand Total",
        "All Other",
        "Oil Exporters",
        "Carib Bnkng Ctrs",
        "Caribbean Banking Centers",
        "Asian Financial Centers",
    }
)
_AGGREGATE_KEYS = frozenset(a.casefold() for a in AGGREGATE_ROWS)
_AGGREGATE_PREFIX = re.compile(r"^(of which|total)\b")


def is_aggregate_row(name: str) -> bool:
    """Whether a TIC row is an aggregate (a total, a residual or a group), not a single holder.

    Aggregates are the rows of :data:`AGGREGATE_ROWS`, every ``Of which: ...`` row and every
    row whose name starts with ``Total``; case, quotes, padding and footnote markers are ignored.

    Examples
    --------
    >>> [is_aggregate_row(n) for n in ["Grand Total", "all other", "Of which: Foreign Official"]]
    [True, True, True]
    >>> [is_aggregate_row(n) for n in ["Japan", "Oil Exporters 3/", "Total IMF"]]
    [False, True, True]
    """
    key = clean_name(name).casefold()
    return key in _AGGREGATE_KEYS or _AGGREGATE_PREFIX.match(key) is not None


_OF_WHICH = {
    "for. official": "Of which: Foreign Official",
    "foreign official": "Of which: Foreign Official",
    "treasury bills": "Of which: Foreign Official Treasury Bills",
    "t-bonds & notes": "Of which: Foreign Official T-Bonds & Notes",
}
_NOT_AVAILABLE = frozenset({"n.a.", "na", "n/a", "-"})
_FOOTNOTE = re.compile(r"\s+\d+/$")
_ROMAN = re.compile(r"^[IVXLC]+$")
_YEAR = re.compile(r"^\d{4}$")
_LONG_DATE = re.compile(r"^[A-Z][a-z]+ \d{1,2}, \d{4}$")


@dataclass(frozen=True)
class TicTable:
    """A parsed TIC table.

    Attributes
    ----------
    frame
        Long frame with :data:`COLUMNS`: ``month`` (``YYYY-MM``), ``country`` (as published,
        cleaned), ``holdings_usd_bn``, ``is_aggregate``, ``series_break_old`` and
        ``below_threshold`` (``*`` cells, stored as 0.0).
    vintage
        Release date of the table, ISO ``YYYY-MM-DD``.
    """

    frame: pd.DataFrame
    vintage: str

    @property
    def main(self) -> pd.DataFrame:
        """Rows of the main series (series-break comparison estimates removed)."""
        return self.frame[~self.frame["series_break_old"]].reset_index(drop=True)


def clean_name(raw: str) -> str:
    """Holder name as published, without quotes, padding or footnote markers.

    Examples
    --------
    >>> clean_name('"Korea, South "')
    'Korea, South'
    >>> clean_name("Belgium  5/")
    'Belgium'
    """
    name = raw.strip().strip('"').strip()
    name = _FOOTNOTE.sub("", name).strip()
    return re.sub(r"\s{2,}", " ", name)


def _roman(text: str) -> int | None:
    s = text.strip()
    if not s or not _ROMAN.match(s):
        return None
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for a, b in zip(s, s[1:] + " ", strict=True):
        v = values[a]
        total += -v if b in values and values[b] > v else v
    return total


def _cells(line: str) -> list[str]:
    return next(csv.reader([line], delimiter="\t"), [])


def _is_month_row(cells: list[str]) -> bool:
    rest = [c.strip() for c in cells[1:] if c.strip()]
    return not cells[0].strip() and bool(rest) and all(c in MONTH_ABBR for c in rest)


def _vintage(first_cell: str) -> str | None:
    s = first_cell.strip()
    d = iso_date(s)
    if d is None and _LONG_DATE.match(s):
        try:
            d = datetime.strptime(s, "%B %d, %Y").date()
        except ValueError:
            d = None
    return d.isoformat() if d is not None else None


def _columns(
    lineno: int, months: list[str], years: list[str], romans: list[int | None], name: str
) -> list[tuple[int, str, bool]]:
    """Map cell positions to (position, 'YYYY-MM', is_old_series).

    The official layout runs newest first, one month per column: each column is the month
    before its left neighbour, or the same month again at a series break, where both columns
    carry distinct roman series numerals. Anything else (a header changed from Dec to Jan, a
    wrong year) is refused rather than relabelled.
    """
    cols: list[tuple[int, str, int]] = []
    for j in range(1, len(months)):
        m = months[j].strip()
        if not m:
            continue
        y = years[j].strip() if j < len(years) else ""
        if not _YEAR.match(y):
            raise ParseError(
                f"{name} line {lineno + 1}: year for column {j} ({m}) is {y!r}; "
                "expected a four-digit year under every month"
            )
        cols.append((j, format_month(int(y), MONTH_ABBR[m]), int(y) * 12 + MONTH_ABBR[m] - 1))
    for (j0, m0, k0), (j1, m1, k1) in itertools.pairwise(cols):
        if k1 not in (k0, k0 - 1):
            raise ParseError(
                f"{name} line {lineno}: column {j1} is {m1} after {m0} in column {j0}; "
                "the official header runs newest first, one month per column (month headers "
                "and years must not skip or repeat a month except at a series break)"
            )
    out: list[tuple[int, str, bool]] = []
    for j, month, _ in cols:
        same = [k for k, mm, _ in cols if mm == month]
        if len(same) == 1:
            out.append((j, month, False))
            continue
        ranks = [romans[k] if k < len(romans) else None for k in same]
        if any(r is None for r in ranks) or len(set(ranks)) != len(ranks):
            raise ParseError(
                f"{name} line {lineno}: month {month} appears in {len(same)} columns without "
                "distinct series numerals above them; allowed: a month twice only at a series "
                "break ('Series 16/ XII' over one column, 'Series XI' over the other)"
            )
        newest = same[ranks.index(max(r for r in ranks if r is not None))]
        out.append((j, month, j != newest))
    return out


def _value(cell: str, lineno: int, label: str, month: str, name: str) -> tuple[float, bool] | None:
    s = cell.strip()
    if not s or s.lower() in _NOT_AVAILABLE:
        return None
    if s == "*":
        return 0.0, True
    v = parse_number(s, thousands=True)
    where = f"{name} line {lineno + 1}: holdings_usd_bn for {label!r} at {month}"
    if v is None:
        raise ParseError(
            f"{where} is {s!r}; allowed: {NUMBER_FORMAT} (thousands separated by commas in "
            "groups of three), '*' (less than $50 million), 'n.a.' or blank"
        )
    rule = PLAUSIBLE["holdings_usd_bn"]
    if not rule.holds(v):
        raise ParseError(f"{where} is {s}; {rule.rule()}")
    return v, False


def _parse(text: str, name: str) -> tuple[list[dict[str, object]], list[str], str | None]:
    """Rows, block labels and release date (footer date first, else a date in the title)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    rows: list[dict[str, object]] = []
    blocks: list[str] = []
    footer_vintage: str | None = None
    title_vintage: str | None = None
    cols: list[tuple[int, str, bool]] | None = None
    block: list[tuple[int, str, dict[int, float]]] = []
    of_which = has_total = False
    for i, line in enumerate(lines):
        cells = _cells(line)
        if not cells:
            continue
        if _is_month_row(cells):
            if cols is not None and not has_total:
                raise ParseError(f"{name}: block {blocks[-1]} has no 'Grand Total' row")
            if cols is not None:
                check_totals(block, cols, name)
            years = _cells(lines[i + 1]) if i + 1 < len(lines) else []
            if not years or years[0].strip() != "Country":
                raise ParseError(
                    f"{name} line {i + 2}: expected the year row 'Country<TAB>YYYY...' "
                    "under the month header"
                )
            romans = [_roman(c) for c in _cells(lines[i - 1])] if i > 0 else []
            cols = _columns(i + 1, cells, years, romans, name)
            blocks.append(f"{cols[-1][1]}..{cols[0][1]}")
            block = []
            of_which = has_total = False
            continue
        label = clean_name(cells[0])
        if not label or set(label) <= {"-", " "} or label == "Country":
            continue
        date_here = _vintage(cells[0])
        if cols is None:
            if date_here is not None and not blocks:
                title_vintage = title_vintage or date_here
            elif date_here is not None:
                footer_vintage = footer_vintage or date_here
            continue
        if label.startswith("Department of the Treasury") or date_here is not None:
            if not has_total:
                raise ParseError(f"{name}: block {blocks[-1]} has no 'Grand Total' row")
            footer_vintage = footer_vintage or date_here
            check_totals(block, cols, name)
            cols = None  # footer: no data rows until another month header
            continue
        if label.lower().startswith("of which"):
            of_which = True
            continue
        values = [
            (j, month, old, _value(cells[j] if j < len(cells) else "", i, label, month, name))
            for j, month, old in cols
        ]
        if all(v is None for _, _, _, v in values):
            continue
        country = _OF_WHICH.get(label.lower(), f"Of which: {label}") if of_which else label
        has_total = has_total or country == "Grand Total"
        aggregate = of_which or is_aggregate_row(country)
        block.append((i, country, {j: v[0] for j, _, _, v in values if v is not None}))
        rows.extend(
            {
                "month": month,
                "country": country,
                "holdings_usd_bn": v[0],
                "is_aggregate": aggregate,
                "series_break_old": old,
                "below_threshold": v[1],
            }
            for _, month, old, v in values
            if v is not None
        )
    if cols is not None and not has_total:
        raise ParseError(f"{name}: block {blocks[-1]} has no 'Grand Total' row (file truncated?)")
    if cols is not None:
        check_totals(block, cols, name)
    return rows, blocks, footer_vintage or title_vintage


def _frame(rows: list[dict[str, object]], name: str) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    frame = frame.astype(
        {
            "month": str,
            "country": str,
            "holdings_usd_bn": "float64",
            "is_aggregate": bool,
            "series_break_old": bool,
            "below_threshold": bool,
        }
    )
    frame = frame.sort_values("month", kind="mergesort").reset_index(drop=True)
    main = frame[~frame["series_break_old"]]
    dup = main[main.duplicated(["month", "country"], keep=False)]
    if not dup.empty:
        first = dup.iloc[0]
        raise ParseError(
            f"{name}: {first['country']!r} appears twice at {first['month']} in the main series; "
            "allowed: one figure per holder and month (a series break shows the month twice "
            "in one block, under 'Series' headers)"
        )
    return frame


def parse_mfhhis(text: str, *, name: str = "mfhhis01.txt") -> TicTable:
    """Parse the TIC Major Foreign Holders history (``mfhhis01.txt``).

    Parameters
    ----------
    text
        The file's text, as published (tab-delimited).
    name
        File name used in error messages.

    Returns
    -------
    TicTable
        Long frame of every figure and the release date.

    Raises
    ------
    ParseError
        When no block is found, a block lacks its Grand Total row, a cell is not a number,
        a holder appears twice at one month of the main series, or the release date line
        (``3/18/26``) is missing, which is how a truncated download shows.
    """
    table, _ = _parse_table(text, name)
    return table


def _parse_table(text: str, name: str) -> tuple[TicTable, int]:
    rows, blocks, vintage = _parse(text, name)
    if not blocks:
        raise ParseError(
            f"{name}: no table found; expected a month header row '<TAB>Dec<TAB>Nov...' "
            "followed by 'Country<TAB>YYYY...'"
        )
    if vintage is None:
        raise ParseError(
            f"{name}: no release date line (like '3/18/26') after the tables; "
            "the file looks truncated"
        )
    return TicTable(_frame(rows, name), vintage), len(blocks)


def parse_mfh(text: str, *, name: str = "mfh.txt") -> TicTable:
    """Parse the current TIC Major Foreign Holders table (``mfh.txt``).

    Same layout as :func:`parse_mfhhis` with a title section and a single block, whose year row
    may span two years (``Dec 2025 ... Dec 2024``).

    Parameters
    ----------
    text
        The file's text.
    name
        File name used in error messages.

    Returns
    -------
    TicTable

    Raises
    ------
    ParseError
        As :func:`parse_mfhhis`, and when the text holds more than one block.
    """
    table, n_blocks = _parse_table(text, name)
    if n_blocks != 1:
        raise ParseError(
            f"{name}: {n_blocks} month blocks found; the current table has exactly one "
            "(use parse_mfhhis for the history)"
        )
    return table


def read_mfhhis(path: str | Path) -> TicTable:
    """Read and parse ``mfhhis01.txt`` from ``path`` (see :func:`parse_mfhhis`)."""
    return parse_mfhhis(read_text(path), name=Path(path).name)


def read_mfh(path: str | Path) -> TicTable:
    """Read and parse ``mfh.txt`` from ``path`` (see :func:`parse_mfh`)."""
    return parse_mfh(read_text(path), name=Path(path).name)


def combine(history: TicTable, current: TicTable) -> TicTable:
    """The history with the current table's months laid over it.

    Main-series rows of ``history`` at months that ``current`` covers are replaced by
    ``current``'s rows (the current table is the later release); months only in ``current``
    are added. Series-break comparison rows of the history are kept.

    Parameters
    ----------
    history
        Parsed ``mfhhis01.txt``.
    current
        Parsed ``mfh.txt``.

    Returns
    -------
    TicTable
        Combined frame; vintage is the later of the two.
    """
    months = set(current.main["month"])
    keep = history.frame["series_break_old"] | ~history.frame["month"].isin(months)
    frame = pd.concat([history.frame[keep], current.main], ignore_index=True)
    frame = frame.sort_values("month", kind="mergesort").reset_index(drop=True)
    return TicTable(frame, max(history.vintage, current.vintage))

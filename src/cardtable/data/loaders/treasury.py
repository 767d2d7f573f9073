"""US Treasury Daily Par Yield Curve Rates (CSV download from home.treasury.gov).

Header ``Date,1 Mo,1.5 Mo,2 Mo,3 Mo,4 Mo,6 Mo,1 Yr,2 Yr,3 Yr,5 Yr,7 Yr,10 Yr,20 Yr,30 Yr``
(tenors were added over time: 2 Mo in 2018, 4 Mo in 2022, 1.5 Mo in 2025), rows newest first.
Dates are ``MM/DD/YYYY`` in Treasury's downloads and ISO in re-exports; both are read. Blank = no
rate that day.

Tenor columns become ``y_<n><m|y|w>_pct`` in percent: ``1 Mo`` -> ``y_1m_pct``, ``1.5 Mo`` ->
``y_1_5m_pct``, ``30 Yr`` -> ``y_30y_pct``.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from cardtable.data.loaders._common import (
    NUMBER_FORMAT,
    PLAUSIBLE,
    iso_date,
    parse_number,
    read_text,
)
from cardtable.errors import ParseError

__all__ = ["OFFICIAL_TENORS", "parse_par_yield_curve", "read_par_yield_curve", "tenor_column"]

_TENOR = re.compile(r"^(\d+(?:\.\d+)?)\s*(Mo|Month|Months|Yr|Year|Years|Wk|Week|Weeks)$", re.I)


def tenor_column(header: str) -> str:
    """Column name for a tenor header.

    Examples
    --------
    >>> tenor_column("1.5 Mo")
    'y_1_5m_pct'
    >>> tenor_column("30 Yr")
    'y_30y_pct'
    """
    m = _TENOR.match(header.strip())
    if m is None:
        raise ParseError(
            f"par yield curve: column {header!r} is not a tenor; allowed: 'N Mo', 'N Yr' or 'N Wk'"
        )
    number = m[1].replace(".", "_")
    unit = m[2][0].lower()
    return f"y_{number}{unit}_pct"


#: The tenors Treasury publishes, shortest first (2 Mo since 2018, 4 Mo since 2022, 1.5 Mo
#: since 2025).
OFFICIAL_TENORS = (
    "1 Mo", "1.5 Mo", "2 Mo", "3 Mo", "4 Mo", "6 Mo",
    "1 Yr", "2 Yr", "3 Yr", "5 Yr", "7 Yr", "10 Yr", "20 Yr", "30 Yr",
)  # fmt: skip
_ORDER = {tenor_column_name: k for k, tenor_column_name in enumerate(OFFICIAL_TENORS)}


def _tenors(headers: list[str], name: str) -> list[str]:
    """Column names of the tenor headers: official tenors only, shortest first, each once."""
    seen: list[int] = []
    for h in headers:
        k = _ORDER.get(h.strip())
        if k is None:
            raise ParseError(
                f"{name} line 1: column {h!r} is not one of Treasury's par yield tenors; "
                f"allowed: {', '.join(OFFICIAL_TENORS)}"
            )
        if seen and k <= seen[-1]:
            raise ParseError(
                f"{name} line 1: column {h.strip()!r} comes after "
                f"{OFFICIAL_TENORS[seen[-1]]!r}; allowed: each tenor once, shortest first"
            )
        seen.append(k)
    if not seen:
        raise ParseError(f"{name} line 1: no tenor column; expected 'Date,1 Mo,...,30 Yr'")
    return [tenor_column(h) for h in headers]


def parse_par_yield_curve(text: str, *, name: str = "daily_par_yield_curve.csv") -> pd.DataFrame:
    """Parse a Treasury Daily Par Yield Curve CSV.

    Parameters
    ----------
    text
        CSV text.
    name
        Name used in error messages.

    Returns
    -------
    pandas.DataFrame
        ``date`` (datetime64, ascending) and one float column per tenor (percent), in the
        file's order, e.g. ``y_1m_pct`` ... ``y_30y_pct``.

    Raises
    ------
    ParseError
        For a header without ``Date``, a tenor Treasury does not publish or out of order, no
        row below the header, a bad date, a rate that is not a plain decimal or lies outside
        [-5, 30] percent, or a repeated date.
    """
    rows = [r for r in csv.reader(io.StringIO(text.lstrip("\ufeff"))) if any(c.strip() for c in r)]
    if not rows or rows[0][0].strip() != "Date":
        raise ParseError(f"{name} line 1: expected a header 'Date,1 Mo,...,30 Yr'")
    tenors = _tenors(rows[0][1:], name)
    if len(rows) == 1:
        raise ParseError(
            f"{name}: a header and no rates; expected at least one dated row below the header"
        )
    rule = PLAUSIBLE["yield_pct"]
    dates: list[str] = []
    values = np.full((len(rows) - 1, len(tenors)), np.nan)
    for n, row in enumerate(rows[1:], start=2):
        if len(row) != len(tenors) + 1:
            raise ParseError(f"{name} line {n}: {len(row)} fields; expected {len(tenors) + 1}")
        d = iso_date(row[0])
        if d is None:
            raise ParseError(
                f"{name} line {n}: Date {row[0]!r} is not a date; allowed: MM/DD/YYYY or YYYY-MM-DD"
            )
        dates.append(d.isoformat())
        for k, cell in enumerate(row[1:]):
            s = cell.strip()
            if s in {"", "N/A", "."}:
                continue
            v = parse_number(s)
            if v is None:
                raise ParseError(
                    f"{name} line {n}: {tenors[k]} is {s!r}; allowed: a rate in percent "
                    f"({NUMBER_FORMAT}) or blank"
                )
            if not rule.holds(v):
                raise ParseError(f"{name} line {n}: {tenors[k]} is {s}; {rule.rule()}")
            values[n - 2, k] = v
    frame = pd.DataFrame(values, columns=tenors)
    frame.insert(0, "date", pd.to_datetime(pd.Series(dates, dtype=str), format="%Y-%m-%d"))
    dup = frame["date"].duplicated()
    if dup.any():
        raise ParseError(f"{name}: date {frame.loc[dup, 'date'].iloc[0]:%Y-%m-%d} appears twice")
    return frame.sort_values("date").reset_index(drop=True)


def read_par_yield_curve(path: str | Path) -> pd.DataFrame:
    """Read and parse a Daily Par Yield Curve CSV file (see :func:`parse_par_yield_curve`)."""
    return parse_par_yield_curve(read_text(path), name=Path(path).name)

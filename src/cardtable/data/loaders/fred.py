"""FRED graph CSV (``https://fred.stlouisfed.org/graph/fredgraph.csv?id=SERIES``).

Two columns: the date (``observation_date`` in current downloads, ``DATE`` in older ones) and one
column named after the series id. A missing observation (a holiday) is ``.`` or blank.

Units of the series cardtable uses (Federal Reserve H.15 and H.10):

=========  =====================================================  ==========================
series     what                                                   unit
=========  =====================================================  ==========================
DGS2       2-year Treasury constant-maturity yield                percent
DGS5       5-year Treasury constant-maturity yield                percent
DGS10      10-year Treasury constant-maturity yield               percent
DGS30      30-year Treasury constant-maturity yield               percent
DEXJPUS    yen per US dollar, noon buying rate in New York        JPY per USD
DTWEXBGS   nominal broad US dollar index                          index, Jan 2006 = 100
=========  =====================================================  ==========================
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

__all__ = ["COLUMNS", "FRED_SERIES", "parse_fred", "read_fred"]

#: Columns of the tidy frame.
COLUMNS = ("date", "series_id", "value")

#: The series cardtable stores, with their units.
FRED_SERIES: dict[str, str] = {
    "DGS2": "percent",
    "DGS5": "percent",
    "DGS10": "percent",
    "DGS30": "percent",
    "DEXJPUS": "JPY per USD",
    "DTWEXBGS": "index, Jan 2006 = 100",
}

_DATE_HEADERS = ("observation_date", "DATE", "date")
_SERIES_ID = re.compile(r"^[A-Z0-9_]{1,30}\Z")
_MISSING = frozenset({"", ".", "#N/A", "NA"})


def parse_fred(text: str, *, dropna: bool = True, name: str = "FRED CSV") -> pd.DataFrame:
    """Parse a FRED graph CSV with one series.

    Parameters
    ----------
    text
        The CSV text.
    dropna
        Drop missing observations (``.`` or blank); keep them as NaN when False.
    name
        Name used in error messages (file name or URL).

    Returns
    -------
    pandas.DataFrame
        Columns ``date`` (datetime64, ascending), ``series_id`` (str) and ``value`` (float64,
        in the series' unit: see :data:`FRED_SERIES`).

    Raises
    ------
    ParseError
        For a header other than ``observation_date|DATE,SERIES``, a bad date, a value that is
        not a plain decimal (``1e308``, ``nan``, ``4,25``) or lies outside the series'
        plausible range (:data:`~cardtable.data.loaders._common.PLAUSIBLE`), a repeated date,
        or no observation at all.
    """
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        raise ParseError(f"{name}: empty; expected 'observation_date,SERIES' and dated rows")
    header = [c.strip() for c in rows[0]]
    if len(header) != 2 or header[0] not in _DATE_HEADERS or not header[1]:
        raise ParseError(
            f"{name}: header is {','.join(header)!r}; expected 'observation_date,SERIES' "
            "(or 'DATE,SERIES') with one series"
        )
    series_id = header[1]
    if not _SERIES_ID.match(series_id):
        raise ParseError(
            f"{name} line 1: series {series_id!r} is not a FRED series id; "
            "allowed: capital letters and digits, like DGS10"
        )
    rule = PLAUSIBLE.get(series_id)
    dates: list[str] = []
    values: list[float] = []
    for n, row in enumerate(rows[1:], start=2):
        if len(row) != 2:
            raise ParseError(f"{name} line {n}: {len(row)} fields; expected 2 (date,value)")
        d = iso_date(row[0])
        if d is None:
            raise ParseError(f"{name} line {n}: date {row[0]!r} is not a date YYYY-MM-DD")
        cell = row[1].strip()
        if cell in _MISSING:
            v = np.nan
        else:
            parsed = parse_number(cell)
            if parsed is None:
                raise ParseError(
                    f"{name} line {n}: {series_id} value {cell!r} is not a number; "
                    f"allowed: {NUMBER_FORMAT}, '.' or blank (no observation)"
                )
            if rule is not None and not rule.holds(parsed):
                raise ParseError(
                    f"{name} line {n}: {series_id} value {cell} is implausible; {rule.rule()}"
                )
            v = parsed
        dates.append(d.isoformat())
        values.append(v)
    frame = pd.DataFrame(
        {
            "date": pd.to_datetime(pd.Series(dates, dtype=str), format="%Y-%m-%d"),
            "series_id": pd.Series([series_id] * len(dates), dtype=str),
            "value": pd.Series(values, dtype="float64"),
        }
    )
    dup = frame["date"].duplicated()
    if dup.any():
        first = frame.loc[dup, "date"].iloc[0]
        raise ParseError(f"{name}: date {first:%Y-%m-%d} appears twice; allowed: one row per date")
    if dropna:
        frame = frame.dropna(subset=["value"])
    if frame["value"].notna().sum() == 0:
        raise ParseError(f"{name}: {series_id} has no observation")
    return frame.sort_values("date").reset_index(drop=True)


def read_fred(path: str | Path, *, dropna: bool = True) -> pd.DataFrame:
    """Read and parse a FRED graph CSV file (see :func:`parse_fred`)."""
    return parse_fred(read_text(path), dropna=dropna, name=Path(path).name)

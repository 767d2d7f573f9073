"""Treasury FiscalData: Monthly Statement of the Public Debt, "Summary of Treasury Securities
Outstanding" (MSPD table 1), as a CSV export or as the JSON API returns it.

CSV export (UTF-8 with a byte-order mark)::

    Record Date,Security Type Description,Security Class Description,
    Debt Held by the Public (in Millions),Intragovernmental Holdings (in Millions),
    Total Public Debt Outstanding (in Millions)

JSON API (``/services/api/fiscal_service/v1/debt/mspd/mspd_table_1``)::

    {"data": [{"record_date", "security_type_desc", "security_class_desc",
               "debt_held_public_mil_amt", "intragov_hold_mil_amt", "total_mil_amt"}, ...],
     "meta": {"total-pages", ...}, "links": {...}}

Amounts are USD millions; the monthly frame converts them to USD bn. Marketable classes are Bills,
Notes, Bonds, TIPS (``Treasury Inflation-Protected Securities``; before 2004
``Inflation-Indexed Notes`` and ``Inflation-Indexed Bonds``), Floating Rate Notes (from 2014) and
Federal Financing Bank (held only intragovernmentally). Every figure except
``total_public_debt_usd_bn`` is the part held by the public.
"""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path
from typing import Any

import pandas as pd

from cardtable.data.loaders._common import (
    NUMBER_FORMAT,
    PLAUSIBLE,
    iso_date,
    parse_number,
    read_text,
)
from cardtable.errors import ParseError

__all__ = [
    "COLUMNS",
    "ROW_TOLERANCE_USD_MN",
    "mspd_records_to_frame",
    "parse_mspd",
    "parse_mspd_csv",
    "parse_mspd_json",
    "read_mspd",
]

#: Columns of the monthly frame.
COLUMNS = (
    "month",
    "record_date",
    "bills_usd_bn",
    "notes_usd_bn",
    "bonds_usd_bn",
    "tips_usd_bn",
    "frn_usd_bn",
    "marketable_usd_bn",
    "debt_held_by_public_usd_bn",
    "total_public_debt_usd_bn",
)

_CSV_FIELDS = {
    "Record Date": "record_date",
    "Security Type Description": "security_type_desc",
    "Security Class Description": "security_class_desc",
    "Debt Held by the Public (in Millions)": "debt_held_public_mil_amt",
    "Intragovernmental Holdings (in Millions)": "intragov_hold_mil_amt",
    "Total Public Debt Outstanding (in Millions)": "total_mil_amt",
}
_CLASS = {
    "Bills": "bills_usd_bn",
    "Notes": "notes_usd_bn",
    "Bonds": "bonds_usd_bn",
    "Treasury Inflation-Protected Securities": "tips_usd_bn",
    "Inflation-Indexed Notes": "tips_usd_bn",
    "Inflation-Indexed Bonds": "tips_usd_bn",
    "Floating Rate Notes": "frn_usd_bn",
}
_TOTALS = ("Total Public Debt Outstanding", "Total Treasury Securities Outstanding")
_REQUIRED = ("record_date", "security_type_desc", "security_class_desc", "debt_held_public_mil_amt")


#: Debt held by the public plus intragovernmental holdings must equal the row's total within
#: this many USD millions: the official export's rows differ by up to 2.0 million (rounding in
#: the source system; vintage 2026-05-31).
ROW_TOLERANCE_USD_MN = 5.0


def _amount(value: Any, field: str, where: str, *, required: bool = False) -> float:
    """An amount in USD millions: a plain decimal (thousands in groups of three may be
    separated by commas) within the plausible range; NaN for a blank unless ``required``."""
    if value is None or (isinstance(value, str) and value.strip() in {"", "null"}):
        if required:
            raise ParseError(f"{where}: {field} is blank; allowed: an amount in USD millions")
        return math.nan
    if isinstance(value, bool):
        v: float | None = None
    elif isinstance(value, int | float):
        v = float(value)
    else:
        v = parse_number(str(value), thousands=True)
    if v is None:
        raise ParseError(
            f"{where}: {field} is {value!r}; allowed: an amount in USD millions ({NUMBER_FORMAT})"
        )
    rule = PLAUSIBLE["mspd_usd_bn"]
    if not rule.holds(v / 1000):
        raise ParseError(f"{where}: {field} is {value!r} (USD millions); {rule.rule()}")
    return v


def _row_total(rec: dict[str, Any], public: float, where: str) -> float:
    """The row's total, checked against public + intragovernmental holdings."""
    total = _amount(rec.get("total_mil_amt"), "total_mil_amt", where)
    intragov = _amount(rec.get("intragov_hold_mil_amt"), "intragov_hold_mil_amt", where)
    if math.isfinite(total) and math.isfinite(intragov):
        gap = abs(public + intragov - total)
        if gap > ROW_TOLERANCE_USD_MN:
            raise ParseError(
                f"{where}: total_mil_amt {total:.3f} differs from debt held by the public plus "
                f"intragovernmental holdings ({public + intragov:.3f}) by {gap:.3f}; allowed: "
                f"up to {ROW_TOLERANCE_USD_MN:g} (USD millions)"
            )
    return total


def _check_month(month: str, row: dict[str, float | str], where: str) -> None:
    """Totals of one month: positive, and marketable <= held by the public <= total."""
    marketable = float(row["marketable_usd_bn"])
    public = float(row.get("debt_held_by_public_usd_bn", math.nan))
    total = float(row.get("total_public_debt_usd_bn", math.nan))
    if not (math.isfinite(public) and math.isfinite(total)):
        raise ParseError(
            f"{where}: month {month} has no Total Public Debt Outstanding row with both "
            "amounts; expected one every month"
        )
    tol = ROW_TOLERANCE_USD_MN / 1000
    if not 0 < marketable <= public + tol or not public <= total + tol:
        raise ParseError(
            f"{where}: at {month} marketable debt {marketable:.3f}, debt held by the public "
            f"{public:.3f} and total public debt {total:.3f} (USD bn) are inconsistent; "
            "allowed: 0 < marketable <= held by the public <= total"
        )


def mspd_records_to_frame(records: list[dict[str, Any]], *, name: str = "MSPD") -> pd.DataFrame:
    """Turn MSPD table-1 records (API field names) into the monthly frame.

    Parameters
    ----------
    records
        Dicts with at least ``record_date``, ``security_type_desc``, ``security_class_desc``,
        ``debt_held_public_mil_amt`` (and ``total_mil_amt`` on the total row).
    name
        Name used in error messages.

    Returns
    -------
    pandas.DataFrame
        One row per month with :data:`COLUMNS` (USD bn), ascending.

    Raises
    ------
    ParseError
        When a field is missing or not a number, a date is malformed, or a month lacks its
        Bills, Notes, Bonds or Total Marketable row.
    """
    if not records:
        raise ParseError(f"{name}: no records")
    months: dict[str, dict[str, float | str]] = {}
    total_at: dict[str, str] = {}
    for n, rec in enumerate(records, start=1):
        line = rec.get("_line")
        where = f"{name} line {line}" if line is not None else f"{name} record {n}"
        missing = [f for f in _REQUIRED if f not in rec]
        if missing:
            raise ParseError(
                f"{where}: field {missing[0]!r} missing; expected {', '.join(_REQUIRED)}"
            )
        d = iso_date(str(rec["record_date"]))
        if d is None:
            raise ParseError(f"{where}: record_date {rec['record_date']!r} is not YYYY-MM-DD")
        row = months.setdefault(
            d.strftime("%Y-%m"),
            {"record_date": d.isoformat(), "tips_usd_bn": 0.0, "frn_usd_bn": 0.0},
        )
        kind = str(rec["security_type_desc"]).strip()
        cls = str(rec["security_class_desc"]).strip()
        public = _amount(
            rec["debt_held_public_mil_amt"], "debt_held_public_mil_amt", where, required=True
        )
        total = _row_total(rec, public, where)
        if kind == "Marketable" and cls in _CLASS:
            col = _CLASS[cls]  # TIPS were two classes before 2004: add them up
            row[col] = float(row.get(col, 0.0)) + public / 1000
        elif kind == "Total Marketable":
            row["marketable_usd_bn"] = public / 1000
        elif kind in _TOTALS:
            row["debt_held_by_public_usd_bn"] = public / 1000
            row["total_public_debt_usd_bn"] = total / 1000
            total_at[d.strftime("%Y-%m")] = where
    frame = pd.DataFrame(
        [{"month": m, **v} for m, v in sorted(months.items())], columns=list(COLUMNS)
    )
    for col in ("bills_usd_bn", "notes_usd_bn", "bonds_usd_bn", "marketable_usd_bn"):
        bad = frame[col].isna()
        if bad.any():
            raise ParseError(
                f"{name}: month {frame.loc[bad, 'month'].iloc[0]} has no {col} figure; "
                "expected Marketable Bills, Notes, Bonds and a Total Marketable row every month"
            )
    for month, row in months.items():
        _check_month(month, row, total_at.get(month, name))
    frame = frame.astype({c: "float64" for c in COLUMNS[2:]})
    return frame.astype({"month": str, "record_date": str})


def parse_mspd_csv(text: str, *, name: str = "mspd_summary.csv") -> pd.DataFrame:
    """Parse the FiscalData CSV export of MSPD table 1 (see :func:`mspd_records_to_frame`)."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in next(reader, [])]
    missing = [h for h in list(_CSV_FIELDS)[:4] if h not in header]
    if missing:
        raise ParseError(
            f"{name}: column {missing[0]!r} missing; expected the FiscalData MSPD summary "
            f"export ({', '.join(_CSV_FIELDS)})"
        )
    fields = [_CSV_FIELDS.get(h, h) for h in header]
    records: list[dict[str, Any]] = []
    for n, row in enumerate(reader, start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(fields):
            raise ParseError(f"{name} line {n}: {len(row)} fields; expected {len(fields)}")
        records.append({**dict(zip(fields, row, strict=True)), "_line": n})
    return mspd_records_to_frame(records, name=name)


def parse_mspd_json(text: str, *, name: str = "mspd_table_1") -> pd.DataFrame:
    """Parse one JSON API response (or several pages' ``data`` lists joined) of MSPD table 1.

    Parameters
    ----------
    text
        A response body ``{"data": [...], "meta": {...}, "links": {...}}``.
    name
        Name used in error messages.

    Returns
    -------
    pandas.DataFrame
        See :func:`mspd_records_to_frame`.
    """
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(
            f"{name}: not valid JSON ({exc.msg} at char {exc.pos}); truncated?"
        ) from None
    data = payload.get("data") if isinstance(payload, dict) else None
    if not isinstance(data, list):
        raise ParseError(f"{name}: no 'data' list; expected the FiscalData API response shape")
    return mspd_records_to_frame(data, name=name)


def parse_mspd(text: str, *, name: str = "MSPD") -> pd.DataFrame:
    """Parse MSPD table 1 as CSV export or JSON response, whichever ``text`` is."""
    if text.lstrip("\ufeff \n\r\t").startswith("{"):
        return parse_mspd_json(text, name=name)
    return parse_mspd_csv(text, name=name)


def read_mspd(path: str | Path) -> pd.DataFrame:
    """Read and parse an MSPD table-1 file, CSV or JSON (see :func:`parse_mspd`)."""
    return parse_mspd(read_text(path), name=Path(path).name)

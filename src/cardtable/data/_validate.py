"""Checks a dataset must pass before it is written to the local store.

Each failure raises :class:`~cardtable.errors.DataError` with one line naming the dataset, the
offending value and the rule.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from cardtable._calendar import MONTH_FORMAT, MONTH_RE
from cardtable.data.loaders import fiscaldata, tic
from cardtable.data.loaders._common import PLAUSIBLE, Plausible
from cardtable.errors import DataError

__all__ = ["validate"]


def _fail(name: str, message: str) -> DataError:
    return DataError(f"{name}: {message}")


def _columns(name: str, frame: pd.DataFrame, expected: tuple[str, ...]) -> None:
    if tuple(frame.columns) != expected:
        raise _fail(name, f"columns are {list(frame.columns)}; expected exactly {list(expected)}")
    if frame.empty:
        raise _fail(name, "no rows; expected at least one observation")


def _months(name: str, months: pd.Series) -> None:
    bad = ~months.astype(str).str.match(MONTH_RE)
    if bad.any():
        raise _fail(name, f"month {months[bad].iloc[0]!r} is not allowed; expected {MONTH_FORMAT}")


def _finite(name: str, frame: pd.DataFrame, cols: list[str], *, non_negative: bool) -> None:
    for col in cols:
        values = frame[col].to_numpy(dtype=float)
        bad = ~np.isfinite(values) | ((values < 0) if non_negative else False)
        if bad.any():
            k = int(np.flatnonzero(bad)[0])
            rule = "a finite number >= 0" if non_negative else "a finite number"
            raise _fail(
                name, f"{col} = {float(values[k])!r} at row {k} is not allowed; expected {rule}"
            )


def _plausible(
    name: str, frame: pd.DataFrame, col: str, rule: Plausible, *, blank_ok: bool = False
) -> None:
    values = frame[col].to_numpy(dtype=float)
    inside = np.isfinite(values) & (values >= rule.low) & (values <= rule.high)
    bad = ~(inside | (np.isnan(values) if blank_ok else False))
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        raise _fail(name, f"{col} = {float(values[k])!r} at row {k} is implausible; {rule.rule()}")


def _tic_totals(name: str, frame: pd.DataFrame) -> None:
    """Every Grand Total equals the sum of its month's rows within the file's rounding."""
    country = frame["country"].astype(str)
    keys = ["month", "series_break_old"]
    rows = frame[(country != "Grand Total") & ~country.str.startswith("Of which")]
    sums = rows.groupby(keys)["holdings_usd_bn"].agg(["sum", "count"])
    totals = frame[country == "Grand Total"].set_index(keys)["holdings_usd_bn"].rename("total")
    joined = sums.join(totals, how="inner").reset_index()
    old = joined["series_break_old"].to_numpy(dtype=bool)
    total = joined["total"].to_numpy(dtype=float)
    count = joined["count"].to_numpy(dtype=int)
    allowed = np.where(
        old,
        tic.OLD_SERIES_TOLERANCE * total,
        tic.ROUNDING_USD_BN * (count + 1),
    )
    gap = np.abs(total - joined["sum"].to_numpy(dtype=float))
    bad = np.flatnonzero(gap > allowed + 1e-9)
    if bad.size:
        k = int(bad[0])
        raise _fail(
            name,
            f"Grand Total at {joined['month'].iloc[k]} ({total[k]:g}) differs from the sum of "
            f"its {count[k]} rows ({joined['sum'].iloc[k]:.1f}) "
            f"by more than {allowed[k]:.2f}; expected them to agree within rounding",
        )


def _tic(name: str, frame: pd.DataFrame) -> None:
    _columns(name, frame, tic.COLUMNS)
    for col in ("is_aggregate", "series_break_old", "below_threshold"):
        if not pd.api.types.is_bool_dtype(frame[col]):
            raise _fail(name, f"column {col} has dtype {frame[col].dtype}; expected bool")
    _months(name, frame["month"])
    _finite(name, frame, ["holdings_usd_bn"], non_negative=True)
    _plausible(name, frame, "holdings_usd_bn", PLAUSIBLE["holdings_usd_bn"])
    main = frame[~frame["series_break_old"]]
    dup = main.duplicated(["month", "country"])
    if dup.any():
        row = main[dup].iloc[0]
        raise _fail(
            name,
            f"{row['country']!r} appears twice at {row['month']} in the main series; "
            "expected one figure per holder and month",
        )
    for old, part in frame.groupby("series_break_old"):
        totals = part[part["country"] == "Grand Total"].set_index("month")["holdings_usd_bn"]
        missing = sorted(set(part["month"]) - set(totals.index))
        if missing and not old:
            raise _fail(name, f"no Grand Total row at {missing[0]}; expected one every month")
        single = part[~part["is_aggregate"]]
        largest = single.loc[single.groupby("month")["holdings_usd_bn"].idxmax()]
        largest = largest.set_index("month")
        common = largest.index.intersection(totals.index)
        below = largest.loc[common, "holdings_usd_bn"] > totals.loc[common] + 1e-9
        if below.any():
            month = below[below].index[0]
            raise _fail(
                name,
                f"Grand Total at {month} ({totals[month]}) is below "
                f"{largest.loc[month, 'country']} ({largest.loc[month, 'holdings_usd_bn']}); "
                "the total must not be below any single holder",
            )
    _tic_totals(name, frame)


def _dates(name: str, frame: pd.DataFrame) -> None:
    if not pd.api.types.is_datetime64_any_dtype(frame["date"]):
        raise _fail(name, f"column date has dtype {frame['date'].dtype}; expected datetime64")
    dup = frame["date"].duplicated()
    if dup.any():
        raise _fail(name, f"date {frame.loc[dup, 'date'].iloc[0]:%Y-%m-%d} appears twice")
    if not frame["date"].is_monotonic_increasing:
        raise _fail(name, "dates are not in ascending order")


def _fred(name: str, frame: pd.DataFrame) -> None:
    _columns(name, frame, ("date", "series_id", "value"))
    _dates(name, frame)
    _finite(name, frame, ["value"], non_negative=False)
    expected = name.removeprefix("fred_")
    ids = set(frame["series_id"].astype(str))
    if ids != {expected}:
        raise _fail(name, f"series_id is {sorted(ids)}; expected only {expected!r}")
    rule = PLAUSIBLE.get(expected)
    if rule is not None:
        _plausible(name, frame, "value", rule)


def _mspd(name: str, frame: pd.DataFrame) -> None:
    _columns(name, frame, fiscaldata.COLUMNS)
    _months(name, frame["month"])
    dup = frame["month"].duplicated()
    if dup.any():
        raise _fail(name, f"month {frame.loc[dup, 'month'].iloc[0]} appears twice")
    amounts = list(fiscaldata.COLUMNS[2:])
    _finite(name, frame, amounts, non_negative=True)
    for col in amounts:
        _plausible(name, frame, col, PLAUSIBLE["mspd_usd_bn"])
    parts = frame[amounts[:5]].sum(axis=1)
    gap = (parts - frame["marketable_usd_bn"]).abs()
    bad = gap > np.maximum(1.0, 1e-3 * frame["marketable_usd_bn"])
    if bad.any():
        k = bad.to_numpy().nonzero()[0][0]
        raise _fail(
            name,
            f"bills+notes+bonds+tips+frn at {frame['month'].iloc[k]} ({parts.iloc[k]:.1f}) "
            f"differs from marketable_usd_bn ({frame['marketable_usd_bn'].iloc[k]:.1f}); "
            "expected them to agree within 0.1%",
        )
    tol = fiscaldata.ROW_TOLERANCE_USD_MN / 1000
    marketable = frame["marketable_usd_bn"]
    public = frame["debt_held_by_public_usd_bn"]
    total = frame["total_public_debt_usd_bn"]
    bad = ~((marketable > 0) & (marketable <= public + tol) & (public <= total + tol))
    if bad.any():
        k = bad.to_numpy().nonzero()[0][0]
        raise _fail(
            name,
            f"at {frame['month'].iloc[k]} marketable {marketable.iloc[k]:.1f}, held by the "
            f"public {public.iloc[k]:.1f} and total {total.iloc[k]:.1f} are inconsistent; "
            "expected 0 < marketable <= held by the public <= total",
        )


def _par_yield(name: str, frame: pd.DataFrame) -> None:
    if frame.empty or frame.columns[0] != "date":
        raise _fail(name, "expected a 'date' column first and at least one row")
    tenors = [c for c in frame.columns[1:]]
    wrong = [c for c in tenors if not re.match(r"^y_\d+(_\d+)?[mwy]_pct$", c)]
    if wrong or not tenors:
        raise _fail(name, f"column {wrong[:1]} is not a tenor column y_<n><m|w|y>_pct")
    _dates(name, frame)
    for col in tenors:
        _plausible(name, frame, col, PLAUSIBLE["yield_pct"], blank_ok=True)


def validate(name: str, frame: pd.DataFrame) -> None:
    """Check ``frame`` before it is stored as dataset ``name``.

    Parameters
    ----------
    name
        Dataset name: ``tic_holders``, ``fred_<SERIES>``, ``mspd`` or ``par_yield_curve``.
    frame
        The parsed frame.

    Raises
    ------
    DataError
        When the schema is not the expected one, a figure is not finite or outside its plausible
        range (:data:`~cardtable.data.loaders._common.PLAUSIBLE`), a holder appears twice at a
        month of the main series, a month lacks its Grand Total, the total is below a single
        holder or differs from the sum of the rows beyond rounding, dates or months repeat, or
        the MSPD parts or totals do not add up.
    """
    if name == "tic_holders":
        _tic(name, frame)
    elif name.startswith("fred_"):
        _fred(name, frame)
    elif name == "mspd":
        _mspd(name, frame)
    elif name == "par_yield_curve":
        _par_yield(name, frame)
    else:
        raise _fail(
            name, "unknown dataset; expected tic_holders, fred_<SERIES>, mspd, par_yield_curve"
        )

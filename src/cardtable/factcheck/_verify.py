"""Verdicts: each claim against TIC holdings, Japan's reserves, US-Japan trade and tariffs.

Tolerances (relative error ``e = (claimed - actual) / actual``; ``step`` = half a unit of the last
digit written, capped at 3% of the actual figure):

======================  ===============================  ==============================
qualifier               accurate                         approximately right
======================  ===============================  ==============================
none, record, peak      ``|claimed - actual| <= step``   ``|e| <= 5%``
                        or ``|e| <= 0.5%``
about, around, roughly  ``|e| <= 3%``                    ``|e| <= 10%``
nearly, almost          ``-0.5% <= e <= +5%``            ``|e| <= 10%``
over, more than         ``actual >= claimed``            ``actual >= 0.97 claimed``
under, less than        ``actual <= claimed``            ``actual <= 1.03 claimed``
======================  ===============================  ==============================

Changes in USD: accurate within ``max(step, 10%)`` of the change, approximately right within 30%
(TIC holdings are at market value, so a change mixes sales with price moves). Percentages and
ratios: accurate within ``max(step, 1)`` percentage point (2 with "about"), approximately right
within 5 points (changes in percent: 0.5 and 1.5 points).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from cardtable.data import (
    FACTS,
    holdings_at,
    holdings_history,
    load_fact,
    market_levels_at,
)
from cardtable.errors import CardtableError
from cardtable.factcheck._dates import month_add
from cardtable.factcheck._extract import Claim

__all__ = ["TOLERANCES", "VERDICTS", "Check", "check_level", "grade"]

VERDICTS = ("accurate", "approximately right", "inaccurate", "unverifiable")
TOLERANCES = {
    "": "accurate within the rounding written (or 0.5%), approximately right within 5%",
    "peak": "accurate within the rounding written (or 0.5%), approximately right within 5%",
    "about": "accurate within 3%, approximately right within 10%",
    "nearly": "accurate from 5% below to 0.5% above, approximately right within 10%",
    "over": "accurate if the figure is above the claim, approximately right within 3% below",
    "under": "accurate if the figure is below the claim, approximately right within 3% above",
}
_CUSTODIANS = {
    "Belgium",
    "Luxembourg",
    "Cayman Islands",
    "United Kingdom",
    "Switzerland",
    "Ireland",
}
_CUSTODY_NOTE = (
    "TIC attributes holdings to the country of the custodian, so {h}'s figure includes "
    "securities held there for investors elsewhere"
)
_JAPAN_NOTE = "TIC's Japan counts official and private holders together"
_NEAR_MONTHS = 24  # a wrong figure is read as another month's only within two years


@dataclass(frozen=True)
class Check:
    """A claim and its verdict.

    Attributes
    ----------
    claim
        The claim checked.
    verdict
        One of :data:`VERDICTS`.
    explanation
        One or two sentences: the right figure, its month, and what the claimed figure matches.
    actual
        The figure in the data (in the claim's unit), or None.
    actual_period
        Month ``YYYY-MM``, year or date of ``actual``.
    matches
        What the claimed figure actually matches when it is not what the sentence says.
    tolerance
        The tolerance applied, in words.
    source, vintage
        Where ``actual`` comes from.
    notes
        Caveats (custodial countries, market value, currency conversion).
    """

    claim: Claim
    verdict: str
    explanation: str
    actual: float | None = None
    actual_period: str | None = None
    matches: str = ""
    tolerance: str = ""
    source: str = ""
    vintage: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (the claim nested under ``claim``)."""
        return {
            "claim": self.claim.to_dict(),
            "verdict": self.verdict,
            "explanation": self.explanation,
            "actual": self.actual,
            "actual_period": self.actual_period,
            "matches": self.matches,
            "tolerance": self.tolerance,
            "source": self.source,
            "vintage": self.vintage,
            "notes": list(self.notes),
        }


def grade(qualifier: str, claimed: float, actual: float, step: float) -> str:
    """Verdict of a level claim under the tolerance of its qualifier (see module docstring)."""
    e = (claimed - actual) / actual if actual else float("inf")
    if qualifier in ("", "peak"):
        ok = abs(claimed - actual) <= min(step, 0.03 * abs(actual)) or abs(e) <= 0.005
        return "accurate" if ok else "approximately right" if abs(e) <= 0.05 else "inaccurate"
    if qualifier == "about":
        return (
            "accurate"
            if abs(e) <= 0.03
            else "approximately right"
            if abs(e) <= 0.10
            else ("inaccurate")
        )
    if qualifier == "nearly":
        ok = -0.005 <= e <= 0.05
        return "accurate" if ok else "approximately right" if abs(e) <= 0.10 else "inaccurate"
    if qualifier == "over":
        return (
            "accurate"
            if actual >= claimed
            else ("approximately right" if actual >= 0.97 * claimed else "inaccurate")
        )
    if qualifier == "under":
        return (
            "accurate"
            if actual <= claimed
            else ("approximately right" if actual <= 1.03 * claimed else "inaccurate")
        )
    return grade("", claimed, actual, step)


def _close(claimed: float, value: float, step: float) -> bool:
    return abs(claimed - value) <= max(min(step, 0.03 * abs(value)), 0.01 * abs(value))


def _bn(x: float) -> str:
    return f"USD {x:,.1f}bn"


def _series(holder: str) -> tuple[pd.Series, str, str, str]:
    hist = holdings_history(holder)
    return hist.series, hist.source, hist.vintage, hist.note


def _reserves() -> pd.DataFrame:
    frame = load_fact("japan_fx_reserves").set_index("month")
    return frame / 1000.0


def _reserves_at(month: str, back: int = 3) -> tuple[str, float | None, float | None] | None:
    """(month, incl. gold, ex gold) USD bn at ``month`` or the nearest earlier month with data."""
    frame = _reserves()
    for k in range(back + 1):
        m = month_add(month, -k)
        if m in frame.index:
            row = frame.loc[m]
            incl = row["official_reserve_assets_incl_gold_usd_mn"]
            ex = row["total_reserves_ex_gold_usd_mn"]
            return m, None if pd.isna(incl) else float(incl), None if pd.isna(ex) else float(ex)
    return None


def _notes(holder: str | None) -> tuple[str, ...]:
    if holder in _CUSTODIANS:
        return (_CUSTODY_NOTE.format(h=holder),)
    if holder == "Japan":
        return (_JAPAN_NOTE,)
    return ()


def _unverifiable(c: Claim, why: str, source: str = "", vintage: str = "") -> Check:
    return Check(c, "unverifiable", why, source=source, vintage=vintage, notes=_notes(c.holder))


def _what_matches(c: Claim, claimed: float, step: float, month: str, series: pd.Series) -> str:
    """What a wrong holdings figure matches instead, in the order of the usual mix-ups."""
    if c.holder == "Japan":
        res = _reserves_at(month)
        if res is not None:
            for value, label in ((res[1], "incl. gold"), (res[2], "excl. gold")):
                if value is not None and _close(claimed, value, step):
                    return (
                        f"this is Japan's total FX reserves ({_bn(value)} {label}, {res[0]}), "
                        "not its Treasuries"
                    )
    peak_month = str(series.idxmax())
    if _close(claimed, float(series.max()), step):
        return f"this was the peak, in {peak_month} ({_bn(float(series.max()))})"
    key = pd.Period(month, "M")
    near = [
        m
        for m in series.index
        if m != month
        and abs((pd.Period(m, "M") - key).n) <= _NEAR_MONTHS
        and _close(claimed, float(series[m]), step)
    ]
    if near:
        best = min(near, key=lambda m: abs((pd.Period(m, "M") - key).n))
        when = "an older" if best < month else "a later"
        return f"this is {c.holder}'s figure for {best} ({_bn(float(series[best]))}), {when} month"
    try:
        snap = holdings_at(month)
    except CardtableError:
        return ""
    others = [
        (abs(claimed - float(v)), str(n), float(v))
        for n, v in zip(snap.table["country"], snap.table["holdings_usd_bn"], strict=True)
        if n != c.holder and _close(claimed, float(v), step)
    ]
    if others:
        _, name, value = min(others)
        extra = " (a custodial country)" if name in _CUSTODIANS else ""
        return f"this is {name}'s holdings{extra} at {month} ({_bn(value)})"
    if _close(claimed, snap.grand_total_usd_bn, step):
        return f"this is the total of all foreign holders at {month}"
    return ""


def _to_usd(c: Claim, month: str) -> tuple[float, float, str]:
    """Claimed value and step in USD bn, with a note on any conversion."""
    assert c.value is not None
    if c.unit != "jpy_bn":
        return c.value, c.step, ""
    fx = market_levels_at(month)
    if fx.usdjpy is None:
        return float("nan"), 0.0, "no USD/JPY rate"
    seen = fx.observed.get("usdjpy", fx.date)
    note = f"yen converted at {fx.usdjpy:.2f} JPY per USD ({seen}; {fx.source})"
    return c.value / fx.usdjpy, c.step / fx.usdjpy, note


def _holdings(c: Claim) -> Check:
    if c.holder is None or c.month is None or c.value is None:
        why = "no date in the sentence and no article date (give the article's date)"
        return _unverifiable(c, why if c.month is None else "no holder named")
    series, source, vintage, note = _series(c.holder)
    month = c.month
    if c.qualifier == "peak" and c.date_basis == "year end":
        year = series[series.index.str.startswith(month[:4])]
        if len(year):
            month = str(year.idxmax())  # "the 2013 peak": the highest month of 2013
    if month > series.index[-1]:
        return _unverifiable(
            c,
            f"{month} is after the latest month in the data ({series.index[-1]})",
            source,
            vintage,
        )
    if month not in series.index:
        return _unverifiable(c, f"{month} is not in the data available ({note})", source, vintage)
    actual = float(series[month])
    claimed, step, conv = _to_usd(c, month)
    notes = _notes(c.holder) + ((conv,) if conv else ())
    verdict = grade(c.qualifier, claimed, actual, step)
    tol = TOLERANCES.get(c.qualifier, TOLERANCES[""])
    who = "all foreign holders" if c.holder == "Grand Total" else c.holder
    said = f"{who} held {_bn(actual)} of Treasuries at {month} (TIC)"
    matches = ""
    if c.qualifier == "peak":
        before = series[series.index <= month]
        top = str(before.idxmax())
        if top != month and float(before.max()) > actual * 1.005:
            verdict = "inaccurate"
            matches = f"not a record: holdings were higher in {top} ({_bn(float(before.max()))})"
    if verdict == "inaccurate" and not matches:
        if c.unit == "jpy_bn" and _close(c.value, actual, c.step):
            matches = f"the figure is the dollar amount ({_bn(actual)}) written in yen"
        else:
            matches = _what_matches(c, claimed, step, month, series)
    explanation = said + (f"; {matches}" if matches else "") + "."
    return Check(c, verdict, explanation, actual, month, matches, tol, source, vintage, notes)


def _reserves_check(c: Claim, article: dt.date | None) -> Check:
    fact = FACTS["japan_fx_reserves"]
    if c.holder != "Japan":
        return _unverifiable(c, "only Japan's FX reserves are in the data (japan_fx_reserves)")
    month = c.month
    if c.date_basis == "implied by article date" and article is not None:
        month = month_add(f"{article.year:04d}-{article.month:02d}", -1 if article.day >= 8 else -2)
    if month is None or c.value is None:
        return _unverifiable(c, "no date in the sentence and no article date")
    res = _reserves_at(month)
    if res is None:
        return _unverifiable(c, f"no Japanese reserves figure for {month} or the 3 months before")
    found, incl, ex = res
    options = [(v, lbl) for v, lbl in ((incl, "incl. gold"), (ex, "excl. gold")) if v is not None]
    ranked = sorted(
        ((grade(c.qualifier, c.value, v, c.step), v, lbl) for v, lbl in options),
        key=lambda t: ("accurate", "approximately right", "inaccurate").index(t[0]),
    )
    verdict, actual, label = ranked[0]
    matches = ""
    if verdict != "accurate":
        try:
            tic = float(_series("Japan")[0][found])
        except (KeyError, CardtableError):
            tic = float("nan")
        if _close(c.value, tic, c.step):
            matches = (
                f"this is Japan's Treasury holdings (TIC, {_bn(tic)} at {found}), "
                "not its FX reserves"
            )
    text = f"Japan's reserve assets were {_bn(actual)} ({label}) at {found} (MOF)"
    return Check(c, verdict, text + (f"; {matches}" if matches else "") + ".", actual, found,
                 matches, TOLERANCES.get(c.qualifier, TOLERANCES[""]), fact.source, fact.vintage,
                 _notes("Japan"))  # fmt: skip


def _ratio(c: Claim, article: dt.date | None) -> Check:
    if c.holder is None or c.month is None or c.value is None:
        return _unverifiable(c, "no holder or no date")
    series, source, vintage, _ = _series(c.holder)
    if c.month not in series.index:
        return _unverifiable(c, f"{c.month} is not in the TIC data available", source, vintage)
    held = float(series[c.month])
    if c.detail == "reserves":
        if c.holder != "Japan":
            return _unverifiable(c, "only Japan's FX reserves are in the data")
        res = _reserves_at(c.month)
        if res is None or (res[1] is None and res[2] is None):
            return _unverifiable(c, f"no Japanese reserves figure near {c.month}")
        base = res[1] if res[1] is not None else res[2]
        assert base is not None
        what = f"of Japan's reserve assets ({_bn(base)}, {res[0]}, MOF)"
        source += f"; {FACTS['japan_fx_reserves'].source}"
    else:
        base = float(_series("Grand Total")[0][c.month])
        what = f"of all foreign holdings ({_bn(base)})"
    actual = 100.0 * held / base
    gap = abs(c.value - actual)
    tight = max(c.step, 2.0 if c.qualifier == "about" else 1.0)
    verdict = "accurate" if gap <= tight else "approximately right" if gap <= 5.0 else "inaccurate"
    text = f"{c.holder}'s Treasuries ({_bn(held)}, {c.month}) were {actual:.1f}% {what}."
    tol = f"accurate within {tight:g} percentage point(s), approximately right within 5"
    return Check(c, verdict, text, actual, c.month, "", tol, source, vintage, _notes(c.holder))


def _trade(c: Claim, article: dt.date | None) -> Check:
    fact = FACTS["us_japan_trade_annual"]
    if c.holder != "Japan":
        return _unverifiable(
            c, "only US goods trade with Japan is in the data (us_japan_trade_annual)"
        )
    if c.date_basis == "implied by article date" and article is not None:
        year = str(article.year - 1)
    elif c.month is not None:
        year = c.month[:4]
    else:
        return _unverifiable(c, "no year in the sentence and no article date")
    table = load_fact("us_japan_trade_annual").astype({"year": str}).set_index("year")
    balance = table["balance_usd_mn"].astype(float)
    if year not in table.index or pd.isna(balance[year]) or c.value is None:
        return _unverifiable(c, f"no US-Japan goods balance for {year} in the data")
    actual = -float(balance[year]) / 1000.0
    verdict = grade(c.qualifier, c.value, actual, c.step)
    text = f"Japan's goods surplus with the US was {_bn(actual)} in {year} (US deficit with Japan)."
    src = str(table.loc[year, "source"])
    return Check(c, verdict, text, actual, year, "", TOLERANCES.get(c.qualifier, TOLERANCES[""]),
                 src, fact.vintage)  # fmt: skip


def check_level(claim: Claim, article: dt.date | None) -> Check:
    """Check a level claim: holdings, FX reserves, a ratio or the goods balance."""
    if claim.kind == "holdings":
        return _holdings(claim)
    if claim.kind == "fx_reserves":
        return _reserves_check(claim, article)
    if claim.kind == "ratio":
        return _ratio(claim, article)
    if claim.kind == "trade_surplus":
        return _trade(claim, article)
    return _unverifiable(claim, f"no check for claims of kind {claim.kind!r}")

"""Ranked holders at a month and one holder's history: the results behind ``cardtable holders``.

JSON schemas (docs/cli.md)::

    ranking: {"as_of", "source", "vintage", "origin", "grand_total_usd_bn",
              "foreign_official_usd_bn", "marketable_debt_usd_bn", "debt_source",
              "holders": [{"rank", "country", "holdings_usd_bn", "share_of_foreign_pct",
                           "share_of_marketable_pct"}]}
    history: {"country", "source", "vintage", "origin", "frequency", "note",
              "history": [{"month", "holdings_usd_bn"}]}
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cardtable.errors import InputError

__all__ = ["HistoryResult", "HoldersRanking", "holder_history", "rank_holders", "sparkline"]

_BARS = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class HoldersRanking:
    """Holders ranked by holdings at one month, with shares of foreign holdings and of
    marketable debt outstanding."""

    as_of: str
    table: pd.DataFrame
    grand_total_usd_bn: float
    foreign_official_usd_bn: float | None
    marketable_debt_usd_bn: float
    source: str
    vintage: str
    origin: str
    debt_source: str

    def to_frame(self) -> pd.DataFrame:
        """The ranked table."""
        return self.table.copy()

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON object."""
        return {
            "as_of": self.as_of,
            "source": self.source,
            "vintage": self.vintage,
            "origin": self.origin,
            "grand_total_usd_bn": self.grand_total_usd_bn,
            "foreign_official_usd_bn": self.foreign_official_usd_bn,
            "marketable_debt_usd_bn": round(self.marketable_debt_usd_bn, 1),
            "debt_source": self.debt_source,
            "holders": [
                {
                    "rank": int(rank),
                    "country": str(country),
                    "holdings_usd_bn": float(value),
                    "share_of_foreign_pct": round(float(foreign), 2),
                    "share_of_marketable_pct": round(float(marketable), 2),
                }
                for rank, country, value, foreign, marketable in zip(
                    self.table["rank"].to_numpy(),
                    self.table["country"].to_numpy(),
                    self.table["holdings_usd_bn"].to_numpy(dtype=float),
                    self.table["share_of_foreign_pct"].to_numpy(dtype=float),
                    self.table["share_of_marketable_pct"].to_numpy(dtype=float),
                    strict=True,
                )
            ],
        }

    def summary(self) -> str:
        """Plain-text table with sources underneath."""
        lines = [
            f"Major foreign holders of US Treasuries, end of {self.as_of} (USD bn)",
            f"{'#':>3}  {'country':<26}{'holdings':>10}{'% foreign':>11}{'% marketable':>14}",
        ]
        for r in self.table.itertuples():
            lines.append(
                f"{r.rank:>3}  {r.country:<26}{r.holdings_usd_bn:>10,.1f}"
                f"{r.share_of_foreign_pct:>11.2f}{r.share_of_marketable_pct:>14.2f}"
            )
        lines.append(f"     {'all foreign holders':<26}{self.grand_total_usd_bn:>10,.1f}")
        lines += [
            "",
            f"Source: {self.source}; vintage {self.vintage} ({self.origin}).",
            f"Marketable debt held by the public: {self.marketable_debt_usd_bn:,.1f} "
            f"USD bn ({self.debt_source}).",
            "TIC counts holdings by custodian country, official and private together.",
        ]
        return "\n".join(lines)


@dataclass(frozen=True)
class HistoryResult:
    """One holder's holdings over time."""

    country: str
    series: pd.Series
    source: str
    vintage: str
    origin: str
    frequency: str
    note: str

    def to_frame(self) -> pd.DataFrame:
        """Columns ``month``, ``holdings_usd_bn``."""
        return pd.DataFrame(
            {"month": self.series.index.astype(str), "holdings_usd_bn": self.series.to_numpy()}
        )

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON object."""
        return {
            "country": self.country,
            "source": self.source,
            "vintage": self.vintage,
            "origin": self.origin,
            "frequency": self.frequency,
            "note": self.note,
            "history": [
                {"month": str(m), "holdings_usd_bn": float(v)} for m, v in self.series.items()
            ],
        }

    def summary(self) -> str:
        """Sparkline with first, last, minimum and maximum."""
        s = self.series
        lo_m, hi_m = s.idxmin(), s.idxmax()
        lines = [
            f"{self.country}: US Treasury holdings, {s.index[0]} to {s.index[-1]} "
            f"({len(s)} {self.frequency} points, USD bn)",
            sparkline(s.to_numpy()),
            f"first {s.iloc[0]:,.1f} ({s.index[0]})   last {s.iloc[-1]:,.1f} ({s.index[-1]})   "
            f"min {s.min():,.1f} ({lo_m})   max {s.max():,.1f} ({hi_m})",
            f"Source: {self.source}; vintage {self.vintage} ({self.origin}).",
        ]
        if self.note:
            lines.append(f"Note: {self.note}")
        return "\n".join(lines)


def sparkline(values: np.ndarray, width: int = 72) -> str:
    """A terminal sparkline of ``values`` (averaged into at most ``width`` bins)."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    if v.size == 0:
        return ""
    if v.size > width:
        v = np.array([chunk.mean() for chunk in np.array_split(v, width)])
    lo, hi = v.min(), v.max()
    if hi == lo:
        return _BARS[0] * v.size
    idx = np.round((v - lo) / (hi - lo) * (len(_BARS) - 1)).astype(int)
    return "".join(_BARS[i] for i in idx)


def rank_holders(as_of: str | None = None, top: int | None = None) -> HoldersRanking:
    """Rank holders at ``as_of`` (latest available when None).

    Parameters
    ----------
    as_of
        Month ``YYYY-MM``.
    top
        Keep the ``top`` largest (all when None).
    """
    from cardtable import data

    if top is not None and top < 1:
        raise InputError("top", top, "a whole number >= 1")
    snap = data.holdings_at(as_of)
    debt = data.debt_at(snap.as_of)
    table = snap.table.sort_values("holdings_usd_bn", ascending=False).reset_index(drop=True)
    if top is not None:
        table = table.head(top)
    table = table[["country", "holdings_usd_bn"]].copy()
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    table["share_of_foreign_pct"] = 100 * table["holdings_usd_bn"] / snap.grand_total_usd_bn
    table["share_of_marketable_pct"] = 100 * table["holdings_usd_bn"] / debt.marketable_usd_bn
    debt_note = f"{debt.source}, {debt.as_of}"
    if getattr(debt, "note", ""):
        debt_note += f"; {debt.note}"
    return HoldersRanking(
        as_of=snap.as_of,
        table=table,
        grand_total_usd_bn=snap.grand_total_usd_bn,
        foreign_official_usd_bn=snap.foreign_official_usd_bn,
        marketable_debt_usd_bn=debt.marketable_usd_bn,
        source=snap.source,
        vintage=snap.vintage,
        origin=snap.origin,
        debt_source=debt_note,
    )


def holder_history(country: str) -> HistoryResult:
    """One holder's series: monthly from the store, annual points from bundled facts."""
    from cardtable import data

    name = data.resolve_country(country)
    hist = data.holdings_history(name)
    series = hist.series.dropna()
    monthly = hist.origin in ("store", "bundled")
    return HistoryResult(
        country=name,
        series=series,
        source=hist.source,
        vintage=hist.vintage,
        origin=hist.origin,
        frequency="monthly" if monthly else "annual",
        note=getattr(hist, "note", "") or "",
    )

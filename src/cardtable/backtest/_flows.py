"""An episode's trading-day grid, its observed flows (derived from the data) and observed paths.

Signs: ``net_sell_usd_bn`` > 0 is a sale of Treasuries, < 0 a purchase; ``converted_usd_bn`` > 0
is dollars converted into yen (yen buying), < 0 yen converted into dollars (dollar buying).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from cardtable import data
from cardtable._typing import BoolArray, FloatArray
from cardtable.backtest._episode import Episode, FlowSpec
from cardtable.errors import DataError, ScenarioError
from cardtable.market import MarketContext

__all__ = ["VARIABLES", "Component", "EpisodeData", "episode_data"]

#: Observed variable -> (FRED series, unit of its change).
VARIABLES: dict[str, tuple[str, str]] = {
    "ust_2y": ("DGS2", "bp"),
    "ust_5y": ("DGS5", "bp"),
    "ust_10y": ("DGS10", "bp"),
    "ust_30y": ("DGS30", "bp"),
    "usdjpy": ("DEXJPUS", "pct"),
    "broad_dollar": ("DTWEXBGS", "pct"),
}
_DIRECTIONS = {
    "yen_buying": ("yen_buying_dollar_selling", 1.0),
    "dollar_buying": ("yen_selling_dollar_buying", -1.0),
}


@dataclass(frozen=True)
class Component:
    """One flow of an episode on the trading-day grid.

    Attributes
    ----------
    label, kind, source
        From the episode file.
    net_sell_usd_bn
        ``(T, 3)`` sales (> 0) or purchases (< 0) by day and bucket (bills, notes, bonds).
    converted_usd_bn
        ``(T,)`` USD bn converted into yen (> 0) or out of yen (< 0) per day.
    detail
        How the amounts were derived (monthly changes, daily amounts...), for outputs.
    """

    label: str
    kind: str
    source: str
    net_sell_usd_bn: FloatArray
    converted_usd_bn: FloatArray
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def sold_usd_bn(self) -> float:
        """Net sales over the window (negative: net purchases)."""
        return float(self.net_sell_usd_bn.sum())

    @property
    def converted_to_jpy_usd_bn(self) -> float:
        """Net conversion into yen over the window (negative: into dollars)."""
        return float(self.converted_usd_bn.sum())


@dataclass(frozen=True)
class EpisodeData:
    """Everything an episode's replay reads from the data.

    Attributes
    ----------
    dates
        The window's trading days (DGS10 observation dates after ``base_date`` up to ``end``).
    base_date
        Last DGS10 observation on or before the episode's start.
    context
        Market size at the month before the start (TIC Grand Total, MSPD marketable debt).
    components
        The flows.
    observed
        Variable -> ``(T,)`` observed change since the baseline (bp or %), NaN where unknown.
    levels
        Variable -> (baseline level, level on the last day) in the series' unit.
    sources
        Data sources used (holdings, debt, each series) with origin and vintage.
    """

    dates: pd.DatetimeIndex
    base_date: pd.Timestamp
    context: MarketContext
    components: tuple[Component, ...]
    observed: dict[str, FloatArray]
    levels: dict[str, tuple[float | None, float | None]]
    sources: dict[str, str]


def _mix(kind: str, snap: data.HoldingsSnapshot, debt: data.DebtSnapshot) -> FloatArray:
    notes_share = debt.notes_usd_bn / (debt.notes_usd_bn + debt.bonds_usd_bn)
    bills = 0.0
    if kind == "foreign_official" and snap.foreign_official_usd_bn:
        bills = (snap.foreign_official_bills_usd_bn or 0.0) / snap.foreign_official_usd_bn
    return np.array([bills, (1 - bills) * notes_share, (1 - bills) * (1 - notes_share)])


def _days_between(dates: pd.DatetimeIndex, after: str, upto: str) -> BoolArray:
    """Boolean mask of grid days in ``(after, upto]``."""
    mask: BoolArray = np.asarray((dates > pd.Timestamp(after)) & (dates <= pd.Timestamp(upto)))
    return mask


def _spread(mask: BoolArray, amount: float, origin: str, where: str, value: str) -> FloatArray:
    n = int(mask.sum())
    if n == 0:
        raise ScenarioError(f"{origin}: {where}", value, "a period with trading days in the window")
    out: FloatArray = np.where(mask, amount / n, 0.0)
    return out


def _usdjpy(day: pd.Timestamp) -> float:
    series = data.daily_series("DEXJPUS").loc[:day]
    if series.empty:
        raise DataError(f"no USD/JPY observation on or before {day:%Y-%m-%d}")
    return float(series.iloc[-1])


def _tic_flow(
    spec: FlowSpec, ep: Episode, dates: pd.DatetimeIndex, mix: FloatArray
) -> tuple[FloatArray, dict[str, Any]]:
    hist = data.holdings_history(spec.holder).series
    sell = np.zeros(len(dates))
    changes = {}
    for month in spec.months:
        prev = f"{pd.Period(month, freq='M') - 1}"
        if month not in hist.index or prev not in hist.index:
            raise DataError(
                f"{ep.name}: TIC holdings of {spec.holder} at {prev} and {month} are needed; "
                "the data hold " + f"{hist.index[0]}..{hist.index[-1]}"
            )
        change = float(hist[month] - hist[prev])
        changes[month] = round(change, 1)
        period = pd.Period(month, freq="M")
        mask = np.asarray((dates >= period.start_time) & (dates <= period.end_time))
        sell += _spread(mask, -change, f"{ep.name}.toml", "flows.months", month)
    detail = {"holder": spec.holder, "tic_change_usd_bn": changes}
    return sell[:, None] * mix[None, :], detail


def _interventions(
    spec: FlowSpec, ep: Episode, dates: pd.DatetimeIndex, base: pd.Timestamp
) -> tuple[FloatArray, dict[str, Any]]:
    facts = data.load_fact("japan_fx_interventions")
    direction, sign = _DIRECTIONS[spec.direction]
    rows = facts[(facts["granularity"] == "daily") & (facts["direction"] == direction)]
    conv = np.zeros(len(dates))
    days = {}
    for day_s, jpy in zip(rows["date_start"].astype(str), rows["amount_jpy_bn"], strict=True):
        day = pd.Timestamp(day_s)
        if not base < day <= dates[-1]:
            continue
        rate = _usdjpy(day)
        usd = float(jpy) / rate
        conv[int(dates.searchsorted(day))] += sign * usd
        days[day_s] = {"jpy_bn": float(jpy), "usdjpy": rate, "usd_bn": round(usd, 2)}
    if not days:
        raise DataError(f"{ep.name}: no daily MOF intervention in the window")
    return conv, {"daily": days}


def _component(
    spec: FlowSpec,
    ep: Episode,
    dates: pd.DatetimeIndex,
    base: pd.Timestamp,
    mixes: dict[str, FloatArray],
) -> Component:
    T = len(dates)
    mix = mixes[spec.mix]
    sell = np.zeros((T, 3))
    conv = np.zeros(T)
    detail: dict[str, Any] = {}
    origin = f"{ep.name}.toml"
    if spec.kind == "tic":
        sell, more = _tic_flow(spec, ep, dates, mix)
        detail.update(more)
    elif spec.kind == "intervention":
        conv, more = _interventions(spec, ep, dates, base)
        detail.update(more)
    elif spec.kind == "intervention_total":
        mask = np.asarray(
            (dates >= pd.Timestamp(spec.period_start)) & (dates <= pd.Timestamp(spec.period_end))
        )
        jpy = _spread(mask, spec.amount_jpy_bn, origin, "flows.period_start", spec.period_start)
        yen = data.daily_series("DEXJPUS")
        rates = yen.reindex(yen.index.union(dates)).ffill().reindex(dates).to_numpy(float)
        if not np.isfinite(rates).all():
            raise DataError(f"{ep.name}: USD/JPY does not cover the window")
        conv = _DIRECTIONS[spec.direction][1] * jpy / rates
        detail["amount_jpy_bn"] = spec.amount_jpy_bn
    elif spec.kind == "purchase":
        mask = np.asarray(
            (dates >= pd.Timestamp(spec.period_start)) & (dates <= pd.Timestamp(spec.period_end))
        )
        bought = _spread(mask, spec.amount_usd_bn, origin, "flows.period_start", spec.period_start)
        sell = -bought[:, None] * mix[None, :]
        detail["amount_usd_bn"] = spec.amount_usd_bn
    else:  # holdings_levels
        total = np.zeros(T)
        for (d0, v0), (d1, v1) in zip(spec.levels, spec.levels[1:], strict=False):
            total += _spread(_days_between(dates, d0, d1), v1 - v0, origin, "flows.levels", d1)
        sell = -total[:, None] * mix[None, :]
        detail["levels_usd_bn"] = {d: v for d, v in spec.levels}
    if sell.any():
        detail["mix"] = [round(float(x), 4) for x in mix]  # bills, notes, bonds
    return Component(spec.label, spec.kind, spec.source, sell, conv, detail)


def _observed(
    dates: pd.DatetimeIndex, start: str
) -> tuple[dict[str, FloatArray], dict[str, tuple[float | None, float | None]], dict[str, str]]:
    observed: dict[str, FloatArray] = {}
    levels: dict[str, tuple[float | None, float | None]] = {}
    sources: dict[str, str] = {}
    for var, (sid, unit) in VARIABLES.items():
        series = data.daily_series(sid)
        sources[sid] = f"{series.attrs['source']} ({series.attrs['origin']})"
        before = series.loc[: pd.Timestamp(start)]
        if before.empty or before.index[-1] < pd.Timestamp(start) - pd.Timedelta(days=10):
            observed[var] = np.full(len(dates), np.nan)
            levels[var] = (None, None)
            continue
        base = float(before.iloc[-1])
        path = series.reindex(series.index.union(dates)).ffill().reindex(dates).to_numpy(float)
        change = (path - base) * 100.0 if unit == "bp" else (path / base - 1.0) * 100.0
        observed[var] = change
        levels[var] = (base, float(path[-1]))
    return observed, levels, sources


def episode_data(ep: Episode) -> EpisodeData:
    """The trading-day grid, market size, flows and observed paths of an episode.

    Raises
    ------
    DataError
        When the data do not cover the episode (window, TIC months, USD/JPY for conversions).
    """
    ten = data.daily_series("DGS10")
    before = ten.loc[: pd.Timestamp(ep.start)]
    dates = ten.loc[pd.Timestamp(ep.start) : pd.Timestamp(ep.end)].index
    dates = dates[dates > (before.index[-1] if len(before) else pd.Timestamp(ep.start))]
    if before.empty or len(dates) < 2:
        raise DataError(f"{ep.name}: the DGS10 series does not cover {ep.start}..{ep.end}")
    base = before.index[-1]
    snap = data.holdings_at(ep.as_of)
    debt = data.debt_at(ep.as_of)
    context = MarketContext(ep.as_of, snap.grand_total_usd_bn, debt.marketable_usd_bn)
    mixes = {k: _mix(k, snap, debt) for k in ("foreign_official", "coupons")}
    components = tuple(_component(s, ep, pd.DatetimeIndex(dates), base, mixes) for s in ep.flows)
    observed, levels, sources = _observed(pd.DatetimeIndex(dates), ep.start)
    sources = {
        "holdings": f"{snap.source} (as of {ep.as_of}; {snap.origin})",
        "debt": f"{debt.source} (as of {debt.as_of}; {debt.origin})",
        **sources,
    }
    return EpisodeData(
        pd.DatetimeIndex(dates), base, context, components, observed, levels, sources
    )

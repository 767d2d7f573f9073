"""Tables of results for notebooks and exports: one row per output with p5/p50/p95 and its
unit, and the quantile paths on business dates with market levels beside the changes.

These functions only format result objects (they are duck-typed so that the result classes can
call them without an import cycle); they never re-run a model.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from pandas.tseries.holiday import USFederalHolidayCalendar
from pandas.tseries.offsets import CustomBusinessDay

from cardtable._quantiles import QUANTILES, day_quantiles, quantiles
from cardtable._typing import TENORS
from cardtable.data import MarketLevels, market_levels_at

if TYPE_CHECKING:
    from cardtable.engine import SimulationResult
    from cardtable.leverage import CoalitionResult, ScenarioNegotiation

__all__ = [
    "business_dates",
    "business_day",
    "coalition_summary_frame",
    "negotiation_summary_frame",
    "paths_frame",
    "simulation_summary_frame",
]


@functools.cache
def business_day() -> CustomBusinessDay:
    """Trading days: weekdays without US federal holidays (the Treasury market's calendar up
    to Good Friday and SIFMA early closes). Built on first use: the holiday calendar takes
    about 0.1 s, which every command would otherwise pay at import."""
    return CustomBusinessDay(calendar=USFederalHolidayCalendar())


_COLUMNS = ["output", "unit", "p5", "p50", "p95"]


def business_dates(as_of: str, days: int) -> pd.DatetimeIndex:
    """The ``days`` trading days after the as-of month's last day (day 0 first)."""
    month_end = pd.Period(as_of, freq="M").end_time.normalize()
    start = month_end + business_day()
    return pd.date_range(start, periods=days, freq=business_day(), name="date")


def _row(output: str, unit: str, values: Any) -> dict[str, Any]:
    return {"output": output, "unit": unit, **quantiles(np.asarray(values, dtype=np.float64))}


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=_COLUMNS).set_index("output")


def cost_unit(line: str) -> str:
    """Unit of a ledger line: stock losses once; ``_1y`` a year's flow; ``_5y``/``_10y``
    cumulative over that many years."""
    if line.endswith("_1y"):
        return "usd_bn_per_year"
    if line.endswith(("_5y", "_10y")):
        return "usd_bn_cumulative"
    return "usd_bn"


def simulation_summary_frame(result: SimulationResult) -> pd.DataFrame:
    """One row per output (index ``output``): unit, p5, p50, p95 over the draws."""
    rows = []
    # the per-draw peaks and ends the engine computed while writing the paths (no second pass)
    outs = result.draw_outputs()
    for tenor in TENORS:
        rows.append(_row(f"yield_{tenor}_peak_bp", "bp", outs[f"yield_{tenor}_peak_bp"]))
        rows.append(_row(f"yield_{tenor}_end_bp", "bp", outs[f"yield_{tenor}_end_bp"]))
    for name in ("usdjpy", "broad_dollar"):
        rows.append(_row(f"{name}_peak_pct", "pct", outs[f"{name}_peak_pct"]))
        rows.append(_row(f"{name}_end_pct", "pct", outs[f"{name}_end_pct"]))
    rows.append(_row("backstop_total_usd_bn", "usd_bn", outs["backstop_total_usd_bn"]))
    for line, values in result.costs_usd_bn.items():
        rows.append(_row(f"cost.{line}", cost_unit(line), values))
    return _frame(rows)


def negotiation_summary_frame(result: ScenarioNegotiation) -> pd.DataFrame:
    """One row per output of a negotiation (payoffs, deal, threat point, credibility)."""
    n = result.negotiation
    rows = [
        _row("card_value_usd_bn", "usd_bn", n.card_value_usd_bn),
        _row("deal_tariff_pct", "pct", n.deal_tariff_pct),
        _row("transfer_usd_bn", "usd_bn", n.transfer_usd_bn),
        _row("holder_payoff_usd_bn", "usd_bn", n.holder_payoff_usd_bn),
        _row("us_payoff_usd_bn", "usd_bn", n.us_payoff_usd_bn),
        _row("threat_holder_usd_bn", "usd_bn", n.threat_holder_usd_bn),
        _row("threat_us_usd_bn", "usd_bn", n.threat_us_usd_bn),
        _row("agreement_share", "share_of_draws", n.agreement.astype(float)),
    ]
    for i, label in enumerate(n.holder_threats):
        rows.append(
            _row(f"credibility_margin_usd_bn.{label}", "usd_bn", n.credibility.margin_usd_bn[:, i])
        )
    if n.announcement is not None:
        rows.append(_row("announcement_gain_usd_bn", "usd_bn", n.announcement.holder_gain_usd_bn))
    return _frame(rows)


def coalition_summary_frame(result: CoalitionResult) -> pd.DataFrame:
    """One row per holder's Shapley value (one central run: p5 and p95 are NaN)."""
    table = result.to_frame()
    rows = [
        {
            "output": f"shapley_usd_bn.{country}",
            "unit": "usd_bn",
            "p5": np.nan,
            "p50": float(value),
            "p95": np.nan,
        }
        for country, value in zip(
            table["country"], table["value_usd_bn"].to_numpy(dtype=float), strict=True
        )
    ]
    rows.append(
        {
            "output": "value_grand_coalition_usd_bn",
            "unit": "usd_bn",
            "p5": np.nan,
            "p50": result.value_grand_coalition_usd_bn,
            "p95": np.nan,
        }
    )
    return _frame(rows)


def _levels(as_of: str) -> MarketLevels:
    return market_levels_at(as_of)


def paths_frame(result: SimulationResult, levels: MarketLevels | None = None) -> pd.DataFrame:
    """p5/p50/p95 of every path on trading dates, with market levels beside the changes.

    Parameters
    ----------
    result
        A simulation result.
    levels
        Market levels at the as-of date; :func:`cardtable.data.market_levels_at` when None.

    Returns
    -------
    pandas.DataFrame
        Index ``date`` (trading days after the as-of month); columns ``day`` and
        ``<series>_<measure>_<unit>_<quantile>``, e.g. ``yield_10y_change_bp_p50``,
        ``yield_10y_level_pct_p50``, ``usdjpy_level_jpy_per_usd_p95`` (all usable in
        ``DataFrame.query``). Levels are the as-of level moved by the change; a level the
        data lack is left out.
    """
    lv = _levels(result.as_of) if levels is None else levels
    T = int(result.horizon_days)
    pcts = list(QUANTILES.values())
    cols: dict[str, Any] = {"day": np.arange(T)}

    def add(name: str, series: str, unit: str, base: float | None, level: str) -> None:
        q = result.path_quantiles(series)[[0, 2, 4]]  # p5, p50, p95 of the shared five
        for qi, qname in enumerate(QUANTILES):
            cols[f"{name}_change_{unit}_{qname}"] = q[qi]
        if base is None:
            return
        for qi, qname in enumerate(QUANTILES):
            if unit == "bp":
                cols[f"{name}_level_{level}_{qname}"] = base + q[qi] / 100.0
            else:
                cols[f"{name}_level_{level}_{qname}"] = base * (1.0 + q[qi] / 100.0)

    bases: Mapping[str, float | None] = {
        "2y": lv.ust_2y_pct,
        "5y": lv.ust_5y_pct,
        "10y": lv.ust_10y_pct,
        "30y": lv.ust_30y_pct,
    }
    for tenor in TENORS:
        add(f"yield_{tenor}", f"yield_{tenor}", "bp", bases[tenor], "pct")
    add("usdjpy", "usdjpy", "pct", lv.usdjpy, "jpy_per_usd")
    add("broad_dollar", "broad_dollar", "pct", lv.broad_dollar_index, "index")
    for cur in result.fx_pct:
        if cur != "JPY":  # the yen is usdjpy above
            add(f"fx_{cur.lower()}", f"fx_{cur}", "pct", None, "")
    q = day_quantiles(result.backstop_usd_bn, pcts, dtype=np.float64)
    for qi, qname in enumerate(QUANTILES):
        cols[f"backstop_usd_bn_{qname}"] = q[qi]
    frame = pd.DataFrame(cols, index=business_dates(result.as_of, T))
    frame.attrs["levels_date"] = lv.date
    frame.attrs["levels_source"] = lv.source
    return frame

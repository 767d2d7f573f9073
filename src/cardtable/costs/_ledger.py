"""Who pays: the cost ledger of a simulated market path, for every draw.

All lines are USD bn, ``(D,)`` float64, positive = a cost or loss to that party, measured against
the as-of prices and rates (the market paths are changes caused by the scenario). Nothing depends
on the simulated window: multi-year lines run the converged yield path (transient absorbed,
stock effect following the market size, :class:`cardtable.market.MarketTail`) over their own
horizon, and valuation lines mark books at a fixed point (one year, or the end of the holder's
own sale if later). Multi-year costs come as cumulative nominal sums and present values
(``_pv``, discounted at ``discount_rate_pct``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from cardtable._typing import Float32Array, FloatArray
from cardtable.costs._bonds import (
    TENOR_TO_BUCKET,
    bucket_loss_rate,
    bucket_yields_bp,
    durations,
)
from cardtable.costs._interest import (
    TRADING_DAYS_PER_YEAR,
    converged_by_tenor,
    cumsum_years,
    interest_by_year,
    present_value_by_year,
    value_on_day_bp,
)
from cardtable.costs._types import DebtProfile, Ledger, SellerBook
from cardtable.errors import InputError
from cardtable.market import FxTail, MarketPaths
from cardtable.params import ParamDraws

__all__ = ["INTEREST_LINES", "TRANSFERS", "check_interest_years", "ledger", "us_interest_lines"]

TEN_YEAR = 2
_BLOCK = 2048  # draws converted to float64 at a time
#: Years of the US federal interest lines by default (the longest of :data:`INTEREST_LINES`).
INTEREST_YEARS = 30
#: Horizons (years) of the US federal interest lines.
INTEREST_LINES = (1, 5, 10, 30)
#: Day at which books are marked (end of the first year) unless the holder sells for longer.
MARK_DAY = TRADING_DAYS_PER_YEAR - 1

#: Lines that are, in part, transfers between parties of the ledger rather than resource costs:
#: summing them with the holders' lines double counts.
TRANSFERS: dict[str, str] = {
    "us_federal_interest_*": (
        "extra interest paid to the holders of Treasuries: foreign holders (sellers and "
        "other_holders.*) receive part of it, which offsets part of their valuation losses"
    ),
    "<holder>.mark_to_market / other_holders.*": (
        "valuation losses; the higher coupons the same holders then receive are part of "
        "us_federal_interest_*"
    ),
    "<holder>.realised": (
        "price concession paid to the buyers of what was sold (a gain to them, not a loss to "
        "the world)"
    ),
}


def check_interest_years(years: int, field: str = "interest_years") -> int:
    """``years`` if it is a horizon of the US federal interest lines (:data:`INTEREST_LINES`),
    else an :class:`~cardtable.errors.InputError` naming ``field``."""
    if years not in INTEREST_LINES:
        raise InputError(field, years, f"one of {INTEREST_LINES}")
    return years


def _realised(yields: Float32Array, sold: FloatArray, params: ParamDraws) -> FloatArray:
    """Price concession on what was sold, at the yields of the day of each sale.

    ``sum_{t,b} sold[t,b] * (D_b * dy_b[t] - 0.5 * C_b * dy_b[t]**2)`` with ``dy`` in decimals.
    """
    days = np.nonzero(sold.any(axis=1))[0]
    if days.size == 0:
        return np.zeros(params.n)
    D = yields.shape[0]
    if days[-1] - days[0] + 1 == days.size:  # a contiguous run of days: a view, no gather
        window = yields[:, days[0] : days[-1] + 1, :]
    else:
        window = yields[:, days, :]
    S = days.size
    amounts = sold[days]  # (S, 3)
    # linear and quadratic terms in float64 by blocks of draws (a draw's result must not depend
    # on the batch it is evaluated in: float32 BLAS rounds differently for other batch sizes)
    kernel = (amounts[:, None, :] * TENOR_TO_BUCKET.T[None, :, :]).reshape(S * 4, 3)
    lin = np.empty((D, 3))
    quad = np.zeros((D, 3))
    for s in range(0, D, _BLOCK):
        e = min(s + _BLOCK, D)
        w = np.asarray(window[s:e], dtype=np.float64)  # (d, S, 4)
        lin[s:e] = w.reshape(e - s, S * 4) @ kernel
        dy = w @ TENOR_TO_BUCKET.T  # (d, S, 3)
        np.square(dy, out=dy)
        for b in np.nonzero(amounts.any(axis=0))[0]:
            quad[s:e, b] = dy[:, :, b] @ amounts[:, b]
    dur, conv = durations(params)
    out: FloatArray = (dur * lin).sum(axis=1) / 1e4 - 0.5 * (conv * quad).sum(axis=1) / 1e8
    return out


def _fx_on_day(fx: Float32Array, tail: FxTail | None, day: int) -> FloatArray:
    """``(D,)`` a currency's move on ``day``: from the window if inside it, else from its
    closed-form continuation (without one, the window's last day is held)."""
    T = fx.shape[1]
    if day < T or tail is None:
        return np.asarray(fx[:, min(day, T - 1)], dtype=np.float64)
    return tail.at(day)


def _fx_sum(fx: Float32Array, tail: FxTail | None, days: int) -> FloatArray:
    """``(D,)`` sum of a currency's daily moves over the first ``days`` days: the window's
    days, then its continuation (without one, the window's last day is held)."""
    T = fx.shape[1]
    n_in = min(T, days)
    out: FloatArray = fx[:, :n_in].sum(axis=1, dtype=np.float64)
    if days > n_in:
        if tail is None:
            out += (days - n_in) * fx[:, -1].astype(np.float64)
        else:
            out += tail.total(n_in, days)
    return out


def _seller_lines(
    book: SellerBook,
    paths: MarketPaths,
    params: ParamDraws,
) -> dict[str, FloatArray]:
    T = paths.horizon_days
    mix, sold, conv = book.checked(T)
    D = params.n
    realised = _realised(paths.yields_bp, sold, params)
    kept = np.maximum(book.holdings_usd_bn * mix - sold.sum(axis=0), 0.0)  # (3,)
    days = np.nonzero(sold.any(axis=1))[0]
    mark = max(MARK_DAY, int(days[-1]) if days.size else 0)
    rate_end = bucket_loss_rate(bucket_yields_bp(value_on_day_bp(paths, mark)), params)  # (D, 3)
    mtm = rate_end @ kept
    cur = book.currency.upper()
    fx = paths.fx_pct.get(cur) if cur != "USD" else None
    if fx is None:
        fx_loss = np.zeros(D)
        exporters = np.zeros(D)
    else:
        tail = (paths.fx_tail or {}).get(cur)
        fx_mark = _fx_on_day(fx, tail, mark)  # the currency on the bonds' mark day
        # dollar assets left on the mark day: kept bonds at market value + unconverted proceeds
        value_end = (kept[None, :] * (1.0 - rate_end)).sum(axis=1) + (sold.sum() - conv.sum())
        days = np.nonzero(conv)[0]  # conversions at the rate of their day (float64, no BLAS)
        at_conv = (fx[:, days].astype(np.float64) * conv[days]).sum(axis=1)
        fx_loss = -value_end * fx_mark / 100.0 - at_conv / 100.0
        mean_1y = _fx_sum(fx, tail, TRADING_DAYS_PER_YEAR) / TRADING_DAYS_PER_YEAR
        exporters = (
            book.exports_to_us_usd_bn_per_year
            * params["exporter_margin_sensitivity"]
            * (-mean_1y)
            / 100.0
        )
    p = book.name
    return {
        f"{p}.realised": realised,
        f"{p}.mark_to_market": mtm,
        f"{p}.fx_translation": fx_loss,
        f"{p}.exporters_1y": exporters,
        f"{p}.total": realised + mtm + fx_loss,
    }


def ledger(
    paths: MarketPaths,
    sellers: Sequence[SellerBook],
    other_holders: Mapping[str, float],
    debt: DebtProfile,
    params: ParamDraws,
    *,
    interest_years: int = INTEREST_YEARS,
) -> Ledger:
    """The cost ledger of every draw.

    Parameters
    ----------
    paths
        Simulated market paths (``D`` draws).
    sellers
        The acting holders' books.
    other_holders
        Holders that do not act: TIC name -> holdings (USD bn); revalued with the default
        official mix.
    debt
        US marketable debt and deficit at the as-of month.
    params
        The same parameter draws as ``paths``.
    interest_years
        Horizon of the US federal interest lines (1, 5, 10 or 30 years): the lines up to it
        are computed over that many years only. A year's interest never depends on later
        years, so they are the 30-year ledger's figures (the negotiation, whose horizon is at
        most 8 years, needs the lines to 10 years: a third of the work).

    Returns
    -------
    Ledger
        Per seller ``<name>.realised`` (price concession on what it sold: a flow),
        ``.mark_to_market`` (valuation of what it keeps, at one year or the end of its sale:
        a stock loss), ``.fx_translation``, ``.exporters_1y``, ``.total``; ``seller_*`` sums;
        ``other_holders.<country>`` (valuation at one year); ``us_federal_interest_1y/_5y/
        _10y/_30y`` (cumulative nominal) and the same with ``_pv`` (present values);
        ``us_households_1y``. :data:`TRANSFERS` lists the lines that partly net out.
    """
    D = params.n
    if paths.draws != D:
        raise InputError("params", D, f"the {paths.draws} draws the market paths were made with")
    check_interest_years(interest_years)
    lines: dict[str, FloatArray] = {}
    dy_mark = bucket_yields_bp(value_on_day_bp(paths, MARK_DAY))  # (D, 3)
    sums = {k: np.zeros(D) for k in ("realised", "mark_to_market", "fx_translation", "exporters")}
    names = [b.name for b in sellers]
    if len(set(names)) != len(names):
        raise InputError("sellers", names, "one book per holder (names must be unique)")
    for book in sellers:
        seller = _seller_lines(book, paths, params)
        lines.update(seller)
        sums["realised"] += seller[f"{book.name}.realised"]
        sums["mark_to_market"] += seller[f"{book.name}.mark_to_market"]
        sums["fx_translation"] += seller[f"{book.name}.fx_translation"]
        sums["exporters"] += seller[f"{book.name}.exporters_1y"]
    lines["seller_total"] = sums["realised"] + sums["mark_to_market"] + sums["fx_translation"]
    lines["seller_realised"] = sums["realised"]
    lines["seller_mark_to_market"] = sums["mark_to_market"]
    lines["seller_fx_translation"] = sums["fx_translation"]
    lines["seller_exporters_1y"] = sums["exporters"]

    # holders that do not act: default official mix (TIC bills share, MSPD notes:bonds)
    bills = params["official_bills_share"]
    coupons = debt.notes_usd_bn + debt.bonds_usd_bn
    notes_share = debt.notes_usd_bn / coupons if coupons > 0 else 0.75
    mix = np.stack([bills, (1 - bills) * notes_share, (1 - bills) * (1 - notes_share)], axis=1)
    rate_other = (bucket_loss_rate(dy_mark, params) * mix).sum(axis=1)
    for country, holdings in other_holders.items():
        lines[f"other_holders.{country}"] = float(holdings) * rate_other

    # US Treasury: reprice as debt matures, along the converged path (window-free)
    tenors_by_year = converged_by_tenor(paths, interest_years)  # (4, Y, D)
    lines.update(_us_interest(tenors_by_year, debt, params))

    # US households: a year of new mortgages at a rate passed through from the 10y
    lines["us_households_1y"] = (
        params["mortgage_originations_usd_bn_per_year"]
        * params["mortgage_pass_through"]
        * tenors_by_year[TEN_YEAR, 0]
        / 1e4
    )
    return Ledger(lines, transfers=dict(TRANSFERS))


def us_interest_lines(
    paths: MarketPaths, debt: DebtProfile, params: ParamDraws, years: int
) -> dict[str, FloatArray]:
    """The ledger's ``us_federal_interest_<n>y`` and ``_<n>y_pv`` lines for ``n <= years``
    alone (``n`` in :data:`INTEREST_LINES`), computed over ``years`` years only.

    A year's interest depends on that year's rates and earlier ones, never later ones, so
    these are the same figures as :func:`ledger`'s (to rounding) for a fraction of its work:
    the negotiation needs the one-year line of the announcement and nothing else of it.
    """
    check_interest_years(years, "years")
    if paths.draws != params.n:
        raise InputError("params", params.n, f"the {paths.draws} draws of the market paths")
    return _us_interest(converged_by_tenor(paths, years), debt, params)


def _us_interest(
    tenors_by_year: FloatArray, debt: DebtProfile, params: ParamDraws
) -> dict[str, FloatArray]:
    """Cumulative nominal and present-value US interest lines from ``(4, Y, D)`` yields."""
    Y, D = tenors_by_year.shape[1], tenors_by_year.shape[2]
    rate = np.zeros((3, Y, D))  # (bucket, Y, D), decimals
    for b, k in zip(*np.nonzero(TENOR_TO_BUCKET), strict=True):
        rate[b] += (TENOR_TO_BUCKET[b, k] / 1e4) * tenors_by_year[k]
    yearly = interest_by_year(rate, debt, params)  # (Y, D)
    cum = cumsum_years(yearly)
    pv = present_value_by_year(yearly, params["discount_rate_pct"])
    out: dict[str, FloatArray] = {}
    for n in (n for n in INTEREST_LINES if n <= Y):
        out[f"us_federal_interest_{n}y"] = cum[n - 1]
    for n in (n for n in INTEREST_LINES if n <= Y):
        out[f"us_federal_interest_{n}y_pv"] = pv[n - 1]
    return out

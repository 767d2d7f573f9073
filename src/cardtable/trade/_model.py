"""Partial-equilibrium response of the holder's exports to US tariffs, sector by sector.

A WITS-SMART-like model on each export sector ``s`` of the holder (Japan or China) with annual
baseline value ``V0`` (tariff-exclusive, USD bn) and tariffs moving from the baseline all-in
rate ``t0`` to ``t1``. With :math:`L = \\ln\\frac{1+t_1}{1+t_0}`, one incidence parameter
``phi`` (share borne by US buyers, 1 = full pass-through, 0 = full absorption by exporters) and
the import-demand elasticity ``eps`` < 0 with respect to the duty-paid price:

.. math::

    \\ln r_x = -(1-\\phi) L, \\qquad \\ln r_d = \\phi L, \\qquad \\ln r_q = \\varepsilon\\phi L,

the exporter's (tariff-exclusive) price, the US buyer's duty-paid price and the quantity
ratios. ``phi`` is equivalent to an export-supply elasticity :math:`\\eta = -\\varepsilon\\phi
/(1-\\phi)` (``phi = eta / (eta - eps)``), so the producer-surplus loss is exact for the
implied constant-elasticity supply curve. Per year, USD bn:

* US tariff revenue (change): :math:`t_1 V_0 r_x r_q - t_0 V_0`;
* cost to US buyers (compensating variation, constant-elasticity demand):
  :math:`V_0(1+t_0)\\,\\frac{r_d^{1+\\varepsilon}-1}{1+\\varepsilon}`;
* holder's export revenue loss: :math:`V_0(1 - r_x r_q)`, the sum of the price absorbed on
  the volume still sold, :math:`V_0 r_q (1-r_x)`, and the volume lost at old prices,
  :math:`V_0 (1-r_q)`;
* holder's profit loss (producer surplus): :math:`V_0\\,(1-\\phi)L\\,
  \\mathrm{exprel}(-(1-\\phi)L + \\varepsilon\\phi L)`, with
  :math:`\\mathrm{exprel}(x) = (e^x-1)/x`;
* direct value-added loss: absorption (one for one) plus ``export_va_share`` times the
  volume lost;
* first-year GDP effect (percent, negative = loss): ``-100 * gdp_indirect_multiplier *``
  value-added loss / nominal GDP.

Incidence (calibration target 8): autos use ``passthrough_share_autos`` (Japanese exporters cut
car export prices 19.4% y/y in June 2025, volumes flat: BOJ CGPI), every other sector
``passthrough_share`` (complete pass-through in 2018: Amiti, Redding & Weinstein 2019;
Fajgelbaum et al. 2020). Elasticities: Boehm, Levchenko & Pandalai-Nayar (2023), -0.76 in year
one (``horizon="first_year"``), -1.75 to -2.25 in the long run (``horizon="long_run"``).
Everything is vectorised: parameters carry a leading draw axis ``D``; tariffs may be scalars or
a grid ``(G,)``, giving outputs ``(D,)`` or ``(D, G)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from cardtable._typing import FloatArray
from cardtable.errors import InputError, UnknownNameError
from cardtable.params import ParamDraws
from cardtable.trade._facts import (
    HOLDER_EXPORT_SECTORS,
    TABLE_YEAR,
    canonical_holder,
    nominal_gdp_usd_bn,
    sector_flows,
)
from cardtable.trade._tariffs import tariffs_at

__all__ = ["Horizon", "SectorResponse", "TradeEffects", "sector_response", "trade_effects"]

Horizon = Literal["first_year", "long_run"]
TariffInput = Mapping[str, float | FloatArray] | float | FloatArray

_OUTPUTS = (
    "tariff_revenue_usd_bn",
    "buyer_cost_usd_bn",
    "export_revenue_loss_usd_bn",
    "profit_loss_usd_bn",
    "value_added_loss_usd_bn",
    "gdp_loss_usd_bn",
    "gdp_effect_pct",
)


def exprel(x: FloatArray) -> FloatArray:
    """``(exp(x) - 1) / x``, equal to 1 at 0, accurate near 0."""
    x = np.asarray(x, dtype=np.float64)
    small = np.abs(x) < 1e-8
    safe = np.where(small, 1.0, x)
    return np.where(small, 1.0 + 0.5 * x, np.expm1(x) / safe)


@dataclass(frozen=True)
class SectorResponse:
    """One sector's response (arrays broadcast from the inputs; USD bn per year).

    Attributes
    ----------
    exporter_price_change_pct, duty_paid_price_change_pct, volume_change_pct
        Percent changes of the tariff-exclusive export price, the US buyer's duty-paid price
        and the quantity.
    tariff_revenue_usd_bn, buyer_cost_usd_bn
        US side: change in duties collected; US buyers' compensating variation.
    export_revenue_loss_usd_bn, profit_loss_usd_bn, absorption_usd_bn, volume_loss_usd_bn
        Holder side: revenue loss = absorption (price cut on volume still sold) + volume lost
        at old prices; profit loss = producer-surplus loss.
    """

    exporter_price_change_pct: FloatArray
    duty_paid_price_change_pct: FloatArray
    volume_change_pct: FloatArray
    tariff_revenue_usd_bn: FloatArray
    buyer_cost_usd_bn: FloatArray
    export_revenue_loss_usd_bn: FloatArray
    profit_loss_usd_bn: FloatArray
    absorption_usd_bn: FloatArray
    volume_loss_usd_bn: FloatArray


def sector_response(
    value_usd_bn: float | FloatArray,
    tariff_from_pct: float | FloatArray,
    tariff_to_pct: float | FloatArray,
    elasticity: float | FloatArray,
    passthrough_share: float | FloatArray,
) -> SectorResponse:
    """Partial-equilibrium response of one import flow to a tariff change (see module docs).

    Parameters
    ----------
    value_usd_bn
        Baseline annual import value, tariff-exclusive (USD bn).
    tariff_from_pct, tariff_to_pct
        All-in ad valorem tariff before and after (percent, > -100).
    elasticity
        Import-demand elasticity with respect to the duty-paid price (< 0).
    passthrough_share
        Share of the tariff borne by US buyers, in [0, 1].

    Returns
    -------
    SectorResponse
        Arrays broadcast over all inputs.
    """
    v0 = np.asarray(value_usd_bn, dtype=np.float64)
    t0 = np.asarray(tariff_from_pct, dtype=np.float64) / 100.0
    t1 = np.asarray(tariff_to_pct, dtype=np.float64) / 100.0
    eps = np.asarray(elasticity, dtype=np.float64)
    phi = np.asarray(passthrough_share, dtype=np.float64)
    if np.any(t0 <= -1.0) or np.any(t1 <= -1.0):
        raise InputError("tariffs_pct", "<= -100", "tariffs above -100 percent")
    if np.any((phi < 0.0) | (phi > 1.0)):
        raise InputError("passthrough_share", "outside [0, 1]", "a share in [0, 1]")
    if np.any(eps >= 0.0):
        raise InputError("elasticity", ">= 0", "a negative import-demand elasticity")
    L = np.log1p(t1) - np.log1p(t0)
    ln_rx = -(1.0 - phi) * L
    ln_rd = phi * L
    ln_rq = eps * phi * L
    rx = np.exp(ln_rx)
    rq = np.exp(ln_rq)
    revenue = t1 * v0 * rx * rq - t0 * v0
    buyer = v0 * (1.0 + t0) * ln_rd * exprel((1.0 + eps) * ln_rd)
    absorption = v0 * rq * (1.0 - rx)
    volume_loss = v0 * (1.0 - rq)
    profit = v0 * (-ln_rx) * exprel(ln_rx + ln_rq)
    return SectorResponse(
        exporter_price_change_pct=100.0 * np.expm1(ln_rx),
        duty_paid_price_change_pct=100.0 * np.expm1(ln_rd),
        volume_change_pct=100.0 * np.expm1(ln_rq),
        tariff_revenue_usd_bn=revenue,
        buyer_cost_usd_bn=buyer,
        export_revenue_loss_usd_bn=absorption + volume_loss,
        profit_loss_usd_bn=profit,
        absorption_usd_bn=absorption,
        volume_loss_usd_bn=volume_loss,
    )


@dataclass(frozen=True)
class TradeEffects:
    """Annual effects of a tariff change on one holder's exports to the US (USD bn per year).

    Every array has shape ``(D,)`` for scalar tariffs or ``(D, G)`` for a tariff grid.

    Attributes
    ----------
    holder, year, horizon
        Whose exports, which trade table, first-year or long-run elasticity.
    tariffs_pct, baseline_tariffs_pct
        Sector -> all-in tariff (scalar or ``(G,)``) after and before.
    tariff_revenue_usd_bn, buyer_cost_usd_bn
        US: change in duties collected; cost to US buyers.
    export_revenue_loss_usd_bn, profit_loss_usd_bn
        Holder: export revenue loss; exporters' profit (producer-surplus) loss.
    value_added_loss_usd_bn, gdp_loss_usd_bn, gdp_effect_pct
        Holder: direct value-added loss; GDP loss including the indirect multiplier, in USD bn
        and in percent of nominal GDP (negative = loss).
    sectors
        Sector -> :class:`SectorResponse`.
    """

    holder: str
    year: int
    horizon: Horizon
    tariffs_pct: Mapping[str, float | FloatArray]
    baseline_tariffs_pct: Mapping[str, float]
    tariff_revenue_usd_bn: FloatArray
    buyer_cost_usd_bn: FloatArray
    export_revenue_loss_usd_bn: FloatArray
    profit_loss_usd_bn: FloatArray
    value_added_loss_usd_bn: FloatArray
    gdp_loss_usd_bn: FloatArray
    gdp_effect_pct: FloatArray
    sectors: Mapping[str, SectorResponse] = field(repr=False)

    def to_frame(self) -> pd.DataFrame:
        """One row per draw (and grid point), one column per output; grid points as ``g``."""
        arrays = {k: np.asarray(getattr(self, k)) for k in _OUTPUTS}
        first = arrays[_OUTPUTS[0]]
        if first.ndim == 1:
            frame = pd.DataFrame(arrays)
            frame.index.name = "draw"
            return frame
        d, g = first.shape
        index = pd.MultiIndex.from_product([range(d), range(g)], names=["draw", "g"])
        return pd.DataFrame({k: v.reshape(-1) for k, v in arrays.items()}, index=index)


def _sector_tariffs(
    tariffs: TariffInput, sectors: tuple[str, ...], baseline: Mapping[str, float]
) -> dict[str, float | FloatArray]:
    if isinstance(tariffs, Mapping):
        unknown = set(tariffs) - set(sectors)
        if unknown:
            raise UnknownNameError("tariffs_pct", sorted(unknown)[0], sectors, "sector")
        return {s: tariffs.get(s, baseline[s]) for s in sectors}
    level = np.asarray(tariffs, dtype=np.float64)
    if level.ndim > 1:
        raise InputError("tariffs_pct", level.shape, "a scalar, a grid (G,) or sector -> rate")
    value: float | FloatArray = float(level) if level.ndim == 0 else level
    return {s: value for s in sectors}


def _baseline(holder: str, baseline: Mapping[str, float] | None) -> dict[str, float]:
    if baseline is not None:
        missing = set(HOLDER_EXPORT_SECTORS) - set(baseline)
        unknown = set(baseline) - set(HOLDER_EXPORT_SECTORS)
        if unknown:
            raise UnknownNameError(
                "baseline_tariffs_pct", sorted(unknown)[0], HOLDER_EXPORT_SECTORS, "sector"
            )
        if missing:
            raise InputError("baseline_tariffs_pct", sorted(missing), "a rate for every sector")
        return {s: float(baseline[s]) for s in HOLDER_EXPORT_SECTORS}
    try:
        return tariffs_at(holder, "2025-01-01")
    except UnknownNameError:
        raise InputError(
            "baseline_tariffs_pct",
            None,
            f"{holder} has no bundled tariff timeline: pass its baseline tariffs by sector",
        ) from None


def trade_effects(
    holder: str,
    tariffs_pct: TariffInput,
    params: ParamDraws,
    *,
    baseline_tariffs_pct: Mapping[str, float] | None = None,
    year: int = TABLE_YEAR,
    horizon: Horizon = "first_year",
) -> TradeEffects:
    """Annual effects of US tariffs on the holder's exports, per draw (and tariff grid point).

    Parameters
    ----------
    holder
        ``Japan`` or ``China`` (TIC's ``China, Mainland`` accepted).
    tariffs_pct
        All-in tariffs after the change: sector -> rate (scalar or ``(G,)``; missing sectors
        keep the baseline), or one level (scalar or grid ``(G,)``) applied to every sector.
    params
        Parameter draws (the ``trade`` parameters are used), each of shape ``(D,)``.
    baseline_tariffs_pct
        Sector -> all-in tariff before the change; default: the holder's timeline before 2025
        (MFN). Required for holders without a timeline.
    year
        Trade table vintage (2024).
    horizon
        ``first_year`` (short-run elasticity) or ``long_run``.

    Returns
    -------
    TradeEffects
        Arrays ``(D,)`` or ``(D, G)``.
    """
    name = canonical_holder(holder)
    flows = sector_flows(name, "holder_exports_to_us", year)
    sectors = tuple(flows)
    base = _baseline(name, baseline_tariffs_pct)
    after = _sector_tariffs(tariffs_pct, sectors, base)
    if horizon == "first_year":
        eps = params["import_demand_elasticity_sr"]
    elif horizon == "long_run":
        eps = params["import_demand_elasticity_lr"]
    else:
        raise InputError("horizon", horizon, "'first_year' or 'long_run'")
    grid = any(np.ndim(v) == 1 for v in after.values())

    def expand(a: FloatArray) -> FloatArray:
        return a[:, None] if grid else a

    eps = expand(np.asarray(eps, dtype=np.float64))
    va_share = expand(params["export_va_share"])
    multiplier = expand(params["gdp_indirect_multiplier"])
    out: dict[str, SectorResponse] = {}
    for s in sectors:
        phi = params["passthrough_share_autos" if s == "autos_and_parts" else "passthrough_share"]
        out[s] = sector_response(flows[s], base[s], after[s], eps, expand(phi))
    total = {
        k: sum(getattr(r, k) for r in out.values())
        for k in (
            "tariff_revenue_usd_bn",
            "buyer_cost_usd_bn",
            "export_revenue_loss_usd_bn",
            "profit_loss_usd_bn",
            "absorption_usd_bn",
            "volume_loss_usd_bn",
        )
    }
    va_loss = total["absorption_usd_bn"] + va_share * total["volume_loss_usd_bn"]
    gdp_loss = multiplier * va_loss
    shape = np.broadcast_shapes(np.shape(eps), *(np.shape(np.asarray(v)) for v in after.values()))
    shape = (params.n, *shape[1:]) if grid else (params.n,)

    def full(a: FloatArray) -> FloatArray:
        return np.broadcast_to(np.asarray(a, dtype=np.float64), shape).copy()

    return TradeEffects(
        holder=name,
        year=year,
        horizon=horizon,
        tariffs_pct=after,
        baseline_tariffs_pct=base,
        tariff_revenue_usd_bn=full(total["tariff_revenue_usd_bn"]),
        buyer_cost_usd_bn=full(total["buyer_cost_usd_bn"]),
        export_revenue_loss_usd_bn=full(total["export_revenue_loss_usd_bn"]),
        profit_loss_usd_bn=full(total["profit_loss_usd_bn"]),
        value_added_loss_usd_bn=full(va_loss),
        gdp_loss_usd_bn=full(gdp_loss),
        gdp_effect_pct=full(-100.0 * gdp_loss / nominal_gdp_usd_bn(name, year)),
        sectors=out,
    )

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
from typing import Any

import numpy as np
import pandas as pd

from cardtable._quantiles import QUANTILES, quantiles
from cardtable._typing import FloatArray
from cardtable.data import FACTS
from cardtable.errors import DataError
from cardtable.params import ParamDraws
from cardtable.trade._facts import (
    HOLDERS,
    TABLE_YEAR,
    nominal_gdp_usd_bn,
    sector_flows,
    sector_rows,
)
from cardtable.trade._inputs import Horizon, TariffInput, _prepare
from cardtable.trade._response import _check_response_inputs, _response, _tariff_terms

__all__ = ["Horizon", "SectorResponse", "TradeEffects", "sector_response", "trade_effects"]


_OUTPUTS = (
    "tariff_revenue_usd_bn",
    "buyer_cost_usd_bn",
    "export_revenue_loss_usd_bn",
    "profit_loss_usd_bn",
    "value_added_loss_usd_bn",
    "gdp_loss_usd_bn",
    "gdp_effect_pct",
)


def _phi_name(sector: str) -> str:
    """The incidence parameter of a sector: autos have their own."""
    return "passthrough_share_autos" if sector == "autos_and_parts" else "passthrough_share"


def _value_added_and_gdp(
    absorption: FloatArray, volume_loss: FloatArray, va_share: FloatArray, multiplier: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Direct value-added loss and GDP loss (indirect multiplier included), USD bn."""
    va_loss = absorption + va_share * volume_loss
    return va_loss, multiplier * va_loss


@dataclass(frozen=True)
class SectorResponse:
    """One sector's response (arrays broadcast from the inputs; USD bn per year).

    Attributes
    ----------
    log_exporter_price, log_duty_paid_price, log_volume
        Log changes of the tariff-exclusive export price, the US buyer's duty-paid price and
        the quantity (the percent changes are properties computed from them on demand).
    tariff_revenue_usd_bn, buyer_cost_usd_bn
        US side: change in duties collected; US buyers' compensating variation.
    profit_loss_usd_bn, absorption_usd_bn, volume_loss_usd_bn
        Holder side: exporters' producer-surplus loss; the price cut on the volume still sold;
        the volume lost at old prices (their sum is the export revenue loss).
    """

    log_exporter_price: FloatArray
    log_duty_paid_price: FloatArray
    log_volume: FloatArray
    tariff_revenue_usd_bn: FloatArray
    buyer_cost_usd_bn: FloatArray
    profit_loss_usd_bn: FloatArray
    absorption_usd_bn: FloatArray
    volume_loss_usd_bn: FloatArray

    @property
    def exporter_price_change_pct(self) -> FloatArray:
        """Percent change of the tariff-exclusive export price."""
        return 100.0 * np.expm1(self.log_exporter_price)

    @property
    def duty_paid_price_change_pct(self) -> FloatArray:
        """Percent change of the US buyer's duty-paid price."""
        return 100.0 * np.expm1(self.log_duty_paid_price)

    @property
    def volume_change_pct(self) -> FloatArray:
        """Percent change of the quantity imported."""
        return 100.0 * np.expm1(self.log_volume)

    @property
    def export_revenue_loss_usd_bn(self) -> FloatArray:
        """Export revenue loss: absorption plus the volume lost at old prices."""
        return self.absorption_usd_bn + self.volume_loss_usd_bn


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
    t0 = np.asarray(tariff_from_pct, dtype=np.float64)
    t1 = np.asarray(tariff_to_pct, dtype=np.float64)
    eps = np.asarray(elasticity, dtype=np.float64)
    phi = np.asarray(passthrough_share, dtype=np.float64)
    _check_response_inputs(t0, t1, eps, phi)
    out = _response(_tariff_terms(v0, t0, t1), eps, phi, logs=True)
    return SectorResponse(
        log_exporter_price=out["ln_rx"],
        log_duty_paid_price=out["ln_rd"],
        log_volume=out["ln_rq"],
        tariff_revenue_usd_bn=out["tariff_revenue_usd_bn"],
        buyer_cost_usd_bn=out["buyer_cost_usd_bn"],
        profit_loss_usd_bn=out["profit_loss_usd_bn"],
        absorption_usd_bn=out["absorption_usd_bn"],
        volume_loss_usd_bn=out["volume_loss_usd_bn"],
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

    @property
    def draws(self) -> int:
        """Number of draws."""
        return int(np.shape(self.tariff_revenue_usd_bn)[0])

    @property
    def sources(self) -> dict[str, str]:
        """Where the trade flows and the tariffs come from."""
        rows = sector_rows(self.holder, "holder_exports_to_us", self.year)
        flows = "; ".join(dict.fromkeys(f"{r.sector} ({r.year}): {r.source}" for r in rows))
        return {
            "trade": f"{FACTS[_table(self.holder)].name}, vintage {self.year}: {flows}",
            "tariffs": (
                f"{FACTS['tariff_timeline_2025'].source} (tariff_timeline_2025.csv, "
                f"{FACTS['tariff_timeline_2025'].vintage}) or as given"
            ),
            "parameters": "cardtable registry, group trade (cardtable params --group trade)",
        }

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the tariffs and p5/p50/p95 over draws of every output (docs/cli.md).

        On a tariff grid every quantile is a list over the grid points.
        """

        def q(values: FloatArray) -> dict[str, Any]:
            a = np.asarray(values, dtype=np.float64)
            if a.ndim == 1:
                return quantiles(a)
            per_point = [quantiles(a[:, g]) for g in range(a.shape[1])]
            return {k: [p[k] for p in per_point] for k in QUANTILES}

        def rate(v: float | FloatArray) -> float | list[float]:
            return float(v) if np.ndim(v) == 0 else [float(x) for x in np.asarray(v)]

        flows = sector_flows(self.holder, "holder_exports_to_us", self.year)
        return {
            "holder": self.holder,
            "year": self.year,
            "horizon": self.horizon,
            "draws": self.draws,
            "baseline_tariffs_pct": dict(self.baseline_tariffs_pct),
            "tariffs_pct": {s: rate(v) for s, v in self.tariffs_pct.items()},
            **{k: q(getattr(self, k)) for k in _OUTPUTS},
            "sectors": {
                s: {
                    "exports_to_us_usd_bn": round(float(flows[s]), 4),
                    "exporter_price_change_pct": q(r.exporter_price_change_pct),
                    "volume_change_pct": q(r.volume_change_pct),
                    "export_revenue_loss_usd_bn": q(r.export_revenue_loss_usd_bn),
                }
                for s, r in self.sectors.items()
            },
            "sources": self.sources,
        }

    def summary(self) -> str:
        """Plain text: tariffs by sector, then p5 / p50 / p95 of every output (one tariff set)."""
        d = self.to_dict()
        if any(isinstance(v, list) for v in d["tariffs_pct"].values()):
            return (
                f"Trade effects for {self.holder} over a tariff grid ({self.draws} draws): "
                "see to_dict() or to_frame()"
            )
        elasticity = "first-year" if self.horizon == "first_year" else "long-run"
        lines = [
            f"US tariffs on {self.holder}'s exports to the US: {self.year} trade table, "
            f"{elasticity} elasticities, {self.draws} draws",
            f"{'sector':<28}{'exports':>10}{'before':>9}{'after':>9}"
            f"{'export price':>14}{'volume':>9}",
        ]
        for s, v in d["sectors"].items():
            lines.append(
                f"{s:<28}{v['exports_to_us_usd_bn']:>10.1f}"
                f"{d['baseline_tariffs_pct'][s]:>8.1f}%{d['tariffs_pct'][s]:>8.1f}%"
                f"{v['exporter_price_change_pct']['p50']:>13.1f}%"
                f"{v['volume_change_pct']['p50']:>8.1f}%"
            )
        lines.append("(exports USD bn a year; price and volume changes: medians)")
        lines.append(f"{'USD bn a year (GDP: percent)':<32}{'p5':>10}{'p50':>10}{'p95':>10}")
        for k in _OUTPUTS:
            v = d[k]
            lines.append(f"{k:<32}{v['p5']:>10.2f}{v['p50']:>10.2f}{v['p95']:>10.2f}")
        lines.append("losses are positive; gdp_effect_pct is negative for a loss")
        lines.append("")
        lines.append("Sources:")
        lines.extend(f"  {k}: {v}" for k, v in d["sources"].items())
        return "\n".join(lines)

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


def _responses(
    flows: Mapping[str, float],
    base: Mapping[str, float],
    after: Mapping[str, float | FloatArray],
    rows: Mapping[str, FloatArray],
) -> dict[str, SectorResponse]:
    """Every sector's response for the draws in ``rows`` (parameter name -> values)."""
    return {
        s: sector_response(
            flows[s],
            base[s],
            after[s],
            rows["eps"],
            rows[_phi_name(s)],
        )
        for s in flows
    }


def _add(out: FloatArray, responses: Mapping[str, SectorResponse], key: str) -> FloatArray:
    out[...] = 0.0
    for r in responses.values():
        out += getattr(r, key)
    return out


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
        Arrays ``(D,)`` or ``(D, G)``, with every sector's response.

    See Also
    --------
    trade_totals : selected totals only, in cache-sized blocks (large grids of draws).
    """
    name, flows, base, after, eps_name, grid_size = _prepare(
        holder, tariffs_pct, baseline_tariffs_pct, year, horizon
    )
    shape = (params.n, grid_size) if grid_size else (params.n,)

    def column(key: str) -> FloatArray:
        return params[key][:, None] if grid_size else params[key]

    rows = {k: column(k) for k in ("passthrough_share", "passthrough_share_autos")}
    rows["eps"] = column(eps_name)
    out = _responses(flows, base, after, rows)
    total = {k: _add(np.empty(shape), out, k) for k in _TOTALS}
    va_loss, gdp_loss = _value_added_and_gdp(
        total["absorption_usd_bn"],
        total["volume_loss_usd_bn"],
        column("export_va_share"),
        column("gdp_indirect_multiplier"),
    )
    return TradeEffects(
        holder=name,
        year=year,
        horizon=horizon,
        tariffs_pct=after,
        baseline_tariffs_pct=base,
        tariff_revenue_usd_bn=total["tariff_revenue_usd_bn"],
        buyer_cost_usd_bn=total["buyer_cost_usd_bn"],
        export_revenue_loss_usd_bn=total["absorption_usd_bn"] + total["volume_loss_usd_bn"],
        profit_loss_usd_bn=total["profit_loss_usd_bn"],
        value_added_loss_usd_bn=va_loss,
        gdp_loss_usd_bn=gdp_loss,
        gdp_effect_pct=-100.0 * gdp_loss / _gdp_or_nan(name, year),
        sectors=out,
    )


def _table(holder: str) -> str:
    """The bundled table a holder's flows come from."""
    return "trade_sectors_2024" if holder in HOLDERS else "us_goods_trade_by_partner_2024"


def _gdp_or_nan(holder: str, year: int) -> float:
    """Nominal GDP, or NaN for one-sector partners (their GDP is not bundled)."""
    try:
        return nominal_gdp_usd_bn(holder, year)
    except DataError:
        return float("nan")


_TOTALS = (
    "tariff_revenue_usd_bn",
    "buyer_cost_usd_bn",
    "profit_loss_usd_bn",
    "absorption_usd_bn",
    "volume_loss_usd_bn",
)

"""Payoffs of the negotiation, computed from the trade model and the engine's cost arrays.

All payoffs are present values in USD bn over ``negotiation_horizon_years``, discounted at
``negotiation_discount_rate_pct``: an annual effect ``a`` is worth
:math:`a \\cdot A(T)`, :math:`A(T) = \\frac{1 - (1+r)^{-T}}{r}` (the annuity factor; ``T``
may be fractional). Tariff effects are *phased* (the default): the trade model's first-year
effects (short-run import-demand elasticity) for the first year of the deal and its long-run
effects for the rest, :math:`a_{SR} A(\\min(T, 1)) + a_{LR} (A(T) - A(\\min(T, 1)))`, as
Boehm, Levchenko & Pandalai-Nayar (2023) find elasticities rising from about -0.76 in the
first year to -1.75 to -2.25 in the long run. (With the first-year, inelastic demand held for
the whole horizon, tariff revenue rises without bound in the tariff, and in a few percent of
draws the deal sat at the top of the tariff grid whatever its height.) ``horizon="first_year"``
or ``"long_run"`` applies one of them to every year.

Following docs/design notes, with tariffs :math:`\\tau`, the holder's transfer ``c`` and the
sale ``S``:

.. math::

    U_{US}(\\tau, c, S) = w_{rev}\\,\\mathrm{revenue}(\\tau)
        - w_{cons}\\,\\mathrm{buyer\\_cost}(\\tau)
        + v_{US}\\, c - w_{bond}\\, \\mathrm{us\\_cost}(S)

    U_H(\\tau, c, S) = -w_{exp}\\,\\mathrm{exporter\\_loss}(\\tau) - c - \\mathrm{seller\\_cost}(S)

``revenue``, ``buyer_cost`` and ``exporter_loss`` come from :func:`cardtable.trade.trade_effects`
(the exporter loss is the holder's GDP loss, value added including the indirect channel: what its
government weighs); ``us_cost(S)`` and ``seller_cost(S)`` are inputs, arrays over draws from the
market and cost engine, already in present-value USD bn. The weights are registry parameters
(``game`` group) with wide, judgemental ranges.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np

from cardtable._typing import FloatArray
from cardtable.errors import InputError
from cardtable.params import ParamDraws
from cardtable.trade import Horizon, TotalName, canonical_holder, floor_inclusive, trade_totals

__all__ = [
    "PayoffWeights",
    "StakesHorizon",
    "TariffSpec",
    "TradeStakes",
    "holder_payoff",
    "present_value_factor",
    "trade_stakes",
    "us_payoff",
]

TariffSpec = Mapping[str, float] | float


StakesHorizon = Literal["phased", "first_year", "long_run"]


def present_value_factor(params: ParamDraws, years: FloatArray | None = None) -> FloatArray:
    """Annuity factor ``(1 - (1+r)^-T) / r`` per draw (``r`` in percent).

    ``T`` is ``negotiation_horizon_years`` unless ``years`` (per draw) is given.
    """
    if years is None:
        years = params["negotiation_horizon_years"]
    r = params["negotiation_discount_rate_pct"] / 100.0
    small = np.abs(r) < 1e-10
    safe = np.where(small, 1.0, r)
    return np.where(small, years, -np.expm1(-years * np.log1p(r)) / safe)


@dataclass(frozen=True)
class PayoffWeights:
    """Political weights and bargaining power per draw (arrays ``(D,)``).

    Attributes
    ----------
    w_rev, w_cons, v_us, w_bond
        US weights on tariff revenue, buyers' cost, the holder's transfer and the US cost of a
        sale.
    w_exp
        The holder's weight on its tariff-induced GDP loss.
    alpha
        The holder's bargaining power.
    """

    w_rev: FloatArray
    w_cons: FloatArray
    v_us: FloatArray
    w_bond: FloatArray
    w_exp: FloatArray
    alpha: FloatArray

    @classmethod
    def from_params(cls, params: ParamDraws) -> PayoffWeights:
        """Read the ``game`` parameters."""
        return cls(
            w_rev=params["us_weight_tariff_revenue"],
            w_cons=params["us_weight_buyer_cost"],
            v_us=params["us_value_per_transfer_usd"],
            w_bond=params["us_weight_bond_cost"],
            w_exp=params["holder_weight_exporter_loss"],
            alpha=params["holder_bargaining_power"],
        )

    def rows(self, start: int, stop: int) -> PayoffWeights:
        """The draws ``start:stop`` (views)."""
        return PayoffWeights(
            w_rev=self.w_rev[start:stop],
            w_cons=self.w_cons[start:stop],
            v_us=self.v_us[start:stop],
            w_bond=self.w_bond[start:stop],
            w_exp=self.w_exp[start:stop],
            alpha=self.alpha[start:stop],
        )


def _col(a: FloatArray, like: FloatArray) -> FloatArray:
    """Weights ``(D,)`` against payoff arrays ``(D, ...)``."""
    a = np.asarray(a, dtype=np.float64)
    return a.reshape(a.shape + (1,) * (np.ndim(like) - a.ndim))


def us_payoff(
    revenue_usd_bn: FloatArray,
    buyer_cost_usd_bn: FloatArray,
    weights: PayoffWeights,
    *,
    transfer_usd_bn: FloatArray | float = 0.0,
    us_cost_usd_bn: FloatArray | float = 0.0,
) -> FloatArray:
    """``U_US = w_rev revenue - w_cons buyer_cost + v_us c - w_bond us_cost`` (draws first)."""
    rev = np.asarray(revenue_usd_bn, dtype=np.float64)
    out = _col(weights.w_rev, rev) * rev - _col(weights.w_cons, rev) * np.asarray(buyer_cost_usd_bn)
    c = np.asarray(transfer_usd_bn, dtype=np.float64)
    s = np.asarray(us_cost_usd_bn, dtype=np.float64)
    return out + _col(weights.v_us, out) * c - _col(weights.w_bond, out) * s


def holder_payoff(
    exporter_loss_usd_bn: FloatArray,
    weights: PayoffWeights,
    *,
    transfer_usd_bn: FloatArray | float = 0.0,
    seller_cost_usd_bn: FloatArray | float = 0.0,
) -> FloatArray:
    """``U_H = -w_exp exporter_loss - c - seller_cost`` (draws first)."""
    loss = np.asarray(exporter_loss_usd_bn, dtype=np.float64)
    c = np.asarray(transfer_usd_bn, dtype=np.float64)
    s = np.asarray(seller_cost_usd_bn, dtype=np.float64)
    out: FloatArray = -_col(weights.w_exp, loss) * loss - c - s
    return out


@dataclass(frozen=True)
class TradeStakes:
    """Present values (USD bn) of the trade effects over the deal grid and the US threats.

    Attributes
    ----------
    holder
        Whose exports.
    deal_tariffs_pct
        Deal grid ``(G,)``: one all-in tariff level on every sector.
    revenue_usd_bn, buyer_cost_usd_bn, exporter_loss_usd_bn
        ``(D, G)`` over the deal grid.
    threat_labels
        Labels of the US threat options ``(M,)``.
    threat_revenue_usd_bn, threat_buyer_cost_usd_bn, threat_exporter_loss_usd_bn
        ``(D, M)`` at each US threat.
    pv_factor
        ``(D,)`` annuity factor applied to the annual trade effects.
    """

    holder: str
    deal_tariffs_pct: FloatArray
    revenue_usd_bn: FloatArray
    buyer_cost_usd_bn: FloatArray
    exporter_loss_usd_bn: FloatArray
    threat_labels: tuple[str, ...]
    threat_revenue_usd_bn: FloatArray
    threat_buyer_cost_usd_bn: FloatArray
    threat_exporter_loss_usd_bn: FloatArray
    pv_factor: FloatArray

    def us_grid(self, weights: PayoffWeights) -> FloatArray:
        """``U_US`` over the deal grid before transfers ``(D, G)``."""
        return us_payoff(self.revenue_usd_bn, self.buyer_cost_usd_bn, weights)

    def holder_grid(self, weights: PayoffWeights) -> FloatArray:
        """``U_H`` over the deal grid before transfers ``(D, G)``."""
        return holder_payoff(self.exporter_loss_usd_bn, weights)

    def us_threat(self, weights: PayoffWeights) -> FloatArray:
        """``U_US`` at each US threat, no sale, no transfer ``(D, M)``."""
        return us_payoff(self.threat_revenue_usd_bn, self.threat_buyer_cost_usd_bn, weights)

    def holder_threat(self, weights: PayoffWeights) -> FloatArray:
        """``U_H`` at each US threat, no sale, no transfer ``(D, M)``."""
        return holder_payoff(self.threat_exporter_loss_usd_bn, weights)


def trade_stakes(
    holder: str,
    deal_tariffs_pct: FloatArray,
    us_threats: Mapping[str, TariffSpec],
    params: ParamDraws,
    *,
    baseline_tariffs_pct: Mapping[str, float] | None = None,
    horizon: StakesHorizon = "phased",
    deal_floor_pct: Mapping[str, float] | None = None,
) -> TradeStakes:
    """Run the trade model on the deal grid and on every US threat; present values.

    Parameters
    ----------
    holder
        ``Japan`` or ``China``.
    deal_tariffs_pct
        Deal grid ``(G,)`` of all-in tariff levels (applied to every sector).
    us_threats
        Label -> threatened tariffs (sector -> all-in rate, or one level for every sector).
    params
        Parameter draws ``(D,)``.
    baseline_tariffs_pct
        Passed to the trade model (:func:`cardtable.trade.trade_totals`).
    horizon
        ``phased`` (first-year effects in the deal's first year, long-run effects after it),
        ``first_year`` or ``long_run`` (one of them in every year).
    deal_floor_pct
        Sector -> floor (the MFN rates, :func:`cardtable.trade.mfn_tariffs`): a deal level
        ``L`` then means the all-in tariff ``max(L, floor_s)`` on each sector, as in the July
        2025 deal (15% all-in, MFN included). Default: ``L`` on every sector.

    Returns
    -------
    TradeStakes
    """
    grid = np.asarray(deal_tariffs_pct, dtype=np.float64)
    if grid.ndim != 1 or grid.size < 1:
        raise InputError("deal_tariffs_pct", grid.shape, "a non-empty grid (G,)")
    if not us_threats:
        raise InputError("us_threats", {}, "at least one US threat (label -> tariffs)")
    if horizon not in ("phased", "first_year", "long_run"):
        raise InputError("horizon", horizon, "'phased', 'first_year' or 'long_run'")
    pv = present_value_factor(params)
    phases: list[tuple[Horizon, FloatArray]]
    if horizon == "phased":
        first = present_value_factor(params, np.minimum(params["negotiation_horizon_years"], 1.0))
        phases = [("first_year", first), ("long_run", pv - first)]
    else:
        phases = [(horizon, pv)]
    wanted: tuple[TotalName, ...] = (
        "tariff_revenue_usd_bn",
        "buyer_cost_usd_bn",
        "gdp_loss_usd_bn",
    )

    def present_values(
        tariffs: FloatArray | TariffSpec | Mapping[str, FloatArray],
    ) -> dict[str, FloatArray]:
        total: dict[str, FloatArray] | None = None
        for phase, factor in phases:
            total = trade_totals(
                holder,
                tariffs,
                params,
                wanted,
                scale=factor,
                baseline_tariffs_pct=baseline_tariffs_pct,
                horizon=phase,
                add_to=total,
            )
        assert total is not None
        return total

    deal = present_values(grid if deal_floor_pct is None else floor_inclusive(grid, deal_floor_pct))
    rows = [present_values(spec) for spec in us_threats.values()]

    def stack(key: str) -> FloatArray:
        return np.stack([r[key] for r in rows], axis=1)

    return TradeStakes(
        holder=canonical_holder(holder),
        deal_tariffs_pct=grid,
        revenue_usd_bn=deal["tariff_revenue_usd_bn"],
        buyer_cost_usd_bn=deal["buyer_cost_usd_bn"],
        exporter_loss_usd_bn=deal["gdp_loss_usd_bn"],
        threat_labels=tuple(us_threats),
        threat_revenue_usd_bn=stack("tariff_revenue_usd_bn"),
        threat_buyer_cost_usd_bn=stack("buyer_cost_usd_bn"),
        threat_exporter_loss_usd_bn=stack("gdp_loss_usd_bn"),
        pv_factor=pv,
    )

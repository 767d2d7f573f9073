"""Creditor coalitions: exact Shapley values of the leverage of a coordinated sale, per draw.

The game is ``v(C) = g(holdings of C)``: ``g(H)`` is the US cost over the negotiation horizon
(:class:`PlanCosts`) of a coordinated sale of ``sale_share * H`` over ``sale_days``, evaluated
by the engine at ``grid_points`` sale sizes for every draw and interpolated linearly to TIC's
USD 0.1bn units. The Shapley value is linear in ``g`` and the interpolation is linear in the
grid values, so the values of every draw are ``g_grid @ B`` with ``B`` the Shapley values of
the interpolation's hat functions (:func:`~cardtable.game.shapley_piecewise_linear`, knots at
the grid's sale sizes in 0.1bn units): one exact solve, whatever the number of draws.
Aggregate rows (totals, "All Other", "Of which") are not players.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cardtable import data
from cardtable._quantiles import quantiles
from cardtable._typing import FloatArray
from cardtable.engine import run_costs
from cardtable.errors import InputError
from cardtable.game import core_check, holder_weights, shapley_piecewise_linear
from cardtable.leverage._stakes import PlanCosts
from cardtable.market import Backstop
from cardtable.params import REGISTRY, Draws
from cardtable.scenarios import coalition_plan
from cardtable.views import coalition_html, coalition_summary_frame

__all__ = ["CoalitionResult", "coalition"]

#: The backstop a coalition's sale meets unless told otherwise (scenario default values).
DEFAULT_BACKSTOP = Backstop(enabled=True)


@dataclass(frozen=True)
class CoalitionResult:
    """Exact Shapley values of creditors' leverage at one month, per draw.

    Attributes
    ----------
    shapley_usd_bn
        ``(n,)`` median over draws of each holder's Shapley value (the value itself when
        ``draws == 1``).
    shapley_draws_usd_bn
        ``(D, n)`` every draw's Shapley values.
    value_grand_coalition_usd_bn
        Median over draws of ``v(N)``.
    core_empty, core_detail
        The core of the median worth function.
    """

    as_of: str
    countries: tuple[str, ...]
    holdings_usd_bn: FloatArray
    shapley_usd_bn: FloatArray
    shapley_draws_usd_bn: FloatArray
    value_grand_coalition_usd_bn: float
    core_empty: bool
    core_detail: str
    sale_share: float
    sale_days: int
    grid_sales_usd_bn: FloatArray
    grid_value_usd_bn: FloatArray
    draws: int
    seed: int
    calibration: str
    backstop: Backstop
    sources: Mapping[str, str]

    def share_draws_pct(self) -> FloatArray:
        """``(D, n)`` each holder's share of ``v(N)`` in every draw (percent)."""
        total = self.shapley_draws_usd_bn.sum(axis=1, keepdims=True)
        safe = np.where(total == 0, 1.0, total)
        return np.where(total == 0, 0.0, 100 * self.shapley_draws_usd_bn / safe)

    def to_frame(self) -> pd.DataFrame:
        """Ranked table: country, holdings, Shapley value (median), share of v(N) with p5/p95."""
        total = self.value_grand_coalition_usd_bn
        shares = self.share_draws_pct()
        frame = pd.DataFrame(
            {
                "country": self.countries,
                "holdings_usd_bn": self.holdings_usd_bn,
                "value_usd_bn": self.shapley_usd_bn,
                "share_pct": 100 * self.shapley_usd_bn / total if total else 0.0,
                "share_p5_pct": np.percentile(shares, 5, axis=0),
                "share_p95_pct": np.percentile(shares, 95, axis=0),
            }
        )
        return frame.sort_values("value_usd_bn", ascending=False).reset_index(drop=True)

    def summary_frame(self) -> pd.DataFrame:
        """One row per holder's Shapley value and the grand coalition's: unit, p5, p50, p95."""
        return coalition_summary_frame(self)

    def _repr_html_(self) -> str:
        return coalition_html(self)

    def __repr__(self) -> str:
        return (
            f"CoalitionResult(as_of={self.as_of!r}, holders={len(self.countries)}, "
            f"draws={self.draws}, value_grand_coalition_usd_bn="
            f"{self.value_grand_coalition_usd_bn:.1f})"
        )

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON object (docs/cli.md)."""
        index = {c: k for k, c in enumerate(self.countries)}
        shares = self.share_draws_pct()
        return {
            "as_of": self.as_of,
            "value_grand_coalition_usd_bn": round(self.value_grand_coalition_usd_bn, 4),
            "sale_share_of_holdings": self.sale_share,
            "sale_days": self.sale_days,
            "draws": self.draws,
            "seed": self.seed,
            "calibration": self.calibration,
            "backstop": self.backstop.model_dump(),
            "core_empty": self.core_empty,
            "core_detail": self.core_detail,
            "shapley": [
                {
                    "country": str(r["country"]),
                    "holdings_usd_bn": float(r["holdings_usd_bn"]),
                    "value_usd_bn": round(float(r["value_usd_bn"]), 4),
                    "share_pct": round(float(r["share_pct"]), 4),
                    "value_usd_bn_quantiles": quantiles(
                        self.shapley_draws_usd_bn[:, index[str(r["country"])]]
                    ),
                    "share_pct_quantiles": quantiles(shares[:, index[str(r["country"])]]),
                }
                for r in self.to_frame().to_dict("records")
            ],
            "sources": dict(self.sources),
        }

    def summary(self) -> str:
        """Ranked text table with the value of the grand coalition and the core."""
        lines = [
            f"Creditors' leverage at {self.as_of}: each coalition sells "
            f"{100 * self.sale_share:.0f}% of its holdings over {self.sale_days} trading days "
            f"(calibration {self.calibration}, {self.draws:,} draws, seed {self.seed}, "
            f"backstop {self.backstop.describe()})",
            f"value of all holders together (US cost): {self.value_grand_coalition_usd_bn:,.1f}"
            f" USD bn; core {'EMPTY' if self.core_empty else 'non-empty'} ({self.core_detail})",
            f"{'#':>3}  {'country':<26}{'holdings':>10}{'Shapley':>10}{'share %':>9}"
            + (f"{'p5-p95 %':>16}" if self.draws > 1 else ""),
        ]
        for k, r in enumerate(self.to_frame().itertuples(), 1):
            band = f"{r.share_p5_pct:>8.2f}-{r.share_p95_pct:<7.2f}" if self.draws > 1 else ""
            lines.append(
                f"{k:>3}  {r.country:<26}{r.holdings_usd_bn:>10,.1f}"
                f"{r.value_usd_bn:>10,.2f}{r.share_pct:>9.2f}{band}"
            )
        lines += ["Sources:"] + [f"  {k}: {v}" for k, v in self.sources.items()]
        return "\n".join(lines)


def coalition(
    as_of: str | None = None,
    holders: list[str] | None = None,
    *,
    draws: int = 1,
    seed: int = 2025,
    calibration: str = "default",
    backstop: Backstop = DEFAULT_BACKSTOP,
    sale_share: float = 0.25,
    sale_days: int = 60,
    grid_points: int = 65,
) -> CoalitionResult:
    """Exact Shapley values of the coalition game ``v(C) = g(holdings of C)`` for every draw.

    Parameters
    ----------
    as_of
        Month ``YYYY-MM`` of the TIC holdings (default: the latest).
    holders
        Holders that play (default: every TIC country row).
    draws, seed, calibration
        Monte Carlo over the engine's parameters (``draws=1``: central values).
    backstop
        The central-bank backstop the coordinated sale meets.
    sale_share
        Share of its holdings each coalition sells, in (0, 1].
    sale_days
        Trading days the sale takes.
    grid_points
        Sale sizes the engine evaluates ``g`` at (>= 2).

    Returns
    -------
    CoalitionResult
    """
    if not 0 < sale_share <= 1:
        raise InputError("sale_share", sale_share, "a share in (0, 1]")
    if not 1 <= sale_days <= 2520:
        raise InputError("sale_days", sale_days, "a whole number of trading days in [1, 2520]")
    if not 2 <= grid_points <= 1000:
        raise InputError("grid_points", grid_points, "a whole number in [2, 1000]")
    snap = data.holdings_at(as_of)
    table = dict(zip(snap.table["country"], snap.table["holdings_usd_bn"], strict=True))
    if holders:
        names = [data.resolve_country(h) for h in holders]
        missing = [n for n in names if n not in table]
        if missing:
            raise InputError("holders", missing[0], f"not listed by TIC at {snap.as_of}")
        table = {n: table[n] for n in dict.fromkeys(names)}
    countries, units = holder_weights(table)
    total_units = int(units.sum())
    largest = max(countries, key=lambda c: table[c])
    base = coalition_plan(snap.as_of, largest, sale_days, backstop)
    d = Draws.make(REGISTRY, draws, seed, calibration)
    grid_h = np.linspace(0.0, total_units / 10.0, grid_points)
    years = PlanCosts.interest_years_for(d.params)  # the ledger's lines us_pv reads
    g_grid = np.stack(
        [
            PlanCosts.from_ledger(
                run_costs(base.scaled(sale_share * h), d, interest_years=years), largest
            ).us_pv(d.params)
            for h in grid_h
        ],
        axis=1,
    )  # (D, G)
    g_grid[:, 0] = 0.0
    # g is linear between the grid points (knots in 0.1bn units): the Shapley values of the G
    # hat functions, once, give every draw's as g_grid @ hats
    knots = _grid_knots(grid_h, total_units)
    hats = (
        shapley_piecewise_linear(units, knots)
        if total_units
        else np.zeros((grid_points, units.size))
    )
    phi = g_grid @ hats  # (D, n)
    median_grid = np.median(g_grid, axis=0)
    g_median = np.interp(np.arange(total_units + 1.0), knots, median_grid)
    g_median[0] = 0.0
    core = core_check(units, g_median, shapley_value=median_grid @ hats)
    return CoalitionResult(
        as_of=snap.as_of,
        countries=countries,
        holdings_usd_bn=units / 10.0,
        shapley_usd_bn=np.median(phi, axis=0),
        shapley_draws_usd_bn=phi,
        value_grand_coalition_usd_bn=float(g_median[-1]),
        core_empty=core.empty,
        core_detail=core.detail,
        sale_share=sale_share,
        sale_days=sale_days,
        grid_sales_usd_bn=sale_share * grid_h,
        grid_value_usd_bn=median_grid,
        draws=d.n,
        seed=d.seed,
        calibration=d.calibration.name,
        backstop=backstop,
        sources={
            **base.sources,
            "value": f"engine, calibration {d.calibration.name}, backstop "
            f"{backstop.describe()}; US cost over negotiation_horizon_years",
        },
    )


def _grid_knots(grid_h: FloatArray, total_units: int) -> FloatArray:
    """The engine's sale sizes (USD bn of holdings) as knots in 0.1bn units, ending at ``W``."""
    knots = 10.0 * grid_h
    knots[0], knots[-1] = 0.0, float(total_units)
    return knots

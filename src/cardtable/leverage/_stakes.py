"""What executing a plan costs each side of the negotiation, typed: the engine's ledger lines
that the game reads, as named fields with units, and their present values over the
negotiation horizon ``negotiation_horizon_years`` (``T``):

* US: the present value of extra federal interest over ``T`` years (linear between the
  engine's 1-, 5-, 10- and 30-year present-value lines, discounted at ``discount_rate_pct``)
  + households' annual mortgage cost times the annuity factor;
* holder: realised + mark-to-market + currency translation (stock losses, once) + the
  exporters' annual loss times the annuity factor.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from cardtable._typing import FloatArray
from cardtable.costs import INTEREST_LINES
from cardtable.errors import InputError
from cardtable.game import present_value_factor
from cardtable.params import ParamDraws

__all__ = ["PlanCosts"]

#: Years at which the engine reports the present value of US federal interest (0: origin).
INTEREST_YEARS = np.array([0.0, *INTEREST_LINES])


@dataclass(frozen=True)
class PlanCosts:
    """The costs of one plan that the game needs, per draw.

    Attributes
    ----------
    us_interest_pv_usd_bn
        ``(D, 5)`` present value of the extra US federal interest paid within 0, 1, 5, 10
        and 30 years (USD bn). A ledger computed over a shorter interest horizon
        (:meth:`interest_years_for`) has the lines up to it; the columns after its last line
        repeat it and are never read: :meth:`us_pv` refuses a negotiation horizon beyond
        ``horizon_years`` (after 30 years it extrapolates the last segment, as before).
    horizon_years
        The last year of the ledger's interest lines.
    us_households_usd_bn_per_year
        ``(D,)`` extra cost of a year of new mortgages (USD bn a year).
    holder_stock_loss_usd_bn
        ``(D,)`` the holder's realised, mark-to-market and currency-translation losses (USD bn).
    holder_exporters_usd_bn_per_year
        ``(D,)`` the holder's exporters' loss from the currency move (USD bn a year).
    """

    us_interest_pv_usd_bn: FloatArray
    us_households_usd_bn_per_year: FloatArray
    holder_stock_loss_usd_bn: FloatArray
    holder_exporters_usd_bn_per_year: FloatArray
    horizon_years: float = float(INTEREST_LINES[-1])

    @staticmethod
    def interest_years_for(params: ParamDraws) -> int:
        """The shortest interest horizon of the ledger (1, 5, 10 or 30 years) that covers every
        draw's ``negotiation_horizon_years``: the ``interest_years`` to run the engine with."""
        longest = float(np.max(params["negotiation_horizon_years"]))
        return next((n for n in INTEREST_LINES if n >= longest), INTEREST_LINES[-1])

    @classmethod
    def from_ledger(cls, costs: Mapping[str, FloatArray], holder: str) -> PlanCosts:
        """Read the engine's ledger (the only place its line names are used here)."""
        names = [f"us_federal_interest_{n}y_pv" for n in INTEREST_LINES]
        lines = [np.asarray(costs[name]) for name in names if name in costs]
        if not lines:
            raise InputError("costs", "no us_federal_interest_*_pv line", "an engine ledger")
        last = INTEREST_LINES[len(lines) - 1]
        lines += [lines[-1]] * (len(names) - len(lines))  # never read (see us_pv)
        pv = np.stack([np.zeros_like(lines[0]), *lines], axis=1)
        return cls(
            us_interest_pv_usd_bn=pv,
            us_households_usd_bn_per_year=np.asarray(costs["us_households_1y"]),
            holder_stock_loss_usd_bn=np.asarray(costs[f"{holder}.total"]),
            holder_exporters_usd_bn_per_year=np.asarray(costs[f"{holder}.exporters_1y"]),
            horizon_years=float(last),
        )

    def us_pv(self, params: ParamDraws) -> FloatArray:
        """US cost over the negotiation horizon (USD bn per draw)."""
        T = params["negotiation_horizon_years"]
        if self.horizon_years < INTEREST_LINES[-1] and np.max(T) > self.horizon_years:
            raise InputError(
                "negotiation_horizon_years",
                float(np.max(T)),
                f"at most {self.horizon_years:g} years, the horizon of the ledger's interest "
                "lines (run the engine with PlanCosts.interest_years_for(params))",
            )
        cum = self.us_interest_pv_usd_bn
        idx = np.clip(
            np.searchsorted(INTEREST_YEARS, T, side="right") - 1, 0, len(INTEREST_YEARS) - 2
        )
        rows = np.arange(cum.shape[0])
        frac = (T - INTEREST_YEARS[idx]) / (INTEREST_YEARS[idx + 1] - INTEREST_YEARS[idx])
        interest = cum[rows, idx] + frac * (cum[rows, idx + 1] - cum[rows, idx])
        return np.asarray(
            interest + self.us_households_usd_bn_per_year * present_value_factor(params)
        )

    def holder_pv(self, params: ParamDraws) -> FloatArray:
        """The holder's cost of its own plan over the negotiation horizon (USD bn per draw)."""
        annual = self.holder_exporters_usd_bn_per_year
        return np.asarray(self.holder_stock_loss_usd_bn + annual * present_value_factor(params))

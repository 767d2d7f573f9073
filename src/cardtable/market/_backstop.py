"""The central-bank backstop: one definition, used by scenario files and by the market model."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from cardtable._spec import Spec

__all__ = ["Backstop"]


class Backstop(Spec):
    """A central-bank backstop: once the 10y has risen ``trigger_bp``, buy up to capacity a day.

    Attributes
    ----------
    enabled
        Whether the central bank acts.
    trigger_bp
        Rise of the 10y (vs as-of) above which it buys (>= 0).
    capacity_usd_bn_per_day
        Largest purchase in one trading day (March 2020: > USD 75bn a day).
    """

    enabled: bool = False
    trigger_bp: Annotated[float, Field(ge=0.0, le=1000.0, allow_inf_nan=False)] = 50.0
    capacity_usd_bn_per_day: Annotated[float, Field(ge=0.0, le=10_000.0, allow_inf_nan=False)] = (
        75.0
    )

    def describe(self) -> str:
        """One line for result sources: ``on (trigger 50 bp, USD 75bn/day)`` or ``off``."""
        if not self.enabled:
            return "off"
        return f"on (trigger {self.trigger_bp:g} bp, USD {self.capacity_usd_bn_per_day:g}bn/day)"

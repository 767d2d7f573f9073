"""The evidence fields of ``[negotiation]`` (issue 10), part of :class:`NegotiationSpec`.

The definitions only validate what a scenario may say; the leverage layer turns them into
calls of the pure game and trade functions (docs/game.md, "Wiring"). In TOML::

    [negotiation]
    threat_tariff_pct = 24.0             # added duties when tariffs = "added_to_mfn"
    autos_threat_tariff_pct = 25.0
    tariffs = "added_to_mfn"             # all-in = MFN + rate (trade.all_in_tariffs)
    deal_floor = "mfn"                   # deal level L means max(L, MFN) per sector
    deal_grid_include_pct = [15.0]       # outcomes the grid must contain
    probability = "implied"              # or a number in [0, 1]
    pledge_cap_usd_bn = 550.0            # investment pledge channel (0: money only)

    [negotiation.window]                 # required when probability = "implied"
    start = "2025-05-02"
    end = "2025-05-02"
    variables = ["ust_2y_bp", "ust_10y_bp"]
    benchmark = "payroll_days"           # or "mean" / "zero" over estimation_days
    comparable_from = "2022-05-01"

    [negotiation.belief]
    type_known = false                   # complete information about the holder's type
    audience_cost = true                 # apply the registry's audience_cost_usd_bn

    [negotiation.reasons."China, Mainland"]
    freeze_exposed = true
    diversifying = true
    intervention_usd_bn = 0.0
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from cardtable._spec import Spec
from cardtable.scenarios._text import Label

__all__ = [
    "BeliefSpec",
    "NegotiationEvidence",
    "ReasonsSpec",
    "WindowSpec",
]

Variable = Literal["ust_2y_bp", "ust_10y_bp", "usdjpy_pct"]
_DEFAULT_VARIABLES: tuple[Variable, ...] = ("ust_2y_bp", "ust_10y_bp")


def _iso(value: str) -> str:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a date YYYY-MM-DD") from None
    return value


class WindowSpec(Spec):
    """The event window the announcement channel is inverted on (game.event_moves_from_data).

    ``benchmark``: ``payroll_days`` takes the benchmark and noise from the windows starting on
    the first Fridays (BLS Employment Situation days) from ``comparable_from`` to the day
    before ``start``; ``mean`` / ``zero`` use the ``estimation_days`` trading days before it.
    """

    start: str
    end: str
    variables: list[Variable] = Field(
        default_factory=lambda: list(_DEFAULT_VARIABLES), min_length=1, max_length=3
    )
    benchmark: Literal["mean", "zero", "payroll_days"] = "mean"
    estimation_days: Annotated[int, Field(ge=10, le=2000)] = 60
    comparable_from: str | None = None

    @field_validator("start", "end", "comparable_from")
    @classmethod
    def _dates(cls, v: str | None) -> str | None:
        return None if v is None else _iso(v)

    @model_validator(mode="after")
    def _order(self) -> WindowSpec:
        if self.end < self.start:
            raise ValueError(f"window end {self.end} is before its start {self.start}")
        if len(set(self.variables)) != len(self.variables):
            raise ValueError("window variables must be distinct")
        if self.benchmark == "payroll_days":
            if self.comparable_from is None:
                raise ValueError("benchmark 'payroll_days' needs comparable_from (a date)")
            if self.comparable_from >= self.start:
                raise ValueError("comparable_from must be before the window start")
        return self


class BeliefSpec(Spec):
    """How the US values the announced threat (game.belief_value)."""

    type_known: bool = False
    audience_cost: bool = True


class ReasonsSpec(Spec):
    """Documented reasons to execute that apply to one holder (game.ReasonsToExecute)."""

    intervention_usd_bn: Annotated[float, Field(ge=0.0, le=5000.0)] = 0.0
    freeze_exposed: bool = False
    diversifying: bool = False


class NegotiationEvidence(Spec):
    """The issue-10 fields of ``[negotiation]`` (merge into ``NegotiationSpec``).

    Attributes
    ----------
    probability
        ``"implied"`` (from ``window``), a number in [0, 1] (an assumed probability, valued by
        the belief model with that prior), or ``None`` (the actor's own announce probability).
    window
        Event window for ``probability = "implied"``.
    belief
        Complete or incomplete information, audience costs.
    reasons
        Holder name (as in ``[[actors]]``) -> reasons to execute.
    tariffs
        ``"all_in"`` (the rates are all-in, today's meaning) or ``"added_to_mfn"``.
    deal_floor
        ``"none"`` or ``"mfn"`` (a deal level never prices a sector below MFN).
    deal_grid_include_pct, deal_grid_step_pct
        Deal grid: levels every step from the status quo to ``tariff_grid_max_pct`` plus these.
    pledge_cap_usd_bn
        Investment the holder can pledge (0: money only).

    Several threatening actors negotiating together (``game.negotiate_jointly``) are not
    wired into scenarios yet: a ``[negotiation]`` with more than one actor is refused.
    """

    probability: Literal["implied"] | Annotated[float, Field(ge=0.0, le=1.0)] | None = None
    window: WindowSpec | None = None
    belief: BeliefSpec = BeliefSpec()
    reasons: dict[Annotated[Label, Field(min_length=1, max_length=60)], ReasonsSpec] = Field(
        default_factory=dict
    )
    tariffs: Literal["all_in", "added_to_mfn"] = "all_in"
    deal_floor: Literal["none", "mfn"] = "none"
    deal_grid_include_pct: list[Annotated[float, Field(ge=0.0, le=200.0)]] = Field(
        default_factory=list, max_length=20
    )
    deal_grid_step_pct: Annotated[float, Field(gt=0.0, le=50.0)] = 1.25
    pledge_cap_usd_bn: Annotated[float, Field(ge=0.0, le=5000.0)] = 0.0

    @model_validator(mode="after")
    def _window_when_implied(self) -> NegotiationEvidence:
        if self.probability == "implied" and self.window is None:
            raise ValueError("probability = 'implied' needs a [negotiation.window] table")
        if self.window is not None and self.probability != "implied":
            raise ValueError("[negotiation.window] is only used with probability = 'implied'")
        return self

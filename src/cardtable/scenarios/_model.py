"""Scenario files: what they may contain, validated into one immutable :class:`Scenario`.

A scenario says who does what, how fast, against which market and calibration. Validation
that needs no data happens here (types, ranges, unknown fields); checks that need the data at
the as-of month (holder exists, sale not above holdings) happen in :mod:`._resolve`.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from cardtable.errors import ScenarioError
from cardtable.params import REGISTRY

__all__ = [
    "Actor",
    "Announce",
    "BackstopSpec",
    "MaturityMix",
    "NegotiationSpec",
    "Scenario",
    "Sell",
    "StopBuying",
    "Tranche",
    "scenario_from_dict",
]

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MaturityMix(_Frozen):
    """Shares of a sale (or of holdings) in bills, notes and bonds; they must sum to 1."""

    bills: Annotated[float, Field(ge=0.0, le=1.0)]
    notes: Annotated[float, Field(ge=0.0, le=1.0)]
    bonds: Annotated[float, Field(ge=0.0, le=1.0)]

    @model_validator(mode="after")
    def _sums_to_one(self) -> MaturityMix:
        total = self.bills + self.notes + self.bonds
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"bills + notes + bonds must sum to 1, got {total:.6g}")
        return self

    def as_tuple(self) -> tuple[float, float, float]:
        """``(bills, notes, bonds)``."""
        return (self.bills, self.notes, self.bonds)


class Tranche(_Frozen):
    """One explicit piece of a sale: ``usd_bn`` sold on trading day ``day`` (0 = first day)."""

    day: Annotated[int, Field(ge=0)]
    usd_bn: Annotated[float, Field(gt=0.0)]


class _SaleShape(_Frozen):
    amount_usd_bn: Annotated[float, Field(ge=0.0)] | None = None
    share_of_holdings: Annotated[float, Field(ge=0.0, le=1.0)] | None = None
    days: Annotated[int, Field(gt=0)] = 60
    start_day: Annotated[int, Field(ge=0)] = 0
    schedule: Literal["even", "front-loaded"] | list[Tranche] = "even"
    maturity_mix: MaturityMix | None = None
    converted_share: Annotated[float, Field(ge=0.0, le=1.0)] = 0.0

    @model_validator(mode="after")
    def _one_size(self) -> Any:
        schedule = self.schedule
        explicit = isinstance(schedule, list)
        given = (self.amount_usd_bn is not None) + (self.share_of_holdings is not None)
        if isinstance(schedule, list):
            if not schedule:
                raise ValueError("an explicit schedule needs at least one tranche")
            if self.share_of_holdings is not None:
                raise ValueError("give an explicit schedule or share_of_holdings, not both")
            total = sum(t.usd_bn for t in schedule)
            if self.amount_usd_bn is not None and abs(self.amount_usd_bn - total) > 1e-6:
                raise ValueError(
                    f"amount_usd_bn {self.amount_usd_bn} differs from the tranches' sum {total}"
                )
            last = max(t.day for t in schedule)
            if last >= self.days:
                raise ValueError(f"tranche on day {last} is outside days={self.days}")
        elif not explicit and given != 1:
            raise ValueError("give exactly one of amount_usd_bn or share_of_holdings")
        return self


class Sell(_SaleShape):
    """Sell an amount (USD bn, or a share of holdings) over ``days`` trading days.

    ``converted_share`` of the proceeds is converted into the home currency (yen-buying for
    Japan): the same channel as an FX intervention.
    """


class StopBuying(_Frozen):
    """Forgo purchases of ``usd_bn_per_month`` for ``months`` months (21 trading days each)."""

    usd_bn_per_month: Annotated[float, Field(ge=0.0)]
    months: Annotated[int, Field(gt=0)]
    start_day: Annotated[int, Field(ge=0)] = 0
    maturity_mix: MaturityMix | None = None


class Announce(_SaleShape):
    """A stated threat to sell, executed with ``probability``; nothing is sold.

    The sale fields describe the sale that would follow if the threat were carried out.
    """

    probability: Annotated[float, Field(ge=0.0, le=1.0)]


class Actor(_Frozen):
    """One TIC holder and its one action (exactly one of sell, stop_buying, announce)."""

    holder: Annotated[str, Field(min_length=1)]
    sell: Sell | None = None
    stop_buying: StopBuying | None = None
    announce: Announce | None = None

    @model_validator(mode="after")
    def _one_action(self) -> Actor:
        n = sum(a is not None for a in (self.sell, self.stop_buying, self.announce))
        if n != 1:
            raise ValueError("give exactly one action: sell, stop_buying or announce")
        return self

    @property
    def action(self) -> Literal["sell", "stop_buying", "announce"]:
        """The name of the actor's action."""
        if self.sell is not None:
            return "sell"
        if self.stop_buying is not None:
            return "stop_buying"
        return "announce"


class BackstopSpec(_Frozen):
    """A central-bank backstop: buys up to ``capacity_usd_bn_per_day`` once the 10y rises
    more than ``trigger_bp``."""

    enabled: bool = False
    trigger_bp: Annotated[float, Field(ge=0.0)] = 50.0
    capacity_usd_bn_per_day: Annotated[float, Field(ge=0.0)] = 75.0


class NegotiationSpec(_Frozen):
    """The tariff talks a scenario's threat is brandished in (used by ``cardtable negotiate``).

    Tariffs are all-in rates on the holder's goods (percent); ``None`` means the tariff
    timeline at the as-of date. ``us_threats`` adds other threats the US can choose from (label
    -> one rate on every sector, or sector -> rate with the other sectors at the baseline); the
    US's optimal threat among them and the scenario's own is solved (Nash 1953).
    """

    holder: str | None = None
    threat_tariff_pct: Annotated[float, Field(ge=0.0, le=200.0)] | None = None
    autos_threat_tariff_pct: Annotated[float, Field(ge=0.0, le=200.0)] | None = None
    us_threats: dict[
        Annotated[str, Field(min_length=1, max_length=40)],
        Annotated[float, Field(ge=0.0, le=200.0)]
        | dict[str, Annotated[float, Field(ge=0.0, le=200.0)]],
    ] = {}
    status_quo_tariff_pct: Annotated[float, Field(ge=0.0, le=200.0)] = 0.0
    tariff_grid_max_pct: Annotated[float, Field(gt=0.0, le=200.0)] = 50.0
    threat_probability: Annotated[float, Field(ge=0.0, le=1.0)] | None = None


class Scenario(_Frozen):
    """One what-if, immutable.

    Parameters
    ----------
    name
        Short name (``japan-fire-sale``).
    as_of
        Month ``YYYY-MM`` whose holdings, debt stock and market levels are used.
    actors
        One or more holders, each with one action.
    horizon_days
        Trading days simulated (>= the end of every sale).
    state
        ``normal`` or ``stressed`` market.
    backstop
        Central-bank backstop settings.
    calibration
        Named parameter calibration (``cardtable params --calibrations``).
    draws, seed
        Monte Carlo draws and seed (the CLI may override them).
    """

    name: Annotated[str, Field(min_length=1, max_length=80)]
    description: str = ""
    as_of: str
    actors: Annotated[list[Actor], Field(min_length=1)]
    horizon_days: Annotated[int, Field(gt=0, le=2520)] = 252
    state: Literal["normal", "stressed"] = "normal"
    backstop: BackstopSpec = BackstopSpec()
    calibration: str = "default"
    draws: Annotated[int, Field(ge=1, le=2_000_000)] = 10_000
    seed: Annotated[int, Field(ge=0)] = 2025
    negotiation: NegotiationSpec | None = None
    notes: list[str] = []

    @field_validator("as_of")
    @classmethod
    def _month(cls, v: str) -> str:
        if not _MONTH.match(v):
            raise ValueError("must be a month YYYY-MM")
        return v

    @model_validator(mode="after")
    def _one_market_state(self) -> Scenario:
        cal = self.calibration
        if (
            self.state == "stressed"
            and cal in REGISTRY.calibrations
            and REGISTRY.calibration(cal).market_state == "stressed"
        ):
            raise ValueError(
                f"state = 'stressed' and calibration = {cal!r} both set the stressed market "
                "state; keep one (state = 'normal', or a normal calibration)"
            )
        return self

    @model_validator(mode="after")
    def _horizon_covers_actions(self) -> Scenario:
        seen: set[str] = set()
        for i, actor in enumerate(self.actors):
            key = actor.holder.strip().lower()
            if key in seen:
                raise ValueError(f"actors[{i}].holder {actor.holder!r} appears twice")
            seen.add(key)
            end = _action_end(actor)
            if end > self.horizon_days:
                raise ValueError(
                    f"horizon_days={self.horizon_days} is shorter than actors[{i}]'s "
                    f"{actor.action} ending on day {end}"
                )
        return self


def _action_end(actor: Actor) -> int:
    if actor.sell is not None:
        return actor.sell.start_day + actor.sell.days
    if actor.announce is not None:
        return actor.announce.start_day + actor.announce.days
    assert actor.stop_buying is not None
    return actor.stop_buying.start_day + 21 * actor.stop_buying.months


def scenario_from_dict(data: dict[str, Any], origin: str = "scenario") -> Scenario:
    """Validate a mapping into a :class:`Scenario`, raising a one-line :class:`ScenarioError`.

    Parameters
    ----------
    data
        Parsed TOML (or JSON) content.
    origin
        File name or built-in name, used in the message.
    """
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise _one_line(exc, origin) from None


def _one_line(exc: ValidationError, origin: str) -> ScenarioError:
    errors = exc.errors()
    first = errors[0]
    loc = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in first["loc"]).lstrip(".")
    # pydantic appends the union member tried ("sell.function-after[...]"): keep user fields only
    loc = re.sub(r"\.(function-[a-z]+|literal|list)\[[^\]]*\]", "", loc)
    field = f"{origin}: {loc}" if loc else origin
    msg = str(first["msg"]).removeprefix("Value error, ")
    more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
    if first["type"] == "extra_forbidden":
        msg = "unknown field; remove it or check its spelling (docs/scenarios.md lists the fields)"
    if first["type"] == "missing":
        return ScenarioError(field, None, "required field is missing" + more, show_value=False)
    value = first.get("input", None)
    if isinstance(value, dict | list):  # a rule over several fields: name the rule, not a table
        return ScenarioError(field, None, msg + more, show_value=False)
    return ScenarioError(field, value, msg + more)

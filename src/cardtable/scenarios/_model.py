"""Scenario files: what they may contain, validated into one immutable :class:`Scenario`.

A scenario says who does what, how fast, against which market and calibration. Everything a
scenario means that needs no data is validated here, when it is loaded (types without coercion,
ranges, unknown fields, the draws and seed rules, the calibration's name, the negotiation's
sectors and grid), so that a file one command accepts, every command accepts. Checks that need
the data at the as-of month (holder exists, sale not above holdings) happen in :mod:`._plan`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, ValidationError, ValidationInfo, field_validator, model_validator

from cardtable._calendar import TRADING_DAYS_PER_MONTH, is_month
from cardtable._spec import Spec, one_line
from cardtable.errors import CardtableError, InputError, ScenarioError
from cardtable.market import Backstop, check_state
from cardtable.params import REGISTRY, check_draws, check_seed
from cardtable.scenarios._negotiation import NegotiationEvidence
from cardtable.scenarios._shocks import Shock
from cardtable.scenarios._text import Label, Text
from cardtable.trade import HOLDER_EXPORT_SECTORS

__all__ = [
    "MAX_TARIFF_PCT",
    "Actor",
    "Announce",
    "MaturityMix",
    "NegotiationSpec",
    "Scenario",
    "Sell",
    "StopBuying",
    "Tranche",
    "market_state_conflict",
    "scenario_from_dict",
]

#: Upper bound of any amount in USD bn a scenario may name (holdings are checked against the
#: data when the scenario is planned; this bound only keeps arithmetic finite).
MAX_USD_BN = 100_000.0
UsdBn = Annotated[float, Field(ge=0.0, le=MAX_USD_BN, allow_inf_nan=False)]
Share = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
#: Largest all-in tariff rate (percent) any input may name (the April 2025 US rate on China
#: peaked at 145%).
MAX_TARIFF_PCT = 200.0
TariffPct = Annotated[float, Field(ge=0.0, le=MAX_TARIFF_PCT, allow_inf_nan=False)]
Day = Annotated[int, Field(ge=0, le=100_000)]


class MaturityMix(Spec):
    """Shares of a sale (or of holdings) in bills, notes and bonds; they must sum to 1."""

    bills: Share
    notes: Share
    bonds: Share

    @model_validator(mode="after")
    def _sums_to_one(self) -> MaturityMix:
        total = self.bills + self.notes + self.bonds
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"bills + notes + bonds must sum to 1, got {total:.6g}")
        return self

    def as_tuple(self) -> tuple[float, float, float]:
        """``(bills, notes, bonds)``."""
        return (self.bills, self.notes, self.bonds)


class Tranche(Spec):
    """One explicit piece of a sale: ``usd_bn`` sold on trading day ``day`` (0 = first day)."""

    day: Day
    usd_bn: Annotated[float, Field(gt=0.0, le=MAX_USD_BN, allow_inf_nan=False)]


class _SaleShape(Spec):
    amount_usd_bn: UsdBn | None = None
    share_of_holdings: Share | None = None
    days: Annotated[int, Field(gt=0, le=100_000)] = 60
    start_day: Day = 0
    schedule: Literal["even", "front-loaded"] | list[Tranche] = "even"
    maturity_mix: MaturityMix | None = None
    converted_share: Share = 0.0

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


class StopBuying(Spec):
    """Forgo purchases of ``usd_bn_per_month`` for ``months`` months (21 trading days each)."""

    usd_bn_per_month: UsdBn
    months: Annotated[int, Field(gt=0, le=5_000)]
    start_day: Day = 0
    maturity_mix: MaturityMix | None = None


class Announce(_SaleShape):
    """A stated threat to sell, executed with ``probability``; nothing is sold.

    The sale fields describe the sale that would follow if the threat were carried out.
    """

    probability: Share


class Actor(Spec):
    """One TIC holder and its one action (exactly one of sell, stop_buying, announce)."""

    holder: Annotated[Label, Field(min_length=1, max_length=80)]
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


class NegotiationSpec(NegotiationEvidence):
    """The tariff talks a scenario's threat is brandished in (used by ``cardtable negotiate``).

    Tariffs are all-in rates on the holder's goods (percent); ``None`` means the tariff
    timeline at the as-of date. ``us_threats`` adds other threats the US can choose from (label
    -> one rate on every sector, or sector -> rate with the other sectors at the baseline); the
    US's optimal threat among them and the scenario's own is solved (Nash 1953).
    """

    threat_tariff_pct: TariffPct | None = None
    autos_threat_tariff_pct: TariffPct | None = None
    us_threats: dict[
        Annotated[Label, Field(min_length=1, max_length=40)],
        TariffPct | dict[str, TariffPct],
    ] = Field(default_factory=dict, max_length=20)
    status_quo_tariff_pct: TariffPct = 0.0
    tariff_grid_max_pct: Annotated[float, Field(gt=0.0, le=MAX_TARIFF_PCT, allow_inf_nan=False)] = (
        50.0
    )

    @model_validator(mode="after")
    def _menu_and_grid(self) -> NegotiationSpec:
        if self.tariff_grid_max_pct <= self.status_quo_tariff_pct:
            raise ValueError(
                f"tariff_grid_max_pct ({self.tariff_grid_max_pct:g}) must exceed "
                f"status_quo_tariff_pct ({self.status_quo_tariff_pct:g})"
            )
        for label, threat in self.us_threats.items():
            if label == "threat":
                raise ValueError("us_threats: 'threat' is the scenario's own threat; rename it")
            if isinstance(threat, dict):
                unknown = sorted(set(threat) - set(HOLDER_EXPORT_SECTORS))
                if unknown:
                    raise ValueError(
                        f"us_threats.{label}: unknown sector {unknown[0]!r}; sectors are "
                        f"{', '.join(HOLDER_EXPORT_SECTORS)}"
                    )
        return self


class Scenario(Spec):
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
    params
        Registry parameters set to one value in every draw (``[params]`` table, ``--set``);
        outside a parameter's plausible range they warn (``--strict``: refused).
    draws, seed
        Monte Carlo draws and seed (the CLI may override them).
    shocks
        Term-premium, risk-off and dollar shocks, or presets (``[[shocks]]``).
    """

    name: Annotated[Label, Field(min_length=1, max_length=80)]
    description: Annotated[Text, Field(max_length=10_000)] = ""
    as_of: str
    actors: Annotated[list[Actor], Field(min_length=1, max_length=100)]
    horizon_days: Annotated[int, Field(gt=0, le=2520)] = 252
    state: Literal["normal", "stressed"] = "normal"
    backstop: Backstop = Backstop()
    calibration: str = "default"
    draws: int = 10_000
    seed: int = 2025
    negotiation: NegotiationSpec | None = None
    params: dict[Annotated[str, Field(min_length=1, max_length=80)], float] = Field(
        default_factory=dict, max_length=200
    )
    notes: list[Annotated[Text, Field(max_length=2_000)]] = Field(
        default_factory=list, max_length=100
    )
    shocks: list[Shock] = Field(default_factory=list, max_length=50)

    @field_validator("as_of")
    @classmethod
    def _month(cls, v: str) -> str:
        if not is_month(v):
            raise ValueError("must be a month YYYY-MM")
        return v

    @field_validator("calibration")
    @classmethod
    def _calibration(cls, v: str) -> str:
        if v not in REGISTRY.calibrations:
            raise ValueError(f"one of {', '.join(REGISTRY.calibrations)}")
        return v

    @field_validator("params")
    @classmethod
    def _params(cls, v: dict[str, float]) -> dict[str, float]:
        for name in v:
            if name not in REGISTRY:
                try:
                    REGISTRY[name]
                except InputError as exc:  # unknown: name it, and suggest close names
                    raise ValueError(f"{name!r} is not allowed; {exc.allowed}") from None
        return v

    @field_validator("seed")
    @classmethod
    def _seed(cls, v: int) -> int:
        return int(_rule(check_seed, v))

    @field_validator("draws")
    @classmethod
    def _draws(cls, v: int, info: ValidationInfo) -> int:
        # the paths a simulation keeps must fit in memory: the same rule as --draws
        return int(_rule(check_draws, v, info.data.get("horizon_days")))

    @model_validator(mode="after")
    def _one_threat_to_negotiate(self) -> Scenario:
        if self.negotiation is not None:
            threats = [a for a in self.actors if a.action in ("sell", "announce")]
            if len(self.actors) != 1 or len(threats) != 1:
                raise ValueError(
                    "a [negotiation] needs exactly one actor, who sells or announces a sale "
                    "(joint threats of several holders are not supported)"
                )
            sale = threats[0].sell or threats[0].announce
            if (
                self.negotiation.probability == "implied"
                and sale is not None
                and not (
                    isinstance(sale.schedule, list)
                    or (sale.amount_usd_bn or 0.0) > 0.0
                    or (sale.share_of_holdings or 0.0) > 0.0
                )
            ):
                raise ValueError(
                    "probability = 'implied' needs a threat that sells something: "
                    f"actors[0].{threats[0].action}.amount_usd_bn or share_of_holdings > 0"
                )
        return self

    @model_validator(mode="after")
    def _one_market_state(self) -> Scenario:
        conflict = market_state_conflict(self.state, self.calibration)
        if conflict:
            raise ValueError(conflict)
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


def market_state_conflict(state: str, calibration: str) -> str | None:
    """Why ``state`` and ``calibration`` cannot go together, or None (the rule is
    :func:`cardtable.market.check_state`: a stressed calibration already is the stressed
    market, and ``state = 'stressed'`` on top of it would stack the two)."""
    if calibration not in REGISTRY.calibrations:
        return None  # an unknown calibration is refused by its own rule
    try:
        check_state(state, REGISTRY.calibration(calibration))
    except InputError as exc:
        return exc.allowed
    return None


def _action_end(actor: Actor) -> int:
    if actor.sell is not None:
        return actor.sell.start_day + actor.sell.days
    if actor.announce is not None:
        return actor.announce.start_day + actor.announce.days
    assert actor.stop_buying is not None
    return actor.stop_buying.start_day + TRADING_DAYS_PER_MONTH * actor.stop_buying.months


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
        raise one_line(exc, origin, ScenarioError) from None


def _rule(check: Any, *args: Any) -> Any:
    """Run one of the library's shared input rules inside a pydantic validator."""
    try:
        return check(*args)
    except CardtableError as exc:
        raise ValueError(getattr(exc, "allowed", str(exc))) from None

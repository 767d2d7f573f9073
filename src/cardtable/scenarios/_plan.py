"""From a :class:`Scenario` to a :class:`Plan`: the daily sales schedule of every actor, with the
data at the as-of month (holdings, debt stock, market size) that the models need.

This is the first step of the one-way data flow: scenario -> schedule -> market -> costs.
Checks that need data live here: the holder exists at the as-of month, and nobody sells more
than it holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache

import numpy as np

from cardtable import data, trade
from cardtable._calendar import TRADING_DAYS_PER_MONTH, TRADING_DAYS_PER_YEAR
from cardtable._typing import FloatArray
from cardtable.costs import DebtProfile, SellerBook
from cardtable.errors import InputError, ScenarioError, UnknownNameError
from cardtable.market import Backstop, Flows, MarketContext, marketable_debt_path
from cardtable.scenarios._model import Actor, MaturityMix, Scenario, Sell, Tranche

__all__ = [
    "HOME_CURRENCY",
    "ActorPlan",
    "Plan",
    "coalition_plan",
    "deficit_usd_bn_per_year",
    "exports_to_us_usd_bn",
    "plan",
]

N_OTHER_HOLDERS = 10

#: ISO 4217 home currency of each TIC holder the built-ins and common what-ifs use. Holdings of
#: custodial centres (Cayman Islands, Bermuda, Luxembourg...) belong to investors of many
#: nationalities; their proceeds are treated as staying in dollars (``USD``: no conversion).
HOME_CURRENCY: dict[str, str] = {
    "Japan": "JPY",
    "China, Mainland": "CNY",
    "United Kingdom": "GBP",
    "Canada": "CAD",
    "Switzerland": "CHF",
    "Taiwan": "TWD",
    "Korea, South": "KRW",
    "India": "INR",
    "Hong Kong": "HKD",
    "Brazil": "BRL",
    "Singapore": "SGD",
    "Norway": "NOK",
    "Saudi Arabia": "SAR",
    "Israel": "ILS",
    "Mexico": "MXN",
    "Thailand": "THB",
    "Australia": "AUD",
    "Sweden": "SEK",
    "Poland": "PLN",
    "Philippines": "PHP",
    "United Arab Emirates": "AED",
    "Kuwait": "KWD",
    **{
        c: "EUR"
        for c in (
            "Belgium",
            "France",
            "Ireland",
            "Germany",
            "Spain",
            "Netherlands",
            "Italy",
            "Austria",
            "Finland",
            "Portugal",
            "Greece",
        )
    },
}


@dataclass(frozen=True)
class ActorPlan:
    """One actor's resolved schedule (arrays over the horizon, USD bn per trading day).

    Attributes
    ----------
    holder
        TIC name (``China, Mainland``).
    action
        ``sell``, ``stop_buying`` or ``announce``.
    currency
        Home currency (``USD`` = proceeds stay in dollars).
    holdings_usd_bn
        Holdings at the as-of month (TIC).
    mix
        Shares of bills, notes, bonds in what is sold and in what is kept.
    sell_usd_bn, forgone_usd_bn, threat_usd_bn
        ``(T, 3)`` sales, purchases forgone, threatened sales.
    converted_usd_bn, threat_converted_usd_bn
        ``(T,)`` proceeds converted into the home currency (executed / if the threat is executed).
    threat_probability
        Probability of execution of an announced threat (0 otherwise).
    amount_usd_bn
        What the actor sells, threatens to sell or forgoes in total, as the scenario states it
        (a share of holdings resolved against TIC).
    """

    holder: str
    action: str
    currency: str
    holdings_usd_bn: float
    amount_usd_bn: float
    mix: tuple[float, float, float]
    sell_usd_bn: FloatArray
    forgone_usd_bn: FloatArray
    threat_usd_bn: FloatArray
    converted_usd_bn: FloatArray
    threat_converted_usd_bn: FloatArray
    threat_probability: float

    @property
    def sold_total_usd_bn(self) -> float:
        """Total sold over the horizon."""
        return float(self.sell_usd_bn.sum())

    @property
    def threatened_total_usd_bn(self) -> float:
        """Total threatened (announced) over the horizon."""
        return float(self.threat_usd_bn.sum())


@dataclass(frozen=True)
class Plan:
    """A scenario resolved against the data: schedules, market size, debt stock, other holders.

    Attributes
    ----------
    scenario
        The scenario it came from.
    actors
        One :class:`ActorPlan` per actor.
    context
        Market size at the as-of month.
    debt
        US marketable debt at the as-of month and the deficit path.
    other_holders
        The largest holders that do not act: TIC name -> holdings (USD bn).
    sources
        What each input came from, with vintages (printed under every result).
    """

    scenario: Scenario
    actors: tuple[ActorPlan, ...]
    context: MarketContext
    debt: DebtProfile
    other_holders: dict[str, float]
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def horizon_days(self) -> int:
        """Trading days simulated."""
        return self.scenario.horizon_days

    @property
    def backstop(self) -> Backstop:
        """The scenario's central-bank backstop."""
        return self.scenario.backstop

    def flows(self) -> Flows:
        """All actors' flows summed, in the form the market model takes."""
        T = self.horizon_days
        converted: dict[str, FloatArray] = {}
        for a in self.actors:
            if a.currency != "USD":  # every holder's currency is an output (0 if unconverted)
                converted[a.currency] = converted.get(a.currency, np.zeros(T)) + a.converted_usd_bn
        threat = sum(
            (a.threat_usd_bn * a.threat_probability for a in self.actors), np.zeros((T, 3))
        )
        total_threat = sum((a.threat_usd_bn for a in self.actors), np.zeros((T, 3)))
        # one probability for the summed threat: the flow-weighted average of the actors'
        p = float(threat.sum() / total_threat.sum()) if total_threat.sum() > 0 else 0.0
        return Flows(
            sell_usd_bn=sum((a.sell_usd_bn for a in self.actors), np.zeros((T, 3))),
            forgone_usd_bn=sum((a.forgone_usd_bn for a in self.actors), np.zeros((T, 3))),
            converted_usd_bn=converted,
            threat_usd_bn=total_threat,
            threat_probability=p,
        )

    def seller_books(self) -> list[SellerBook]:
        """One book per actor, for the cost ledger."""
        books = []
        for a in self.actors:
            books.append(
                SellerBook(
                    name=a.holder,
                    currency=a.currency,
                    holdings_usd_bn=a.holdings_usd_bn,
                    mix=a.mix,
                    sold_usd_bn=a.sell_usd_bn,
                    converted_usd_bn=a.converted_usd_bn,
                    exports_to_us_usd_bn_per_year=exports_to_us_usd_bn(a.holder),
                )
            )
        return books

    def executed(self) -> Plan:
        """The counterfactual in which every announced threat is carried out in full."""
        actors = tuple(
            replace(
                a,
                action="sell",
                sell_usd_bn=a.sell_usd_bn + a.threat_usd_bn,
                converted_usd_bn=a.converted_usd_bn + a.threat_converted_usd_bn,
                threat_usd_bn=np.zeros_like(a.threat_usd_bn),
                threat_converted_usd_bn=np.zeros_like(a.threat_converted_usd_bn),
                threat_probability=0.0,
            )
            if a.action == "announce"
            else a
            for a in self.actors
        )
        return replace(self, actors=actors)

    def announced_with(self, probability: float) -> Plan:
        """The counterfactual in which every announced threat is believed with ``probability``
        (1: the announcement channel's move if the market were sure of execution)."""
        actors = tuple(
            replace(a, threat_probability=probability) if a.action == "announce" else a
            for a in self.actors
        )
        return replace(self, actors=actors)

    def stop_buying_instead(self) -> Plan:
        """The counterfactual in which every actor forgoes purchases of its amount instead,
        evenly over a year (or the horizon, if shorter), nothing sold or threatened."""
        T = self.horizon_days
        days = min(T, TRADING_DAYS_PER_YEAR)
        zero_tb, zero_t = np.zeros((T, 3)), np.zeros(T)
        actors = []
        for a in self.actors:
            forgone = np.zeros((T, 3))
            forgone[:days] = np.asarray(a.mix)[None, :] * a.amount_usd_bn / days
            actors.append(
                replace(
                    a,
                    action="stop_buying",
                    sell_usd_bn=zero_tb,
                    forgone_usd_bn=forgone,
                    threat_usd_bn=zero_tb,
                    converted_usd_bn=zero_t,
                    threat_converted_usd_bn=zero_t,
                    threat_probability=0.0,
                )
            )
        return replace(self, actors=tuple(actors))

    def scaled(self, factor: float) -> Plan:
        """Every sale, forgone purchase and threat multiplied by ``factor`` (for payoff grids)."""
        actors = tuple(
            replace(
                a,
                sell_usd_bn=a.sell_usd_bn * factor,
                forgone_usd_bn=a.forgone_usd_bn * factor,
                threat_usd_bn=a.threat_usd_bn * factor,
                converted_usd_bn=a.converted_usd_bn * factor,
                threat_converted_usd_bn=a.threat_converted_usd_bn * factor,
                amount_usd_bn=a.amount_usd_bn * factor,
            )
            for a in self.actors
        )
        return replace(self, actors=actors)


def plan(scenario: Scenario, origin: str | None = None) -> Plan:
    """Resolve ``scenario`` against the data at its as-of month.

    Parameters
    ----------
    scenario
        A validated scenario.
    origin
        Name used in error messages (defaults to the scenario's name).

    Returns
    -------
    Plan

    Raises
    ------
    ScenarioError
        For an as-of month outside the data, an unknown holder, or a sale above holdings.
    """
    origin = origin or scenario.name
    try:
        snap = data.holdings_at(scenario.as_of)
    except InputError as exc:
        raise ScenarioError(f"{origin}: as_of", scenario.as_of, exc.allowed) from None
    debt_snap = data.debt_at(scenario.as_of)
    holdings = dict(zip(snap.table["country"], snap.table["holdings_usd_bn"], strict=True))
    default_mix = _default_mix(snap, debt_snap)
    T = scenario.horizon_days
    actors: list[ActorPlan] = []
    for i, actor in enumerate(scenario.actors):
        field_ = f"{origin}: actors[{i}]"
        try:
            name = data.resolve_country(actor.holder)
        except UnknownNameError:
            raise UnknownNameError(
                f"{field_}.holder", actor.holder, list(holdings), "holder"
            ) from None
        if name not in holdings:
            raise UnknownNameError(f"{field_}.holder", actor.holder, list(holdings), "holder")
        if any(a.holder == name for a in actors):
            raise ScenarioError(
                f"{field_}.holder", actor.holder, f"a holder named once; it is {name} again"
            )
        actors.append(_actor_plan(actor, name, holdings[name], default_mix, T, field_, snap.as_of))
    acting = {a.holder for a in actors}
    others = {c: h for c, h in holdings.items() if c not in acting}
    top = dict(sorted(others.items(), key=lambda kv: -kv[1])[:N_OTHER_HOLDERS])
    size_path = marketable_debt_path(scenario.as_of)
    context = MarketContext(
        as_of=scenario.as_of,
        foreign_holdings_usd_bn=snap.grand_total_usd_bn,
        marketable_debt_usd_bn=debt_snap.marketable_usd_bn,
        marketable_debt_path_usd_bn=size_path.usd_bn,
    )
    debt = DebtProfile(
        marketable_usd_bn=debt_snap.marketable_usd_bn,
        bills_usd_bn=debt_snap.bills_usd_bn,
        frn_usd_bn=debt_snap.frn_usd_bn,
        notes_usd_bn=debt_snap.notes_usd_bn,
        bonds_usd_bn=debt_snap.bonds_usd_bn,
        tips_usd_bn=debt_snap.tips_usd_bn,
        deficit_usd_bn_per_year=deficit_usd_bn_per_year(),
    )
    sources = {
        "holdings": _cite(snap.source, f"vintage {snap.vintage}; {snap.origin}"),
        "debt": _cite(debt_snap.source, f"as of {debt_snap.as_of}; {debt_snap.origin}"),
        "market_size_path": size_path.source,
    }
    return Plan(scenario, tuple(actors), context, debt, top, sources)


def _cite(source: str, detail: str) -> str:
    """``source (detail)``, unless the source already states it."""
    return source if detail in source else f"{source} ({detail})"


def _default_mix(
    snap: data.HoldingsSnapshot, debt: data.DebtSnapshot
) -> tuple[float, float, float]:
    """Foreign-official bills share (TIC) with coupons split notes:bonds as in MSPD."""
    if snap.foreign_official_bills_usd_bn is not None and snap.foreign_official_usd_bn:
        bills = snap.foreign_official_bills_usd_bn / snap.foreign_official_usd_bn
    else:
        bills = debt.bills_usd_bn / debt.marketable_usd_bn
    notes_share = debt.notes_usd_bn / (debt.notes_usd_bn + debt.bonds_usd_bn)
    return (bills, (1 - bills) * notes_share, (1 - bills) * (1 - notes_share))


def _actor_plan(
    actor: Actor,
    name: str,
    holdings_usd_bn: float,
    default_mix: tuple[float, float, float],
    T: int,
    field_: str,
    as_of: str,
) -> ActorPlan:
    zeros_tb, zeros_t = np.zeros((T, 3)), np.zeros(T)
    currency = HOME_CURRENCY.get(name, "USD")
    sell, forgone, threat = zeros_tb, zeros_tb, zeros_tb
    conv, threat_conv, p = zeros_t, zeros_t, 0.0
    mix = default_mix
    if actor.stop_buying is not None:
        sb = actor.stop_buying
        if sb.usd_bn_per_month > holdings_usd_bn:
            raise ScenarioError(
                f"{field_}.stop_buying.usd_bn_per_month",
                sb.usd_bn_per_month,
                f"at most the {holdings_usd_bn:,.1f} USD bn {name} held at {as_of} (TIC): "
                "forgone purchases a month above the whole stock are not plausible",
            )
        mix = _mix(sb.maturity_mix, default_mix)
        days = TRADING_DAYS_PER_MONTH * sb.months
        amount = sb.usd_bn_per_month * sb.months
        per_day = np.zeros(T)
        per_day[sb.start_day : sb.start_day + days] = sb.usd_bn_per_month / TRADING_DAYS_PER_MONTH
        forgone = per_day[:, None] * np.asarray(mix)[None, :]
    else:
        shape = actor.sell if actor.sell is not None else actor.announce
        assert shape is not None
        kind = "sell" if actor.sell is not None else "announce"
        mix = _mix(shape.maturity_mix, default_mix)
        if isinstance(shape.schedule, list):
            amount = float(sum(t.usd_bn for t in shape.schedule))
        elif shape.share_of_holdings is not None:
            amount = shape.share_of_holdings * holdings_usd_bn
        else:
            amount = float(shape.amount_usd_bn or 0.0)
        if amount > holdings_usd_bn + 1e-9:
            raise ScenarioError(
                f"{field_}.{kind}.amount_usd_bn",
                round(amount, 1),
                f"{name} held {holdings_usd_bn:,.1f} USD bn at {as_of} (TIC); "
                "a sale cannot exceed holdings",
            )
        per_day = _daily(amount, shape.days, shape.start_day, shape.schedule, T)
        flows = per_day[:, None] * np.asarray(mix)[None, :]
        converted = per_day * shape.converted_share if currency != "USD" else zeros_t
        if kind == "sell":
            sell, conv = flows, converted
        else:
            assert actor.announce is not None
            threat, threat_conv, p = flows, converted, actor.announce.probability
    return ActorPlan(
        name,
        actor.action,
        currency,
        holdings_usd_bn,
        amount,
        mix,
        sell,
        forgone,
        threat,
        conv,
        threat_conv,
        p,
    )


def _mix(
    given: MaturityMix | None, default: tuple[float, float, float]
) -> tuple[float, float, float]:
    return given.as_tuple() if given is not None else default


def _daily(
    amount: float, days: int, start: int, schedule: str | list[Tranche], T: int
) -> FloatArray:
    """USD bn sold on each trading day of the horizon."""
    out = np.zeros(T)
    if isinstance(schedule, list):
        for t in schedule:
            out[start + t.day] += t.usd_bn
        return out
    # front-loaded: linearly declining weights, about twice the even rate on day 0
    even = schedule == "even"
    weights = np.ones(days) if even else np.arange(days, 0, -1, dtype=float)
    out[start : start + days] = amount * weights / weights.sum()
    return out


@cache
def deficit_usd_bn_per_year() -> float:
    """The latest federal deficit in the bundled facts (CBO, FY2025: USD 1,800bn)."""
    debt = data.load_fact("us_federal_debt")
    rows = debt[debt["metric"] == "federal_deficit"].sort_values("as_of")
    return float(rows["value"].iloc[-1])


@cache
def exports_to_us_usd_bn(holder: str) -> float:
    """The holder's goods exports to the US per year (USD bn), 0 where none is bundled.

    Japan: US imports from Japan, latest full year of ``us_japan_trade_annual`` (Census).
    Other holders: the trade model's bundled sector table, where it has the holder.
    """
    if holder == "Japan":
        annual = data.load_fact("us_japan_trade_annual")
        full = annual[annual["year"].astype(str).str.fullmatch(r"\d{4}")]
        full = full.dropna(subset=["us_imports_from_japan_usd_mn"])
        return float(full.sort_values("year")["us_imports_from_japan_usd_mn"].iloc[-1]) / 1000
    return float(trade.exports_to_us_usd_bn(holder))


def coalition_plan(as_of: str, holder: str, days: int, backstop: Backstop) -> Plan:
    """A one-actor plan selling USD 1bn evenly over ``days`` (the unit sale of the coalition
    game, scaled by :meth:`Plan.scaled`), over a year's horizon.

    Parameters
    ----------
    as_of
        Month ``YYYY-MM``.
    holder
        A TIC holder at ``as_of`` (whose currency and mix the unit sale uses).
    days
        Trading days the sale takes.
    backstop
        The central-bank backstop.
    """
    horizon = max(TRADING_DAYS_PER_YEAR, days)
    scenario = Scenario(
        name="coalition",
        as_of=as_of,
        horizon_days=horizon,
        backstop=backstop,
        actors=[Actor(holder=holder, sell=Sell(amount_usd_bn=1.0, days=days))],
    )
    return plan(scenario)

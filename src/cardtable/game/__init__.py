"""The negotiation game and creditor coalitions (see docs/game.md).

* Negotiation between a holder and the US: payoffs from the trade model and the engine's cost
  arrays (:func:`trade_stakes`), generalised Nash bargaining over a tariff grid and a transfer
  (:func:`nash_bargaining`), credibility of threats, variable threats (Nash 1953) and threats
  that leave something to chance (:func:`solve_threat_game`, :func:`announcement_value`), all
  wrapped by :func:`negotiate`, which returns a :class:`Negotiation`.
* Evidence and beliefs: the market-implied execution probability of an announced threat
  (:func:`event_moves_from_data`, :func:`implied_probability`), documented reasons to execute
  (:func:`execution_benefit`) and a threat valued by the other side's belief
  (:func:`belief_value`).
* Joint threats: several holders bargaining together with the US, each with its own
  credibility (:func:`negotiate_jointly`).
* Coalitions of creditors: exact Shapley values of ``v(C) = g(total holdings of C)``
  (:func:`shapley_weighted`; :func:`shapley_piecewise_linear` for a worth that is linear
  between a few knots) and whether the core is empty (:func:`core_is_empty`).

Every solver is a pure function over arrays with a leading draw axis.
"""

from __future__ import annotations

from cardtable.game._belief import (
    Belief,
    BeliefValue,
    ExecutionBenefit,
    ReasonsToExecute,
    belief_value,
    believed_execution,
    execution_benefit,
)
from cardtable.game._coalition import (
    CoreCheck,
    core_check,
    core_is_empty,
    holder_weights,
    in_core,
)
from cardtable.game._evidence import (
    EVENT_VARIABLES,
    EventMoves,
    daily_series,
    event_moves,
    event_moves_from_data,
    first_fridays,
)
from cardtable.game._implied import (
    ImpliedProbability,
    implied_probability,
    truncated_normal_cdf,
    truncated_normal_mean,
)
from cardtable.game._joint import (
    MAX_JOINT_ACTORS,
    JointActor,
    JointNegotiation,
    additive_us_cost,
    negotiate_jointly,
)
from cardtable.game._nash import BargainingSolution, nash_bargaining
from cardtable.game._negotiation import (
    Announcement,
    Negotiation,
    negotiate,
    pledge_gain,
)
from cardtable.game._payoffs import (
    PayoffWeights,
    StakesHorizon,
    TariffSpec,
    TradeStakes,
    holder_payoff,
    present_value_factor,
    trade_stakes,
    us_payoff,
)
from cardtable.game._shapley import (
    brute_force_shapley,
    coalition_weight_profile,
    shapley_from_profile,
    shapley_piecewise_linear,
    shapley_weighted,
)
from cardtable.game._threats import (
    NO_THREAT,
    AnnouncementValue,
    Credibility,
    ThreatGame,
    ThreatKind,
    ThreatOption,
    ThreatRule,
    announcement_value,
    credibility,
    solve_threat_game,
)
from cardtable.game._zerosum import ZeroSumSolution, solve_zero_sum

__all__ = [
    "EVENT_VARIABLES",
    "MAX_JOINT_ACTORS",
    "NO_THREAT",
    "Announcement",
    "AnnouncementValue",
    "BargainingSolution",
    "Belief",
    "BeliefValue",
    "CoreCheck",
    "Credibility",
    "EventMoves",
    "ExecutionBenefit",
    "ImpliedProbability",
    "JointActor",
    "JointNegotiation",
    "Negotiation",
    "PayoffWeights",
    "ReasonsToExecute",
    "StakesHorizon",
    "TariffSpec",
    "ThreatGame",
    "ThreatKind",
    "ThreatOption",
    "ThreatRule",
    "TradeStakes",
    "ZeroSumSolution",
    "additive_us_cost",
    "announcement_value",
    "belief_value",
    "believed_execution",
    "brute_force_shapley",
    "coalition_weight_profile",
    "core_check",
    "core_is_empty",
    "credibility",
    "daily_series",
    "event_moves",
    "event_moves_from_data",
    "execution_benefit",
    "first_fridays",
    "holder_payoff",
    "holder_weights",
    "implied_probability",
    "in_core",
    "nash_bargaining",
    "negotiate",
    "negotiate_jointly",
    "pledge_gain",
    "present_value_factor",
    "shapley_from_profile",
    "shapley_piecewise_linear",
    "shapley_weighted",
    "solve_threat_game",
    "solve_zero_sum",
    "trade_stakes",
    "truncated_normal_cdf",
    "truncated_normal_mean",
    "us_payoff",
]

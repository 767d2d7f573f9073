"""Backtests: replay documented episodes with their observed flows through the market model.

``cardtable backtest [EPISODE]`` prints simulated against observed yields and currencies: the
p5-p95 band, whether the observed move lies inside it, the p50 error and the attribution of the
observed move between the flows and the residual. Episodes are TOML files in
``cardtable/backtest/episodes`` (window, flows, sources; see :mod:`cardtable.backtest._episode`).
See docs/validation.md for the scorecard.
"""

from __future__ import annotations

from cardtable.backtest._episode import (
    Episode,
    FlowSpec,
    episode_names,
    load_episode,
    parse_episode,
)
from cardtable.backtest._flows import VARIABLES, Component, EpisodeData, episode_data
from cardtable.backtest._result import BacktestResult, VariableScore, scorecard_markdown
from cardtable.backtest._run import DEFAULT_DRAWS, backtest, backtest_all, simulate_flows

__all__ = [
    "DEFAULT_DRAWS",
    "VARIABLES",
    "BacktestResult",
    "Component",
    "Episode",
    "EpisodeData",
    "FlowSpec",
    "VariableScore",
    "backtest",
    "backtest_all",
    "episode_data",
    "episode_names",
    "load_episode",
    "parse_episode",
    "scorecard_markdown",
    "simulate_flows",
]

"""Replay an episode: its observed flows through the market model over parameter draws.

The market model takes non-negative sales and conversions; purchases (foreign buying, the Fed's
purchases) and dollar buying are negative flows. Because the model is linear in flows (no
backstop or threat here), an episode's paths are those of its positive parts minus those of its
negative parts, with the same draws; ``tests/backtest`` checks that linearity on the model.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, cast

import numpy as np

from cardtable._typing import FloatArray
from cardtable.backtest._episode import Episode, episode_names, load_episode
from cardtable.backtest._flows import VARIABLES, Component, EpisodeData, episode_data
from cardtable.backtest._result import BacktestResult, VariableScore
from cardtable.errors import InputError
from cardtable.market import Flows, MarketContext, simulate_market
from cardtable.params import REGISTRY, Calibration, Draws, ParamDraws

__all__ = ["DEFAULT_DRAWS", "backtest", "backtest_all", "simulate_flows"]

DEFAULT_DRAWS = 1000
_NOTES = (
    "TIC holdings are end-of-month positions as published: a monthly change includes valuation "
    "changes and custodial shifts, not only transactions.",
    "The market model is driven by flows only: moves from news, policy expectations or risk "
    "sentiment appear as residual.",
)


def _paths(
    sell: FloatArray,
    conv: FloatArray,
    ctx: MarketContext,
    params: ParamDraws,
    state: str,
    cal: Calibration,
) -> FloatArray:
    """``(D, T, 6)`` simulated changes (2y, 5y, 10y, 30y bp; USD/JPY %, broad dollar %)."""
    T = sell.shape[0]
    out = np.zeros((params.n, T, 6))
    for sign in (1.0, -1.0):
        part_sell = np.clip(sign * sell, 0.0, None)
        part_conv = np.clip(sign * conv, 0.0, None)
        if not part_sell.any() and not part_conv.any():
            continue
        flows = Flows(
            sell_usd_bn=part_sell,
            forgone_usd_bn=np.zeros_like(part_sell),
            converted_usd_bn={"JPY": part_conv} if part_conv.any() else {},
        )
        paths = simulate_market(
            flows, ctx, params, state=cast(Literal["normal", "stressed"], state), calibration=cal
        )
        out[:, :, :4] += sign * paths.yields_bp
        out[:, :, 4] += sign * paths.usdjpy_pct
        out[:, :, 5] += sign * paths.broad_dollar_pct
    return out


def simulate_flows(
    components: tuple[Component, ...] | list[Component],
    ctx: MarketContext,
    params: ParamDraws,
    state: str = "normal",
) -> FloatArray:
    """Simulated ``(D, T, 6)`` changes for the summed flows of ``components`` (T >= 1 days)."""
    if not components:
        raise InputError("components", 0, "at least one flow")
    cal = REGISTRY.calibration(params.calibration)
    sell = sum(
        (c.net_sell_usd_bn for c in components), np.zeros_like(components[0].net_sell_usd_bn)
    )
    conv = sum(
        (c.converted_usd_bn for c in components), np.zeros_like(components[0].converted_usd_bn)
    )
    return _paths(sell, conv, ctx, params, state, cal)


def _score(
    var: str, unit: str, sim: FloatArray, by_flow: dict[str, FloatArray], obs: FloatArray
) -> tuple[VariableScore, dict[str, FloatArray]]:
    p5, p50, p95 = np.percentile(sim, [5.0, 50.0, 95.0], axis=0)
    flows = float(sim[:, -1].mean())
    split = {k: float(v[:, -1].mean()) for k, v in by_flow.items()}
    paths = {"observed": obs, "p5": p5, "p50": p50, "p95": p95}
    last = float(obs[-1])
    if not np.isfinite(last):
        score = VariableScore(
            var, unit, None, float(p5[-1]), float(p50[-1]), float(p95[-1]), None, None, None,
            flows, split, None,
        )  # fmt: skip
        return score, paths
    known = np.isfinite(obs)
    tol = 1e-6  # a band of width 0 (no flows) holds an observed change of exactly 0
    inside_days = (obs[known] >= p5[known] - tol) & (obs[known] <= p95[known] + tol)
    score = VariableScore(
        variable=var,
        unit=unit,
        observed=last,
        p5=float(p5[-1]),
        p50=float(p50[-1]),
        p95=float(p95[-1]),
        inside=bool(p5[-1] - tol <= last <= p95[-1] + tol),
        days_inside_pct=float(100.0 * inside_days.mean()),
        p50_error=last - float(p50[-1]),
        flows=flows,
        by_flow=split,
        residual=last - flows,
    )
    return score, paths


def backtest(
    episode: Episode | str | Path,
    *,
    draws: int = DEFAULT_DRAWS,
    seed: int = 1,
    calibration: str = "default",
) -> BacktestResult:
    """Replay an episode's observed flows and score the simulated against the observed moves.

    Parameters
    ----------
    episode
        An :class:`Episode`, a bundled episode's name or an episode file.
    draws
        Parameter draws (1 = the calibration's central values).
    seed
        Seed of the draws.
    calibration
        Named calibration of the parameter registry.

    Returns
    -------
    BacktestResult
    """
    ep = episode if isinstance(episode, Episode) else load_episode(episode)
    d = Draws.make(REGISTRY, draws, seed, calibration)
    ed = episode_data(ep)
    return _result(ep, ed, d.params, d.seed)


def _result(ep: Episode, ed: EpisodeData, params: ParamDraws, seed: int) -> BacktestResult:
    T = len(ed.dates)
    cal = REGISTRY.calibration(params.calibration)
    if ed.components:
        total = simulate_flows(ed.components, ed.context, params, ep.state)
        each = {
            c.label: _paths(
                c.net_sell_usd_bn, c.converted_usd_bn, ed.context, params, ep.state, cal
            )
            for c in ed.components
        }
    else:
        total = np.zeros((params.n, T, 6))
        each = {}
    scores, paths = [], {}
    for k, (var, (_, unit)) in enumerate(VARIABLES.items()):
        score, p = _score(
            var,
            unit,
            total[:, :, k],
            {lbl: v[:, :, k] for lbl, v in each.items()},
            ed.observed[var],
        )
        scores.append(score)
        paths[var] = p
    flows = [
        {
            "label": c.label,
            "kind": c.kind,
            "source": c.source,
            "sold_usd_bn": round(c.sold_usd_bn, 2),
            "converted_to_jpy_usd_bn": round(c.converted_to_jpy_usd_bn, 2),
            "detail": c.detail,
        }
        for c in ed.components
    ]
    market = {
        "as_of": ed.context.as_of,
        "foreign_holdings_usd_bn": round(ed.context.foreign_holdings_usd_bn, 1),
        "marketable_debt_usd_bn": round(ed.context.marketable_debt_usd_bn, 1),
    }
    notes = list(_NOTES)
    missing = [s.variable for s in scores if s.observed is None]
    if missing:
        notes.append(f"no observations for {', '.join(missing)} over the window")
    return BacktestResult(
        episode=ep.name,
        title=ep.title,
        start=ep.start,
        end=ep.end,
        base_date=f"{ed.base_date:%Y-%m-%d}",
        state=ep.state,
        calibration=params.calibration,
        draws=params.n,
        seed=seed,
        market=market,
        flows=flows,
        scores=scores,
        dates=[f"{d:%Y-%m-%d}" for d in ed.dates],
        paths=paths,
        sources={
            "episode": list(ep.sources),
            **({"state": ep.state_source} if ep.state_source else {}),
            "data": ed.sources,
            "parameters": f"cardtable registry, calibration {cal.name}: {cal.source}",
        },
        notes=notes,
    )


def backtest_all(
    *, draws: int = DEFAULT_DRAWS, seed: int = 1, calibration: str = "default"
) -> list[BacktestResult]:
    """Every bundled episode, in order of their windows, with the same draws."""
    return [
        backtest(name, draws=draws, seed=seed, calibration=calibration) for name in episode_names()
    ]

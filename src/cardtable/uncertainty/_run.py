"""Monte Carlo over the whole pipeline: scenario -> schedule -> market paths -> cost ledger.

All parameter draws are made up front (they are small: draws x parameters), then the models
run on chunks of draws so that working memory stays bounded; because every draw of every
parameter depends only on the seed and the parameter's name, results do not depend on the
chunk size. ``draws=1`` is the deterministic run at the calibration's central values.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from cardtable._typing import FloatArray
from cardtable.costs import ledger
from cardtable.errors import InputError
from cardtable.market import Backstop, MarketPaths, shock_paths, simulate_market
from cardtable.params import REGISTRY, ParamDraws, SeedLike
from cardtable.scenarios import (
    Plan,
    Scenario,
    load_scenario,
    market_state_conflict,
    plan,
    shock_spec,
)
from cardtable.uncertainty._result import SimulationResult

__all__ = ["DEFAULT_CHUNK_DRAWS", "draw_params", "run_costs", "run_plan", "simulate"]

DEFAULT_CHUNK_DRAWS = 25_000


def draw_params(n: int, seed: SeedLike, calibration: str) -> ParamDraws:
    """Central values for ``n == 1``, otherwise ``n`` draws from the registry ranges."""
    if n == 1:
        return REGISTRY.central(calibration, 1)
    return REGISTRY.draw(n, seed, calibration)


def simulate(
    scenario: Scenario | str | Path,
    *,
    draws: int | None = None,
    seed: int | None = None,
    calibration: str | None = None,
    chunk_draws: int = DEFAULT_CHUNK_DRAWS,
) -> SimulationResult:
    """Simulate a scenario (object, built-in name or TOML path).

    Parameters
    ----------
    scenario
        The scenario, or its built-in name or file path.
    draws, seed, calibration
        Override the scenario's own values.
    chunk_draws
        Draws evaluated together; bounds working memory, never changes results.

    Returns
    -------
    SimulationResult
    """
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    origin = sc.name
    if not isinstance(scenario, Scenario) and Path(scenario).is_file():
        origin = Path(scenario).name
    n = sc.draws if draws is None else draws
    if n < 1:
        raise InputError("--draws", n, "a whole number of draws >= 1")
    cal = calibration or sc.calibration
    REGISTRY.calibration(cal)  # unknown names fail before any work
    conflict = market_state_conflict(sc.state, cal)
    if conflict:
        raise InputError("calibration", cal, f"{origin} has state = {sc.state!r}: {conflict}")
    seed_ = sc.seed if seed is None else seed
    if seed_ < 0:
        raise InputError("--seed", seed_, "a non-negative whole number")
    params = draw_params(n, seed_, cal)
    return run_plan(plan(sc, origin), params, seed=seed_, chunk_draws=chunk_draws)


def run_plan(
    p: Plan, params: ParamDraws, *, seed: int = 0, chunk_draws: int = DEFAULT_CHUNK_DRAWS
) -> SimulationResult:
    """Run the market and cost models for a resolved plan over the given parameter draws.

    Parameters
    ----------
    p
        A resolved plan (:func:`cardtable.scenarios.plan`).
    params
        Parameter draws (leading axis = draws).
    seed
        Recorded in the result.
    chunk_draws
        Draws per chunk.
    """
    n, T = params.n, p.horizon_days
    yields = np.empty((n, T, 4), dtype=np.float32)
    usdjpy = np.empty((n, T), dtype=np.float32)
    broad = np.empty((n, T), dtype=np.float32)
    cb = np.empty((n, T), dtype=np.float32)
    fx = {cur: np.empty((n, T), dtype=np.float32) for cur in p.flows().converted_usd_bn}
    costs = _run_chunks(p, params, chunk_draws, MarketPaths(yields, usdjpy, broad, fx, cb))
    sc = p.scenario
    cal = REGISTRY.calibration(params.calibration)
    return SimulationResult(
        scenario=sc.name,
        description=" ".join(sc.description.split()),
        as_of=sc.as_of,
        state=sc.state,
        calibration=params.calibration,
        draws=n,
        seed=seed,
        horizon_days=T,
        yields_bp=yields,
        usdjpy_pct=usdjpy,
        broad_dollar_pct=broad,
        backstop_usd_bn=cb,
        costs_usd_bn=costs,
        params=params,
        sources={
            **p.sources,
            "parameters": f"cardtable registry, calibration {cal.name}: {cal.source}",
        },
        notes=tuple(sc.notes),
        fx_pct=fx,
        shocks=shock_paths(shock_spec(sc.shocks, T, sc.name), T),
    )


def run_costs(
    p: Plan, params: ParamDraws, *, chunk_draws: int = DEFAULT_CHUNK_DRAWS
) -> dict[str, FloatArray]:
    """The cost ledger of a resolved plan per draw, without keeping the market paths.

    The same models and draws as :func:`run_plan` (identical ledger lines), but the paths of
    each chunk are written into one chunk-sized buffer that is reused, so memory does not grow
    with the number of draws beyond the ledger itself (the negotiation and coalition layers
    need only the costs).

    Returns
    -------
    dict
        Ledger line -> ``(D,)`` USD bn.
    """
    if chunk_draws < 1:
        raise InputError("chunk_draws", chunk_draws, "a whole number >= 1")
    m, T = min(chunk_draws, params.n), p.horizon_days
    buffer = MarketPaths(
        np.empty((m, T, 4), dtype=np.float32),
        np.empty((m, T), dtype=np.float32),
        np.empty((m, T), dtype=np.float32),
        {},
        np.empty((m, T), dtype=np.float32),
    )
    return _run_chunks(p, params, chunk_draws, buffer, reuse=True)


def _run_chunks(
    p: Plan, params: ParamDraws, chunk_draws: int, store: MarketPaths, *, reuse: bool = False
) -> dict[str, FloatArray]:
    """Market paths into ``store`` chunk by chunk (from row 0 if ``reuse``); ledger lines."""
    if chunk_draws < 1:
        raise InputError("chunk_draws", chunk_draws, "a whole number >= 1")
    sc = p.scenario
    n = params.n
    flows = p.flows()
    books = p.seller_books()
    backstop = Backstop(
        enabled=sc.backstop.enabled,
        trigger_bp=sc.backstop.trigger_bp,
        capacity_usd_bn_per_day=sc.backstop.capacity_usd_bn_per_day,
    )
    cal = REGISTRY.calibration(params.calibration)
    shocks = shock_spec(sc.shocks, p.horizon_days, sc.name)
    costs: dict[str, FloatArray] = {}
    for start in range(0, n, chunk_draws):
        stop = min(start + chunk_draws, n)
        chunk = params.slice(start, stop)
        a, b = (0, stop - start) if reuse else (start, stop)
        out = MarketPaths(
            store.yields_bp[a:b],
            store.usdjpy_pct[a:b],
            store.broad_dollar_pct[a:b],
            {cur: arr[a:b] for cur, arr in store.fx_pct.items()},
            store.backstop_usd_bn[a:b],
        )
        paths = simulate_market(
            flows,
            p.context,
            chunk,
            state=sc.state,
            backstop=backstop,
            calibration=cal,
            out=out,
            shocks=shocks,
        )
        led = ledger(paths, books, p.other_holders, p.debt, chunk)
        for line, values in led.lines.items():
            costs.setdefault(line, np.empty(n))[start:stop] = values
        del paths
    return costs

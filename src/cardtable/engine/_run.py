"""Monte Carlo over the pipeline: a :class:`~cardtable.scenarios.Plan` run over
:class:`~cardtable.params.Draws` -> market paths -> cost ledger.

All parameter draws are made up front (they are small: draws x parameters), then the models
run on chunks of draws so that working memory stays bounded; because every draw of every
parameter depends only on the seed and the parameter's name, results do not depend on the
chunk size. ``draws=1`` is the deterministic run at the calibration's central values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from cardtable._typing import TENORS, Float32Array, FloatArray
from cardtable.costs import INTEREST_YEARS, check_interest_years, ledger, us_interest_lines
from cardtable.engine._result import SimulationResult, path_outputs
from cardtable.errors import InputError
from cardtable.market import MarketPaths, ShockPaths, shock_paths, simulate_market
from cardtable.params import PATH_SERIES, Draws
from cardtable.scenarios import (
    Plan,
    Scenario,
    as_scenario,
    plan,
    scenario_draws,
    shock_spec,
)

__all__ = ["DEFAULT_CHUNK_DRAWS", "PATHS_CHUNK_DRAWS", "run", "run_costs", "simulate"]

DEFAULT_CHUNK_DRAWS = 25_000
#: Chunk of :func:`run` (and :func:`simulate`), which keeps every path: the chunk's float64
#: working arrays come on top of the paths, so a smaller chunk lowers the peak (100,000 draws:
#: about 120 MB less than at 25,000) for about 4% more time (benchmarks/bench_cli.py).
PATHS_CHUNK_DRAWS = 10_000


def simulate(
    scenario: Scenario | str | Path,
    *,
    draws: int | None = None,
    seed: int | None = None,
    calibration: str | None = None,
    overrides: Mapping[str, Any] | None = None,
    strict: bool = False,
    chunk_draws: int = PATHS_CHUNK_DRAWS,
    keep_paths: bool = True,
) -> SimulationResult:
    """Simulate a scenario (object, built-in name or TOML path).

    Parameters
    ----------
    scenario
        The scenario, or its built-in name or file path.
    draws, seed, calibration
        Override the scenario's own values (checked by :meth:`cardtable.params.Draws.make`).
    overrides
        ``NAME -> value`` for scenario fields or registry parameters
        (:func:`cardtable.scenarios.with_overrides`); recorded in the result's sources.
    strict
        Refuse parameters set outside their plausible range (default: warn).
    chunk_draws
        Draws evaluated together; bounds working memory, never changes results.
    keep_paths
        Keep every draw's day-by-day paths (needed by ``paths_frame``, ``write`` and the
        report). Without them the result holds the per-draw summaries and costs only (all
        that ``summary()`` and ``to_dict()`` read), and memory does not grow with the draws
        beyond a few numbers per draw; the figures are identical.

    Returns
    -------
    SimulationResult
    """
    sc, origin, fields = as_scenario(scenario, overrides)
    p = plan(sc, origin)
    d = scenario_draws(
        sc,
        draws=draws,
        seed=seed,
        calibration=calibration,
        strict=strict,
        path_days=p.horizon_days if keep_paths else None,
        path_series=PATH_SERIES + len(p.flows().converted_usd_bn),
    )
    return run(p, d, chunk_draws=chunk_draws, fields=fields, keep_paths=keep_paths)


def run(
    p: Plan,
    draws: Draws,
    *,
    chunk_draws: int = PATHS_CHUNK_DRAWS,
    fields: str = "",
    keep_paths: bool = True,
) -> SimulationResult:
    """Run the market and cost models for a resolved plan over the given draws.

    Parameters
    ----------
    p
        A resolved plan (:func:`cardtable.scenarios.plan`).
    draws
        Parameter draws (leading axis = draws), with their seed and calibration.
    chunk_draws
        Draws per chunk.
    fields
        The scenario fields the user set (:func:`cardtable.scenarios.as_scenario`), cited.
    keep_paths
        Keep every path (else one chunk-sized buffer is reused and only the per-draw
        summaries are kept; :func:`simulate`).
    """
    n, T = draws.n, p.horizon_days
    shocks = shock_paths(shock_spec(p.scenario.shocks, T, p.scenario.name), T)
    summaries: dict[str, FloatArray] = {}
    if keep_paths:
        paths = _lean_store(p, n, min(_chunk(chunk_draws), n))
        costs = _run_chunks(p, draws, chunk_draws, paths, summaries=summaries, contributions=shocks)
        if not p.backstop.enabled:  # all zeros: one shared zero, not D x T of them
            paths = replace(paths, backstop_usd_bn=np.broadcast_to(np.float32(0.0), (n, T)))
    else:
        buffer = _buffer(p, min(_chunk(chunk_draws), n))
        costs = _run_chunks(
            p, draws, chunk_draws, buffer, reuse=True, summaries=summaries, contributions=shocks
        )
        paths = _buffer(p, n, days=0)  # (D, 0) arrays: the shapes say what was not kept
    sc = p.scenario
    cal = draws.calibration
    return SimulationResult(
        scenario=sc.name,
        description=" ".join(sc.description.split()),
        as_of=sc.as_of,
        state=sc.state,
        calibration=cal.name,
        draws=n,
        seed=draws.seed,
        horizon_days=T,
        yields_bp=paths.yields_bp,
        usdjpy_pct=paths.usdjpy_pct,
        broad_dollar_pct=paths.broad_dollar_pct,
        backstop_usd_bn=paths.backstop_usd_bn,
        costs_usd_bn=costs,
        params=draws.params,
        sources=sources(p, draws, fields),
        notes=tuple(sc.notes),
        fx_pct=paths.fx_pct,
        shocks=shocks,
        summaries=summaries,
        paths_kept=keep_paths,
    )


def run_costs(
    p: Plan,
    draws: Draws,
    *,
    chunk_draws: int = DEFAULT_CHUNK_DRAWS,
    interest_years: int = INTEREST_YEARS,
    us_interest_only: bool = False,
) -> dict[str, FloatArray]:
    """The cost ledger of a resolved plan per draw, without keeping the market paths.

    The same models and draws as :func:`run` (identical ledger lines), but the paths of each
    chunk are written into one chunk-sized buffer that is reused, so memory does not grow with
    the number of draws beyond the ledger itself (the negotiation and coalition layers need
    only the costs).

    Parameters
    ----------
    p, draws, chunk_draws
        As for :func:`run`.
    interest_years
        Horizon of the US federal interest lines (1, 5, 10 or 30 years): only the lines up to
        it, computed over that many years (the same figures as the 30-year ledger's, for a
        fraction of its work: :func:`cardtable.costs.ledger`).
    us_interest_only
        Only the US federal interest lines (:func:`cardtable.costs.us_interest_lines`).

    Returns
    -------
    dict
        Ledger line -> ``(D,)`` USD bn.
    """
    check_interest_years(interest_years)
    buffer = _buffer(p, min(_chunk(chunk_draws), draws.n))
    return _run_chunks(
        p,
        draws,
        chunk_draws,
        buffer,
        reuse=True,
        interest_years=interest_years,
        us_interest_only=us_interest_only,
    )


def moves_on_day(
    p: Plan, draws: Draws, day: int, *, chunk_draws: int = DEFAULT_CHUNK_DRAWS
) -> dict[str, FloatArray]:
    """The market model alone (no cost ledger): each draw's moves on trading day ``day``.

    Returns
    -------
    dict
        ``yield_2y_bp`` ... ``yield_30y_bp`` and ``usdjpy_pct`` -> ``(D,)``.
    """
    if not 0 <= day < p.horizon_days:
        raise InputError("day", day, f"a trading day in [0, {p.horizon_days - 1}]")
    return _run_chunks(
        p, draws, chunk_draws, _buffer(p, min(_chunk(chunk_draws), draws.n)), reuse=True, day=day
    )


def _buffer(p: Plan, m: int, days: int | None = None) -> MarketPaths:
    """Arrays for the market paths of ``m`` draws over ``days`` (default: the horizon)."""
    T = p.horizon_days if days is None else days
    fx = {cur: np.empty((m, T), dtype=np.float32) for cur in p.flows().converted_usd_bn}
    return MarketPaths(
        np.empty((m, T, 4), dtype=np.float32),
        fx["JPY"] if "JPY" in fx else np.empty((m, T), dtype=np.float32),  # one array
        np.empty((m, T), dtype=np.float32),
        fx,
        np.empty((m, T), dtype=np.float32),
    )


def _lean_store(p: Plan, n: int, chunk: int) -> MarketPaths:
    """Arrays for every path of ``n`` draws, each stored once: the yen's path is USD/JPY
    itself (``fx_pct['JPY']`` and ``usdjpy_pct`` are one array), and without a backstop its
    purchases, all zero, go to a chunk-sized scratch array. At 100,000 draws x 252 days each
    saves 96 MiB."""
    T = p.horizon_days
    fx = {cur: np.empty((n, T), dtype=np.float32) for cur in p.flows().converted_usd_bn}
    rows = n if p.backstop.enabled else chunk
    return MarketPaths(
        np.empty((n, T, 4), dtype=np.float32),
        fx["JPY"] if "JPY" in fx else np.empty((n, T), dtype=np.float32),
        np.empty((n, T), dtype=np.float32),
        fx,
        np.empty((rows, T), dtype=np.float32),
    )


def _rows(arr: Float32Array, start: int, stop: int, reuse: bool) -> Float32Array:
    """Rows of a chunk in a store: from row 0 of a chunk-sized array (or when ``reuse``),
    else at the chunk's own rows."""
    if reuse or arr.shape[0] < stop:
        return arr[: stop - start]
    return arr[start:stop]


def _chunk(chunk_draws: int) -> int:
    if isinstance(chunk_draws, bool) or not isinstance(chunk_draws, int) or chunk_draws < 1:
        raise InputError("chunk_draws", chunk_draws, "a whole number >= 1")
    return chunk_draws


def _run_chunks(
    p: Plan,
    draws: Draws,
    chunk_draws: int,
    store: MarketPaths,
    *,
    reuse: bool = False,
    summaries: dict[str, FloatArray] | None = None,
    day: int | None = None,
    contributions: ShockPaths | None = None,
    interest_years: int = INTEREST_YEARS,
    us_interest_only: bool = False,
) -> dict[str, FloatArray]:
    """Market paths into ``store`` chunk by chunk (from row 0 if ``reuse``); ledger lines.

    When ``summaries`` is given, the per-draw :func:`path_outputs` of each chunk are written
    into it as the chunk is finished (one pass over paths the chunk has just written, instead
    of a second pass over all paths when the result is summarised). With ``day``, the market
    model alone runs and the moves on that day are returned instead of the ledger
    (``yields_<tenor>_bp``, ``usdjpy_pct``)."""
    step = _chunk(chunk_draws)
    n = draws.n
    flows = p.flows()
    books = p.seller_books()
    shocks = shock_spec(p.scenario.shocks, p.horizon_days, p.scenario.name)
    costs: dict[str, FloatArray] = {}
    for start in range(0, n, step):
        stop = min(start + step, n)
        chunk = draws.params.slice(start, stop)
        out = MarketPaths(
            _rows(store.yields_bp, start, stop, reuse),
            _rows(store.usdjpy_pct, start, stop, reuse),
            _rows(store.broad_dollar_pct, start, stop, reuse),
            {cur: _rows(arr, start, stop, reuse) for cur, arr in store.fx_pct.items()},
            _rows(store.backstop_usd_bn, start, stop, reuse),
        )
        paths = simulate_market(
            flows,
            p.context,
            chunk,
            state=p.scenario.state,
            backstop=p.backstop,
            calibration=draws.calibration,
            out=out,
            shocks=shocks,
        )
        if day is not None:
            for k, tenor in enumerate(TENORS):
                at = costs.setdefault(f"yield_{tenor}_bp", np.empty(n))
                at[start:stop] = paths.yields_bp[:, day, k]
            costs.setdefault("usdjpy_pct", np.empty(n))[start:stop] = paths.usdjpy_pct[:, day]
            continue
        if us_interest_only:
            part = us_interest_lines(paths, p.debt, chunk, interest_years)
            for line, values in part.items():
                costs.setdefault(line, np.empty(n))[start:stop] = values
            continue
        led = ledger(paths, books, p.other_holders, p.debt, chunk, interest_years=interest_years)
        if summaries is not None:
            block = path_outputs(
                paths.yields_bp,
                paths.usdjpy_pct,
                paths.broad_dollar_pct,
                paths.backstop_usd_bn if p.backstop.enabled else None,
                paths.fx_pct,
                contributions,
            )
            for name, values in block.items():
                summaries.setdefault(name, np.empty(n))[start:stop] = values
        for line, values in led.lines.items():
            costs.setdefault(line, np.empty(n))[start:stop] = values
        del paths
    return costs


def sources(p: Plan, draws: Draws, fields: str = "") -> dict[str, str]:
    """What a result cites: the plan's data sources with vintages, the calibration, and the
    parameters and scenario fields the user set."""
    cal = draws.calibration
    out = {**p.sources, "parameters": f"cardtable registry, calibration {cal.name}: {cal.source}"}
    if draws.overrides:
        out["parameters set by the user"] = draws.describe_overrides()
    if fields:
        out["scenario fields set by the user"] = fields
    return out

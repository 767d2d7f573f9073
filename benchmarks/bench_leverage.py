"""Leverage benchmarks (a report, not a test).

- Exact Shapley values for every holder TIC lists at 2025-12 (weights in USD 0.1bn units) on
  the weighted-majority game with a 50% quota: median seconds (target <= 0.05 s; the game is
  piecewise linear with 4 knots, so ``shapley_weighted`` takes the hat-function path) and the
  ratio to the ``powerindex`` package's Shapley-Shubik index on the same game (target >= 20x),
  after checking that both give the same values; the same game through the ``(n, W+1)``
  coalition-weight profile (the general path, and the only one before the hat functions), and
  the 65 hat functions of ``coalition``'s grid (``shapley_piecewise_linear``).
- ``negotiate`` with 100,000 draws: the game solvers alone on engine cost arrays (target
  <= 2 s), and the whole command (engine runs for the sale, stop-buying and announcement
  counterfactuals included); inside it, the median time of the game's three steps (the solved
  game, the market-implied probability, the belief value).
- The ratio to pygambit: the discretised threat game of the cross-check test
  (``tests/game/test_game_crosscheck_gambit.py``: US threat, holder's sell-or-not threat,
  random proposer, offers, accept/reject, execute/refrain) built and solved by pygambit once
  per draw on a sample of draws, with ``lcp_solve`` (a Nash equilibrium of the tree) and
  ``logit_solve`` (the limit of the logit QRE: subgame perfect); time per draw x 100,000
  against cardtable solving the same game for all 100,000 draws at once.

Run: ``python benchmarks/bench_leverage.py`` (or ``make bench``).
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable

import numpy as np


def _median(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def bench_shapley() -> dict[str, float]:
    """Exact Shapley (ours) vs powerindex on TIC 2025-12 weights, quota 50%."""
    import powerindex as px

    from cardtable import data
    from cardtable.game import (
        coalition_weight_profile,
        holder_weights,
        shapley_from_profile,
        shapley_piecewise_linear,
        shapley_weighted,
    )

    snap = data.holdings_at("2025-12")
    table = dict(zip(snap.table["country"], snap.table["holdings_usd_bn"], strict=True))
    _, units = holder_weights(table)
    total = int(units.sum())
    quota = total // 2 + 1
    g = (np.arange(total + 1) >= quota).astype(float)  # weighted majority game
    ours = shapley_weighted(units, g)
    game = px.Game(quota, weights=[int(u) for u in units])
    game.calc_shapley_shubik()
    theirs = np.asarray(game.shapley_shubik)
    max_diff = float(np.abs(ours - theirs).max())
    t_ours = _median(lambda: shapley_weighted(units, g), 15)

    def run_px() -> None:
        gm = px.Game(quota, weights=[int(u) for u in units])
        gm.calc_shapley_shubik()

    t_px = _median(run_px, 3)

    def profile_path() -> object:
        return shapley_from_profile(units, coalition_weight_profile(units), g)

    profile_diff = float(np.max(np.abs(np.asarray(profile_path()) - ours) / np.abs(ours)))
    t_profile = _median(profile_path, 5)
    knots = np.linspace(0.0, total / 10, 65) * 10  # coalition's grid, in units
    knots[-1] = total
    t_hats = _median(lambda: shapley_piecewise_linear(units, knots), 15)
    return {
        "players": float(units.size),
        "total_units": float(total),
        "shapley_ours_median_s": t_ours,
        "shapley_powerindex_median_s": t_px,
        "speedup_vs_powerindex": t_px / t_ours,
        "max_abs_difference": max_diff,
        "shapley_profile_path_median_s": t_profile,
        "profile_path_max_rel_difference": profile_diff,
        "shapley_65_hats_median_s": t_hats,
    }


def bench_negotiate(draws: int = 100_000) -> dict[str, float]:
    """Game solvers on engine arrays, and the whole negotiate command, at ``draws`` draws."""
    from cardtable.engine import run as run_plan
    from cardtable.game import Announcement, ThreatOption, negotiate
    from cardtable.leverage import PlanCosts
    from cardtable.leverage import negotiate as negotiate_scenario
    from cardtable.params import REGISTRY, Draws
    from cardtable.scenarios import load_scenario, plan

    sc = load_scenario("kato-2025")
    dr = Draws.make(REGISTRY, draws, 1, "default")
    params = dr.params
    p = plan(sc)
    costs = run_plan(p.executed(), dr).costs_usd_bn
    stakes = PlanCosts.from_ledger(costs, "Japan")
    sell = ThreatOption("sell_300", "sell", stakes.holder_pv(params), stakes.us_pv(params))
    ann = Announcement(sell, 0.1, costs["us_federal_interest_1y"] * 0.1)
    threat = {"autos_and_parts": 25.0, "machinery_and_electronics": 24.0, "other": 24.0}
    grid = np.linspace(0.0, 50.0, 41)

    def solve() -> None:
        negotiate(
            "Japan",
            params,
            us_threats={"threat": threat},
            deal_tariffs_pct=grid,
            holder_threats=[sell],
            announcement=ann,
        )

    t_game = _median(solve, 3)
    t_all = _median(lambda: negotiate_scenario("kato-2025", draws=draws, seed=1), 5)
    return {
        "negotiate_game_median_s": t_game,
        "negotiate_end_to_end_s": t_all,
        **_negotiate_phases(draws),
    }


def _negotiate_phases(draws: int, repeats: int = 5) -> dict[str, float]:
    """Median seconds of the game's three steps inside ``negotiate("kato-2025")``: the
    solved game (trade stakes, threat games, announcement), the market-implied probability
    (with its engine run of the sure announcement) and the belief value."""
    import cardtable.leverage._negotiate as scenario_negotiation

    steps = {"solve_negotiation": "game", "implied": "implied", "belief_value": "belief"}
    times: dict[str, list[float]] = {name: [] for name in steps}
    originals = {name: getattr(scenario_negotiation, name) for name in steps}

    def timed(name: str) -> Callable[..., object]:
        def call(*args: object, **kwargs: object) -> object:
            t0 = time.perf_counter()
            out = originals[name](*args, **kwargs)
            times[name].append(time.perf_counter() - t0)
            return out

        return call

    try:
        for name in steps:
            setattr(scenario_negotiation, name, timed(name))
        for _ in range(repeats + 1):  # the first run warms up
            scenario_negotiation.negotiate("kato-2025", draws=draws, seed=1)
    finally:
        for name, fn in originals.items():
            setattr(scenario_negotiation, name, fn)
    return {
        f"negotiate_step_{label}_median_s": statistics.median(times[name][1:])
        for name, label in steps.items()
    }


def bench_gambit_ratio(draws: int = 100_000, sample: int = 5) -> dict[str, float]:
    """pygambit once per draw on ``sample`` draws vs cardtable on ``draws`` draws."""
    import importlib.util
    from fractions import Fraction
    from pathlib import Path

    import pygambit as gbt

    from cardtable.engine import run_costs
    from cardtable.game import PayoffWeights, ThreatOption, solve_threat_game, trade_stakes
    from cardtable.leverage import PlanCosts
    from cardtable.params import REGISTRY, Draws
    from cardtable.scenarios import load_scenario, plan

    tests = Path(__file__).resolve().parents[1] / "tests"
    path = tests / "game" / "test_game_crosscheck_gambit.py"
    spec = importlib.util.spec_from_file_location("crosscheck", path)
    assert spec is not None
    assert spec.loader is not None
    crosscheck = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(crosscheck)

    dr = Draws.make(REGISTRY, draws, 1, "default")
    params = dr.params
    costs = run_costs(plan(load_scenario("kato-2025")).executed(), dr)
    stakes = PlanCosts.from_ledger(costs, "Japan")
    sell = ThreatOption("sell_300", "sell", stakes.holder_pv(params), stakes.us_pv(params))
    threat = {"autos_and_parts": 25.0, "machinery_and_electronics": 24.0, "other": 24.0}
    grid = np.linspace(0.0, 50.0, 41)

    def ours() -> None:
        stakes = trade_stakes("Japan", grid, {"threat": threat}, params)
        solve_threat_game(stakes, PayoffWeights.from_params(params), [sell])

    t_ours = _median(ours, 3)
    stakes = trade_stakes("Japan", grid, {"threat": threat}, params)
    w = PayoffWeights.from_params(params)
    per_draw: dict[str, list[float]] = {"lcp": [], "logit": []}
    for d in range(sample):
        alpha = Fraction(float(w.alpha[d])).limit_denominator(1000)
        for method in per_draw:
            t0 = time.perf_counter()
            tree = crosscheck.threat_tree(stakes, w, [sell], alpha, True, d)
            if method == "lcp":
                gbt.nash.lcp_solve(tree, rational=False)
            else:
                gbt.nash.logit_solve(tree)
            per_draw[method].append(time.perf_counter() - t0)
    report = {"gambit_sample_draws": float(sample), "ours_same_game_100k_s": t_ours}
    for method, times in per_draw.items():
        median = statistics.median(times)
        report[f"gambit_{method}_median_s_per_draw"] = median
        report[f"gambit_{method}_ratio_at_{draws}_draws"] = median * draws / t_ours
    return report


def main() -> None:
    """Print the leverage benchmark report."""
    report = {**bench_shapley(), **bench_negotiate(), **bench_gambit_ratio()}
    print(json.dumps({k: float(f"{v:.6g}") for k, v in report.items()}, indent=2))


if __name__ == "__main__":
    main()

"""Cross-check of the threat game against pygambit's subgame-perfect equilibria.

The discretised negotiation as an extensive-form game, for single draws of the model:

1. the US picks its threatened tariff; 2. the holder picks its threat (none / sell), seeing
the US threat (``us_leads``) or not (``simultaneous``: one information set); 3. Nature picks
the proposer (the holder with probability alpha: Binmore, Rubinstein & Wolinsky 1986 show the
random-proposer game implements the generalised Nash solution); 4. the proposer offers a
transfer from a discrete menu (offers leaving the responder just above each of its possible
continuation values, and a worse one); 5. the responder accepts or rejects; 6. after a
rejection the holder decides whether to execute its sale (credibility).

The tree is built from the model's primitives (trade payoffs at each tariff, the engine's
costs of the sale), not from cardtable's bargaining formulas. Two checks:

* **Certified subgame perfection (every case, fast).** Below the threat stage the profile is
  found by backward induction over the pygambit tree (generic code in this test, not
  cardtable's) and **pygambit certifies** it: at every decision node, conditional on reaching
  it, no one-shot deviation pays (``node_value``), which by the one-shot deviation principle is
  subgame perfection; payoffs are generic, so it is the unique one. The simultaneous threat
  stage is solved **by pygambit** (``lcp_solve`` on its strategic form, whose payoffs are
  pygambit's continuation values) and certified Nash (``agent_max_regret``).
* **pygambit's own equilibrium selection (two cases, slow).** ``logit_solve`` follows the
  principal branch of the agent logit QRE, whose limit is a sequential, hence subgame-perfect,
  equilibrium (McKelvey & Palfrey 1998). It stops at a finite precision: there responders
  still reject an offer worth ``EPS`` to them with probability ~2e-4, which costs both sides
  ~0.02 (the gap once reported here as a disagreement). Wherever it has settled (an action
  with probability > 0.99) it must take the certified profile's action; where it still mixes,
  only between actions pygambit values exactly equally (a holder indifferent between no threat
  and an incredible one), and the certified action must be among them.

The equilibrium payoffs pygambit computes on the tree must equal
:func:`cardtable.game.solve_threat_game` within the offer margin: the holder's payoff differs
by at most ``EPS * max(1, 1/v)`` and the US's by ``EPS * max(1, v)``, plus ``1e-3`` for the
payoffs rounded to 0.001 at the leaves. A non-credible sale is never executed, on or off the
path. pygambit is GPL and used only here.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

from cardtable.game import PayoffWeights, ThreatOption, solve_threat_game, trade_stakes
from cardtable.game._threats import joint_optimum
from cardtable.params import REGISTRY

pytestmark = pytest.mark.crosscheck
gbt = pytest.importorskip("pygambit")

EPS = 0.01  # the responder strictly prefers the exact offers; payoffs rounded to 0.001


def _model(seed: int, seller_cost: float, us_cost: float, alpha: Fraction):  # type: ignore[no-untyped-def]
    params = REGISTRY.draw(1, seed=seed).with_values(holder_bargaining_power=float(alpha))
    threats: dict[str, dict[str, float] | float] = {
        "recip_24": {"autos_and_parts": 27.5, "machinery_and_electronics": 25.5, "other": 25.5},
        "flat_10": 11.5,
    }
    stakes = trade_stakes("Japan", np.linspace(0, 30, 13), threats, params)
    w = PayoffWeights.from_params(params)
    opts = [ThreatOption("sell", "sell", seller_cost, us_cost)]
    return stakes, w, opts


def threat_tree(stakes, w, opts, alpha: Fraction, simultaneous: bool, d: int = 0):  # type: ignore[no-untyped-def]
    """Draw ``d`` of the negotiation as a pygambit tree (also used by benchmarks/)."""
    n = stakes.pv_factor.shape[0]

    def at(x) -> float:  # type: ignore[no-untyped-def]
        return float(np.broadcast_to(np.asarray(x, dtype=float), (n,))[d])

    v = at(w.v_us)
    idx, _ = joint_optimum(stakes, w)
    uh_star = float(stakes.holder_grid(w)[d, idx[d]])
    uus_star = float(stakes.us_grid(w)[d, idx[d]])
    base_h = stakes.holder_threat(w)[d]
    base_us = stakes.us_threat(w)[d]
    seller, uscost = at(opts[0].seller_cost_usd_bn), at(opts[0].us_cost_usd_bn)
    wb = at(w.w_bond)

    g = gbt.Game.new_tree(players=["H", "US"], title="threats")
    labels = list(stakes.threat_labels)
    g.append_move(g.root, "US", labels)
    holder_nodes = [g.root.children[lab] for lab in labels]
    if simultaneous:
        g.append_move(holder_nodes, "H", ["none", "sell"])
    else:
        for node in holder_nodes:
            g.append_move(node, "H", ["none", "sell"])
    count = 0

    def outcome(node, uh: float, uus: float) -> None:  # type: ignore[no-untyped-def]
        nonlocal count
        count += 1
        payoffs = [Decimal(f"{uh:.3f}"), Decimal(f"{uus:.3f}")]  # exact rationals: fast LCP
        g.set_outcome(node, g.add_outcome(f"o{count}", payoffs))

    for j, lab in enumerate(labels):
        for threat in ("none", "sell"):
            node = g.root.children[lab].children[threat]
            g.append_move(node, g.players.chance, ["H_proposes", "US_proposes"])
            g.set_chance_probs(node.infoset, [alpha, 1 - alpha])
            d_keep = (float(base_h[j]), float(base_us[j]))
            d_exec = (d_keep[0] - seller, d_keep[1] - wb * uscost)
            conts = [d_keep] if threat == "none" else [d_keep, d_exec]
            for proposer in ("H_proposes", "US_proposes"):
                pnode = node.children[proposer]
                # transfers leaving the responder EPS above each possible continuation value
                if proposer == "H_proposes":
                    exact = [(d_us + EPS - uus_star) / v for _, d_us in conts]
                else:
                    exact = [uh_star - d_h - EPS for d_h, _ in conts]
                grid = [min(exact) - 50.0]  # a worse offer: the proposer must find the best
                offers = [*exact, *grid]
                who = "H" if proposer == "H_proposes" else "US"
                g.append_move(pnode, who, [f"c{k}" for k in range(len(offers))])
                responder = "US" if who == "H" else "H"
                for k, c in enumerate(offers):
                    onode = pnode.children[f"c{k}"]
                    g.append_move(onode, responder, ["accept", "reject"])
                    outcome(onode.children["accept"], uh_star - c, uus_star + v * c)
                    rej = onode.children["reject"]
                    if threat == "none":
                        outcome(rej, *d_keep)
                    else:
                        g.append_move(rej, "H", ["execute", "refrain"])
                        outcome(rej.children["execute"], *d_exec)
                        outcome(rej.children["refrain"], *d_keep)
    return g


def _backward_induction(node, profile) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Subgame-perfect play below ``node`` (perfect information), written into ``profile``."""
    if node.is_terminal:
        return float(node.outcome["H"]), float(node.outcome["US"])
    actions = list(node.infoset.actions)
    values = [_backward_induction(node.children[a.label], profile) for a in actions]
    if node.player.is_chance:
        probs = [float(a.prob) for a in actions]
        return (
            sum(p * h for p, (h, _) in zip(probs, values, strict=True)),
            sum(p * u for p, (_, u) in zip(probs, values, strict=True)),
        )
    me = 0 if node.player.label == "H" else 1
    best = max(range(len(actions)), key=lambda k: values[k][me])  # first on ties
    for k, a in enumerate(actions):
        profile[a] = 1.0 if k == best else 0.0
    return values[best]


def _one_shot_regret(game, profile) -> float:  # type: ignore[no-untyped-def]
    """Largest gain from deviating at one singleton node, given it is reached (pygambit values)."""
    worst = 0.0
    for node in game.nodes:
        if node.is_terminal or node.player.is_chance or len(node.infoset.members) > 1:
            continue
        who = node.player.label
        here = float(profile.node_value(who, node))
        alt = max(float(profile.node_value(who, child)) for child in node.children)
        worst = max(worst, alt - here)
    return worst


def _certified_spe(game, labels: list[str], simultaneous: bool):  # type: ignore[no-untyped-def]
    """The subgame-perfect profile: backward induction, and pygambit at a simultaneous stage."""
    profile = game.mixed_behavior_profile(rational=False)
    if not simultaneous:
        _backward_induction(game.root, profile)
        return profile
    stage = [game.root.children[j].children[i] for j in labels for i in ("none", "sell")]
    for node in stage:
        _backward_induction(node, profile)
    # the threat stage: a bimatrix game on pygambit's continuation values, solved by pygambit
    val = {
        (n.parent.prior_action.label, n.prior_action.label): (
            float(profile.node_value("H", n)),
            float(profile.node_value("US", n)),
        )
        for n in stage
    }
    hm = np.array([[val[(j, i)][0] for j in labels] for i in ("none", "sell")])
    um = np.array([[val[(j, i)][1] for j in labels] for i in ("none", "sell")])
    bimatrix = gbt.Game.from_dict({"H": hm, "US": um})
    eq = gbt.nash.lcp_solve(bimatrix, rational=False).equilibria[0]
    h_infoset = game.root.children[labels[0]].infoset
    h_probs = [float(eq[s]) for s in bimatrix.players["H"].strategies]
    us_probs = [float(eq[s]) for s in bimatrix.players["US"].strategies]
    for a, prob in zip(h_infoset.actions, h_probs, strict=True):
        profile[a] = prob
    for a, prob in zip(game.root.infoset.actions, us_probs, strict=True):
        profile[a] = prob
    return profile


CASES = [
    (1, 30.0, 90.0, Fraction(1, 2)),  # costly sale: not credible
    (2, -4.0, 60.0, Fraction(2, 5)),  # sale wanted anyway (FX defence): credible
    (3, -1.0, 5.0, Fraction(3, 5)),  # credible but weak
]


def _tolerances(w: PayoffWeights) -> tuple[float, float]:
    v = float(w.v_us[0])
    return EPS * max(1.0, 1.0 / v) + 1e-3, EPS * max(1.0, v) + 1e-3


def _case(seed: int, seller_cost: float, us_cost: float, alpha: Fraction, simultaneous: bool):  # type: ignore[no-untyped-def]
    """cardtable's solution, the pygambit tree and its certified subgame-perfect profile."""
    stakes, w, opts = _model(seed, seller_cost, us_cost, alpha)
    ours = solve_threat_game(stakes, w, opts, rule="simultaneous" if simultaneous else "us_leads")
    game = threat_tree(stakes, w, opts, alpha, simultaneous)
    profile = _certified_spe(game, list(stakes.threat_labels), simultaneous)
    return w, ours, game, profile


@pytest.mark.parametrize(("seed", "seller_cost", "us_cost", "alpha"), CASES)
@pytest.mark.parametrize("simultaneous", [False, True])
def test_threat_game_matches_gambit_certified_subgame_perfect_equilibrium(
    seed: int, seller_cost: float, us_cost: float, alpha: Fraction, simultaneous: bool
) -> None:
    w, ours, game, profile = _case(seed, seller_cost, us_cost, alpha, simultaneous)
    assert _one_shot_regret(game, profile) <= 1e-9  # subgame perfect at every singleton node
    assert float(profile.agent_max_regret()) <= 1e-9  # and Nash at the threat stage
    tol_h, tol_us = _tolerances(w)
    assert float(profile.payoff("H")) == pytest.approx(float(ours.holder_value[0]), abs=tol_h)
    assert float(profile.payoff("US")) == pytest.approx(float(ours.us_value[0]), abs=tol_us)
    executes = [float(profile[a]) for a in game.actions if a.label == "execute"]
    assert executes, "the tree has no execution decision"
    credible = bool(ours.executed[0, 1])
    assert credible == (seller_cost <= 0)
    assert all(e == (1.0 if credible else 0.0) for e in executes)  # on and off the path


@pytest.mark.parametrize(
    ("seed", "seller_cost", "us_cost", "alpha", "simultaneous"),
    [(*CASES[0], True), (*CASES[1], False)],
)
@pytest.mark.slow
def test_gambit_logit_limit_selects_the_certified_equilibrium(
    seed: int, seller_cost: float, us_cost: float, alpha: Fraction, simultaneous: bool
) -> None:
    w, ours, game, certified = _case(seed, seller_cost, us_cost, alpha, simultaneous)
    logit = gbt.nash.logit_solve(game).equilibria[0]
    decisive = 0
    for infoset in game.infosets:
        if infoset.player.is_chance:
            continue
        probs = {a.label: float(logit[a]) for a in infoset.actions}
        chosen = next(a for a in infoset.actions if float(certified[a]) == 1.0)
        if max(probs.values()) > 0.99:  # logit has settled: the same action
            decisive += 1
            assert probs[chosen.label] > 0.99, (infoset.player.label, probs, chosen.label)
        else:  # still mixing at the limit: only between actions worth exactly the same
            support = [a for a in infoset.actions if probs[a.label] > 0.01]
            assert chosen in support, (infoset.player.label, probs, chosen.label)
            worth = [float(certified.action_value(a)) for a in support]
            assert max(worth) - min(worth) <= 1e-9, (infoset.player.label, probs, worth)
    assert decisive >= 0.8 * sum(1 for i in game.infosets if not i.player.is_chance)
    # the logit profile itself is an approximate equilibrium: its residual rejections cost both
    # sides a little (about 0.02 here), never more than the offer margin allows by much
    tol_h, tol_us = _tolerances(w)
    assert float(logit.payoff("H")) == pytest.approx(float(ours.holder_value[0]), abs=5 * tol_h)
    assert float(logit.payoff("US")) == pytest.approx(float(ours.us_value[0]), abs=5 * tol_us)


def test_zero_sum_values_match_gambit_lp() -> None:
    from cardtable.game import solve_zero_sum

    rng = np.random.default_rng(11)
    games = rng.integers(-9, 10, size=(25, 3, 4)).astype(float)
    ours = solve_zero_sum(games)
    for a, v in zip(games, ours.value, strict=True):
        g = gbt.Game.from_dict({"row": a, "col": -a})
        eq = gbt.nash.lp_solve(g, rational=False).equilibria[0]
        assert float(eq.payoff("row")) == pytest.approx(float(v), abs=1e-9)

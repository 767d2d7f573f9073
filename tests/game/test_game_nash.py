"""Generalised Nash bargaining: target 10 properties on random problems, textbook examples."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from cardtable.errors import InputError
from cardtable.game import nash_bargaining

FINITE = st.floats(-100.0, 100.0, allow_nan=False, allow_infinity=False)
POSITIVE = st.floats(0.2, 5.0)


@st.composite
def problems(draw: st.DrawFn) -> dict[str, object]:
    g = draw(st.integers(1, 8))
    return {
        "uh": draw(arrays(np.float64, (g,), elements=FINITE)),
        "uus": draw(arrays(np.float64, (g,), elements=FINITE)),
        "dh": draw(FINITE),
        "dus": draw(FINITE),
        "alpha": draw(st.floats(0.05, 0.95)),
        "kh": draw(POSITIVE),
        "kus": draw(POSITIVE),
    }


def _solve(p: dict[str, object], **kw: object):  # type: ignore[no-untyped-def]
    return nash_bargaining(
        np.asarray(p["uh"])[None],
        np.asarray(p["uus"])[None],
        p["dh"],
        p["dus"],
        p["alpha"],
        holder_cost_per_transfer=p["kh"],
        us_value_per_transfer=p["kus"],
        **kw,
    )


@settings(max_examples=200, deadline=None)
@given(problems())
def test_individually_rational_and_pareto_efficient(p: dict[str, object]) -> None:
    s = _solve(p)
    uh, uus = np.asarray(p["uh"]), np.asarray(p["uus"])
    kh, kus = float(p["kh"]), float(p["kus"])  # type: ignore[arg-type]
    tol = 1e-9 * (1 + np.abs(uh).max() + np.abs(uus).max())
    assert s.holder_payoff[0] >= float(p["dh"]) - tol  # type: ignore[arg-type]
    assert s.us_payoff[0] >= float(p["dus"]) - tol  # type: ignore[arg-type]
    # Pareto: no grid point and transfer gives both more. With a linear frontier per grid
    # point, that means the agreed point lies on the highest frontier line kus*U_H + kh*U_US.
    frontier = (kus * uh + kh * uus).max()
    if s.agreement[0]:
        achieved = kus * s.holder_payoff[0] + kh * s.us_payoff[0]
        assert achieved == pytest.approx(frontier, abs=tol * (kh + kus))
    else:
        dh, dus = float(p["dh"]), float(p["dus"])  # type: ignore[arg-type]
        assert kus * dh + kh * dus >= frontier - tol * (kh + kus)


@settings(max_examples=200, deadline=None)
@given(problems(), st.floats(0.1, 10.0), FINITE, st.booleans())
def test_invariant_to_positive_affine_rescaling(
    p: dict[str, object], a: float, b: float, holder_side: bool
) -> None:
    s = _solve(p)
    q = dict(p)
    if holder_side:
        q["uh"] = a * np.asarray(p["uh"]) + b
        q["dh"] = a * float(p["dh"]) + b  # type: ignore[arg-type]
        q["kh"] = a * float(p["kh"])  # type: ignore[arg-type]
    else:
        q["uus"] = a * np.asarray(p["uus"]) + b
        q["dus"] = a * float(p["dus"]) + b  # type: ignore[arg-type]
        q["kus"] = a * float(p["kus"])  # type: ignore[arg-type]
    r = _solve(q)
    assume(not np.isclose(s.surplus[0], 0.0, atol=1e-6))  # knife-edge agreement
    assert r.agreement[0] == s.agreement[0]
    scale = 1 + abs(b) + np.abs(np.asarray(p["uh"])).max() + np.abs(np.asarray(p["uus"])).max()
    assert r.transfer_usd_bn[0] == pytest.approx(s.transfer_usd_bn[0], abs=1e-7 * scale)
    if holder_side:
        assert r.holder_payoff[0] == pytest.approx(a * s.holder_payoff[0] + b, abs=1e-7 * scale * a)
        assert r.us_payoff[0] == pytest.approx(s.us_payoff[0], abs=1e-7 * scale)
    else:
        assert r.us_payoff[0] == pytest.approx(a * s.us_payoff[0] + b, abs=1e-7 * scale * a)
        assert r.holder_payoff[0] == pytest.approx(s.holder_payoff[0], abs=1e-7 * scale)


@settings(max_examples=200, deadline=None)
@given(arrays(np.float64, st.integers(1, 8), elements=FINITE), FINITE, POSITIVE)
def test_symmetric_problem_gives_symmetric_payoffs(u: np.ndarray, d: float, k: float) -> None:
    s = nash_bargaining(
        u[None], u[None], d, d, 0.5, holder_cost_per_transfer=k, us_value_per_transfer=k
    )
    assert s.holder_payoff[0] == pytest.approx(s.us_payoff[0], abs=1e-9 * (1 + abs(u).max()))


@settings(max_examples=100, deadline=None)
@given(problems())
def test_slack_transfer_bounds_change_nothing(p: dict[str, object]) -> None:
    s = _solve(p)
    assume(s.agreement[0] and s.surplus[0] > 1e-6)
    c = float(s.transfer_usd_bn[0])
    r = _solve(p, transfer_bounds_usd_bn=(c - 1e6, c + 1e6))
    assert r.holder_payoff[0] == pytest.approx(s.holder_payoff[0], rel=1e-7, abs=1e-7)
    assert r.us_payoff[0] == pytest.approx(s.us_payoff[0], rel=1e-7, abs=1e-7)


def test_batches_are_solved_independently() -> None:
    rng = np.random.default_rng(5)
    uh, uus = rng.normal(size=(4, 3, 6)), rng.normal(size=(4, 3, 6))
    dh, dus = rng.normal(size=(4, 3)) - 2, rng.normal(size=(4, 3)) - 2
    s = nash_bargaining(uh, uus, dh, dus, 0.4, tariffs_pct=np.linspace(0, 25, 6))
    for i, j in itertools.product(range(4), range(3)):
        one = nash_bargaining(uh[i, j][None], uus[i, j][None], dh[i, j], dus[i, j], 0.4)
        assert s.holder_payoff[i, j] == pytest.approx(one.holder_payoff[0])
        assert s.grid_index[i, j] == one.grid_index[0]
    assert np.all(np.isin(s.tariff_pct[s.agreement], np.linspace(0, 25, 6)))


# --- textbook examples ------------------------------------------------------------------------


@pytest.mark.parametrize("alpha", [0.5, 0.3, 0.8])
def test_divide_the_dollar(alpha: float) -> None:
    # Nash (1950): with transferable utility and threat point (0, 0) the dollar is split
    # equally; the generalised solution gives each side its bargaining weight (Roth 1979,
    # Axiomatic Models of Bargaining, ch. 1).
    s = nash_bargaining(np.array([[1.0]]), np.array([[0.0]]), 0.0, 0.0, alpha)
    assert s.holder_payoff[0] == pytest.approx(alpha)
    assert s.us_payoff[0] == pytest.approx(1 - alpha)
    assert s.transfer_usd_bn[0] == pytest.approx(1 - alpha)


def test_nash_1950_bill_and_jack() -> None:
    # Nash, "The Bargaining Problem", Econometrica 18 (1950) p. 161: Bill gives Jack the book,
    # whip, ball and bat; Jack gives Bill the pen, toy and knife (gains 12 and 5, product 60).
    bill = {"book": (2, 4), "whip": (2, 2), "ball": (2, 1), "bat": (2, 2), "box": (4, 1)}
    jack = {"pen": (10, 1), "toy": (4, 1), "knife": (6, 2), "hat": (2, 2)}
    items = [(k, "bill", *v) for k, v in bill.items()] + [(k, "jack", *v) for k, v in jack.items()]
    masks = list(itertools.product([0, 1], repeat=len(items)))
    gain_bill = np.zeros(len(masks))
    gain_jack = np.zeros(len(masks))
    for m, mask in enumerate(masks):
        for moved, (_, owner, ub, uj) in zip(mask, items, strict=True):
            if moved:
                sign = -1 if owner == "bill" else 1
                gain_bill[m] += sign * ub
                gain_jack[m] -= sign * uj
    s = nash_bargaining(
        gain_bill[None], gain_jack[None], 0.0, 0.0, 0.5, transfer_bounds_usd_bn=(0.0, 0.0)
    )
    chosen = {items[j][0] for j, moved in enumerate(masks[int(s.grid_index[0])]) if moved}
    assert chosen == {"book", "whip", "ball", "bat", "pen", "toy", "knife"}
    assert (s.holder_payoff[0], s.us_payoff[0]) == (12.0, 5.0)


def test_no_gains_from_trade_means_no_agreement() -> None:
    s = nash_bargaining(np.array([[0.0, -1.0]]), np.array([[0.0, 0.5]]), 0.0, 0.0, 0.5)
    assert not s.agreement[0]
    assert s.grid_index[0] == -1
    assert (s.holder_payoff[0], s.us_payoff[0], s.transfer_usd_bn[0]) == (0.0, 0.0, 0.0)


def test_bad_inputs() -> None:
    with pytest.raises(InputError):
        nash_bargaining(np.zeros((1, 2)), np.zeros((1, 3)), 0.0, 0.0)
    with pytest.raises(InputError):
        nash_bargaining(np.zeros((1, 2)), np.zeros((1, 2)), 0.0, 0.0, 1.5)
    with pytest.raises(InputError):
        nash_bargaining(np.zeros((1, 2)), np.zeros((1, 2)), 0.0, 0.0, us_value_per_transfer=0.0)

"""Core of v(C) = g(total weight of C): closed-form rules, certificates, an independent LP."""

from __future__ import annotations

import itertools
from math import comb

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cardtable.game._coalition as coalition
from cardtable.errors import InputError, ModelError
from cardtable.game import core_check, core_is_empty, in_core, shapley_weighted


def coalitions(n: int) -> list[tuple[int, ...]]:
    return [c for k in range(1, n + 1) for c in itertools.combinations(range(n), k)]


def brute_in_core(w: np.ndarray, g: np.ndarray, x: np.ndarray, tol: float = 1e-7) -> bool:
    if abs(x.sum() - g[w.sum()]) > tol:
        return False
    return all(x[list(c)].sum() >= g[w[list(c)].sum()] - tol for c in coalitions(w.size))


@st.composite
def games(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    n = draw(st.integers(1, 5))
    w = np.array(draw(st.lists(st.integers(1, 4), min_size=n, max_size=n)), dtype=np.int64)
    total = int(w.sum())
    tail = draw(st.lists(st.integers(0, 10), min_size=total, max_size=total))
    return w, np.array([0.0, *tail], dtype=float)


@settings(max_examples=300, deadline=None)
@given(games())
def test_decision_comes_with_a_certificate_checked_by_enumeration(
    game: tuple[np.ndarray, np.ndarray],
) -> None:
    w, g = game
    r = core_check(w, g)
    if not r.empty:
        assert r.allocation is not None
        assert brute_in_core(w, g, np.asarray(r.allocation))
        assert in_core(w, g, np.asarray(r.allocation))
    elif r.method == "lp":
        lam = r.balanced_weights
        assert lam is not None
        assert np.all(lam >= -1e-12)
        cols = coalitions(w.size)
        by_mask = {sum(1 << i for i in c): c for c in cols}
        cover = np.zeros(w.size)
        worth = 0.0
        for mask, weight in enumerate(lam, start=1):
            members = list(by_mask[mask])
            cover[members] += weight
            worth += weight * g[w[members].sum()]
        np.testing.assert_allclose(cover, 1.0, atol=1e-9)
        assert worth > g[-1]
    elif r.method == "balanced" and r.detail.startswith("all"):
        k = int(r.detail.split()[1].split("-")[0])
        subsets = list(itertools.combinations(range(w.size), k))
        # each player is in comb(n-1, k-1) of the k-subsets: weights 1/comb(n-1, k-1) balance
        total = sum(g[w[list(c)].sum()] for c in subsets) / comb(w.size - 1, k - 1)
        assert total > g[-1]


@settings(max_examples=200, deadline=None)
@given(games())
def test_agrees_with_an_independent_linear_programme(game: tuple[np.ndarray, np.ndarray]) -> None:
    linprog = pytest.importorskip("scipy.optimize").linprog
    w, g = game
    cols = coalitions(w.size)
    a = np.zeros((len(cols), w.size))
    for r, c in enumerate(cols):
        a[r, list(c)] = 1.0
    b = np.array([g[w[list(c)].sum()] for c in cols])
    res = linprog(np.ones(w.size), A_ub=-a, b_ub=-b, bounds=[(None, None)] * w.size)
    assert res.status == 0
    assert core_is_empty(w, g) == bool(res.fun > g[-1] + 1e-7)


def test_convex_g_core_contains_shapley() -> None:
    w = np.array([3, 1, 2, 2])
    g = (np.arange(9) / 8.0) ** 2
    r = core_check(w, g)
    assert (r.empty, r.method) == (False, "convex")
    assert brute_in_core(w, g, shapley_weighted(w, g))


def test_concave_g_closed_form() -> None:
    w = np.array([3, 1, 2])
    linear = np.arange(7) * 2.0
    r = core_check(w, linear)
    assert not r.empty
    assert r.method in ("convex", "concave")  # linear is both; either rule decides
    root = np.sqrt(np.arange(7.0))
    r = core_check(w, root)
    assert (r.empty, r.method) == (True, "concave")  # sum sqrt(w_i) > sqrt(W)


def test_weighted_majority_cores() -> None:
    # simple games: the core is non-empty iff there are veto players
    g = (np.arange(8) >= 4).astype(float)
    assert core_is_empty([3, 2, 1, 1], g)  # {3,1} and {2,1,1} are disjoint winners
    g = (np.arange(6) >= 4).astype(float)
    assert not core_is_empty([3, 1, 1], g)  # player 1 is a veto player


def test_tic_majority_game_has_an_empty_core() -> None:
    w = np.array([11855, 8660, 6835, 4773, 4682, 4351, 4212, 3689, 3407, 3106, 2941, 2784])
    total = int(w.sum())
    g = (np.arange(total + 1) > total / 2).astype(float)
    r = core_check(w, g)
    assert r.empty
    assert r.method == "balanced"


def test_undecided_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    w = np.array([3, 4, 3])  # needs the exact programme (found by search)
    g = np.array([0.0, 7.0, 9.0, 2.0, 1.0, 7.0, 7.0, 2.0, 4.0, 9.0, 6.0])
    assert core_check(w, g).method == "lp"
    monkeypatch.setattr(coalition, "MAX_LP_PLAYERS", 2)
    with pytest.raises(ModelError, match="undecided"):
        core_check(w, g)


@settings(max_examples=100, deadline=None)
@given(games())
def test_a_given_shapley_value_decides_the_same(game: tuple[np.ndarray, np.ndarray]) -> None:
    w, g = game
    phi = shapley_weighted(w, g)
    try:
        alone = core_check(w, g)
    except ModelError:
        with pytest.raises(ModelError):
            core_check(w, g, shapley_value=phi)
        return
    given_phi = core_check(w, g, shapley_value=phi)
    assert (given_phi.empty, given_phi.method, given_phi.detail) == (
        alone.empty,
        alone.method,
        alone.detail,
    )


def test_a_given_shapley_value_must_be_one() -> None:
    w = np.array([3, 2, 1, 1])
    g = (np.arange(8) >= 4).astype(float)
    with pytest.raises(InputError, match="shapley_value"):
        core_check(w, g, shapley_value=np.zeros(3))
    with pytest.raises(InputError, match="shapley_value: 'sum 0'"):
        core_check(w, g, shapley_value=np.zeros(4))

"""Exact Shapley values of v(C) = g(total weight of C): brute force, axioms, 45 TIC holders."""

from __future__ import annotations

import csv
from math import comb
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cardtable
from cardtable.errors import InputError
from cardtable.game import (
    brute_force_shapley,
    coalition_weight_profile,
    holder_weights,
    shapley_from_profile,
    shapley_weighted,
)

FACTS = Path(cardtable.__file__).resolve().parent / "data" / "facts"


@st.composite
def games(draw: st.DrawFn, max_players: int = 9) -> tuple[np.ndarray, np.ndarray]:
    n = draw(st.integers(1, max_players))
    w = np.array(draw(st.lists(st.integers(0, 12), min_size=n, max_size=n)), dtype=np.int64)
    total = int(w.sum())
    tail = draw(st.lists(st.floats(-10, 10), min_size=total, max_size=total))
    return w, np.array([0.0, *tail])


@settings(max_examples=300, deadline=None)
@given(games())
def test_matches_brute_force_enumeration(game: tuple[np.ndarray, np.ndarray]) -> None:
    w, g = game
    np.testing.assert_allclose(shapley_weighted(w, g), brute_force_shapley(w, g), atol=1e-10)


@settings(max_examples=200, deadline=None)
@given(games(max_players=12))
def test_efficiency_symmetry_null_player(game: tuple[np.ndarray, np.ndarray]) -> None:
    w, g = game
    phi = shapley_weighted(w, g)
    assert phi.sum() == pytest.approx(g[-1], abs=1e-9 * (1 + np.abs(g).max()))
    for i in range(w.size):
        for j in range(i):
            if w[i] == w[j]:
                assert phi[i] == pytest.approx(phi[j], abs=1e-9 * (1 + np.abs(g).max()))
        if w[i] == 0:
            assert phi[i] == pytest.approx(0.0, abs=1e-12)


def test_weighted_majority_textbook() -> None:
    # [quota 51; 49, 48, 3] (Shapley & Shubik 1954): every pair wins, no one alone -> 1/3 each,
    # however unequal the weights.
    g = (np.arange(101) >= 51).astype(float)
    np.testing.assert_allclose(shapley_weighted([49, 48, 3], g), [1 / 3] * 3)
    # [quota 4; 3, 2, 1, 1]: the big player is pivotal whenever it comes second or third in
    # the order (12 of 24 orders) -> (1/2, 1/6, 1/6, 1/6).
    g = (np.arange(8) >= 4).astype(float)
    np.testing.assert_allclose(shapley_weighted([3, 2, 1, 1], g), [1 / 2, 1 / 6, 1 / 6, 1 / 6])


def test_one_g_per_draw() -> None:
    rng = np.random.default_rng(2)
    w = np.array([5, 3, 3, 1])
    gs = np.concatenate([np.zeros((6, 1)), rng.normal(size=(6, int(w.sum())))], axis=1)
    phi = shapley_weighted(w, gs)
    assert phi.shape == (6, 4)
    for d in range(6):
        np.testing.assert_allclose(phi[d], brute_force_shapley(w, gs[d]), atol=1e-12)


def tic_2025_12() -> tuple[tuple[str, ...], np.ndarray]:
    with (FACTS / "holders_by_country.csv").open(newline="", encoding="utf-8") as fh:
        rows = {
            r["country"]: float(r["holdings_usd_bn"])
            for r in csv.DictReader(fh)
            if r["month"] == "2025-12"
        }
    return holder_weights(rows)


def test_aggregate_rows_are_not_players() -> None:
    names, w = tic_2025_12()
    assert "Japan" in names
    assert not any(n.startswith(("Grand Total", "All Other", "Of which")) for n in names)
    assert w[names.index("Japan")] == 11855  # USD 1,185.5bn in 0.1bn units


def _exact_reference(w: np.ndarray, g: np.ndarray) -> np.ndarray:
    """Shapley values from exact integer coalition counts (int64, no rounding anywhere)."""
    n, total = w.size, int(w.sum())
    counts = np.zeros((n + 1, total + 1), dtype=np.int64)
    counts[0, 0] = 1
    for wk in w.tolist():
        counts[1:, wk:] += counts[:-1, : total + 1 - wk].copy()
    phi = np.zeros(n)
    for i, wi in enumerate(w.tolist()):
        rest = np.zeros((n, total + 1), dtype=np.int64)  # N_{-i}(s, t), exact
        rest[0, 0] = 1
        for s in range(1, n):
            rest[s] = counts[s]
            rest[s, wi:] -= rest[s - 1, : total + 1 - wi]
        marg = g[wi:] - g[: total + 1 - wi]
        for s in range(n):
            gamma = 1.0 / (n * comb(n - 1, s))
            phi[i] += gamma * float(rest[s, : total + 1 - wi].astype(np.float64) @ marg)
    return phi


def test_45_holders_stable_against_exact_integer_counts() -> None:
    # 36 TIC countries (Dec 2025) + "All Other" split into 9 pseudo-holders, scaled down so
    # the exact int64 reference stays quick; the float DP is the same code as at full scale.
    _, w = tic_2025_12()
    w = np.concatenate([w, np.full(9, 790)])
    small = np.maximum(1, np.round(w / 40).astype(np.int64))
    total = int(small.sum())
    g = (np.arange(total + 1) >= total / 2).astype(float) * 1.0
    g += 0.3 * np.sqrt(np.arange(total + 1) / total)  # not a simple game either
    phi = shapley_weighted(small, g)
    np.testing.assert_allclose(phi, _exact_reference(small, g), rtol=1e-10, atol=1e-13)
    assert phi.sum() == pytest.approx(g[-1])


def test_full_scale_tic_weights_are_efficient_and_ordered() -> None:
    _, w = tic_2025_12()
    total = int(w.sum())
    g = (np.arange(total + 1) >= total / 2).astype(float)
    phi = shapley_weighted(w, g)
    assert phi.sum() == pytest.approx(1.0, abs=1e-12)
    assert np.all(phi >= -1e-15)
    order = np.argsort(-w, kind="stable")
    assert np.all(np.diff(phi[order]) <= 1e-12)  # more holdings, weakly more power


def test_bad_inputs() -> None:
    with pytest.raises(InputError):
        shapley_weighted([1, 2], np.zeros(5))
    with pytest.raises(InputError):
        shapley_weighted([1, 2], np.array([1.0, 0, 0, 0]))
    with pytest.raises(InputError):
        shapley_weighted([1.5, 2], np.zeros(4))
    with pytest.raises(InputError):
        shapley_weighted([-1, 2], np.zeros(2))
    with pytest.raises(InputError):
        brute_force_shapley(list(range(1, 23)), np.zeros(254))


@settings(max_examples=25, deadline=None)
@given(
    w=st.lists(st.integers(0, 6), min_size=2, max_size=6),
    seed=st.integers(0, 2**16),
    d=st.integers(1, 4),
)
def test_one_g_per_draw_equals_each_draw_alone(w: list[int], seed: int, d: int) -> None:
    # coalition --draws: a (D, W+1) value array gives (D, n) exact Shapley values in one pass
    total = sum(w)
    rng = np.random.default_rng(seed)
    g = np.cumsum(rng.uniform(0, 1, (d, total + 1)), axis=1)
    g -= g[:, :1]
    phi = shapley_weighted(w, g)
    assert phi.shape == (d, len(w))
    for k in range(d):
        np.testing.assert_allclose(phi[k], shapley_weighted(w, g[k]), rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(phi[k], brute_force_shapley(w, g[k]), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(phi.sum(axis=1), g[:, -1], rtol=1e-9)
    # counts computed once, draws in chunks: identical
    prof = coalition_weight_profile(w)
    chunks = [shapley_from_profile(w, prof, g[k : k + 2]) for k in range(0, d, 2)]
    np.testing.assert_allclose(np.concatenate(chunks), phi, rtol=1e-12, atol=1e-12)
    with pytest.raises(InputError, match="profile"):
        shapley_from_profile(w, prof[:, :-1], g)

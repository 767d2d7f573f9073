"""The exact vectorised zero-sum solver (Shapley-Snow kernels)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from cardtable.errors import InputError
from cardtable.game import solve_zero_sum


def test_matching_pennies_and_rock_paper_scissors() -> None:
    s = solve_zero_sum(np.array([[1.0, -1.0], [-1.0, 1.0]]))
    assert s.value == pytest.approx(0.0)
    np.testing.assert_allclose(s.row_strategy, [0.5, 0.5])
    assert not s.pure
    rps = np.array([[0.0, -1.0, 1.0], [1.0, 0.0, -1.0], [-1.0, 1.0, 0.0]])
    s = solve_zero_sum(rps)
    np.testing.assert_allclose(s.row_strategy, [1 / 3] * 3)
    np.testing.assert_allclose(s.col_strategy, [1 / 3] * 3)


def test_textbook_two_by_two() -> None:
    # von Neumann & Morgenstern style 2x2 without saddle: [[3, -1], [-2, 1]]
    # row mixes (3/7, 4/7), column (2/7, 5/7), value 1/7.
    s = solve_zero_sum(np.array([[3.0, -1.0], [-2.0, 1.0]]))
    assert s.value == pytest.approx(1 / 7)
    np.testing.assert_allclose(s.row_strategy, [3 / 7, 4 / 7])
    np.testing.assert_allclose(s.col_strategy, [2 / 7, 5 / 7])


def test_saddle_point_is_reported_pure() -> None:
    s = solve_zero_sum(np.array([[4.0, 2.0, 3.0], [1.0, 0.0, 5.0]]))
    assert s.pure
    assert s.value == 2.0
    np.testing.assert_array_equal(s.row_strategy, [1.0, 0.0])
    np.testing.assert_array_equal(s.col_strategy, [0.0, 1.0, 0.0])


@settings(max_examples=150, deadline=None)
@given(
    arrays(
        np.float64,
        st.tuples(st.integers(1, 4), st.integers(1, 4)),
        elements=st.integers(-9, 9).map(float),
    )
)
def test_optimal_strategies_guarantee_the_value(a: np.ndarray) -> None:
    s = solve_zero_sum(a)
    x, y, v = s.row_strategy, s.col_strategy, float(s.value)
    assert x.sum() == pytest.approx(1.0)
    assert y.sum() == pytest.approx(1.0)
    assert np.all(x >= 0)
    assert np.all(y >= 0)
    assert np.all(x @ a >= v - 1e-9)  # the row player guarantees at least v
    assert np.all(a @ y <= v + 1e-9)  # the column player concedes at most v


def test_batch_matches_one_by_one() -> None:
    rng = np.random.default_rng(3)
    games = rng.integers(-5, 6, size=(200, 3, 4)).astype(float)
    s = solve_zero_sum(games)
    for i in range(0, 200, 17):
        assert s.value[i] == pytest.approx(solve_zero_sum(games[i]).value)
    assert s.value.shape == (200,)


def test_bad_input() -> None:
    with pytest.raises(InputError):
        solve_zero_sum(np.array([1.0, 2.0]))
    with pytest.raises(InputError):
        solve_zero_sum(np.array([[np.nan]]))


def test_saddle_search_equals_numpy_reductions() -> None:
    # the pure-saddle search folds the short threat axes one entry at a time: the same
    # values, tolerances, first-best indices and signed zeros as numpy's reductions; also
    # on a (D, K, M) view of a (K, M, D) array, as the threat game passes it
    rng = np.random.default_rng(8)
    games = rng.integers(-3, 4, size=(4_000, 3, 4)).astype(float)
    games[rng.random(games.shape) < 0.2] = -0.0
    games[:, :, 0] += rng.normal(0.0, 1e-10, (4_000, 3))  # near-ties within the tolerance
    for a in (games, np.ascontiguousarray(games.transpose(1, 2, 0)).transpose(2, 0, 1)):
        s = solve_zero_sum(a)
        tol = 1e-9 * np.maximum(np.abs(a).max(axis=(1, 2)), 1.0)
        row_min, col_max = a.min(axis=2), a.max(axis=1)
        pure = col_max.min(axis=1) - row_min.max(axis=1) <= tol
        assert np.array_equal(s.pure, pure)
        maximin = row_min.max(axis=1)[pure]
        assert np.array_equal(s.value[pure], maximin)
        assert np.array_equal(np.signbit(s.value[pure]), np.signbit(maximin))
        assert np.array_equal(s.row_strategy[pure].argmax(axis=1), row_min[pure].argmax(axis=1))
        assert np.array_equal(s.col_strategy[pure].argmax(axis=1), col_max[pure].argmin(axis=1))
    assert 0.05 < pure.mean() < 0.95  # both kinds of game occur

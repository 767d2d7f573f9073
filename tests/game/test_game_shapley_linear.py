"""Shapley values of piecewise-linear worths from hat functions: axioms, brute force, old path."""

from __future__ import annotations

import csv
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
    shapley_piecewise_linear,
    shapley_weighted,
)
from cardtable.game._shapley import (
    MAX_PIECEWISE_KNOTS,
    _piecewise_knots,
    _removal_coefficients,
    _size_weight_shares,
)
from cardtable.game._shapley_linear import SHORT_WINDOW, hat_shapley

FACTS = Path(cardtable.__file__).resolve().parent / "data" / "facts"


@st.composite
def pl_games(draw: st.DrawFn, max_players: int = 8) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Weights, knots (integer, non-integer or mixed, some closer than one unit), values."""
    n = draw(st.integers(1, max_players))
    w = np.array(draw(st.lists(st.integers(0, 14), min_size=n, max_size=n)), dtype=np.int64)
    if w.sum() == 0:
        w[0] = 1
    total = int(w.sum())
    inner = draw(
        st.lists(
            st.one_of(
                st.integers(1, max(1, total - 1)).map(float),
                st.floats(0.0, float(total), allow_nan=False, exclude_min=True, exclude_max=True),
            ),
            max_size=40,
        )
    )
    knots = np.unique(np.array([0.0, *[k for k in inner if 0 < k < total], float(total)]))
    v = np.array(draw(st.lists(st.floats(-10, 10), min_size=knots.size, max_size=knots.size)))
    v[0] = 0.0  # g(0) = 0
    return w, knots, v


def _dense(knots: np.ndarray, v: np.ndarray, total: int) -> np.ndarray:
    return np.interp(np.arange(total + 1.0), knots, v)


def _hats(w: np.ndarray, knots: np.ndarray, summed: bool) -> np.ndarray:
    up, down, mid = _removal_coefficients(w.size)
    out = hat_shapley(w, knots, _size_weight_shares(w), up, down, mid, summed)
    out[:, w == 0] = 0.0
    return out


@settings(max_examples=150, deadline=None)
@given(pl_games())
def test_hats_match_brute_force_and_the_profile_path(
    game: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> None:
    w, knots, v = game
    total = int(w.sum())
    g = _dense(knots, v, total)
    scale = 1.0 + np.abs(v).max()
    brute = brute_force_shapley(w, g)
    old = shapley_from_profile(w, coalition_weight_profile(w), g)
    np.testing.assert_allclose(old, brute, atol=1e-10 * scale)
    pl = shapley_piecewise_linear(w, knots)
    np.testing.assert_allclose(v @ pl, brute, atol=1e-10 * scale)
    for summed in (False, True):  # per (size, shift) term, and summed per shift
        np.testing.assert_allclose(v @ _hats(w, knots, summed), brute, atol=1e-10 * scale)
    # one hat at a time (j >= 1: g(0) = 0) against enumeration
    j = 1 + (int(w @ np.arange(w.size)) % (knots.size - 1))
    hat = _dense(knots, np.eye(knots.size)[j], total)
    np.testing.assert_allclose(pl[j], brute_force_shapley(w, hat), atol=1e-12)
    # shapley_weighted finds the integer knots of the dense g by itself
    np.testing.assert_allclose(shapley_weighted(w, g), brute, atol=1e-10 * scale)


@settings(max_examples=150, deadline=None)
@given(pl_games(max_players=12))
def test_efficiency_symmetry_null_player(game: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    w, knots, _ = game
    pl = shapley_piecewise_linear(w, knots)
    assert pl.shape == (knots.size, w.size)
    # hat j sums to h_j(W) - h_j(0): -1 for the first knot's hat, +1 for the last's, else 0
    expected = np.zeros(knots.size)
    expected[0] -= 1.0
    expected[-1] += 1.0
    np.testing.assert_allclose(pl.sum(axis=1), expected, atol=1e-12)
    # the hats sum to 1 on 0..W: a constant game, every marginal contribution is 0
    np.testing.assert_allclose(pl.sum(axis=0), 0.0, atol=1e-12)
    for i in range(w.size):
        if w[i] == 0:
            assert np.all(pl[:, i] == 0.0)
        for k in range(i):
            if w[i] == w[k]:
                np.testing.assert_allclose(pl[:, i], pl[:, k], atol=1e-13)


def tic_2025_12() -> np.ndarray:
    with (FACTS / "holders_by_country.csv").open(newline="", encoding="utf-8") as fh:
        rows = {
            r["country"]: float(r["holdings_usd_bn"])
            for r in csv.DictReader(fh)
            if r["month"] == "2025-12"
        }
    return holder_weights(rows)[1]


def test_tic_weighted_majority_takes_the_fast_path_and_agrees() -> None:
    w = tic_2025_12()
    total = int(w.sum())
    quota = total // 2 + 1
    g = (np.arange(total + 1) >= quota).astype(float)
    knots = _piecewise_knots(g[None, :])
    assert knots is not None
    assert knots.tolist() == [0, quota - 1, quota, total]
    prof = coalition_weight_profile(w)
    old = shapley_from_profile(w, prof, g)
    new = shapley_weighted(w, g)
    np.testing.assert_allclose(new, old, rtol=1e-11)
    # coalition's grid: 65 non-integer knots, the engine's values interpolated in between
    knots = np.linspace(0.0, total / 10, 65) * 10
    knots[-1] = total
    values = np.linspace(0.0, 1.0, 65) ** 1.7 + 0.05 * np.sin(np.arange(65.0))
    values[0] = 0.0
    g = _dense(knots, values, total)
    old = shapley_from_profile(w, prof, g)
    np.testing.assert_allclose(values @ shapley_piecewise_linear(w, knots), old, rtol=1e-10)
    np.testing.assert_allclose(shapley_weighted(w, g), old, rtol=1e-10)


def test_detection_rejects_what_is_not_piecewise_linear() -> None:
    total = MAX_PIECEWISE_KNOTS + 100
    t = np.arange(total + 1.0)
    assert _piecewise_knots(np.sqrt(t)[None, :]) is None  # a kink at every point: too many
    assert _piecewise_knots(np.sqrt(t[:301])[None, :]) is not None  # 301 knots: still exact
    assert _piecewise_knots(np.zeros((1, 1))) is None
    # union of the rows' knots; tiny rounding noise is not a knot
    rows = np.stack([np.interp(t, [0, 100.5, total], [0, 1, 3]), np.minimum(t, 7.0)])
    rows = np.concatenate([rows, np.zeros((1, total + 1))])  # a zero row adds no knot
    knots = _piecewise_knots(rows * (1 + 1e-16 * np.cos(t)))
    assert knots is not None
    assert knots.tolist() == [0, 7, 100, 101, total]
    np.testing.assert_allclose(
        shapley_weighted([total - 60, 60], rows)[:2],
        [brute_force_shapley([total - 60, 60], r) for r in rows[:2]],
        atol=1e-12,
    )
    # a kink below the detection threshold that moves g by more than rounding: profile path
    bent = t + 1e-15 * np.maximum(t - 150, 0) ** 2  # d2 = 2e-15 of max |g| after 150
    assert _piecewise_knots(bent[None, :]) is None


def test_short_segments_are_summed_exactly() -> None:
    # knots one and two units apart in the middle of a large game: the first moment over
    # those windows comes from the prefix of the counts, not from the prefix of u * count
    w = np.array([40, 310, 720, 1001, 1500, 2222, 3000, 517, 95, 888], dtype=np.int64)
    total = int(w.sum())
    mid = total // 2
    knots = np.array([0.0, mid - 2.0, mid, mid + 1.0, mid + 1.5, mid + SHORT_WINDOW, total])
    values = np.array([0.0, 1.0, -2.0, 0.5, 3.0, 1.0, 2.0])
    g = _dense(knots, values, total)
    old = shapley_from_profile(w, coalition_weight_profile(w), g)
    for summed in (False, True):
        np.testing.assert_allclose(values @ _hats(w, knots, summed), old, rtol=1e-12, atol=1e-14)


def test_bad_knots() -> None:
    with pytest.raises(InputError, match="knots_units"):
        shapley_piecewise_linear([1, 2], [0.0, 2.0])  # does not end at W = 3
    with pytest.raises(InputError, match="knots_units"):
        shapley_piecewise_linear([1, 2], [0.5, 3.0])
    with pytest.raises(InputError, match="knots_units"):
        shapley_piecewise_linear([1, 2], [0.0, 2.0, 2.0, 3.0])
    with pytest.raises(InputError, match="knots_units"):
        shapley_piecewise_linear([1, 2], [0.0, np.nan, 3.0])
    with pytest.raises(InputError, match="knots_units"):
        shapley_piecewise_linear([1, 2], [[0.0, 3.0]])
    with pytest.raises(InputError, match="knots_units"):
        shapley_piecewise_linear([1, 2], [3.0])
    with pytest.raises(InputError, match="weights_units"):
        shapley_piecewise_linear([0, 0], [0.0, 1.0])

"""Exact solution of small zero-sum matrix games, vectorised over a batch of draws.

The row player maximises and the column player minimises ``A[..., i, j]``. The solver first
looks for a pure saddle point (:math:`\\max_i \\min_j A_{ij} = \\min_j \\max_i A_{ij}`); for
the games without one it enumerates the square sub-matrices ("kernels") of Shapley & Snow
(1950, *Contributions to the Theory of Games I*, "Basic solutions of discrete games"): every
finite zero-sum game has an extreme pair of optimal strategies supported on a non-singular
square sub-matrix ``B`` on which both players equalise,

.. math::

    B^T x = v \\mathbf 1,\\; \\mathbf 1^T x = 1, \\qquad B y = v \\mathbf 1,\\;
    \\mathbf 1^T y = 1,

so solving these small linear systems for every kernel (batched with ``numpy.linalg.solve``)
and keeping the first pair that is feasible (``x, y >= 0``) and optimal against every pure
strategy of the full game (:math:`x^T A \\ge v`, :math:`A y \\le v`) gives the value and a pair
of optimal strategies exactly (up to floating-point tolerance). The number of kernels grows
combinatorially: the solver is meant for the negotiation's threat sets (a handful of threats
each), not for large games; it refuses games with more than :data:`MAX_KERNELS` kernels.
No linear-programming library is needed.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from math import comb
from typing import TypeVar

import numpy as np

from cardtable._typing import BoolArray, FloatArray
from cardtable.errors import InputError, ModelError

Array = TypeVar("Array", FloatArray, BoolArray)

__all__ = ["MAX_KERNELS", "ZeroSumSolution", "solve_zero_sum"]

MAX_KERNELS = 20_000


@dataclass(frozen=True)
class ZeroSumSolution:
    """Value and optimal strategies of a batch of zero-sum games.

    Attributes
    ----------
    value
        Game value ``(...)`` to the row (maximising) player.
    row_strategy, col_strategy
        Optimal mixed strategies ``(..., K)`` and ``(..., M)``.
    pure
        Whether the game has a pure saddle point (then the strategies are pure).
    """

    value: FloatArray
    row_strategy: FloatArray
    col_strategy: FloatArray
    pure: BoolArray


def _n_kernels(k: int, m: int) -> int:
    return sum(comb(k, s) * comb(m, s) for s in range(2, min(k, m) + 1))


def solve_zero_sum(payoff: FloatArray, *, rtol: float = 1e-9) -> ZeroSumSolution:
    """Solve zero-sum games ``payoff[..., i, j]`` (row player maximises).

    Parameters
    ----------
    payoff
        Array ``(..., K, M)``.
    rtol
        Tolerance relative to the largest absolute payoff of each game.

    Returns
    -------
    ZeroSumSolution
    """
    a = np.asarray(payoff, dtype=np.float64)
    if a.ndim < 2 or a.shape[-1] < 1 or a.shape[-2] < 1:
        raise InputError("payoff", a.shape, "an array (..., K, M) with K, M >= 1")
    if not np.all(np.isfinite(a)):
        raise InputError("payoff", "non-finite", "finite payoffs")
    batch, (k, m) = a.shape[:-2], a.shape[-2:]
    flat = a.reshape(-1, k, m)
    n = flat.shape[0]
    row_min = _fold(np.minimum, flat, 2)
    col_max = _fold(np.maximum, flat, 1)
    maximin = _fold(np.maximum, row_min, 1)
    minimax = _fold(np.minimum, col_max, 1)
    # the largest |payoff| is the larger of the largest payoff and minus the smallest (exact)
    largest = np.maximum(_fold(np.maximum, col_max, 1), -_fold(np.minimum, row_min, 1))
    tol = rtol * np.maximum(largest, 1.0)
    pure = minimax - maximin <= tol
    value = np.where(pure, maximin, np.nan)
    x = np.zeros((n, k))
    y = np.zeros((n, m))
    x[np.arange(n), _first_best(row_min, np.greater)] = 1.0
    y[np.arange(n), _first_best(col_max, np.less)] = 1.0
    todo = np.flatnonzero(~pure)
    if todo.size:
        if _n_kernels(k, m) > MAX_KERNELS:
            raise ModelError(
                f"zero-sum game {k}x{m} without a pure saddle has too many kernels for the exact "
                f"solver ({_n_kernels(k, m)} > {MAX_KERNELS}); use fewer threats"
            )
        _mixed(flat, todo, tol, value, x, y)
    if np.any(np.isnan(value)):  # pragma: no cover - Shapley-Snow guarantees a kernel
        raise ModelError("zero-sum solver found no optimal kernel (numerical trouble)")
    return ZeroSumSolution(
        value=value.reshape(batch),
        row_strategy=x.reshape((*batch, k)),
        col_strategy=y.reshape((*batch, m)),
        pure=pure.reshape(batch),
    )


def _fold(op: np.ufunc, a: Array, axis: int) -> Array:
    """``op.reduce(a, axis)`` for a short axis (a threat set): one vectorised call per
    entry along it, in order, instead of one tiny reduction per draw (the same result)."""
    parts = np.moveaxis(a, axis, 0)
    out = np.array(parts[0])
    for part in parts[1:]:
        op(out, part, out=out)
    return out


def _first_best(a: FloatArray, better: np.ufunc) -> np.ndarray:
    """``argmax`` (``better=np.greater``) or ``argmin`` (``np.less``) along the last, short
    axis of finite ``a``: the first index of the best value."""
    best = np.array(a[..., 0], dtype=np.float64)
    idx = np.zeros(best.shape, dtype=np.intp)
    for j in range(1, a.shape[-1]):
        won = better(a[..., j], best)
        idx[won] = j
        np.copyto(best, a[..., j], where=won)
    return idx


def _solve_equalising(b: FloatArray) -> tuple[FloatArray, FloatArray, BoolArray]:
    """For kernels ``b (n, s, s)``: weights w with ``b^T w = v 1``, ``1^T w = 1``, and v."""
    n, s, _ = b.shape
    if s == 2:  # closed form: w1 (b00 - b01) = w2 (b11 - b10)
        den = b[:, 0, 0] - b[:, 0, 1] - b[:, 1, 0] + b[:, 1, 1]
        scale = np.maximum(np.abs(b).max(axis=(1, 2)), 1.0)
        ok = np.abs(den) > 1e-12 * scale
        safe = np.where(ok, den, 1.0)
        w = np.stack([(b[:, 1, 1] - b[:, 1, 0]) / safe, (b[:, 0, 0] - b[:, 0, 1]) / safe], axis=1)
        v = (b[:, 0, 0] * b[:, 1, 1] - b[:, 0, 1] * b[:, 1, 0]) / safe
        return w, v, ok
    sys = np.zeros((n, s + 1, s + 1))
    sys[:, :s, :s] = np.swapaxes(b, 1, 2)
    sys[:, :s, s] = -1.0
    sys[:, s, :s] = 1.0
    rhs = np.zeros((n, s + 1, 1))
    rhs[:, s, 0] = 1.0
    scale = np.maximum(np.abs(b).max(axis=(1, 2)), 1.0)
    det = np.linalg.det(sys / scale[:, None, None])
    ok = np.abs(det) > 1e-12
    sys[~ok] = np.eye(s + 1)
    sol = np.linalg.solve(sys, rhs)[..., 0]
    return sol[:, :s], sol[:, s], ok


def _mixed(
    flat: FloatArray,
    todo: np.ndarray,
    tol: FloatArray,
    value: FloatArray,
    x: FloatArray,
    y: FloatArray,
) -> None:
    k, m = flat.shape[1:]
    open_ = todo.copy()
    for s in range(2, min(k, m) + 1):
        for rows in itertools.combinations(range(k), s):
            g = flat[open_]
            t = tol[open_]
            sub_rows = g[:, rows, :]
            for cols in itertools.combinations(range(m), s):
                if open_.size == 0:
                    return
                sub = sub_rows[:, :, cols]
                xs, v, okx = _solve_equalising(sub)
                # row strategy: feasible and guaranteeing v against every column
                cand = okx & np.all(xs >= -t[:, None], axis=1)
                cand &= np.all(np.einsum("nk,nkm->nm", xs, sub_rows) >= v[:, None] - t[:, None], 1)
                if not np.any(cand):
                    continue
                c = np.flatnonzero(cand)
                ys, v2, oky = _solve_equalising(np.swapaxes(sub[c], 1, 2))
                full_y = np.zeros((c.size, m))
                full_y[:, cols] = ys
                tc = t[c]
                good = (
                    oky
                    & np.all(full_y >= -tc[:, None], axis=1)
                    & np.all(np.einsum("nkm,nm->nk", g[c], full_y) <= v[c, None] + tc[:, None], 1)
                    & (np.abs(v[c] - v2) <= tc)
                )
                if not np.any(good):
                    continue
                hit = c[good]
                idx = open_[hit]
                full_x = np.zeros((hit.size, k))
                full_x[:, rows] = xs[hit]
                value[idx] = v[hit]
                x[idx] = np.clip(full_x, 0.0, None)
                y[idx] = np.clip(full_y[good], 0.0, None)
                x[idx] /= x[idx].sum(axis=1, keepdims=True)
                y[idx] /= y[idx].sum(axis=1, keepdims=True)
                keep = np.ones(open_.size, dtype=bool)
                keep[hit] = False
                open_ = open_[keep]
                g, t, sub_rows = g[keep], t[keep], sub_rows[keep]

"""Creditor coalitions: who the players are, and whether the core of ``v(C) = g(w(C))`` is empty.

**Players.** TIC country rows are players; aggregate rows are not: ``Grand Total``, ``All
Other`` (a residual of many small holders that cannot act as one) and every ``Of which: ...``
row (Foreign Official and its bills/bonds split are subsets of the country rows). Holdings are
converted to integer units of USD 0.1bn, TIC's reporting precision (:func:`holder_weights`).

**Core.** The core of :math:`v(C) = g(w(C))` is the set of allocations ``x`` with
:math:`x(N) = g(W)` and :math:`x(C) \\ge g(w(C))` for every coalition. :func:`core_check`
decides exactly whether it is empty, by the first rule that applies:

1. ``g`` convex on ``0..W`` (non-decreasing increments): ``v`` is supermodular, so the core is
   non-empty and contains the Shapley value (Shapley 1971, "Cores of convex games").
2. ``g`` concave with ``g(0) = 0``: ``g`` is subadditive, so every coalition can claim at least
   the sum of its members' stand-alone worths; the core is non-empty iff
   :math:`\\sum_i g(w_i) \\le g(W)` (then it is the single point :math:`x_i = g(w_i)`). Proof:
   :math:`x_i \\ge g(w_i)` and subadditivity give :math:`g(W) = x(N) \\ge \\sum_i g(w_i) \\ge
   g(W)`; conversely :math:`x_i = g(w_i)` satisfies every coalition by subadditivity.
3. A candidate allocation (Shapley value, proportional :math:`x_i = w_i g(W)/W`) is in the core:
   non-empty. Membership is tested exactly for all :math:`2^n` coalitions at once by a knapsack
   programme over total weight, :math:`m(t) = \\min_{C: w(C) = t} x(C)`, O(nW); ``x`` is in the
   core iff :math:`m(t) \\ge g(t)` for every reachable ``t``.
4. A balanced collection violates the Bondareva-Shapley condition: empty. Checked for the
   singletons (:math:`\\sum_i g(w_i) > g(W)`) and, for each size ``k``, the collection of all
   ``k``-player coalitions with weights :math:`1/\\binom{n-1}{k-1}`:
   :math:`\\frac{n}{k} \\sum_t P(k, t) g(t) > g(W)` with ``P`` the size-weight shares of
   :mod:`._shapley` (exact for symmetric games).
5. At most :data:`MAX_LP_PLAYERS` players: the Bondareva-Shapley linear programme
   :math:`\\max \\sum_C \\lambda_C v(C)` s.t. :math:`\\sum_{C \\ni i} \\lambda_C = 1`,
   :math:`\\lambda \\ge 0`, solved by a small simplex with Bland's rule (started from the
   singletons, a feasible basis); the core is empty iff the optimum exceeds :math:`v(N)`, and
   the dual solution is then, or otherwise, a certificate.

If none applies (more players, ``g`` neither convex nor concave, no certificate found) the
question is left undecided and :class:`~cardtable.errors.ModelError` is raised.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from cardtable._typing import FloatArray, IntArray
from cardtable.data import is_aggregate_row
from cardtable.errors import InputError, ModelError
from cardtable.game._shapley import _g, _size_weight_shares, _weights, shapley_weighted

__all__ = [
    "MAX_LP_PLAYERS",
    "CoreCheck",
    "core_check",
    "core_is_empty",
    "holder_weights",
    "in_core",
]

MAX_LP_PLAYERS = 12


def holder_weights(holdings_usd_bn: Mapping[str, float]) -> tuple[tuple[str, ...], IntArray]:
    """Players and their integer weights (USD 0.1bn units) from TIC rows, aggregates dropped.

    Parameters
    ----------
    holdings_usd_bn
        Country (TIC spelling) -> holdings in USD bn.

    Returns
    -------
    names, weights
        Country rows only, in the given order; weights ``round(10 * holdings)``.
    """
    names = tuple(c for c in holdings_usd_bn if not is_aggregate_row(c))
    units = np.array([round(10.0 * float(holdings_usd_bn[c])) for c in names], dtype=np.int64)
    return names, units


@dataclass(frozen=True)
class CoreCheck:
    """Outcome of :func:`core_check`.

    Attributes
    ----------
    empty
        Whether the core is empty.
    method
        The rule that decided (``convex``, ``concave``, ``allocation``, ``balanced``, ``lp``).
    allocation
        A core allocation when the core is non-empty (``None`` if empty).
    detail
        What the certificate is, in words.
    balanced_weights
        For ``lp``: the optimal weights over all coalitions (index ``mask - 1`` for the
        coalition whose members are the bits of ``mask``); a certificate of emptiness.
    """

    empty: bool
    method: str
    allocation: FloatArray | None
    detail: str
    balanced_weights: FloatArray | None = None


def _tol(g: FloatArray) -> float:
    return 1e-9 * max(1.0, float(np.abs(g).max()))


def in_core(weights_units: IntArray | list[int], g: FloatArray, x: FloatArray) -> bool:
    """Exact core membership of allocation ``x`` for ``v(C) = g(w(C))`` (knapsack over weight)."""
    w = _weights(weights_units)
    total = int(w.sum())
    gg = _g(g, total)
    x = np.asarray(x, dtype=np.float64)
    tol = _tol(gg)
    if abs(float(x.sum()) - float(gg[-1])) > tol:
        return False
    m = np.full(total + 1, np.inf)
    m[0] = 0.0
    for wi, xi in zip(w.tolist(), x.tolist(), strict=True):
        if wi == 0:
            m = np.minimum(m, m + xi)
            continue
        cand = m[: total + 1 - wi] + xi
        np.minimum(m[wi:], cand, out=m[wi:])
    reach = np.isfinite(m)
    reach[0] = False
    return bool(np.all(m[reach] >= gg[reach] - tol))


def core_check(
    weights_units: IntArray | list[int],
    g: FloatArray,
    *,
    shapley_value: FloatArray | None = None,
) -> CoreCheck:
    """Decide whether the core of ``v(C) = g(sum of weights in C)`` is empty (module docs).

    Parameters
    ----------
    weights_units
        Integer weights ``(n,)``, >= 0.
    g
        Worth by total weight on ``0 .. W``, ``(W+1,)``, ``g(0) = 0``.
    shapley_value
        The Shapley value of ``g`` when the caller has it already (e.g. ``values @
        shapley_piecewise_linear(weights, knots)`` for an interpolated ``g``); otherwise
        :func:`~cardtable.game.shapley_weighted` computes it (only rules 1 and 3 need it).

    Raises
    ------
    ModelError
        If no rule decides (more than :data:`MAX_LP_PLAYERS` players and no certificate).
    InputError
        If ``shapley_value`` is not ``(n,)`` or does not sum to ``g(W)``.
    """
    w = _weights(weights_units)
    n, total = w.size, int(w.sum())
    gg = _g(g, total)
    if gg.ndim != 1:
        raise ModelError("core_check takes one g (W+1,)")
    tol = _tol(gg)
    phi = None if shapley_value is None else _checked_shapley(shapley_value, n, float(gg[-1]), tol)
    d2 = np.diff(gg, 2)
    if np.all(d2 >= -tol):
        x = shapley_weighted(w, gg) if phi is None else phi
        return CoreCheck(False, "convex", x, "g convex: Shapley in core")
    alone = gg[w]
    if np.all(d2 <= tol):
        if alone.sum() <= gg[-1] + tol:
            return CoreCheck(False, "concave", alone.copy(), "g concave: x_i = g(w_i)")
        return CoreCheck(True, "concave", None, "g concave and sum_i g(w_i) > g(W)")
    for name, x in (
        ("Shapley value", shapley_weighted(w, gg) if phi is None else phi),
        ("proportional allocation", w * (gg[-1] / total) if total else np.zeros(n)),
    ):
        if in_core(w, gg, x):
            return CoreCheck(False, "allocation", np.asarray(x), f"{name} is in the core")
    if alone.sum() > gg[-1] + tol:
        return CoreCheck(True, "balanced", None, "singletons: sum_i g(w_i) > g(W)")
    p = _size_weight_shares(w)
    for k in range(1, n):
        if n / k * float(p[k] @ gg) > gg[-1] + tol:
            return CoreCheck(True, "balanced", None, f"all {k}-player coalitions, 1/C(n-1,k-1)")
    if n <= MAX_LP_PLAYERS:
        value, x, lam = _bondareva_shapley(w, gg)
        if value > gg[-1] + tol:
            return CoreCheck(True, "lp", None, f"balanced collection worth {value:.6g} > v(N)", lam)
        return CoreCheck(False, "lp", x, "dual of the Bondareva-Shapley programme", lam)
    raise ModelError(
        f"core emptiness undecided for {n} players: g is neither convex nor concave and no "
        "certificate was found (exact programme limited to "
        f"{MAX_LP_PLAYERS} players)"
    )


def _checked_shapley(value: FloatArray, n: int, grand: float, tol: float) -> FloatArray:
    phi = np.asarray(value, dtype=np.float64)
    if phi.shape != (n,):
        raise InputError("shapley_value", phi.shape, f"the Shapley value of g, shape ({n},)")
    if not abs(float(phi.sum()) - grand) <= tol:
        raise InputError(
            "shapley_value",
            f"sum {float(phi.sum()):.6g}",
            f"the Shapley value, summing to g(W) = {grand:.6g}",
        )
    return phi


def core_is_empty(weights_units: IntArray | list[int], g: FloatArray) -> bool:
    """Whether the core of ``v(C) = g(sum of weights in C)`` is empty (see :func:`core_check`)."""
    return core_check(weights_units, g).empty


def _bondareva_shapley(w: IntArray, g: FloatArray) -> tuple[float, FloatArray, FloatArray]:
    """Max sum_C lambda_C v(C) s.t. sum_{C ni i} lambda_C = 1, lambda >= 0.

    Returns the optimum, the dual prices (an allocation ``x`` with ``x(C) >= v(C)`` for every
    coalition and ``x(N)`` = optimum) and the optimal weights ``lambda``.
    """
    n = w.size
    masks = ((np.arange(1, 2**n)[:, None] >> np.arange(n)) & 1).astype(np.float64)
    a = masks.T  # (n, m): column C is the indicator of coalition C
    c = g[(masks @ w).astype(np.int64)]
    basis = [(1 << i) - 1 for i in range(n)]  # singleton columns: index 2^i - 1
    b_inv = np.eye(n)
    lam = np.ones(n)
    tol = 1e-12 * max(1.0, float(np.abs(c).max()))
    for _ in range(10_000):
        y = c[basis] @ b_inv  # dual prices = candidate allocation x
        reduced = c - y @ a
        enter = np.flatnonzero(reduced > tol)
        if enter.size == 0:
            weights = np.zeros(c.size)
            weights[basis] = lam
            return float(c[basis] @ lam), y, weights
        j = int(enter[0])  # Bland: lowest index
        col = b_inv @ a[:, j]
        pos = col > 1e-12
        if not np.any(pos):  # pragma: no cover - bounded: sum lambda_C |C| = n
            raise ModelError("Bondareva-Shapley programme unbounded")
        ratios = np.where(pos, lam / np.where(pos, col, 1.0), np.inf)
        best = ratios.min()
        ties = np.flatnonzero(ratios <= best + 1e-12)
        r = int(min(ties, key=lambda t: basis[t]))  # Bland: leave the lowest column index
        piv = col[r]
        lam = lam - best * col
        lam[r] = best
        b_inv[r] /= piv
        for k in range(n):
            if k != r and col[k] != 0.0:
                b_inv[k] -= col[k] * b_inv[r]
        basis[r] = j
    raise ModelError("Bondareva-Shapley simplex did not converge")  # pragma: no cover

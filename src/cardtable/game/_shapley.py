"""Exact Shapley values of creditor coalitions whose worth depends on their total holdings.

Players are holders with integer weights :math:`w_i` (TIC reports holdings in units of
USD 0.1bn) and the game is :math:`v(C) = g(\\sum_{i \\in C} w_i)` with ``g`` given on the grid
``0 .. W`` (:math:`W = \\sum_i w_i`, :math:`g(0) = 0`), e.g. the market impact of a coordinated
sale of the coalition's holdings, evaluated by the engine in one vectorised call. The Shapley
value is

.. math::

    \\phi_i = \\sum_{C \\subseteq N \\setminus i} \\frac{|C|!\\,(n-|C|-1)!}{n!}
              \\,[g(w(C) + w_i) - g(w(C))]
            = \\frac{1}{n} \\sum_{s=0}^{n-1} \\sum_t P_{-i}(s, t)\\,[g(t + w_i) - g(t)],

where :math:`P_{-i}(s, t)` is the share of the size-``s`` coalitions of the *other* players
whose total weight is ``t`` (the Shapley weight of a size-``s`` coalition is exactly
:math:`1 / (n \\binom{n-1}{s})`).

Algorithm (dynamic programme over (size, total weight), memory :math:`(n+1) \\times (W+1)`):

1. Count all coalitions by size and weight, in shares of :math:`\\binom{k}{s}` so that every
   entry stays in [0, 1]: adding player ``k`` is the convex combination
   :math:`Q_k(s,t) = \\frac{k-s}{k} Q_{k-1}(s,t) + \\frac{s}{k} Q_{k-1}(s-1, t-w_k)`.
2. Remove player ``i`` from the count by the inverse recursion of
   :math:`N(s,t) = N_{-i}(s,t) + N_{-i}(s-1,t-w_i)`, in shares:
   upward, :math:`P_{-i}(s,t) = \\frac{n}{n-s} P(s,t) - \\frac{s}{n-s} P_{-i}(s-1,t-w_i)`
   for :math:`s \\le (n-1)/2`; downward from :math:`P_{-i}(n-1, \\cdot) = \\delta_{W-w_i}`,
   :math:`P_{-i}(s-1,t) = \\frac{n}{s} P(s,t+w_i) - \\frac{n-s}{s} P_{-i}(s,t+w_i)` for the
   larger sizes. Each direction multiplies earlier rounding errors by a factor below 1, so the
   removal is numerically stable (the one-directional recursion amplifies them by up to
   :math:`\\binom{n-1}{n/2}`, 1e12 for 45 players).
3. Sum :math:`M_i(t) = \\sum_s P_{-i}(s,t)` and contract with the marginal contributions of
   ``g``; the counts do not depend on ``g``, so many ``g`` (one per draw) cost one pass each.

Cost :math:`O(n^2 W)` in a few numpy row operations per (player, size): about 0.2 s for 45
holders and :math:`W \\approx 93{,}000` (benchmarks/bench_game.py).

:func:`brute_force_shapley` enumerates all coalitions (small games, tests).
"""

from __future__ import annotations

from math import factorial

import numpy as np

from cardtable._typing import FloatArray, IntArray
from cardtable.errors import InputError

__all__ = [
    "brute_force_shapley",
    "coalition_weight_profile",
    "shapley_from_profile",
    "shapley_weighted",
]

MAX_BRUTE_FORCE_PLAYERS = 20


def _weights(weights_units: IntArray | list[int]) -> IntArray:
    w = np.asarray(weights_units)
    if w.ndim != 1 or w.size < 1:
        raise InputError("weights_units", w.shape, "a non-empty 1-d array of integers")
    if not np.issubdtype(w.dtype, np.integer):
        if not np.all(np.equal(np.mod(w, 1), 0)):
            raise InputError("weights_units", "non-integer", "integer units (USD 0.1bn)")
        w = w.astype(np.int64)
    if np.any(w < 0):
        raise InputError("weights_units", "negative", "weights >= 0")
    return w.astype(np.int64)


def _g(g: FloatArray, total: int) -> FloatArray:
    a = np.asarray(g, dtype=np.float64)
    if a.shape[-1] != total + 1 or a.ndim not in (1, 2):
        raise InputError("g", a.shape, f"g on the grid 0..{total}: shape ({total + 1},) or (D, ..)")
    if np.any(np.abs(a[..., 0]) > 1e-12 * max(1.0, float(np.abs(a).max()))):
        raise InputError("g", "g(0) != 0", "the empty coalition to be worth g(0) = 0")
    return a


def _size_weight_shares(w: IntArray) -> FloatArray:
    """``P[s, t]``: share of the size-``s`` coalitions of all players with total weight ``t``."""
    n, total = w.size, int(w.sum())
    q = np.zeros((n + 1, total + 1))
    q[0, 0] = 1.0
    tmp = np.empty(total + 1)
    ws = np.sort(w)
    # P does not depend on the order players are added in; smallest first keeps the rows short
    # until the largest holders come last. Row s of Q_k is zero outside [pre[s], pre[k] -
    # pre[k - s]] (the s smallest weights, the s largest of the first k): only that range is
    # updated (the same arithmetic as on whole rows, where the rest is 0 * coefficient).
    pre = np.concatenate([[0], np.cumsum(ws)]).tolist()
    for k, wk in enumerate(ws.tolist(), start=1):
        for s in range(k, 0, -1):  # descending: row s - 1 still holds Q_{k-1}
            if s < k:
                q[s, pre[s] : pre[k - 1] - pre[k - 1 - s] + 1] *= (k - s) / k
            a, b = pre[s - 1], pre[k - 1] - pre[k - s]  # support of row s - 1 of Q_{k-1}
            part = tmp[: b - a + 1]
            np.multiply(q[s - 1, a : b + 1], s / k, out=part)
            q[s, a + wk : b + wk + 1] += part
    return q


def _removal_coefficients(n: int) -> tuple[FloatArray, FloatArray, int]:
    """Coefficients unrolling the two stable removal recursions (see module docs).

    Upward, :math:`P_{-i}(s) = \\sum_{r \\le s} C[s, r]\\, S^{(s-r) w_i} P(r)` with ``S`` the
    shift ``t -> t + w_i``; downward, :math:`P_{-i}(s) = \\sum_{r > s} D[s, r]\\,
    T^{(r-s) w_i} P(r)` with ``T`` the shift ``t -> t - w_i``. Summing over the sizes and grouping
    by the shift gives matrices ``U[d, r]`` and ``V[d, r]`` that do not depend on the player.
    """
    mid = (n - 1) // 2
    c = np.zeros((n + 1, n + 1))
    for s in range(0, mid + 1):
        c[s, s] = n / (n - s)
        if s > 0:
            c[s, :s] = -(s / (n - s)) * c[s - 1, :s]
    up = np.zeros((mid + 1, n + 1))
    for s in range(0, mid + 1):
        for r in range(0, s + 1):
            up[s - r, r] += c[s, r]
    d = np.zeros((n + 1, n + 1))
    down = np.zeros((n + 1, n + 1))
    if n - 1 > mid:
        d[n - 1, n] = 1.0
        for s in range(n - 1, mid + 1, -1):
            d[s - 1, s] = n / s
            d[s - 1, s + 1 :] = -((n - s) / s) * d[s, s + 1 :]
        for s in range(mid + 1, n):
            for r in range(s + 1, n + 1):
                down[r - s, r] += d[s, r]
    return up, down, mid


def coalition_weight_profile(weights_units: IntArray | list[int]) -> FloatArray:
    """``M[i, t] = sum_s P_{-i}(s, t)`` for every player (see module docs), shape ``(n, W+1)``.

    ``phi_i = (1/n) sum_t M[i, t] (g(t + w_i) - g(t))``; ``M`` does not depend on ``g``.
    """
    w = _weights(weights_units)
    n, total = w.size, int(w.sum())
    p = _size_weight_shares(w)
    up, down, mid = _removal_coefficients(n)
    q_up = up @ p  # (mid + 1, W + 1): grouped by shift d >= 0 (to the right by d w_i)
    q_down = down[1:] @ p  # (n, W + 1): grouped by shift d >= 1 (to the left by d w_i)
    out = np.zeros((n, total + 1))
    for i, wi in enumerate(w.tolist()):
        acc = out[i]
        acc += q_up[0]
        for d in range(1, mid + 1):
            k = d * wi
            if k > total:
                break
            acc[k:] += q_up[d, : total + 1 - k]
        for d in range(1, n - mid):
            k = d * wi
            if k > total:
                break
            acc[: total + 1 - k] += q_down[d - 1, k:]
    return out


def shapley_weighted(weights_units: IntArray | list[int], g: FloatArray) -> FloatArray:
    """Exact Shapley values of ``v(C) = g(sum of the weights in C)``.

    Parameters
    ----------
    weights_units
        Integer weights ``(n,)`` (e.g. holdings in USD 0.1bn), >= 0.
    g
        Worth of a coalition by total weight on ``0 .. W``: ``(W+1,)`` or one row per draw
        ``(D, W+1)``; ``g(0) = 0``.

    Returns
    -------
    numpy.ndarray
        ``(n,)`` or ``(D, n)``; each row sums to ``g(W)`` (efficiency).
    """
    w = _weights(weights_units)
    return shapley_from_profile(w, coalition_weight_profile(w), g)


def shapley_from_profile(
    weights_units: IntArray | list[int], profile: FloatArray, g: FloatArray
) -> FloatArray:
    """:func:`shapley_weighted` with the coalition counts already computed.

    The counts (:func:`coalition_weight_profile`) do not depend on ``g``: compute them once and
    pass the draws of ``g`` in chunks (a ``(D, W+1)`` array of 85,000 units is 0.7 MB per draw).

    Parameters
    ----------
    weights_units
        Integer weights ``(n,)``.
    profile
        ``coalition_weight_profile(weights_units)``, ``(n, W+1)``.
    g
        ``(W+1,)`` or ``(D, W+1)``, ``g(0) = 0``.

    Returns
    -------
    numpy.ndarray
        ``(n,)`` or ``(D, n)``.
    """
    w = _weights(weights_units)
    total = int(w.sum())
    gg = _g(g, total)
    prof = np.asarray(profile, dtype=np.float64)
    n = w.size
    if prof.shape != (n, total + 1):
        raise InputError("profile", prof.shape, f"coalition_weight_profile: ({n}, {total + 1})")
    g2 = gg.reshape(-1, total + 1)
    phi = np.empty((g2.shape[0], n))
    for i, wi in enumerate(w.tolist()):
        span = total + 1 - wi
        marginal = g2[:, wi:] - g2[:, :span]
        phi[:, i] = marginal @ prof[i, :span] / n
    return phi[0] if gg.ndim == 1 else phi


def brute_force_shapley(weights_units: IntArray | list[int], g: FloatArray) -> FloatArray:
    """Shapley values by enumerating every coalition (at most 20 players; for tests).

    Parameters
    ----------
    weights_units, g
        As for :func:`shapley_weighted` (``g`` one-dimensional).

    Returns
    -------
    numpy.ndarray
        ``(n,)``.
    """
    w = _weights(weights_units)
    n, total = w.size, int(w.sum())
    if n > MAX_BRUTE_FORCE_PLAYERS:
        raise InputError("weights_units", n, f"at most {MAX_BRUTE_FORCE_PLAYERS} players")
    gg = _g(g, total)
    if gg.ndim != 1:
        raise InputError("g", gg.shape, "one g (W+1,)")
    masks = (np.arange(2**n)[:, None] >> np.arange(n)) & 1
    sizes = masks.sum(axis=1)
    totals = masks @ w
    gamma = np.array([factorial(s) * factorial(n - 1 - s) / factorial(n) for s in range(n)])
    phi = np.empty(n)
    for i in range(n):
        out = masks[:, i] == 0
        s, t = sizes[out], totals[out]
        phi[i] = float(np.sum(gamma[s] * (gg[t + w[i]] - gg[t])))
    return phi

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

Unrolled, the two removal recursions group by shift: with :math:`m = \\lfloor (n-1)/2 \\rfloor`,
:math:`q^{\\uparrow}_d = \\sum_r U[d, r] P(r, \\cdot)` and
:math:`q^{\\downarrow}_d = \\sum_r V[d, r] P(r, \\cdot)` (``U``, ``V`` do not depend on the
player; :math:`U[d, r] \\ne 0` only for :math:`r \\le m - d`, :math:`V[d, r] \\ne 0` only for
:math:`r \\ge m + 1 + d`),

.. math::

    M_i(t) = \\sum_{d=0}^{m} q^{\\uparrow}_d(t - d w_i)
           + \\sum_{d=1}^{n-1-m} q^{\\downarrow}_d(t + d w_i).

Cost :math:`O(n^2 W)` in a few numpy row operations per (player, size): about 0.1 s for the
36 holders of 2025-12 (:math:`W = 85{,}605`) to build the ``(n, W+1)`` profile ``M``, then one
pass over it per ``g``.

**Piecewise-linear worth** (:func:`shapley_piecewise_linear`). When ``g`` is linear between
knots :math:`0 = k_0 < k_1 < \\dots < k_{K-1} = W` (not necessarily integers; ``g`` is only
evaluated at integers), write :math:`g = \\sum_j v_j h_j` with :math:`h_j` the hat function of
knot ``j`` (1 at :math:`k_j`, 0 at the other knots, linear in between). The Shapley value is
linear in ``g``, so :math:`\\phi = v B` with :math:`B` the ``(K, n)`` Shapley values of the
hats, for any number of ``v`` (one per draw). Substituting :math:`M_i`,

.. math::

    n \\phi_i = \\sum_{(d, r)} \\gamma_{d,r} \\sum_{u:\\ 0 \\le u + s w_i \\le W - w_i} P(r, u)
        \\,[g(u + s w_i + w_i) - g(u + s w_i)]

over the terms :math:`(d, r)`: :math:`\\gamma = U[d, r]` and :math:`s = d`, or
:math:`\\gamma = V[d, r]` and :math:`s = -d`. Each inner sum is, for each shift
:math:`c \\in \\{s w_i, s w_i + w_i\\}`, a sum :math:`\\sum_{u \\in [a, b)} r[u]\\, g(u + c)`
over a window; split it by segment (integer :math:`x = u + c` in
:math:`[\\lceil k_j \\rceil, \\lceil k_{j+1} \\rceil)`, the last one closed at ``W``, so that a
knot is counted once). On segment ``j``,
:math:`g(x) = v_j + (v_{j+1} - v_j)(x - k_j) / (k_{j+1} - k_j)`, so the window needs only

.. math::

    S_0 = A(b) - A(a), \\qquad
    S_1 = \\sum_{u \\in [a, b)} (u + c - k_j)\\, r[u] = B(b) - B(a) + (\\mu + c - k_j) S_0,

with the prefix sums :math:`A(x) = \\sum_{u < x} r[u]` and
:math:`B(x) = \\sum_{u < x} (u - \\mu) r[u]` of the row (:math:`\\mu` the row's mean weight, a
centre that keeps ``B`` small), and adds :math:`S_0 - S_1 / h_j` to hat ``j`` and
:math:`S_1 / h_j` to hat ``j + 1`` (:math:`h_j = k_{j+1} - k_j`). Window ends are clipped to
the row's support (between the total weights of the ``r`` smallest and the ``r`` largest
players); on segments
shorter than 16 units :math:`S_1` is summed from ``A`` alone,
:math:`\\sum_{u \\in [a, b)} (u - a) r[u] = \\sum_{l=1}^{b-a-1} (A(b) - A(a + l))`, so that
the rounding of ``B`` (about :math:`\\epsilon W` times the row) is not divided by a short
segment's length. From 12 knots the terms of one shift are first summed into the rows
:math:`q^{\\uparrow}_d, q^{\\downarrow}_d` (two small matrix products over the grid), which
leaves ``n`` terms per player instead of about :math:`n^2/4`.

Cost: the counts :math:`O(n^2 W)` (as above, without the profile), the prefix sums
:math:`O(nW)`, then :math:`O(n^3 K)` (or :math:`O(n^2 K)`) gathers and arithmetic, all
vectorised; no ``(n, W+1)`` array. For the 36 holders of 2025-12 and a weighted-majority game
(4 knots) that is about 0.02 s, and 65 knots about 0.025 s (benchmarks/bench_leverage.py);
on TIC's holders the values agree with the profile path to 2e-13 relative for the majority
game and 2e-12 for 65 knots (the rounding of prefix sums over 85,000 units).

:func:`shapley_weighted` takes this path by itself when its ``g`` is piecewise linear on the
integers with at most :data:`MAX_PIECEWISE_KNOTS` knots (the points where a row's second
difference exceeds 1e-13 of the row's largest value, plus 0 and ``W``, the union over rows;
accepted only if the interpolant on them reproduces every row to 1e-14 of its largest value,
so the Shapley values move by at most twice that), and otherwise the profile path.

"""

from __future__ import annotations

from math import factorial

import numpy as np

from cardtable._typing import FloatArray, IntArray
from cardtable.errors import InputError
from cardtable.game._shapley_linear import hat_shapley

__all__ = [
    "MAX_PIECEWISE_KNOTS",
    "brute_force_shapley",
    "coalition_weight_profile",
    "shapley_from_profile",
    "shapley_piecewise_linear",
    "shapley_weighted",
]

MAX_BRUTE_FORCE_PLAYERS = 20
#: :func:`shapley_weighted` uses :func:`shapley_piecewise_linear` up to this many knots.
MAX_PIECEWISE_KNOTS = 2048
_KINK_TOL = 1e-13  # a second difference above this share of max |g| is a knot
_FIT_TOL = 1e-14  # the interpolant on the knots must reproduce g to this share of max |g|
_DETECT_ELEMENTS = 1 << 22


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

    A ``g`` that is piecewise linear on the integers with at most :data:`MAX_PIECEWISE_KNOTS`
    knots (e.g. a weighted-majority game, or an interpolation between a few engine runs) is
    solved by :func:`shapley_piecewise_linear`; any other ``g`` through the coalition-weight
    profile (module docs).

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
    total = int(w.sum())
    gg = _g(g, total)
    g2 = gg.reshape(-1, total + 1)
    knots = _piecewise_knots(g2)
    if knots is None:
        return shapley_from_profile(w, coalition_weight_profile(w), gg)
    phi: FloatArray = g2[:, knots] @ shapley_piecewise_linear(w, knots)
    return phi[0] if gg.ndim == 1 else phi


def shapley_piecewise_linear(
    weights_units: IntArray | list[int], knots_units: FloatArray | IntArray | list[float]
) -> FloatArray:
    """Exact Shapley values of the hat functions on ``knots_units``: ``(K, n)``.

    Row ``j`` is the Shapley value of ``v(C) = h_j(w(C))``, with ``h_j`` the piecewise-linear
    function that is 1 at knot ``j``, 0 at the other knots and linear in between, evaluated
    at the integer total weights. For ``g = sum_j v_j h_j`` the Shapley values are
    ``v @ result``, for one ``v`` or one per draw ``(D, K)``. The counts are computed once and
    no ``(n, W+1)`` profile is built (module docs, "Piecewise-linear worth").

    Parameters
    ----------
    weights_units
        Integer weights ``(n,)``, >= 0, with a positive total ``W``.
    knots_units
        ``(K,)`` strictly increasing, ``knots[0] = 0``, ``knots[-1] = W``, ``K >= 2``; need not
        be integers.

    Returns
    -------
    numpy.ndarray
        ``(K, n)``. Row ``j`` sums to ``h_j(W) - h_j(0)`` (efficiency of a game whose empty
        coalition is worth ``h_j(0)``: 1 for ``j = 0``, else 0); zero-weight players get 0.

    Raises
    ------
    InputError
        Weights or knots outside the above.
    """
    w = _weights(weights_units)
    total = int(w.sum())
    if total < 1:
        raise InputError("weights_units", "total 0", "weights with a positive total")
    k = np.asarray(knots_units, dtype=np.float64)
    if k.ndim != 1 or k.size < 2:
        raise InputError("knots_units", k.shape, "a 1-d array of at least 2 knots")
    if not (np.all(np.isfinite(k)) and k[0] == 0.0 and k[-1] == total and np.all(np.diff(k) > 0)):
        raise InputError(
            "knots_units", "not 0 < ... < W", f"strictly increasing knots from 0 to W = {total}"
        )
    up, down, mid = _removal_coefficients(w.size)
    out = hat_shapley(w, k, _size_weight_shares(w), up, down, mid)
    out[:, w == 0] = 0.0  # null players (the two shifts cancel; this drops the rounding)
    return out


def _piecewise_knots(g2: FloatArray) -> IntArray | None:
    """Integer knots between which every row of ``g2`` is linear, or ``None`` (module docs)."""
    total = g2.shape[1] - 1
    if total < 1:
        return None
    scale = np.abs(g2).max(axis=1, keepdims=True)
    step = max(1, _DETECT_ELEMENTS // (total + 1))  # rows at a time: bounded temporaries
    chunks = [slice(s, s + step) for s in range(0, g2.shape[0], step)]
    kink = np.zeros(total - 1, dtype=bool)
    for sl in chunks:
        d2 = np.abs(g2[sl, 2:] - 2.0 * g2[sl, 1:-1] + g2[sl, :-2])
        kink |= np.any(d2 > _KINK_TOL * scale[sl], axis=0)
    inner = np.flatnonzero(kink) + 1
    if inner.size + 2 > MAX_PIECEWISE_KNOTS:
        return None
    knots = np.concatenate([[0], inner, [total]]).astype(np.int64)
    t = np.arange(total + 1)
    seg = np.minimum(np.searchsorted(knots, t, side="right") - 1, knots.size - 2)
    left, right = knots[seg], knots[seg + 1]
    frac = (t - left) / (right - left)
    for sl in chunks:
        g_left = g2[sl, left]
        fit = g_left + (g2[sl, right] - g_left) * frac
        if np.any(np.abs(fit - g2[sl]) > _FIT_TOL * scale[sl]):
            return None
    return knots


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

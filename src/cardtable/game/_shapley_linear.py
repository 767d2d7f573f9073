"""Shapley values of the hat functions of a piecewise-linear worth, from prefix sums of the counts.

The equations are in :mod:`cardtable.game._shapley` (section "Piecewise-linear worth"); this
module is the kernel behind :func:`~cardtable.game.shapley_piecewise_linear`. Everything is
vectorised over (player, knot, removal term); memory is bounded by chunks of players. The two
prefix sums of a row are kept as one complex array, ``A + iB``, so that one cumulative sum and
one gather serve both.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt

from cardtable._typing import FloatArray, IntArray

ComplexArray: TypeAlias = npt.NDArray[np.complex128]

#: From this many knots the removal terms are summed into one row per shift first (two small
#: matrix products over the grid); below it every (size, shift) term is gathered on its own.
SUMMED_TERMS_MIN_KNOTS = 12
#: On segments shorter than this (in units) the first moment of a window is summed from the
#: prefix of the counts alone (exact to rounding), not from the prefix of ``u * count``.
SHORT_WINDOW = 16
_CHUNK_ELEMENTS = 1 << 20


@dataclass(frozen=True)
class _Rows:
    """Rows (count rows or summed removal terms), their prefix sums and the terms using them.

    Row ``j`` is zero outside ``[lo[j], hi[j]]``; ``pre[off[j] + x - lo[j]]`` is
    :math:`A_j(x) + i B_j(x)` with :math:`A_j(x) = \\sum_{u < x} r_j[u]` and
    :math:`B_j(x) = \\sum_{u < x} (u - \\mu_j) r_j[u]`, for ``x`` in ``lo[j] .. hi[j] + 1``.
    Term ``e`` adds ``coef[e]`` times row ``row[e]`` shifted by ``shift[e] * w_i``.
    """

    pre: ComplexArray
    off: IntArray
    lo: IntArray
    hi: IntArray
    mu: FloatArray
    row: IntArray
    shift: IntArray
    coef: FloatArray


@cache
def _blas() -> Any:
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def _prefix_rows(values: list[FloatArray], lo: IntArray, mu: FloatArray) -> ComplexArray:
    """Prefix sums ``A + iB`` of each row on its support, rows one after the other (``_Rows``)."""
    pre = np.empty(sum(v.size + 1 for v in values), dtype=np.complex128)
    u = np.arange(max(int(a) + v.size for a, v in zip(lo, values, strict=True)), dtype=np.float64)
    o = 0
    for v, a, centre in zip(values, lo.tolist(), mu.tolist(), strict=True):
        row = pre[o + 1 : o + 1 + v.size]
        row.real = v
        np.subtract(u[a : a + v.size], centre, out=row.imag)
        row.imag *= v
        np.cumsum(row, out=row)
        pre[o] = 0.0
        o += v.size + 1
    return pre


def _offsets(lo: IntArray, hi: IntArray) -> IntArray:
    off = np.zeros(lo.size, dtype=np.int64)
    np.cumsum((hi - lo + 2)[:-1], out=off[1:])
    return off


def _rows(
    w: IntArray, p: FloatArray, up: FloatArray, down: FloatArray, mid: int, summed: bool
) -> _Rows:
    n, total = w.size, int(w.sum())
    ws = np.sort(w)
    lo_r = np.concatenate([[0], np.cumsum(ws)])  # row r of P lives on [lo_r, hi_r]
    hi_r = np.concatenate([[0], np.cumsum(ws[::-1])])
    mu_r = np.arange(n + 1, dtype=np.float64) * (total / n)  # mean weight of a size-r coalition
    ups = np.arange(mid + 1)
    downs = np.arange(1, n - mid)
    if not summed:
        row_l, shift_l, coef_l = [], [], []
        for d in ups.tolist():  # up[d, r] != 0 only for r <= mid - d
            row_l += list(range(mid - d + 1))
            shift_l += [d] * (mid - d + 1)
            coef_l += up[d, : mid - d + 1].tolist()
        for d in downs.tolist():  # down[d, r] != 0 only for r >= mid + 1 + d
            row_l += list(range(mid + 1 + d, n + 1))
            shift_l += [-d] * (n - mid - d)
            coef_l += down[d, mid + 1 + d :].tolist()
        pre = _prefix_rows([p[r, lo_r[r] : hi_r[r] + 1] for r in range(n + 1)], lo_r, mu_r)
        row, shift, coef = np.array(row_l), np.array(shift_l), np.array(coef_l)
        return _Rows(pre, _offsets(lo_r, hi_r), lo_r, hi_r, mu_r, row, shift, coef)
    # one row per shift: q_up[d] = up[d] @ P lives on [0, hi_{mid-d}] (rows r <= mid - d),
    # q_down[d] = down[d] @ P on [lo_{mid+1+d}, W] (rows r >= mid + 1 + d)
    end = int(hi_r[mid]) + 1
    start = int(lo_r[min(mid + 2, n)])
    # one BLAS thread: these products take about 1 ms, and a second thread that has to wait
    # for a busy core makes them ten times slower
    with _blas().limit(limits=1, user_api="blas"):
        q_up = up[:, : mid + 1] @ p[: mid + 1, :end]
        q_down = down[downs][:, mid + 2 :] @ p[mid + 2 :, start:]
    lo = np.concatenate([np.zeros(mid + 1, dtype=np.int64), lo_r[mid + 1 + downs]])
    hi = np.concatenate([hi_r[mid - ups], np.full(downs.size, total)])
    values = [q_up[d, : hi[d] + 1] for d in ups.tolist()]
    values += [q_down[k, lo[mid + 1 + k] - start :] for k in range(downs.size)]
    weight = np.abs(np.concatenate([up, down[downs]]))
    mu = weight @ mu_r / weight.sum(axis=1)
    terms = np.arange(lo.size)
    shift = np.concatenate([ups, -downs])
    return _Rows(
        _prefix_rows(values, lo, mu), _offsets(lo, hi), lo, hi, mu, terms, shift, np.ones(lo.size)
    )


def hat_shapley(
    w: IntArray,
    knots: FloatArray,
    p: FloatArray,
    up: FloatArray,
    down: FloatArray,
    mid: int,
    summed: bool | None = None,
) -> FloatArray:
    """``(K, n)``: Shapley values of the hat functions on ``knots`` (module docs of ``_shapley``).

    ``w`` integer weights (total ``W >= 1``), ``knots`` strictly increasing from 0 to ``W``,
    ``p`` the size-weight shares and ``up, down, mid`` the removal coefficients; ``summed``
    (default: from :data:`SUMMED_TERMS_MIN_KNOTS` knots) sums the terms of a shift first.
    """
    n, total = w.size, int(w.sum())
    k_n = knots.size
    if summed is None:
        summed = k_n >= SUMMED_TERMS_MIN_KNOTS
    rows = _rows(w, p, up, down, mid, summed)
    # integer x of segment m (between knots m and m + 1): [x_start[m], x_start[m + 1])
    x_start = np.empty(k_n, dtype=np.int64)
    x_start[0], x_start[-1] = 0, total + 1
    x_start[1:-1] = np.ceil(knots[1:-1])
    r_lo, r_hi = rows.lo[rows.row], rows.hi[rows.row] + 1
    shift = rows.shift
    # term e of player i sums row[u] g(u + shift w_i + sigma w_i) over u in [u_lo, u_hi)
    # (t = u + shift w_i in 0 .. W - w_i), with sign -1 for sigma = 0 and +1 for sigma = 1
    wi = w[:, None]
    u_lo = np.where(shift >= 0, 0, -shift * wi)
    u_hi = np.where(shift >= 0, total + 1 - (shift + 1) * wi, total + 1)
    u_lo = np.clip(u_lo, r_lo, r_hi)  # outside its support the row is zero
    u_hi = np.clip(u_hi, u_lo, r_hi)
    c_shift = np.concatenate([shift * wi, (shift + 1) * wi], axis=1)  # (n, 2E)
    u_lo, u_hi = np.tile(u_lo, 2), np.tile(u_hi, 2)
    base = np.tile(rows.off[rows.row] - rows.lo[rows.row], 2)
    mu = np.tile(rows.mu[rows.row], 2)
    signed = np.concatenate([-rows.coef, rows.coef])
    out = np.zeros((n, k_n))
    step = max(1, _CHUNK_ELEMENTS // (k_n * signed.size))
    for s in range(0, n, step):
        sl = slice(s, s + step)
        # window of segment m in u: [z[:, m], z[:, m + 1]), z = clip(x_start[m] - c, u_lo, u_hi)
        z = np.empty((c_shift[sl].shape[0], k_n, signed.size), dtype=np.int64)
        np.subtract(x_start[None, :, None], c_shift[sl, None, :], out=z)
        np.maximum(z, u_lo[sl, None, :], out=z)
        np.minimum(z, u_hi[sl, None, :], out=z)
        _segments(z, c_shift[sl], mu, base, knots, rows.pre, signed, out[sl])
    return out.T / n


def _segments(
    z: IntArray,
    c: IntArray,
    mu: FloatArray,
    base: IntArray,
    knots: FloatArray,
    pre: ComplexArray,
    signed: FloatArray,
    out: FloatArray,
) -> None:
    """Add every window's share of the hats of its segment's two knots to ``out`` (c, K)."""
    idx = z + base
    at = np.take(pre, idx)
    sums = at[:, 1:] - at[:, :-1]
    mass = sums.real  # sum of row[u] over each window
    moment = np.ascontiguousarray(sums.imag)  # sum of (u - mu) row[u]
    h = np.diff(knots)
    # sum of row[u] (x - k_m) over the window, x = u + c: moment + (c + mu - k_m) * mass
    lever = np.subtract((c + mu)[:, None, :], knots[None, :-1, None])
    lever *= mass
    moment += lever
    short = np.flatnonzero(h < SHORT_WINDOW)
    if short.size:
        _short_windows(z, idx, at.real, c, knots, pre, short, moment)
    rise = (moment @ signed) / h  # towards the hat of knot m + 1
    total = mass @ signed
    out[:, :-1] += total - rise
    out[:, 1:] += rise


def _short_windows(
    z: IntArray,
    idx: IntArray,
    a_pre: FloatArray,
    c: IntArray,
    knots: FloatArray,
    pre: ComplexArray,
    short: IntArray,
    moment: FloatArray,
) -> None:
    """Windows of segments shorter than :data:`SHORT_WINDOW`: the first moment from ``A`` alone.

    :math:`\\sum_{u \\in [s, e)} (u - s)\\,r[u] = \\sum_{j=1}^{e-s-1} (A(e) - A(s + j))`: no
    prefix sum of ``u r[u]`` (of size ``W`` times the row), whose rounding would be divided
    by a short segment's length.
    """
    width = z[:, short + 1] - z[:, short]
    sel = np.flatnonzero(width > 0)
    if sel.size == 0:
        return
    ci, mi, ei = np.unravel_index(sel, width.shape)
    m = short[mi]
    end = a_pre[ci, m + 1, ei]
    mass = end - a_pre[ci, m, ei]
    moment[ci, m, ei] = ((z[ci, m, ei] + c[ci, ei]) - knots[m]) * mass  # S1 = 0 for 1 point
    wide = np.flatnonzero(width.ravel()[sel] >= 2)
    if wide.size:
        j = np.arange(1, int(width.max()))
        inside = j[None, :] < width.ravel()[sel[wide]][:, None]
        at = idx[ci[wide], m[wide], ei[wide]]
        pts = np.take(pre, np.where(inside, at[:, None] + j[None, :], at[:, None])).real
        first = np.where(inside, end[wide, None] - pts, 0.0).sum(axis=1)
        moment[ci[wide], m[wide], ei[wide]] += first

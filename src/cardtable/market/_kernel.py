"""Decay kernels on a fixed grid of half-lives, and the maturity loadings of the yield curve.

Every time-dependent piece of the market model is a sum over past flows weighted by a decay
``2 ** (-(t - s) / h)`` whose half-life ``h`` differs by draw. Flows are the same in every draw,
so the kernel sums are computed once per grid node (a handful of O(T) recursions), and a draw
with half-life ``h`` takes the linear interpolation, in ``log h``, of the two nodes around it.
The draw's kernel is then ``w * 2**(-n/h_lo) + (1 - w) * 2**(-n/h_hi)``: positive, equal to 1 at
lag 0, and within 0.3% (of its value at lag 0) of the exact exponential for the grid ratio
``2 ** (1/4)`` (``tests/market/test_kernel.py``). Draws then enter only through small weight
matrices, and each output array is one BLAS matrix product written straight into place.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from cardtable._typing import Float32Array, FloatArray
from cardtable.errors import ModelError

__all__ = [
    "BILLS_LOADING",
    "COUPON_LOADINGS",
    "GRID_STEPS_PER_DOUBLING",
    "NodeWeights",
    "decay_sums",
    "matmul_into",
    "node_half_lives",
    "node_weights",
]

IntArray = npt.NDArray[np.int64]

#: Grid of half-lives: ``2 ** (j / GRID_STEPS_PER_DOUBLING)`` trading days.
GRID_STEPS_PER_DOUBLING = 4
_J_MIN, _J_MAX = -8, 52  # 0.25 days ... 8,192 days

#: Tenor loadings (rows 2y, 5y, 10y, 30y) of USD 1 sold in notes and in bonds, relative to the
#: 5y response to notes (the unit of ``flow_impact_bp_per_100bn`` and
#: ``stock_effect_bp_per_pct``). Preferred-habitat shape (Vayanos & Vila, Econometrica 2021;
#: Greenwood & Vayanos, RFS 2014): a bucket moves the tenors nearest its maturity most;
#: official (mostly notes) flows move the short and medium part at least as much as the long
#: end (Wolcott, AEA P&P 2020; Martin 2014: 1y and 5y -28 bp, 10y -21 bp for the same purchase).
#: See docs/market.md.
COUPON_LOADINGS: FloatArray = np.array(
    [
        [0.9, 0.5],  # 2y: notes, bonds
        [1.0, 0.8],  # 5y
        [0.9, 1.0],  # 10y
        [0.7, 1.2],  # 30y
    ]
)
#: Tenor shape of USD 1 of bills sold, before the per-draw ``bills_impact_ratio``.
BILLS_LOADING: FloatArray = np.array([1.0, 0.6, 0.4, 0.25])


def node_half_lives(j: IntArray | range) -> FloatArray:
    """Half-lives (trading days) of grid nodes ``j``."""
    return np.asarray(2.0 ** (np.asarray(j, dtype=np.float64) / GRID_STEPS_PER_DOUBLING))


class NodeWeights:
    """Per-draw interpolation weights over a contiguous range of grid nodes.

    Parameters
    ----------
    half_life_days
        ``(D,)`` half-lives of the draws.

    Attributes
    ----------
    j0
        First grid node used by any draw.
    lo
        ``(D,)`` index (from ``j0``) of the node just below each draw's half-life.
    w_lo
        ``(D,)`` weight of that node; ``1 - w_lo`` goes to the node above.
    n_nodes
        Number of nodes from ``j0`` that carry weight.
    """

    def __init__(self, half_life_days: FloatArray, span: tuple[float, float] | None = None) -> None:
        h = np.asarray(half_life_days, dtype=np.float64)
        if h.size == 0 or not np.all(np.isfinite(h)) or h.min() <= 0:
            raise ModelError("half-lives must be positive and finite (and at least one draw)")
        bounds = 2.0 ** (np.array([_J_MIN, _J_MAX - 1]) / GRID_STEPS_PER_DOUBLING)
        x = np.log2(np.clip(h, bounds[0], bounds[1])) * GRID_STEPS_PER_DOUBLING
        # Nodes are taken on a fixed global grid, so a draw's weights never depend on the other
        # draws it is evaluated with; ``span`` (the parameter's plausible range) fixes the set
        # of nodes too, so that chunks of one run share it exactly.
        jl = np.floor(x).astype(np.int64)
        frac = np.clip(x - jl, 0.0, 1.0)
        lo_j, hi_j = int(jl.min()), int(jl.max())
        if span is not None:
            sx = np.log2(np.clip(np.asarray(span, dtype=np.float64), bounds[0], bounds[1]))
            sj = np.floor(sx * GRID_STEPS_PER_DOUBLING).astype(np.int64)
            lo_j, hi_j = min(lo_j, int(sj[0])), max(hi_j, int(sj[1]))
        self.j0 = lo_j
        self.lo: IntArray = jl - self.j0
        self.w_lo: FloatArray = 1.0 - frac
        self.n_nodes = hi_j - lo_j + 2

    @property
    def half_lives(self) -> FloatArray:
        """Half-lives of the ``n_nodes`` nodes used, in days."""
        return node_half_lives(range(self.j0, self.j0 + self.n_nodes))

    def dense(self) -> FloatArray:
        """``(D, n_nodes)`` weight matrix (two non-zeros per row)."""
        D = self.lo.shape[0]
        out = np.zeros((D, self.n_nodes))
        rows = np.arange(D)
        out[rows, self.lo] = self.w_lo
        out[rows, self.lo + 1] += 1.0 - self.w_lo
        return out

    def decay_factors(self) -> tuple[FloatArray, FloatArray]:
        """Per-day decay ``2 ** (-1 / h)`` of each draw's lower and upper node, ``(D,)`` each."""
        h = self.half_lives
        return 2.0 ** (-1.0 / h[self.lo]), 2.0 ** (-1.0 / h[self.lo + 1])


def node_weights(
    half_life_days: FloatArray, span: tuple[float, float] | None = None
) -> NodeWeights:
    """Interpolation weights of each draw's half-life on the fixed grid (nodes cover ``span``)."""
    return NodeWeights(half_life_days, span)


def matmul_into(W: FloatArray, G: FloatArray, out: Float32Array, block: int = 4096) -> None:
    """``out[:] = W @ G``, accumulated in float64 and written to float32, using the sparsity
    of ``W``.

    Each row of ``W`` (a draw's coefficients) has a few non-zeros: per channel the stock term
    and the two grid nodes around the draw's half-life. Rows are grouped by their pattern of
    non-zero columns, and each group is one product with only those columns (``k`` of ``K``:
    6 of 32 for ``japan-fire-sale``, so about 5x fewer operations than the dense product).
    A row's pattern depends on the draw alone, never on the other draws in the batch.

    Float64 accumulation makes a draw's result independent of the other draws in the batch
    (float32 BLAS kernels round differently for different batch sizes); blocks of ``block``
    rows bound the float64 buffer (33 MB for 252 days x 4 tenors). Blocks were 256 rows:
    with another process on one of the two cores, OpenBLAS's thread hand-offs on hundreds of
    small products took 100,000 draws from 1.2 s to 11-13 s; 4,096-row blocks give 2.5-3.8 s
    in the same conditions and the same 1.2 s on an idle machine (benchmarks/bench_engine.py).
    """
    D = W.shape[0]
    W = np.ascontiguousarray(W, dtype=np.float64)
    G = np.ascontiguousarray(G, dtype=np.float64)
    nz = W != 0.0
    if D == 0:
        return
    patterns, group = _row_patterns(nz)
    order = np.argsort(group, kind="stable")
    bounds = np.searchsorted(group[order], np.arange(patterns.shape[0] + 1))
    buf = np.empty((min(block, D), G.shape[1]))
    for g in range(patterns.shape[0]):
        rows_all = order[bounds[g] : bounds[g + 1]]
        cols = np.nonzero(nz[rows_all[0]])[0]
        if cols.size * 2 > W.shape[1]:  # a dense pattern: all columns (the row's own choice)
            cols = np.arange(W.shape[1])
        if cols.size == 0:
            out[rows_all] = 0.0
            continue
        Gs = G[cols]
        for s in range(0, rows_all.size, block):
            rows = rows_all[s : s + block]
            part = buf[: rows.size]
            np.matmul(W[np.ix_(rows, cols)], Gs, out=part)
            out[rows] = part


def _row_patterns(nz: npt.NDArray[np.bool_]) -> tuple[npt.NDArray[np.uint64], IntArray]:
    """Distinct rows of a boolean matrix and each row's index among them.

    Each row is packed into 64-bit words (one word for up to 64 columns), so the rows are
    sorted as integers (``np.unique(..., axis=0)`` on bytes was 30x slower)."""
    D, K = nz.shape
    words = -(-K // 64)
    packed = np.zeros((D, words * 8), dtype=np.uint8)
    packed[:, : -(-K // 8)] = np.packbits(nz, axis=1)
    keys = packed.view(np.uint64)
    if words == 1:
        patterns, group = np.unique(keys[:, 0], return_inverse=True)
        return patterns[:, None], group.reshape(-1).astype(np.int64)
    patterns, group = np.unique(keys, axis=0, return_inverse=True)
    return patterns, group.reshape(-1).astype(np.int64)


def decay_sums(x: FloatArray, half_lives: FloatArray) -> FloatArray:
    """Exponentially decayed sums ``E[j, t] = sum_{s <= t} x[s] * 2 ** (-(t - s) / h_j)``.

    Parameters
    ----------
    x
        ``(T, ...)`` flows (same in every draw).
    half_lives
        ``(J,)`` node half-lives, days.

    Returns
    -------
    numpy.ndarray
        ``(J, T, ...)``; computed by the O(T) recursion ``E[t] = a * E[t-1] + x[t]``.
    """
    x = np.asarray(x, dtype=np.float64)
    a = 2.0 ** (-1.0 / np.asarray(half_lives, dtype=np.float64))
    a = a.reshape((-1,) + (1,) * (x.ndim - 1))
    out = np.empty((a.shape[0], *x.shape))
    acc = np.zeros((a.shape[0], *x.shape[1:]))
    for t in range(x.shape[0]):
        acc *= a
        acc += x[t]
        out[:, t] = acc
    return out

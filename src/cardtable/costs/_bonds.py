"""Bond arithmetic by maturity bucket: tenor -> bucket yields, revaluation, price concessions.

Per unit of market value, a bucket whose yield changes by ``dy`` (decimal) returns
``-D_b * dy + 0.5 * C_b * dy**2`` (modified duration ``D_b``, convexity ``C_b``); a cost is the
negative of that.
"""

from __future__ import annotations

import numpy as np

from cardtable._typing import Float32Array, FloatArray
from cardtable.params import ParamDraws

__all__ = ["TENOR_TO_BUCKET", "bucket_loss_rate", "bucket_yields_bp", "durations", "revalue_book"]

#: Rows bills, notes, bonds; columns 2y, 5y, 10y, 30y. Bills take the 2y (the nearest tenor
#: published), notes the mean of the 5y and 10y (notes' durations, ~3.5 years, sit between the
#: 2y and 5y points but their prices move with the 5-10y sector), bonds the 30y.
TENOR_TO_BUCKET: FloatArray = np.array(
    [
        [1.0, 0.0, 0.0, 0.0],
        [0.0, 0.5, 0.5, 0.0],
        [0.0, 0.0, 0.0, 1.0],
    ]
)


def bucket_yields_bp(yields_bp: Float32Array | FloatArray) -> FloatArray:
    """Tenor changes ``(..., 4)`` -> bucket changes ``(..., 3)``, bp (float64)."""
    return np.asarray(yields_bp, dtype=np.float64) @ TENOR_TO_BUCKET.T


def durations(params: ParamDraws) -> tuple[FloatArray, FloatArray]:
    """``(D, 3)`` modified durations and convexities of bills, notes, bonds."""
    dur = np.stack(
        [
            params["duration_bills_years"],
            params["duration_notes_years"],
            params["duration_bonds_years"],
        ],
        axis=1,
    )
    conv = np.stack(
        [params["convexity_bills"], params["convexity_notes"], params["convexity_bonds"]], axis=1
    )
    return dur, conv


def bucket_loss_rate(dy_bucket_bp: FloatArray, params: ParamDraws) -> FloatArray:
    """Loss per USD of value, ``D_b * dy - 0.5 * C_b * dy**2``; ``dy`` shape ``(D, ..., 3)``."""
    dur, conv = durations(params)
    dy = np.asarray(dy_bucket_bp, dtype=np.float64) / 1e4
    shape = (dur.shape[0],) + (1,) * (dy.ndim - 2) + (3,)
    return dur.reshape(shape) * dy - 0.5 * conv.reshape(shape) * dy * dy


def revalue_book(
    holdings_usd_bn: float | FloatArray,
    mix: tuple[float, float, float] | FloatArray,
    dy_bucket_bp: FloatArray,
    params: ParamDraws,
) -> FloatArray:
    """Valuation loss of a book when bucket yields change (USD bn, positive = loss).

    Parameters
    ----------
    holdings_usd_bn
        Market value of the book (scalar or ``(D,)``).
    mix
        Shares in bills, notes, bonds (``(3,)`` or ``(D, 3)``).
    dy_bucket_bp
        Yield changes of bills, notes, bonds: ``(3,)`` (same in every draw) or ``(D, 3)``.
    params
        Parameter draws (durations and convexities).

    Returns
    -------
    numpy.ndarray
        ``(D,)`` loss.
    """
    D = params.n
    dy = np.broadcast_to(np.asarray(dy_bucket_bp, dtype=np.float64), (D, 3))
    shares = np.broadcast_to(np.asarray(mix, dtype=np.float64), (D, 3))
    rate = bucket_loss_rate(dy, params)
    loss: FloatArray = np.asarray(holdings_usd_bn, dtype=np.float64) * (shares * rate).sum(axis=1)
    return loss

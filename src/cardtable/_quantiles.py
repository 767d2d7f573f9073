"""p5 / p50 / p95 over Monte Carlo draws: the one summary every result object prints."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from cardtable._typing import Float32Array, FloatArray

__all__ = ["QUANTILES", "day_quantiles", "quantiles"]

QUANTILES = {"p5": 5.0, "p50": 50.0, "p95": 95.0}


def quantiles(x: FloatArray | Float32Array) -> dict[str, float]:
    """p5 / p50 / p95 over draws (NaN-aware), rounded to 4 decimals for printing and JSON."""
    a = np.asarray(x, dtype=np.float64)
    if a.size == 0 or np.all(np.isnan(a)):
        return {k: float("nan") for k in QUANTILES}
    q = np.nanpercentile(a, list(QUANTILES.values()))
    return {k: round(float(v), 4) for k, v in zip(QUANTILES, q, strict=True)}


def day_quantiles(
    paths: Float32Array | FloatArray,
    percentiles: Sequence[float] = tuple(QUANTILES.values()),
    *,
    dtype: type[np.floating[Any]] | None = None,
    block_days: int = 16,
) -> FloatArray:
    """Percentiles over draws of each day of ``(D, T)`` paths: ``(len(percentiles), T)``.

    Computed a block of days at a time (converted to ``dtype`` first, when given): the
    percentile routine copies its input, and a block keeps that copy small (the figures are
    those of one call on the whole array, each day's column being independent).
    """
    T = paths.shape[1]
    q = np.empty((len(percentiles), T))
    for d0 in range(0, T, block_days):
        d1 = min(d0 + block_days, T)
        block = paths[:, d0:d1] if dtype is None else paths[:, d0:d1].astype(dtype)
        q[:, d0:d1] = np.percentile(block, list(percentiles), axis=0)
    return q

"""p5 / p50 / p95 over Monte Carlo draws: the one summary every result object prints."""

from __future__ import annotations

import numpy as np

from cardtable._typing import Float32Array, FloatArray

__all__ = ["QUANTILES", "quantiles"]

QUANTILES = {"p5": 5.0, "p50": 50.0, "p95": 95.0}


def quantiles(x: FloatArray | Float32Array) -> dict[str, float]:
    """p5 / p50 / p95 over draws (NaN-aware), rounded to 4 decimals for printing and JSON."""
    a = np.asarray(x, dtype=np.float64)
    if a.size == 0 or np.all(np.isnan(a)):
        return {k: float("nan") for k in QUANTILES}
    q = np.nanpercentile(a, list(QUANTILES.values()))
    return {k: round(float(v), 4) for k, v in zip(QUANTILES, q, strict=True)}

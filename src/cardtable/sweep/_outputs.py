"""The outputs a sweep or a comparison reports: p5 / p50 / p95 over draws of every per-draw
output of a simulation (:meth:`cardtable.engine.SimulationResult.draw_outputs`), with units in
the names (``yield_10y_peak_bp``, ``usdjpy_end_pct``, ``cost_seller_total_usd_bn``)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from cardtable._quantiles import QUANTILES
from cardtable.engine import SimulationResult

__all__ = ["Quantiles", "output_quantiles"]

#: ``{"p5": ..., "p50": ..., "p95": ...}``.
Quantiles = dict[str, float]


def output_quantiles(result: SimulationResult) -> dict[str, Quantiles]:
    """p5 / p50 / p95 of every per-draw output of ``result``, unrounded (NaN-aware).

    Parameters
    ----------
    result
        A simulation.

    Returns
    -------
    dict
        Output name -> quantiles, in the order of ``result.draw_outputs()``.
    """
    return _quantiles(result.draw_outputs())


def _quantiles(outputs: Mapping[str, np.ndarray]) -> dict[str, Quantiles]:
    names = list(outputs)
    if not names:
        return {}
    stacked = np.stack([np.asarray(outputs[k], dtype=np.float64) for k in names], axis=1)
    with np.errstate(all="ignore"):
        q = (
            np.nanpercentile(stacked, list(QUANTILES.values()), axis=0)
            if not np.isnan(stacked).all(axis=0).any()
            else np.array(
                [[_nanpct(stacked[:, j], p) for j in range(len(names))] for p in QUANTILES.values()]
            )
        )
    return {k: {qn: float(q[i, j]) for i, qn in enumerate(QUANTILES)} for j, k in enumerate(names)}


def _nanpct(x: np.ndarray, p: float) -> float:
    return float("nan") if np.isnan(x).all() else float(np.nanpercentile(x, p))

"""Generalised Nash bargaining over a tariff grid and a transfer, vectorised over draws.

Two players, the holder H and the US. An agreement is a grid point ``g`` (a deal tariff) and a
transfer ``c`` from H to the US (investment pledge, purchases; negative = a US concession). In
each player's own utility units,

.. math::

    U_H(g, c) = u_H(g) - k_H c, \\qquad U_{US}(g, c) = u_{US}(g) + k_{US} c,

where ``k_H`` is H's cost of a dollar transferred and ``k_US`` its value to the US. Disagreement
gives the threat point :math:`d = (d_H, d_{US})`. The generalised Nash bargaining solution with
holder bargaining power :math:`\\alpha` (Nash 1950; Roth 1979) maximises

.. math:: (U_H - d_H)^{\\alpha} (U_{US} - d_{US})^{1-\\alpha}

over the feasible agreements. For a fixed grid point the frontier is the line
:math:`y = A_g - v x` in gains :math:`x = U_H - d_H`, :math:`y = U_{US} - d_{US}`, with
:math:`v = k_{US}/k_H` and :math:`A_g = v(u_H(g) - d_H) + u_{US}(g) - d_{US}`. The maximiser on
that line is :math:`x = \\alpha A_g / v`, :math:`y = (1-\\alpha) A_g` and the Nash product is
proportional to :math:`A_g`, so without bounds on the transfer the deal maximises the weighted
joint payoff :math:`v\\,u_H(g) + u_{US}(g)` (a vectorised ``argmax`` over the grid) and the
transfer splits the surplus :math:`A_g` in the proportions :math:`\\alpha : 1-\\alpha`. With
bounds on the transfer, the Nash product is concave along each segment, so the optimum on a
segment is the clipped unconstrained transfer, and the grid point with the largest Nash product
wins. Without a grid point giving both players at least their threat payoff and a positive
surplus there is no agreement: both get the threat point.

The solution is Pareto efficient (among grid points and transfers), individually rational,
invariant to positive affine rescaling of either player's utility (rescale ``u``, ``d`` and
``k`` together) and symmetric for symmetric problems; tests check all four on every solve.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cardtable._typing import BoolArray, FloatArray, IntArray
from cardtable.errors import InputError

__all__ = ["BargainingSolution", "nash_bargaining"]

ArrayLike = float | FloatArray


@dataclass(frozen=True)
class BargainingSolution:
    """The bargaining outcome for every problem in a batch (arrays of the batch shape).

    Attributes
    ----------
    grid_index
        Index of the agreed grid point; -1 without agreement.
    tariff_pct
        The agreed grid value when a grid was given (NaN without agreement), else the index.
    transfer_usd_bn
        Transfer from H to the US (0 without agreement).
    holder_payoff, us_payoff
        Payoffs in each player's utility units.
    threat_holder, threat_us
        The threat point the problem was solved from.
    surplus
        Gain over the threat point of the agreed point, in US utility units
        (:math:`v x + y`).
    agreement
        Whether a mutually beneficial agreement exists.
    """

    grid_index: IntArray
    tariff_pct: FloatArray
    transfer_usd_bn: FloatArray
    holder_payoff: FloatArray
    us_payoff: FloatArray
    threat_holder: FloatArray
    threat_us: FloatArray
    surplus: FloatArray
    agreement: BoolArray


def nash_bargaining(
    holder_payoff_grid: FloatArray,
    us_payoff_grid: FloatArray,
    threat_holder: ArrayLike,
    threat_us: ArrayLike,
    bargaining_power: ArrayLike = 0.5,
    *,
    tariffs_pct: FloatArray | None = None,
    holder_cost_per_transfer: ArrayLike = 1.0,
    us_value_per_transfer: ArrayLike = 1.0,
    transfer_bounds_usd_bn: tuple[float | None, float | None] = (None, None),
) -> BargainingSolution:
    """Generalised Nash bargaining solution over a grid of deals and a transfer.

    Parameters
    ----------
    holder_payoff_grid, us_payoff_grid
        ``u_H(g)``, ``u_US(g)`` before transfers, shape ``(..., G)`` (batch axes first).
    threat_holder, threat_us
        Threat point, broadcastable to the batch shape ``(...)``.
    bargaining_power
        The holder's weight :math:`\\alpha` in [0, 1] (the US has :math:`1-\\alpha`).
    tariffs_pct
        Grid values ``(G,)`` reported as ``tariff_pct``.
    holder_cost_per_transfer, us_value_per_transfer
        ``k_H`` > 0 and ``k_US`` > 0 (utility per USD transferred), batch-broadcastable.
    transfer_bounds_usd_bn
        Lower and upper bound on the transfer (None = unbounded).

    Returns
    -------
    BargainingSolution
    """
    uh = np.asarray(holder_payoff_grid, dtype=np.float64)
    uus = np.asarray(us_payoff_grid, dtype=np.float64)
    if uh.shape != uus.shape or uh.ndim < 1:
        raise InputError(
            "payoff grids", (uh.shape, uus.shape), "two arrays of equal shape (..., G)"
        )
    batch = uh.shape[:-1]
    dh = np.broadcast_to(np.asarray(threat_holder, dtype=np.float64), batch)[..., None]
    dus = np.broadcast_to(np.asarray(threat_us, dtype=np.float64), batch)[..., None]
    alpha = np.broadcast_to(np.asarray(bargaining_power, dtype=np.float64), batch)[..., None]
    kh = np.broadcast_to(np.asarray(holder_cost_per_transfer, dtype=np.float64), batch)[..., None]
    kus = np.broadcast_to(np.asarray(us_value_per_transfer, dtype=np.float64), batch)[..., None]
    if np.any((alpha < 0.0) | (alpha > 1.0)):
        raise InputError("bargaining_power", "outside [0, 1]", "a weight in [0, 1]")
    if np.any(kh <= 0.0) or np.any(kus <= 0.0):
        raise InputError("transfer valuation", "<= 0", "positive utility per USD transferred")
    v = kus / kh
    gain_h = uh - dh
    gain_us = uus - dus
    a_g = v * gain_h + gain_us
    c_free = (gain_h - alpha * a_g / v) / kh
    lo, hi = transfer_bounds_usd_bn
    if lo is None and hi is None:
        c = c_free
        idx = np.argmax(a_g, axis=-1)
        best = np.take_along_axis(a_g, idx[..., None], axis=-1)[..., 0]
        agree = best > 0.0
    else:
        c = np.clip(
            c_free,
            -np.inf if lo is None else lo,
            np.inf if hi is None else hi,
        )
        x = gain_h - kh * c
        y = gain_us + kus * c
        ok = (x >= 0.0) & (y >= 0.0) & (v * x + y > 0.0)
        with np.errstate(divide="ignore"):
            lx = np.where(alpha > 0.0, alpha * np.log(np.where(ok, x, 1.0)), 0.0)
            ly = np.where(alpha < 1.0, (1.0 - alpha) * np.log(np.where(ok, y, 1.0)), 0.0)
        # Ties in log-product at boundaries (alpha in {0, 1}) are broken by the joint surplus.
        score = np.where(ok, lx + ly + 1e-12 * np.tanh(v * x + y), -np.inf)
        idx = np.argmax(score, axis=-1)
        agree = np.take_along_axis(ok, idx[..., None], axis=-1)[..., 0]
    pick = idx[..., None]
    c_star = np.take_along_axis(c, pick, axis=-1)[..., 0]
    uh_star = np.take_along_axis(uh, pick, axis=-1)[..., 0]
    uus_star = np.take_along_axis(uus, pick, axis=-1)[..., 0]
    dh0, dus0, kh0, kus0, v0 = dh[..., 0], dus[..., 0], kh[..., 0], kus[..., 0], v[..., 0]
    hold = np.where(agree, uh_star - kh0 * c_star, dh0)
    us = np.where(agree, uus_star + kus0 * c_star, dus0)
    grid_index = np.where(agree, idx, -1).astype(np.int64)
    if tariffs_pct is not None:
        grid = np.asarray(tariffs_pct, dtype=np.float64)
        if grid.shape != uh.shape[-1:]:
            raise InputError("tariffs_pct", grid.shape, f"a grid of shape {uh.shape[-1:]}")
        tariff = np.where(agree, grid[idx], np.nan)
    else:
        tariff = grid_index.astype(np.float64)
    return BargainingSolution(
        grid_index=grid_index,
        tariff_pct=tariff,
        transfer_usd_bn=np.where(agree, c_star, 0.0),
        holder_payoff=hold,
        us_payoff=us,
        threat_holder=dh0.copy(),
        threat_us=dus0.copy(),
        surplus=np.where(agree, v0 * (hold - dh0) + (us - dus0), 0.0),
        agreement=np.asarray(agree, dtype=np.bool_),
    )

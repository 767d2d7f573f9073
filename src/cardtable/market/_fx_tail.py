"""Exchange-rate paths after the simulated window, in closed form.

No conversions are scheduled after the window's last day ``T - 1``, so for ``t >= T - 1`` each
draw's path of currency ``cur`` (:func:`cardtable.market.fx_paths`) is

``fx[d, t] = P[d] + sum_c amp_c[d] * a_c[d] ** (t - T + 1) + shock[t]``

with ``P = -g gamma rho C`` the persistent part of all conversions ``C``, the two kernel nodes
of the reversing part (``amp`` their weight times the decayed sum of conversions on day
``T - 1``, ``a`` their daily decay) and the shocks' own path, which is a function of the day
alone (:func:`cardtable.market.shock_paths`). The cost ledger reads it to mark a currency on a
fixed day whatever ``horizon_days`` is (docs/costs.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from cardtable._typing import FloatArray
from cardtable.errors import InputError
from cardtable.market._fx import depth_factor, is_pegged
from cardtable.market._kernel import decay_sums, node_weights
from cardtable.market._shocks import ShockSpec, shock_paths

__all__ = ["FxTail", "fx_tails"]


@dataclass(frozen=True)
class FxTail:
    """One currency's path after the window (see the module docstring).

    Attributes
    ----------
    horizon_days
        ``T``, the last simulated day being ``T - 1``.
    currency
        ISO code (the shocks' part depends on it: the yen's own, the broad dollar's, or none).
    persistent_pct
        ``(D,)`` persistent part ``P``.
    transient
        ``(amp (D,), a (D,))`` pairs: reversing parts on day ``T - 1`` and their daily decay.
    shocks
        The shocks whose path continues after the window (None: no shocks).
    """

    horizon_days: int
    currency: str
    persistent_pct: FloatArray
    transient: tuple[tuple[FloatArray, FloatArray], ...]
    shocks: ShockSpec | None = None

    def _check(self, start: int, stop: int) -> None:
        T = self.horizon_days
        if start < T - 1 or stop <= start:
            raise InputError(
                "days", (start, stop), f"a range of days [start, stop) from {T - 1} on"
            )

    def _shock_pct(self, start: int, stop: int) -> FloatArray:
        """The shocks' move on days ``[start, stop)``, ``(stop - start,)``."""
        if self.shocks is None or self.shocks.n == 0:
            return np.zeros(stop - start)
        return shock_paths(self.shocks, stop).currency_pct(self.currency)[start:stop]

    def at(self, day: int) -> FloatArray:
        """``(D,)`` % move on ``day >= T - 1`` (the one-day :meth:`total`)."""
        return self.total(day, day + 1)

    def total(self, start: int, stop: int) -> FloatArray:
        """``(D,)`` sum of the daily % moves over days ``[start, stop)``, ``start >= T - 1``
        (geometric sums for the reversing parts)."""
        self._check(start, stop)
        T = self.horizon_days
        out = self.persistent_pct * float(stop - start) + float(self._shock_pct(start, stop).sum())
        for amp, a in self.transient:
            a2 = np.clip(a, 0.0, 1.0 - 1e-12)
            out = out + amp * (a2 ** float(start - T + 1) - a2 ** float(stop - T + 1)) / (1.0 - a2)
        return np.asarray(out, dtype=np.float64)


def fx_tails(
    converted: Mapping[str, FloatArray],
    impact_pct_per_usd_bn: FloatArray,
    persistent_share: FloatArray,
    reversal_half_life_days: FloatArray,
    depth_elasticity: FloatArray,
    T: int,
    span: tuple[float, float] | None = None,
    shocks: ShockSpec | None = None,
) -> dict[str, FxTail]:
    """The continuation of every currency of :func:`cardtable.market.fx_paths` after day
    ``T - 1`` (same arguments; ``shocks`` as given to the market model).

    Returns
    -------
    dict
        Currency -> :class:`FxTail`.
    """
    impact = np.asarray(impact_pct_per_usd_bn, dtype=np.float64)
    D = impact.shape[0]
    beta = np.broadcast_to(np.asarray(depth_elasticity, dtype=np.float64), (D,))
    rho = np.asarray(persistent_share, dtype=np.float64)
    nw = node_weights(reversal_half_life_days, span)
    a_lo, a_hi = nw.decay_factors()
    out: dict[str, FxTail] = {}
    for cur, series in converted.items():
        flows = np.asarray(series, dtype=np.float64)
        if not flows.any() or is_pegged(cur):
            out[cur] = FxTail(T, cur, np.zeros(D), (), shocks)
            continue
        scale = -impact * depth_factor(cur, beta)
        ends = decay_sums(flows, nw.half_lives)[:, -1]  # (J,) reversing sums on day T - 1
        reverse = scale * (1.0 - rho)
        transient = (
            (reverse * nw.w_lo * ends[nw.lo], a_lo),
            (reverse * (1.0 - nw.w_lo) * ends[nw.lo + 1], a_hi),
        )
        out[cur] = FxTail(T, cur, scale * rho * float(flows.sum()), transient, shocks)
    return out

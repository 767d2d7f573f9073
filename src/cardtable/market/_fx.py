"""Currency channel: converted sale proceeds act like foreign-exchange intervention.

The day-of impact per USD bn is calibrated on Japan's yen-buying interventions (2022, 2024) and
scaled to other currencies by market depth: ``g_cur = (turnover_JPY / turnover_cur) ** beta``
with ``beta = fx_depth_elasticity`` (0.5: the square-root impact law; 1 would make impact per
dollar inversely proportional to turnover). A share ``rho`` of the impact persists and the rest
reverses with a short half-life. The broad dollar is the H.10 trade-weighted sum of the bilateral
moves (log-linear approximation of the Fed's geometric index), so a conversion moves it by
``w_cur * g_cur`` times the yen-equivalent move. Currencies pegged to the dollar do not move.
Proceeds that are not converted are no foreign-exchange order flow and move no currency.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from cardtable._typing import Float32Array, FloatArray
from cardtable.errors import ModelError
from cardtable.market._kernel import decay_sums, matmul_into, node_weights

__all__ = [
    "BROAD_INDEX_WEIGHTS_PCT",
    "FX_TURNOVER_SHARE_PCT",
    "PEGGED_TO_USD",
    "depth_factor",
    "fx_paths",
    "is_pegged",
]

#: Share of global OTC FX turnover by currency, April 2022 (sums to 200%): BIS Triennial Central
#: Bank Survey 2022, table D11.3 (https://www.bis.org/statistics/rpfx22.htm). Transcribed; the
#: stored copy of the survey did not include the table, see docs/market.md.
FX_TURNOVER_SHARE_PCT: dict[str, float] = {
    "EUR": 30.5, "JPY": 16.7, "GBP": 12.9, "CNY": 7.0, "AUD": 6.4, "CAD": 6.2, "CHF": 5.2,
    "HKD": 2.6, "SGD": 2.4, "SEK": 2.2, "KRW": 1.9, "NOK": 1.7, "NZD": 1.7, "INR": 1.6,
    "MXN": 1.5, "TWD": 1.1, "ZAR": 1.0, "BRL": 0.9, "DKK": 0.7, "PLN": 0.6, "THB": 0.4,
    "ILS": 0.4, "IDR": 0.4, "CZK": 0.4, "AED": 0.4, "TRY": 0.4, "HUF": 0.3, "CLP": 0.2,
    "SAR": 0.2, "PHP": 0.2, "MYR": 0.2, "COP": 0.2, "RUB": 0.2, "KWD": 0.1,
}  # fmt: skip

#: Currencies whose central bank holds a fixed rate (or basket peg) to the dollar: conversions
#: change its reserves, not the rate (HKMA linked rate; SAMA, CBUAE pegs; Kuwait basket).
PEGGED_TO_USD: frozenset[str] = frozenset({"HKD", "SAR", "AED", "KWD"})

#: Federal Reserve H.10 broad dollar index, total trade weights for 2020 (as of 16 Dec 2019, %):
#: https://www.federalreserve.gov/releases/h10/weights/ (full list as copied by
#: fxeducations.com; Canada, China, Brazil, Australia, Argentina checked on the Fed page). The
#: 2025 weights (Fed page, 24 Mar 2025) give China 11.2 and Canada 13.8; see docs/market.md.
BROAD_INDEX_WEIGHTS_PCT: dict[str, float] = {
    "EUR": 18.947, "CNY": 15.835, "MXN": 13.524, "CAD": 13.384, "JPY": 6.272, "GBP": 5.306,
    "KRW": 3.322, "INR": 2.874, "CHF": 2.554, "BRL": 1.979, "TWD": 1.950, "SGD": 1.848,
    "HKD": 1.410, "AUD": 1.395, "MYR": 1.246, "THB": 1.096, "ILS": 1.053,
    "PHP": 0.687, "IDR": 0.675, "CLP": 0.625, "COP": 0.604, "RUB": 0.526, "SEK": 0.520,
    "ARS": 0.507, "SAR": 0.499,
}  # fmt: skip


def is_pegged(currency: str) -> bool:
    """Whether ``currency`` is the dollar or pegged to it (conversions do not move it)."""
    cur = currency.upper()
    return cur == "USD" or cur in PEGGED_TO_USD


def depth_factor(currency: str, elasticity: float | FloatArray) -> FloatArray:
    """Impact per USD bn in ``currency`` relative to the yen (0 for dollar pegs and USD).

    ``(turnover_JPY / turnover_cur) ** elasticity``.

    Parameters
    ----------
    currency
        ISO 4217 code.
    elasticity
        ``fx_depth_elasticity``: a number or ``(D,)`` draws.

    Returns
    -------
    numpy.ndarray
        Same shape as ``elasticity`` (a 0-d array for a number).

    Raises
    ------
    ModelError
        For a currency without a turnover share.
    """
    beta = np.asarray(elasticity, dtype=np.float64)
    if is_pegged(currency):
        return np.zeros_like(beta)
    cur = currency.upper()
    try:
        share = FX_TURNOVER_SHARE_PCT[cur]
    except KeyError:
        known = ", ".join(sorted(FX_TURNOVER_SHARE_PCT))
        raise ModelError(f"no FX market depth for currency {cur!r}; known: {known}") from None
    out: FloatArray = (FX_TURNOVER_SHARE_PCT["JPY"] / share) ** beta
    return out


def fx_paths(
    converted: Mapping[str, FloatArray],
    impact_pct_per_usd_bn: FloatArray,
    persistent_share: FloatArray,
    reversal_half_life_days: FloatArray,
    depth_elasticity: FloatArray,
    T: int,
    span: tuple[float, float] | None = None,
    out: dict[str, Float32Array] | None = None,
    broad: Float32Array | None = None,
) -> tuple[dict[str, Float32Array], Float32Array]:
    """Bilateral and broad-dollar % paths from converted proceeds.

    ``fx[d, t] = -g_d * gamma_d * (rho_d * C[t] + (1 - rho_d) * sum_s c[s] 2**(-(t-s)/h_d))``
    with ``c`` the USD bn converted per day, ``C`` its cumulative sum and
    ``g_d = depth_factor(currency, beta_d)``; ``broad = sum_cur w_cur * fx_cur`` (H.10 weights).

    Parameters
    ----------
    converted
        Currency -> ``(T,)`` USD bn converted per day (a zero series still gets a zero path).
    impact_pct_per_usd_bn, persistent_share, reversal_half_life_days, depth_elasticity
        ``(D,)`` parameter draws (``depth_elasticity`` is ``fx_depth_elasticity``).
    T
        Horizon in trading days.
    span
        Plausible range of the reversal half-life (fixes the kernel grid nodes).
    out, broad
        Optional float32 ``(D, T)`` arrays to write into.

    Returns
    -------
    (dict, numpy.ndarray)
        Currency -> ``(D, T)`` float32 % change of home currency per USD; and the ``(D, T)``
        broad-dollar % change.
    """
    D = impact_pct_per_usd_bn.shape[0]
    beta = np.broadcast_to(np.asarray(depth_elasticity, dtype=np.float64), (D,))
    if broad is None:
        broad = np.empty((D, T), dtype=np.float32)
    broad.fill(0.0)
    out = dict(out) if out is not None else {}
    active = {c: s for c, s in converted.items() if s.any() and not is_pegged(c)}
    for cur in converted:
        if cur not in out:
            out[cur] = np.empty((D, T), dtype=np.float32)
        if cur not in active:
            out[cur].fill(0.0)
    if not active:
        return out, broad
    nw = node_weights(reversal_half_life_days, span)
    # rows: persistent (cumulative) part, then one row per grid node of the transient part
    W = np.empty((D, 1 + nw.n_nodes))
    W[:, 0] = -impact_pct_per_usd_bn * persistent_share
    W[:, 1:] = (-impact_pct_per_usd_bn * (1.0 - persistent_share))[:, None] * nw.dense()
    G = np.empty((1 + nw.n_nodes, T))
    for cur, series in active.items():
        G[0] = np.cumsum(series)
        G[1:] = decay_sums(series, nw.half_lives)
        matmul_into(W * depth_factor(cur, beta)[:, None], G, out[cur])
        weight = BROAD_INDEX_WEIGHTS_PCT.get(cur, 0.0) / 100.0
        if weight:
            broad += np.float32(weight) * out[cur]
    return out, broad

"""Selected totals of the trade model over large grids of draws, in cache-sized blocks.

:func:`trade_totals` runs the same sector responses as :func:`cardtable.trade.trade_effects`
but keeps only the outputs asked for, computes them block by block (``BLOCK_CELLS`` draws x
grid points), scales them by a per-draw factor and can add them to existing arrays: the
negotiation values first-year and long-run effects over 100,000 draws x 41 tariffs this way.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np

from cardtable._typing import FloatArray
from cardtable.errors import InputError, UnknownNameError
from cardtable.params import ParamDraws
from cardtable.trade._facts import TABLE_YEAR
from cardtable.trade._inputs import Horizon, TariffInput, _prepare
from cardtable.trade._model import _TOTALS, _phi_name, _value_added_and_gdp
from cardtable.trade._response import _check_response_inputs, _response, _tariff_terms

__all__ = ["BLOCK_CELLS", "TotalName", "trade_totals"]

TotalName = Literal[
    "tariff_revenue_usd_bn",
    "buyer_cost_usd_bn",
    "profit_loss_usd_bn",
    "export_revenue_loss_usd_bn",
    "value_added_loss_usd_bn",
    "gdp_loss_usd_bn",
]
BLOCK_CELLS = 1 << 14  # draws x grid points per block: 128 KiB per float64 array


def _merge_alike(
    flows: Mapping[str, float],
    base: Mapping[str, float],
    after: Mapping[str, float | FloatArray],
) -> dict[str, float]:
    """Sectors whose response is the same per dollar, merged into the first of them.

    Every output of :func:`sector_response` is proportional to ``V0``, so sectors with the
    same tariffs before and after and the same incidence parameter add up exactly (to float
    rounding): Japan's machinery and "other" goods share MFN 1.5% and ``passthrough_share``.
    """
    merged: dict[str, float] = {}
    keys: list[tuple[str, str, float, float | FloatArray]] = []
    for s, v in flows.items():
        phi = _phi_name(s)
        for first, kphi, t0, t1 in keys:
            if kphi == phi and t0 == base[s] and np.array_equal(t1, after[s]):
                merged[first] += v
                break
        else:
            keys.append((s, phi, base[s], after[s]))
            merged[s] = v
    return merged


def trade_totals(
    holder: str,
    tariffs_pct: TariffInput,
    params: ParamDraws,
    outputs: Sequence[TotalName],
    *,
    scale: FloatArray | None = None,
    baseline_tariffs_pct: Mapping[str, float] | None = None,
    year: int = TABLE_YEAR,
    horizon: Horizon = "first_year",
    add_to: Mapping[str, FloatArray] | None = None,
) -> dict[str, FloatArray]:
    """Selected totals of :func:`trade_effects`, computed in blocks of draws, optionally scaled.

    The same model and the same arithmetic as :func:`trade_effects` (equal results), but only
    the requested outputs are kept and every intermediate array is one block of
    ``BLOCK_CELLS`` draws x grid points, which stays in the CPU cache: the negotiation's
    100,000 draws x 41 grid points allocate 3 arrays instead of ~40.

    Parameters
    ----------
    holder, tariffs_pct, params, baseline_tariffs_pct, year, horizon
        As for :func:`trade_effects`.
    outputs
        Names of the totals to return (USD bn per year).
    scale
        Per-draw factor ``(D,)`` applied to every output (a present-value factor).
    add_to
        Arrays of the right shape, one per output, to add the (scaled) totals to in place and
        return, e.g. to sum first-year and long-run effects without a second set of arrays.

    Returns
    -------
    dict
        Output name -> array ``(D,)`` or ``(D, G)``.
    """
    allowed = typing.get_args(TotalName)
    for o in outputs:
        if o not in allowed:
            raise UnknownNameError("outputs", o, allowed, "trade total")
    _, flows, base, after, eps_name, grid_size = _prepare(
        holder, tariffs_pct, baseline_tariffs_pct, year, horizon
    )
    n = params.n
    shape = (n, grid_size) if grid_size else (n,)
    if add_to is None:
        result: dict[str, FloatArray] = {o: np.zeros(shape) for o in outputs}
    else:
        result = {o: add_to[o] for o in outputs}
        for key, arr in result.items():
            if arr.shape != shape:
                raise InputError(f"add_to[{key!r}]", arr.shape, f"an array of shape {shape}")
    names = {
        "eps": eps_name,
        "passthrough_share": "passthrough_share",
        "passthrough_share_autos": "passthrough_share_autos",
        "va": "export_va_share",
        "multiplier": "gdp_indirect_multiplier",
    }
    columns = {k: params[v] for k, v in names.items()}
    if scale is not None:
        columns["scale"] = np.broadcast_to(np.asarray(scale, dtype=np.float64), (n,))
    merged = _merge_alike(flows, base, after)
    v0 = {sector: np.asarray(v, dtype=np.float64) for sector, v in merged.items()}
    t0 = {sector: np.asarray(base[sector], dtype=np.float64) for sector in merged}
    t1 = {sector: np.asarray(after[sector], dtype=np.float64) for sector in merged}
    for sector in merged:  # the checks of sector_response, once for every block
        _check_response_inputs(t0[sector], t1[sector], columns["eps"], columns[_phi_name(sector)])
    if grid_size:  # draws on the last axis of a block: broadcasts run along contiguous rows
        t1 = {sector: t[:, None] if t.ndim == 1 else t for sector, t in t1.items()}
    terms = {sector: _tariff_terms(v0[sector], t0[sector], t1[sector]) for sector in merged}
    profit = "profit_loss_usd_bn" in outputs
    block = max(1, BLOCK_CELLS // max(grid_size, 1))
    for a in range(0, n, block):
        b = min(a + block, n)
        rows = {k: v[a:b] for k, v in columns.items()}
        out = [_response(terms[s], rows["eps"], rows[_phi_name(s)], profit=profit) for s in merged]
        part: dict[str, FloatArray] = {}
        for k in _TOTALS:
            if k in outputs or k in ("absorption_usd_bn", "volume_loss_usd_bn"):
                total = np.zeros((grid_size, b - a) if grid_size else (b - a,))
                for r in out:
                    total += r[k]
                part[k] = total
        absorption, volume_loss = part["absorption_usd_bn"], part["volume_loss_usd_bn"]
        if "export_revenue_loss_usd_bn" in outputs:
            part["export_revenue_loss_usd_bn"] = absorption + volume_loss
        part["value_added_loss_usd_bn"], part["gdp_loss_usd_bn"] = _value_added_and_gdp(
            absorption, volume_loss, rows["va"], rows["multiplier"]
        )
        for o in outputs:
            value = part[o] if scale is None else part[o] * rows["scale"]
            result[o][a:b] += value.T if grid_size else value
    return result

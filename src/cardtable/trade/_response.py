"""The arithmetic of one sector's response to a tariff change (module docs of
:mod:`cardtable.trade._model`), shared by :func:`~cardtable.trade.sector_response` and the
blocked totals (:func:`~cardtable.trade.trade_totals`): the checks once, the terms that depend
only on the tariffs once, then the per-draw operations in any broadcastable layout."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from cardtable._typing import FloatArray
from cardtable.errors import InputError


def _over_or_one(num: FloatArray, x: FloatArray) -> FloatArray:
    """``num / x`` where ``x != 0``, else 1: ``exprel(x) = (e^x - 1) / x`` given ``expm1(x)``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        out: FloatArray = np.divide(num, x, out=np.empty_like(x))
    np.copyto(out, 1.0, where=x == 0.0)
    return out


def _check_response_inputs(
    tariff_from_pct: FloatArray,
    tariff_to_pct: FloatArray,
    elasticity: FloatArray,
    passthrough_share: FloatArray,
) -> None:
    """The checks of :func:`sector_response` (tariffs in percent), once for any number of
    blocks of the same inputs."""
    if np.any(tariff_from_pct / 100.0 <= -1.0) or np.any(tariff_to_pct / 100.0 <= -1.0):
        raise InputError("tariffs_pct", "<= -100", "tariffs above -100 percent")
    if np.any((passthrough_share < 0.0) | (passthrough_share > 1.0)):
        raise InputError("passthrough_share", "outside [0, 1]", "a share in [0, 1]")
    if np.any(elasticity >= 0.0):
        raise InputError("elasticity", ">= 0", "a negative import-demand elasticity")


class _Tariffs(NamedTuple):
    """The terms of a sector's response that depend only on its value and tariffs (scalars or
    a grid column): computed once, whatever the number of blocks of draws."""

    v0: FloatArray
    t0: FloatArray
    t1: FloatArray
    log_ratio: FloatArray  # L = ln(1 + t1) - ln(1 + t0)
    shrink: FloatArray  # (1 + t0) / (1 + t1) = exp(-L)
    shrink_less_one: FloatArray
    revenue_scale: FloatArray  # t1 v0
    revenue_shift: FloatArray  # (t1 - t0) v0
    buyer_scale: FloatArray  # v0 (1 + t0)


def _tariff_terms(
    v0: FloatArray, tariff_from_pct: FloatArray, tariff_to_pct: FloatArray
) -> _Tariffs:
    """:class:`_Tariffs` of one sector (tariffs in percent)."""
    t0 = tariff_from_pct / 100.0
    t1 = tariff_to_pct / 100.0
    shrink = (1.0 + t0) / (1.0 + t1)
    return _Tariffs(
        v0=v0,
        t0=t0,
        t1=t1,
        log_ratio=np.log1p(t1) - np.log1p(t0),
        shrink=shrink,
        shrink_less_one=shrink - 1.0,
        revenue_scale=t1 * v0,
        revenue_shift=(t1 - t0) * v0,
        buyer_scale=v0 * (1.0 + t0),
    )


def _response(
    tariffs: _Tariffs,
    eps: FloatArray,
    phi: FloatArray,
    *,
    logs: bool = False,
    profit: bool = True,
) -> dict[str, FloatArray]:
    """The arithmetic of :func:`sector_response` on checked inputs (any broadcastable layout:
    the totals put the draws on the last axis). ``logs``: also the three log changes;
    ``profit``: also the profit loss. The four other outputs are always computed, with the
    same operations whatever is asked."""
    v0, L, shrink = tariffs.v0, tariffs.log_ratio, tariffs.shrink
    # The tariff enters through L = ln(1+t1) - ln(1+t0) (scalar or (G,)). Two transcendental
    # calls per cell: x = ln(rd rq) = (1 + eps) ln_rd gives rd rq - 1 = expm1(x) exactly near
    # 0; rd = exp(ln_rd); then rq = rd rq / rd and rx rq = rd rq (1+t0)/(1+t1). The absolute
    # rounding of rx rq - 1 is ~1e-16, which scales V0, so every output below is exact to
    # ~1e-16 V0 (profit too: |ln rx| <= |ln rx + ln rq| since both have the sign of -L).
    ln_rd = phi * L  # duty-paid price
    x = (1.0 + eps) * ln_rd  # ln(rd rq)
    em_d = np.expm1(x)  # rd rq - 1
    rq = em_d + 1.0
    rq /= np.exp(ln_rd)  # volume ratio
    em = em_d * shrink
    em += tariffs.shrink_less_one  # rx rq - 1
    revenue = tariffs.revenue_scale * em
    revenue += tariffs.revenue_shift  # t1 v0 rx rq - t0 v0
    volume_loss = 1.0 - rq
    volume_loss *= v0  # v0 (1 - rq)
    absorption = rq - 1.0
    absorption -= em
    absorption *= v0  # v0 rq (1 - rx)
    # buyer: v0 (1+t0) ln_rd exprel(x); profit: v0 (-ln_rx) exprel(y); exprel(0) = 1
    buyer = _over_or_one(em_d, x)
    buyer *= ln_rd
    buyer *= tariffs.buyer_scale
    out = {
        "tariff_revenue_usd_bn": revenue,
        "buyer_cost_usd_bn": buyer,
        "absorption_usd_bn": absorption,
        "volume_loss_usd_bn": volume_loss,
    }
    if logs or profit:
        ln_rx = ln_rd - L  # -(1 - phi) L
        y = x - L  # ln(rx rq)
        if profit:
            loss = _over_or_one(em, y)
            loss *= ln_rx
            loss *= -v0
            out["profit_loss_usd_bn"] = loss
        if logs:
            out.update(ln_rx=ln_rx, ln_rd=ln_rd, ln_rq=x - ln_rd)
    return out

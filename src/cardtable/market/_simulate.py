"""The market model: flows -> yield paths, FX paths and central-bank purchases, for D draws.

Equations (docs/market.md):

``dy[d,t,k] = s_d * sum_b L_d[k,b] * ( blr_d * X[t,b] + (bsr_d - blr_d) * E_d[t,b] ) + P[d,t,k]``

with ``X`` the cumulative effective flow (sales + ``stop_buying_ratio`` x forgone purchases),
``E_d`` its decayed sum with the draw's absorption half-life, ``s_d = (M_ref / M)**e / 100`` the
size scaling (coefficients are per USD 100bn at ``M_ref``), ``L_d`` the tenor loadings (bills
column scaled by ``bills_impact_ratio``) and ``P`` the announcement premium
``p * E[dy at the end of the threatened schedule] * 2**(-t / h_ann)``. A backstop enters as
negative flow chosen day by day to bring the 10y back to its trigger.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from cardtable._typing import Float32Array, FloatArray
from cardtable.errors import InputError
from cardtable.market._backstop import Backstop
from cardtable.market._fx import fx_paths
from cardtable.market._kernel import (
    BILLS_LOADING,
    COUPON_LOADINGS,
    decay_sums,
    matmul_into,
    node_weights,
)
from cardtable.market._shocks import ShockSpec, add_shocks, shock_paths
from cardtable.market._types import Flows, MarketContext, MarketPaths
from cardtable.params import REGISTRY, Calibration, ParamDraws

__all__ = ["market_size_usd_bn", "simulate_market"]

TEN_YEAR = 2  # index of the 10y in TENORS
_DEFAULT_BACKSTOP_MIX = np.array([0.0, 0.75, 0.25])  # MSPD notes:bonds, Dec 2025


def param_span(params: ParamDraws, name: str) -> tuple[float, float] | None:
    """Plausible range of parameter ``name`` under the draws' calibration (None if unknown)."""
    return params.span(name)


def market_size_usd_bn(ctx: MarketContext, calibration: Calibration) -> float:
    """The market size M the calibration normalises flows by (calibration target 3)."""
    if calibration.market_size_measure == "marketable_debt":
        return float(ctx.marketable_debt_usd_bn)
    return float(ctx.foreign_holdings_usd_bn)


class _Coefficients:
    """Per-draw coefficients (float64, shape (D,)) after state and size adjustments."""

    def __init__(
        self,
        params: ParamDraws,
        M: float,
        state: Literal["normal", "stressed"],
    ) -> None:
        size = (params["market_size_ref_usd_bn"] / M) ** params["size_elasticity"] / 100.0
        bsr = params["impact_sr_bp_per_100bn"].copy()
        blr = bsr * params["impact_lr_share"]  # the permanent part does not depend on the state
        half_life = params["absorption_half_life_days"].copy()
        if state == "stressed":
            bsr *= params["stress_impact_mult"]
            half_life *= params["stress_half_life_mult"]
        elif state != "normal":
            raise InputError("state", state, "'normal' or 'stressed'")
        self.lin = size * blr  # bp per USD bn, permanent part
        self.trans = size * (bsr - blr)  # bp per USD bn, transient part at lag 0
        self.impact = size * bsr  # bp per USD bn on the day (lin + trans)
        span = param_span(params, "absorption_half_life_days")
        if span is not None and state == "stressed":
            mult = param_span(params, "stress_half_life_mult") or (1.0, 1.0)
            span = (span[0] * mult[0], span[1] * mult[1])
        self.nodes = node_weights(half_life, span)
        self.bills_ratio = params["bills_impact_ratio"]
        self.stop_ratio = params["stop_buying_ratio"]


def _tenor_flows(flow: FloatArray) -> tuple[FloatArray, FloatArray]:
    """``(T, 3)`` bucket flows -> ``(T, 4)`` tenor-space flows of bills and of coupons."""
    bills = flow[:, :1] * BILLS_LOADING[None, :]
    coupons = flow[:, 1:] @ COUPON_LOADINGS.T
    return bills, coupons


def _channels(
    sell: FloatArray, forgone: FloatArray, c: _Coefficients
) -> list[tuple[FloatArray, FloatArray]]:
    """(tenor-space flow ``(T, 4)``, per-draw multiplier ``(D,)``) for each non-zero channel."""
    out = []
    for flow, mult in ((sell, None), (forgone, c.stop_ratio)):
        if not flow.any():
            continue
        bills, coupons = _tenor_flows(flow)
        base = np.ones_like(c.lin) if mult is None else mult
        if bills.any():
            out.append((bills, base * c.bills_ratio))
        if coupons.any():
            out.append((coupons, base))
    return out


def _threat_impact(threat: FloatArray, p: float, c: _Coefficients) -> FloatArray:
    """``(D, 4)`` p x impact the threatened schedule would have on its last day if executed."""
    D = c.lin.shape[0]
    if p == 0.0 or not threat.any():
        return np.zeros((D, 4))
    last = int(np.nonzero(threat.any(axis=1))[0][-1])
    sched = threat[: last + 1]
    total = np.zeros((D, 4))
    for flow, mult in _channels(sched, np.zeros_like(sched), c):
        cum = flow.sum(axis=0)  # (4,)
        ends = decay_sums(flow, c.nodes.half_lives)[:, -1, :]  # (J, 4)
        trans = c.nodes.dense() @ ends  # (D, 4)
        total += mult[:, None] * (c.lin[:, None] * cum[None, :] + c.trans[:, None] * trans)
    return p * total


def _yields(
    sell: FloatArray,
    forgone: FloatArray,
    threat: FloatArray,
    p: float,
    c: _Coefficients,
    ann_half_life: FloatArray,
    ann_span: tuple[float, float] | None,
    T: int,
    out: Float32Array,
) -> Float32Array:
    """``(D, T, 4)`` float32 yields before any backstop, as one matrix product ``W @ G``."""
    D = c.lin.shape[0]
    rows_w: list[FloatArray] = []  # (D, k) blocks of per-draw coefficients
    rows_g: list[FloatArray] = []  # matching (k, T*4) blocks of common paths
    dense = c.nodes.dense()
    for flow, mult in _channels(sell, forgone, c):
        rows_w.append((mult * c.lin)[:, None])
        rows_g.append(np.cumsum(flow, axis=0).reshape(1, T * 4))
        rows_w.append((mult * c.trans)[:, None] * dense)
        rows_g.append(decay_sums(flow, c.nodes.half_lives).reshape(-1, T * 4))
    premium = _threat_impact(threat, p, c)
    if premium.any():
        ann = node_weights(ann_half_life, ann_span)
        decay = 2.0 ** (-np.arange(T)[None, :] / ann.half_lives[:, None])  # (J, T)
        # rows (node j, tenor k): weight w[d, j] * premium[d, k]; path decay[j, t] on tenor k
        rows_w.append((ann.dense()[:, :, None] * premium[:, None, :]).reshape(D, -1))
        G = np.zeros((ann.n_nodes, 4, T, 4))
        for k in range(4):
            G[:, k, :, k] = decay
        rows_g.append(G.reshape(-1, T * 4))
    if not rows_w:
        out.fill(0.0)
        return out
    W = np.concatenate(rows_w, axis=1)
    G_all = np.concatenate(rows_g, axis=0)
    matmul_into(W, G_all, out.reshape(D, T * 4))
    return out


def _backstop(
    yields: Float32Array,
    c: _Coefficients,
    mix: FloatArray,
    backstop: Backstop,
    purchases: Float32Array,
) -> None:
    """Apply central-bank purchases in place; return ``(D, T)`` purchases per day (USD bn).

    Each day the bank buys ``q = clip((y10 - trigger) / impact10, 0, capacity)``: the amount
    that brings the 10y back to the trigger at today's impact, within capacity. Its purchases
    are negative flow in ``mix`` and decay with the same kernel as sales.
    """
    D, T, _ = yields.shape
    # tenor profile (bp per bp-unit of flow) of USD 1 bought in the bank's mix, per draw
    u = (
        c.bills_ratio[:, None] * (mix[0] * BILLS_LOADING)[None, :]
        + (COUPON_LOADINGS @ mix[1:])[None, :]
    )
    u10 = u[:, TEN_YEAR]
    imp10 = c.impact * u10  # bp of 10y per USD bn bought today
    a_lo, a_hi = c.nodes.decay_factors()
    w_lo = c.nodes.w_lo
    y10 = _transpose(yields[:, :, TEN_YEAR])  # (T, D): contiguous rows per day
    # states (rows): cumulative purchases, decayed sums at the lower and upper grid node
    state = np.zeros((3, D))
    decay = np.stack([np.ones(D), a_lo, a_hi])
    coef = np.stack([c.lin, c.trans * w_lo, c.trans * (1.0 - w_lo)])
    g_hist = np.zeros((T, D), dtype=np.float32)  # effect of purchases so far, in units of u
    q_hist = np.zeros((T, D), dtype=np.float32)
    cap = backstop.capacity_usd_bn_per_day
    inv_imp10 = np.divide(1.0, imp10, out=np.zeros(D), where=imp10 > 0)
    above = np.nonzero(y10.max(axis=1) > backstop.trigger_bp)[0]
    start = int(above[0]) if above.size else T  # nothing to do before the 10y first crosses
    tmp = np.empty((3, D))
    cb = np.empty(D)
    q = np.empty(D)
    for t in range(start, T):
        state *= decay
        np.multiply(coef, state, out=tmp)
        np.sum(tmp, axis=0, out=cb)  # bp per unit u of past purchases, before today's
        # purchase that brings the 10y back to the trigger, within capacity
        np.multiply(u10, cb, out=q)
        np.subtract(y10[t], q, out=q)
        q -= backstop.trigger_bp
        q *= inv_imp10
        np.clip(q, 0.0, cap, out=q)
        state += q
        q_hist[t] = q
        q *= c.impact
        q += cb
        g_hist[t] = q
    if q_hist.any():
        g = _transpose(g_hist)  # (D, T)
        buf = np.empty((D, T), dtype=np.float32)
        u32 = u.astype(np.float32)
        for k in range(4):
            np.multiply(g, u32[:, k : k + 1], out=buf)
            yields[:, :, k] -= buf
    _transpose(q_hist, out=purchases)


def _transpose(a: Float32Array, block: int = 512, out: Float32Array | None = None) -> Float32Array:
    """Contiguous transpose of a 2-d array, in cache-sized blocks of columns."""
    rows, cols = a.shape
    if out is None:
        out = np.empty((cols, rows), dtype=np.float32)
    for s in range(0, cols, block):
        out[s : s + block] = a[:, s : s + block].T
    return out


def _out(given: Float32Array | None, shape: tuple[int, ...], name: str) -> Float32Array:
    """``given`` checked for shape and dtype, or a fresh float32 array."""
    if given is None:
        return np.empty(shape, dtype=np.float32)
    if given.shape != shape or given.dtype != np.float32 or not given.flags.c_contiguous:
        raise InputError(f"out.{name}", f"{given.dtype}{given.shape}", f"float32 {shape}, C order")
    return given


def simulate_market(
    flows: Flows,
    ctx: MarketContext,
    params: ParamDraws,
    *,
    state: Literal["normal", "stressed"] = "normal",
    backstop: Backstop | None = None,
    calibration: Calibration | None = None,
    out: MarketPaths | None = None,
    shocks: ShockSpec | None = None,
) -> MarketPaths:
    """Simulate yields, exchange rates and central-bank purchases for every parameter draw.

    Parameters
    ----------
    flows
        Daily flows of all actors (sales, forgone purchases, conversions, threat).
    ctx
        Market size at the as-of month.
    params
        Parameter draws, leading axis D (the caller chunks draws).
    state
        ``'stressed'`` multiplies the short-run impact by ``stress_impact_mult`` and the
        absorption half-life by ``stress_half_life_mult``.
    backstop
        Central-bank backstop (off by default).
    calibration
        Calibration whose ``market_size_measure`` normalises flows; defaults to the one the
        draws were made under.
    out
        Optional arrays to write into (for example views of a caller's full-run arrays, which
        saves a copy and fresh memory per chunk): ``yields_bp``, ``usdjpy_pct``,
        ``broad_dollar_pct``, ``backstop_usd_bn`` and any ``fx_pct`` entries, float32,
        C-contiguous, of the shapes returned.
    shocks
        Exogenous moves added to the flow-driven paths (before the backstop reacts); the same
        in every draw (:func:`cardtable.market.shock_paths` gives their contribution).

    Returns
    -------
    MarketPaths
        float32 paths; memory O(D x T x 4).
    """
    backstop = backstop if backstop is not None else Backstop()
    cal = calibration if calibration is not None else REGISTRY.calibration(params.calibration)
    sell, forgone, threat, converted = flows.checked()
    T = sell.shape[0]
    D = params.n
    if D < 1:
        raise InputError("params", D, "at least one parameter draw")
    c = _Coefficients(params, market_size_usd_bn(ctx, cal), state)
    yields = _out(out.yields_bp if out else None, (D, T, 4), "yields_bp")
    _yields(
        sell,
        forgone,
        threat,
        float(flows.threat_probability),
        c,
        params["announcement_half_life_days"],
        param_span(params, "announcement_half_life_days"),
        T,
        yields,
    )
    shock = shock_paths(shocks, T)
    add_shocks(shock, yields)
    purchases = _out(out.backstop_usd_bn if out else None, (D, T), "backstop_usd_bn")
    if backstop.enabled:
        total = sell.sum(axis=0) + forgone.sum(axis=0)
        mix = total / total.sum() if total.sum() > 0 else _DEFAULT_BACKSTOP_MIX
        _backstop(yields, c, mix, backstop, purchases)
    else:
        purchases.fill(0.0)
    fx_out = {
        cur: _out(out.fx_pct[cur] if out and cur in out.fx_pct else None, (D, T), "fx_pct")
        for cur in converted
    }
    broad = _out(out.broad_dollar_pct if out else None, (D, T), "broad_dollar_pct")
    fx, broad = fx_paths(
        converted,
        params["fx_impact_jpy_pct_per_usd_bn"],
        params["fx_persistent_share"],
        params["fx_reversal_half_life_days"],
        params["fx_depth_elasticity"],
        T,
        param_span(params, "fx_reversal_half_life_days"),
        fx_out,
        broad,
    )
    add_shocks(shock, None, fx, [(broad, shock.broad_dollar_pct)])
    usdjpy = _out(out.usdjpy_pct if out else None, (D, T), "usdjpy_pct")
    if "JPY" in fx:
        usdjpy[...] = fx["JPY"]
    else:
        usdjpy.fill(0.0)
        add_shocks(shock, None, None, [(usdjpy, shock.usdjpy_pct)])
    return MarketPaths(
        yields_bp=yields,
        usdjpy_pct=usdjpy,
        broad_dollar_pct=broad,
        fx_pct=fx,
        backstop_usd_bn=purchases,
    )

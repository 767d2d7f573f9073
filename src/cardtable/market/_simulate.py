"""The market model: flows -> yield paths, FX paths and central-bank purchases, for D draws.

Equations (docs/market.md):

``dy[d,t,k] = sum_b L_d[k,b] * ( g_d * 100 * S[t,b] / M[t] + f_d * s_d * E_d[t,b] ) + P[d,t,k]``

with ``S`` the cumulative effective flow the private sector must absorb (sales +
``stop_buying_ratio`` x forgone purchases - central-bank purchases), ``M[t]`` marketable debt
held by the public along the market-size path (MSPD, then CBO's projection), ``g_d`` the stock
effect (bp per 1% of the market), ``E_d`` the flow decayed with the draw's absorption half-life,
``f_d`` the flow coefficient, ``s_d = (M_ref / M)**e / 100`` its size scaling (per USD 100bn at
``M_ref``), ``L_d`` the tenor loadings (bills column scaled by ``bills_impact_ratio``) and ``P``
the announcement premium ``p * E[dy at the end of the threatened schedule] * 2**(-t / h_ann)``. A
backstop enters as negative flow chosen day by day to bring the 10y back to its trigger. After
the window the paths continue in closed form (:class:`MarketTail`).
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from cardtable._typing import Float32Array, FloatArray
from cardtable.errors import InputError
from cardtable.market._backstop import Backstop
from cardtable.market._fx import fx_paths
from cardtable.market._fx_tail import fx_tails
from cardtable.market._kernel import (
    BILLS_LOADING,
    COUPON_LOADINGS,
    NodeWeights,
    decay_sums,
    matmul_into,
    node_weights,
)
from cardtable.market._shocks import ShockSpec, add_shocks, shock_paths
from cardtable.market._size import add_months, projected_size_path
from cardtable.market._types import Flows, MarketContext, MarketPaths, MarketTail
from cardtable.params import REGISTRY, Calibration, ParamDraws

__all__ = ["check_state", "daily_market_size", "market_size_usd_bn", "simulate_market"]

TEN_YEAR = 2  # index of the 10y in TENORS
TRADING_DAYS_PER_MONTH = 21
#: Days of market-size path kept beyond the window (30 years of costs).
TAIL_DAYS = 30 * 252 + 1
_DEFAULT_BACKSTOP_MIX = np.array([0.0, 0.75, 0.25])  # MSPD notes:bonds, Dec 2025


def param_span(params: ParamDraws, name: str) -> tuple[float, float] | None:
    """Plausible range of parameter ``name`` under the draws' calibration (None if unknown)."""
    return params.span(name)


def market_size_usd_bn(ctx: MarketContext, calibration: Calibration) -> float:
    """The market size M the calibration normalises flows by (calibration target 3)."""
    if calibration.market_size_measure == "marketable_debt":
        return float(ctx.marketable_debt_usd_bn)
    return float(ctx.foreign_holdings_usd_bn)


def check_state(state: str, calibration: Calibration) -> None:
    """One market state: ``state`` and a stressed calibration must not stack.

    Raises
    ------
    InputError
        For an unknown state, or ``state = 'stressed'`` with a calibration that already is the
        stressed market (the message names both fields).
    """
    if state not in ("normal", "stressed"):
        raise InputError("state", state, "'normal' or 'stressed'")
    if state == "stressed" and calibration.market_state == "stressed":
        raise InputError(
            "state",
            state,
            f"calibration {calibration.name!r} already is the stressed market state; use "
            f"state = 'stressed' with a normal calibration, or calibration = "
            f"{calibration.name!r} with state = 'normal'",
        )


def daily_market_size(ctx: MarketContext, n_days: int) -> FloatArray:
    """``(n_days,)`` marketable debt on each trading day (21 a month), from the context's path.

    Beyond the path given (or without one), the path grows as CBO projects.
    """
    months = n_days // TRADING_DAYS_PER_MONTH + 2
    path = ctx.marketable_debt_path_usd_bn
    if path is None:
        monthly = projected_size_path(ctx.marketable_debt_usd_bn, ctx.as_of, months)
    else:
        monthly = np.asarray(path, dtype=np.float64)
        if monthly.size < months:
            last = add_months(ctx.as_of, monthly.size - 1)
            ext = projected_size_path(float(monthly[-1]), last, months - monthly.size + 1)
            monthly = np.concatenate([monthly, ext[1:]])
    days = np.arange(n_days, dtype=np.float64) / TRADING_DAYS_PER_MONTH
    return np.asarray(np.interp(days, np.arange(monthly.size, dtype=np.float64), monthly))


class _Coefficients:
    """Per-draw coefficients (float64, shape (D,)) after state and size adjustments."""

    def __init__(
        self,
        params: ParamDraws,
        M: float,
        state: Literal["normal", "stressed"],
        size_daily: FloatArray,
    ) -> None:
        scale = (params["market_size_ref_usd_bn"] / M) ** params["size_elasticity"] / 100.0
        flow = params["flow_impact_bp_per_100bn"].copy()
        half_life = params["absorption_half_life_days"].copy()
        if state == "stressed":  # the stock effect does not depend on the state
            flow *= params["stress_impact_mult"]
            half_life *= params["stress_half_life_mult"]
        elif state != "normal":
            raise InputError("state", state, "'normal' or 'stressed'")
        self.trans = scale * flow  # bp per USD bn, transient (flow) part at lag 0
        self.gamma = params["stock_effect_bp_per_pct"] * 100.0  # bp per unit of S / M
        self.inv_m = 1.0 / size_daily  # (N,) 1 / M[t]
        span = param_span(params, "absorption_half_life_days")
        if span is not None and state == "stressed":
            mult = param_span(params, "stress_half_life_mult") or (1.0, 1.0)
            span = (span[0] * mult[0], span[1] * mult[1])
        self.nodes = node_weights(half_life, span)
        self.bills_ratio = params["bills_impact_ratio"]
        self.stop_ratio = params["stop_buying_ratio"]

    def impact(self, t: int) -> FloatArray:
        """``(D,)`` bp per USD bn sold on day ``t`` (flow + stock), on the day."""
        return np.asarray(self.trans + self.gamma * self.inv_m[t])


class _Tail:
    """Accumulates the end-of-window state of every term (see :class:`MarketTail`)."""

    def __init__(self, D: int, nodes: NodeWeights) -> None:
        self.stock = np.zeros((D, 4))
        self.lo = np.zeros((D, 4))
        self.hi = np.zeros((D, 4))
        self.extra: list[tuple[FloatArray, FloatArray]] = []
        self.nodes = nodes

    def build(self, T: int, size_daily: FloatArray, shocks: ShockSpec | None) -> MarketTail:
        a_lo, a_hi = self.nodes.decay_factors()
        return MarketTail(
            horizon_days=T,
            stock_bp=self.stock,
            transient=((self.lo, a_lo), (self.hi, a_hi), *self.extra),
            size_daily_usd_bn=size_daily,
            shocks=shocks,
        )


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
        base = np.ones_like(c.trans) if mult is None else mult
        if bills.any():
            out.append((bills, base * c.bills_ratio))
        if coupons.any():
            out.append((coupons, base))
    return out


def _threat_impact(threat: FloatArray, p: float, c: _Coefficients) -> FloatArray:
    """``(D, 4)`` p x impact the threatened schedule would have on its last day if executed."""
    D = c.trans.shape[0]
    if p == 0.0 or not threat.any():
        return np.zeros((D, 4))
    last = int(np.nonzero(threat.any(axis=1))[0][-1])
    sched = threat[: last + 1]
    total = np.zeros((D, 4))
    for flow, mult in _channels(sched, np.zeros_like(sched), c):
        cum = flow.sum(axis=0)  # (4,)
        ends = decay_sums(flow, c.nodes.half_lives)[:, -1, :]  # (J, 4)
        trans = c.nodes.dense() @ ends  # (D, 4)
        stock = (c.gamma * c.inv_m[last])[:, None] * cum[None, :]
        total += mult[:, None] * (stock + c.trans[:, None] * trans)
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
    tail: _Tail,
) -> Float32Array:
    """``(D, T, 4)`` float32 yields before any backstop, as one matrix product ``W @ G``.

    The end-of-window state of every term is added to ``tail``.
    """
    D = c.trans.shape[0]
    rows_w: list[FloatArray] = []  # (D, k) blocks of per-draw coefficients
    rows_g: list[FloatArray] = []  # matching (k, T*4) blocks of common paths
    dense = c.nodes.dense()
    lo, w_lo = c.nodes.lo, c.nodes.w_lo
    inv_m = c.inv_m[:T, None]
    for flow, mult in _channels(sell, forgone, c):
        cum = np.cumsum(flow, axis=0)
        rows_w.append((mult * c.gamma)[:, None])
        rows_g.append((cum * inv_m).reshape(1, T * 4))
        sums = decay_sums(flow, c.nodes.half_lives)  # (J, T, 4)
        rows_w.append((mult * c.trans)[:, None] * dense)
        rows_g.append(sums.reshape(-1, T * 4))
        tail.stock += (mult * c.gamma)[:, None] * (cum[-1] * c.inv_m[T - 1])[None, :]
        end = sums[:, -1, :]  # (J, 4)
        tail.lo += (mult * c.trans * w_lo)[:, None] * end[lo]
        tail.hi += (mult * c.trans * (1.0 - w_lo))[:, None] * end[lo + 1]
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
        b_lo, b_hi = ann.decay_factors()
        tail.extra.append((premium * (ann.w_lo * b_lo ** (T - 1))[:, None], b_lo))
        tail.extra.append((premium * ((1.0 - ann.w_lo) * b_hi ** (T - 1))[:, None], b_hi))
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
    tail: _Tail,
) -> None:
    """Apply central-bank purchases in place; write ``(D, T)`` purchases per day (USD bn).

    Each day the bank buys ``q = clip((y10 - trigger) / impact10, 0, capacity)``: the amount
    that brings the 10y back to the trigger at today's impact, within capacity. Its purchases
    are negative flow in ``mix``: they lower the stock the private sector must absorb and decay
    with the same kernel as sales.
    """
    D, T, _ = yields.shape
    # tenor profile (bp per bp-unit of flow) of USD 1 bought in the bank's mix, per draw
    u = (
        c.bills_ratio[:, None] * (mix[0] * BILLS_LOADING)[None, :]
        + (COUPON_LOADINGS @ mix[1:])[None, :]
    )
    u10 = u[:, TEN_YEAR]
    a_lo, a_hi = c.nodes.decay_factors()
    w_lo = c.nodes.w_lo
    y10 = _transpose(yields[:, :, TEN_YEAR])  # (T, D): contiguous rows per day
    # states (rows): cumulative purchases, decayed sums at the lower and upper grid node
    state = np.zeros((3, D))
    decay = np.stack([np.ones(D), a_lo, a_hi])
    coef = np.stack([c.gamma * c.inv_m[0], c.trans * w_lo, c.trans * (1.0 - w_lo)])
    g_hist = np.zeros((T, D), dtype=np.float32)  # effect of purchases so far, in units of u
    q_hist = np.zeros((T, D), dtype=np.float32)
    cap = backstop.capacity_usd_bn_per_day
    above = np.nonzero(y10.max(axis=1) > backstop.trigger_bp)[0]
    start = int(above[0]) if above.size else T  # nothing to do before the 10y first crosses
    tmp = np.empty((3, D))
    cb = np.empty(D)
    q = np.empty(D)
    imp = np.empty(D)
    inv_imp10 = np.empty(D)
    for t in range(start, T):
        state *= decay
        np.multiply(c.gamma, c.inv_m[t], out=coef[0])  # the stock effect follows M[t]
        np.multiply(coef, state, out=tmp)
        np.sum(tmp, axis=0, out=cb)  # bp per unit u of past purchases, before today's
        np.add(c.trans, coef[0], out=imp)  # bp per USD bn bought today
        np.multiply(imp, u10, out=inv_imp10)
        np.divide(1.0, inv_imp10, out=inv_imp10, where=inv_imp10 > 0)
        # purchase that brings the 10y back to the trigger, within capacity
        np.multiply(u10, cb, out=q)
        np.subtract(y10[t], q, out=q)
        q -= backstop.trigger_bp
        q *= inv_imp10
        np.clip(q, 0.0, cap, out=q)
        state += q
        q_hist[t] = q
        q *= imp
        q += cb
        g_hist[t] = q
    if q_hist.any():
        g = _transpose(g_hist)  # (D, T)
        buf = np.empty((D, T), dtype=np.float32)
        u32 = u.astype(np.float32)
        for k in range(4):
            np.multiply(g, u32[:, k : k + 1], out=buf)
            yields[:, :, k] -= buf
        tail.stock -= (c.gamma * c.inv_m[T - 1] * state[0])[:, None] * u
        tail.lo -= (coef[1] * state[1])[:, None] * u
        tail.hi -= (coef[2] * state[2])[:, None] * u
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
        Market size at the as-of month and along the horizon.
    params
        Parameter draws, leading axis D (the caller chunks draws).
    state
        ``'stressed'`` multiplies the flow impact by ``stress_impact_mult`` and the
        absorption half-life by ``stress_half_life_mult`` (the stock effect is unchanged); an
        error with a calibration that already is the stressed state.
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
        float32 paths; memory O(D x T x 4); ``tail`` continues them after the window.
    """
    backstop = backstop if backstop is not None else Backstop()
    cal = calibration if calibration is not None else REGISTRY.calibration(params.calibration)
    check_state(state, cal)
    sell, forgone, threat, converted = flows.checked()
    T = sell.shape[0]
    D = params.n
    if D < 1:
        raise InputError("params", D, "at least one parameter draw")
    size_daily = daily_market_size(ctx, max(T, TAIL_DAYS))
    c = _Coefficients(params, market_size_usd_bn(ctx, cal), state, size_daily)
    tail = _Tail(D, c.nodes)
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
        tail,
    )
    shock = shock_paths(shocks, T)
    add_shocks(shock, yields)
    purchases = _out(out.backstop_usd_bn if out else None, (D, T), "backstop_usd_bn")
    if backstop.enabled:
        total = sell.sum(axis=0) + forgone.sum(axis=0)
        mix = total / total.sum() if total.sum() > 0 else _DEFAULT_BACKSTOP_MIX
        _backstop(yields, c, mix, backstop, purchases, tail)
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
        if not np.may_share_memory(usdjpy, fx["JPY"]):  # a caller may store them as one
            usdjpy[...] = fx["JPY"]
    else:
        usdjpy.fill(0.0)
        add_shocks(shock, None, None, [(usdjpy, shock.usdjpy_pct)])
    fx_tail = fx_tails(
        converted,
        params["fx_impact_jpy_pct_per_usd_bn"],
        params["fx_persistent_share"],
        params["fx_reversal_half_life_days"],
        params["fx_depth_elasticity"],
        T,
        param_span(params, "fx_reversal_half_life_days"),
        shocks,
    )
    return MarketPaths(
        yields_bp=yields,
        usdjpy_pct=usdjpy,
        broad_dollar_pct=broad,
        fx_pct=fx,
        backstop_usd_bn=purchases,
        tail=tail.build(T, size_daily, shocks),
        fx_tail=fx_tail,
    )

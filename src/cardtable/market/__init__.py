"""Market impact: sales, forgone purchases, threats and conversions -> yields, FX, backstop.

See docs/market.md for the equations, parameters and calibrations.
"""

from __future__ import annotations

from cardtable.market._backstop import Backstop
from cardtable.market._fx import (
    BROAD_INDEX_WEIGHTS_PCT,
    FX_TURNOVER_SHARE_PCT,
    PEGGED_TO_USD,
    depth_factor,
    is_pegged,
)
from cardtable.market._kernel import BILLS_LOADING, COUPON_LOADINGS
from cardtable.market._shocks import ShockPaths, ShockSpec, shock_paths
from cardtable.market._simulate import market_size_usd_bn, simulate_market
from cardtable.market._types import Flows, MarketContext, MarketPaths

__all__ = [
    "BILLS_LOADING",
    "BROAD_INDEX_WEIGHTS_PCT",
    "COUPON_LOADINGS",
    "FX_TURNOVER_SHARE_PCT",
    "PEGGED_TO_USD",
    "Backstop",
    "Flows",
    "MarketContext",
    "MarketPaths",
    "ShockPaths",
    "ShockSpec",
    "depth_factor",
    "is_pegged",
    "market_size_usd_bn",
    "shock_paths",
    "simulate_market",
]

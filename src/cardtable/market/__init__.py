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
from cardtable.market._fx_tail import FxTail, fx_tails
from cardtable.market._kernel import BILLS_LOADING, COUPON_LOADINGS
from cardtable.market._shocks import ShockPaths, ShockSpec, shock_paths
from cardtable.market._simulate import (
    check_state,
    daily_market_size,
    market_size_usd_bn,
    simulate_market,
)
from cardtable.market._size import (
    CBO_DEBT_HELD_BY_PUBLIC_USD_BN,
    SizePath,
    marketable_debt_path,
    projected_size_path,
)
from cardtable.market._types import Flows, MarketContext, MarketPaths, MarketTail

__all__ = [
    "BILLS_LOADING",
    "BROAD_INDEX_WEIGHTS_PCT",
    "CBO_DEBT_HELD_BY_PUBLIC_USD_BN",
    "COUPON_LOADINGS",
    "FX_TURNOVER_SHARE_PCT",
    "PEGGED_TO_USD",
    "Backstop",
    "Flows",
    "FxTail",
    "MarketContext",
    "MarketPaths",
    "MarketTail",
    "ShockPaths",
    "ShockSpec",
    "SizePath",
    "check_state",
    "daily_market_size",
    "depth_factor",
    "fx_tails",
    "is_pegged",
    "market_size_usd_bn",
    "marketable_debt_path",
    "projected_size_path",
    "shock_paths",
    "simulate_market",
]

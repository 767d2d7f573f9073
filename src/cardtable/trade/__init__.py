"""The trade model: bilateral goods trade by sector, tariffs in force, and a partial-equilibrium
response of the holder's exports to US tariffs (see docs/trade.md).

Data flow: ``trade_sectors_2024.csv`` (sector flows, GDP) + the tariff timeline ->
:func:`trade_effects` -> US tariff revenue, cost to US buyers, the holder's export revenue,
profit and GDP losses, per parameter draw and tariff grid point. The negotiation game
(:mod:`cardtable.game`) builds its payoffs from these arrays.
"""

from __future__ import annotations

from cardtable.trade._facts import (
    HOLDER_EXPORT_SECTORS,
    HOLDERS,
    US_EXPORT_SECTORS,
    SectorRow,
    canonical_holder,
    exports_to_us_usd_bn,
    nominal_gdp_usd_bn,
    one_sector_partners,
    sector_flows,
    sector_rows,
)
from cardtable.trade._model import (
    Horizon,
    SectorResponse,
    TradeEffects,
    sector_response,
    trade_effects,
)
from cardtable.trade._tariffs import (
    MFN_PCT,
    TARIFF_LINES,
    TariffChange,
    all_in_tariffs,
    deal_grid_pct,
    floor_inclusive,
    mfn_tariffs,
    tariff_timeline,
    tariffs_at,
)
from cardtable.trade._totals import BLOCK_CELLS, TotalName, trade_totals

__all__ = [
    "BLOCK_CELLS",
    "HOLDERS",
    "HOLDER_EXPORT_SECTORS",
    "MFN_PCT",
    "TARIFF_LINES",
    "US_EXPORT_SECTORS",
    "Horizon",
    "SectorResponse",
    "SectorRow",
    "TariffChange",
    "TotalName",
    "TradeEffects",
    "all_in_tariffs",
    "canonical_holder",
    "deal_grid_pct",
    "exports_to_us_usd_bn",
    "floor_inclusive",
    "mfn_tariffs",
    "nominal_gdp_usd_bn",
    "one_sector_partners",
    "sector_flows",
    "sector_response",
    "sector_rows",
    "tariff_timeline",
    "tariffs_at",
    "trade_effects",
    "trade_totals",
]

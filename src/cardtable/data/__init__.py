"""cardtable's data layer: bundled facts, official-format parsers, the local store, downloads,
imports and the queries the models use.

Queries read the local store (filled by ``cardtable data update`` or ``cardtable data import``)
first and fall back to the bundled facts; every result says which (``origin``) and cites its
source and vintage. See docs/data.md.
"""

from __future__ import annotations

from cardtable.data._facts import FACTS, Fact, list_facts, load_fact
from cardtable.data._holdings import (
    HoldingsHistory,
    HoldingsSnapshot,
    available_months,
    holdings_at,
    holdings_history,
    resolve_country,
)
from cardtable.data._levels import DebtSnapshot, MarketLevels, debt_at, market_levels_at
from cardtable.data.importer import ImportReport, import_dir
from cardtable.data.loaders.tic import AGGREGATE_ROWS, is_aggregate_row
from cardtable.data.store import DATASETS, ManifestEntry, Store, store_home
from cardtable.data.update import UpdateReport, update

__all__ = [
    "AGGREGATE_ROWS",
    "DATASETS",
    "FACTS",
    "DebtSnapshot",
    "Fact",
    "HoldingsHistory",
    "HoldingsSnapshot",
    "ImportReport",
    "ManifestEntry",
    "MarketLevels",
    "Store",
    "UpdateReport",
    "available_months",
    "debt_at",
    "holdings_at",
    "holdings_history",
    "import_dir",
    "is_aggregate_row",
    "list_facts",
    "load_fact",
    "market_levels_at",
    "resolve_country",
    "store_home",
    "update",
]

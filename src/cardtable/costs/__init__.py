"""Who pays: sellers' losses, other holders, US federal interest and households.

See docs/costs.md for the equations, parameters and calibration targets 5 and 6.
"""

from __future__ import annotations

from cardtable.costs._bonds import TENOR_TO_BUCKET, bucket_yields_bp, revalue_book
from cardtable.costs._interest import us_interest_cost, yearly_path_bp
from cardtable.costs._ledger import (
    INTEREST_LINES,
    INTEREST_YEARS,
    check_interest_years,
    ledger,
    us_interest_lines,
)
from cardtable.costs._types import DebtProfile, Ledger, SellerBook

__all__ = [
    "INTEREST_LINES",
    "INTEREST_YEARS",
    "TENOR_TO_BUCKET",
    "DebtProfile",
    "Ledger",
    "SellerBook",
    "bucket_yields_bp",
    "check_interest_years",
    "ledger",
    "revalue_book",
    "us_interest_cost",
    "us_interest_lines",
    "yearly_path_bp",
]

"""Pure parsers of the official file formats cardtable reads.

Each format has a ``parse_*(text)`` function (pure: text in, tidy frame out, :class:`ParseError`
on anything unexpected) and a ``read_*(path)`` wrapper.

=====================  ==========================================  ==============================
module                 format                                      functions
=====================  ==========================================  ==============================
:mod:`.tic`            TIC Major Foreign Holders (mfhhis01, mfh)   parse_mfhhis, parse_mfh
:mod:`.fred`           FRED graph CSV                              parse_fred
:mod:`.fiscaldata`     FiscalData MSPD table 1 (CSV export, JSON)  parse_mspd_csv, parse_mspd_json
:mod:`.treasury`       Treasury Daily Par Yield Curve CSV          parse_par_yield_curve
=====================  ==========================================  ==============================
"""

from __future__ import annotations

from cardtable.data.loaders.fiscaldata import (
    parse_mspd,
    parse_mspd_csv,
    parse_mspd_json,
    read_mspd,
)
from cardtable.data.loaders.fred import FRED_SERIES, parse_fred, read_fred
from cardtable.data.loaders.tic import TicTable, parse_mfh, parse_mfhhis, read_mfh, read_mfhhis
from cardtable.data.loaders.treasury import parse_par_yield_curve, read_par_yield_curve

__all__ = [
    "FRED_SERIES",
    "TicTable",
    "parse_fred",
    "parse_mfh",
    "parse_mfhhis",
    "parse_mspd",
    "parse_mspd_csv",
    "parse_mspd_json",
    "parse_par_yield_curve",
    "read_fred",
    "read_mfh",
    "read_mfhhis",
    "read_mspd",
    "read_par_yield_curve",
]

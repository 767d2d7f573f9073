"""The bundled official histories: full tables shipped in ``cardtable/data/bundled``.

Generated from the official files by ``scripts/build_bundled.py`` (see
:mod:`cardtable.data._bundle_build`): TIC major foreign holders by month since 2000-03, MSPD
marketable debt by month since 2001-01 and the six daily FRED series. Queries use them when the
local store does not hold a dataset (``origin: "bundled"``); ``cardtable data update`` and
``cardtable data import`` fill the store, which always comes first.

Each file is checked against the sha256 in the bundled manifest when it is first read. Setting
``CARDTABLE_NO_BUNDLED=1`` hides the bundled histories (queries then go from the store straight to
the fact tables), which is how the fact-table fallback is tested.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import io
import json
import os
from dataclasses import dataclass
from importlib import resources
from typing import Any

import pandas as pd

from cardtable.errors import ChecksumError, UnknownNameError

__all__ = ["ENV_DISABLE", "BundledTable", "bundled_names", "has_bundled", "read_bundled"]

ENV_DISABLE = "CARDTABLE_NO_BUNDLED"
_PACKAGE = "cardtable.data"
_DIR = "bundled"
_GENERATOR = "scripts/build_bundled.py"
_DTYPES: dict[str, dict[str, Any]] = {
    "tic_holders": {
        "month": str,
        "country": str,
        "holdings_usd_bn": "float64",
        "is_aggregate": bool,
        "series_break_old": bool,
        "below_threshold": bool,
    },
    "mspd": {"month": str, "record_date": str},
    "fred": {"date": str, "value": "float64"},
}


@dataclass(frozen=True)
class BundledTable:
    """One bundled table with its provenance.

    Attributes
    ----------
    name
        Dataset name (as in the local store).
    frame
        The parser's frame (FRED: ``date`` datetime64, ``series_id``, ``value``).
    source
        Publisher, official file, vintage and "bundled".
    vintage
        Release date (TIC) or last observation date (FRED, MSPD), ISO.
    first, last
        Coverage (month or date).
    """

    name: str
    frame: pd.DataFrame
    source: str
    vintage: str
    first: str
    last: str


@functools.cache
def _manifest() -> dict[str, dict[str, Any]]:
    ref = resources.files(_PACKAGE).joinpath(_DIR, "manifest.json")
    if not ref.is_file():
        return {}
    payload = json.loads(ref.read_text(encoding="utf-8"))
    tables: dict[str, dict[str, Any]] = payload["tables"]
    return tables


def _enabled() -> bool:
    return os.environ.get(ENV_DISABLE, "").strip() in ("", "0")


def bundled_names() -> list[str]:
    """Datasets the installed package bundles (empty when it was built without them, or when
    ``CARDTABLE_NO_BUNDLED`` is set)."""
    return sorted(_manifest()) if _enabled() else []


def has_bundled(name: str) -> bool:
    """Whether dataset ``name`` is bundled (and not hidden by ``CARDTABLE_NO_BUNDLED``)."""
    return _enabled() and name in _manifest()


def _source(entry: dict[str, Any]) -> str:
    file = entry["source_file"].rsplit("/", 1)[-1]
    extra = ""
    if entry.get("supplement_rows"):
        extra = (
            f"; the {entry['supplement_rows']} observations before the file's first come from "
            f"the same series as merged in {entry['supplement_file']}"
        )
    return f"{entry['publisher']} ({file}, vintage {entry['vintage']}{extra}; bundled)"


@functools.cache
def _read(name: str) -> BundledTable:
    entry = _manifest()[name]
    ref = resources.files(_PACKAGE).joinpath(_DIR, entry["file"])
    packed = ref.read_bytes()
    digest = hashlib.sha256(packed).hexdigest()
    if digest != entry["sha256"]:
        raise ChecksumError(
            f"bundled {entry['file']}: sha256 {digest[:12]}... does not match the bundled "
            f"manifest ({entry['sha256'][:12]}...); reinstall cardtable or run {_GENERATOR}"
        )
    dtypes = _DTYPES["fred" if name.startswith("fred_") else name]
    frame = pd.read_csv(io.BytesIO(gzip.decompress(packed)), dtype=dtypes)
    if name.startswith("fred_"):
        frame = pd.DataFrame(
            {
                "date": pd.to_datetime(frame["date"], format="%Y-%m-%d"),
                "series_id": name.removeprefix("fred_"),
                "value": frame["value"],
            }
        )
    return BundledTable(
        name, frame, _source(entry), str(entry["vintage"]), str(entry["first"]), str(entry["last"])
    )


def read_bundled(name: str) -> BundledTable:
    """A bundled table (a fresh copy of its frame).

    Parameters
    ----------
    name
        ``tic_holders``, ``mspd`` or ``fred_<SERIES>`` (see :func:`bundled_names`).

    Raises
    ------
    UnknownNameError
        For a dataset that is not bundled.
    ChecksumError
        When the file does not match the bundled manifest.
    """
    if not has_bundled(name):
        raise UnknownNameError("dataset", name, bundled_names(), "bundled dataset")
    table = _read(name)
    return BundledTable(
        table.name, table.frame.copy(), table.source, table.vintage, table.first, table.last
    )

"""Generate the bundled histories (``cardtable/data/bundled``) from the official files.

``scripts/build_bundled.py`` runs :func:`write_bundle` on ``../shared/data``; the test suite runs
:func:`build_tables` on the same files and checks that the bundled tables and manifest are exactly
what the script makes, so the bundle cannot drift from its script.

Every table is the project's own parser's frame (the one ``cardtable data import`` stores),
written as CSV with ``float`` values in their shortest round-trip form (so every figure is the
parsed float64 exactly, i.e. the official rounding) and gzip-compressed with a fixed header
(``mtime=0``, no file name). The manifest records, per table, the source file, its sha256 and
vintage, and the sha256 of the CSV text and of the compressed file.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from cardtable.data.loaders import FRED_SERIES, read_fred, read_mfhhis, read_mspd
from cardtable.errors import DataError

__all__ = [
    "BUNDLE_FORMAT",
    "SOURCES",
    "SUPPLEMENTS",
    "BuiltTable",
    "build_tables",
    "render",
    "write_bundle",
]

#: Version of the bundle's layout (manifest and CSV columns).
BUNDLE_FORMAT = 1
MANIFEST = "manifest.json"
GENERATOR = "scripts/build_bundled.py"


@dataclass(frozen=True)
class BuiltTable:
    """One generated table.

    Attributes
    ----------
    name
        Dataset name, as in the local store (``tic_holders``, ``mspd``, ``fred_DGS10``...).
    frame
        The frame written (CSV columns).
    source_file
        Path of the official file relative to the data directory.
    source_sha256
        sha256 of the official file.
    vintage
        Release date (TIC) or last observation date (FRED, MSPD), ISO.
    publisher
        Who publishes the figures.
    supplement_file, supplement_sha256, supplement_rows
        The file that supplies observations before the official file's first one (the same
        FRED series as merged in ``processed/``; identical on every date both hold), its sha256
        and how many rows it supplied; empty when none.
    """

    name: str
    frame: pd.DataFrame
    source_file: str
    source_sha256: str
    vintage: str
    publisher: str
    supplement_file: str = ""
    supplement_sha256: str = ""
    supplement_rows: int = 0

    @property
    def filename(self) -> str:
        """File name inside the bundle directory."""
        return f"{self.name}.csv.gz"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def render(frame: pd.DataFrame) -> tuple[bytes, bytes]:
    """The CSV text of ``frame`` and its deterministic gzip (mtime 0, no name, level 9)."""
    text = frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
    return text, gzip.compress(text, compresslevel=9, mtime=0)


def _tic(path: Path) -> tuple[pd.DataFrame, str]:
    table = read_mfhhis(path)
    frame = table.frame.reset_index(drop=True)
    return frame, table.vintage


def _mspd(path: Path) -> tuple[pd.DataFrame, str]:
    frame = read_mspd(path).sort_values("month").reset_index(drop=True)
    return frame, str(frame["record_date"].max())


def _fred(path: Path) -> tuple[pd.DataFrame, str]:
    raw = read_fred(path)
    frame = pd.DataFrame(
        {"date": raw["date"].dt.strftime("%Y-%m-%d"), "value": raw["value"].astype(float)}
    )
    return frame, str(frame["date"].iloc[-1])


#: FRED series whose reference file starts late (DGS2 2021-04-13, DTWEXBGS 2015-01-02): earlier
#: observations come from the merged copy of the same series in ``processed/``.
SUPPLEMENTS: dict[str, tuple[str, str]] = {
    "fred_DGS2": ("processed/us_yields_daily.csv", "dgs2_pct"),
    "fred_DTWEXBGS": ("processed/fx_daily.csv", "broad_dollar_index_dtwexbgs"),
}


def _supplement(name: str, frame: pd.DataFrame, path: Path, column: str) -> pd.DataFrame:
    """Observations of ``path[column]`` before ``frame``'s first date, after checking that the
    two agree exactly on every date both hold (else :class:`DataError`)."""
    dtypes: dict[str, str] = {"date": "str", column: "float64"}
    extra = pd.read_csv(path, usecols=["date", column], dtype=dtypes)
    extra = extra.dropna().rename(columns={column: "value"})
    both = frame.merge(extra, on="date", suffixes=("", "_supplement"))
    if both.empty or not (both["value"] == both["value_supplement"]).all():
        raise DataError(
            f"{path.name}: {column} differs from the official {name} file on the dates both "
            "hold (or they share none); it cannot extend the official series"
        )
    earlier: pd.DataFrame = extra[extra["date"] < frame["date"].iloc[0]].reset_index(drop=True)
    return earlier


_Reader = Callable[[Path], tuple[pd.DataFrame, str]]

#: Dataset -> (file under the data directory, reader, publisher).
SOURCES: dict[str, tuple[str, _Reader, str]] = {
    "tic_holders": (
        "tic/mfhhis01.txt",
        _tic,
        "US Treasury TIC, Major Foreign Holders history",
    ),
    "mspd": (
        "fiscaldata/mspd_summary.csv",
        _mspd,
        "US Treasury Monthly Statement of the Public Debt, table 1 (FiscalData)",
    ),
    **{
        f"fred_{sid}": (
            f"fred/{sid}.csv",
            _fred,
            f"Federal Reserve {'H.15' if sid.startswith('DGS') else 'H.10'} via FRED ({sid})",
        )
        for sid in FRED_SERIES
    },
}


def build_tables(data_dir: str | Path) -> list[BuiltTable]:
    """Parse every official file the bundle is made from.

    Parameters
    ----------
    data_dir
        Directory laid out as ``../shared/data`` (``tic/``, ``fred/``, ``fiscaldata/``).

    Returns
    -------
    list of BuiltTable
        In :data:`SOURCES` order.
    """
    root = Path(data_dir)
    out = []
    for name, (rel, reader, publisher) in SOURCES.items():
        path = root / rel
        frame, vintage = reader(path)
        digest = _sha256(path.read_bytes())
        table = BuiltTable(name, frame, rel, digest, vintage, publisher)
        if name in SUPPLEMENTS:
            rel_extra, column = SUPPLEMENTS[name]
            extra_path = root / rel_extra
            extra = _supplement(name, frame, extra_path, column)
            table = BuiltTable(
                name,
                pd.concat([extra, frame], ignore_index=True),
                rel,
                digest,
                vintage,
                publisher,
                rel_extra,
                _sha256(extra_path.read_bytes()),
                len(extra),
            )
        out.append(table)
    return out


def _first_last(frame: pd.DataFrame) -> tuple[str, str]:
    key = "month" if "month" in frame.columns else "date"
    values = frame[key].astype(str)
    return str(values.min()), str(values.max())


def manifest_entry(table: BuiltTable, text: bytes, packed: bytes) -> dict[str, Any]:
    """The manifest record of one table."""
    first, last = _first_last(table.frame)
    return {
        "file": table.filename,
        "publisher": table.publisher,
        "source_file": table.source_file,
        "source_sha256": table.source_sha256,
        "vintage": table.vintage,
        "first": first,
        "last": last,
        "rows": len(table.frame),
        "columns": list(map(str, table.frame.columns)),
        "csv_sha256": _sha256(text),
        "sha256": _sha256(packed),
        "supplement_file": table.supplement_file,
        "supplement_sha256": table.supplement_sha256,
        "supplement_rows": table.supplement_rows,
    }


def manifest(tables: list[BuiltTable]) -> dict[str, Any]:
    """The whole manifest for ``tables`` (rendered again: pure function of the frames)."""
    entries = {}
    for table in tables:
        text, packed = render(table.frame)
        entries[table.name] = manifest_entry(table, text, packed)
    return {"format": BUNDLE_FORMAT, "generated_by": GENERATOR, "tables": entries}


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def manifest_bytes(payload: dict[str, Any]) -> bytes:
    """The manifest as written (sorted keys, two-space indent, trailing newline)."""
    return (json.dumps(payload, indent=2, sort_keys=True) + "\n").encode("utf-8")


def write_bundle(data_dir: str | Path, out_dir: str | Path) -> dict[str, Any]:
    """Generate every table from ``data_dir`` into ``out_dir`` with its manifest.

    Tables are written first (each to a temporary file renamed into place), the manifest last.

    Returns
    -------
    dict
        The manifest written.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tables = build_tables(data_dir)
    entries = {}
    for table in tables:
        text, packed = render(table.frame)
        _atomic_write(out / table.filename, packed)
        entries[table.name] = manifest_entry(table, text, packed)
    payload = {"format": BUNDLE_FORMAT, "generated_by": GENERATOR, "tables": entries}
    _atomic_write(out / MANIFEST, manifest_bytes(payload))
    return payload

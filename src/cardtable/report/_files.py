"""Writing result files: atomically (temporary file, then rename) and readable by others
(mode 0644), so that nothing on disk is ever half-written or private by accident."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

__all__ = ["FILE_MODE", "write_bytes", "write_parquet", "write_with"]

FILE_MODE = 0o644


def write_with(path: Path, writer: Callable[[str], None]) -> Path:
    """Call ``writer(tmp_path)`` on a temporary file beside ``path``, then rename it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=f".tmp{path.suffix}"
    )
    os.close(fd)
    try:
        writer(tmp)
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_bytes(path: Path, payload: bytes) -> Path:
    """Write ``payload`` to ``path`` atomically, mode 0644."""

    def writer(tmp: str) -> None:
        with open(tmp, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())

    return write_with(path, writer)


def write_parquet(
    frame: pd.DataFrame, path: Path, metadata: Mapping[str, Any], *, index: bool = False
) -> Path:
    """Write ``frame`` as Parquet with ``metadata`` (JSON) under the schema key
    ``cardtable.provenance``."""
    table = pa.Table.from_pandas(frame, preserve_index=index)
    meta = dict(table.schema.metadata or {})
    meta[b"cardtable.provenance"] = json.dumps(metadata, default=str).encode()
    table = table.replace_schema_metadata(meta)
    return write_with(path, lambda tmp: pq.write_table(table, tmp))

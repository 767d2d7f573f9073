"""The one way cardtable writes a file: into a temporary file beside it, flushed to disk, then
renamed over the target, so a reader sees the old file or the new one, never half of one.
Files are created readable by everyone (mode 0644 before the umask), like any other output."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["FILE_MODE", "write_atomic", "write_with"]

FILE_MODE = 0o644


def write_with(path: Path, write: Callable[[Path], Any]) -> Path:
    """Call ``write(tmp)`` on a temporary path beside ``path``, then rename it to ``path``.

    Parameters
    ----------
    path
        The file to (re)place.
    write
        Writes the complete file at the path it is given (e.g. ``frame.to_parquet``).

    Returns
    -------
    Path
        ``path``.
    """
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, FILE_MODE & ~umask)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def write_atomic(path: Path, payload: bytes) -> Path:
    """Write ``payload`` to ``path`` atomically (see :func:`write_with`)."""
    return write_with(path, lambda tmp: tmp.write_bytes(payload))

"""Writing files so that nothing on disk is ever half-written.

One helper for the whole package (issue 8): :func:`atomic_write` writes the bytes to a temporary
file in the target's directory, flushes and fsyncs it, gives it the file mode, renames it over the
target (``os.replace``, atomic on POSIX and Windows) and fsyncs the directory. A reader sees the
old file or the new one, never a part; a crash leaves at most a temporary file named
``.<name>.<random>.tmp`` (:func:`is_temporary`), which its owner may remove.

Files get mode ``0o644`` less the process umask (``rw-r--r--`` under the usual umask 022), like
any file a program creates with ``open()``; :func:`tempfile.mkstemp` alone would leave ``0o600``.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = [
    "FILE_MODE",
    "TEMP_SUFFIX",
    "atomic_write",
    "atomic_write_with",
    "file_mode",
    "fsync_dir",
    "is_temporary",
    "write_synced",
]

#: Mode of the files cardtable writes, before the umask.
FILE_MODE = 0o644
#: Suffix of the temporary files :func:`atomic_write` creates.
TEMP_SUFFIX = ".tmp"
_TEMP_NAME = re.compile(r"^\..+\.[A-Za-z0-9_]+\.tmp$")


def file_mode() -> int:
    """:data:`FILE_MODE` less the process umask (what a new file should get)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return FILE_MODE & ~mask


def is_temporary(name: str) -> bool:
    """Whether a file name is one of :func:`atomic_write`'s temporary files.

    Examples
    --------
    >>> is_temporary(".manifest.json.k3j_x9q.tmp"), is_temporary("manifest.json")
    (True, False)
    """
    return _TEMP_NAME.match(name) is not None


def fsync_dir(path: str | Path) -> None:
    """fsync a directory so a rename or a new entry in it survives a power cut.

    Platforms that cannot open a directory (Windows) are skipped silently.
    """
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_synced(path: str | Path, data: bytes) -> Path:
    """Write a new file ``path`` (mode :func:`file_mode`) and fsync it, without a rename.

    For files inside a directory that is itself published atomically (as the store's version
    directories are); use :func:`atomic_write` for a file that readers may open at any time.

    Parameters
    ----------
    path
        The file; it must not exist yet.
    data
        Its content.

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    target = Path(path)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, file_mode())
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    return target


def atomic_write(path: str | Path, data: bytes | str) -> Path:
    """Replace ``path`` by ``data`` atomically (temporary file, fsync, rename, directory fsync).

    Parameters
    ----------
    path
        Target file; its directory must exist.
    data
        Bytes, or text written as UTF-8.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    OSError
        When the directory cannot be written; no temporary file is left behind and the target
        is unchanged.
    """
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as fh:
            os.chmod(tmp, file_mode())  # mkstemp creates 0o600
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(target.parent)
    return target


def atomic_write_with(path: str | Path, write: Callable[[Path], Any]) -> Path:
    """Like :func:`atomic_write`, for writers that want a path (``frame.to_parquet``): call
    ``write(tmp)`` on a temporary path beside ``path``, then fsync, chmod and rename it.

    Parameters
    ----------
    path
        Target file; its directory must exist.
    write
        Writes the complete file at the path it is given.

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    target = Path(path)
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=TEMP_SUFFIX)
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, file_mode())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(target.parent)
    return target

"""The local data store: one Parquet file per dataset in a version directory, and ``manifest.json``.

Location: ``$CARDTABLE_HOME`` when set, otherwise ``platformdirs.user_data_dir("cardtable")``.

Layout (manifest format 2)::

    <home>/manifest.json        the one pointer: names the current version directory and
                                describes every dataset in it
    <home>/.lock                the writers' lock (filelock)
    <home>/v-<UTC>-<hex>/       one complete version: <dataset>.parquet for each dataset

Crash safety: a write validates every frame, takes the lock, writes a *fresh* version directory
holding every dataset (the new ones and a copy of those it keeps), fsyncs it, then switches the
pointer by replacing ``manifest.json`` atomically (:func:`cardtable._io.atomic_write`). Nothing
the old manifest names is touched before the switch, so a kill at any moment leaves the old store
or the new one whole. Afterwards, and at the start of every write, leftovers of interrupted writes
(unreferenced version directories, temporary files) are removed under the lock. Two writers are
serialised by the lock; each reads the manifest only once it holds it, so neither loses the
other's datasets. Readers take no lock: a reader whose version was just replaced reads the
manifest again.

On read the manifest is checked against a schema (:mod:`cardtable.data._manifest`) and each file
against its sha256; a file that matches but does not decode or fails validation is reported as
:class:`~cardtable.errors.StoreError`. :meth:`Store.check` lists everything amiss for
``cardtable data status``. Stores written by cardtable <= 0.1 (format 1, files beside the
manifest) are read as they are and converted by the next write.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import secrets
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import filelock
import pandas as pd
import platformdirs
import pyarrow as pa

from cardtable._io import atomic_write, fsync_dir, is_temporary, write_synced
from cardtable.data._manifest import (
    DATASETS,
    FORMAT,
    MANIFEST,
    DatasetSpec,
    Manifest,
    ManifestEntry,
    Origin,
    is_version_dir,
    parse_manifest,
    render_manifest,
)
from cardtable.data._validate import validate
from cardtable.errors import ChecksumError, DataError, StoreError

__all__ = [
    "DATASETS",
    "ENV_HOME",
    "LOCK",
    "LOCK_TIMEOUT_S",
    "MANIFEST",
    "DatasetSpec",
    "ManifestEntry",
    "NewDataset",
    "Origin",
    "Store",
    "StoreCheck",
    "store_home",
]

#: Environment variable that overrides the store location.
ENV_HOME = "CARDTABLE_HOME"
#: The writers' lock file.
LOCK = ".lock"
#: How long a writer waits for another one to finish, seconds.
LOCK_TIMEOUT_S = 120.0


def store_home() -> Path:
    """The store directory: ``$CARDTABLE_HOME`` or the user data directory."""
    env = os.environ.get(ENV_HOME)
    return Path(env).expanduser() if env else Path(platformdirs.user_data_dir("cardtable"))


@dataclass(frozen=True)
class NewDataset:
    """A parsed dataset ready to be written, with its provenance."""

    name: str
    frame: pd.DataFrame
    source: str
    origin: Origin
    vintage: str
    note: str = ""
    retrieved_at: str = field(
        default_factory=lambda: datetime.now(UTC).replace(microsecond=0).isoformat()
    )


@dataclass(frozen=True)
class StoreCheck:
    """What :meth:`Store.check` found.

    Attributes
    ----------
    manifest
        Whether ``manifest.json`` exists.
    datasets
        Each manifest entry with its problem (None when the file is whole and valid).
    problems
        Everything amiss, one line each (an empty tuple for a whole store).
    leftovers
        Files and directories left by interrupted writes (harmless: the next write removes
        them); empty while another process is writing.
    writing
        Whether another process held the writers' lock during the check.
    """

    manifest: bool
    datasets: tuple[tuple[ManifestEntry, str | None], ...]
    problems: tuple[str, ...]
    leftovers: tuple[str, ...]
    writing: bool = False

    @property
    def ok(self) -> bool:
        """Whether nothing is amiss."""
        return not self.problems


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _coverage(frame: pd.DataFrame) -> tuple[str, str]:
    if "month" in frame.columns:
        months = frame["month"].astype(str)
        return str(months.min()), str(months.max())
    dates = pd.to_datetime(frame["date"])
    return f"{dates.min():%Y-%m-%d}", f"{dates.max():%Y-%m-%d}"


def _new_version() -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"v-{stamp}-{secrets.token_hex(4)}"


_FRAMES: dict[tuple[str, str], pd.DataFrame] = {}
_DECODE_ERRORS = (pa.ArrowException, ValueError, OSError, TypeError, KeyError, IndexError)


def _decode(name: str, path: Path, entry: ManifestEntry, data: bytes) -> pd.DataFrame:
    """Decoded and validated Parquet, cached by (path, sha256) so repeated queries skip both."""
    key = (str(path), entry.sha256)
    if key not in _FRAMES:
        fix = DATASETS[name].fix
        try:
            frame = pd.read_parquet(io.BytesIO(data), engine="pyarrow")
        except _DECODE_ERRORS as exc:
            raise StoreError(
                f"{path}: not a readable Parquet file ({type(exc).__name__}) although its "
                f"sha256 matches the manifest; {fix}"
            ) from None
        try:
            validate(name, frame)
        except DataError as exc:
            raise StoreError(f"{path}: {exc}; {fix}") from None
        if len(_FRAMES) >= 32:
            _FRAMES.pop(next(iter(_FRAMES)))
        _FRAMES[key] = frame
    frame = _FRAMES[key]
    if len(frame) != entry.rows:
        raise StoreError(
            f"{path}: {len(frame)} rows but the manifest says {entry.rows}; {DATASETS[name].fix}"
        )
    return frame.copy()


class Store:
    """The local data store at ``home`` (default :func:`store_home`).

    Parameters
    ----------
    home
        Directory of the store; created on first write.
    lock_timeout_s
        How long :meth:`write` waits for another writer, seconds.
    """

    def __init__(
        self, home: str | Path | None = None, *, lock_timeout_s: float = LOCK_TIMEOUT_S
    ) -> None:
        self.home = Path(home) if home is not None else store_home()
        self.lock_timeout_s = lock_timeout_s

    def __repr__(self) -> str:
        return f"Store({str(self.home)!r})"

    @property
    def manifest_path(self) -> Path:
        """Path of ``manifest.json``."""
        return self.home / MANIFEST

    def _load(self) -> Manifest | None:
        path = self.manifest_path
        try:
            text = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreError(f"{path}: cannot be read ({exc.strerror or exc})") from None
        return parse_manifest(text, str(path))

    def manifest(self) -> dict[str, ManifestEntry]:
        """Manifest entries by dataset name (empty when the store has none).

        Raises
        ------
        StoreError
            When ``manifest.json`` exists but is not a valid manifest; the message names the
            first key at fault.
        """
        loaded = self._load()
        return dict(loaded.datasets) if loaded is not None else {}

    def has(self, name: str) -> bool:
        """Whether dataset ``name`` is recorded in the manifest."""
        return name in self.manifest()

    def _path(self, manifest: Manifest, entry: ManifestEntry) -> Path:
        base = self.home / manifest.version if manifest.version else self.home
        return base / entry.file

    def path(self, name: str) -> Path:
        """Where dataset ``name``'s file is (in the current version directory)."""
        manifest = self._load()
        entry = manifest.datasets.get(name) if manifest else None
        if manifest is None or entry is None:
            raise StoreError(f"dataset {name!r} is not in the store at {self.home}; {_fix(name)}")
        return self._path(manifest, entry)

    def _bytes(self, name: str) -> tuple[Path, ManifestEntry, bytes]:
        """The dataset's file content, reading the manifest again if a writer replaced it."""
        seen: Manifest | None = None
        for _ in range(8):
            manifest = self._load()
            entry = manifest.datasets.get(name) if manifest else None
            if manifest is None or entry is None:
                raise StoreError(
                    f"dataset {name!r} is not in the store at {self.home}; {_fix(name)}"
                )
            path = self._path(manifest, entry)
            try:
                return path, entry, path.read_bytes()
            except OSError:
                if seen is not None and seen.version == manifest.version:
                    raise StoreError(
                        f"{path}: missing although the manifest lists it; {_fix(name)}"
                    ) from None
                seen = manifest  # a writer may have switched versions: read the manifest again
        raise StoreError(f"{self.home}: the store keeps changing while it is read; try again")

    def verify(self, name: str) -> bool:
        """Whether dataset ``name``'s file exists and matches its manifest sha256."""
        try:
            _, entry, data = self._bytes(name)
        except StoreError:
            return False
        return _sha256(data) == entry.sha256

    def read(self, name: str) -> pd.DataFrame:
        """Read dataset ``name`` after checking its sha256, its Parquet encoding and its rules.

        Raises
        ------
        StoreError
            When the dataset is not in the manifest, its file is missing, does not decode or
            fails validation.
        ChecksumError
            When the file no longer matches the manifest.
        """
        path, entry, data = self._bytes(name)
        actual = _sha256(data)
        if actual != entry.sha256:
            raise ChecksumError(
                f"{path}: sha256 {actual[:12]}... does not match the manifest "
                f"({entry.sha256[:12]}...); the file changed after it was written; {_fix(name)}"
            )
        return _decode(name, path, entry, data)

    # --- writing -----------------------------------------------------------------------------

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the writers' lock (waiting up to ``lock_timeout_s``).

        Raises
        ------
        StoreError
            When another writer holds it for longer than ``lock_timeout_s``.
        """
        self.home.mkdir(parents=True, exist_ok=True)
        lock = filelock.FileLock(str(self.home / LOCK), timeout=self.lock_timeout_s)
        try:
            lock.acquire()
        except filelock.Timeout:
            raise StoreError(
                f"{self.home}: another cardtable process has been writing the store for more "
                f"than {self.lock_timeout_s:g} s; try again when it has finished"
            ) from None
        try:
            yield
        finally:
            lock.release()

    def _leftovers(self, manifest: Manifest | None) -> list[Path]:
        """Files and directories no manifest names, left by interrupted writes."""
        if not self.home.is_dir():
            return []
        version = manifest.version if manifest is not None else None
        legacy = {s.filename for s in DATASETS.values()} if version else set()
        out = []
        for p in sorted(self.home.iterdir()):
            if p.name == version:
                continue
            if (
                (is_version_dir(p.name) and p.is_dir())
                or (is_temporary(p.name) and p.is_file())
                or (p.name in legacy and p.is_file())
            ):
                out.append(p)
        return out

    def _clean(self, manifest: Manifest | None) -> None:
        for p in self._leftovers(manifest):
            if p.is_dir():
                shutil.rmtree(p, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    p.unlink()

    def write(self, datasets: Iterable[NewDataset]) -> list[ManifestEntry]:
        """Validate every dataset, then publish a new version of the store atomically.

        Nothing is written unless every dataset passes validation; datasets already in the store
        and not given are kept (copied into the new version).

        Parameters
        ----------
        datasets
            Parsed frames with their provenance.

        Returns
        -------
        list of ManifestEntry
            The new manifest entries, in the order given.

        Raises
        ------
        DataError
            When a frame fails validation (nothing is written).
        StoreError
            When the directory cannot be written, the current manifest is not valid, or another
            writer holds the lock for longer than ``lock_timeout_s``.
        """
        items = list(datasets)
        for item in items:
            if item.name not in DATASETS:
                raise StoreError(
                    f"dataset {item.name!r} is not allowed; known: {', '.join(DATASETS)}"
                )
            try:
                validate(item.name, item.frame)
            except DataError as exc:
                raise DataError(f"{exc}; nothing was written to {self.home}") from None
        blobs: dict[str, tuple[NewDataset, bytes]] = {}
        for item in items:
            buf = io.BytesIO()
            item.frame.reset_index(drop=True).to_parquet(buf, index=False, engine="pyarrow")
            blobs[item.name] = (item, buf.getvalue())
        try:
            with self.lock():
                return self._publish(items, blobs)
        except OSError as exc:
            raise StoreError(
                f"cannot write the store at {self.home} ({exc.strerror or exc}); "
                f"set {ENV_HOME} to a writable directory"
            ) from None

    def _publish(
        self, items: list[NewDataset], blobs: dict[str, tuple[NewDataset, bytes]]
    ) -> list[ManifestEntry]:
        """Under the lock: write a fresh version directory, switch the manifest, clean up."""
        old = self._load()
        self._clean(old)
        version = _new_version()
        directory = self.home / version
        directory.mkdir()
        datasets: dict[str, ManifestEntry] = {}
        try:
            if old is not None:  # keep what this write does not replace
                for name, entry in old.datasets.items():
                    if name in blobs:
                        continue
                    with contextlib.suppress(FileNotFoundError):  # stays listed, as missing
                        write_synced(directory / entry.file, self._path(old, entry).read_bytes())
                    datasets[name] = entry
            for name, (item, data) in blobs.items():
                spec = DATASETS[name]
                write_synced(directory / spec.filename, data)
                first, last = _coverage(item.frame)
                datasets[name] = ManifestEntry(
                    dataset=name,
                    file=spec.filename,
                    source=item.source,
                    origin=item.origin,
                    retrieved_at=item.retrieved_at,
                    vintage=item.vintage,
                    first=first,
                    last=last,
                    rows=len(item.frame),
                    sha256=_sha256(data),
                    note=item.note,
                )
            fsync_dir(directory)
            fsync_dir(self.home)
            new = Manifest(format=FORMAT, version=version, datasets=datasets)
            atomic_write(self.manifest_path, render_manifest(new))  # the switch
        except BaseException:
            shutil.rmtree(directory, ignore_errors=True)
            raise
        self._clean(new)
        return [datasets[item.name] for item in items]

    # --- checking ----------------------------------------------------------------------------

    def check(self) -> StoreCheck:
        """Everything amiss in the store: manifest schema, missing, changed or unreadable
        files, and leftovers of interrupted writes.

        Reads (and so validates) every dataset. Never raises for a damaged store.
        """
        found = self.manifest_path.is_file()
        problems: list[str] = []
        rows: list[tuple[ManifestEntry, str | None]] = []
        manifest: Manifest | None = None
        try:
            manifest = self._load()
        except StoreError as exc:
            problems.append(str(exc))
        if manifest is not None:
            for name, entry in manifest.datasets.items():
                try:
                    self.read(name)
                    problem = None
                except DataError as exc:
                    problem = str(exc)
                    problems.append(problem)
                rows.append((entry, problem))
        writing, leftovers = self._probe(manifest if not problems else None)
        return StoreCheck(found, tuple(rows), tuple(problems), leftovers, writing)

    def _probe(self, manifest: Manifest | None) -> tuple[bool, tuple[str, ...]]:
        """(another writer active, leftovers) without waiting for the lock."""
        if not self.home.is_dir():
            return False, ()
        if manifest is None and self.manifest_path.is_file():
            return False, ()  # damaged manifest: do not guess what is unreferenced
        lock = filelock.FileLock(str(self.home / LOCK), timeout=0)
        try:
            lock.acquire()
        except filelock.Timeout:
            return True, ()
        except OSError:  # a read-only store: nobody can be writing it
            return False, tuple(p.name for p in self._leftovers(manifest))
        try:
            return False, tuple(p.name for p in self._leftovers(manifest))
        finally:
            lock.release()


def _fix(name: str) -> str:
    spec = DATASETS.get(name)
    return spec.fix if spec else "run 'cardtable data import DIR'"

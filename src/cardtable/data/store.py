"""The local data store: one Parquet file per dataset plus ``manifest.json``.

Location: ``$CARDTABLE_HOME`` when set, otherwise ``platformdirs.user_data_dir("cardtable")``.

Writes are atomic: every frame is validated first, then each file is written to a temporary file
in the same directory, flushed, fsynced and renamed over the old one (``os.replace``); the
manifest is rewritten the same way after the data files. A crash between the two leaves a file
whose sha256 no longer matches the manifest, which reading reports as
:class:`~cardtable.errors.ChecksumError` with the command that repairs it.

``manifest.json``::

    {"format": 1,
     "datasets": {"<name>": {"dataset", "file", "source", "origin", "retrieved_at",
                             "vintage", "first", "last", "rows", "sha256", "note"}}}
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import platformdirs

from cardtable.data._validate import validate
from cardtable.data.loaders.fred import FRED_SERIES
from cardtable.errors import ChecksumError, DataError, StoreError

__all__ = [
    "DATASETS",
    "ENV_HOME",
    "MANIFEST",
    "DatasetSpec",
    "ManifestEntry",
    "NewDataset",
    "Store",
    "store_home",
]

#: Environment variable that overrides the store location.
ENV_HOME = "CARDTABLE_HOME"
#: Manifest file name.
MANIFEST = "manifest.json"
_FORMAT = 1

Origin = Literal["download", "import"]


@dataclass(frozen=True)
class DatasetSpec:
    """A dataset the store can hold.

    Attributes
    ----------
    name
        Dataset (and file stem) name.
    description
        What it holds.
    update_source
        The ``cardtable data update --source`` that refreshes it; None when only
        ``cardtable data import`` can.
    """

    name: str
    description: str
    update_source: str | None

    @property
    def filename(self) -> str:
        """Parquet file name."""
        return f"{self.name}.parquet"

    @property
    def fix(self) -> str:
        """The command(s) that refill the dataset."""
        update = (
            f"'cardtable data update --source {self.update_source}' or "
            if self.update_source
            else ""
        )
        return f"run {update}'cardtable data import DIR'"


DATASETS: dict[str, DatasetSpec] = {
    s.name: s
    for s in (
        DatasetSpec(
            "tic_holders",
            "TIC major foreign holders of Treasury securities by month, USD bn",
            "tic",
        ),
        *(
            DatasetSpec(f"fred_{sid}", f"FRED {sid} daily ({unit})", "fred")
            for sid, unit in FRED_SERIES.items()
        ),
        DatasetSpec(
            "mspd", "MSPD marketable debt by type held by the public, USD bn", "fiscaldata"
        ),
        DatasetSpec("par_yield_curve", "Treasury daily par yield curve, percent", None),
    )
}


def store_home() -> Path:
    """The store directory: ``$CARDTABLE_HOME`` or the user data directory."""
    env = os.environ.get(ENV_HOME)
    return Path(env).expanduser() if env else Path(platformdirs.user_data_dir("cardtable"))


@dataclass(frozen=True)
class ManifestEntry:
    """What the manifest records about one dataset."""

    dataset: str
    file: str
    source: str
    origin: str
    retrieved_at: str
    vintage: str
    first: str
    last: str
    rows: int
    sha256: str
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The manifest JSON object."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ManifestEntry:
        """Read one manifest object (unknown keys ignored)."""
        names = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in names})


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


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _coverage(frame: pd.DataFrame) -> tuple[str, str]:
    if "month" in frame.columns:
        months = frame["month"].astype(str)
        return str(months.min()), str(months.max())
    dates = pd.to_datetime(frame["date"])
    return f"{dates.min():%Y-%m-%d}", f"{dates.max():%Y-%m-%d}"


def _file_mode() -> int:
    """0o666 less the process umask: what ``open()`` would give a new file."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(tmp, _file_mode())  # mkstemp creates 0o600
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):  # directory fsync is not available everywhere
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


_FRAMES: dict[tuple[str, str], pd.DataFrame] = {}


def _decode(path: Path, sha256: str, data: bytes) -> pd.DataFrame:
    """Decoded Parquet, cached by (path, sha256) so repeated queries skip decoding."""
    key = (str(path), sha256)
    if key not in _FRAMES:
        if len(_FRAMES) >= 32:
            _FRAMES.pop(next(iter(_FRAMES)))
        _FRAMES[key] = pd.read_parquet(io.BytesIO(data))
    return _FRAMES[key].copy()


class Store:
    """The local data store at ``home`` (default :func:`store_home`).

    Parameters
    ----------
    home
        Directory of the store; created on first write.
    """

    def __init__(self, home: str | Path | None = None) -> None:
        self.home = Path(home) if home is not None else store_home()

    def __repr__(self) -> str:
        return f"Store({str(self.home)!r})"

    @property
    def manifest_path(self) -> Path:
        """Path of ``manifest.json``."""
        return self.home / MANIFEST

    def manifest(self) -> dict[str, ManifestEntry]:
        """Manifest entries by dataset name (empty when the store has none).

        Raises
        ------
        StoreError
            When ``manifest.json`` exists but is not a valid manifest.
        """
        path = self.manifest_path
        if not path.is_file():
            return {}
        try:
            payload = json.loads(path.read_text(encoding="utf-8"))
            return {
                name: ManifestEntry.from_dict(entry) for name, entry in payload["datasets"].items()
            }
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise StoreError(
                f"{path}: not a valid cardtable manifest ({type(exc).__name__}); "
                "delete it and run 'cardtable data import DIR' or 'cardtable data update'"
            ) from None

    def has(self, name: str) -> bool:
        """Whether dataset ``name`` is recorded in the manifest."""
        return name in self.manifest()

    def _entry(self, name: str) -> ManifestEntry:
        entry = self.manifest().get(name)
        if entry is None:
            spec = DATASETS.get(name)
            fix = spec.fix if spec else "run 'cardtable data import DIR'"
            raise StoreError(f"dataset {name!r} is not in the store at {self.home}; {fix}")
        return entry

    def verify(self, name: str) -> bool:
        """Whether dataset ``name``'s file exists and matches its manifest sha256."""
        entry = self._entry(name)
        path = self.home / entry.file
        try:
            return _sha256(path.read_bytes()) == entry.sha256
        except OSError:
            return False

    def read(self, name: str) -> pd.DataFrame:
        """Read dataset ``name`` after checking its sha256.

        Raises
        ------
        StoreError
            When the dataset is not in the manifest or its file is missing.
        ChecksumError
            When the file no longer matches the manifest.
        """
        entry = self._entry(name)
        spec = DATASETS.get(name)
        fix = spec.fix if spec else "run 'cardtable data import DIR'"
        path = self.home / entry.file
        try:
            data = path.read_bytes()
        except OSError:
            raise StoreError(f"{path}: missing although the manifest lists it; {fix}") from None
        actual = _sha256(data)
        if actual != entry.sha256:
            raise ChecksumError(
                f"{path}: sha256 {actual[:12]}... does not match the manifest "
                f"({entry.sha256[:12]}...); the file changed after it was written; {fix}"
            )
        return _decode(path, actual, data)

    def write(self, datasets: Iterable[NewDataset]) -> list[ManifestEntry]:
        """Validate every dataset, then write them and the manifest atomically.

        Nothing is written unless every dataset passes validation.

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
            When the directory cannot be written.
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
        blobs: list[tuple[NewDataset, bytes]] = []
        for item in items:
            buf = io.BytesIO()
            item.frame.reset_index(drop=True).to_parquet(buf, index=False, engine="pyarrow")
            blobs.append((item, buf.getvalue()))
        manifest = self.manifest()
        entries: list[ManifestEntry] = []
        try:
            self.home.mkdir(parents=True, exist_ok=True)
            for item, data in blobs:
                spec = DATASETS[item.name]
                _atomic_write(self.home / spec.filename, data)
                first, last = _coverage(item.frame)
                entry = ManifestEntry(
                    dataset=item.name,
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
                manifest[item.name] = entry
                entries.append(entry)
            payload = {
                "format": _FORMAT,
                "datasets": {k: manifest[k].to_dict() for k in sorted(manifest)},
            }
            text = json.dumps(payload, indent=2, sort_keys=False) + "\n"
            _atomic_write(self.manifest_path, text.encode("utf-8"))
        except OSError as exc:
            raise StoreError(
                f"cannot write the store at {self.home} ({exc.strerror or exc}); "
                f"set {ENV_HOME} to a writable directory"
            ) from None
        return entries

"""The store's datasets and its ``manifest.json``: what it may hold, its schema, reading and
writing it.

``manifest.json`` (format 2; format 1, written by cardtable <= 0.1, has no ``version`` and keeps
the files beside the manifest)::

    {"format": 2,
     "version": "v-20261201T080000Z-1a2b3c4d",
     "datasets": {"<name>": {"dataset", "file", "source", "origin", "retrieved_at",
                             "vintage", "first", "last", "rows", "sha256", "note"}}}

Every key is checked on read with strict types (no coercion: ``"rows": "12"`` is refused); a
manifest that fails gives one :class:`~cardtable.errors.StoreError` line naming the key.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from cardtable.data.loaders.fred import FRED_SERIES
from cardtable.errors import StoreError

__all__ = [
    "DATASETS",
    "FORMAT",
    "MANIFEST",
    "DatasetSpec",
    "Manifest",
    "ManifestEntry",
    "Origin",
    "is_version_dir",
    "parse_manifest",
    "render_manifest",
]

#: Manifest file name.
MANIFEST = "manifest.json"
#: Manifest format written.
FORMAT = 2

Origin = Literal["download", "import"]

# Patterns for pydantic (Rust regex: ``$`` is the end of the text) and for Python's re.
_VERSION = r"^v-[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}$"
_VERSION_RE = re.compile(_VERSION.removesuffix("$") + r"\Z")
_FIX = "run 'cardtable data import DIR' or 'cardtable data update' to write a new one"


def is_version_dir(name: str) -> bool:
    """Whether ``name`` is a version directory name (``v-<UTC stamp>-<8 hex>``)."""
    return _VERSION_RE.match(name) is not None


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
        """Read one manifest object, checked against the schema (unknown keys ignored).

        Raises
        ------
        StoreError
            Naming the first key whose value is missing or of the wrong type.
        """
        try:
            checked = _EntrySchema.model_validate(data)
        except ValidationError as exc:
            raise StoreError(f"manifest entry: {_first_error(exc)}") from None
        return cls(**checked.model_dump())


@dataclass(frozen=True)
class Manifest:
    """A whole manifest: its format, the version directory (None for format 1), the entries."""

    format: int
    version: str | None
    datasets: dict[str, ManifestEntry]


_Text = Annotated[str, Field(max_length=10_000)]


class _EntrySchema(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore", frozen=True)

    dataset: _Text
    file: Annotated[str, Field(pattern=r"^[A-Za-z0-9_]+\.parquet$")]
    source: _Text
    origin: Origin
    retrieved_at: _Text
    vintage: _Text
    first: _Text
    last: _Text
    rows: Annotated[int, Field(ge=1)]
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    note: _Text = ""


class _ManifestSchema(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore", frozen=True)

    format: Literal[1, 2]
    version: Annotated[str, Field(pattern=_VERSION)] | None = None
    datasets: dict[str, _EntrySchema]


def _first_error(exc: ValidationError) -> str:
    err = exc.errors(include_url=False)[0]
    key = ".".join(str(part) for part in err["loc"]) or "(top level)"
    shown = repr(err.get("input"))
    if len(shown) > 60:
        shown = shown[:57] + "..."
    if err["type"] == "missing":
        return f"key {key} is missing"
    return f"key {key} = {shown} is not allowed; {err['msg'].lower()}"


def parse_manifest(data: bytes | str, where: str = MANIFEST) -> Manifest:
    """Check and read a manifest.

    Parameters
    ----------
    data
        The JSON text.
    where
        The file, for messages.

    Returns
    -------
    Manifest

    Raises
    ------
    StoreError
        One line naming the first key at fault and the fix.
    """

    def fail(problem: str) -> StoreError:
        return StoreError(f"{where}: not a valid cardtable manifest: {problem}; {_FIX}")

    try:
        payload = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise fail(f"not JSON ({type(exc).__name__})") from None
    if not isinstance(payload, dict):
        raise fail(f"the top level is a JSON {type(payload).__name__}; expected an object")
    try:
        checked = _ManifestSchema.model_validate(payload)
    except ValidationError as exc:
        raise fail(_first_error(exc)) from None
    if checked.format == 2 and checked.version is None:
        raise fail("key version is missing (required by format 2)")
    datasets: dict[str, ManifestEntry] = {}
    for name, entry in checked.datasets.items():
        spec = DATASETS.get(name)
        if spec is None:
            raise fail(f"key datasets.{name} is not a dataset; known: {', '.join(DATASETS)}")
        if entry.dataset != name:
            raise fail(
                f"key datasets.{name}.dataset = {entry.dataset!r} is not allowed; expected {name!r}"
            )
        if entry.file != spec.filename:
            raise fail(
                f"key datasets.{name}.file = {entry.file!r} is not allowed; "
                f"expected {spec.filename!r}"
            )
        datasets[name] = ManifestEntry(**entry.model_dump())
    return Manifest(checked.format, checked.version, datasets)


def render_manifest(manifest: Manifest) -> str:
    """The JSON text of ``manifest`` (datasets sorted by name)."""
    payload: dict[str, Any] = {"format": manifest.format}
    if manifest.version is not None:
        payload["version"] = manifest.version
    payload["datasets"] = {k: manifest.datasets[k].to_dict() for k in sorted(manifest.datasets)}
    return json.dumps(payload, indent=2) + "\n"

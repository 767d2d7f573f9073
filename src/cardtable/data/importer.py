"""Fill the local store from official-format files on disk (``cardtable data import DIR``).

Recognised below ``DIR`` (anything under a ``processed/`` directory is ignored):

==========================================  ==================  ===============================
file                                        format              dataset
==========================================  ==================  ===============================
``tic/mfhhis01.txt`` (or ``mfhhis01.txt``    TIC history         ``tic_holders``
anywhere; ``mfh.txt`` beside it is laid
over it)
``fred/<SERIES>.csv``                       FRED graph CSV      ``fred_<SERIES>`` (DGS2, DGS5,
                                                                DGS10, DGS30, DEXJPUS, DTWEXBGS)
``fiscaldata/mspd_summary.csv`` (or         MSPD table 1        ``mspd``
``.json``)
``treasury/daily_par_yield_curve.csv``      par yield curve     ``par_yield_curve``
==========================================  ==================  ===============================

Every file is parsed and every dataset validated before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cardtable.data._datasets import fred_dataset, mspd_dataset, par_yield_dataset, tic_dataset
from cardtable.data.loaders.fiscaldata import read_mspd
from cardtable.data.loaders.fred import FRED_SERIES, read_fred
from cardtable.data.loaders.tic import read_mfh, read_mfhhis
from cardtable.data.loaders.treasury import read_par_yield_curve
from cardtable.data.store import ManifestEntry, NewDataset, Store
from cardtable.errors import InputError, ParseError

__all__ = ["ImportReport", "import_dir"]

_IGNORED_DIRS = frozenset({"processed"})


@dataclass(frozen=True)
class ImportReport:
    """What an import wrote and what it left aside.

    Attributes
    ----------
    entries
        Manifest entries of the datasets written.
    skipped
        Files seen but not imported, each with the reason.
    """

    entries: tuple[ManifestEntry, ...]
    skipped: tuple[str, ...] = ()


def _files(root: Path) -> list[Path]:
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and not _IGNORED_DIRS.intersection(p.relative_to(root).parts[:-1])
    )


def _pick(found: list[Path], preferred: Path) -> Path | None:
    if not found:
        return None
    return preferred if preferred in found else found[0]


def import_dir(directory: str | Path, *, store: Store | None = None) -> ImportReport:
    """Import official-format files found below ``directory`` into the store.

    Every file is checked against its official format and for plausibility (see
    :mod:`cardtable.data.loaders`): headers, month order, number formats, ranges, totals against
    the sum of their rows, and a FRED file's series against its file name. A file that fails
    stops the import with a :class:`~cardtable.errors.ParseError` naming the file, the line and
    the rule, and nothing is written.

    Parameters
    ----------
    directory
        Directory holding the files (layout in the module docstring).
    store
        Target store (default: :func:`~cardtable.data.store.store_home`).

    Returns
    -------
    ImportReport

    Raises
    ------
    InputError
        (field ``directory``) When ``directory`` is not a directory or holds no recognised
        file.
    ParseError
        When a recognised file cannot be parsed or fails a rule of its format (nothing is
        written).
    DataError
        When a dataset fails validation (nothing is written).
    """
    root = Path(directory).expanduser()
    if not root.is_dir():
        raise InputError(
            "directory", str(directory), "an existing directory of official-format files"
        )
    root = root.resolve()
    files = _files(root)
    datasets: list[NewDataset] = []
    skipped: list[str] = []

    history = _pick([f for f in files if f.name == "mfhhis01.txt"], root / "tic" / "mfhhis01.txt")
    if history is not None:
        current_path = history.parent / "mfh.txt"
        current = read_mfh(current_path) if current_path.is_file() else None
        source = str(history) + (f" + {current_path}" if current is not None else "")
        datasets.append(tic_dataset(read_mfhhis(history), current, source, "import"))

    for f in files:
        if f.parent.name != "fred" or f.suffix.lower() != ".csv":
            continue
        frame = read_fred(f)
        series = str(frame["series_id"].iloc[0])
        if series != f.stem:
            raise ParseError(
                f"{f} line 1: the header names series {series!r} but the file is {f.name}; "
                f"allowed: a FRED file named after its series ({series}.csv)"
            )
        if series not in FRED_SERIES:
            skipped.append(f"{f}: FRED series {series} is not one cardtable uses")
            continue
        datasets.append(fred_dataset(frame, str(f), "import"))

    mspd = _pick(
        [f for f in files if f.parent.name == "fiscaldata" and f.stem == "mspd_summary"],
        root / "fiscaldata" / "mspd_summary.csv",
    )
    if mspd is not None:
        datasets.append(mspd_dataset(read_mspd(mspd), str(mspd), "import"))

    curve = _pick(
        [f for f in files if f.name == "daily_par_yield_curve.csv"],
        root / "treasury" / "daily_par_yield_curve.csv",
    )
    if curve is not None:
        datasets.append(par_yield_dataset(read_par_yield_curve(curve), str(curve), "import"))

    if not datasets:
        raise InputError(
            "directory",
            str(directory),
            "a directory holding tic/mfhhis01.txt, fred/<SERIES>.csv, "
            "fiscaldata/mspd_summary.csv or treasury/daily_par_yield_curve.csv",
        )
    names = [d.name for d in datasets]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise InputError(
            "directory",
            str(directory),
            f"one file per dataset; {dup[0]} is given by more than one file",
        )
    entries = (store or Store()).write(datasets)
    return ImportReport(tuple(entries), tuple(skipped))

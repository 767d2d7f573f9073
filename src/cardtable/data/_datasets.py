"""Turn parsed official files into store datasets with their provenance (shared by
:mod:`cardtable.data.update` and :mod:`cardtable.data.importer`)."""

from __future__ import annotations

import pandas as pd

from cardtable.data.loaders.tic import TicTable, combine
from cardtable.data.store import NewDataset, Origin

__all__ = ["fred_dataset", "mspd_dataset", "par_yield_dataset", "tic_dataset"]


def tic_dataset(
    history: TicTable, current: TicTable | None, source: str, origin: Origin, note: str = ""
) -> NewDataset:
    """``tic_holders`` from ``mfhhis01.txt`` and, when given, ``mfh.txt`` laid over it."""
    table = combine(history, current) if current is not None else history
    return NewDataset("tic_holders", table.frame, source, origin, table.vintage, note)


def _last_date(frame: pd.DataFrame) -> str:
    return f"{pd.to_datetime(frame['date']).max():%Y-%m-%d}"


def fred_dataset(frame: pd.DataFrame, source: str, origin: Origin) -> NewDataset:
    """``fred_<SERIES>``; FRED publishes no vintage, so the last observation date stands in."""
    series = str(frame["series_id"].iloc[0])
    return NewDataset(f"fred_{series}", frame, source, origin, _last_date(frame))


def mspd_dataset(frame: pd.DataFrame, source: str, origin: Origin) -> NewDataset:
    """``mspd``; vintage is the last record date."""
    return NewDataset("mspd", frame, source, origin, str(frame["record_date"].max()))


def par_yield_dataset(frame: pd.DataFrame, source: str, origin: Origin) -> NewDataset:
    """``par_yield_curve``; vintage is the last date."""
    return NewDataset("par_yield_curve", frame, source, origin, _last_date(frame))

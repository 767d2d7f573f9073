"""``--out DIR``: a result as JSON, Parquet (provenance in its metadata), CSV, the scenario's
TOML, a provenance file and the HTML report; optionally an Excel workbook (extra ``xlsx``).

Every file is written atomically with mode 0644.
"""

from __future__ import annotations

import csv
import importlib.util
import json
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from cardtable.errors import InputError
from cardtable.report._api import (
    CoalitionResult,
    ScenarioNegotiation,
    ScenarioSource,
    SimulationResult,
)
from cardtable.report._build import provenance, report_of
from cardtable.report._files import write_bytes, write_parquet, write_with
from cardtable.views._frames import (
    coalition_summary_frame,
    negotiation_summary_frame,
    paths_frame,
    simulation_summary_frame,
)

__all__ = ["export"]

Result = SimulationResult | ScenarioNegotiation | CoalitionResult


#: Rows formatted at a time by :func:`_float_csv`.
_CSV_BLOCK_ROWS = 2048


def _csv(path: Path, frame: pd.DataFrame, index: bool) -> Path:
    """Streamed into the temporary file (the text of 100,000 draws is 175 MB: held as a
    string and then as bytes it took 350 MB more memory). A table of float64 columns without
    its index (the draws of a simulation) goes through :func:`_float_csv`, the same bytes as
    pandas' writer in about three quarters of the time."""
    if not index and len(frame.columns) and all(t == np.float64 for t in frame.dtypes):
        return write_with(path, lambda tmp: _float_csv(frame, tmp))
    return write_with(path, lambda tmp: frame.to_csv(tmp, index=index, encoding="utf-8"))


def _float_csv(frame: pd.DataFrame, path: Path) -> None:
    """``frame.to_csv(path, index=False)`` for float64 columns, byte for byte: each number is
    written as Python's ``repr`` (the shortest text that reads back to the same double, which
    is what pandas writes), NaN as an empty field, rows by blocks through the csv module."""
    columns = [frame[c].to_numpy() for c in frame.columns]
    n = len(frame)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow([str(c) for c in frame.columns])
        for a in range(0, n, _CSV_BLOCK_ROWS):
            b = min(a + _CSV_BLOCK_ROWS, n)
            texts = []
            for values in columns:
                block = values[a:b]
                text = list(map(repr, block.tolist()))
                for i in np.flatnonzero(np.isnan(block)).tolist():
                    text[i] = ""
                texts.append(text)
            out.writerows(zip(*texts, strict=True))


def _xlsx(path: Path, sheets: Mapping[str, tuple[pd.DataFrame, bool]]) -> Path:
    if importlib.util.find_spec("openpyxl") is None:
        raise InputError("xlsx", True, "needs the optional extra: pip install 'cardtable[xlsx]'")

    def writer(tmp: Path) -> None:
        with pd.ExcelWriter(tmp, engine="openpyxl") as xl:
            for name, (frame, index) in sheets.items():
                frame.to_excel(xl, sheet_name=name[:31], index=index)

    return write_with(path, writer)


def export(
    out_dir: str | Path,
    result: Result,
    *,
    source: ScenarioSource | None = None,
    command: str = "",
    xlsx: bool = False,
    report: bool = True,
) -> list[Path]:
    """Write a result's files into ``out_dir``.

    Files: ``result.json`` (the documented JSON plus ``provenance``), ``provenance.json``,
    ``summary.csv`` (one row per output), ``draws.parquet``/``draws.csv`` (one row per draw;
    coalition: one row per holder), for simulations ``paths.parquet``/``paths.csv`` (quantile
    paths on trading dates with levels), ``scenario.toml`` when the result comes from a
    scenario, ``report.html`` unless ``report`` is False, and ``result.xlsx`` when ``xlsx``.

    Returns
    -------
    list of Path
        The files written.
    """
    out = Path(out_dir)
    prov = provenance(source=source, result=result, command=command)
    payload = {**result.to_dict(), "provenance": prov}
    written = [
        write_bytes(out / "result.json", json.dumps(payload, indent=2, default=str).encode()),
        write_bytes(out / "provenance.json", json.dumps(prov, indent=2, default=str).encode()),
    ]
    sheets: dict[str, tuple[pd.DataFrame, bool]] = {}
    if isinstance(result, SimulationResult):
        summary, draws = simulation_summary_frame(result), result.to_frame(copy=False)
        paths = paths_frame(result)
        written += [
            write_parquet(paths, out / "paths.parquet", prov, index=True),
            _csv(out / "paths.csv", paths, True),
        ]
        sheets["paths"] = (paths, True)
    elif isinstance(result, ScenarioNegotiation):
        summary, draws = negotiation_summary_frame(result), result.to_frame().reset_index()
    else:
        summary, draws = coalition_summary_frame(result), result.to_frame()
    written += [
        _csv(out / "summary.csv", summary, True),
        write_parquet(draws, out / "draws.parquet", prov),
        _csv(out / "draws.csv", draws, False),
    ]
    sheets = {"summary": (summary, True), **sheets, "draws": (draws, False)}
    if source is not None:
        written.append(write_bytes(out / "scenario.toml", source.toml.encode("utf-8")))
    if report:
        html = report_of(result, source=source, command=command)
        written.append(write_bytes(out / "report.html", html.encode("utf-8")))
    if xlsx:
        written.append(_xlsx(out / "result.xlsx", sheets))
    return written

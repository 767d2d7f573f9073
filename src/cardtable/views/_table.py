"""Plain HTML tables of frames (notebook views and the report share them)."""

from __future__ import annotations

from html import escape
from typing import Any

import pandas as pd

__all__ = ["table_html"]


def _cell(v: Any) -> str:
    if isinstance(v, float):
        return f'<td class="n">{"" if v != v else f"{v:,.4g}"}</td>'
    if isinstance(v, int) and not isinstance(v, bool):
        return f'<td class="n">{v:,}</td>'
    return f"<td>{escape(str(v))}</td>"


def table_html(frame: pd.DataFrame, *, index: bool = True, table_id: str = "") -> str:
    """A plain HTML table of ``frame`` (numbers right-aligned, 4 significant digits)."""
    cols = ([str(frame.index.name or "")] if index else []) + [str(c) for c in frame.columns]
    attr = f' id="{escape(table_id)}"' if table_id else ""
    head = "".join(f"<th>{escape(c)}</th>" for c in cols)
    rows = []
    for idx, row in zip(frame.index, frame.itertuples(index=False), strict=True):
        cells = ([_cell(idx)] if index else []) + [_cell(v) for v in row]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table{attr}><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"

"""``cardtable serve``: a JSON API over the simulation library and a browser app (holders
explorer, scenario editor, side-by-side comparison) drawn with the plotly.js shipped in the
``plotly`` package; no CDN at run time."""

from __future__ import annotations

from cardtable.web._app import create_app
from cardtable.web._limits import ServerLimits

__all__ = ["ServerLimits", "create_app"]

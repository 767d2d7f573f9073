"""Presentation of results: fan charts (SVG). Formats result objects, never recomputes."""

from __future__ import annotations

from cardtable.report._svg import fan_chart_svg, nice_ticks, result_charts, write_charts

__all__ = ["fan_chart_svg", "nice_ticks", "result_charts", "write_charts"]

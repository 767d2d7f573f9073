"""JSON output: the one serialiser of every result. Non-finite numbers never leave the program:
a NaN (a quantity that does not exist in any draw, e.g. the deal tariff when no draw agrees)
becomes ``null``; an infinity is a bug and raises."""

from __future__ import annotations

import json
import math
from typing import Any

from cardtable.errors import ModelError

__all__ = ["dumps", "finite"]


def finite(obj: Any, path: str = "$") -> Any:
    """``obj`` with NaN replaced by None; raises :class:`ModelError` on an infinity."""
    if isinstance(obj, float):
        if math.isnan(obj):
            return None
        if math.isinf(obj):
            raise ModelError(f"{path}: infinite value in a result")
        return obj
    if isinstance(obj, dict):
        return {k: finite(v, f"{path}.{k}") for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [finite(v, f"{path}[{i}]") for i, v in enumerate(obj)]
    return obj


def dumps(obj: Any, indent: int | None = 2) -> str:
    """``obj`` as strict JSON (``allow_nan=False``) after :func:`finite`."""
    return json.dumps(finite(obj), indent=indent, allow_nan=False)

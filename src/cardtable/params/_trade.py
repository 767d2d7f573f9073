"""Parameters of the `trade` model part (see docs/model.md)."""

from __future__ import annotations

from cardtable.params._registry import Parameter

PARAMETERS: tuple[Parameter, ...] = ()

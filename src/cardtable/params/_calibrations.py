"""Named calibrations (overrides of the parameter tables)."""

from __future__ import annotations

from cardtable.params._registry import Calibration

CALIBRATIONS: tuple[Calibration, ...] = (
    Calibration(
        name="default",
        description="Central values of every parameter table.",
        source="see each parameter's source",
    ),
)

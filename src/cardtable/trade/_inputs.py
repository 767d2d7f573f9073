"""Tariff inputs of the trade model: tariffs after the change, the baseline, the elasticity."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import numpy as np

from cardtable._typing import FloatArray
from cardtable.errors import InputError, UnknownNameError
from cardtable.trade._facts import HOLDER_EXPORT_SECTORS, canonical_holder, sector_flows
from cardtable.trade._tariffs import tariffs_at

__all__ = ["Horizon", "TariffInput"]

Horizon = Literal["first_year", "long_run"]
TariffInput = Mapping[str, float | FloatArray] | float | FloatArray


def _sector_tariffs(
    tariffs: TariffInput, sectors: tuple[str, ...], baseline: Mapping[str, float]
) -> dict[str, float | FloatArray]:
    if isinstance(tariffs, Mapping):
        unknown = set(tariffs) - set(sectors)
        if unknown:
            raise UnknownNameError("tariffs_pct", sorted(unknown)[0], sectors, "sector")
        return {s: tariffs.get(s, baseline[s]) for s in sectors}
    level = np.asarray(tariffs, dtype=np.float64)
    if level.ndim > 1:
        raise InputError("tariffs_pct", level.shape, "a scalar, a grid (G,) or sector -> rate")
    value: float | FloatArray = float(level) if level.ndim == 0 else level
    return {s: value for s in sectors}


def _baseline(holder: str, baseline: Mapping[str, float] | None) -> dict[str, float]:
    if baseline is not None:
        missing = set(HOLDER_EXPORT_SECTORS) - set(baseline)
        unknown = set(baseline) - set(HOLDER_EXPORT_SECTORS)
        if unknown:
            raise UnknownNameError(
                "baseline_tariffs_pct", sorted(unknown)[0], HOLDER_EXPORT_SECTORS, "sector"
            )
        if missing:
            raise InputError("baseline_tariffs_pct", sorted(missing), "a rate for every sector")
        return {s: float(baseline[s]) for s in HOLDER_EXPORT_SECTORS}
    try:
        return tariffs_at(holder, "2025-01-01")
    except UnknownNameError:
        raise InputError(
            "baseline_tariffs_pct",
            None,
            f"{holder} has no bundled tariff timeline: pass its baseline tariffs by sector",
        ) from None


def _prepare(
    holder: str,
    tariffs_pct: TariffInput,
    baseline_tariffs_pct: Mapping[str, float] | None,
    year: int,
    horizon: Horizon,
) -> tuple[str, dict[str, float], dict[str, float], dict[str, float | FloatArray], str, int]:
    """Holder name, sector flows, tariffs before and after, elasticity name, grid size."""
    name = canonical_holder(holder)
    flows = sector_flows(name, "holder_exports_to_us", year)
    base = _baseline(name, baseline_tariffs_pct)
    after = _sector_tariffs(tariffs_pct, tuple(flows), base)
    if horizon == "first_year":
        eps_name = "import_demand_elasticity_sr"
    elif horizon == "long_run":
        eps_name = "import_demand_elasticity_lr"
    else:
        raise InputError("horizon", horizon, "'first_year' or 'long_run'")
    grid_size = max((np.size(v) for v in after.values() if np.ndim(v) == 1), default=0)
    return name, dict(flows), base, after, eps_name, grid_size

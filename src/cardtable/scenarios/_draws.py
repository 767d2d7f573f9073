"""The draws a scenario runs with: the scenario's own draws, seed and calibration unless the
caller overrides them, its ``[params]``, and the one-market-state rule for a calibration given
from outside the file."""

from __future__ import annotations

from cardtable.errors import InputError
from cardtable.params import REGISTRY, Draws
from cardtable.scenarios._model import Scenario, market_state_conflict

__all__ = ["scenario_draws"]


def scenario_draws(
    sc: Scenario,
    *,
    draws: int | None,
    seed: int | None,
    calibration: str | None,
    strict: bool = False,
    path_days: int | None = None,
    path_series: int | None = None,
) -> Draws:
    """:meth:`Draws.make` for scenario ``sc`` with the caller's overrides (None: the scenario's).

    Raises
    ------
    InputError
        Bad draws, seed or calibration (one rule each, in :mod:`cardtable.params`), or a
        calibration that contradicts the scenario's market state.
    """
    cal = sc.calibration if calibration is None else calibration
    conflict = market_state_conflict(sc.state, cal)
    if conflict:
        raise InputError("calibration", cal, f"{sc.name} has state = {sc.state!r}: {conflict}")
    extra = {} if path_series is None else {"path_series": path_series}
    return Draws.make(
        REGISTRY,
        sc.draws if draws is None else draws,
        sc.seed if seed is None else seed,
        cal,
        path_days=path_days,
        overrides=sc.params,
        strict=strict,
        **extra,
    )

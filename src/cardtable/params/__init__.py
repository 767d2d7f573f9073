"""The one parameter registry of cardtable.

Every model parameter is declared once, with value, unit, plausible range and source, in the
table of the model part that uses it (``_market``, ``_costs``, ``_trade``, ``_game``); named
calibrations live in ``_calibrations``. :data:`REGISTRY` joins them; ``cardtable params``
prints it and docs/model.md explains each parameter.
"""

from __future__ import annotations

from cardtable.params import _calibrations, _costs, _game, _market, _trade
from cardtable.params._checks import MAX_DRAWS, PATH_SERIES, check_draws, check_seed
from cardtable.params._draws import Draws, check_override
from cardtable.params._registry import (
    Calibration,
    ParamDraws,
    Parameter,
    Registry,
    SeedLike,
    as_generator,
)

__all__ = [
    "MAX_DRAWS",
    "PATH_SERIES",
    "REGISTRY",
    "Calibration",
    "Draws",
    "ParamDraws",
    "Parameter",
    "Registry",
    "SeedLike",
    "as_generator",
    "check_draws",
    "check_override",
    "check_seed",
]

REGISTRY = Registry(
    parameters=(
        *_market.PARAMETERS,
        *_costs.PARAMETERS,
        *_trade.PARAMETERS,
        *_game.PARAMETERS,
    ),
    calibrations=_calibrations.CALIBRATIONS,
)

"""Monte Carlo draws, made and checked once at the edge of the library.

:class:`Draws` is what every model run receives: the parameter draws (leading axis = draws),
the seed they came from and the resolved :class:`Calibration`. It is built by
:meth:`Draws.make` from three user inputs (number of draws, seed, calibration name), which are
checked here and nowhere else: the CLI, the library verbs and the web API all go through it.

``draws == 1`` is the deterministic run at the calibration's central values.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field

from cardtable.errors import CardtableWarning, InputError
from cardtable.params._checks import PATH_SERIES, check_draws, check_seed
from cardtable.params._registry import Calibration, ParamDraws, Registry

__all__ = ["Draws", "check_override"]


@dataclass(frozen=True)
class Draws:
    """Parameter draws with the seed and calibration that produced them.

    Attributes
    ----------
    n
        Number of draws (leading axis of every array in ``params``).
    seed
        The seed (recorded in every result).
    calibration
        The resolved calibration (models read its fields; nobody looks it up again).
    params
        Parameter name -> ``(n,)`` values.
    overrides
        Parameters set by the user to one value in every draw (recorded in results).
    """

    n: int
    seed: int
    calibration: Calibration
    params: ParamDraws
    overrides: Mapping[str, float] = field(default_factory=dict)

    @classmethod
    def make(
        cls,
        registry: Registry,
        n: object,
        seed: object,
        calibration: str,
        *,
        path_days: int | None = None,
        path_series: int = PATH_SERIES,
        overrides: Mapping[str, float] | None = None,
        strict: bool = False,
    ) -> Draws:
        """Check the inputs once and draw.

        Parameters
        ----------
        registry
            The parameter registry (:data:`cardtable.params.REGISTRY`).
        n, seed, calibration
            Number of draws, seed and calibration name, as the user gave them.
        path_days
            Trading days of daily paths the run will keep per draw (memory check), or None.
        path_series
            Daily series kept per draw (yields, currencies, backstop).
        overrides
            Registry parameter -> one value for every draw (``--set``, a scenario's
            ``[params]``); checked by :func:`check_override`.
        strict
            Refuse an override outside the parameter's plausible range (default: warn).

        Returns
        -------
        Draws
        """
        d = check_draws(n, path_days, path_series)
        s = check_seed(seed)
        cal = registry.calibration(calibration)
        params = registry.central(cal.name, 1) if d == 1 else registry.draw(d, s, cal.name)
        fixed = {
            k: check_override(registry, cal, k, v, strict) for k, v in (overrides or {}).items()
        }
        if fixed:
            params = params.with_values(**fixed)
        return cls(n=d, seed=s, calibration=cal, params=params, overrides=fixed)

    def slice(self, start: int, stop: int) -> Draws:
        """Draws ``start:stop`` (for chunked evaluation)."""
        params = self.params.slice(start, stop)
        return Draws(
            n=params.n,
            seed=self.seed,
            calibration=self.calibration,
            params=params,
            overrides=self.overrides,
        )

    def describe_overrides(self) -> str:
        """One line for result sources, or "" without overrides."""
        return "; ".join(f"{k} = {v:g}" for k, v in self.overrides.items())


def check_override(
    registry: Registry, calibration: Calibration, name: str, value: object, strict: bool
) -> float:
    """The one rule on a parameter set by the user.

    The name must be a registry parameter and the value a finite number of the sign of the
    parameter's plausible range; outside the range it is a :class:`CardtableWarning` (an
    :class:`InputError` with ``strict``).
    """
    p = registry.resolved(calibration.name).get(name)
    if p is None:
        registry[name]  # raises UnknownNameError with suggestions
        raise AssertionError(name)  # pragma: no cover
    field_ = f"params.{name}"
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InputError(field_, value, f"a finite number ({p.unit})")
    v = float(value)
    if p.low >= 0 > v or p.high <= 0 < v:
        raise InputError(field_, v, f"a number of the sign of its range [{p.low:g}, {p.high:g}]")
    if not p.low <= v <= p.high:
        rule = (
            f"{field_}: {v:g} is outside the plausible range [{p.low:g}, {p.high:g}] {p.unit} "
            f"({p.source})"
        )
        if strict:
            raise InputError(field_, v, f"within [{p.low:g}, {p.high:g}] {p.unit} (--strict)")
        warnings.warn(rule, CardtableWarning, stacklevel=3)
    return v

"""Monte Carlo draws, made and checked once at the edge of the library.

:class:`Draws` is what every model run receives: the parameter draws (leading axis = draws),
the seed they came from and the resolved :class:`Calibration`. It is built by
:meth:`Draws.make` from three user inputs (number of draws, seed, calibration name), which are
checked here and nowhere else: the CLI, the library verbs and the web API all go through it.

``draws == 1`` is the deterministic run at the calibration's central values.
"""

from __future__ import annotations

from dataclasses import dataclass

from cardtable.params._checks import check_draws, check_seed
from cardtable.params._registry import Calibration, ParamDraws, Registry

__all__ = ["Draws"]


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
    """

    n: int
    seed: int
    calibration: Calibration
    params: ParamDraws

    @classmethod
    def make(
        cls,
        registry: Registry,
        n: object,
        seed: object,
        calibration: str,
        *,
        path_days: int | None = None,
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

        Returns
        -------
        Draws
        """
        d = check_draws(n, path_days)
        s = check_seed(seed)
        cal = registry.calibration(calibration)
        params = registry.central(cal.name, 1) if d == 1 else registry.draw(d, s, cal.name)
        return cls(n=d, seed=s, calibration=cal, params=params)

    def slice(self, start: int, stop: int) -> Draws:
        """Draws ``start:stop`` (for chunked evaluation)."""
        params = self.params.slice(start, stop)
        return Draws(n=params.n, seed=self.seed, calibration=self.calibration, params=params)

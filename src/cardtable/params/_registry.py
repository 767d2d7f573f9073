"""The parameter registry: every model parameter with value, unit, plausible range and source.

A :class:`Parameter` is a central value with a plausible range ``[low, high]``; Monte Carlo draws
it from a triangular distribution with mode at the central value (uniform or fixed when declared).
A :class:`Calibration` is a named set of overrides (``default``, ``beltran-2013``, ...).

Draws are keyed by parameter name: the draws of one parameter depend only on the seed and its
name, so adding a parameter never changes the draws of the others, and the pipeline can be run
in chunks of draws without changing any result.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from cardtable.errors import ModelError, UnknownNameError
from cardtable.params._checks import check_draws

__all__ = ["Calibration", "ParamDraws", "Parameter", "Registry", "SeedLike", "as_generator"]

FloatArray = npt.NDArray[np.float64]
SeedLike = int | np.random.Generator | None
Distribution = Literal["triangular", "uniform", "fixed"]


@dataclass(frozen=True)
class Parameter:
    """One model parameter.

    Parameters
    ----------
    name
        Snake-case name with its unit as suffix (``beta_sr_bp_per_pct``).
    value
        Central value used by deterministic runs.
    unit
        Unit in words (``bp per 1% of market``).
    low, high
        Plausible range; Monte Carlo draws stay inside it.
    source
        Paper, table or data vintage the value and range come from.
    description
        What the parameter does in the model.
    group
        Model part that uses it: ``market``, ``costs``, ``trade`` or ``game``.
    dist
        Sampling distribution over ``[low, high]``.
    """

    name: str
    value: float
    unit: str
    low: float
    high: float
    source: str
    description: str
    group: str
    dist: Distribution = "triangular"

    def __post_init__(self) -> None:
        if not (self.low <= self.value <= self.high):
            raise ModelError(
                f"parameter {self.name}: value {self.value} outside its range "
                f"[{self.low}, {self.high}]"
            )
        if self.dist == "fixed" and self.low != self.high:
            raise ModelError(f"parameter {self.name}: a fixed parameter needs low == high")


@dataclass(frozen=True)
class Calibration:
    """A named set of parameter overrides.

    Parameters
    ----------
    name
        Name used on the command line (``beltran-2013``).
    description
        What the calibration represents.
    source
        The published estimate it reproduces.
    overrides
        Parameter name -> ``(value, low, high)``.
    market_size_measure
        What flows are normalised by (target 3 of calibration-targets.md):
        ``foreign_holdings`` (TIC Grand Total) or ``marketable_debt`` (MSPD, held by the public).
    market_state
        ``stressed`` for a calibration that already is the stressed market (it must not be
        combined with ``state = "stressed"``); ``normal`` otherwise.
    """

    name: str
    description: str
    source: str
    overrides: Mapping[str, tuple[float, float, float]] = field(default_factory=dict)
    market_size_measure: Literal["foreign_holdings", "marketable_debt"] = "foreign_holdings"
    market_state: Literal["normal", "stressed"] = "normal"


def as_generator(seed: SeedLike) -> np.random.Generator:
    """Normalise a seed into a :class:`numpy.random.Generator`.

    Parameters
    ----------
    seed
        An int, a Generator (returned as is) or None (fresh entropy).

    Returns
    -------
    numpy.random.Generator
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None or isinstance(seed, int | np.integer):
        return np.random.default_rng(seed)
    raise TypeError(f"seed must be an int, a numpy Generator or None, not {type(seed).__name__}")


class ParamDraws(Mapping[str, FloatArray]):
    """Parameter values with a leading draw axis: name -> array of shape ``(n,)``.

    Parameters
    ----------
    values
        Name -> 1-d float array; all of the same length.
    calibration
        Name of the calibration they were drawn under.
    spans
        Plausible range ``(low, high)`` of each parameter under that calibration (kernels
        that tabulate a function of a parameter over its range read it here).
    """

    def __init__(
        self,
        values: Mapping[str, FloatArray],
        calibration: str,
        spans: Mapping[str, tuple[float, float]] | None = None,
    ) -> None:
        lengths = {len(v) for v in values.values()}
        if len(lengths) > 1:
            raise ModelError(f"parameter draws of unequal length: {sorted(lengths)}")
        self._values = {k: np.asarray(v, dtype=np.float64) for k, v in values.items()}
        self.n = lengths.pop() if lengths else 0
        self.calibration = calibration
        self._spans = dict(spans or {})

    def span(self, name: str) -> tuple[float, float] | None:
        """Plausible range of parameter ``name`` under the draws' calibration (None if the
        draws were built without ranges)."""
        return self._spans.get(name)

    def __getitem__(self, key: str) -> FloatArray:
        try:
            return self._values[key]
        except KeyError:
            raise ModelError(f"parameter {key!r} is not in the registry") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def slice(self, start: int, stop: int) -> ParamDraws:
        """Draws ``start:stop`` of every parameter (for chunked evaluation)."""
        return ParamDraws(
            {k: v[start:stop] for k, v in self._values.items()}, self.calibration, self._spans
        )

    def with_values(self, **values: float | FloatArray) -> ParamDraws:
        """A copy with some parameters replaced (broadcast to the draw axis)."""
        new = dict(self._values)
        for k, v in values.items():
            if k not in new:
                raise ModelError(f"parameter {k!r} is not in the registry")
            new[k] = np.broadcast_to(np.asarray(v, dtype=np.float64), (self.n,)).copy()
        return ParamDraws(new, self.calibration, self._spans)

    def to_frame(self) -> pd.DataFrame:
        """All draws as a frame, one column per parameter."""
        return pd.DataFrame(self._values)


class Registry:
    """All model parameters and named calibrations.

    Parameters
    ----------
    parameters
        Every parameter of every model part.
    calibrations
        Named calibrations; one must be called ``default``.
    """

    def __init__(self, parameters: Iterable[Parameter], calibrations: Iterable[Calibration]):
        self._params: dict[str, Parameter] = {}
        for p in parameters:
            if p.name in self._params:
                raise ModelError(f"parameter {p.name!r} is registered twice")
            self._params[p.name] = p
        self._cals: dict[str, Calibration] = {}
        for c in calibrations:
            unknown = set(c.overrides) - set(self._params)
            if unknown:
                raise ModelError(f"calibration {c.name!r} overrides unknown {sorted(unknown)}")
            self._cals[c.name] = c
            self.resolved(c.name)  # validates every override against its range
        if "default" not in self._cals:
            raise ModelError("the registry needs a calibration called 'default'")

    def __getitem__(self, name: str) -> Parameter:
        try:
            return self._params[name]
        except KeyError:
            raise UnknownNameError("parameter", name, self._params, "parameter") from None

    def __contains__(self, name: object) -> bool:
        return name in self._params

    @property
    def names(self) -> list[str]:
        """Names of all parameters, in registration order."""
        return list(self._params)

    @property
    def calibrations(self) -> list[str]:
        """Names of all calibrations."""
        return list(self._cals)

    def calibration(self, name: str) -> Calibration:
        """The calibration called ``name``; unknown names suggest close matches."""
        try:
            return self._cals[name]
        except KeyError:
            raise UnknownNameError("calibration", name, self._cals, "calibration") from None

    def resolved(self, calibration: str = "default") -> dict[str, Parameter]:
        """Every parameter with the calibration's overrides applied."""
        cal = self.calibration(calibration)
        out = dict(self._params)
        for name, (value, low, high) in cal.overrides.items():
            out[name] = replace(out[name], value=value, low=low, high=high)
        return out

    def central(self, calibration: str = "default", n: int = 1) -> ParamDraws:
        """Central values repeated ``n`` times (a deterministic run)."""
        params = self.resolved(calibration)
        return ParamDraws(
            {k: np.full(n, p.value) for k, p in params.items()}, calibration, _spans(params)
        )

    def draw(self, n: int, seed: SeedLike = None, calibration: str = "default") -> ParamDraws:
        """Draw ``n`` parameter vectors from their ranges.

        Parameters
        ----------
        n
            Number of draws (>= 1).
        seed
            Int, Generator or None. A Generator is consumed once to derive an integer seed.
        calibration
            Named calibration whose values and ranges are used.

        Returns
        -------
        ParamDraws
            Each parameter's draws depend only on the seed and the parameter's name.
        """
        n = check_draws(n)
        base = int(as_generator(seed).integers(0, 2**63 - 1))
        out: dict[str, FloatArray] = {}
        resolved = self.resolved(calibration)
        for name, p in resolved.items():
            rng = np.random.default_rng([base, zlib.crc32(name.encode())])
            out[name] = _sample(p, n, rng)
        return ParamDraws(out, calibration, _spans(resolved))

    def to_frame(self, calibration: str = "default") -> pd.DataFrame:
        """The registry as a table: name, value, unit, low, high, group, source, description."""
        rows = [
            {
                "name": p.name,
                "value": p.value,
                "unit": p.unit,
                "low": p.low,
                "high": p.high,
                "dist": p.dist,
                "group": p.group,
                "source": p.source,
                "description": p.description,
            }
            for p in self.resolved(calibration).values()
        ]
        return pd.DataFrame(rows)


def _spans(params: Mapping[str, Parameter]) -> dict[str, tuple[float, float]]:
    return {k: (p.low, p.high) for k, p in params.items()}


def _sample(p: Parameter, n: int, rng: np.random.Generator) -> FloatArray:
    if p.dist == "fixed" or p.low == p.high:
        return np.full(n, p.value)
    if p.dist == "uniform":
        return rng.uniform(p.low, p.high, n)
    return rng.triangular(p.low, p.value, p.high, n)

"""Type aliases shared across cardtable (unit-bearing names document what an array holds)."""

from __future__ import annotations

from typing import Literal, TypeAlias

import numpy as np
import numpy.typing as npt

FloatArray: TypeAlias = npt.NDArray[np.float64]
Float32Array: TypeAlias = npt.NDArray[np.float32]
IntArray: TypeAlias = npt.NDArray[np.int64]
BoolArray: TypeAlias = npt.NDArray[np.bool_]

Bucket = Literal["bills", "notes", "bonds"]
BUCKETS: tuple[Bucket, ...] = ("bills", "notes", "bonds")
Tenor = Literal["2y", "5y", "10y", "30y"]
TENORS: tuple[Tenor, ...] = ("2y", "5y", "10y", "30y")
MarketState = Literal["normal", "stressed"]

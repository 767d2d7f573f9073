"""The one rule on the number of draws and on seeds, for every entry point (CLI, library, API)."""

from __future__ import annotations

import operator

import numpy as np

from cardtable.errors import InputError

__all__ = [
    "MAX_DRAWS",
    "MAX_SEED",
    "PATH_MEMORY_BUDGET_GIB",
    "PATH_SERIES",
    "check_draws",
    "check_seed",
]

#: Largest number of draws any entry point accepts (the parameter draws alone take about
#: 0.5 GB at this size).
MAX_DRAWS = 2_000_000
#: Memory the kept float32 paths of one run may take (D x T x series x 4 bytes).
PATH_MEMORY_BUDGET_GIB = 4.0
#: Daily series kept per draw: 4 yields, USD/JPY, broad dollar, backstop purchases.
PATH_SERIES = 7
#: Largest seed: numpy's ``default_rng`` accepts any non-negative integer; 2**63 keeps seeds
#: representable in JSON readers that use signed 64-bit integers.
MAX_SEED = 2**63 - 1


def _whole(field: str, value: object) -> int:
    """``value`` as an int if it is a whole number (not a bool, float or string)."""
    if isinstance(value, bool | np.bool_):
        raise InputError(field, value, "a whole number, not true/false")
    try:
        return operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        raise InputError(field, value, "a whole number") from None


def check_draws(n: object, path_days: int | None = None, series: int = PATH_SERIES) -> int:
    """The one rule on the number of draws.

    Parameters
    ----------
    n
        Requested number of draws.
    path_days
        Trading days of daily paths the run keeps per draw (``None``: paths are not kept, only
        per-draw summaries, as in the negotiation and coalition layers).
    series
        Daily series kept per draw.

    Returns
    -------
    int
        ``n`` as an int.

    Raises
    ------
    InputError
        ``draws`` outside ``[1, MAX_DRAWS]``, or paths that would exceed
        :data:`PATH_MEMORY_BUDGET_GIB` (the message gives the estimate and the largest
        number of draws that fits).
    """
    d = _whole("draws", n)
    if not 1 <= d <= MAX_DRAWS:
        raise InputError("draws", d, f"a whole number between 1 and {MAX_DRAWS:,}")
    if path_days is not None:
        per_draw = path_days * series * 4
        need_gib = d * per_draw / 2**30
        if need_gib > PATH_MEMORY_BUDGET_GIB:
            fits = int(PATH_MEMORY_BUDGET_GIB * 2**30 // per_draw)
            raise InputError(
                "draws",
                d,
                f"at most {fits:,} draws for a {path_days:,}-day horizon: the paths would take "
                f"{need_gib:.1f} GiB (limit {PATH_MEMORY_BUDGET_GIB:g} GiB)",
            )
    return d


def check_seed(seed: object) -> int:
    """The one rule on seeds: a whole number in ``[0, 2**63 - 1]``."""
    s = _whole("seed", seed)
    if not 0 <= s <= MAX_SEED:
        raise InputError("seed", s, f"a whole number between 0 and {MAX_SEED}")
    return s

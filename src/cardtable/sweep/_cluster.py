"""Running sweep tasks on a Dask cluster (``dask.distributed``, the optional extra ``sweep``).

Each task evaluates a chunk of grid points (:func:`cardtable.sweep._points.evaluate_chunk`);
results are yielded as tasks finish, in any order, so the caller can persist them and report
progress. Points do not depend on where they run: every point uses the sweep's draws and seed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from cardtable.errors import InputError
from cardtable.scenarios import Scenario
from cardtable.sweep._grid import Value
from cardtable.sweep._points import PointRow, evaluate_chunk

__all__ = ["run_on_cluster"]

_CONNECT_TIMEOUT_S = 30


def _distributed() -> Any:
    # dask.distributed is optional (pip install 'cardtable[sweep]'): imported on use only
    try:
        import distributed
    except ImportError:  # pragma: no cover - the test environment has the extra
        return None
    return distributed


def run_on_cluster(
    address: str,
    base: Scenario,
    tasks: Sequence[Sequence[tuple[int, Mapping[str, Value]]]],
    draws: int,
    seed: int,
) -> Iterator[tuple[list[PointRow], float]]:
    """Submit one task per chunk of points to the scheduler at ``address``; yield each task's
    rows and seconds as it finishes.

    Raises
    ------
    InputError
        ``scheduler`` when dask.distributed is missing or the scheduler cannot be reached.
    """
    distributed = _distributed()
    if distributed is None:
        raise InputError(
            "scheduler", address, "needs dask.distributed: pip install 'cardtable[sweep]'"
        )
    try:
        client = distributed.Client(address, set_as_default=False, timeout=_CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(
            "scheduler", address, f"a reachable Dask scheduler (tcp://HOST:PORT): {exc}"
        ) from None
    try:
        futures = [
            client.submit(evaluate_chunk, base, list(chunk), draws, seed, pure=False)
            for chunk in tasks
        ]
        with client.as_current():  # as_completed looks the client up
            for future in distributed.as_completed(futures):
                rows, seconds = future.result()
                yield rows, seconds
    finally:
        client.close()

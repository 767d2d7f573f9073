"""Map the library's parameter names in errors to the CLI's flags.

The library names its own parameters in :class:`~cardtable.errors.InputError` (``as_of``,
``source``, ``directory``); only the CLI knows which flag or argument carried the value::

    with flags(as_of="--as-of", top="--top"):
        rank_holders(as_of, top)
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from cardtable.errors import InputError

__all__ = ["flags"]


@contextlib.contextmanager
def flags(**names: str) -> Iterator[None]:
    """Re-raise an :class:`InputError` whose field is a key of ``names`` under the flag.

    Parameters
    ----------
    **names
        Library parameter -> CLI flag or argument (``as_of="--as-of"``).
    """
    try:
        yield
    except InputError as exc:
        flag = names.get(exc.field)
        if flag is None:
            raise
        if exc.message.startswith(f"{exc.field}: "):
            exc.message = flag + exc.message[len(exc.field) :]
            exc.args = (exc.message,)
        exc.field = flag
        raise

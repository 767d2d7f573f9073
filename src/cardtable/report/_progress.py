"""A progress display on stderr for runs that last more than about a second.

The library does not report progress from inside a run, so the display is an activity bar
with the elapsed time (rich); it appears only after ``delay_s``, only when stderr is a
terminal and ``enabled``, and it is removed when the run ends, so ``--json`` output on
stdout is never touched.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["progress", "progress_wanted"]


def progress_wanted(quiet: bool) -> bool:
    """True unless ``quiet`` or stderr is not a terminal."""
    return not quiet and sys.stderr.isatty()


@contextmanager
def progress(label: str, *, enabled: bool, delay_s: float = 1.0) -> Iterator[None]:
    """Show ``label`` with an activity bar on stderr while the block runs (after ``delay_s``)."""
    if not enabled:
        yield
        return
    from rich.console import Console  # imported here: 0.02 s of every start without a display
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    bar = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    bar.add_task(label, total=None)
    lock = threading.Lock()
    state = {"started": False, "done": False}

    def start() -> None:
        with lock:
            if not state["done"]:
                bar.start()
                state["started"] = True

    timer = threading.Timer(delay_s, start)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with lock:
            state["done"] = True
            if state["started"]:
                bar.stop()

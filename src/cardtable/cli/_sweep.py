"""``cardtable sweep SCENARIO --grid NAME=START:STOP:STEP|v1,v2,... [--grid ...]``."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

from cardtable.cli._options import SafePath, draws_seed_options, overrides
from cardtable.errors import InputError
from cardtable.sweep import sweep


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A rich progress bar on stderr (None when disabled)."""
    if not enabled:
        yield None
        return
    bar = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = bar.add_task("grid points", total=None)
    with bar:

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


@click.command("sweep")
@click.argument("scenario")
@click.option(
    "--grid",
    "grid",
    multiple=True,
    required=True,
    help="NAME=START:STOP:STEP (STOP included) or NAME=v1,v2,...; NAME is a scenario field "
    "(actors[0].sell.amount_usd_bn) or a registry parameter. Repeat for a cartesian grid.",
)
@draws_seed_options()
@click.option(
    "--out",
    "out_dir",
    type=SafePath(file_okay=False),
    default=None,
    help="Write sweep/elasticities .parquet and .csv here; finished points are kept here so "
    "that an interrupted sweep resumes.",
)
@click.option("--scheduler", default=None, help="Run on the Dask scheduler at tcp://HOST:PORT.")
@click.option(
    "--set",
    "assignments",
    multiple=True,
    metavar="NAME=VALUE",
    help="Set a scenario field or registry parameter at every grid point; repeatable.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Refuse registry values outside their plausible range (default: warn).",
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def sweep_cmd(
    scenario: str,
    grid: tuple[str, ...],
    draws: int | None,
    seed: int | None,
    out_dir: str | None,
    scheduler: str | None,
    assignments: tuple[str, ...],
    strict: bool,
    quiet: bool,
    as_json: bool,
) -> None:
    """Simulate SCENARIO at every point of a grid of overrides: p5/p50/p95 of every output per
    point, and elasticities at the centre of the grid."""
    if out_dir is not None and not out_dir.strip():
        raise InputError("--out", out_dir, "a directory path")
    with _progress(not quiet and sys.stderr.isatty()) as progress:
        result = sweep(
            scenario,
            list(grid),
            draws=draws,
            seed=seed,
            overrides=overrides(assignments),
            strict=strict,
            out_dir=out_dir,
            scheduler=scheduler,
            progress=progress,
        )
    if out_dir is not None:
        written = result.write(Path(out_dir))
        if not as_json:
            click.echo(f"wrote {', '.join(str(p) for p in written)}")
    click.echo(result.to_json() if as_json else result.summary())

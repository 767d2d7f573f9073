"""``cardtable backtest [EPISODE]``: replay a documented episode's observed flows through the
market model and print simulated against observed yields and currencies."""

from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table

from cardtable._json import dumps
from cardtable.backtest import (
    DEFAULT_DRAWS,
    backtest,
    backtest_all,
    episode_names,
    load_episode,
    scorecard_markdown,
)
from cardtable.cli._options import draws_seed_options
from cardtable.errors import InputError
from cardtable.params import REGISTRY, check_draws, check_seed

SCORECARD_COMMAND = "cardtable backtest --all --markdown"


def _list(as_json: bool) -> None:
    episodes = [load_episode(n) for n in episode_names()]
    if as_json:
        payload = [
            {
                "name": e.name,
                "title": e.title,
                "start": e.start,
                "end": e.end,
                "flows": len(e.flows),
            }
            for e in episodes
        ]
        click.echo(dumps({"episodes": payload}, indent=2))
        return
    table = Table(title="Episodes (cardtable backtest EPISODE)")
    for col in ("episode", "window", "flows", "title"):
        table.add_column(col)
    for e in episodes:
        table.add_row(e.name, f"{e.start} .. {e.end}", str(len(e.flows)), e.title)
    Console(width=120).print(table)


@click.command("backtest")
@click.argument("episode", required=False)
@click.option("--list", "list_only", is_flag=True, help="List the bundled episodes.")
@click.option("--all", "run_all", is_flag=True, help="Replay every bundled episode.")
@draws_seed_options(draws_default=DEFAULT_DRAWS, seed_default=1)
@click.option("--calibration", default="default", show_default=True, help="Named calibration.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (schema in docs/validation.md).")
@click.option(
    "--markdown", is_flag=True, help="With --all: print the docs/validation.md scorecard."
)
def backtest_cmd(
    episode: str | None,
    list_only: bool,
    run_all: bool,
    draws: int,
    seed: int,
    calibration: str,
    as_json: bool,
    markdown: bool,
) -> None:
    """Replay EPISODE (a bundled name or a .toml file) with its observed flows: simulated p5-p95
    against the observed move, p50 error, and flows vs residual. No EPISODE lists them."""
    # the options are checked even when only listing: a bad value is never silently ignored
    check_draws(draws)
    check_seed(seed)
    REGISTRY.calibration(calibration)
    if list_only and (episode is not None or run_all):
        raise InputError(
            "--list", True, "not with EPISODE or --all (it only lists them)", show_value=False
        )
    if list_only or (episode is None and not run_all):
        _list(as_json)
        return
    if run_all:
        results = backtest_all(draws=draws, seed=seed, calibration=calibration)
    else:
        results = [backtest(episode or "", draws=draws, seed=seed, calibration=calibration)]
    if markdown:
        click.echo(scorecard_markdown(results, SCORECARD_COMMAND), nl=False)
    elif as_json:
        payload = [r.to_dict() for r in results]
        click.echo(dumps(payload[0] if len(payload) == 1 and not run_all else payload, indent=2))
    else:
        click.echo("\n\n".join(r.summary() for r in results))

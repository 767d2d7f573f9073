"""``cardtable compare A B [C ...]``: the same outputs of several scenarios side by side."""

from __future__ import annotations

import sys

import click
from rich.console import Console
from rich.table import Table

from cardtable.cli._options import draws_seed_options
from cardtable.errors import InputError
from cardtable.sweep import ComparisonResult, compare


def _table(result: ComparisonResult) -> Table:
    table = Table(title="median [p5, p95]", show_lines=False)
    table.add_column("output", no_wrap=True)
    for label in result.labels:
        table.add_column(label, justify="right", no_wrap=True)
    for name, per in result.outputs.items():
        cells = []
        for label in result.labels:
            q = per[label]
            cells.append(
                "-"
                if q["p50"] != q["p50"]
                else f"{q['p50']:+.1f} [{q['p5']:+.1f}, {q['p95']:+.1f}]"
            )
        table.add_row(name, *cells)
    return table


@click.command("compare")
@click.argument("scenarios", nargs=-1, required=True)
@draws_seed_options()
@click.option("--calibration", default=None, help="Named calibration for every scenario.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (schema in docs/cli.md).")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV (output, scenario, p5, p50, p95).")
def compare_cmd(
    scenarios: tuple[str, ...],
    draws: int | None,
    seed: int | None,
    calibration: str | None,
    as_json: bool,
    as_csv: bool,
) -> None:
    """Simulate two or more SCENARIOS and show their outputs side by side (p5 / p50 / p95).

    With one --seed for all, the scenarios share their parameter draws.
    """
    if as_json and as_csv:
        raise InputError("--csv", "--csv with --json", "one of --json or --csv")
    if len(scenarios) < 2:
        raise InputError("SCENARIOS", " ".join(scenarios), "two or more scenarios to compare")
    result = compare(list(scenarios), draws=draws, seed=seed, calibration=calibration)
    if as_json:
        click.echo(result.to_json())
    elif as_csv:
        click.echo(result.to_frame().to_csv(index=False), nl=False)
    elif sys.stdout.isatty():
        Console().print(_table(result))
    else:
        click.echo(result.summary())

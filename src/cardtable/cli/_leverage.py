"""``cardtable negotiate`` and ``cardtable coalition``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click

from cardtable.cli._report import emit_outputs, output_options, running
from cardtable.cli._simulate import scenario_options
from cardtable.errors import InputError

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@click.command("negotiate")
@scenario_options
@output_options
def negotiate_cmd(
    scenario: str,
    draws: int | None,
    seed: int | None,
    calibration: str | None,
    as_json: bool,
    out_dir: Path | None,
    report_path: Path | None,
    xlsx: bool,
    quiet: bool,
) -> None:
    """Is SCENARIO's Treasury card credible, what is it worth, and what deal follows?"""
    from cardtable.uncertainty import negotiate_scenario

    with running(f"negotiate {scenario}", quiet):
        result = negotiate_scenario(scenario, draws=draws, seed=seed, calibration=calibration)
    emit_outputs(
        result,
        scenario=scenario,
        out_dir=out_dir,
        report_path=report_path,
        xlsx=xlsx,
        as_json=as_json,
    )
    click.echo(json.dumps(result.to_dict(), indent=2) if as_json else result.summary())


@click.command("coalition")
@click.option("--as-of", "as_of", default=None, help="Month YYYY-MM (default: latest).")
@click.option("--holders", default=None, help="Comma-separated holders (default: all).")
@click.option(
    "--sale-share",
    type=float,
    default=0.25,
    show_default=True,
    help="Share of its holdings each coalition sells.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (schema in docs/cli.md).")
@output_options
def coalition_cmd(
    as_of: str | None,
    holders: str | None,
    sale_share: float,
    as_json: bool,
    out_dir: Path | None,
    report_path: Path | None,
    xlsx: bool,
    quiet: bool,
) -> None:
    """Each creditor's share of the leverage of a coordinated sale (exact Shapley values)."""
    from cardtable.uncertainty import coalition

    if as_of is not None and not _MONTH.match(as_of):
        raise InputError("--as-of", as_of, "a month written YYYY-MM, e.g. 2025-03")
    names = [h.strip() for h in holders.split(",") if h.strip()] if holders else None
    if holders is not None and not names:
        raise InputError("--holders", holders, "comma-separated holder names, e.g. japan,china")
    with running("coalition", quiet):
        result = coalition(as_of, names, sale_share=sale_share)
    emit_outputs(
        result, scenario=None, out_dir=out_dir, report_path=report_path, xlsx=xlsx, as_json=as_json
    )
    click.echo(json.dumps(result.to_dict(), indent=2) if as_json else result.summary())


def register(group: click.Group) -> None:
    """Add the commands to ``group``."""
    group.add_command(negotiate_cmd)
    group.add_command(coalition_cmd)

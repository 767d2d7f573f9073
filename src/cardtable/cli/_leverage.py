"""``cardtable negotiate`` and ``cardtable coalition``."""

from __future__ import annotations

from pathlib import Path

import click

from cardtable._json import dumps
from cardtable.cli._options import (
    draws_seed_options,
    label_callback,
    overrides,
    scenario_options,
)
from cardtable.cli._report import emit_outputs, output_options, run_scenario_command, running
from cardtable.data import resolve_country
from cardtable.errors import InputError
from cardtable.leverage import coalition, negotiate
from cardtable.market import Backstop


@click.command("negotiate")
@scenario_options
@output_options
def negotiate_cmd(
    scenario: str,
    draws: int | None,
    seed: int | None,
    calibration: str | None,
    assignments: tuple[str, ...],
    strict: bool,
    as_json: bool,
    out_dir: Path | None,
    report_path: Path | None,
    xlsx: bool,
    quiet: bool,
) -> None:
    """Is SCENARIO's Treasury card credible, what is it worth, and what deal follows?"""
    result = run_scenario_command(
        negotiate,
        "negotiate",
        scenario,
        draws=draws,
        seed=seed,
        calibration=calibration,
        overrides=overrides(assignments),
        strict=strict,
        as_json=as_json,
        out_dir=out_dir,
        report_path=report_path,
        xlsx=xlsx,
        quiet=quiet,
    )
    click.echo(dumps(result.to_dict(), indent=2) if as_json else result.summary())


@click.command("coalition")
@click.option("--as-of", "as_of", default=None, help="Month YYYY-MM (default: latest).")
@click.option(
    "--holders",
    default=None,
    callback=label_callback,
    help="Comma-separated holders (default: all).",
)
@click.option(
    "--sale-share",
    type=float,
    default=0.25,
    show_default=True,
    help="Share of its holdings each coalition sells.",
)
@draws_seed_options(draws_default=1, seed_default=2025)
@click.option("--calibration", default="default", show_default=True, help="Named calibration.")
@click.option(
    "--no-backstop", is_flag=True, help="No central-bank backstop (default: the Fed steps in)."
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (schema in docs/cli.md).")
@output_options
def coalition_cmd(
    as_of: str | None,
    holders: str | None,
    sale_share: float,
    draws: int,
    seed: int,
    calibration: str,
    no_backstop: bool,
    as_json: bool,
    out_dir: Path | None,
    report_path: Path | None,
    xlsx: bool,
    quiet: bool,
) -> None:
    """Each creditor's share of the leverage of a coordinated sale (exact Shapley values,
    p5/p50/p95 over draws)."""
    names = [h.strip() for h in holders.split(",") if h.strip()] if holders else None
    if holders is not None and not names:
        raise InputError("--holders", holders, "comma-separated holder names, e.g. japan,china")
    for name in names or []:
        try:
            resolve_country(name)
        except InputError as exc:  # the library names it "country": the user typed --holders
            raise exc.with_field("--holders") from None
    with running("coalition", quiet):
        result = coalition(
            as_of,
            names,
            draws=draws,
            seed=seed,
            calibration=calibration,
            backstop=Backstop(enabled=not no_backstop),
            sale_share=sale_share,
        )
    emit_outputs(
        result,
        scenario=None,
        out_dir=out_dir,
        report_path=report_path,
        xlsx=xlsx,
        as_json=as_json,
    )
    click.echo(dumps(result.to_dict(), indent=2) if as_json else result.summary())

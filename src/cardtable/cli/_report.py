"""``cardtable report`` and the output options (``--out``, ``--report``, ``--xlsx``,
``--quiet``) shared by ``simulate``, ``negotiate`` and ``coalition``."""

from __future__ import annotations

import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from cardtable.cli._options import SafePath, draws_seed_options
from cardtable.errors import InputError
from cardtable.report._api import (
    CoalitionResult,
    ScenarioNegotiation,
    SimulationResult,
    resolve_scenario,
    run_coalition,
    run_negotiate,
    run_simulate,
)
from cardtable.report._build import build_report, report_of, write_report
from cardtable.report._export import export
from cardtable.report._progress import progress, progress_wanted

# Commands are loaded only when invoked (cardtable.cli.COMMANDS), so these imports do not slow
# `cardtable --help` or the data commands. The heavy libraries behind them (pyarrow.parquet,
# rich's display) are imported by the report package when a run asks for them.

__all__ = [
    "emit_outputs",
    "output_options",
    "report_cmd",
    "run_scenario_command",
    "running",
]


def _command_line() -> str:
    return "cardtable " + " ".join(shlex.quote(a) for a in sys.argv[1:])


def output_options(fn: Callable[..., None]) -> Callable[..., None]:
    """``--out DIR``, ``--report FILE``, ``--xlsx`` and ``--quiet``."""
    for option in reversed(
        [
            click.option(
                "--out",
                "out_dir",
                type=SafePath(file_okay=False, path_type=Path),
                default=None,
                help="Write JSON, Parquet, CSV, the scenario TOML, provenance and report.html "
                "into this directory (docs/cli.md).",
            ),
            click.option(
                "--report",
                "report_path",
                type=SafePath(dir_okay=False, path_type=Path),
                default=None,
                help="Write a self-contained HTML report to this file.",
            ),
            click.option(
                "--xlsx",
                is_flag=True,
                help="With --out: also result.xlsx (needs the extra: pip install "
                "'cardtable[xlsx]').",
            ),
            click.option("--quiet", "-q", is_flag=True, help="No progress display on stderr."),
        ]
    ):
        fn = option(fn)
    return fn


def running(label: str, quiet: bool) -> Any:
    """The progress display for a run (stderr, only when it is a terminal)."""
    return progress(label, enabled=progress_wanted(quiet))


def run_scenario_command(
    verb: Callable[..., Any],
    label: str,
    scenario: str,
    *,
    draws: int | None,
    seed: int | None,
    calibration: str | None,
    overrides: dict[str, Any],
    strict: bool,
    as_json: bool,
    out_dir: Path | None,
    report_path: Path | None,
    xlsx: bool,
    quiet: bool,
    **options: Any,
) -> Any:
    """What ``simulate`` and ``negotiate`` do alike: run ``verb`` on the scenario behind the
    progress display, then write what ``--out``/``--report`` asked for (``options`` go to
    ``verb`` as they are)."""
    with running(f"{label} {scenario}", quiet):
        result = verb(
            scenario,
            draws=draws,
            seed=seed,
            calibration=calibration,
            overrides=overrides,
            strict=strict,
            **options,
        )
    emit_outputs(
        result,
        scenario=scenario,
        out_dir=out_dir,
        report_path=report_path,
        xlsx=xlsx,
        as_json=as_json,
    )
    return result


def emit_outputs(
    result: SimulationResult | ScenarioNegotiation | CoalitionResult,
    *,
    scenario: str | None,
    out_dir: Path | None,
    report_path: Path | None,
    xlsx: bool,
    as_json: bool,
) -> None:
    """Write what ``--out``/``--report`` asked for; say where on stdout unless ``--json``."""
    if xlsx and out_dir is None:
        raise InputError("--xlsx", True, "give --out DIR with --xlsx")
    if out_dir is None and report_path is None:
        return
    source = resolve_scenario(scenario) if scenario is not None else None
    written: list[Path] = []
    command = _command_line()
    try:
        if out_dir is not None:
            written += export(out_dir, result, source=source, command=command, xlsx=xlsx)
        if report_path is not None:
            html = report_of(result, source=source, command=command)
            written.append(write_report(report_path, html))
    except OSError as exc:
        flag, target = ("--out", out_dir) if out_dir is not None else ("--report", report_path)
        raise InputError(flag, str(target), f"cannot be written: {exc.strerror}") from None
    if written and not as_json:
        click.echo(f"wrote {', '.join(str(p) for p in written)}")


@click.command("report")
@click.argument("scenario")
@click.option(
    "-o",
    "--output",
    "output",
    type=SafePath(dir_okay=False, path_type=Path),
    default=Path("report.html"),
    show_default=True,
    help="The HTML file to write.",
)
@draws_seed_options()
@click.option("--calibration", default=None, help="Named calibration (cardtable params).")
@click.option("--no-negotiation", is_flag=True, help="Leave out the negotiation section.")
@click.option("--no-coalition", is_flag=True, help="Leave out the coalition section.")
@click.option("--quiet", "-q", is_flag=True, help="No progress display on stderr.")
def report_cmd(
    scenario: str,
    output: Path,
    draws: int | None,
    seed: int | None,
    calibration: str | None,
    no_negotiation: bool,
    no_coalition: bool,
    quiet: bool,
) -> None:
    """Write one self-contained HTML report of SCENARIO (a built-in name or a TOML file):
    fan charts, who pays, the negotiation, coalition shares, parameters and provenance."""
    source = resolve_scenario(scenario)
    opts: dict[str, Any] = {"draws": draws, "seed": seed, "calibration": calibration}
    with running(f"report {source.scenario.name}", quiet):
        sim = run_simulate(source, **opts)
        neg = None
        if source.scenario.negotiation is not None and not no_negotiation:
            neg = run_negotiate(source, **opts)
        coal = None if no_coalition else run_coalition(source.scenario.as_of, None)
        html = build_report(source=source, sim=sim, neg=neg, coal=coal, command=_command_line())
    try:
        path = write_report(output, html)
    except OSError as exc:
        raise InputError("--output", str(output), f"cannot be written: {exc.strerror}") from None
    click.echo(f"wrote {path} ({path.stat().st_size:,} bytes)")

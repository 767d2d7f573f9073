"""The ``cardtable`` command line: a thin layer that parses options, calls the library and
formats its result objects.

Every :class:`~cardtable.errors.CardtableError` is printed as one line on stderr
(``error: <field>: <value> is not allowed; <rule>``) and the process exits non-zero
(2 for bad input, 1 otherwise) without a traceback. The library names its parameters
(``draws``, ``seed``, ``as_of``); this layer alone renames them to the flags the user typed.
Usage errors (an unknown option, a value of the wrong type) get the same one-line form.
Anything unexpected is reported in one line with a hint to rerun with ``--debug``.

Commands are loaded when invoked (``cardtable --help`` lists them without importing the
models).
"""

from __future__ import annotations

import importlib
import os
import sys
import warnings
from typing import Any, TextIO

import click

from cardtable.errors import CardtableError, CardtableWarning, InputError, ScenarioError

__all__ = ["cli", "entry", "main"]

#: Command name -> "module:attribute" of the click command (loaded on use).
COMMANDS: dict[str, str] = {
    "holders": "cardtable.cli._holders:holders",
    "scenarios": "cardtable.cli._simulate:scenarios_cmd",
    "simulate": "cardtable.cli._simulate:simulate_cmd",
    "params": "cardtable.cli._simulate:params_cmd",
    "negotiate": "cardtable.cli._leverage:negotiate_cmd",
    "coalition": "cardtable.cli._leverage:coalition_cmd",
    "trade": "cardtable.cli._trade:trade_cmd",
    "data": "cardtable.cli._data:data",
    "factcheck": "cardtable.cli._factcheck:factcheck_cmd",
    "backtest": "cardtable.cli._backtest:backtest_cmd",
    "report": "cardtable.cli._report:report_cmd",
    "serve": "cardtable.cli._serve:serve_cmd",
    "compare": "cardtable.cli._compare:compare_cmd",
    "sweep": "cardtable.cli._sweep:sweep_cmd",
}

#: Library parameter -> the flag that sets it (InputErrors are renamed on the way out).
FLAGS: dict[str, str] = {
    "draws": "--draws",
    "seed": "--seed",
    "calibration": "--calibration",
    "as_of": "--as-of",
    "month": "--as-of",
    "holders": "--holders",
    "sale_share": "--sale-share",
    "sale_days": "--sale-days",
    "out_dir": "--out",
    "top": "--top",
    "country": "--country",
    "directory": "DIR",
    "source": "--source",
    "set": "--set",
    "scheduler": "--scheduler",
    "grid": "--grid",
    "scenarios": "SCENARIOS",
}


def _flag_error(exc: CardtableError) -> CardtableError:
    if isinstance(exc, InputError) and not isinstance(exc, ScenarioError) and exc.field in FLAGS:
        return exc.with_field(FLAGS[exc.field])
    return exc


class _Group(click.Group):
    """Lazy subcommands; cardtable errors become one line on stderr and a non-zero exit code."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, attr = target.split(":")
        command = getattr(importlib.import_module(module), attr)
        assert isinstance(command, click.Command)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CardtableError as exc:
            click.echo(f"error: {_flag_error(exc)}", err=True)
            raise click.exceptions.Exit(exc.exit_code) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cardtable")
@click.option("--debug", is_flag=True, help="Show the traceback of an unexpected error.")
def cli(debug: bool) -> None:
    """Sovereign creditors' US Treasury holdings as a card in trade negotiations."""


def _usage_line(exc: click.UsageError) -> str:
    """A click usage error as one line, naming the command."""
    command = exc.ctx.command_path if exc.ctx is not None else "cardtable"
    message = " ".join(exc.format_message().split())
    return f"error: {command}: {message} (see '{command} --help')"


def _warning_line(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    """Warnings on stderr as one line each (``warning: ...``)."""
    click.echo(f"warning: {' '.join(str(message).split())}", err=True)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return the exit code instead of raising ``SystemExit``.

    Parameters
    ----------
    argv
        Arguments without the program name; ``sys.argv[1:]`` when None.

    Returns
    -------
    int
        0 on success, 2 for bad input, 1 for other errors.
    """
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args or bool(os.environ.get("CARDTABLE_DEBUG"))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("always", CardtableWarning)
            warnings.showwarning = _warning_line
            rv = cli.main(args=args, prog_name="cardtable", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code or 0)
    except click.UsageError as exc:
        click.echo(_usage_line(exc), err=True)
        return 2
    except click.ClickException as exc:
        click.echo(f"error: {' '.join(exc.format_message().split())}", err=True)
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("error: aborted", err=True)
        return 1
    except CardtableError as exc:  # raised while loading a command
        click.echo(f"error: {_flag_error(exc)}", err=True)
        return exc.exit_code
    except Exception as exc:  # the last resort: one line, never a traceback unless asked
        if debug:
            raise
        name = type(exc).__name__
        text = " ".join(str(exc).split())[:300]
        click.echo(
            f"error: unexpected {name}: {text} (a bug: please report it; rerun with --debug "
            "for the traceback)",
            err=True,
        )
        return 1
    return rv if isinstance(rv, int) else 0


def entry() -> None:  # pragma: no cover - console script
    """Console-script entry point.

    BLAS runs on one thread, as in sweeps: the models' products are small (a few columns per
    draw), so a second BLAS thread saves little on an idle machine and, spinning while it
    waits, cost 1.5x the wall time of ``negotiate kato-2025 --draws 100000`` on the 2-core
    machine while another process ran (benchmarks/bench_cli.py; docs/performance.md). One
    thread also makes every figure independent of the machine's core count.
    """
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")
    sys.exit(main())

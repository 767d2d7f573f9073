"""The ``cardtable`` command line: a thin layer that parses options, calls the library and
formats its result objects.

Every :class:`~cardtable.errors.CardtableError` is printed as one line on stderr
(``error: <field>: <value> is not allowed; <rule>``) and the process exits non-zero
(2 for bad input, 1 otherwise) without a traceback.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from cardtable.errors import CardtableError

__all__ = ["cli", "entry", "main"]


class _Group(click.Group):
    """Turns cardtable errors into one line on stderr and a non-zero exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CardtableError as exc:
            click.echo(f"error: {exc}", err=True)
            raise click.exceptions.Exit(exc.exit_code) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cardtable")
def cli() -> None:
    """Sovereign creditors' US Treasury holdings as a card in trade negotiations."""


def _register() -> None:
    from cardtable.cli import _data, _holders, _leverage, _report, _serve, _simulate, _trade

    _holders.register(cli)
    _data.register(cli)
    _simulate.register(cli)
    _leverage.register(cli)
    _trade.register(cli)
    _report.register(cli)
    _serve.register(cli)


_register()


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
    try:
        rv = cli.main(args=argv, prog_name="cardtable", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code or 0)
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return 1
    return rv if isinstance(rv, int) else 0


def entry() -> None:  # pragma: no cover - console script
    """Console-script entry point."""
    sys.exit(main())

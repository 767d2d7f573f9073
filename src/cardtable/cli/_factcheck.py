"""``cardtable factcheck``: check the figures in an article against the official data."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import click
from rich.console import Console

from cardtable._json import dumps
from cardtable.cli._options import SafePath
from cardtable.errors import InputError
from cardtable.factcheck import check_text, render_terminal, write_html

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        if not _DATE.match(value):
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError("--date", value, "a date written YYYY-MM-DD, e.g. 2025-05-20") from None


@click.command("factcheck")
@click.argument("source", metavar="FILE|-")
@click.option(
    "--date",
    "date",
    callback=_date,
    help="The article's date YYYY-MM-DD (default: found in the text; this overrides it).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "html"]),
    default=None,
    help="Input format (default: detected).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (schema in docs/factcheck.md).")
@click.option(
    "--html",
    "html_out",
    default=None,
    type=SafePath(dir_okay=False, path_type=str),
    help="Also write an HTML view to this file.",
)
def factcheck_cmd(
    source: str, date: dt.date | None, fmt: str | None, as_json: bool, html_out: str | None
) -> None:
    """Check the Treasury-holdings figures in an article (FILE, or - for stdin)."""
    if source == "-":
        raw = sys.stdin.read()
    else:
        path = Path(source)
        if not path.is_file():
            raise InputError(
                "FILE", source, "a readable text, Markdown or HTML file, or - for stdin"
            )
        raw = path.read_text(encoding="utf-8", errors="replace")
    report = check_text(raw, date=date, fmt=fmt)
    if html_out is not None:
        out = Path(html_out)
        if not out.parent.is_dir():
            raise InputError("--html", html_out, "a file in an existing directory")
        title = "Fact check" if source == "-" else f"Fact check: {Path(source).name}"
        write_html(report, out, title)
    if as_json:
        click.echo(dumps(report.to_dict()))
        return
    render_terminal(report, Console(highlight=False, soft_wrap=False))
    if html_out is not None:
        click.echo(f"HTML view written to {html_out}")

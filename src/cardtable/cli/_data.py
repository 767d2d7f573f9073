"""``cardtable data update|import|status``: fill the local store and show what it holds.

``status --json`` prints::

    {"home": str, "manifest": bool,
     "datasets": [{"dataset", "file", "source", "origin", "retrieved_at", "vintage", "first",
                   "last", "rows", "sha256", "note", "verified", "problem"}],
     "problems": [str], "leftovers": [str], "writing": bool,
     "bundled_facts": [{"name", "source", "vintage"}]}

``verified`` is true when the dataset's file matches its sha256, decodes and passes validation;
``problems`` lists everything amiss (a manifest that fails its schema, a missing, changed or
unreadable file), one line each, and ``status`` then exits 1. ``leftovers`` are files of an
interrupted write, harmless, removed by the next ``import`` or ``update``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, cast

import click
from rich import box
from rich.console import Console
from rich.table import Table

from cardtable.cli._options import SafePath
from cardtable.data import Store, import_dir, list_facts, store_home, update
from cardtable.data.update import Source

__all__ = ["data"]


def _console() -> Console:
    # file=None: rich writes to whatever sys.stdout is at print time (CliRunner, capsys).
    return Console(highlight=False)


def _entries_table(title: str, entries: Iterable[Any]) -> Table:
    table = Table(
        title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False
    )
    for col in ("dataset", "vintage", "rows", "first", "last"):
        table.add_column(col, justify="right" if col == "rows" else "left")
    for e in entries:
        table.add_row(e.dataset, e.vintage, f"{e.rows:,}", e.first, e.last)
    return table


@click.group("data")
def data() -> None:
    """Fill the local store from official sources or files, and check it."""


@data.command("update")
@click.option(
    "--source",
    type=click.Choice(["tic", "fred", "fiscaldata", "all"]),
    default="all",
    show_default=True,
    help="Which official source to fetch.",
)
def update_cmd(source: str) -> None:
    """Download official data (TIC, FRED, FiscalData) into the local store."""
    report = update(cast(Source, source))
    console = _console()
    console.print(_entries_table(f"Downloaded into {store_home()}", report.entries))
    for note in report.notes:
        console.print(f"note: {note}")


@data.command("import")
@click.argument("directory", metavar="DIR", type=SafePath(file_okay=False, path_type=str))
def import_cmd(directory: str) -> None:
    """Fill the local store from official-format files below DIR."""
    report = import_dir(directory)
    console = _console()
    console.print(_entries_table(f"Imported into {store_home()}", report.entries))
    for skipped in report.skipped:
        console.print(f"skipped: {skipped}")


def _status() -> dict[str, Any]:
    store = Store()
    check = store.check()
    rows = [
        {**entry.to_dict(), "verified": problem is None, "problem": problem}
        for entry, problem in check.datasets
    ]
    return {
        "home": str(store.home),
        "manifest": check.manifest,
        "datasets": rows,
        "problems": list(check.problems),
        "leftovers": list(check.leftovers),
        "writing": check.writing,
        "bundled_facts": [
            {"name": f.name, "source": f.source, "vintage": f.vintage} for f in list_facts()
        ],
    }


@data.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (schema in docs/data.md).")
def status_cmd(as_json: bool) -> None:
    """Show the datasets in the local store, checking each (exit 1 when anything is amiss)."""
    status = _status()
    if as_json:
        click.echo(json.dumps(status, indent=2))
    else:
        _print_status(status)
    if status["problems"]:
        raise click.exceptions.Exit(1)


def _print_status(status: dict[str, Any]) -> None:
    console = _console()
    if status["writing"]:
        console.print("note: another cardtable process is writing the store right now")
    if not status["datasets"] and not status["problems"]:
        console.print(
            f"No local store at {status['home']}: queries use the bundled facts "
            f"({len(status['bundled_facts'])} tables). Run 'cardtable data import DIR' or "
            "'cardtable data update' for full histories."
        )
    elif status["datasets"]:
        table = Table(
            title=f"Local store {status['home']}",
            title_justify="left",
            box=box.SIMPLE_HEAD,
            pad_edge=False,
            show_edge=False,
        )
        headers = ("dataset", "origin", "vintage", "rows", "retrieved/imported", "checked")
        for col in headers:
            table.add_column(col, justify="right" if col == "rows" else "left")
        for row in status["datasets"]:
            table.add_row(
                row["dataset"],
                row["origin"],
                row["vintage"],
                f"{row['rows']:,}",
                row["retrieved_at"].replace("T", " ")[:16] + "Z",
                "yes" if row["verified"] else "[bold red]NO[/]",
            )
        console.print(table)
    for problem in status["problems"]:
        console.print(f"problem: {problem}", markup=False, soft_wrap=True)
    if status["leftovers"]:
        console.print(
            f"note: {len(status['leftovers'])} leftover(s) of an interrupted write "
            f"({', '.join(status['leftovers'])}); harmless, removed by the next import or update",
            markup=False,
            soft_wrap=True,
        )

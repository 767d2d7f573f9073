"""``cardtable data update|import|status``: fill the local store and show what it holds.

``status --json`` prints::

    {"home": str, "manifest": bool,
     "datasets": [{"dataset", "file", "source", "origin", "retrieved_at", "vintage", "first",
                   "last", "rows", "sha256", "note", "verified"}],
     "bundled_facts": [{"name", "source", "vintage"}]}
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, cast

import click
from rich import box
from rich.console import Console
from rich.table import Table

__all__ = ["register"]


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
    from cardtable.data import store_home, update
    from cardtable.data.update import Source

    report = update(cast(Source, source))
    console = _console()
    console.print(_entries_table(f"Downloaded into {store_home()}", report.entries))
    for note in report.notes:
        console.print(f"note: {note}")


@data.command("import")
@click.argument("directory", metavar="DIR", type=click.Path(file_okay=False, path_type=str))
def import_cmd(directory: str) -> None:
    """Fill the local store from official-format files below DIR."""
    from cardtable.data import import_dir, store_home

    report = import_dir(directory)
    console = _console()
    console.print(_entries_table(f"Imported into {store_home()}", report.entries))
    for skipped in report.skipped:
        console.print(f"skipped: {skipped}")


def _status() -> dict[str, Any]:
    from cardtable.data import Store, list_facts

    store = Store()
    manifest = store.manifest()
    rows = [{**e.to_dict(), "verified": store.verify(name)} for name, e in manifest.items()]
    return {
        "home": str(store.home),
        "manifest": store.manifest_path.is_file(),
        "datasets": rows,
        "bundled_facts": [
            {"name": f.name, "source": f.source, "vintage": f.vintage} for f in list_facts()
        ],
    }


@data.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (schema in docs/data.md).")
def status_cmd(as_json: bool) -> None:
    """Show the datasets in the local store, with vintage and checksum check."""
    status = _status()
    if as_json:
        click.echo(json.dumps(status, indent=2))
        return
    console = _console()
    if not status["datasets"]:
        console.print(
            f"No local store at {status['home']}: queries use the bundled facts "
            f"({len(status['bundled_facts'])} tables). Run 'cardtable data import DIR' or "
            "'cardtable data update' for full histories."
        )
        return
    table = Table(
        title=f"Local store {status['home']}",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
    )
    headers = ("dataset", "origin", "vintage", "rows", "retrieved/imported", "checksum")
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
    if not all(row["verified"] for row in status["datasets"]):
        console.print(
            "Checksum NO: the file changed after it was written; run "
            "'cardtable data update --source X' or 'cardtable data import DIR' to refill it."
        )


def register(group: click.Group) -> None:
    """Add the ``data`` command group to ``group``."""
    group.add_command(data)

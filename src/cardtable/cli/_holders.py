"""``cardtable holders``: who holds Treasuries, ranked, or one holder's history."""

from __future__ import annotations

import json
import re

import click

from cardtable.errors import InputError

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def _month(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not _MONTH.match(value):
        raise InputError("--as-of", value, "a month written YYYY-MM, e.g. 2025-03")
    return value


@click.command("holders")
@click.option("--as-of", "as_of", callback=_month, help="Month YYYY-MM (default: latest).")
@click.option("--top", type=int, default=None, help="Show the N largest holders.")
@click.option("--country", default=None, help="One holder (aliases: china, uk, korea...).")
@click.option("--history", is_flag=True, help="With --country: the whole series.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (schema in docs/cli.md).")
def holders(
    as_of: str | None, top: int | None, country: str | None, history: bool, as_json: bool
) -> None:
    """Rank foreign holders of US Treasuries (TIC), or show one holder's history."""
    from cardtable.data._ranking import holder_history, rank_holders

    if history and country is None:
        raise InputError("--history", True, "give --country NAME with --history")
    if country is not None and history:
        result = holder_history(country)
        click.echo(json.dumps(result.to_dict(), indent=2) if as_json else result.summary())
        return
    if top is not None and top < 1:
        raise InputError("--top", top, "a whole number >= 1")
    ranking = rank_holders(as_of, None if country else top)
    if country is not None:
        from cardtable import data

        name = data.resolve_country(country)
        table = ranking.table[ranking.table["country"] == name]
        if table.empty:
            raise InputError(
                "--country", country, f"{name} is not listed by TIC at {ranking.as_of}"
            )
        from dataclasses import replace

        ranking = replace(ranking, table=table)
    click.echo(json.dumps(ranking.to_dict(), indent=2) if as_json else ranking.summary())


def register(group: click.Group) -> None:
    """Add the command to ``group``."""
    group.add_command(holders)

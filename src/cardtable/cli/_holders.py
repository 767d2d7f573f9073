"""``cardtable holders``: who holds Treasuries, ranked, or one holder's history."""

from __future__ import annotations

from dataclasses import replace

import click

from cardtable._calendar import check_month
from cardtable._json import dumps
from cardtable.cli._options import label_callback
from cardtable.data import resolve_country
from cardtable.data._ranking import holder_history, rank_holders
from cardtable.errors import InputError


def _month(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    return None if value is None else check_month(value, "--as-of")


@click.command("holders")
@click.option("--as-of", "as_of", callback=_month, help="Month YYYY-MM (default: latest).")
@click.option("--top", type=int, default=None, help="Show the N largest holders.")
@click.option(
    "--country",
    default=None,
    callback=label_callback,
    help="One holder (aliases: china, uk, korea...).",
)
@click.option("--history", is_flag=True, help="With --country: the whole series.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (schema in docs/cli.md).")
def holders(
    as_of: str | None, top: int | None, country: str | None, history: bool, as_json: bool
) -> None:
    """Rank foreign holders of US Treasuries (TIC), or show one holder's history."""
    if history and country is None:
        raise InputError("--history", True, "give --country NAME with --history")
    if top is not None and top < 1:
        raise InputError("--top", top, "a whole number >= 1")
    if country is not None and history:
        for flag, value in (("--as-of", as_of), ("--top", top)):
            if value is not None:
                raise InputError(flag, value, "not with --history, which shows every month")
        result = holder_history(country)
        click.echo(dumps(result.to_dict(), indent=2) if as_json else result.summary())
        return
    ranking = rank_holders(as_of, None if country else top)
    if country is not None:
        name = resolve_country(country)
        table = ranking.table[ranking.table["country"] == name]
        if table.empty:
            raise InputError(
                "--country", country, f"{name} is not listed by TIC at {ranking.as_of}"
            )
        ranking = replace(ranking, table=table)
    click.echo(dumps(ranking.to_dict(), indent=2) if as_json else ranking.summary())

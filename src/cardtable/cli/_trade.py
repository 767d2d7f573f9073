"""``cardtable trade``: what US tariffs cost the holder's exporters, US buyers and the Treasury."""

from __future__ import annotations

import datetime as dt
import re

import click

from cardtable._json import dumps
from cardtable.cli._options import draws_seed_options, label_callback
from cardtable.errors import InputError, UnknownNameError
from cardtable.params import REGISTRY, Draws
from cardtable.scenarios import MAX_TARIFF_PCT
from cardtable.trade import (
    HOLDER_EXPORT_SECTORS,
    canonical_holder,
    tariff_timeline,
    tariffs_at,
    trade_effects,
)

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@click.command("trade")
@click.argument("holder", callback=label_callback)
@click.option(
    "--at",
    "at",
    default=None,
    help="Tariffs in force on this date YYYY-MM-DD (bundled timeline; default: its last change).",
)
@click.option("--tariff-pct", type=float, default=None, help="One all-in tariff on every sector.")
@click.option("--autos-pct", type=float, default=None, help="All-in tariff on autos and parts.")
@click.option(
    "--baseline-pct",
    type=float,
    default=None,
    help="Tariff before the change on every sector (default: the holder's pre-2025 MFN rates).",
)
@click.option(
    "--horizon",
    type=click.Choice(["first_year", "long_run"]),
    default="first_year",
    show_default=True,
    help="Import-demand elasticity: first year or long run.",
)
@draws_seed_options(draws_default=10_000, seed_default=1)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (schema in docs/cli.md).")
def trade_cmd(
    holder: str,
    at: str | None,
    tariff_pct: float | None,
    autos_pct: float | None,
    baseline_pct: float | None,
    horizon: str,
    draws: int,
    seed: int,
    as_json: bool,
) -> None:
    """What US tariffs on HOLDER's exports (japan, china) cost, with p5 / p50 / p95 over draws."""
    for field, value in (
        ("--tariff-pct", tariff_pct),
        ("--autos-pct", autos_pct),
        ("--baseline-pct", baseline_pct),
    ):
        if value is not None and not 0.0 <= value <= MAX_TARIFF_PCT:
            raise InputError(field, value, f"an all-in tariff in percent, 0 to {MAX_TARIFF_PCT:g}")
    name = canonical_holder(holder)
    if at is not None and (tariff_pct is not None):
        raise InputError("--at", at, "either --at or --tariff-pct, not both")
    try:
        tariff_timeline(name)
    except UnknownNameError:
        if tariff_pct is None:
            raise InputError(
                "--tariff-pct",
                None,
                f"{name} has no bundled tariff timeline: give --tariff-pct and --baseline-pct",
                show_value=False,
            ) from None
        if baseline_pct is None:
            raise InputError(
                "--baseline-pct",
                None,
                f"{name} has no bundled tariff timeline: give the tariff before the change",
                show_value=False,
            ) from None
    if tariff_pct is None:
        dates = tariff_timeline(name)["date"].astype(str)
        if at is not None:
            try:
                day = dt.date.fromisoformat(at) if _DATE.match(at) else None
            except ValueError:
                day = None
            if day is None:
                raise InputError("--at", at, "a date YYYY-MM-DD, e.g. 2025-04-09")
            if at < dates.min():
                raise InputError(
                    "--at", at, f"a date on or after {dates.min()}, the timeline's first entry"
                )
        else:
            at = str(dates.max())
        after: dict[str, float] = tariffs_at(name, at)
    else:
        after = {s: tariff_pct for s in HOLDER_EXPORT_SECTORS}
    if autos_pct is not None:
        after["autos_and_parts"] = autos_pct
    baseline = None if baseline_pct is None else dict.fromkeys(HOLDER_EXPORT_SECTORS, baseline_pct)
    params = Draws.make(REGISTRY, draws, seed, "default").params
    effects = trade_effects(
        name,
        after,
        params,
        baseline_tariffs_pct=baseline,
        horizon="first_year" if horizon == "first_year" else "long_run",
    )
    if as_json:
        payload = {"as_of": at, "seed": seed, **effects.to_dict()}
        click.echo(dumps(payload, indent=2))
    else:
        head = f"tariffs in force on {at}" if at else "tariffs as given"
        click.echo(f"{head} (seed {seed})\n{effects.summary()}")

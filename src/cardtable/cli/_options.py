"""Options shared by several commands. Values are checked by the library (one rule each, e.g.
:func:`cardtable.params.check_draws`); the CLI only parses them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from cardtable.scenarios import parse_assignment
from cardtable.scenarios._text import check_label

__all__ = ["SafePath", "draws_seed_options", "label_callback", "overrides", "scenario_options"]


class SafePath(click.Path):
    """:class:`click.Path` that refuses a NUL character up front (``os.stat`` would raise
    ``ValueError`` on it: found by the fuzzer with ``--out``)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and "\x00" in value:
            self.fail(f"{value!r} holds a NUL character, which no path can", param, ctx)
        return super().convert(value, param, ctx)


def draws_seed_options(
    draws_default: int | None = None, seed_default: int | None = None
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--draws`` and ``--seed`` (``None`` defaults: the scenario's own values)."""

    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        fn = click.option(
            "--seed",
            type=int,
            default=seed_default,
            show_default=seed_default is not None,
            help="Random seed (a whole number >= 0).",
        )(fn)
        return click.option(
            "--draws",
            type=int,
            default=draws_default,
            show_default=draws_default is not None,
            help="Monte Carlo draws (1 = deterministic central run).",
        )(fn)

    return decorate


def scenario_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The options every scenario command takes: SCENARIO, --draws, --seed, --calibration,
    --set NAME=VALUE (repeatable), --strict, --json."""
    fn = click.option(
        "--strict",
        is_flag=True,
        help="Refuse --set values outside a parameter's plausible range (default: warn).",
    )(fn)
    fn = click.option(
        "--set",
        "assignments",
        multiple=True,
        metavar="NAME=VALUE",
        help="Set a scenario field (actors[0].sell.amount_usd_bn=500) or a registry "
        "parameter (flow_impact_bp_per_100bn=60); repeatable.",
    )(fn)
    fn = click.option(
        "--json", "as_json", is_flag=True, help="Print JSON (schema in docs/cli.md)."
    )(fn)
    fn = click.option("--calibration", default=None, help="Named calibration (cardtable params).")(
        fn
    )
    fn = draws_seed_options()(fn)
    return click.argument("scenario")(fn)


def overrides(assignments: tuple[str, ...]) -> dict[str, Any]:
    """``--set`` assignments as ``NAME -> value`` (the last one of a name wins)."""
    return dict(parse_assignment(a) for a in assignments)


def label_callback(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A click callback: a holder name (or a comma-separated list) is one printable line."""
    if value is None:
        return None
    flag = param.opts[-1] if isinstance(param, click.Option) else param.human_readable_name
    return check_label(flag, value, max_length=2_000 if "," in value else 80)

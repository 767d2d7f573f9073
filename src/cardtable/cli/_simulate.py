"""``cardtable simulate``, ``cardtable scenarios`` and ``cardtable params``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from cardtable.cli._report import emit_outputs, output_options, running
from cardtable.errors import InputError


def _positive(name: str):  # type: ignore[no-untyped-def]
    def check(ctx: click.Context, param: click.Parameter, value: int | None) -> int | None:
        if value is not None and value < 1:
            raise InputError(name, value, "a whole number >= 1")
        return value

    return check


def _non_negative(ctx: click.Context, param: click.Parameter, value: int | None) -> int | None:
    if value is not None and value < 0:
        raise InputError("--seed", value, "a whole number >= 0")
    return value


def scenario_options(fn: Callable[..., None]) -> Callable[..., None]:
    """The options every scenario command takes: SCENARIO, --draws, --seed, --calibration,
    --json."""
    for option in reversed(
        [
            click.argument("scenario"),
            click.option(
                "--draws",
                type=int,
                default=None,
                callback=_positive("--draws"),
                help="Monte Carlo draws (1 = deterministic central run).",
            ),
            click.option(
                "--seed", type=int, default=None, callback=_non_negative, help="Random seed."
            ),
            click.option(
                "--calibration", default=None, help="Named calibration (cardtable params)."
            ),
            click.option(
                "--json", "as_json", is_flag=True, help="Print JSON (schema in docs/cli.md)."
            ),
        ]
    ):
        fn = option(fn)
    return fn


@click.command("simulate")
@scenario_options
@output_options
def simulate_cmd(
    scenario: str,
    draws: int | None,
    seed: int | None,
    calibration: str | None,
    as_json: bool,
    out_dir: Path | None,
    report_path: Path | None,
    xlsx: bool,
    quiet: bool,
) -> None:
    """Simulate SCENARIO (a built-in name or a TOML file): yields, the dollar, who pays."""
    from cardtable.uncertainty import simulate

    with running(f"simulate {scenario}", quiet):
        result = simulate(scenario, draws=draws, seed=seed, calibration=calibration)
    emit_outputs(
        result,
        scenario=scenario,
        out_dir=out_dir,
        report_path=report_path,
        xlsx=xlsx,
        as_json=as_json,
    )
    click.echo(result.to_json() if as_json else result.summary())


@click.command("scenarios")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def scenarios_cmd(as_json: bool) -> None:
    """List the built-in scenarios."""
    from cardtable.scenarios import builtin_names, load_scenario

    rows: list[dict[str, Any]] = []
    for name in builtin_names():
        sc = load_scenario(name)
        rows.append(
            {
                "name": name,
                "as_of": sc.as_of,
                "actors": [f"{a.holder}: {a.action}" for a in sc.actors],
                "horizon_days": sc.horizon_days,
                "negotiation": sc.negotiation is not None,
                "description": " ".join(sc.description.split()),
            }
        )
    if as_json:
        click.echo(json.dumps({"scenarios": rows}, indent=2))
        return
    for r in rows:
        click.echo(f"{r['name']:<24} as of {r['as_of']}  {'; '.join(r['actors'])}")
        click.echo(f"    {r['description']}")


@click.command("params")
@click.option("--calibration", default="default", help="Show values under this calibration.")
@click.option("--group", default=None, help="Only one model part (market, costs, trade, game).")
@click.option("--calibrations", "list_cals", is_flag=True, help="List named calibrations.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def params_cmd(calibration: str, group: str | None, list_cals: bool, as_json: bool) -> None:
    """The parameter registry: value, unit, range and source of every model parameter."""
    from cardtable.params import REGISTRY

    if list_cals:
        cals = [REGISTRY.calibration(c) for c in REGISTRY.calibrations]
        if as_json:
            click.echo(
                json.dumps(
                    [
                        {
                            "name": c.name,
                            "description": c.description,
                            "source": c.source,
                            "market_size_measure": c.market_size_measure,
                            "overrides": {k: list(v) for k, v in c.overrides.items()},
                        }
                        for c in cals
                    ],
                    indent=2,
                )
            )
        else:
            for c in cals:
                click.echo(f"{c.name:<18} {c.description}\n{'':<18} source: {c.source}")
        return
    frame = REGISTRY.to_frame(calibration)
    if group is not None:
        groups = sorted(set(frame["group"]))
        if group not in groups:
            raise InputError("--group", group, f"one of {', '.join(groups)}")
        frame = frame[frame["group"] == group]
    if as_json:
        click.echo(frame.to_json(orient="records", indent=2))
        return
    for r in frame.itertuples():
        click.echo(f"{r.name:<40} {r.value:>10.4g} {r.unit:<28} [{r.low:.4g}, {r.high:.4g}]")
        click.echo(f"{'':<40} {r.source}")


def register(group: click.Group) -> None:
    """Add the commands to ``group``."""
    group.add_command(simulate_cmd)
    group.add_command(scenarios_cmd)
    group.add_command(params_cmd)

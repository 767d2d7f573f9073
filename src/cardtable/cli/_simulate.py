"""``cardtable simulate``, ``cardtable scenarios`` and ``cardtable params``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from cardtable._json import dumps
from cardtable.cli._options import overrides, scenario_options
from cardtable.cli._report import output_options, run_scenario_command
from cardtable.engine import simulate
from cardtable.errors import InputError
from cardtable.params import REGISTRY
from cardtable.scenarios import builtin_names, load_scenario


@click.command("simulate")
@scenario_options
@output_options
def simulate_cmd(
    scenario: str,
    draws: int | None,
    seed: int | None,
    calibration: str | None,
    assignments: tuple[str, ...],
    strict: bool,
    as_json: bool,
    out_dir: Path | None,
    report_path: Path | None,
    xlsx: bool,
    quiet: bool,
) -> None:
    """Simulate SCENARIO (a built-in name or a TOML file): yields, the dollar, who pays."""
    result = run_scenario_command(
        simulate,
        "simulate",
        scenario,
        draws=draws,
        seed=seed,
        calibration=calibration,
        overrides=overrides(assignments),
        strict=strict,
        as_json=as_json,
        out_dir=out_dir,
        report_path=report_path,
        xlsx=xlsx,
        quiet=quiet,
        # the text and JSON read per-draw summaries only: paths are kept for files and reports
        keep_paths=out_dir is not None or report_path is not None,
    )
    click.echo(result.to_json() if as_json else result.summary())


@click.command("scenarios")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def scenarios_cmd(as_json: bool) -> None:
    """List the built-in scenarios."""
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
        click.echo(dumps({"scenarios": rows}, indent=2))
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
    REGISTRY.calibration(calibration)  # an unknown name fails even with --calibrations
    frame = REGISTRY.to_frame(calibration)
    groups = sorted(set(frame["group"]))
    if group is not None and group not in groups:  # checked even with --calibrations
        raise InputError("--group", group, f"one of {', '.join(groups)}")
    if list_cals:
        cals = [REGISTRY.calibration(c) for c in REGISTRY.calibrations]
        if as_json:
            click.echo(
                dumps(
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
    if group is not None:
        frame = frame[frame["group"] == group]
    if as_json:
        click.echo(frame.to_json(orient="records", indent=2))
        return
    for r in frame.itertuples():
        click.echo(f"{r.name:<40} {r.value:>10.4g} {r.unit:<28} [{r.low:.4g}, {r.high:.4g}]")
        click.echo(f"{'':<40} {r.source}")

"""Assemble a report from result objects: sections, tables and provenance."""

from __future__ import annotations

import platform
import sys
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import Any

import numpy as np

from cardtable.report._api import (
    CoalitionResult,
    ScenarioNegotiation,
    ScenarioSource,
    SimulationResult,
    package_version,
    present_values,
)
from cardtable.report._figures import coalition_figures, negotiation_figures, simulation_figures
from cardtable.report._files import write_bytes
from cardtable.report._html import Section, render_report, table_html
from cardtable.views._frames import (
    coalition_summary_frame,
    negotiation_summary_frame,
    simulation_summary_frame,
)

__all__ = ["build_report", "provenance", "report_of", "write_report"]


def provenance(
    *,
    source: ScenarioSource | None,
    result: SimulationResult | ScenarioNegotiation | CoalitionResult,
    command: str = "",
) -> dict[str, Any]:
    """Who made a result and from what: package version, command, scenario spec, seed, draws,
    calibration and the data sources with their vintages."""
    prov: dict[str, Any] = {
        "package": "cardtable",
        "version": package_version(),
        "generated_utc": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "command": command,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "platform": sys.platform,
    }
    if isinstance(result, CoalitionResult):
        prov.update(
            as_of=result.as_of,
            draws=1,
            calibration="default (central values)",
            sale_share=result.sale_share,
            sale_days=result.sale_days,
        )
    else:
        prov.update(
            scenario=result.scenario,
            as_of=result.as_of,
            draws=result.draws,
            seed=result.seed,
            calibration=result.calibration,
        )
    if source is not None:
        prov["scenario_origin"] = source.origin
        prov["scenario_toml"] = source.toml
    prov["sources"] = dict(result.sources)
    return prov


def _simulation_section(sim: SimulationResult) -> Section:
    frame = simulation_summary_frame(sim)
    intro = (
        f'<p>{escape(sim.description)}</p><p class="muted">{sim.draws:,} draws, seed '
        f"{sim.seed}, {sim.state} market, {sim.horizon_days} trading days from the as-of month "
        f"{escape(sim.as_of)}; bands are p5-p95 and p25-p75 over draws.</p>"
        + table_html(frame, table_id="summary")
    )
    return ("Markets and who pays", intro, simulation_figures(sim, present_values(sim)))


def _negotiation_section(neg: ScenarioNegotiation) -> Section:
    d = neg.to_dict()
    intro = (
        f"<p>{escape(neg.holder)}'s card: sell USD {neg.threat_sale_usd_bn:,.1f}bn "
        f"(announced probability {neg.threat_probability:.2f}); credible in "
        f"{100 * d['credible_probability']:.1f}% of draws; agreement in "
        f"{100 * d['agreement_probability']:.1f}%.</p>"
        + table_html(negotiation_summary_frame(neg), table_id="negotiation")
    )
    return ("Negotiation", intro, negotiation_figures(neg))


def _coalition_section(coal: CoalitionResult) -> Section:
    intro = (
        f"<p>Each coalition sells {100 * coal.sale_share:.0f}% of its holdings over "
        f"{coal.sale_days} trading days; value of all holders together USD "
        f"{coal.value_grand_coalition_usd_bn:,.1f}bn; core "
        f"{'empty' if coal.core_empty else 'non-empty'} ({escape(coal.core_detail)}).</p>"
        + table_html(coalition_summary_frame(coal).head(15), table_id="coalition")
    )
    return ("Coalition shares", intro, coalition_figures(coal))


def build_report(
    *,
    source: ScenarioSource | None = None,
    sim: SimulationResult | None = None,
    neg: ScenarioNegotiation | None = None,
    coal: CoalitionResult | None = None,
    command: str = "",
) -> str:
    """One self-contained HTML document for the given results (at least one).

    Parameters
    ----------
    source
        The scenario and its TOML text (shown under provenance).
    sim, neg, coal
        The results to show, in this order.
    command
        The command line that produced them.
    """
    results = [r for r in (sim, neg, coal) if r is not None]
    if not results:
        raise ValueError("build_report needs at least one result")
    sections: list[Section] = []
    if sim is not None:
        sections.append(_simulation_section(sim))
    if neg is not None:
        sections.append(_negotiation_section(neg))
    if coal is not None:
        sections.append(_coalition_section(coal))
    prov = provenance(source=source, result=results[0], command=command)
    for extra in results[1:]:
        prov["sources"].update(extra.sources)
    first = results[0]
    if isinstance(first, CoalitionResult):
        title, cal = f"cardtable: creditors' coalition at {first.as_of}", "default"
    else:
        title, cal = f"cardtable: {first.scenario}", first.calibration
    subtitle = f"as of {first.as_of}; cardtable {prov['version']}; {prov['generated_utc']}"
    return render_report(title, subtitle, sections, prov, cal)


def report_of(
    result: SimulationResult | ScenarioNegotiation | CoalitionResult,
    *,
    source: ScenarioSource | None = None,
    command: str = "",
) -> str:
    """The report of one result of any kind."""
    if isinstance(result, SimulationResult):
        return build_report(source=source, sim=result, command=command)
    if isinstance(result, ScenarioNegotiation):
        return build_report(source=source, neg=result, command=command)
    return build_report(source=source, coal=result, command=command)


def write_report(path: str | Path, html: str) -> Path:
    """Write the report atomically (mode 0644); returns its path."""
    return write_bytes(Path(path), html.encode("utf-8"))

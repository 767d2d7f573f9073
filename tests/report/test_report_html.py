"""The HTML report: self-contained (plotly.js inlined, no network), every chart the issue lists,
parameters with sources and provenance; written by `cardtable report` and `--report`."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest

from cardtable.cli import main
from cardtable.params import REGISTRY
from cardtable.report._api import (
    ScenarioSource,
    SimulationResult,
    package_version,
    resolve_scenario,
    run_coalition,
    run_negotiate,
    run_simulate,
)
from cardtable.report._build import build_report

FAN_IDS = ["yield_2y", "yield_5y", "yield_10y", "yield_30y", "usdjpy", "broad_dollar"]


@pytest.fixture(scope="module")
def kato() -> ScenarioSource:
    return resolve_scenario("kato-2025")


@pytest.fixture(scope="module")
def sim(kato: ScenarioSource) -> SimulationResult:
    return run_simulate(kato, draws=400, seed=7, calibration=None)


def _figure_ids(html: str) -> list[str]:
    return re.findall(r'data-figure="([^"]+)"', html)


def test_report_is_self_contained_and_shows_every_part(
    kato: ScenarioSource, sim: SimulationResult
) -> None:
    neg = run_negotiate(kato, draws=300, seed=7, calibration=None)
    coal = run_coalition("2025-03", ["japan", "china", "uk"])
    html = build_report(source=kato, sim=sim, neg=neg, coal=coal, command="test")
    # one file: the plotly.js bundle inline, no script or stylesheet fetched from anywhere
    assert "<script src" not in html
    assert "<link" not in html
    assert "plotly.js v" in html  # the bundle's banner
    ids = _figure_ids(html)
    for fig in [
        *FAN_IDS,
        "who_pays",
        "us_interest_cumulative",
        "present_values",
        "negotiation_payoffs",
        "credibility",
        "negotiation_probabilities",
        "deal_tariff",
        "coalition_shares",
        "coalition_value",
    ]:
        assert fig in ids, fig
    # parameters with sources: one row per registry parameter
    params = html.split('id="parameters"')[1].split("</table>")[0]
    assert params.count("<tr>") == len(REGISTRY.to_frame("default")) + 1
    # provenance: version, seed, draws, data vintages and the scenario spec as written
    prov = html.split('id="provenance"')[1]
    assert package_version() in prov
    assert "<th>seed</th><td>7</td>" in prov
    assert "<th>draws</th><td>400</td>" in prov
    assert "holdings" in prov
    assert "vintage" in prov
    assert "probability = 0.10" in prov  # kato-2025.toml's own text


def test_report_command_writes_a_readable_file(
    empty_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "kato.html"
    args = ["report", "kato-2025", "--draws", "200", "--no-coalition", "-o", str(out)]
    assert main(args) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    html = out.read_text(encoding="utf-8")
    assert "coalition_shares" not in _figure_ids(html)
    assert {"negotiation_payoffs", *FAN_IDS} <= set(_figure_ids(html))


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["report", "kato-2025", "--draws", "0"], "--draws: 0 is not allowed"),
        (["report", "kato-2025", "--seed", "-2"], "--seed: -2 is not allowed"),
        (["report", "kato-202"], "did you mean 'kato-2025'"),
    ],
)
def test_report_bad_input_is_one_line(
    empty_home: Path, capsys: pytest.CaptureFixture[str], args: list[str], needle: str
) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert needle in err
    assert "\n" not in err


def test_report_flag_on_simulate_negotiate_coalition(
    empty_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    runs = {
        "sim.html": ["simulate", "japan-fire-sale", "--draws", "200"],
        "neg.html": ["negotiate", "kato-2025", "--draws", "200"],
        "coal.html": ["coalition", "--as-of", "2025-03", "--holders", "japan,china"],
    }
    expect = {"sim.html": "who_pays", "neg.html": "credibility", "coal.html": "coalition_shares"}
    for name, args in runs.items():
        assert main([*args, "--report", str(tmp_path / name)]) == 0, name
        assert expect[name] in _figure_ids((tmp_path / name).read_text(encoding="utf-8"))
    capsys.readouterr()

"""Regressions found by the hardening fuzzers of the CLI: holder names with control characters,
the flag named for an unknown coalition holder, an unknown [params] name, a threat that sells
nothing under an implied probability, and bad options ignored when a command only lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from cardtable.cli import main


def _err(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    code = main(args)
    _, err = capsys.readouterr()
    assert code == 2, err
    lines = err.splitlines()
    assert len(lines) == 1, err
    return lines[0]


@pytest.mark.parametrize(
    ("args", "start"),
    [
        (["holders", "--country", "japan\x1b[2J"], "error: --country: 'japan\\x1b[2J' is not"),
        (["coalition", "--holders", "japan,china\x00"], "error: --holders: 'japan,china\\x00' is"),
        (["trade", "japan\x07", "--tariff-pct", "10"], "error: HOLDER: 'japan\\x07' is not"),
    ],
)
def test_holder_names_with_control_characters_are_refused(
    args: list[str], start: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _err(args, capsys).startswith(start)


def test_unknown_coalition_holder_names_the_flag(capsys: pytest.CaptureFixture[str]) -> None:
    line = _err(["coalition", "--holders", "japan,atlantis"], capsys)
    assert line.startswith("error: --holders: 'atlantis' is not allowed; unknown country")


def test_unknown_parameter_in_a_file_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "f.toml"
    file.write_text(
        'name = "t"\nas_of = "2025-03"\n[params]\nflow_impact = 50.0\n'
        '[[actors]]\nholder = "Japan"\n[actors.sell]\namount_usd_bn = 10.0\n',
        encoding="utf-8",
    )
    line = _err(["simulate", str(file), "--draws", "2"], capsys)
    assert line.startswith("error: f.toml: params: 'flow_impact' is not allowed; unknown parameter")


def test_implied_threat_of_nothing_is_refused_at_the_scenario(
    capsys: pytest.CaptureFixture[str],
) -> None:
    line = _err(
        ["negotiate", "kato-2025", "--draws", "2", "--set", "actors[0].announce.amount_usd_bn=0"],
        capsys,
    )
    assert "actors[0].announce.amount_usd_bn" in line
    assert "executed_move" not in line


@pytest.mark.parametrize(
    ("args", "start"),
    [
        (["backtest", "--draws", "0"], "error: --draws: 0 is not allowed"),
        (["backtest", "--list", "--seed", "-1"], "error: --seed: -1 is not allowed"),
        (["backtest", "--calibration", "nope"], "error: --calibration: 'nope' is not allowed"),
        (["backtest", "japan-2022", "--list"], "error: --list: not with EPISODE or --all"),
        (["params", "--calibrations", "--group", "nope"], "error: --group: 'nope' is not allowed"),
    ],
)
def test_listing_does_not_ignore_bad_options(
    args: list[str], start: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _err(args, capsys).startswith(start)


@pytest.mark.parametrize(
    "args",
    [
        ["simulate", "kato-2025", "--draws", "2", "--out", "o\x00"],
        ["negotiate", "kato-2025", "--draws", "2", "--report", "r\x00"],
        ["report", "kato-2025", "--draws", "2", "-o", "r\x00"],
        ["factcheck", "-", "--html", "h\x00"],
        ["data", "import", "d\x00"],
        ["sweep", "kato-2025", "--grid", "seed=1,2", "--draws", "2", "--out", "o\x00"],
    ],
)
def test_a_nul_in_a_path_is_refused_not_a_crash(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by the fuzzer: os.stat raised ValueError ('embedded null byte') for --out."""
    line = _err(args, capsys)
    assert "holds a NUL character, which no path can" in line

"""Inputs that are bad by construction must be refused, inputs that are good by construction
must be accepted (issue: hardening).

Each bad input breaks one labelled rule (wrong type, out of range, above holdings, unknown
field or name, bad date, draws, non-finite number, control character, oversize string, missing
field...) in a scenario file or a flag; the CLI must exit 2 with one line on stderr that names
the field. Each good input must run (exit 0) with finite output. Outcomes are recorded for
``scripts/fuzz_tally.py`` before they are asserted.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from _fuzz import (
    Case,
    bad_scenarios,
    fuzz_settings,
    good_scenarios,
    nonfinite_json,
    record,
    toml_text,
)
from cardtable.cli import main
from cardtable.params import REGISTRY
from cardtable.scenarios import market_state_conflict

_WORD = st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
_NEGOTIATES = ["china-tariff-war-2025", "japan-fire-sale", "kato-2025"]
_BAD_MONTHS = ["2025-13", "2025-3", "25-03", "2025/03", "2025-03-01", "1999-01", "2099-01", "x"]


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def _refused(rule: str, field: str, code: int, out: str, err: str) -> None:
    lines = [ln for ln in err.splitlines() if not ln.startswith("warning: ")]
    traceback = "Traceback" in err or "unexpected" in err
    record("cli", "bad", rule, accepted=code == 0, traceback=traceback)
    assert not traceback, err
    assert code == 2, f"{rule}: accepted (exit {code}); {err[:300]}"
    assert len(lines) == 1, err
    assert lines[0].startswith("error: "), err
    assert lines[0].isprintable(), lines[0]  # no control character reaches the terminal
    assert field in lines[0], f"{rule}: the message does not name {field!r}: {lines[0]}"


def _accepted(rule: str, code: int, out: str, err: str) -> None:
    traceback = "Traceback" in err or "unexpected" in err
    nonfinite = nonfinite_json(out) if out.lstrip().startswith(("{", "[")) else "NaN" in out
    record("cli", "good", rule, accepted=code == 0, traceback=traceback, nonfinite=nonfinite)
    assert not traceback, err
    assert code == 0, f"{rule}: refused: {err[:300]}"
    assert not nonfinite, out[:500]


@fuzz_settings(150, share=0.5)
@given(case=bad_scenarios(), negotiate=st.booleans())
def test_bad_scenario_files_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: Case, negotiate: bool
) -> None:
    file = tmp_path / "bad.toml"
    file.write_text(toml_text(case.doc), encoding="utf-8")
    command = "negotiate" if negotiate and "negotiation" in case.doc else "simulate"
    code, out, err = _run([command, str(file), "--draws", "3", "--json"], capsys)
    _refused(case.rule, case.field, code, out, err)


@fuzz_settings(40, share=0.2)
@given(case=good_scenarios())
def test_good_scenario_files_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: Case
) -> None:
    file = tmp_path / "good.toml"
    file.write_text(toml_text(case.doc), encoding="utf-8")
    command = "negotiate" if "negotiation" in case.doc else "simulate"
    code, out, err = _run([command, str(file), "--draws", "2", "--json", "--strict"], capsys)
    _accepted(f"good scenario ({command})", code, out, err)


@st.composite
def bad_command_lines(draw: st.DrawFn) -> tuple[str, str, list[str]]:
    """``(rule, field the message must name, argv)`` with one bad flag or argument."""
    scen = draw(st.sampled_from(_NEGOTIATES))
    run = draw(st.sampled_from(["simulate", "negotiate"]))
    word = "Qx" + draw(_WORD)
    ctrl = draw(st.sampled_from(["\x00", "\x07", "\x1b[2J", "\n", "\x7f", "\u202e"]))
    options: list[tuple[str, str, list[str]]] = [
        (
            "draws out of range",
            "--draws",
            [
                run,
                scen,
                "--draws",
                str(draw(st.integers(-(10**9), 0) | st.integers(2_000_001, 10**15))),
            ],
        ),
        (
            "wrong type",
            "--draws",
            [run, scen, "--draws", draw(st.sampled_from(["3.5", "x", "", "1e3"]))],
        ),
        (
            "seed out of range",
            "--seed",
            [
                run,
                scen,
                "--draws",
                "2",
                "--seed",
                str(draw(st.integers(-(10**9), -1) | st.integers(2**63, 2**70))),
            ],
        ),
        (
            "unknown calibration",
            "--calibration",
            [run, scen, "--draws", "2", "--calibration", word],
        ),
        ("unknown scenario", "scenario", [run, word]),
        (
            "control character",
            "scenario",
            [run, "kato-2025" + draw(st.sampled_from(["\x00", "\x07", "\x1b"]))],
        ),
        ("oversize string", "scenario", [run, "x" * draw(st.integers(300, 6000))]),
        ("missing file", "scenario", [run, f"/nonexistent/{word}.toml"]),
        ("unknown field", "--set", [run, scen, "--draws", "2", "--set", f"zz_{word}=1"]),
        (
            "non-finite number",
            "flow_impact_bp_per_100bn",
            [
                run,
                scen,
                "--draws",
                "2",
                "--set",
                f"flow_impact_bp_per_100bn={draw(st.sampled_from(['nan', 'inf', '-inf']))}",
            ],
        ),
        (
            "out of range",
            "horizon_days",
            [run, scen, "--draws", "2", "--set", f"horizon_days={draw(st.integers(-50, 0))}"],
        ),
        ("unknown option", "--zz", [run, scen, f"--zz{word}"]),
        ("bad date", "--as-of", ["holders", "--as-of", draw(st.sampled_from(_BAD_MONTHS))]),
        ("out of range", "--top", ["holders", "--top", str(draw(st.integers(-(10**6), 0)))]),
        ("unknown country", "--country", ["holders", "--country", word]),
        ("bad date", "--as-of", ["coalition", "--as-of", draw(st.sampled_from(_BAD_MONTHS))]),
        (
            "out of range",
            "--sale-share",
            [
                "coalition",
                "--sale-share",
                draw(st.sampled_from(["0", "-0.5", "1.01", "nan", "inf", "-inf", "x"])),
            ],
        ),
        ("unknown country", "--holders", ["coalition", "--holders", f"japan,{word}"]),
        (
            "bad date",
            "--at",
            [
                "trade",
                "japan",
                "--draws",
                "2",
                "--at",
                draw(st.sampled_from(["2025/04/09", "2025-02-30", "09-04-2025", "x", "2025-4-9"])),
            ],
        ),
        (
            "out of range",
            "--tariff-pct",
            [
                "trade",
                "japan",
                "--draws",
                "2",
                "--tariff-pct",
                draw(st.sampled_from(["-1", "200.5", "1e9", "nan", "inf"])),
            ],
        ),
        ("unknown country", "holder", ["trade", word, "--draws", "2", "--tariff-pct", "10"]),
        ("unknown group", "--group", ["params", "--group", word]),
        ("unknown group", "--group", ["params", "--calibrations", "--group", word]),
        ("draws out of range", "--draws", ["backtest", "--list", "--draws", "0"]),
        ("seed out of range", "--seed", ["backtest", "--seed", "-1"]),
        ("unknown calibration", "--calibration", ["backtest", "--calibration", word]),
        ("unknown episode", "episode", ["backtest", word, "--draws", "2"]),
        ("conflicting options", "--list", ["backtest", "japan-2022", "--list"]),
        ("NUL in a path", "--out", [run, scen, "--draws", "2", "--out", f"o{chr(0)}"]),
        ("NUL in a path", "--report", [run, scen, "--draws", "2", "--report", f"r{chr(0)}"]),
        ("NUL in a path", "--output", ["report", scen, "--draws", "2", "-o", f"r{chr(0)}"]),
        ("NUL in a path", "--html", ["factcheck", "-", "--html", f"h{chr(0)}"]),
        ("NUL in a path", "DIR", ["data", "import", f"d{chr(0)}"]),
        ("control character", "--country", ["holders", "--country", f"japan{ctrl}"]),
        ("control character", "--holders", ["coalition", "--holders", f"japan,china{ctrl}"]),
        ("control character", "HOLDER", ["trade", f"japan{ctrl}", "--tariff-pct", "10"]),
    ]
    return draw(st.sampled_from(options))


@fuzz_settings(150, share=0.5)
@given(case=bad_command_lines())
def test_bad_command_lines_are_refused(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    case: tuple[str, str, list[str]],
) -> None:
    monkeypatch.chdir(tmp_path)
    rule, field, args = case
    code, out, err = _run(args, capsys)
    _refused(rule, field, code, out, err)


def _calibrations(state: str) -> list[str]:
    return [c for c in REGISTRY.calibrations if market_state_conflict(state, c) is None]


@st.composite
def good_command_lines(draw: st.DrawFn) -> list[str]:
    """A command line every part of which is allowed."""
    month = f"{draw(st.integers(2001, 2024))}-{draw(st.integers(1, 12)):02d}"
    draws = str(draw(st.integers(1, 4)))
    seed = str(draw(st.integers(0, 2**63 - 1)))
    p = REGISTRY[draw(st.sampled_from(REGISTRY.names))]
    value = draw(st.floats(min(p.low, p.high), max(p.low, p.high)))
    options = [
        ["holders", "--as-of", month, "--top", str(draw(st.integers(1, 40))), "--json"],
        [
            "holders",
            "--country",
            draw(st.sampled_from(["japan", "china", "uk", "Taiwan"])),
            "--json",
        ],
        [
            "simulate",
            draw(st.sampled_from(_NEGOTIATES)),
            "--draws",
            draws,
            "--seed",
            seed,
            "--json",
            "--calibration",
            draw(st.sampled_from(_calibrations("normal"))),
        ],
        [
            "simulate",
            "kato-2025",
            "--draws",
            draws,
            "--set",
            f"{p.name}={value!r}",
            "--strict",
            "--json",
        ],
        [
            "negotiate",
            draw(st.sampled_from(_NEGOTIATES)),
            "--draws",
            draws,
            "--seed",
            seed,
            "--json",
        ],
        [
            "trade",
            draw(st.sampled_from(["japan", "china"])),
            "--draws",
            draws,
            "--json",
            "--tariff-pct",
            str(draw(st.floats(0.0, 200.0))),
            "--baseline-pct",  # China has no bundled timeline: the tariff before the change
            str(draw(st.floats(0.0, 200.0))),
        ],
        [
            "params",
            "--group",
            draw(st.sampled_from(["market", "costs", "trade", "game"])),
            "--json",
        ],
        ["scenarios", "--json"],
    ]
    return draw(st.sampled_from(options))


@fuzz_settings(40, share=0.2)
@given(args=good_command_lines())
def test_good_command_lines_run(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = _run(args, capsys)
    _accepted(f"good command line ({args[0]})", code, out, err)

"""A fuzzer of scenario files and command-line arguments (issue: hardening).

Every input must end in a result or in one line on stderr naming the field, the value and
what is allowed: never a traceback, never the last-resort "unexpected" line, never NaN or
infinity in the output. ``make test`` runs a few hundred examples; ``make fuzz`` runs
``CARDTABLE_FUZZ_EXAMPLES`` (default 5,000) per test.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from _fuzz import fuzz_settings, nonfinite_json, record, toml_text
from cardtable.cli import main
from cardtable.scenarios import builtin_names, load_scenario

FUZZ = fuzz_settings(120)

_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, -1, 1, 60, 2520, 2521, 1e9, 1e300, -0.0, 0.5, 1.0000001]),
    st.text(max_size=12),
    st.sampled_from(["60", "yes", "Japan\x00", "japan", "China, Mainland", "2025-13", "2099-01"]),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*prefix, i))
    return out


def _mutate(doc: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    node: Any = doc
    for step in path[:-1]:
        node = node[step]
    if value is _DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return doc


_DELETE = object()


def _check(code: int, out: str, err: str, rule: str = "random") -> None:
    nonfinite = code == 0 and (
        nonfinite_json(out) if out.lstrip().startswith(("{", "[")) else "NaN" in out
    )
    traceback = "Traceback" in err or "unexpected" in err
    record("cli", "any", rule, accepted=code == 0, traceback=traceback, nonfinite=nonfinite)
    assert code in (0, 1, 2), code
    assert "Traceback" not in err
    assert "unexpected" not in err, err
    if code != 0:
        lines = [ln for ln in err.splitlines() if not ln.startswith("warning: ")]
        assert len(lines) == 1, err
        assert lines[0].startswith("error: "), err
        assert lines[0].isprintable(), lines[0]  # no control character reaches the terminal
    else:
        assert "NaN" not in out, out[:500]
        assert "Infinity" not in out, out[:500]
        if out.lstrip().startswith("{"):
            json.loads(out, parse_constant=lambda c: pytest.fail(f"{c} in JSON output"))


@FUZZ
@given(
    name=st.sampled_from(builtin_names()),
    data=st.data(),
    command=st.sampled_from(["simulate", "negotiate"]),
)
def test_fuzzed_scenario_files(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
    data: st.DataObject,
    command: str,
) -> None:
    monkeypatch.chdir(tmp_path)  # anything written lands in the test's directory
    doc = load_scenario(name).model_dump(exclude_none=True)
    for _ in range(data.draw(st.integers(1, 3))):
        paths = _paths(doc)
        path = data.draw(st.sampled_from(paths))
        value = data.draw(st.one_of(_VALUES, st.just(_DELETE)))
        doc = _mutate(doc, path, value)
    file = tmp_path / "fuzz.toml"
    file.write_text(toml_text(doc), encoding="utf-8")
    code = main([command, str(file), "--draws", "3", "--json"])
    out, err = capsys.readouterr()
    _check(code, out, err, "random scenario file")


_ARGS = {
    "holders": ["--as-of", "--top", "--country", "--history", "--json"],
    "simulate": ["--draws", "--seed", "--calibration", "--set", "--strict", "--json", "--out"],
    "negotiate": ["--draws", "--seed", "--calibration", "--set", "--json"],
    "coalition": ["--as-of", "--holders", "--sale-share", "--draws", "--seed", "--no-backstop"],
    "trade": ["--at", "--tariff-pct", "--autos-pct", "--baseline-pct", "--draws", "--seed"],
    "params": ["--calibration", "--group", "--calibrations", "--json"],
    "scenarios": ["--json"],
}
_WORDS = st.sampled_from(
    [
        "japan",
        "china",
        "kato-2025",
        "japan-fire-sale",
        "2025-03",
        "2025-3",
        "0001-01-01",
        "20250409",
        "2025-W15-3",
        "-5",
        "0",
        "3",
        "1e308",
        "nan",
        "99999999999999999999",
        "",
        "bogus",
        "flow_impact_bp_per_100bn=1e9",
        "actors[0].sell.days=0",
        "horizon_days=-1",
        "x" * 300,
    ]
)


@FUZZ
@given(command=st.sampled_from(sorted(_ARGS)), data=st.data())
def test_fuzzed_command_lines(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: str,
    data: st.DataObject,
) -> None:
    monkeypatch.chdir(tmp_path)  # --out with a fuzzed value writes into the test's directory
    args = [command]
    if command in ("simulate", "negotiate"):
        args.append(data.draw(st.sampled_from(["kato-2025", "japan-fire-sale", "nope", ""])))
    if command == "trade":
        args.append(data.draw(st.sampled_from(["japan", "china", "narnia"])))
    for _ in range(data.draw(st.integers(0, 3))):
        flag = data.draw(st.sampled_from(_ARGS[command]))
        args.append(flag)
        if flag not in ("--json", "--history", "--strict", "--no-backstop", "--calibrations"):
            value = data.draw(st.one_of(_WORDS, st.text(max_size=10)))
            args.append(str(tmp_path / "out") if flag == "--out" and value == "dir" else value)
    if command in ("simulate", "negotiate", "coalition", "trade") and "--draws" not in args:
        args += ["--draws", "3"]
    code = main(args)
    out, err = capsys.readouterr()
    _check(code, out, err, "random command line")


def test_a_key_with_a_control_character_stays_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by the fuzzer: a [params] key holding a carriage return split the error line."""
    file = tmp_path / "f.toml"
    file.write_text(
        'name = "t"\nas_of = "2025-03"\n[params]\n"\\r" = false\n'
        '[[actors]]\nholder = "Japan"\n[actors.sell]\namount_usd_bn = 10.0\n',
        encoding="utf-8",
    )
    assert main(["simulate", str(file), "--draws", "3"]) == 2
    out, err = capsys.readouterr()
    _check(2, out, err)
    assert "params.\\r" in err

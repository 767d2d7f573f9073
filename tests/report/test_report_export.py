"""`--out DIR`: JSON, Parquet with provenance, CSV, scenario TOML, provenance file, mode 0644,
xlsx; the scenario TOML writer; the progress display never touches --json output."""

from __future__ import annotations

import json
import stat
import tempfile
import time
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from cardtable.cli import main
from cardtable.report import _export
from cardtable.report._progress import progress, progress_wanted
from cardtable.report._toml import dumps, dumps_scenario
from cardtable.scenarios import builtin_names, load_scenario, parse_scenario


@pytest.mark.parametrize("name", builtin_names())
def test_scenario_toml_round_trips(name: str) -> None:
    sc = load_scenario(name)
    assert parse_scenario(dumps_scenario(sc), "roundtrip") == sc


def test_simulate_out_writes_every_file(
    empty_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "run"
    args = ["simulate", "kato-2025", "--draws", "150", "--seed", "5", "--out", str(out)]
    assert main([*args, "--xlsx", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)  # --json stays clean: no "wrote" line
    assert payload["draws"] == 150
    names = {p.name for p in out.iterdir()}
    assert names == {
        "result.json", "provenance.json", "summary.csv", "draws.parquet", "draws.csv",
        "paths.parquet", "paths.csv", "scenario.toml", "report.html", "result.xlsx",
    }  # fmt: skip
    for p in out.iterdir():
        assert stat.S_IMODE(p.stat().st_mode) == 0o644, p.name
    result = json.loads((out / "result.json").read_text())
    prov = result["provenance"]
    assert prov["version"]
    assert prov["seed"] == 5
    assert prov["draws"] == 150
    assert prov["sources"]["holdings"]
    assert load_scenario(out / "scenario.toml") == load_scenario("kato-2025")
    meta = pq.read_schema(out / "draws.parquet").metadata
    assert json.loads(meta[b"cardtable.provenance"])["scenario"] == "kato-2025"
    assert len(pd.read_parquet(out / "draws.parquet")) == 150
    paths = pd.read_parquet(out / "paths.parquet")
    assert paths.index.name == "date"
    assert "yield_10y_level_pct_p50" in paths.columns
    summary = pd.read_csv(out / "summary.csv", index_col="output")
    assert summary.loc["yield_10y_peak_bp", "p50"] == payload["yields_bp"]["10y"]["peak"]["p50"]
    xl = pd.read_excel(out / "result.xlsx", sheet_name=None)
    assert set(xl) == {"summary", "paths", "draws"}


def test_negotiate_and_coalition_out(
    empty_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    neg, coal = tmp_path / "neg", tmp_path / "coal"
    assert main(["negotiate", "kato-2025", "--draws", "120", "--out", str(neg)]) == 0
    assert main(["coalition", "--holders", "japan,china", "--out", str(coal)]) == 0
    assert "wrote" in capsys.readouterr().out
    assert {"result.json", "draws.parquet", "scenario.toml", "provenance.json"} <= {
        p.name for p in neg.iterdir()
    }
    assert len(pd.read_parquet(neg / "draws.parquet")) == 120
    shapley = pd.read_csv(coal / "draws.csv")
    assert set(shapley["country"]) == {"Japan", "China, Mainland"}
    assert not (coal / "scenario.toml").exists()
    assert json.loads((coal / "provenance.json").read_text())["draws"] == 1


def test_xlsx_needs_out(empty_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", "kato-2025", "--draws", "10", "--xlsx"]) == 2
    assert "--xlsx: True is not allowed; give --out DIR" in capsys.readouterr().err


def test_progress_off_unless_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    assert not progress_wanted(quiet=True)
    assert not progress_wanted(quiet=False)  # pytest's stderr is not a terminal
    with progress("work", enabled=False, delay_s=0.0):
        pass
    assert capsys.readouterr().err == ""


def test_progress_display_keeps_stdout_clean(capsys: pytest.CaptureFixture[str]) -> None:
    with progress("work", enabled=True, delay_s=0.0):
        time.sleep(0.3)  # the display starts after delay_s and is removed at the end
    assert capsys.readouterr().out == ""


_SCALARS = (
    st.booleans()
    | st.integers(min_value=-(2**53), max_value=2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
_KEYS = st.text(min_size=1, max_size=12)


@given(
    st.dictionaries(
        _KEYS,
        _SCALARS
        | st.lists(_SCALARS, max_size=4)
        | st.dictionaries(_KEYS, _SCALARS, min_size=1, max_size=4)
        | st.lists(st.dictionaries(_KEYS, _SCALARS, min_size=1, max_size=3), min_size=1),
        max_size=6,
    )
)
def test_toml_writer_round_trips_any_table(data: dict[str, object]) -> None:
    assert tomllib.loads(dumps(data)) == data


@settings(max_examples=40, deadline=None)
@given(
    arrays(
        np.float64,
        st.tuples(st.integers(0, 30), st.integers(1, 5)),
        elements=st.floats(allow_nan=True, allow_infinity=True)
        | st.sampled_from([0.0, -0.0, 1.0, 1e-5, 1e16, 1e22, 123456789.125, 5e-324]),
    )
)
def test_float_csv_writes_the_bytes_pandas_writes(values: np.ndarray) -> None:
    frame = pd.DataFrame(values, columns=[f"c{i}" for i in range(values.shape[1])])
    frame = frame.rename(columns={"c0": 'odd, "name"'})  # quoted as pandas quotes it
    with tempfile.TemporaryDirectory() as tmp:
        ours, theirs = Path(tmp) / "ours.csv", Path(tmp) / "theirs.csv"
        _export._float_csv(frame, ours)
        frame.to_csv(theirs, index=False, encoding="utf-8")
        assert ours.read_bytes() == theirs.read_bytes()


def test_float_csv_is_used_only_for_float_tables_without_index(tmp_path: Path) -> None:
    floats = pd.DataFrame({"a": [1.0, np.nan], "b": [-0.0, 2.5]})
    mixed = floats.assign(c=[True, False])
    for frame, index in ((floats, False), (floats, True), (mixed, False)):
        path = _export._csv(tmp_path / "x.csv", frame, index)
        assert path.read_text(encoding="utf-8") == frame.to_csv(index=index)

"""``cardtable data update|import|status`` in-process with click's CliRunner."""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from cardtable.cli import _flag_error, cli
from cardtable.data import Store
from cardtable.errors import InputError

# ``cardtable.data.update`` the attribute is the function; the module is in sys.modules.
update_module = importlib.import_module("cardtable.data.update")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CARDTABLE_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_import_then_status(home: Path, shared: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["data", "import", str(shared)])
    assert result.exit_code == 0, result.output
    assert "tic_holders" in result.output
    assert "2026-03-18" in result.output

    result = runner.invoke(cli, ["data", "status", "--json"])
    assert result.exit_code == 0
    status = json.loads(result.output)
    assert status["home"] == str(home)
    assert len(status["datasets"]) == 9
    assert all(row["verified"] for row in status["datasets"])
    tic = next(row for row in status["datasets"] if row["dataset"] == "tic_holders")
    assert (tic["origin"], tic["vintage"], tic["rows"]) == ("import", "2026-03-18", 12712)
    assert {f["name"] for f in status["bundled_facts"]} >= {"holders_by_country", "market_levels"}

    result = runner.invoke(cli, ["data", "status"])
    assert result.exit_code == 0
    for needle in ("tic_holders", "import", "2026-03-18", "12,712", "yes"):
        assert needle in result.output
    assert "NO" not in result.output


def test_status_flags_changed_file(home: Path, shared: Path, runner: CliRunner) -> None:
    assert runner.invoke(cli, ["data", "import", str(shared)]).exit_code == 0
    with Store(home).path("mspd").open("ab") as fh:
        fh.write(b"\0")
    result = runner.invoke(cli, ["data", "status"])
    assert result.exit_code == 1
    assert "NO" in result.output
    assert "problem: " in result.output
    assert "cardtable data import DIR" in result.output
    status = json.loads(runner.invoke(cli, ["data", "status", "--json"]).output)
    assert [r["dataset"] for r in status["datasets"] if not r["verified"]] == ["mspd"]
    assert len(status["problems"]) == 1
    assert "mspd.parquet: sha256" in status["problems"][0]
    result = runner.invoke(cli, ["holders", "--as-of", "2025-03"])
    assert result.exit_code == 1
    assert result.output.startswith("error: ")
    assert "mspd.parquet: sha256" in result.output
    assert "'cardtable data update --source fiscaldata'" in result.output


def test_status_without_store(home: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["data", "status"])
    assert result.exit_code == 0
    assert "No local store" in result.output
    assert json.loads(runner.invoke(cli, ["data", "status", "--json"]).output)["datasets"] == []


def test_update_through_mock_transport(
    home: Path,
    runner: CliRunner,
    monkeypatch: pytest.MonkeyPatch,
    make_sources: Callable[..., Any],
) -> None:
    sources = make_sources()
    monkeypatch.setattr(update_module, "_default_client", lambda timeout_s: sources.client())
    result = runner.invoke(cli, ["data", "update", "--source", "tic"])
    assert result.exit_code == 0, result.output
    assert "tic_holders" in result.output
    assert "note: tic: current table not used" in result.output
    status = json.loads(runner.invoke(cli, ["data", "status", "--json"]).output)
    assert [(r["dataset"], r["origin"]) for r in status["datasets"]] == [
        ("tic_holders", "download")
    ]


def test_update_failure_is_one_line(
    home: Path,
    runner: CliRunner,
    monkeypatch: pytest.MonkeyPatch,
    make_sources: Callable[..., Any],
) -> None:
    sources = make_sources()
    sources.overrides["tic:mfhhis01.txt"] = lambda request: httpx.Response(503)
    monkeypatch.setattr(update_module, "_default_client", lambda timeout_s: sources.client())
    monkeypatch.setattr(update_module.time, "sleep", lambda seconds: None)
    result = runner.invoke(cli, ["data", "update", "--source", "tic"])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1
    assert "error: GET https://ticdata.treasury.gov" in result.output
    assert "HTTP 503" in result.output
    assert not home.exists()


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (
            ["data", "import", "/nonexistent/dir"],
            2,
            "error: DIR: '/nonexistent/dir' is not allowed",
        ),
        (
            ["data", "import", "/nonexistent/dir"],
            2,
            "an existing directory of official-format files",
        ),
        (["data", "update", "--source", "ecb"], 2, "Invalid value for '--source'"),
    ],
)
def test_bad_arguments(
    home: Path, runner: CliRunner, args: list[str], code: int, needle: str
) -> None:
    result = runner.invoke(cli, args)
    assert result.exit_code == code
    assert needle in result.output


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (
            ["holders", "--country", "japan", "--history", "--top", "-5"],
            "error: --top: -5 is not allowed; a whole number >= 1",
        ),
        (
            ["holders", "--country", "japan", "--history", "--top", "5"],
            "error: --top: 5 is not allowed; not with --history, which shows every month",
        ),
        (
            ["holders", "--country", "japan", "--history", "--as-of", "2099-01"],
            "error: --as-of: '2099-01' is not allowed; not with --history",
        ),
        (["holders", "--as-of", "2025-3"], "error: --as-of: '2025-3' is not allowed; a month"),
    ],
)
def test_holders_flags_are_not_ignored(
    home: Path, runner: CliRunner, args: list[str], needle: str
) -> None:
    result = runner.invoke(cli, args)
    assert result.exit_code == 2
    assert result.output.startswith(needle), result.output
    assert result.output.count("\n") == 1


def test_library_parameter_names_become_flags_only_in_the_cli() -> None:
    mapped = _flag_error(InputError("as_of", "1990-01", "x"))
    assert str(mapped) == "--as-of: '1990-01' is not allowed; x"
    assert isinstance(mapped, InputError)
    assert mapped.field == "--as-of"
    unmapped = InputError("weights_units", -1, "x")
    assert _flag_error(unmapped) is unmapped

"""``cardtable factcheck`` on the command line."""

from __future__ import annotations

import io
import json
import stat
from pathlib import Path

import pytest

from cardtable.cli import main

ARTICLE = """# Japan's Treasury card

Published 20 May 2025

Japan, the largest foreign holder, held $1.27tn of Treasuries at the end of March.
China held about $765bn.
"""


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.md"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.mark.usefixtures("filled_home")
def test_json(article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["factcheck", str(article), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["article_date"] == "2025-05-20"
    verdicts = [(c["claim"]["kind"], c["verdict"]) for c in payload["checks"]]
    assert verdicts == [
        ("ranking", "accurate"),
        ("holdings", "inaccurate"),
        ("holdings", "accurate"),
    ]
    assert "FX reserves" in payload["checks"][1]["matches"]


@pytest.mark.usefixtures("filled_home")
def test_terminal_and_html(
    article: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "check.html"
    assert main(["factcheck", str(article), "--html", str(out)]) == 0
    text = capsys.readouterr().out
    assert "inaccurate" in text
    assert "vintage 2026-03-18" in text
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert '<mark class="bad">$1.27tn</mark>' in html
    assert "<script" not in html
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


@pytest.mark.usefixtures("filled_home")
def test_stdin_and_date(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("Japan holds $1.18tn of Treasuries."))
    assert main(["factcheck", "-", "--date", "2026-02-20", "--json"]) == 0
    (check,) = json.loads(capsys.readouterr().out)["checks"]
    assert (check["verdict"], check["actual_period"]) == ("accurate", "2025-12")


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["factcheck", "-", "--date", "20-05-2025"], "--date"),
        (["factcheck", "/no/such/file.txt"], "FILE"),
        (["factcheck", "-", "--html", "/no/such/dir/x.html"], "--html"),
    ],
)
def test_bad_input(
    args: list[str],
    field: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("Japan held $1tn."))
    assert main(args) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith(f"error: {field}:")

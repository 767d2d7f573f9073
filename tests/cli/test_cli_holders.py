"""``cardtable holders``: ranked table, history, JSON schema, errors (in-process)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cardtable.cli import main


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_bundled_ranking_latest_month(empty_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "holders", "--json", "--top", "5")
    assert code == 0
    payload = json.loads(out)
    assert set(payload) >= {"as_of", "source", "vintage", "holders"}
    assert payload["origin"] == "bundled"
    assert len(payload["holders"]) == 5
    for row in payload["holders"]:
        assert set(row) >= {"country", "holdings_usd_bn", "share_of_foreign_pct"}
    values = [r["holdings_usd_bn"] for r in payload["holders"]]
    assert values == sorted(values, reverse=True)


def test_bundled_ranking_at_2025_03_matches_tic(
    empty_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "holders", "--as-of", "2025-03", "--json")
    assert code == 0
    payload = json.loads(out)
    rows = {r["country"]: r for r in payload["holders"]}
    # TIC mfhhis01.txt (vintage 2026-03-18): Japan 1130.8, Grand Total 9054.2 at 2025-03
    assert rows["Japan"]["holdings_usd_bn"] == pytest.approx(1130.8)
    assert rows["Japan"]["share_of_foreign_pct"] == pytest.approx(100 * 1130.8 / 9054.2, abs=0.01)
    assert payload["holders"][0]["country"] == "Japan"
    assert "Grand Total" not in rows
    assert not any(c.startswith("Of which") or c == "All Other" for c in rows)


def test_text_table_cites_source(empty_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "holders", "--as-of", "2025-03", "--top", "3")
    assert code == 0
    assert "Japan" in out
    assert "Source: US Treasury TIC" in out
    assert "vintage" in out


def test_history_from_store_has_every_month(
    filled_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "holders", "--country", "japan", "--history", "--json")
    assert code == 0
    payload = json.loads(out)
    months = [p["month"] for p in payload["history"]]
    assert months[0] == "2000-03"
    assert months[-1] == "2025-12"
    assert len(months) == len(set(months)) == 12 * 25 + 10  # 2000-03..2025-12
    assert payload["country"] == "Japan"
    assert payload["origin"] == "store"


def test_history_facts_is_annual_and_says_so(
    empty_home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CARDTABLE_NO_BUNDLED", "1")  # only the small fact tables
    code, out, _ = _run(capsys, "holders", "--country", "China", "--history")
    assert code == 0
    assert "China, Mainland" in out
    assert "annual" in out


def test_store_ranking_any_month(filled_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "holders", "--as-of", "2008-06", "--json", "--top", "3")
    assert code == 0
    payload = json.loads(out)
    assert payload["origin"] == "store"
    assert payload["as_of"] == "2008-06"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("holders", "--country", "japn", "--history"), "did you mean 'Japan'"),
        (("holders", "--as-of", "2025-13"), "--as-of: '2025-13' is not allowed"),
        (("holders", "--as-of", "1990-01"), "--as-of: '1990-01' is not allowed"),
        (("holders", "--top", "0"), "--top: 0 is not allowed"),
        (("holders", "--history"), "--country"),
    ],
)
def test_bad_input_one_line_non_zero(
    empty_home: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], needle: str
) -> None:
    code, out, err = _run(capsys, *args)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("error: ")
    assert needle in err
    assert "Traceback" not in err

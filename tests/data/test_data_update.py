"""Downloads through httpx.MockTransport serving the reference files under the official URLs:
success, retries, and failures that must leave a good store byte-identical."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from cardtable import __version__
from cardtable.data import Store, update
from cardtable.data.loaders.tic import TicTable
from cardtable.errors import DataError, DownloadError, InputError, ParseError

Snapshot = Callable[[Path], dict[str, bytes]]
FRED_DGS5 = "fred:DGS5"
TIC_HISTORY = "tic:mfhhis01.txt"


class Sleeps(list[float]):
    """Records backoff delays instead of sleeping."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture(scope="module")
def good_store(tmp_path_factory: pytest.TempPathFactory, make_sources: Callable[..., Any]) -> Path:
    """A store filled once by a successful ``update('all')`` (copied per test)."""
    home = tmp_path_factory.mktemp("good")
    sources = make_sources()
    report = update("all", sources.client(), store=Store(home), sleep=Sleeps())
    assert len(report.entries) == 8
    return home


@pytest.fixture
def home(good_store: Path, tmp_path: Path) -> Path:
    target = tmp_path / "home"
    shutil.copytree(good_store, target)
    return target


def test_update_all_writes_every_dataset(
    good_store: Path, make_sources: Callable[..., Any]
) -> None:
    manifest = Store(good_store).manifest()
    assert set(manifest) == {
        "tic_holders",
        "fred_DGS2",
        "fred_DGS5",
        "fred_DGS10",
        "fred_DGS30",
        "fred_DEXJPUS",
        "fred_DTWEXBGS",
        "mspd",
    }
    assert {e.origin for e in manifest.values()} == {"download"}
    assert (
        manifest["fred_DGS10"].source == "https://fred.stlouisfed.org/graph/fredgraph.csv?id=DGS10"
    )
    assert manifest["tic_holders"].source == (
        "https://ticdata.treasury.gov/resource-center/data-chart-center/tic/Documents/mfhhis01.txt"
    )
    assert manifest["tic_holders"].vintage == "2026-03-18"
    assert "current table not used" in manifest["tic_holders"].note
    assert manifest["mspd"].source.startswith("https://api.fiscaldata.treasury.gov/services/api/")
    assert (manifest["mspd"].first, manifest["mspd"].last) == ("2001-01", "2026-05")
    assert all(Store(good_store).verify(name) for name in manifest)


def test_requests_carry_user_agent_and_paging(
    tmp_path: Path, shared: Path, make_sources: Callable[..., Any]
) -> None:
    sources = make_sources()
    update("fiscaldata", sources.client(), store=Store(tmp_path), sleep=Sleeps())
    requests = sources.requests
    assert len(requests) == len(sources.pages) > 1
    assert [r.url.params["page[number]"] for r in requests] == [
        str(k) for k in range(1, len(requests) + 1)
    ]
    for r in requests:
        assert r.headers["User-Agent"] == f"cardtable/{__version__} (+https://github.com/cardtable)"


def test_mfh_current_table_is_laid_over_history(
    tmp_path: Path,
    tic_table: TicTable,
    make_mfh: Callable[..., str],
    mfh_months: list[str],
    make_sources: Callable[..., Any],
) -> None:
    text = (
        make_mfh(tic_table, mfh_months, vintage_line="4/15/26")
        .replace("Japan\t1185.5", "Japan\t1190.0")
        .replace("Grand Total\t9271\t", "Grand Total\t9275.5\t")  # the total follows
    )
    sources = make_sources(text)
    store = Store(tmp_path)
    update("tic", sources.client(), store=store, sleep=Sleeps())
    entry = store.manifest()["tic_holders"]
    assert entry.vintage == "2026-04-15"
    assert entry.source.endswith(
        "mfhhis01.txt + https://ticdata.treasury.gov/resource-center/"
        "data-chart-center/tic/Documents/mfh.txt"
    )
    frame = store.read("tic_holders")
    japan = frame[(frame["country"] == "Japan") & (frame["month"] == "2025-12")]
    assert japan["holdings_usd_bn"].tolist() == [1190.0]


def test_transient_500_is_retried(home: Path, make_sources: Callable[..., Any]) -> None:
    sources = make_sources()
    calls = []

    def flaky(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if len(calls) == 1:
            return httpx.Response(503)
        return httpx.Response(200, content=(sources.shared / "fred" / "DGS5.csv").read_bytes())

    sources.overrides[FRED_DGS5] = flaky
    sleeps = Sleeps()
    update("fred", sources.client(), store=Store(home), sleep=sleeps)
    assert len(calls) == 2
    assert sleeps == [1.0]


def _server_error(request: httpx.Request) -> httpx.Response:
    return httpx.Response(500, content=b"internal error")


def _timeout(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadTimeout("read timed out", request=request)


def _short_body(shared: Path) -> Callable[[httpx.Request], httpx.Response]:
    body = (shared / "tic" / "mfhhis01.txt").read_bytes()

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, content=body[: len(body) // 2], headers={"Content-Length": str(len(body))}
        )

    return handler


def _truncated_file(shared: Path) -> Callable[[httpx.Request], httpx.Response]:
    body = (shared / "tic" / "mfhhis01.txt").read_bytes()
    return lambda request: httpx.Response(200, content=body[: len(body) // 2])


def _invalid_totals(shared: Path) -> Callable[[httpx.Request], httpx.Response]:
    text = (shared / "tic" / "mfhhis01.txt").read_text()
    bad = text.replace("Grand Total\t9271\t", "Grand Total\t927.1\t", 1)
    return lambda request: httpx.Response(200, content=bad.encode())


@pytest.mark.parametrize(
    ("source", "key", "make_handler", "error", "needle", "sleeps"),
    [
        ("fred", FRED_DGS5, lambda s: _server_error, DownloadError, "HTTP 500", [1.0, 2.0]),
        ("tic", TIC_HISTORY, lambda s: _timeout, DownloadError, "ReadTimeout", [1.0, 2.0]),
        ("tic", TIC_HISTORY, _short_body, DownloadError, "Content-Length", [1.0, 2.0]),
        ("tic", TIC_HISTORY, _truncated_file, ParseError, "truncated", []),
        ("tic", TIC_HISTORY, _invalid_totals, DataError, "Grand Total at 2025-12", []),
        ("all", "fiscaldata", lambda s: _timeout, DownloadError, "ReadTimeout", [1.0, 2.0]),
        ("fred", FRED_DGS5, lambda s: lambda r: httpx.Response(404), DownloadError, "HTTP 404", []),
    ],
)
def test_failed_download_leaves_store_byte_identical(
    home: Path,
    shared: Path,
    snapshot: Snapshot,
    make_sources: Callable[..., Any],
    source: str,
    key: str,
    make_handler: Callable[[Path], Callable[[httpx.Request], httpx.Response]],
    error: type[Exception],
    needle: str,
    sleeps: list[float],
) -> None:
    before = snapshot(home)
    sources = make_sources()
    sources.overrides[key] = make_handler(shared)
    recorded = Sleeps()
    with pytest.raises(error, match=needle) as info:
        update(source, sources.client(), store=Store(home), sleep=recorded)
    assert snapshot(home) == before
    assert recorded == sleeps
    message = str(info.value)
    assert "\n" not in message
    assert "not changed" in message or "nothing was written" in message


def test_unknown_source(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"^source: 'ecb' is not allowed"):
        update("ecb", store=Store(tmp_path))

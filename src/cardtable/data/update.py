"""Fetch the official sources, parse, validate, then write the local store.

Sources and URLs (overridable through the module constants):

* ``tic``: TIC Major Foreign Holders history ``mfhhis01.txt`` (required) and the current table
  ``mfh.txt`` (optional: when it cannot be fetched or parsed, the history alone is stored and the
  manifest note says so);
* ``fred``: FRED graph CSV for DGS2, DGS5, DGS10, DGS30, DEXJPUS, DTWEXBGS;
* ``fiscaldata``: the FiscalData API, MSPD table 1, every page.

Every request has a timeout and is retried with exponential backoff on network errors, HTTP 429
and 5xx, and bodies shorter than their ``Content-Length``. Everything requested is downloaded and
parsed, and every dataset validated, before anything is written: a failed, partial or invalid
download leaves the store exactly as it was.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from cardtable._version import __version__
from cardtable.data._datasets import fred_dataset, mspd_dataset, tic_dataset
from cardtable.data.loaders.fiscaldata import mspd_records_to_frame
from cardtable.data.loaders.fred import FRED_SERIES, parse_fred
from cardtable.data.loaders.tic import TicTable, parse_mfh, parse_mfhhis
from cardtable.data.store import ManifestEntry, NewDataset, Store
from cardtable.errors import DownloadError, InputError, ParseError

if TYPE_CHECKING:  # httpx is imported when a download starts: every other command skips it
    import httpx

__all__ = [
    "FISCALDATA_MSPD_URL",
    "FRED_URL",
    "SOURCES",
    "TIC_CURRENT_URL",
    "TIC_HISTORY_URL",
    "Source",
    "UpdateReport",
    "update",
    "user_agent",
]

Source = Literal["tic", "fred", "fiscaldata", "all"]
SOURCES: tuple[str, ...] = ("tic", "fred", "fiscaldata", "all")

_TIC_BASE = "https://ticdata.treasury.gov/resource-center/data-chart-center/tic/Documents"
#: TIC Major Foreign Holders history.
TIC_HISTORY_URL = f"{_TIC_BASE}/mfhhis01.txt"
#: TIC current Major Foreign Holders table.
TIC_CURRENT_URL = f"{_TIC_BASE}/mfh.txt"
#: FRED graph CSV; ``{series}`` is the series id.
FRED_URL = "https://fred.stlouisfed.org/graph/fredgraph.csv?id={series}"
#: FiscalData API, MSPD table 1 (paged JSON).
FISCALDATA_MSPD_URL = (
    "https://api.fiscaldata.treasury.gov/services/api/fiscal_service/v1/debt/mspd/mspd_table_1"
)
_PAGE_SIZE = 1000
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


def user_agent() -> str:
    """The User-Agent cardtable sends: ``cardtable/<version> (+https://github.com/cardtable)``."""
    return f"cardtable/{__version__} (+https://github.com/cardtable)"


@dataclass(frozen=True)
class UpdateReport:
    """What an update wrote.

    Attributes
    ----------
    entries
        Manifest entries of the datasets written.
    notes
        Anything worth telling the user (an optional file that could not be used).
    """

    entries: tuple[ManifestEntry, ...]
    notes: tuple[str, ...] = ()


def _default_client(timeout_s: float) -> httpx.Client:
    """The client used when none is given: timeouts, redirects followed, cardtable's agent."""
    import httpx

    return httpx.Client(
        timeout=timeout_s, follow_redirects=True, headers={"User-Agent": user_agent()}
    )


class _Fetcher:
    """GET with timeout, retries and exponential backoff; the body as text."""

    def __init__(
        self,
        client: httpx.Client,
        sleep: Callable[[float], None],
        attempts: int,
        backoff_s: float,
    ) -> None:
        self.client = client
        self.sleep = sleep
        self.attempts = attempts
        self.backoff_s = backoff_s

    def get(self, url: str, params: dict[str, str] | None = None) -> str:
        import httpx

        problem = ""
        for attempt in range(self.attempts):
            if attempt:
                self.sleep(self.backoff_s * 2 ** (attempt - 1))
            try:
                resp = self.client.get(url, params=params, headers={"User-Agent": user_agent()})
            except httpx.HTTPError as exc:
                problem = f"{type(exc).__name__}: {exc}"
                continue
            if resp.status_code in _RETRY_STATUS:
                problem = f"HTTP {resp.status_code}"
                continue
            if resp.status_code != 200:
                raise DownloadError(
                    f"GET {resp.request.url}: HTTP {resp.status_code}; expected 200 "
                    "(check the URL; the local store was not changed)"
                )
            expected = resp.headers.get("Content-Length")
            identity = resp.headers.get("Content-Encoding", "identity") == "identity"
            if (
                expected is not None
                and identity
                and expected.isdigit()
                and len(resp.content) != int(expected)
            ):
                problem = f"body of {len(resp.content)} bytes, Content-Length {expected}"
                continue
            return resp.text
        raise DownloadError(
            f"GET {url}: failed after {self.attempts} attempts ({problem}); "
            "the local store was not changed; try again later or use 'cardtable data import DIR'"
        )


def _tic(fetch: _Fetcher, notes: list[str]) -> NewDataset:
    history = parse_mfhhis(fetch.get(TIC_HISTORY_URL), name=TIC_HISTORY_URL)
    current: TicTable | None = None
    note = ""
    try:
        current = parse_mfh(fetch.get(TIC_CURRENT_URL), name=TIC_CURRENT_URL)
    except (DownloadError, ParseError) as exc:
        note = f"current table not used ({exc})"
        notes.append(f"tic: {note}")
    source = TIC_HISTORY_URL + (f" + {TIC_CURRENT_URL}" if current is not None else "")
    return tic_dataset(history, current, source, "download", note)


def _fred(fetch: _Fetcher) -> list[NewDataset]:
    out = []
    for series in FRED_SERIES:
        url = FRED_URL.format(series=series)
        frame = parse_fred(fetch.get(url), name=url)
        got = str(frame["series_id"].iloc[0])
        if got != series:
            raise ParseError(
                f"{url} line 1: the header names series {got!r}; expected {series!r}, the "
                "series requested"
            )
        out.append(fred_dataset(frame, url, "download"))
    return out


def _fiscaldata(fetch: _Fetcher) -> NewDataset:
    records: list[dict[str, Any]] = []
    page, pages = 1, 1
    while page <= pages:
        params = {"page[number]": str(page), "page[size]": str(_PAGE_SIZE), "sort": "record_date"}
        where = f"{FISCALDATA_MSPD_URL} page {page}"
        try:
            payload = json.loads(fetch.get(FISCALDATA_MSPD_URL, params))
            data = payload["data"]
            pages = int(payload["meta"]["total-pages"])
        except (ValueError, KeyError, TypeError) as exc:
            raise ParseError(
                f"{where}: not a FiscalData response ({type(exc).__name__}: {exc}); "
                "expected {'data': [...], 'meta': {'total-pages': N}}; truncated?"
            ) from None
        if not isinstance(data, list):
            raise ParseError(f"{where}: 'data' is not a list")
        records.extend(data)
        page += 1
    frame = mspd_records_to_frame(records, name=FISCALDATA_MSPD_URL)
    return mspd_dataset(frame, FISCALDATA_MSPD_URL, "download")


def update(
    source: Source = "all",
    client: httpx.Client | None = None,
    *,
    store: Store | None = None,
    sleep: Callable[[float], None] | None = None,
    attempts: int = 3,
    backoff_s: float = 1.0,
    timeout_s: float = 30.0,
) -> UpdateReport:
    """Download official data, parse and validate it, then write it to the store.

    Parameters
    ----------
    source
        ``tic``, ``fred``, ``fiscaldata`` or ``all``.
    client
        HTTP client to use (tests pass one with ``httpx.MockTransport``); a new one with
        ``timeout_s`` and redirects followed when None.
    store
        Target store (default: :func:`~cardtable.data.store.store_home`).
    sleep
        Called with the backoff delay in seconds between attempts (``time.sleep`` when None;
        tests inject a recorder).
    attempts
        Tries per request.
    backoff_s
        First backoff delay; doubled after each failed attempt.
    timeout_s
        Timeout of the default client, seconds.

    Returns
    -------
    UpdateReport

    Raises
    ------
    InputError
        For an unknown ``source``.
    DownloadError
        When a request still fails after ``attempts`` tries (nothing is written).
    ParseError
        When a body cannot be parsed (nothing is written).
    DataError
        When a parsed dataset fails validation (nothing is written).
    """
    if source not in SOURCES:
        raise InputError("source", source, f"one of {', '.join(SOURCES)}")
    if attempts < 1:
        raise InputError("attempts", attempts, "a whole number >= 1")
    own = client is None
    http = client or _default_client(timeout_s)
    fetch = _Fetcher(http, time.sleep if sleep is None else sleep, attempts, backoff_s)
    notes: list[str] = []
    datasets: list[NewDataset] = []
    try:
        if source in ("tic", "all"):
            datasets.append(_tic(fetch, notes))
        if source in ("fred", "all"):
            datasets.extend(_fred(fetch))
        if source in ("fiscaldata", "all"):
            datasets.append(_fiscaldata(fetch))
    except ParseError as exc:
        raise ParseError(f"{exc}; the local store was not changed") from None
    finally:
        if own:
            http.close()
    entries = (store or Store()).write(datasets)
    return UpdateReport(tuple(entries), tuple(notes))

"""Fixtures of the data-layer tests: the reference files in ../shared/data (read in place, never
copied into the project), parsed tables, an mfh-style text built from them, and an
``httpx.MockTransport`` that serves the reference files under the official URLs."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from cardtable.data.loaders.tic import TicTable, read_mfhhis

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared" / "data"
_ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_OF_WHICH_LABELS = {
    "Of which: Foreign Official": "  For. Official",
    "Of which: Foreign Official Treasury Bills": "    Treasury Bills",
    "Of which: Foreign Official T-Bonds & Notes": "    T-Bonds & Notes",
}

Handler = Callable[[httpx.Request], httpx.Response]


@pytest.fixture(scope="session")
def shared() -> Path:
    """``../shared/data`` beside the repository."""
    if not SHARED.is_dir():
        pytest.fail(f"reference data not found at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def tic_table(shared: Path) -> TicTable:
    """``mfhhis01.txt`` parsed once per session."""
    return read_mfhhis(shared / "tic" / "mfhhis01.txt")


def _cell(value: float) -> str:
    return "*" if value == 0 else f"{value:g}"


def mfh_text(table: TicTable, months: list[str], vintage_line: str = "3/18/26") -> str:
    """An ``mfh.txt``-style text (title, one block, footer) holding ``table``'s main-series
    values at ``months`` (newest first), in TIC's layout."""
    main = table.main[table.main["month"].isin(months)]
    wide = main.pivot(index="country", columns="month", values="holdings_usd_bn")
    order = main.drop_duplicates("country")["country"].tolist()
    tab = "\t"
    lines = [
        f"{tab * 3}MAJOR FOREIGN HOLDERS OF TREASURY SECURITIES",
        f"{tab * 4}    (in billions of dollars)",
        f"{tab * 4}HOLDINGS 1/ AT END OF PERIOD",
        "",
        tab + tab.join(_ABBR[int(m[5:]) - 1] for m in months) + tab,
        "Country" + tab + tab.join(m[:4] for m in months) + tab,
        tab + tab.join("------" for _ in months) + tab,
        "",
    ]

    def row(label: str, country: str) -> str:
        cells = [
            "" if math.isnan(v) else _cell(v)
            for v in (wide.loc[country, m] if m in wide.columns else math.nan for m in months)
        ]
        quoted = f'"{label}"' if "," in label else label
        return quoted + tab + tab.join(cells) + tab

    for country in order:
        if country in _OF_WHICH_LABELS:
            continue
        label = {"United Kingdom": "United Kingdom 2/"}.get(country, country)
        lines.append(row(label, country))
    lines += ["", "Of which:" + tab * len(months)]
    lines += [row(label, c) for c, label in _OF_WHICH_LABELS.items() if c in wide.index]
    lines += [
        "",
        "Department of the Treasury/Federal Reserve Board",
        vintage_line,
        "",
        "*     Less than $50 million.",
        '"1/  The data in this table include foreign holdings of U.S. Treasury securities"',
        "2/   United Kingdom includes Channel Islands and Isle of Man.",
    ]
    return "\r\n".join(lines) + "\r\n"


@pytest.fixture(scope="session")
def mfh_months() -> list[str]:
    """Dec 2025 back to Dec 2024: the 13 months of a current table, spanning two years."""
    return [f"{y}-{m:02d}" for y, m in [(2025, m) for m in range(12, 0, -1)] + [(2024, 12)]]


def mspd_api_pages(shared: Path, page_size: int) -> list[dict[str, object]]:
    """The FiscalData API responses (one per page) equivalent to the CSV export."""
    text = (shared / "fiscaldata" / "mspd_summary.csv").read_text(encoding="utf-8-sig")
    fields = [
        "record_date",
        "security_type_desc",
        "security_class_desc",
        "debt_held_public_mil_amt",
        "intragov_hold_mil_amt",
        "total_mil_amt",
    ]
    reader = csv.reader(io.StringIO(text))
    next(reader)
    records = [dict(zip(fields, row, strict=True)) for row in reader if row]
    records.sort(key=lambda r: r["record_date"])
    pages = [records[i : i + page_size] for i in range(0, len(records), page_size)]
    return [
        {
            "data": page,
            "meta": {"count": len(page), "total-count": len(records), "total-pages": len(pages)},
            "links": {"self": f"&page%5Bnumber%5D={k + 1}"},
        }
        for k, page in enumerate(pages)
    ]


class OfficialSources:
    """Serves the reference files under the official URLs; ``overrides`` maps a URL path
    (``/graph/fredgraph.csv?id=DGS5``, ``.../mfhhis01.txt``) to a handler for failures."""

    def __init__(self, shared: Path, mfh: str | None = None) -> None:
        self.shared = shared
        self.mfh = mfh
        self.pages = mspd_api_pages(shared, page_size=1000)
        self.requests: list[httpx.Request] = []
        self.overrides: dict[str, Handler] = {}

    def key(self, request: httpx.Request) -> str:
        url = request.url
        if url.host == "fred.stlouisfed.org":
            return f"fred:{url.params['id']}"
        if url.host == "api.fiscaldata.treasury.gov":
            return "fiscaldata"
        return f"tic:{url.path.rsplit('/', 1)[-1]}"

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        key = self.key(request)
        if key in self.overrides:
            return self.overrides[key](request)
        if key.startswith("fred:"):
            path = self.shared / "fred" / f"{key[5:]}.csv"
            return httpx.Response(200, content=path.read_bytes()) if path.exists() else _404()
        if key == "fiscaldata":
            page = int(request.url.params.get("page[number]", "1"))
            if not 1 <= page <= len(self.pages):
                return _404()
            return httpx.Response(200, content=json.dumps(self.pages[page - 1]).encode())
        if key == "tic:mfhhis01.txt":
            return httpx.Response(200, content=(self.shared / "tic" / "mfhhis01.txt").read_bytes())
        if key == "tic:mfh.txt" and self.mfh is not None:
            return httpx.Response(200, content=self.mfh.encode())
        return _404()

    def client(self) -> httpx.Client:
        """A client whose transport is this mock."""
        return httpx.Client(transport=httpx.MockTransport(self))


def _404() -> httpx.Response:
    return httpx.Response(404, content=b"not found")


@pytest.fixture
def sources(shared: Path) -> OfficialSources:
    """Mock official sources (no mfh.txt: the update falls back to the history alone)."""
    return OfficialSources(shared)


def _snapshot(home: Path) -> dict[str, bytes]:
    return {
        p.relative_to(home).as_posix(): p.read_bytes()
        for p in sorted(home.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="session")
def snapshot() -> Callable[[Path], dict[str, bytes]]:
    """Every file below a store directory, by relative path, as bytes (to prove a store is
    unchanged)."""
    return _snapshot


@pytest.fixture(scope="session")
def make_mfh() -> Callable[..., str]:
    """Builds an mfh.txt-style text from a parsed history (see :func:`mfh_text`)."""
    return mfh_text


@pytest.fixture(scope="session")
def make_sources(shared: Path) -> Callable[..., OfficialSources]:
    """Factory of mock official sources, e.g. with an mfh.txt text."""
    return lambda mfh=None: OfficialSources(shared, mfh)

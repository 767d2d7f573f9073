"""The browser app in real headless Chromium (Playwright driving Debian's /usr/bin/chromium):
holders explorer, a built-in scenario run with its charts drawn, a bad field's error line, and
two scenarios side by side.

Playwright's own browser download is not used; `.ci/run` installs Debian's `chromium`. When
the browser is missing this test FAILS (it is never skipped).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, expect, sync_playwright

from cardtable.web import create_app

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 120_000  # a loaded 2-core CI machine: runs take seconds, not minutes
expect.set_options(timeout=TIMEOUT_MS)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """uvicorn serving the app on a free loopback port, in a thread."""
    port = _free_port()
    config = uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=30)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        pytest.fail(
            f"{CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium "
            "chromium-driver; .ci/run does this) - the browser test is never skipped"
        )
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser, server: str) -> Iterator[Page]:
    pg = browser.new_page(viewport={"width": 1400, "height": 1000})
    pg.set_default_timeout(TIMEOUT_MS)
    outside: list[str] = []
    pg.on("request", lambda r: None if r.url.startswith(server) else outside.append(r.url))
    pg.goto(server + "/")
    expect(pg.locator("body")).to_have_attribute("data-ready", "1")
    yield pg
    pg.close()
    assert outside == [], f"the app fetched from outside the server: {outside}"


def test_holders_explorer(page: Page) -> None:
    rows = page.locator("#holders-table tbody tr")
    expect(rows).to_have_count(25)
    expect(rows.first).to_contain_text("Japan")
    expect(page.locator("#history-chart .main-svg").first).to_be_visible()
    rows.nth(1).click()
    expect(page.locator("#history-chart .gtitle")).to_contain_text(
        rows.nth(1).locator("td").nth(1).inner_text()
    )


def test_run_builtin_scenario_then_bad_field(page: Page) -> None:
    page.click("#tab-scenario")
    page.select_option("#f-base", "japan-fire-sale")
    expect(page.locator("#f-holder")).to_have_value("Japan")
    page.fill("#f-draws", "2000")
    page.click("#run")
    charts = page.locator("#charts .chart")
    expect(page.locator("#charts .chart[data-figure='who_pays'] .main-svg").first).to_be_visible()
    ids = charts.evaluate_all("els => els.map(e => e.dataset.figure)")
    assert {"yield_2y", "yield_5y", "yield_10y", "yield_30y", "usdjpy", "who_pays"} <= set(ids)
    # every chart was drawn by plotly.js: one SVG plot per chart, with the median line
    assert page.locator("#charts .chart .main-svg").count() >= len(ids)
    assert page.locator("#charts .chart[data-figure='yield_10y'] path.js-line").count() >= 1
    expect(page.locator("#summary table")).to_contain_text("yield_10y_peak_bp")
    expect(page.locator("#status")).to_contain_text("2,000 draws")
    expect(page.locator("#error")).to_be_hidden()

    page.fill("#f-days", "0")
    page.click("#run")
    error = page.locator("#error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("scenario.actors[0].sell.days: 0 is not allowed")

    page.fill("#f-days", "60")
    page.fill("#f-shocks", '[{"kind": "term_premium"}]')
    page.click("#run")
    expect(error).to_contain_text("scenario.shocks")


def test_compare_two_scenarios(page: Page) -> None:
    page.click("#tab-compare")
    page.select_option("#c-a", "kato-2025")
    page.select_option("#c-b", "japan-fire-sale")
    page.fill("#c-draws", "1000")
    page.click("#compare-run")
    heads = page.locator("#compare-grid h3")
    expect(heads).to_have_text(["kato-2025", "japan-fire-sale"])
    tenth = page.locator("#compare-grid .chart[data-figure='yield_10y']")
    expect(tenth).to_have_count(2)
    expect(tenth.nth(1).locator(".main-svg").first).to_be_visible()
    titles = tenth.locator(".gtitle").all_text_contents()
    assert titles == [
        "kato-2025: US 10y Treasury yield change",
        "japan-fire-sale: US 10y Treasury yield change",
    ]

"""The dashboard in a real Chromium (Debian's /usr/bin/chromium) against `communique serve` on 127.0.0.1.

Skipped where Chromium or Playwright is missing; .ci/run installs Chromium with apt-get.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from conftest import running_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"

def poll(page, expression: str, timeout: float = 10.0):
    """Evaluate ``expression`` until it is truthy (the page's CSP forbids wait_for_function's eval)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = page.evaluate(expression)
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {expression}")


pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed")


@pytest.fixture(scope="module")
def server(api_db):
    with running_server(api_db) as url:
        yield url


@pytest.fixture(scope="module")
def page(server):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-gpu"])
        pg = browser.new_page(viewport={"width": 1400, "height": 1000})
        dialogs: list[str] = []
        pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        pg.dialogs = dialogs
        pg.goto(server + "/")
        pg.wait_for_selector("#events tbody tr")
        yield pg
        browser.close()


def test_page_loads_with_map_and_table(page):
    assert int(page.locator("#map #countries path").count()) > 150       # bundled country shapes
    assert page.locator("#map #dots circle").count() > 5                 # events with coordinates
    assert page.locator("#events tbody tr").count() > 20


def test_filter_chart_evidence_and_screenshot(page):
    page.fill("input[name=actor]", "USA")
    page.click("#apply")
    # the United States' sanctions on Iran, Blinken's accusation of Tehran and his two appeals, and
    # the mediation in Geneva
    poll(page, "() => document.querySelector('#total').textContent.startsWith('5 ')")
    rows = page.locator("#events tbody tr")
    assert rows.count() == 5 and all("USA" in rows.nth(i).inner_text() for i in range(5))
    assert "actor=USA" in page.get_attribute("#download", "href")
    page.fill("#dyad input[name=source]", "USA")
    page.fill("#dyad input[name=target]", "IRN")
    page.select_option("#dyad select[name=interval]", "month")
    page.click("#dyad button")
    labels = poll(page, "() => window.communiqueChart && window.communiqueChart.data.labels")
    assert labels == ["2024-10-01"]
    rows.first.click()
    page.wait_for_selector("#evidence mark.trigger")
    assert page.locator("#evidence mark.trigger").first.inner_text() in ("imposed new sanctions", "accused")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)
    assert (ARTIFACTS / "dashboard.png").stat().st_size > 10_000


def test_markup_in_articles_stays_inert(page):
    page.fill("input[name=actor]", "RUS")
    page.click("#apply")
    poll(page, "() => document.querySelectorAll('#events tbody tr').length > 0 && "
               "[...document.querySelectorAll('#events tbody tr')].every(r => r.textContent.includes('RUS'))")
    rows = page.locator("#events tbody tr")
    for i in range(rows.count()):
        if "190" in rows.nth(i).inner_text():
            rows.nth(i).click()
            page.wait_for_selector("#evidence mark.trigger")
            if "<script>" in page.inner_text("#evidence"):
                break
    text = page.inner_text("#evidence")
    assert "<script>alert(1)</script>" in text and "onerror=alert(2)" in text   # shown as text
    assert page.locator("#evidence script, #evidence img, b[onmouseover]").count() == 0
    # an actor name carrying markup (from a user dictionary) in the table and the evidence
    page.fill("input[name=actor]", "XYZ")
    page.click("#apply")
    poll(page, "() => [...document.querySelectorAll('#events tbody tr')].some(r => r.textContent.includes('XYZREB'))")
    assert "<img src=x onerror=alert(5)>Freedom Front" in page.inner_text("#events")
    page.locator("#events tbody tr", has_text="XYZREB").first.click()
    page.wait_for_selector("#evidence mark.trigger")
    assert page.locator("img").count() == 0 and page.locator("script:not([src])").count() == 0
    assert page.dialogs == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-xss.png"), full_page=True)

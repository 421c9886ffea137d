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
    raise AssertionError(f"timed out waiting for {expression}; #total is {page.inner_text('#total')!r}, "
                         f"#error {page.inner_text('#error')!r}")


pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed")


@pytest.fixture(scope="module")
def server(api_db):
    with running_server(api_db) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """One Chromium for the module (Playwright's sync API runs one instance per thread)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-gpu"])
        yield b
        b.close()


@pytest.fixture(scope="module")
def page(server, browser):
    pg = browser.new_page(viewport={"width": 1400, "height": 1000})
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.dialogs = dialogs
    pg.goto(server + "/")
    pg.wait_for_selector("#events tbody tr")
    yield pg
    pg.close()


def test_page_loads_with_map_and_table(page):
    assert int(page.locator("#map #countries path").count()) > 150       # bundled country shapes
    # the dots come from their own request (/api/map), which may answer after the table's: wait
    # for them (a fresh-clone CI run counted 0 right after the table appeared)
    page.wait_for_function("document.querySelectorAll('#map #dots circle').length > 5", timeout=15000)
    assert page.locator("#map #dots circle").count() > 5                 # events with coordinates
    assert page.locator("#events tbody tr").count() > 20


def test_filter_chart_evidence_and_screenshot(page):
    import json
    import urllib.request
    page.fill("input[name=actor]", "USA")
    page.click("#apply")
    # the United States' sanctions on Iran, Blinken's accusation of Tehran and his two appeals (and,
    # as the coder stands, the mediation in Geneva): the page shows what the API counts
    n = json.loads(urllib.request.urlopen(page.url.rstrip("/") + "/api/events?actor=USA&limit=1").read())["total"]
    assert n >= 4
    poll(page, f"() => document.querySelector('#total').textContent.startsWith('{n} ')")
    rows = page.locator("#events tbody tr")
    assert rows.count() == n and all("USA" in rows.nth(i).inner_text() for i in range(n))
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


N_LARGE = 100_000


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """A generated store of 100,000 events (communique.store.generate) served on 127.0.0.1, with
    the figures the page must show, computed from the store itself."""
    from communique.store import Store
    from communique.store.generate import make_event_store
    db = make_event_store(tmp_path_factory.mktemp("large") / "large.duckdb", N_LARGE)
    with Store(db, read_only=True) as store:
        q = store.con.execute
        facts = {
            "undated": q("SELECT count(*) FROM events WHERE date IS NULL").fetchall()[0][0],
            "places": q("SELECT count(*) FROM (SELECT DISTINCT round(location_lat, 2), round(location_lon, 2) "
                        "FROM events WHERE location_lat IS NOT NULL)").fetchall()[0][0],
            "months": q("SELECT count(DISTINCT substr(date, 1, 7)) FROM events WHERE date IS NOT NULL").fetchall()[0][0],
            "goldstein": q("SELECT min(goldstein), max(goldstein) FROM events").fetchall()[0],
        }
    with running_server(db) as url:
        yield url, facts


@pytest.fixture(scope="module")
def large_page(large, browser):
    pg = browser.new_page(viewport={"width": 1400, "height": 1000})
    t0 = time.time()
    pg.goto(large[0] + "/")
    pg.wait_for_selector("#events tbody tr")
    poll(pg, "() => window.communiqueOverview && document.querySelectorAll('#dots circle').length > 0", 30)
    pg.load_seconds = time.time() - t0
    yield pg
    pg.close()


def test_large_store_paging_totals_and_server_side_sorting(large, large_page):
    page, (_, facts) = large_page, large
    assert page.load_seconds < 20, page.load_seconds
    assert page.inner_text("#total") == f"{N_LARGE:,} events ({facts['undated']:,} undated)"
    assert page.inner_text("#page-info") == f"1–100 of {N_LARGE:,}"
    rows = page.locator("#events tbody tr")
    assert rows.count() == 100
    first_keys = set(page.eval_on_selector_all("#events tbody tr", "rs => rs.map(r => r.dataset.key)"))
    page.click("#next")
    poll(page, f"() => document.querySelector('#page-info').textContent === '101–200 of {N_LARGE:,}'")
    second_keys = set(page.eval_on_selector_all("#events tbody tr", "rs => rs.map(r => r.dataset.key)"))
    assert len(second_keys) == 100 and not first_keys & second_keys
    # sorting is the server's, over all 100,000 events: the extremes of the whole store come first
    page.click("#events th[data-sort=goldstein]")
    poll(page, "() => document.querySelector('#events th[data-sort=goldstein]').classList.contains('sorted-asc')")
    assert page.inner_text("#page-info") == f"1–100 of {N_LARGE:,}"
    assert float(rows.first.locator("td").nth(5).inner_text()) == facts["goldstein"][0]
    page.click("#events th[data-sort=goldstein]")
    poll(page, "() => document.querySelector('#events th[data-sort=goldstein]').classList.contains('sorted-desc')")
    poll(page, f"() => document.querySelector('#events tbody tr td:nth-child(6)').textContent === '{facts['goldstein'][1]:g}'")
    # names beside codes
    event_cell = rows.first.locator("td").nth(2).inner_text()
    assert event_cell.split()[0].isdigit() and len(event_cell.split()) > 2
    # undated events sort last and say so
    page.click("#events th[data-sort=date]")
    page.click("#last")  # at once: the page shows the answer to the last request, not the slower first one
    last_first = N_LARGE - (N_LARGE - 1) % 100
    poll(page, f"() => document.querySelector('#page-info').textContent === '{last_first:,}–{N_LARGE:,} of {N_LARGE:,}'")
    assert rows.count() == 100 and all(rows.nth(i).locator("td").first.inner_text() == "undated" for i in range(100))
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-100k-undated-page.png"), full_page=True)


def test_large_store_aggregated_map_overview_and_tops(large, large_page):
    page, (_, facts) = large_page, large
    circles = page.locator("#dots circle")
    assert circles.count() == facts["places"] < 1000          # one circle per place, not per event
    counts = page.eval_on_selector_all("#dots circle", "cs => cs.map(c => Number(c.dataset.events))")
    assert sum(counts) == N_LARGE                             # every located event is counted once
    classes = set(page.eval_on_selector_all("#dots circle", "cs => cs.map(c => c.getAttribute('class'))"))
    assert classes <= {"q1", "q2", "q3", "q4"} and len(classes) >= 2
    radii = page.eval_on_selector_all("#dots circle", "cs => cs.map(c => Number(c.getAttribute('r')))")
    assert max(radii) > 3 * min(radii)                        # sized by count
    legend = page.inner_text("#legend")
    assert all(q in legend for q in ("verbal cooperation", "material cooperation", "verbal conflict",
                                     "material conflict", "area: number of events"))
    labels = page.evaluate("() => window.communiqueOverview.data.labels")
    sets = page.evaluate("() => window.communiqueOverview.data.datasets.map(d => [d.label, d.data])")
    assert len(labels) == facts["months"] == 24
    assert [s[0] for s in sets] == ["verbal cooperation", "material cooperation", "verbal conflict",
                                    "material conflict", "mean Goldstein"]
    assert sum(sum(s[1]) for s in sets[:4]) == N_LARGE - facts["undated"]
    assert all(-10 <= g <= 10 for g in sets[4][1])
    assert f"{facts['undated']:,} undated events are not in the chart" in page.inner_text("#overview-note")
    assert page.locator("#top-dyads tbody tr").count() == 10 and page.locator("#top-actors tbody tr").count() == 10
    assert page.locator("#top-actors tbody tr").first.locator(".name").count() == 1   # names beside codes
    ARTIFACTS.mkdir(exist_ok=True)
    # a click on a place shows that place's events, counted by the server
    biggest = max(counts)
    page.locator(f"#dots circle[data-events='{biggest}']").first.dispatch_event("click")
    poll(page, f"() => document.querySelector('#page-info').textContent === '1–100 of {biggest:,}'")
    assert f"{biggest:,} events" in page.inner_text("#place-name") and "place=" in page.get_attribute("#download", "href")
    where = set(page.eval_on_selector_all("#events tbody tr td:nth-child(5)", "ts => ts.map(t => t.textContent)"))
    assert len(where) == 1
    page.screenshot(path=str(ARTIFACTS / "dashboard-100k-place.png"), full_page=True)
    page.click("#clear-place")
    poll(page, f"() => document.querySelector('#page-info').textContent === '1–100 of {N_LARGE:,}'")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-100k.png"), full_page=True)
    assert (ARTIFACTS / "dashboard-100k.png").stat().st_size > 50_000

"""The timeline page in a real headless browser (Debian's chromium through Playwright), against chrono
served on 127.0.0.1 after ingesting the two seed articles. Screenshots go to tests/artifacts/.

Needs /usr/bin/chromium (apt-get install chromium) and the `playwright` Python package; without them
the tests are skipped with a message saying so (under CI=true they fail instead) (never `playwright install`: no browser downloads)."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner

import web_helpers as W

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests skipped: the playwright package is not installed")
if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the browser tests, but there is no Chromium at {CHROMIUM}", pytrace=False)
    pytest.skip(f"browser tests skipped: no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def seeded(database_url, shared_dir):
    from chrono.cli import main

    with psycopg.connect(database_url, autocommit=True) as c:
        c.execute("TRUNCATE event_reports, event_regions, events, mentions, articles, sources RESTART IDENTITY CASCADE")
        W.ensure_regions(c)
    seeds = shared_dir / "corpus" / "seeds"
    for name, extra in (("000_032df531970bae2f.txt", []), ("001_f016448ea2b9b6e5.txt", ["--published", "2022-10-09T10:00:00+03:00"])):
        result = CliRunner().invoke(main, ["ingest", str(seeds / name), *extra], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    with psycopg.connect(database_url, autocommit=True) as c:
        hostile = "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\"> قصف في الحسكة"
        src = W.source(c, "Hostile <b>Source</b>")
        art = W.article(c, src, hostile, published=W.datetime(2022, 10, 7, 9, 0, tzinfo=W.DAMASCUS), url="https://x.example/h")
        markup = W.event(c, date_from=W.date(2022, 10, 7), text=hostile, places=("SY08",), reports=[(art, None, hostile)])
        count = c.execute("SELECT count(*) FROM event_regions WHERE pcode = 'SY08'").fetchone()[0]
    assert count >= 5, "the seed articles gave too few events in Al-Hasakah"
    return {"markup": markup}


@pytest.fixture(scope="module")
def server(seeded):
    from werkzeug.serving import make_server

    from chrono.web import create_app

    srv = make_server("127.0.0.1", 0, create_app(), threaded=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_port}"
    srv.shutdown()
    thread.join(5)


@pytest.fixture(scope="module")
def browser():
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="ar", viewport={"width": 1100, "height": 1400})
    pg = context.new_page()
    pg.problems = []
    pg.on("console", lambda m: pg.problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
    pg.on("pageerror", lambda e: pg.problems.append(f"page error: {e}"))
    pg.on("dialog", lambda d: (pg.problems.append(f"dialog: {d.message}"), d.dismiss()))
    yield pg
    context.close()


def test_region_timeline_in_arabic_then_english_filter_and_event(page, server):
    page.goto(f"{server}/regions/hasakah")  # Accept-Language ar from the browser locale
    html = page.locator("html")
    assert html.get_attribute("dir") == "rtl" and html.get_attribute("lang") == "ar"
    timeline = page.locator("section.timeline")
    text = timeline.inner_text()
    assert "ليل 5–6 تشرين الأول 2022" in text          # the night raid, drawn as a range
    assert "8 تشرين الأول 2022" in text and "منذ 2019" in text   # "since then", open-ended
    assert page.locator("link[rel=alternate][type='application/json']").get_attribute("href").startswith("/timeline?")
    assert page.evaluate("getComputedStyle(document.querySelector('main')).direction") == "rtl"
    page.screenshot(path=str(ARTIFACTS / "region-hasakah-ar.png"), full_page=True)

    page.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert html.get_attribute("dir") == "ltr" and html.get_attribute("lang") == "en"
    text = page.locator("section.timeline").inner_text()
    assert "night of 5–6 Oct 2022" in text and "October 2022" in text
    page.screenshot(path=str(ARTIFACTS / "region-hasakah-en.png"), full_page=True)

    assert not page.locator("#f-from").is_visible()     # the filters are folded until asked for
    page.locator("details.filters summary").click()
    page.fill("#f-from", "2022-10-07")
    page.fill("#f-to", "2022-10-31")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_load_state()
    assert "from=2022-10-07" in page.url
    text = page.locator("section.timeline").inner_text()
    assert "night of 5–6 Oct 2022" not in text and "8 Oct 2022" in text
    page.screenshot(path=str(ARTIFACTS / "region-hasakah-filtered.png"), full_page=True)

    page.locator("article.event .more a").first.click()
    page.wait_for_load_state()
    assert "/events/" in page.url
    assert page.locator("h2", has_text="Reports").count() == 1
    assert page.locator("dl.derivation").count() >= 1 and page.locator("mark").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "event-en.png"), full_page=True)
    assert page.problems == []


def test_keyboard_reaches_the_filters_with_visible_focus(page, server):
    page.goto(f"{server}/regions/hasakah?lang=en")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "filters-h":
            page.keyboard.press("Enter")            # <summary> opens the filters from the keyboard
        if page.evaluate("document.activeElement.id") == "f-from":
            break
    assert page.evaluate("document.activeElement.id") == "f-from"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    assert page.problems == []


def test_phone_width_has_no_sideways_scroll(browser, server):
    context = browser.new_context(locale="ar", viewport={"width": 360, "height": 800})
    pg = context.new_page()
    pg.goto(f"{server}/regions/hasakah?lang=ar")
    assert pg.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    pg.screenshot(path=str(ARTIFACTS / "region-hasakah-phone-ar.png"), full_page=False)
    context.close()


def test_markup_in_an_article_is_inert(page, server, seeded):
    page.goto(f"{server}/events/{seeded['markup']}?lang=ar")
    assert page.evaluate("window.__pwned === undefined")
    assert page.locator("img[src=x]").count() == 0 and page.locator("main script").count() == 0
    assert "<script>window.__pwned = 1</script>" in page.locator("p.event-text").inner_text()
    assert "Hostile <b>Source</b>" in page.locator("section.report h3").inner_text()
    page.goto(f"{server}/regions/hasakah?lang=en&from=2022-10-07&to=2022-10-07")
    assert page.evaluate("window.__pwned === undefined")
    assert "<img src=x" in page.locator("section.timeline").inner_text()
    # Console errors here would be CSP reports of blocked inline code: there must be none to block.
    assert page.problems == []


def test_home_page(page, server):
    page.goto(f"{server}/?lang=en")
    assert page.locator("table.regions").inner_text().count("Al-Hasakah") == 1
    row = page.locator("table.regions tr", has_text="Al-Hasakah")
    assert int(row.locator("td").first.inner_text()) >= 5
    page.screenshot(path=str(ARTIFACTS / "home-en.png"), full_page=True)
    assert page.problems == []

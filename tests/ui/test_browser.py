"""End to end in a real headless Chromium: accept a suggestion, reload, see it persisted; deep links
run through app.py (no legacy multipage mode) and the sidebar navigation works.

Needs the system Chromium at /usr/bin/chromium (``apt-get install chromium``);
Playwright's own browser downloads are never used. Screenshots go to
``test-artifacts/review.png`` and ``test-artifacts/codebook.png``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.demo import serve_in_background
from analysis.domain import CodingStatus

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
TIMEOUT_MS = 60_000

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="no system Chromium at /usr/bin/chromium: install it with `apt-get install -y chromium`",
    ),
]


def _settle(page) -> None:
    """Wait until Streamlit has finished the current run (no running-status widget, no stale elements)."""
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=TIMEOUT_MS)
    page.wait_for_timeout(800)


def open_app_page(page, url: str, ready: str) -> list[str]:
    """Open ``url`` in ``page`` and wait until an element ``ready`` (a CSS selector) is drawn; returns the list
    the page's JavaScript errors are collected in (a test asserts it stays empty)."""
    page.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, wait_until="domcontentloaded")
    page.locator(ready).first.wait_for()
    page.wait_for_timeout(500)
    return errors


@pytest.fixture
def server(project_dir, tmp_path):
    """A fresh ``streamlit run app.py`` on the small project (one per test: no session has run yet)."""
    with serve_in_background(
        project_dir, env={"DUIDING_USER": "browser-tester"}, timeout=90, log_file=tmp_path / "streamlit.log"
    ) as url:
        yield url


@pytest.fixture
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def test_accept_in_the_browser_persists_across_a_reload(server, browser, store, codebook_id):
    ARTIFACTS.mkdir(exist_ok=True)
    open_before = store.codings(codebook_id=codebook_id, status="suggested")

    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(server, wait_until="domcontentloaded")
    page.get_by_role("heading", name="Beoordelen & coderen").wait_for()
    accept = page.get_by_role("button", name="✓ Accepteren").first
    accept.wait_for()
    accept.click()
    page.get_by_role("button", name="Code verwijderen").first.wait_for()
    _settle(page)
    page.screenshot(path=str(ARTIFACTS / "review.png"), full_page=True)

    # stored at once, by the coder named in the sidebar
    accepted = store.codings(codebook_id=codebook_id, status="accepted")
    assert len(accepted) == 1
    assert accepted[0].coder == "browser-tester"
    assert accepted[0].id in {c.id for c in open_before}
    passage = store.get_passage(accepted[0].passage_id)

    # a fresh page (new session) shows it: filter the queue on accepted codings
    page.reload(wait_until="domcontentloaded")
    page.get_by_role("heading", name="Beoordelen & coderen").wait_for()
    status_box = page.get_by_test_id("stSelectbox").filter(has_text="Status")
    status_box.click()
    page.get_by_role("option", name="Geaccepteerd").click()
    page.get_by_text("Passage 1 van 1").wait_for()
    page.get_by_role("button", name="Code verwijderen").first.wait_for()
    assert page.get_by_text(passage.text[:40]).count() >= 1

    page.goto(f"{server}/codeboek", wait_until="domcontentloaded")
    page.get_by_role("heading", name="Codeboek").wait_for()
    page.get_by_role("button", name="⬇ YAML").wait_for()
    _settle(page)
    page.screenshot(path=str(ARTIFACTS / "codebook.png"), full_page=True)

    assert CodingStatus(store.get_coding(accepted[0].id).status) is CodingStatus.ACCEPTED
    assert (ARTIFACTS / "review.png").stat().st_size > 0 and (ARTIFACTS / "codebook.png").stat().st_size > 0


def _nav_links(page) -> list[str]:
    """The link labels of the sidebar navigation (without their material icon names)."""
    nav = page.get_by_test_id("stSidebarNav")
    nav.wait_for()
    return [label.split("\n")[-1].strip() for label in nav.get_by_role("link").all_inner_texts()]


def test_deep_links_go_through_app_py_and_the_sidebar_navigates(server, browser):
    """A fresh server's first session opens ``/corpus``: it must run app.py (its sidebar, its navigation).

    With the page scripts in a folder named ``pages/`` Streamlit's legacy multipage mode ran
    ``pages/corpus.py`` on its own here: a navigation of file names (app, codebook, corpus ...) and none
    of app.py's sidebar. Legacy file-name links (``/reports``) must not reach a page either.
    """
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        page.goto(f"{server}/corpus", wait_until="domcontentloaded")
        page.get_by_role("heading", name="Corpus").first.wait_for()
        _settle(page)
        sidebar = page.get_by_test_id("stSidebar")
        assert sidebar.get_by_text("Taal / Language").count() == 1  # app.py's sidebar
        coder = sidebar.get_by_test_id("stTextInput").locator("input").first
        assert coder.input_value() == "browser-tester"  # app.py's session setup (state.init)
        links = _nav_links(page)
        assert links[:3] == ["Beoordelen & coderen", "Codeboek", "Corpus"], links
        assert not {"app", "corpus", "codebook", "review"} & set(links), links

        # the sidebar navigation still switches pages (and the url follows the url_path)
        page.get_by_test_id("stSidebarNav").get_by_role("link", name="Codeboek", exact=True).click()
        page.get_by_role("heading", name="Codeboek").first.wait_for()
        page.wait_for_url(f"{server}/codeboek")
        page.get_by_role("button", name="⬇ YAML").wait_for()
        _settle(page)
        assert page.get_by_test_id("stSidebar").get_by_text("Taal / Language").count() == 1

        # a legacy file-name link reaches no page: a Dutch note says so (ui/dutch.py, not Streamlit's English
        # "Page not found" dialog) and the main page runs through app.py
        page.goto(f"{server}/reports", wait_until="domcontentloaded")
        page.get_by_text("Deze pagina bestaat niet").first.wait_for()
        page.get_by_role("heading", name="Beoordelen & coderen").first.wait_for()
        _settle(page)
        assert page.get_by_role("heading", name="Rapportage").count() == 0
        assert page.get_by_text("Page not found").count() == 0
        assert page.get_by_test_id("stSidebar").get_by_text("Taal / Language").count() == 1
    finally:
        context.close()

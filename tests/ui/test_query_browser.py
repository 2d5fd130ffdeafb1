"""In a real headless Chromium: a click on a matrix cell opens the passages behind it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from query_builders import build  # noqa: E402

from analysis.demo import serve_in_background  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no system Chromium at /usr/bin/chromium"),
]


@pytest.fixture
def served(tmp_path):
    from analysis.store import Project

    location = tmp_path / "q"
    project = Project.create(location)
    build(project)
    project.close()
    with serve_in_background(location, env={"DUIDING_USER": "tester"}, timeout=90, log_file=tmp_path / "st.log") as url:
        yield url


def test_clicking_a_matrix_cell_shows_its_passages(served):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1100})
            page.set_default_timeout(60_000)
            page.goto(served + "/zoekvragen", wait_until="domcontentloaded")
            page.get_by_role("heading", name="Zoekvragen").wait_for()
            page.get_by_role("tab", name="Matrix").click()
            grid = page.locator('[data-testid="stDataFrame"]').first
            grid.locator("td", has_text="Toegang").first.wait_for(state="attached")
            box = grid.bounding_box()
            # the last column of the first row (header 35 px, rows 35 px): Toegang × (geen waarde)
            page.mouse.click(box["x"] + box["width"] - 30, box["y"] + 35 + 17)
            page.get_by_role("heading", name="Toegang × (geen waarde): 1 fragmenten").wait_for()
            # then two cells to the left with the keyboard: Toegang × inwoner
            page.keyboard.press("ArrowLeft")
            page.keyboard.press("ArrowLeft")
            page.get_by_role("heading", name="Toegang × inwoner: 3 fragmenten").wait_for()
            passages = page.locator('[data-testid="stDataFrame"]').nth(1)
            passages.locator("td", has_text="Het loket was slecht bereikbaar").first.wait_for(state="attached")
            texts = passages.locator("td").all_inner_texts()
            assert any("Het wijkteam is goed te vinden." in x for x in texts)
            assert not any("Als mantelzorger" in x for x in texts)  # a mantelzorger's passage is another cell
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "query-matrix.png"), full_page=True)
        finally:
            browser.close()

"""In a real headless Chromium: a URL that names no page opens the main page with a Dutch note, not Streamlit's
English "Page not found" dialog (replaced in ``ui/dutch.py``)."""

from __future__ import annotations

import pytest
from test_browser import CHROMIUM, TIMEOUT_MS, _settle, browser, server  # noqa: F401 - fixtures

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no system Chromium at /usr/bin/chromium"),
]


def test_a_page_that_does_not_exist_is_said_in_dutch(server, browser):  # noqa: F811 - pytest fixtures
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    page.goto(server + "/bestaat-niet", timeout=TIMEOUT_MS)
    page.wait_for_selector('[data-testid="stSelectbox"]', timeout=TIMEOUT_MS)  # the main (review) page ran
    _settle(page)
    text = page.inner_text("body")
    assert "Page not found" not in text
    assert "does not seem to exist" not in text
    assert "Deze pagina bestaat niet" in text
    page.get_by_role("link", name="Codeboek").first.click()  # a page that exists: the note has gone
    page.wait_for_url("**/codeboek*", timeout=TIMEOUT_MS)
    _settle(page)
    assert "Deze pagina bestaat niet" not in page.inner_text("body")
    page.goto(server + "/project", timeout=TIMEOUT_MS)  # a deep link to a page that exists: no note
    page.wait_for_selector('[data-testid="stFileUploaderDropzone"]', timeout=TIMEOUT_MS)
    _settle(page)
    assert "Deze pagina bestaat niet" not in page.inner_text("body")
    assert "Page not found" not in page.inner_text("body")

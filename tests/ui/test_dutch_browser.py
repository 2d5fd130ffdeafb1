"""In a real headless Chromium: the file uploader speaks Dutch (button and size hint, via the scoped CSS in
``ui/dutch.py``) and no Streamlit English default shows on the Project and review pages."""

from __future__ import annotations

import pytest
from test_browser import CHROMIUM, TIMEOUT_MS, _settle, browser, server  # noqa: F401 - fixtures

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no system Chromium at /usr/bin/chromium"),
]

_AFTER = "(sel) => getComputedStyle(document.querySelector(sel), '::after').content"


def test_the_uploader_and_drop_downs_speak_dutch(server, browser):  # noqa: F811 - pytest fixtures
    page = browser.new_page(viewport={"width": 1300, "height": 1400})
    page.goto(server + "/project", timeout=TIMEOUT_MS)
    page.wait_for_selector('[data-testid="stFileUploaderDropzone"]', timeout=TIMEOUT_MS)
    _settle(page)
    button = '[data-testid="stFileUploaderDropzone"] button'
    assert page.evaluate(_AFTER, button) == '"Bestand kiezen"'
    assert page.locator(button).first.inner_text().strip() == ""  # Streamlit's "Upload" is not shown
    hint = page.evaluate(_AFTER, '[data-testid="stFileUploaderDropzoneInstructions"]')
    assert "per bestand" in hint
    assert not page.locator('[data-testid="stFileUploaderDropzoneInstructions"] > *').first.is_visible()
    text = page.inner_text("body")
    for english in ("Choose an option", "No options to select", "Select all", "200MB per file"):
        assert english not in text
    page.goto(server, timeout=TIMEOUT_MS)
    page.wait_for_selector('[data-testid="stSelectbox"]', timeout=TIMEOUT_MS)
    _settle(page)
    assert "Choose an option" not in page.inner_text("body")

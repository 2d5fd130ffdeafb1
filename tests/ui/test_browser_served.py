"""In a real headless Chromium: the served login page shows no project path and slows down a guesser.

Needs the system Chromium at /usr/bin/chromium; Playwright's own browser downloads are never used.
"""

from __future__ import annotations

import pytest
from review_builders import build_small_project
from test_browser import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, _settle

from analysis.accounts import add_user
from analysis.demo import serve_in_background
from analysis.store import Project

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no system Chromium at /usr/bin/chromium"),
]
PW = "beheer-wachtwoord-9"


def _sign_in(page, name: str, password: str) -> None:
    page.get_by_label("Gebruikersnaam").fill(name)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Aanmelden").click()
    _settle(page)


def test_served_login_shows_no_path_and_backs_off(tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    location = build_small_project(tmp_path / "geheime-map" / "wijkonderzoek")
    with Project.open(location) as p:
        add_user(p, "anne", PW, "beheerder")
    env = {"DUIDING_SERVE_PROJECT": str(location), "DUIDING_PROJECT": None, "DATABASE_URL": None}
    with (
        serve_in_background(location, env=env, timeout=90, log_file=tmp_path / "streamlit.log") as url,
        sync_api.sync_playwright() as pw,
    ):
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(url, timeout=TIMEOUT_MS)
            page.get_by_role("button", name="Aanmelden").wait_for(timeout=TIMEOUT_MS)
            _settle(page)
            html = page.content()
            assert "geheime-map" not in html and str(tmp_path) not in html
            waiting = page.get_by_text("Te veel mislukte aanmeldpogingen")
            for _ in range(8):  # the backoff starts after 3 wrong passwords (more tries only under heavy load)
                _sign_in(page, "anne", "geraden-wachtwoord")
                if waiting.count():
                    break
            page.get_by_text("Te veel mislukte aanmeldpogingen").wait_for(timeout=TIMEOUT_MS)
            _sign_in(page, "anne", PW)  # still waiting: the right password is not even checked
            page.get_by_text("Te veel mislukte aanmeldpogingen").wait_for(timeout=TIMEOUT_MS)
            assert "geheime-map" not in page.content()
        finally:
            browser.close()

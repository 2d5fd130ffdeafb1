"""The walk's AppTest helper (no tests here): the app opened on one page, in Dutch or in English."""

from __future__ import annotations

from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app.py"


def open_page(page: str, lang: str, monkeypatch, timeout: int = 120):
    """A fresh app (fresh project object) with ``lang`` chosen in the sidebar, switched to ``page``."""
    from streamlit.testing.v1 import AppTest

    from ui import state

    state.open_project.clear()  # a fresh project object per test (the cache outlives one AppTest)
    monkeypatch.setattr("ui.i18n.DEFAULT_LANGUAGE", lang)  # AppTest formats option labels outside the app's run
    at = AppTest.from_file(str(APP), default_timeout=timeout)
    at.run()
    at.radio(key="lang").set_value(lang).run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at

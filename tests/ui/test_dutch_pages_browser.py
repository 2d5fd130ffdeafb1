"""Streamlit's last English leftovers, in a real headless Chromium (``ui/dutch.py``): a long toast shows its
whole text without Streamlit's "view more" / "view less" link, and a ``page_not_found`` message from
Streamlit's script runner (a page hash it cannot find) never opens the English "Page not found" dialog: the
main page opens with our note, in Dutch or in English as chosen.

A small app runs ``ui.dutch.apply()`` as ``app.py`` does; it sends the script runner's message itself (in
Streamlit 1.67 a stale page hash falls back to the default page without it, but the message and its dialog
are still in Streamlit, and a later version may send it again). Needs /usr/bin/chromium.
"""

from __future__ import annotations

import textwrap

import pytest
from test_browser import CHROMIUM, ROOT, TIMEOUT_MS, _settle, browser  # noqa: F401 - the browser fixture

from analysis import demo

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no system Chromium at /usr/bin/chromium"),
]
LONG = " ".join(["Honderdtwintig passages gecodeerd met Wachttijden, waarvan veertig al eerder gecodeerd."] * 5)
APP = f'''
import sys
sys.path.insert(0, {str(ROOT)!r})
import streamlit as st
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
from ui import dutch

st.session_state.setdefault("lang", st.query_params.get("lang", "nl"))
if st.session_state.pop("stale", False):  # as Streamlit's script runner does before the run
    msg = ForwardMsg()
    msg.page_not_found.page_name = "oude-pagina"
    get_script_run_ctx().enqueue(msg)
dutch.apply()
st.title("Hoofdpagina")
if st.button("Melding"):
    st.toast({LONG!r}, icon="✅")
if st.button("Oude link"):
    st.session_state["stale"] = True
    st.rerun()
'''


@pytest.fixture
def server(tmp_path, monkeypatch):
    script = tmp_path / "app.py"
    script.write_text(textwrap.dedent(APP), encoding="utf-8")
    monkeypatch.setattr(demo, "app_script", lambda: script)
    with demo.serve_in_background(tmp_path, timeout=90, log_file=tmp_path / "streamlit.log") as url:
        yield url


def _open(browser, url):  # noqa: F811
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_role("heading", name="Hoofdpagina").wait_for()
    _settle(page)
    return page


def test_a_long_toast_shows_its_whole_text_without_an_english_link(server, browser):  # noqa: F811
    page = _open(browser, server)
    page.get_by_role("button", name="Melding").click()
    toast = page.get_by_test_id("stToastText")
    toast.wait_for()
    assert toast.inner_text().strip() == LONG
    box = toast.evaluate("(e) => [e.scrollHeight, e.clientHeight, parseFloat(getComputedStyle(e).lineHeight)]")
    assert box[0] <= box[1] + 1 and box[1] > 3.5 * box[2]  # all of it on screen: more than Streamlit's three lines
    assert not page.get_by_test_id("stToastViewButton").is_visible()
    body = page.inner_text("body").lower()
    assert "view more" not in body and "view less" not in body


@pytest.mark.parametrize(("lang", "note"), [("nl", "Deze pagina bestaat niet"), ("en", "This page does not exist")])
def test_a_page_hash_streamlit_cannot_find_opens_the_main_page_with_our_note(server, browser, lang, note):  # noqa: F811
    page = _open(browser, f"{server}/?lang={lang}")
    assert note not in page.inner_text("body")
    page.get_by_role("button", name="Oude link").click()
    page.get_by_text(note).wait_for()
    _settle(page)
    text = page.inner_text("body")
    assert "Page not found" not in text and "does not seem to exist" not in text
    assert page.get_by_role("dialog").count() == 0
    assert page.get_by_role("heading", name="Hoofdpagina").is_visible()


def test_the_main_pages_own_name_opens_it_without_the_note(project_dir, tmp_path, browser):  # noqa: F811
    """``/beoordelen`` (the review page's name; Streamlit serves the main page at ``/``) showed the review page
    under "Deze pagina bestaat niet (meer)"; a name that really names nothing still gets the note."""
    with demo.serve_in_background(project_dir, timeout=90, log_file=tmp_path / "app.log") as url:
        page = browser.new_page(viewport={"width": 1300, "height": 1000})
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(url + "/beoordelen", wait_until="domcontentloaded")
        page.get_by_role("heading", name="Beoordelen & coderen").wait_for()
        _settle(page)
        assert "Deze pagina bestaat niet" not in page.inner_text("body")
        page.goto(url + "/beoordelen-oud", wait_until="domcontentloaded")
        page.get_by_text("Deze pagina bestaat niet").wait_for()

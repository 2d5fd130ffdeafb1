"""Keyboard only, in a real headless Chromium: code 10 passages of the review queue without the mouse.

Needs the system Chromium at /usr/bin/chromium; Playwright's own browser downloads are never used.
"""

from __future__ import annotations

import time

import pytest
from test_browser import CHROMIUM, TIMEOUT_MS, _settle, browser, server  # noqa: F401 - fixtures

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no system Chromium at /usr/bin/chromium"),
]


def _listening(page) -> None:
    """The key listener is mounted (the component's script ran)."""
    page.wait_for_function("() => typeof window.__duidingKeysHandler === 'function'")


def _wait_for(check, what: str, seconds: float = 30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def page(browser):  # noqa: F811
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    page.close()


def _coded(store, codebook_id) -> set[int]:
    return {c.passage_id for c in store.codings(codebook_id=codebook_id, status="accepted", coder="browser-tester")}


def test_ten_passages_coded_with_the_keyboard_only(server, page, store, codebook_id):  # noqa: F811
    # the whole queue (every passage, every speaker), from a link
    page.goto(f"{server}/?status=all&sprekers=1", wait_until="domcontentloaded")
    page.get_by_text("Passage 1 van 12").wait_for()
    _settle(page)
    _listening(page)
    first_pid = int(page.wait_for_function("() => new URLSearchParams(location.search).get('passage')").json_value())

    # the shown suggestions answer to their numbers, x rejects the first open one
    suggested = store.codings(codebook_id=codebook_id, passage_ids=[first_pid], status="suggested")
    assert len(suggested) == 2
    page.keyboard.press("2")
    _wait_for(lambda: store.get_coding(suggested[1].id).status.value == "accepted", "key 2 accepting")
    _settle(page)
    page.wait_for_timeout(1000)  # past the double-click guard of a freshly drawn card
    page.keyboard.press("x")
    _wait_for(lambda: store.get_coding(suggested[0].id).status.value == "rejected", "x rejecting")
    _settle(page)

    # passage 1: open the code picker, type to filter, Enter picks, Escape leaves the field, Enter adds
    page.keyboard.press("c")
    page.keyboard.type("Toeg")
    page.keyboard.press("Enter")
    _settle(page)
    page.keyboard.press("Escape")
    page.keyboard.press("Enter")
    _wait_for(lambda: first_pid in _coded(store, codebook_id), "the first passage coded")
    _settle(page)

    # passages 2..10: next (j or →), then apply the last code again (.)
    for n in range(2, 11):
        page.keyboard.press("j" if n % 2 else "ArrowRight")
        page.get_by_text(f"Passage {n} van 12").wait_for()
        _settle(page)
        page.keyboard.press(".")
        _wait_for(lambda n=n: len(_coded(store, codebook_id)) == n, f"passage {n} coded")
        _settle(page)
    coded = _coded(store, codebook_id)
    assert len(coded) == 10
    toegang = store.codings(codebook_id=codebook_id, status="accepted", coder="browser-tester", code_id="toegang")
    assert {c.passage_id for c in toegang} == coded  # (a suggested toegang is accepted, not doubled)
    # the URL follows the position: a reload returns to passage 10
    page.reload(wait_until="domcontentloaded")
    page.get_by_text("Passage 10 van 12").wait_for()
    _settle(page)

    # u undoes the last coding (the history came back from the audit trail after the reload)
    page.locator(".st-key-review_undo button:not([disabled]):visible").wait_for()
    _listening(page)
    page.keyboard.press("u")
    _wait_for(lambda: len(_coded(store, codebook_id)) == 9, "the undo")
    _settle(page)

    # k / ← go back; keys typed into a text field stay text
    page.keyboard.press("k")
    page.get_by_text("Passage 9 van 12").wait_for()
    _settle(page)
    search = page.get_by_test_id("stTextInput").filter(has_text="Zoek").locator("input").first
    search.focus()
    page.keyboard.type("jau")
    assert search.input_value() == "jau"
    page.wait_for_timeout(500)
    assert page.get_by_text("Passage 9 van 12").count() == 1
    assert len(_coded(store, codebook_id)) == 9

    # ? lists the keys
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    page.keyboard.press("?")
    page.get_by_text("Sneltoetsen (niet tijdens het typen in een veld)").wait_for()

"""Two sessions on one transcript in a real headless Chromium: what session B codes (or removes) shows in
session A within the poll interval, without A losing its open selection, the letters typed in its code picker,
its scroll position or its own coding. Needs the system Chromium at /usr/bin/chromium."""

from __future__ import annotations

import pytest
from test_browser import CHROMIUM, TIMEOUT_MS, browser, open_app_page, server  # noqa: F401 - fixtures
from test_transcript_browser import IDLE, _drag, _stored, served, transcript_project  # noqa: F401 - fixtures

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no system Chromium at /usr/bin/chromium"),
]
POLL_MS = 3_000  # views/transcript.py: POLL_SECONDS
SLACK_MS = 12_000  # a fragment run and its answer on a loaded 2-core machine
COUNT = "() => [...document.querySelectorAll('[data-testid=stCaptionContainer]')].map((e) => e.innerText).join(' ')"


def _open(browser, url):  # noqa: F811
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    return page, open_app_page(page, f"{url}/transcript", ".dd-turn")


def _coded_in_turn(i: int) -> str:
    return f"() => document.querySelectorAll('.dd-turn')[{i}].querySelectorAll('.dd-seg.dd-c').length"


def test_what_session_b_codes_shows_in_session_a_within_the_poll_interval(served, transcript_project, browser):  # noqa: F811
    url, location = served, transcript_project
    a, a_errors = _open(browser, url)
    b, b_errors = _open(browser, url)
    assert a.evaluate(_coded_in_turn(0)) == 0

    # A: a selection with the picker open and two letters typed, not yet coded
    _drag(a, 4, "tevreden", "achteraf")
    a.locator(".dd-picker input").wait_for()
    a.keyboard.type("te")
    scroll = a.evaluate("() => document.querySelector('[data-testid=stMain]').scrollTop")

    # B: the whole first turn coded with the keyboard
    b.keyboard.press("j")
    b.keyboard.press("c")
    b.locator(".dd-picker input").wait_for()
    b.keyboard.type("schuld")
    b.keyboard.press("Enter")
    b.wait_for_function(IDLE)
    assert [c for c, _ in _stored(location)] == ["schulden"]

    # A shows it within the poll interval, its picker still open with what was typed
    a.wait_for_function(_coded_in_turn(0), timeout=POLL_MS + SLACK_MS)
    assert a.locator(".dd-picker input").input_value() == "te"
    assert a.locator(".dd-seg.dd-pend").count() >= 1  # the selection is still shown
    assert a.evaluate("() => document.querySelector('[data-testid=stMain]').scrollTop") == scroll
    a.wait_for_function(f"() => ({COUNT})().includes('12 beurten · 2 coderingen')", timeout=POLL_MS + SLACK_MS)  # 1 suggestion + B's

    # A finishes its own coding; B sees it in turn
    a.keyboard.press("Enter")
    a.wait_for_function(IDLE)
    assert ("tevredenheid", "tevreden over, achteraf") in _stored(location), _stored(location)
    b.wait_for_function(_coded_in_turn(4), timeout=POLL_MS + SLACK_MS)

    # B removes its coding: A no longer shows it
    b.locator(".dd-turn").nth(0).locator(".dd-seg.dd-c").first.click()
    b.locator(".dd-details").get_by_role("button", name="Verwijderen").click()
    b.wait_for_function(IDLE)
    a.wait_for_function(f"() => !({_coded_in_turn(0)})()", timeout=POLL_MS + SLACK_MS)
    assert _stored(location) == [("tevredenheid", "tevreden over, achteraf")]
    assert a.evaluate(_coded_in_turn(4)) >= 1  # its own coding stays
    assert not a_errors and not b_errors, (a_errors, b_errors)


def _open_count(page) -> int:
    text = page.evaluate(COUNT)
    return int(text.split(" met een open suggestie")[0].rsplit("· ", 1)[-1])


def test_the_review_page_shows_a_decision_stored_elsewhere_and_keeps_what_is_typed(server, store, codebook_id, browser):  # noqa: F811
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    page.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server, wait_until="domcontentloaded")
    page.get_by_role("button", name="✓ Accepteren").first.wait_for()
    page.wait_for_function(f"() => ({COUNT})().includes('met een open suggestie')")
    before = _open_count(page)
    memo = page.get_by_test_id("stTextInput").filter(has_text="Memo").locator("input")
    memo.click()
    page.keyboard.type("half getypt")  # not yet sent: no Enter, no blur

    # another researcher decides every open suggestion of another passage
    shown = page.evaluate(COUNT)
    suggested = store.codings(codebook_id=codebook_id, status="suggested")
    current = {c.passage_id for c in suggested if store.get_passage(c.passage_id).text[:30] in page.inner_text("main")}
    other = next(c.passage_id for c in suggested  # a respondent's passage: in the queue
                 if c.passage_id not in current and store.get_passage(c.passage_id).role == "respondent")
    for c in suggested:
        if c.passage_id == other:
            store.set_status(c.id, "accepted")
    page.wait_for_function(f"() => ({COUNT})() !== {shown!r}", timeout=POLL_MS + SLACK_MS)
    assert _open_count(page) == before - 1
    assert memo.input_value() == "half getypt"
    assert not errors, errors

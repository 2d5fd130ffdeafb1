"""Coding in the transcript in a real headless Chromium (issue 15 points 1-3): a real mouse drag over
words, a code picked with the keyboard, and the stored coding's text equals the selected words (over
é, an emoji and a CRLF; across turns; mid-word with and without snapping); ten passages coded with
the keyboard alone; code, code, undo; a suggestion accepted in place; a deep link to a passage.
Needs the system Chromium at /usr/bin/chromium. Screenshot in ``test-artifacts/transcript.png``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from test_browser import ARTIFACTS, TIMEOUT_MS, browser, open_app_page  # noqa: F401 - the browser fixture

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "surface"))
from transcript_builders import TURNS, build_transcript_project

from analysis.demo import serve_in_background
from analysis.domain import CodingStatus
from analysis.store import Project

pytestmark = [pytest.mark.browser]

XY = """([i, needle, end]) => {
  const tx = document.querySelectorAll('.dd-turn')[i].querySelector('.dd-tx');
  const text = tx.textContent, k = text.indexOf(needle);
  if (k < 0) return null;
  const at = end ? k + needle.length : k;
  const w = document.createTreeWalker(tx, NodeFilter.SHOW_TEXT);
  let n, seen = 0;
  while ((n = w.nextNode())) {
    if (at - seen <= n.data.length && (end ? at - seen > 0 : at - seen < n.data.length)) {
      const o = at - seen, r = document.createRange();
      if (end) { r.setStart(n, o - 1); r.setEnd(n, o); } else { r.setStart(n, o); r.setEnd(n, o + 1); }
      const b = r.getClientRects()[0];
      return [end ? b.right - 0.5 : b.left + 0.5, b.top + b.height / 2];
    }
    seen += n.data.length;
  }
  return null;
}"""
SCROLL = "() => window.scrollY + (document.querySelector('[data-testid=stMain]') || {scrollTop: 0}).scrollTop"
IDLE = "() => { const S = window.__ddTranscript; return S && S.seq > 0 && !S.inflight && !S.queue.length; }"


@pytest.fixture
def transcript_project(tmp_path, monkeypatch):
    location = build_transcript_project(tmp_path / "proj", turns=TURNS * 2)
    monkeypatch.setenv("DUIDING_PROJECT", str(location))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return location


@pytest.fixture
def served(transcript_project, tmp_path):
    with serve_in_background(transcript_project, env={"DUIDING_USER": "browser-tester"}, timeout=90,
                             log_file=tmp_path / "streamlit.log") as url:
        yield url


@pytest.fixture
def page(served, browser):  # noqa: F811
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    errors = open_app_page(page, f"{served}/transcript", ".dd-turn")
    yield page
    assert not errors, errors


def _drag(page, turn: int, first: str, last: str, last_turn: int | None = None, *, from_inside: int = 0, to_inside: int = 0) -> None:
    a = page.evaluate(XY, [turn, first, False])
    b = page.evaluate(XY, [turn if last_turn is None else last_turn, last, True])
    assert a and b, (first, last)
    page.mouse.move(a[0] + from_inside, a[1])
    page.mouse.down()
    page.mouse.move(b[0] - to_inside, b[1], steps=8)
    page.mouse.up()


def _pick(page, filter_text: str) -> None:
    page.locator(".dd-picker input").wait_for()
    page.keyboard.type(filter_text)
    page.keyboard.press("Enter")


def _stored(location) -> list[tuple[str, str]]:
    with Project.open(location) as p:
        text = p.sources()[0].text
        return sorted((c.code_id, text[c.start:c.end]) for c in p.codings(status="accepted"))


def _wait(page) -> None:
    page.wait_for_function(IDLE)


def test_drag_over_words_with_accents_and_an_emoji_then_pick_a_code(page, transcript_project):
    _drag(page, 1, "café", "wachttijd")
    _pick(page, "wacht")
    page.locator(".dd-seg.dd-c").first.wait_for()  # the highlight shows before the store answers
    _wait(page)
    assert _stored(transcript_project) == [("wachttijd", "café was dicht 😀 en de wachttijd")]
    assert page.locator(".dd-stripe").count() >= 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "transcript.png"), full_page=True)


def test_a_selection_across_turns_and_over_a_crlf(page, transcript_project):
    _drag(page, 3, "wijkcoördinator", "tevreden", 5)
    _pick(page, "tevreden")
    _wait(page)
    _drag(page, 1, "gemeente", "heel")
    _pick(page, "bereik")
    _wait(page)
    stored = _stored(transcript_project)
    assert ("bereikbaarheid", "gemeente\r\nwas heel") in stored
    satisfied = [t for c, t in stored if c == "tevredenheid"]
    assert satisfied == sorted(["wijkcoördinator 👍 over de schuldhulp en die regelde het snel.",
                                "Was u daar tevreden over, achteraf gezien?", "Ja, heel tevreden"])


def test_mid_word_selection_snaps_to_words_unless_switched_off(page, transcript_project):
    _drag(page, 0, "gaat", "clië")  # starts inside "gaat", ends inside "cliënt"
    # from the middle of "gaat": start two characters in
    _pick(page, "schuld")
    _wait(page)
    assert _stored(transcript_project) == [("schulden", "gaat het nu met de cliënt")]
    page.locator(".dd-snap").uncheck()
    _drag(page, 2, "gebeurde", "aanvraag", to_inside=0)
    page.keyboard.press("Escape")  # close without coding
    a = page.evaluate(XY, [2, "ebeurde", False])
    b = page.evaluate(XY, [2, "aanv", True])
    page.mouse.move(*a)
    page.mouse.down()
    page.mouse.move(*b, steps=8)
    page.mouse.up()
    _pick(page, "toegang")
    _wait(page)
    assert ("toegang", "ebeurde er toen met de aanv") in _stored(transcript_project)


def test_ten_passages_coded_with_the_keyboard_alone(page, transcript_project):
    # keys typed in a text field never act on the transcript
    page.evaluate("() => { const i = document.createElement('input'); i.id = 'probe'; document.body.prepend(i); i.focus(); }")
    page.keyboard.type("jc.")
    assert page.locator(".dd-picker").count() == 0 and page.locator(".dd-kfocus").count() == 0
    page.evaluate("() => { document.getElementById('probe').remove(); }")
    page.keyboard.press("j")  # the first turn
    page.keyboard.press("c")  # the picker on the whole turn
    _pick(page, "tevreden")
    for _ in range(9):
        page.keyboard.press("j")
        page.keyboard.press(".")  # the last code again
    _wait(page)
    stored = _stored(transcript_project)
    assert len(stored) == 10 and {c for c, _ in stored} == {"tevredenheid"}
    words = [w for _, w in TURNS * 2][:10]
    assert sorted(t for _, t in stored) == sorted(w.rstrip("?.") for w in words)
    page.keyboard.press("j")
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("c")
    page.keyboard.press("1")  # the first listed code: the recently used one
    _wait(page)
    assert ("tevredenheid", "Was u") in _stored(transcript_project)
    page.keyboard.press("?")
    assert "ongedaan maken" in page.locator(".dd-help").inner_text()


def test_code_code_undo_fast_loses_and_duplicates_nothing(page, transcript_project):
    for needle, code in (("schulden", "schuld"), ("aanvraag", "toegang")):
        turn = 0 if needle == "schulden" else 2
        _drag(page, turn, needle, needle)
        _pick(page, code)
    page.keyboard.press("z")
    page.keyboard.press("z")
    page.keyboard.press("Control+z")  # one undo too many: nothing left to undo
    _drag(page, 4, "tevreden", "tevreden")
    _pick(page, "tevreden")
    _wait(page)
    assert _stored(transcript_project) == [("tevredenheid", "tevreden")]
    assert page.locator(".dd-seg.dd-c").count() == 1


def test_a_suggestion_is_accepted_in_place_and_scroll_stays(page, transcript_project):
    page.keyboard.press("n")  # the open suggestion, scrolled to
    page.locator(".dd-sfocus").first.wait_for()
    page.locator(".dd-sfocus").first.click()
    details = page.locator(".dd-details")
    page.wait_for_timeout(300)
    before = page.evaluate(SCROLL)
    assert "wachttijd" in details.inner_text() and "80%" in details.inner_text()  # its evidence and confidence
    details.get_by_role("button", name="Accepteren (a)").click()
    _wait(page)
    with Project.open(transcript_project) as p:
        (c,) = [c for c in p.codings() if c.code_id == "wachttijd"]
        assert CodingStatus(c.status) is CodingStatus.ACCEPTED and c.coder == "browser-tester"
    page.wait_for_timeout(300)
    after = page.evaluate(SCROLL)
    assert abs(after - before) < 2


def test_a_deep_link_opens_the_passage_highlighted(served, browser, transcript_project):  # noqa: F811
    with Project.open(transcript_project) as p:
        source = p.sources()[0]
        passage = p.passages(source_id=source.id)[10]
    page = browser.new_page(viewport={"width": 1300, "height": 500})
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{served}/transcript?source={source.id}&passage={passage.id}", wait_until="domcontentloaded")
    target = page.locator(f".dd-turn[data-p='{passage.id}']")
    target.wait_for()
    page.wait_for_function(f"() => document.querySelector(\".dd-turn[data-p='{passage.id}']\").classList.contains('dd-target')")
    box = target.bounding_box()
    assert 0 <= box["y"] < 500  # on screen


def test_a_highlight_opens_its_coding_memo_other_code_and_remove(page, transcript_project):
    _drag(page, 0, "schulden", "schulden")
    _pick(page, "schuld")
    _wait(page)
    page.locator(".dd-seg.dd-c").first.click()
    details = page.locator(".dd-details")
    assert "browser-tester" in details.inner_text() and "geaccepteerd" in details.inner_text()
    details.locator("textarea").fill("belangrijk")
    details.get_by_role("button", name="Memo opslaan").click()
    _wait(page)
    with Project.open(transcript_project) as p:
        assert [c.memo for c in p.codings(status="accepted")] == ["belangrijk"]
    page.locator(".dd-seg.dd-c").first.click()
    page.locator(".dd-details").get_by_role("button", name="Andere code").click()
    _pick(page, "tevreden")
    _wait(page)
    assert _stored(transcript_project) == [("tevredenheid", "schulden")]
    page.locator(".dd-stripe").first.click()  # the stripe opens the same card
    page.locator(".dd-details").get_by_role("button", name="Verwijderen").click()
    _wait(page)
    assert _stored(transcript_project) == []
    assert page.locator(".dd-seg.dd-c").count() == 0 and page.locator(".dd-stripe:not(.dd-sug)").count() == 0

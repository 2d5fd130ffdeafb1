"""In a real headless Chromium (Debian's, never a download): two browser contexts on one served
app see what is stored, and a fast triple click on "Afwijzen" rejects only the suggestion the
researcher clicked.
"""

from __future__ import annotations

import re

import pytest

# The browser, the served app and the "run finished" wait are the ones of the first browser test.
from test_browser import TIMEOUT_MS, _settle, browser, pytestmark, server  # noqa: F401 - fixtures

from analysis.domain import Passage, Source, SourceKind


def _page(browser, url: str):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url, wait_until="domcontentloaded")
    return page


def _queue_size(page) -> int:
    caption = page.get_by_text(re.compile(r"\d+ passages in de wachtrij")).first
    caption.wait_for()
    return int(re.search(r"(\d+) passages in de wachtrij", caption.inner_text()).group(1))


def test_two_browser_contexts_see_what_is_stored(server, browser, store, codebook_id):
    first = _page(browser, server)
    first.get_by_role("heading", name="Beoordelen & coderen").wait_for()
    _settle(first)
    before = _queue_size(first)

    # another coder (the Python API) decides every open suggestion of one passage
    pid = store.codings(codebook_id=codebook_id, status="suggested")[-1].passage_id
    for c in store.codings(codebook_id=codebook_id, passage_ids=[pid], status="suggested"):
        store.set_status(c.id, "rejected", coder="collega")
    second = _page(browser, server)  # a second context: its own session on the same server
    second.get_by_role("heading", name="Beoordelen & coderen").wait_for()
    _settle(second)
    assert _queue_size(second) == before - 1

    # a source added elsewhere shows on the first context's Project page (statistics, breakdown)
    text = "Hallo.\n\nIk woon sinds kort in Brakelveen."
    store.add_source(
        Source(name="brakelveen.txt", text=text, kind=SourceKind.INTERVIEW, municipality="Brakelveen"),
        [Passage(0, 6, "Hallo.", 0, None), Passage(8, len(text), text[8:], 1, None)],
    )
    first.get_by_test_id("stSidebarNav").get_by_role("link", name=re.compile("Project")).click()
    first.get_by_role("heading", name="Project").wait_for()
    first.get_by_text("Brakelveen").first.wait_for(state="attached")  # a grid cell

    # and back on the review page the first context's queue follows the other coder's decisions
    first.get_by_test_id("stSidebarNav").get_by_role("link", name=re.compile("Beoordelen")).click()
    first.get_by_role("heading", name="Beoordelen & coderen").wait_for()
    _settle(first)
    assert _queue_size(first) == before - 1

    # a theme model stored elsewhere is listed in the second context
    store.save_topic_model("elders gefit", {"n_topics": 2, "n_passages": 12}, [], [])
    second.get_by_test_id("stSidebarNav").get_by_role("link", name=re.compile("Thema")).click()
    second.get_by_role("heading", name=re.compile("Thema")).wait_for()
    second.get_by_text("elders gefit").first.wait_for()


def test_a_fast_triple_click_on_reject_rejects_only_the_suggestion_clicked(server, browser, store, codebook_id):
    page = _page(browser, server)
    page.get_by_role("heading", name="Beoordelen & coderen").wait_for()
    _settle(page)
    # "Toevoegen" without a code says why, in the same rerun
    page.get_by_role("button", name="Toevoegen", exact=True).click()
    page.get_by_text("Kies eerst een code").first.wait_for(timeout=20_000)
    # go to a passage with at least two open suggestions (the next card moves under the cursor)
    for _ in range(10):
        _settle(page)
        caption = page.get_by_text(re.compile(r"Passage \d+ van \d+")).first.inner_text()
        n_reject = page.get_by_role("button", name=re.compile("Afwijzen")).count()
        if n_reject >= 2:
            break
        page.get_by_role("button", name=re.compile("Volgende")).first.click()
    else:
        pytest.fail(f"no passage with two open suggestions ({caption})")
    before = {c.id for c in store.codings(codebook_id=codebook_id, status="suggested")}
    button = page.get_by_role("button", name=re.compile("Afwijzen")).first
    box = button.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    # a triple click whose later clicks land just after the page moved on: each as soon as the
    # card under the cursor has changed (the server was quicker than the researcher's finger)
    for clicks in range(3):
        n_before = page.get_by_role("button", name=re.compile("Afwijzen")).count()
        page.mouse.click(x, y)
        if clicks < 2 and n_before > 1:
            page.wait_for_function(
                "n => Array.from(document.querySelectorAll('button')).filter(b => /Afwijzen/.test(b.innerText)).length < n",
                arg=n_before, polling=10, timeout=TIMEOUT_MS,
            )
    _settle(page)
    page.wait_for_timeout(1500)
    _settle(page)
    rejected = [c for c in store.codings(codebook_id=codebook_id, status="rejected") if c.id in before]
    assert len(rejected) == 1, [(c.id, c.code_id) for c in rejected]
    # the researcher's next deliberate click works
    page.get_by_role("button", name=re.compile("Afwijzen")).first.click()
    _settle(page)
    rejected = [c for c in store.codings(codebook_id=codebook_id, status="rejected") if c.id in before]
    assert len(rejected) == 2

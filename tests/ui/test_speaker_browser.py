"""In a real headless Chromium: a quote on the Rapportage page names its real speaker, and the
review page keeps interviewer questions out of the queue until the filter shows them (issue 12,
point 2). Needs the system Chromium at /usr/bin/chromium; screenshot in
``test-artifacts/speaker-quotes.png``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_browser import ARTIFACTS, TIMEOUT_MS, _settle, browser  # noqa: F401 - the browser fixture

from analysis.corpus import ingest_file, load_manifest
from analysis.demo import serve_in_background
from analysis.domain import Code, Codebook, Coding, CodingOrigin, CodingStatus
from analysis.store import Project

pytestmark = [pytest.mark.browser]
ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "corpora" / "demo"
QUESTION = "Nog één vraag: voetbal je eigenlijk nog?"


@pytest.fixture
def speaker_project(tmp_path, monkeypatch):
    """Yusuf's interview (RHMS-03); the football question and Yusuf's answer coded by hand."""
    location = tmp_path / "proj"
    project = Project.create(location)
    source, passages = ingest_file(DEMO / "heemsteden" / "inwoner_yusuf.txt", manifest=load_manifest(DEMO / "manifest.csv"))
    project.add_source(source, passages)
    project.save_codebook(Codebook(id="cb", name="Codeboek", codes=[Code(id="sport", name="Sport en vrije tijd")]))
    question = next(p for p in project.passages() if p.text == QUESTION)
    answer = project.passages(ids=[question.id + 1])[0]
    for p in (question, answer):
        project.add_coding(Coding(p.id, "sport", "cb", coder="onderzoeker", origin=CodingOrigin.MANUAL,
                                  status=CodingStatus.ACCEPTED))
    project.close()
    monkeypatch.setenv("DUIDING_PROJECT", str(location))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return location, question, answer


@pytest.fixture
def speaker_server(speaker_project, tmp_path):
    location = speaker_project[0]
    with serve_in_background(location, env={"DUIDING_USER": "browser-tester"}, timeout=90,
                             log_file=tmp_path / "streamlit.log") as url:
        yield url


def test_a_quote_on_the_report_page_names_the_real_speaker(speaker_server, speaker_project, browser):  # noqa: F811
    _, question, answer = speaker_project
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1400})
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{speaker_server}/rapportage", wait_until="domcontentloaded")
    page.get_by_role("heading", name="Rapportage").wait_for()
    page.get_by_test_id("stSelectbox").filter(has=page.get_by_text("Code", exact=True)).click()
    page.get_by_role("option").filter(has_text="Sport en vrije tijd").click()
    summary = page.get_by_role("tabpanel", name="Themasamenvatting")  # other tabs may quote the same turn
    asked = summary.locator("blockquote").filter(has_text=QUESTION)
    asked.wait_for()
    _settle(page)
    page.screenshot(path=str(ARTIFACTS / "speaker-quotes.png"), full_page=True)
    assert f"— interviewer, Heemsteden, interview RHMS-03, alinea {question.ordinal + 1}" in asked.inner_text()
    assert "cliënt" not in asked.inner_text()
    told = summary.locator("blockquote").filter(has_text=answer.text[:40])
    assert f"— cliënt, Heemsteden, interview RHMS-03, alinea {answer.ordinal + 1}" in told.inner_text()

    # the review page: the question is not in the queue until the filter shows it, then marked as the interviewer's
    page.goto(speaker_server, wait_until="domcontentloaded")
    page.get_by_role("heading", name="Beoordelen & coderen").wait_for()
    _settle(page)
    page.get_by_test_id("stSelectbox").filter(has_text="Status").click()
    page.get_by_role("option", name="Geaccepteerd").click()
    page.get_by_text("Passage 1 van 1").wait_for()  # the accepted answer only, not the accepted question
    page.get_by_text("Alle sprekers", exact=True).click()
    page.get_by_text("2 passages in de wachtrij", exact=False).wait_for()  # the position stays on Yusuf's answer
    _settle(page)
    turn = page.locator(".duiding-turn").filter(has_text=QUESTION).first
    turn.wait_for()
    assert "INTERVIEWER (interviewer):" in turn.inner_text()
    page.screenshot(path=str(ARTIFACTS / "speaker-review.png"), full_page=True)

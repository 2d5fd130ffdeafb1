"""The transcript page through AppTest (issue 15): it mounts the coding component with the source's
turns and codings, follows a deep link, applies a component action in its callback, and the pages
that show passages link to it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "surface"))
from transcript_builders import build_transcript_project  # noqa: E402

from analysis.store import Project  # noqa: E402
from ui.transcript_links import transcript_href  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def location(tmp_path, monkeypatch):
    location = build_transcript_project(tmp_path / "proj")
    monkeypatch.setenv("DUIDING_PROJECT", str(location))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("DUIDING_USER", "tester")
    return location


def _transcript(location, **params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("views/transcript.py")
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_page_shows_the_source_with_its_turns(location):
    at = _transcript(location)
    assert at.title[0].value == "Transcript coderen"
    assert any("6 beurten · 1 coderingen in beeld" in c.value for c in at.caption)
    assert at.session_state["tr_context"]["codebook"] == "cb"


def test_a_deep_link_chooses_the_source_and_the_passage(location, tmp_path):
    with Project.open(location) as p:
        source = p.sources()[0]
        passage = p.passages(source_id=source.id)[3]
    at = _transcript(location, source=str(source.id), passage=str(passage.id))
    assert at.session_state["tr_source"] == source.id
    assert at.session_state["tr_link_applied"] == (str(source.id), str(passage.id))


def test_transcript_links_are_relative_with_source_and_passage():
    assert transcript_href(3, 120) == "transcript?source=3&passage=120"
    assert transcript_href(3) == "transcript?source=3"


def test_the_review_card_links_to_its_passage_in_the_transcript(app):
    """The review page (the default page of the small project) links its current passage."""
    links = [c.value for c in app.caption if "transcript?source=" in c.value]
    assert links and "&passage=" in links[0]

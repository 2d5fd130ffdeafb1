"""Pages show what is stored now: the transcript's change check (``analysis.live``) decides per run what the
component gets, and the project's data version moves with a write by any session."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "surface"))
from transcript_builders import CODEBOOK, build_transcript_project

from analysis.domain import Coding, CodingOrigin, CodingStatus
from analysis.live import LiveView, Send
from analysis.store import Project

CTX = ("proj", 1, "cb", True, 1)


def _run(live: LiveView, context, version: int, *, page_run: bool = False, acted: bool = False) -> Send:
    """One run of the page that got its data to the component."""
    send = live.plan(context, version, page_run=page_run, acted=acted)
    live.synced(send, context, version)
    return send


def test_the_first_run_sends_the_document_then_nothing_while_nothing_is_stored():
    live = LiveView()
    assert _run(live, CTX, 7) is Send.DOCUMENT
    assert _run(live, CTX, 7) is Send.NOTHING
    assert _run(live, CTX, 7) is Send.NOTHING


def test_a_run_interrupted_before_its_document_went_out_sends_it_again():
    live = LiveView()
    assert live.plan(CTX, 7, page_run=True, acted=False) is Send.DOCUMENT  # interrupted: never synced
    assert live.plan(CTX, 7, page_run=False, acted=False) is Send.DOCUMENT


def test_a_write_elsewhere_resends_the_codings_once_not_the_text():
    live = LiveView()
    _run(live, CTX, 7, page_run=True)
    assert _run(live, CTX, 8) is Send.CODINGS
    assert _run(live, CTX, 8) is Send.NOTHING


def test_an_own_action_sends_its_passages_and_the_next_poll_reads_everything_once():
    """Another session may have written between our last read and our action: the version alone cannot
    tell, so the poll after an action reads all codings once (never once too few)."""
    live = LiveView()
    _run(live, CTX, 7, page_run=True)
    assert _run(live, CTX, 9, acted=True) is Send.DELTA
    assert _run(live, CTX, 9) is Send.CODINGS
    assert _run(live, CTX, 9) is Send.NOTHING


def test_another_source_or_a_whole_page_run_sends_the_document():
    live = LiveView()
    _run(live, CTX, 7, page_run=True)
    assert _run(live, ("proj", 2, "cb", True, 1), 7) is Send.DOCUMENT
    assert _run(live, ("proj", 2, "cb", True, 1), 7, page_run=True) is Send.DOCUMENT
    assert _run(live, ("proj", 2, "cb", True, 2), 7) is Send.DOCUMENT  # a source edited


def test_the_count_is_what_the_component_holds_also_after_a_delta():
    """The caption counted only the codings a run sent: after an action, those of one passage."""
    live = LiveView()
    assert live.shows(Send.DOCUMENT, [{"p": 1}, {"p": 1}, {"p": 2}, {"p": 3}]) == 4
    assert live.shows(Send.DELTA, [{"p": 2}, {"p": 2}], passages=[2]) == 5  # passage 2 coded once more
    assert live.shows(Send.DELTA, [{"p": 2}, {"p": 2}], passages=[2]) == 5  # the same run again counts once
    assert live.shows(Send.DELTA, [], passages=[1]) == 3  # both codings of passage 1 removed
    assert live.shows(Send.NOTHING, []) == 3
    assert live.shows(Send.CODINGS, [{"p": 4}]) == 1


def test_the_data_version_moves_with_a_coding_stored_by_another_connection(tmp_path):
    location = build_transcript_project(tmp_path / "proj")
    with Project.open(location, user="a") as a, Project.open(location, user="b") as b:
        before = a.data_version()
        assert a.data_version() == before  # reading moves nothing
        passage = b.passages()[3]
        b.add_codings([Coding(passage.id, "schulden", CODEBOOK, coder="b", origin=CodingOrigin.MANUAL,
                              status=CodingStatus.ACCEPTED)])
        assert a.data_version() > before


def test_the_transcript_opens_in_the_codebook_the_codings_are_in(tmp_path, monkeypatch):
    """The demo opened the transcript in its first codebook (Almelo): "0 codings" on a coded project."""
    from streamlit.testing.v1 import AppTest

    from analysis.domain import Code, Codebook

    location = build_transcript_project(tmp_path / "proj")
    with Project.open(location) as p:
        p.save_codebook(Codebook(id="aa-leeg", name="AA leeg", codes=[Code(id="x", name="X")]))
        assert p.codebooks()[0].id == "aa-leeg"
    monkeypatch.setenv("DUIDING_PROJECT", str(location))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    at = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("views/transcript.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["tr_context"]["codebook"] == CODEBOOK
    assert any("1 coderingen in beeld" in c.value for c in at.caption)


def test_the_rules_evidence_is_in_english_on_the_english_review_page(app):
    """The card said "Why: trefwoord «inhuur»" in English: the rule's stored Dutch label, now translated."""
    dutch = [c.value for c in app.caption if c.value.startswith("Waarom:")]
    assert dutch and all("trefwoord " in c for c in dutch)
    app.radio(key="lang").set_value("en").run()
    english = [c.value for c in app.caption if c.value.startswith("Why:")]
    assert english and all("keyword " in c and "trefwoord" not in c for c in english)


def test_preparing_similar_passages_does_not_say_it_loads_the_queue(monkeypatch):
    """"Meer zoals deze" span "Wachtrij laden…" (the review queue's words) while it built its index."""
    import contextlib

    from ui import semantic

    said: list[str] = []
    monkeypatch.setattr(semantic.st, "spinner", lambda text, **kw: said.append(text) or contextlib.nullcontext())
    monkeypatch.setattr(semantic, "_encoder", lambda spec: (None, "geen encoder"))
    monkeypatch.setattr(semantic, "_cached_index", lambda *a: type("Index", (), {"detail": ""})())
    monkeypatch.setattr(semantic.state, "sources_version", lambda: 1)
    semantic.passage_index(object(), "proj")
    assert said == ["Passages voorbereiden om op betekenis te vergelijken…"]


def test_keyword_hits_say_who_speaks_the_interviewer_or_the_respondent(tmp_path, monkeypatch):
    """A hit showed only the raw speaker label ("R", "I", or nothing on a header line): the role column says
    whether the words are the respondent's, as the Zoekvragen results already did."""
    from streamlit.testing.v1 import AppTest

    location = build_transcript_project(tmp_path / "proj")
    monkeypatch.setenv("DUIDING_PROJECT", str(location))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("DUIDING_KWIC_SECONDS", "300")
    at = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("views/corpus.py").run()
    at.text_input(key="kwic_query").input("tevreden").run()
    hits = at.dataframe(key="kwic_results").value
    assert list(zip(hits["Spreker"], hits["Rol"], strict=True)) == [("INTERVIEWER", "interviewer"), ("ANNA", "respondent")]

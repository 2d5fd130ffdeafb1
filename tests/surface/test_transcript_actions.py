"""The transcript component's actions applied to the store (issue 15 points 1-2): spans in code
points, spans across turns, in-vivo codes, recode/resize/memo/decide, undo, and an action that
arrives twice is applied once."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from transcript_builders import CODEBOOK, build_transcript_project

from analysis.coding.transcript import (
    TranscriptActions,
    TranscriptSession,
    transcript_codes,
    transcript_codings,
    transcript_turns,
)
from analysis.domain import CodingStatus
from analysis.store import Project


@pytest.fixture
def project(tmp_path):
    p = Project.open(build_transcript_project(tmp_path / "p"))
    yield p
    p.close()


@pytest.fixture
def source(project):
    return project.sources()[0]


def _actions(project, source, session=None):
    return TranscriptActions(project, source.id, CODEBOOK, "tester", session or TranscriptSession())


def _span(text: str, words: str) -> tuple[int, int]:
    at = text.index(words)
    return at, at + len(words)


def test_a_span_with_an_emoji_and_accents_stores_exactly_those_words(project, source):
    start, end = _span(source.text, "café was dicht 😀 en de wachttijd")
    done = _actions(project, source).apply({"client": "c", "seq": 1, "op": "add", "code": "wachttijd", "start": start, "end": end})
    assert done["ok"], done
    (coding,) = [project.get_coding(i) for i in done["ids"]]
    assert source.text[coding.start:coding.end] == "café was dicht 😀 en de wachttijd"
    assert coding.coder == "tester" and CodingStatus(coding.status) is CodingStatus.ACCEPTED


def test_a_span_across_a_crlf_line_break_keeps_it(project, source):
    start, end = _span(source.text, "gemeente\r\nwas heel")
    done = _actions(project, source).apply({"client": "c", "seq": 1, "op": "add", "code": "wachttijd", "start": start, "end": end})
    (coding,) = [project.get_coding(i) for i in done["ids"]]
    assert source.text[coding.start:coding.end] == "gemeente\r\nwas heel"


def test_a_span_across_turns_is_one_coding_per_turn_covering_the_selected_words(project, source):
    start = source.text.index("wijkcoördinator")
    end = source.text.index("heel tevreden") + len("heel tevreden")
    done = _actions(project, source).apply({"client": "c", "seq": 1, "op": "add", "code": "tevredenheid", "start": start, "end": end})
    codings = sorted((project.get_coding(i) for i in done["ids"]), key=lambda c: c.start)
    assert len(codings) == 3  # Anna's turn, the interviewer's question, Anna's answer
    texts = [source.text[c.start:c.end] for c in codings]
    assert texts[0].startswith("wijkcoördinator 👍") and texts[0].endswith("regelde het snel.")
    assert texts[1] == "Was u daar tevreden over, achteraf gezien?"
    assert texts[2] == "Ja, heel tevreden"
    passages = {p.id: p for p in project.passages(source_id=source.id)}
    assert all(passages[c.passage_id].start <= c.start < c.end <= passages[c.passage_id].end for c in codings)


def test_the_same_action_twice_is_stored_once(project, source):
    actions = _actions(project, source)
    start, end = _span(source.text, "schuldhulp")
    action = {"client": "c", "seq": 1, "op": "add", "code": "schulden", "start": start, "end": end}
    first = actions.apply(action)
    again = actions.apply(dict(action))
    assert again["ids"] == first["ids"]
    assert len(project.codings(code_id="schulden")) == 1


def test_code_code_undo_leaves_the_first(project, source):
    actions = _actions(project, source)
    a = _span(source.text, "schuldhulp")
    b = _span(source.text, "ergernis")
    actions.apply({"client": "c", "seq": 1, "op": "add", "code": "schulden", "start": a[0], "end": a[1]})
    actions.apply({"client": "c", "seq": 2, "op": "add", "code": "tevredenheid", "start": b[0], "end": b[1]})
    actions.apply({"client": "c", "seq": 3, "op": "undo"})
    left = project.codings(status="accepted")
    assert [(c.code_id, source.text[c.start:c.end]) for c in left] == [("schulden", "schuldhulp")]


def test_new_code_makes_an_in_vivo_code_from_the_words(project, source):
    start, end = _span(source.text, "ergernis over het wachten")
    done = _actions(project, source).apply({"client": "c", "seq": 1, "op": "new_code", "name": "ergernis over het wachten",
                                            "start": start, "end": end})
    codebook = project.get_codebook(CODEBOOK)
    assert codebook.code(done["code"]).name == "ergernis over het wachten"
    (coding,) = [project.get_coding(i) for i in done["ids"]]
    assert coding.code_id == done["code"]


def test_recode_resize_memo_and_undo_each(project, source):
    actions = _actions(project, source)
    start, end = _span(source.text, "de wachttijd bij de gemeente")
    (cid,) = actions.apply({"client": "c", "seq": 1, "op": "add", "code": "wachttijd", "start": start, "end": end})["ids"]
    recoded = actions.apply({"client": "c", "seq": 2, "op": "recode", "id": cid, "code": "bereikbaarheid"})
    (new_id,) = recoded["ids"]
    assert project.get_coding(new_id).code_id == "bereikbaarheid"
    assert not project.codings(code_id="wachttijd", status="accepted")
    s2, e2 = _span(source.text, "wachttijd")
    actions.apply({"client": "c", "seq": 3, "op": "resize", "id": new_id, "start": s2, "end": e2})
    actions.apply({"client": "c", "seq": 4, "op": "memo", "id": new_id, "memo": "te lang"})
    c = project.get_coding(new_id)
    assert (source.text[c.start:c.end], c.memo) == ("wachttijd", "te lang")
    actions.apply({"client": "c", "seq": 5, "op": "undo"})  # the memo
    actions.apply({"client": "c", "seq": 6, "op": "undo"})  # the resize
    c = project.get_coding(new_id)
    assert (source.text[c.start:c.end], c.memo) == ("de wachttijd bij de gemeente", "")
    actions.apply({"client": "c", "seq": 7, "op": "undo"})  # the recode
    (back,) = project.codings(status="accepted")
    assert (back.id, back.code_id) == (cid, "wachttijd")


def test_accept_and_reject_a_suggestion_in_place(project, source):
    (suggestion,) = project.codings(status="suggested")
    actions = _actions(project, source)
    actions.apply({"client": "c", "seq": 1, "op": "accept", "id": suggestion.id})
    c = project.get_coding(suggestion.id)
    assert CodingStatus(c.status) is CodingStatus.ACCEPTED and c.coder == "tester"
    actions.apply({"client": "c", "seq": 2, "op": "undo"})
    assert CodingStatus(project.get_coding(suggestion.id).status) is CodingStatus.SUGGESTED
    actions.apply({"client": "c", "seq": 3, "op": "reject", "id": suggestion.id})
    assert CodingStatus(project.get_coding(suggestion.id).status) is CodingStatus.REJECTED


def test_a_span_outside_the_text_is_refused_with_a_keyed_error(project, source):
    done = _actions(project, source).apply({"client": "c", "seq": 1, "op": "add", "code": "wachttijd", "start": 5, "end": 99999})
    assert not done["ok"] and done["error"].key == "surface.bad_span"
    assert not project.codings(status="accepted")


def test_payload_turns_codings_and_code_tree(project, source):
    turns = transcript_turns(project, source.id)
    assert [t["sp"] for t in turns][:2] == ["INTERVIEWER", "ANNA"]
    assert all(source.text[t["s"]:t["s"] + len(t["t"])] == t["t"] for t in turns)
    codings = transcript_codings(project, source.id, CODEBOOK, turns)
    (sug,) = codings
    assert sug["status"] == "suggested" and sug["ev"] and (sug["s"], sug["e"]) == (turns[1]["s"], turns[1]["s"] + len(turns[1]["t"]))
    assert transcript_codings(project, source.id, CODEBOOK, turns, suggestions=False) == []
    tree = transcript_codes(project.get_codebook(CODEBOOK))
    assert [(c["id"], c["depth"]) for c in tree][:3] == [("toegang", 0), ("wachttijd", 1), ("bereikbaarheid", 1)]


def test_a_coding_is_marked_citeerbaar_in_the_transcript_and_undo_unmarks_it(project, source):
    """Issue 19: the citeerbaar flag is set where the researcher reads, not only on the review page."""
    session = TranscriptSession()
    start, end = _span(source.text, "café was dicht 😀 en de wachttijd")
    (cid,) = _actions(project, source, session).apply(
        {"client": "c", "seq": 1, "op": "add", "code": "wachttijd", "start": start, "end": end}
    )["ids"]
    assert project.get_coding(cid).citeerbaar is False
    done = _actions(project, source, session).apply({"client": "c", "seq": 2, "op": "cite", "id": cid, "on": True})
    assert done["ok"], done
    assert project.get_coding(cid).citeerbaar is True
    turns = transcript_turns(project, source.id)
    view = {c["id"]: c for c in transcript_codings(project, source.id, CODEBOOK, turns)}
    assert view[cid]["cite"] is True
    _actions(project, source, session).apply({"client": "c", "seq": 3, "op": "undo"})
    assert project.get_coding(cid).citeerbaar is False

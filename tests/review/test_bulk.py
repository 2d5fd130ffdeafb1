"""Code many at once: keyword-in-context hits coded over their sentence or passage, in one action."""

from __future__ import annotations

from dataclasses import asdict

import pytest

from analysis.corpus.kwic import kwic
from analysis.domain import Passage, Source
from analysis.review import UndoStack, undo_history
from analysis.review.bulk import BulkCodingError, Hit, code_hits, hit_span, hits_from_kwic


def _add_source(project, text: str, name: str = "emoji.txt") -> int:
    passages, pos = [], 0
    for i, turn in enumerate(text.split("\n")):
        passages.append(Passage(pos + 3, pos + len(turn), turn[3:], i, turn[:1]))
        pos += len(turn) + 1
    return project.add_source(Source(name=name, text=text), passages)


TEXT = "R: Het café 😩 was dicht. De wachttijd was lang! Daarna ging het snel.\nI: En de wachttijd daarna?"


def test_a_hit_is_coded_over_its_sentence_and_the_text_round_trips(project, codebook_id):
    sid = _add_source(project, TEXT)
    source = project.get_source(sid)
    hits = [h for h in kwic(project, "wachttijd") if h.source_id == sid]
    assert len(hits) == 2
    result = code_hits(project, hits_from_kwic([asdict(h) for h in hits]), codebook_id, "wachttijden", "tester")
    assert result.coded == 2 and result.skipped == 0
    coded = sorted(project.codings(codebook_id=codebook_id, code_id="wachttijden", coder="tester",
                                   status="accepted"), key=lambda c: c.passage_id)
    mine = [c for c in coded if project.get_passage(c.passage_id).source_id == sid]
    # the first hit's sentence only (after an é and an emoji: code points, not UTF-16 units)
    assert source.text[mine[0].start:mine[0].end] == "De wachttijd was lang!"
    # the second passage is one sentence: the whole passage
    assert mine[1].start is None and mine[1].end is None


def test_passage_unit_and_no_doubles(project, codebook_id):
    sid = _add_source(project, TEXT)
    hits = [Hit(h.passage_id, h.start, h.end) for h in kwic(project, "wachttijd") if h.source_id == sid]
    first = code_hits(project, hits, codebook_id, "toegang", "tester", unit="passage")
    assert first.coded == 2
    assert all(c.start is None for c in project.codings(codebook_id=codebook_id, code_id="toegang", coder="tester"))
    again = code_hits(project, hits + hits, codebook_id, "toegang", "tester", unit="passage")
    assert again.coded == 0 and again.already == 2 and again.action is None


def test_one_action_undoes_them_all(project, codebook_id):
    sid = _add_source(project, TEXT)
    hits = [Hit(h.passage_id, h.start, h.end) for h in kwic(project, "wachttijd") if h.source_id == sid]
    hits.append(Hit(None, 0, 2))  # a hit outside any passage is skipped
    before = len(project.codings(codebook_id=codebook_id))
    result = code_hits(project, hits, codebook_id, "werkdruk", "tester")
    assert result.skipped == 1 and len(result.action.coding_ids) == 2
    stack = UndoStack()
    stack.push(result.action)
    stack.undo_last(project)
    assert len(project.codings(codebook_id=codebook_id)) == before
    # read back after a reload, the bulk coding is one step too
    code_hits(project, hits, codebook_id, "werkdruk", "tester")
    history = undo_history(project, "tester")
    assert len(history.peek().coding_ids) == 2


def test_hit_span_across_a_sentence_end_takes_both():
    text = "Een. Twee drie. Vier."
    assert hit_span(text, 100, Hit(1, 100 + 2, 100 + 7), "sentence") == (100, 100 + 15)
    assert hit_span(text, 100, Hit(1, 100 + 5, 100 + 8), "sentence") == (105, 115)
    assert hit_span(text, 100, Hit(1), "sentence") is None
    with pytest.raises(BulkCodingError):
        hit_span(text, 100, Hit(1, 101, 102), "woord")


def test_unknown_code_stores_nothing(project, codebook_id):
    before = len(project.codings())
    with pytest.raises(Exception):
        code_hits(project, [Hit(1)], codebook_id, "bestaat-niet", "tester")
    assert len(project.codings()) == before

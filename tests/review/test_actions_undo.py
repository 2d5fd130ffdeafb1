from __future__ import annotations

import pytest

from analysis.domain import CodingOrigin, CodingStatus
from analysis.review import (
    UndoConflict,
    UndoStack,
    accept,
    add_code,
    code_sentences,
    reject,
    remove,
    sentence_runs,
    sentence_spans_to_source,
    set_memo,
    undo,
)


def _state(project, codebook_id):
    return sorted(
        (c.id, c.passage_id, c.code_id, c.coder, CodingStatus(c.status).value, c.start, c.end, c.memo)
        for c in project.codings(codebook_id=codebook_id)
    )


def _suggestion(project, codebook_id, code_id="bejegening"):
    return project.codings(codebook_id=codebook_id, code_id=code_id, status="suggested")[0]


def test_accept_stores_an_accepted_coding_by_the_researcher(project, codebook_id):
    s = _suggestion(project, codebook_id)
    action = accept(project, s.id, "onderzoeker")
    stored = project.get_coding(s.id)
    assert CodingStatus(stored.status) is CodingStatus.ACCEPTED
    assert stored.coder == "onderzoeker"
    assert action.kind == "accept" and action.coding_ids == (s.id,) and len(action.audit_ids) == 1


def test_reject_stores_rejected_and_undo_reopens(project, codebook_id):
    before = _state(project, codebook_id)
    s = _suggestion(project, codebook_id)
    action = reject(project, s.id, "onderzoeker")
    assert CodingStatus(project.get_coding(s.id).status) is CodingStatus.REJECTED
    undo(project, action)
    assert _state(project, codebook_id) == before


def test_add_code_creates_a_manual_accepted_coding_and_undo_deletes_it(project, codebook_id):
    before = _state(project, codebook_id)
    pid = project.passages()[2].id
    action = add_code(project, pid, codebook_id, "bejegening", "onderzoeker", memo="contact")
    (cid,) = action.coding_ids
    c = project.get_coding(cid)
    assert (c.origin, CodingStatus(c.status), c.coder, c.memo) == (CodingOrigin.MANUAL, CodingStatus.ACCEPTED, "onderzoeker", "contact")
    assert c.start is None and c.end is None
    undo(project, action)
    assert _state(project, codebook_id) == before


def test_adding_a_suggested_code_accepts_the_suggestion_instead_of_duplicating(project, codebook_id):
    s = _suggestion(project, codebook_id)
    n = len(project.codings(codebook_id=codebook_id))
    action = add_code(project, s.passage_id, codebook_id, s.code_id, "onderzoeker")
    assert action.coding_ids == (s.id,)
    assert len(project.codings(codebook_id=codebook_id)) == n
    assert CodingStatus(project.get_coding(s.id).status) is CodingStatus.ACCEPTED


def test_remove_and_undo_restores_the_same_coding(project, codebook_id):
    s = _suggestion(project, codebook_id)
    accept(project, s.id, "onderzoeker")
    set_memo(project, s.id, "mooi citaat")
    before = _state(project, codebook_id)
    action = remove(project, s.id)
    assert all(c.id != s.id for c in project.codings(codebook_id=codebook_id))
    undo(project, action)
    assert _state(project, codebook_id) == before
    assert project.get_coding(s.id).evidence == s.evidence


def test_memo_is_stored_and_undo_brings_back_the_old_memo(project, codebook_id):
    s = _suggestion(project, codebook_id)
    first = set_memo(project, s.id, "eerste")
    second = set_memo(project, s.id, "tweede")
    assert project.get_coding(s.id).memo == "tweede"
    undo(project, second)
    assert project.get_coding(s.id).memo == "eerste"
    undo(project, first)
    assert project.get_coding(s.id).memo == ""


def test_undo_stack_reverts_newest_first_back_to_the_start(project, codebook_id):
    start = _state(project, codebook_id)
    stack = UndoStack()
    suggestions = project.codings(codebook_id=codebook_id, status="suggested")
    stack.push(accept(project, suggestions[0].id, "onderzoeker"))
    stack.push(reject(project, suggestions[1].id, "onderzoeker"))
    stack.push(add_code(project, suggestions[2].passage_id, codebook_id, "toegang", "onderzoeker"))
    stack.push(remove(project, suggestions[0].id))
    assert len(stack) == 4
    while len(stack):
        stack.undo_last(project)
    assert _state(project, codebook_id) == start
    assert stack.undo_last(project) is None


def test_undo_refuses_when_the_coding_changed_since(project, codebook_id):
    s = _suggestion(project, codebook_id)
    action = accept(project, s.id, "onderzoeker")
    project.set_status(s.id, "rejected", coder="collega")
    with pytest.raises(UndoConflict, match=f"coding {s.id} was changed since"):
        undo(project, action)
    assert CodingStatus(project.get_coding(s.id).status) is CodingStatus.REJECTED


def test_undo_stack_drops_an_action_that_conflicts(project, codebook_id):
    s = _suggestion(project, codebook_id)
    stack = UndoStack()
    stack.push(accept(project, s.id, "onderzoeker"))
    project.delete_coding(s.id)
    with pytest.raises(UndoConflict):
        stack.undo_last(project)
    assert len(stack) == 0


def test_undo_stack_is_bounded():
    stack = UndoStack(limit=3)
    from analysis.review import ReviewAction

    for i in range(5):
        stack.push(ReviewAction("accept", i, "x", (i,), (i,)))
    assert [a.passage_id for a in stack.actions] == [2, 3, 4]


def test_sentence_runs_and_source_spans(project):
    assert sentence_runs([3, 0, 1]) == [(0, 1), (3, 3)]
    p = project.passages()[1]
    spans = [(0, 27), (28, 72), (73, len(p.text))]
    assert sentence_spans_to_source(p, spans, [1]) == [(p.start + 28, p.start + 72)]
    assert sentence_spans_to_source(p, spans, [0, 2]) == [(p.start, p.start + 27), (p.start + 73, p.end)]
    assert sentence_spans_to_source(p, spans, [0, 1, 2]) == [None]
    with pytest.raises(ValueError, match="choose at least one sentence"):
        sentence_spans_to_source(p, spans, [])
    with pytest.raises(ValueError, match="no sentence number 5"):
        sentence_spans_to_source(p, spans, [5])


def test_code_sentences_stores_source_offsets_that_round_trip(project, codebook_id):
    from analysis.review import sentence_spans

    p = next(x for x in project.passages() if x.text.startswith("De wachttijd was echt lang"))
    spans = sentence_spans(p.text)
    assert len(spans) == 3
    action = code_sentences(project, p, codebook_id, "wachttijden", "onderzoeker", spans, [0, 1])
    (cid,) = action.coding_ids
    c = project.get_coding(cid)
    source = project.get_source(p.source_id)
    assert source.text[c.start : c.end] == "De wachttijd was echt lang. Ik stond maanden op de wachtlijst voor hulp."
    undo(project, action)
    assert all(x.id != cid for x in project.codings(codebook_id=codebook_id))

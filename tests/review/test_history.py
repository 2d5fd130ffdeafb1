"""The review page's state that survives a reload: the undo history read back from the audit
trail, "apply the last code again", and the URL's query parameters."""

from __future__ import annotations

from analysis.domain import CodingStatus
from analysis.review import (
    accept,
    add_code,
    from_params,
    last_code,
    reject,
    set_memo,
    to_params,
    undo_history,
)


def _suggestions(project, codebook_id):
    return project.codings(codebook_id=codebook_id, status="suggested")


def test_the_undo_history_comes_back_from_the_audit_trail_and_undoes(project, codebook_id):
    first, second = _suggestions(project, codebook_id)[:2]
    accept(project, first.id, "tester")
    reject(project, second.id, "tester")
    # a new session: nothing in memory, the audit trail knows
    stack = undo_history(project, "tester")
    assert [a.kind for a in stack.actions] == ["accept", "reject"]
    assert stack.peek().coding_ids == (second.id,)
    stack.undo_last(project)
    assert CodingStatus(project.get_coding(second.id).status) is CodingStatus.SUGGESTED
    # a reload after the undo offers the accept next, never the undone reject nor the undo's own write
    again = undo_history(project, "tester")
    assert [a.kind for a in again.actions] == ["accept"]
    again.undo_last(project)
    assert CodingStatus(project.get_coding(first.id).status) is CodingStatus.SUGGESTED
    assert len(undo_history(project, "tester")) == 0


def test_one_action_with_several_rows_is_one_step(project, codebook_id):
    s = _suggestions(project, codebook_id)[0]
    # coding a passage by hand with a suggested code accepts it and stores the memo: two audit rows
    add_code(project, s.passage_id, codebook_id, s.code_id, "tester", memo="kern")
    stored = project.get_coding(s.id)
    assert CodingStatus(stored.status) is CodingStatus.ACCEPTED and stored.memo == "kern"
    stack = undo_history(project, "tester")
    assert len(stack) == 1 and len(stack.peek().audit_ids) == 2
    stack.undo_last(project)
    back = project.get_coding(s.id)
    assert CodingStatus(back.status) is CodingStatus.SUGGESTED and not back.memo


def test_the_history_is_per_user(project, codebook_id):
    from analysis.store import Project

    s = _suggestions(project, codebook_id)[0]
    accept(project, s.id, "tester")
    other = Project.open(project.location, user="iemand-anders")
    try:
        assert len(undo_history(other)) == 0
        set_memo(other, s.id, "van een ander")
        assert [a.kind for a in undo_history(other).actions] == ["memo"]
    finally:
        other.close()
    assert [a.kind for a in undo_history(project).actions] == ["accept"]


def test_last_code_is_the_newest_add_or_accept(project, codebook_id):
    first, second = _suggestions(project, codebook_id)[:2]
    accept(project, first.id, "tester")
    reject(project, second.id, "tester")
    assert last_code(undo_history(project)) == first.code_id


def test_params_round_trip_and_skip_what_is_not_set():
    state = {"review_codebook": "cb", "f_status": "suggested", "f_code": None, "f_search": "",
             "f_source": 7, "f_all_speakers": True, "review_pid": 42, "unrelated": "x"}
    params = to_params(state)
    assert params == {"codeboek": "cb", "status": "suggested", "bron": "7", "sprekers": "1", "passage": "42"}
    assert from_params(params) == {"review_codebook": "cb", "f_status": "suggested", "f_source": 7,
                                   "f_all_speakers": True, "review_pid": 42}
    assert from_params({"passage": "abc", "bron": "", "zoek": "wacht"}) == {"f_search": "wacht"}

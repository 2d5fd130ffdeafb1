"""The codebook as a tree: counts per code, outliner moves, and moving a coding to another code."""

from __future__ import annotations

from analysis.domain import CodingStatus
from analysis.review import UndoStack, accept, add_code, undo_history
from analysis.review.tree import indent_parent, move_coding, outdent_parent, tree_rows


def test_rows_in_tree_order_with_counts(project, codebook_id):
    s = project.codings(codebook_id=codebook_id, code_id="wachttijden", status="suggested")[0]
    open_before = {r.code_id: r.open for r in tree_rows(project, project.get_codebook(codebook_id))}
    accept(project, s.id, "tester")
    add_code(project, s.passage_id, codebook_id, "toegang", "tester")
    rows = tree_rows(project, project.get_codebook(codebook_id))
    by = {r.code_id: r for r in rows}
    assert [r.code_id for r in rows].index("toegang") < [r.code_id for r in rows].index("wachttijden")
    assert by["wachttijden"].depth == by["toegang"].depth + 1
    assert by["wachttijden"].passages == 1 and by["toegang"].passages == 1
    assert by["toegang"].passages_below == 2  # its own passage and its child's
    assert by["wachttijden"].open == open_before["wachttijden"] - 1


def test_outline_moves(project, codebook_id):
    cb = project.get_codebook(codebook_id)
    assert outdent_parent(cb, "wachttijden") == (True, None)  # toegang's parent: the top
    assert outdent_parent(cb, "toegang") == (False, None)
    top = [c.id for c in cb.children(None)]
    second = top[1]
    assert indent_parent(cb, second) == (True, top[0])
    assert indent_parent(cb, top[0]) == (False, None)
    project.move_code(codebook_id, second, top[0])
    assert project.get_codebook(codebook_id).code(second).parent == top[0]


def test_move_a_coding_to_another_code_and_undo(project, codebook_id):
    s = project.codings(codebook_id=codebook_id, code_id="wachttijden", status="suggested")[0]
    accept(project, s.id, "tester")
    project.update_coding(s.id, memo="let op")
    action = move_coding(project, s.id, "werkdruk")
    moved = project.get_coding(s.id)
    assert moved.code_id == "werkdruk" and moved.memo == "let op"
    assert CodingStatus(moved.status) is CodingStatus.ACCEPTED
    assert undo_history(project, "tester").peek().kind == "move"
    stack = UndoStack()
    stack.push(action)
    stack.undo_last(project)
    assert project.get_coding(s.id).code_id == "wachttijden"


def test_moving_onto_the_same_code_joins_the_two(project, codebook_id):
    p = project.passages(limit=3)[2]
    a = add_code(project, p.id, codebook_id, "werkdruk", "tester", memo="een").coding_ids[0]
    b = add_code(project, p.id, codebook_id, "mantelzorg", "tester", memo="twee").coding_ids[0]
    action = move_coding(project, b, "werkdruk")
    left = project.codings(codebook_id=codebook_id, passage_ids=[p.id], coder="tester")
    assert [(c.id, c.code_id) for c in left if c.code_id in ("werkdruk", "mantelzorg")] == [(a, "werkdruk")]
    assert project.get_coding(a).memo == "een\n\ntwee"
    stack = UndoStack()
    stack.push(action)
    stack.undo_last(project)
    assert project.get_coding(b).code_id == "mantelzorg" and project.get_coding(a).memo == "een"

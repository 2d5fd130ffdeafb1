"""Restructuring the codebook: a code moved under another, reordered among its siblings, to the top;
a cycle refused; each move one audited step that undo takes back."""

from __future__ import annotations

import pytest

from analysis.review.tree import move_code, outdent_place, shift_place, tree_rows, undo_move, undoable_moves
from analysis.store import Project, StoreError


def _shape(project: Project, codebook_id: str) -> list[tuple[str, str | None]]:
    return [(r.code_id, r.parent) for r in tree_rows(project, project.get_codebook(codebook_id))]


def test_move_under_another_code_as_its_last_child(project, codebook_id):
    entry = move_code(project, codebook_id, "werkdruk", "toegang")
    assert entry > 0
    cb = project.get_codebook(codebook_id)
    assert cb.code("werkdruk").parent == "toegang"
    assert [c.id for c in cb.children("toegang")] == ["wachttijden", "werkdruk"]
    row = next(e for e in project.audit_log(entity="code") if e["id"] == entry)
    assert row["action"] == "move" and row["entity_id"] == f"{codebook_id}/werkdruk"
    assert row["before"] == {"parent": None, "before": None} and row["after"]["parent"] == "toegang"


def test_reorder_among_siblings_and_back_to_the_top(project, codebook_id):
    move_code(project, codebook_id, "werkdruk", None, before="bejegening")
    assert [c.id for c in project.get_codebook(codebook_id).children(None)] == [
        "toegang", "werkdruk", "bejegening", "mantelzorg"]
    move_code(project, codebook_id, "wachttijden", None, before="toegang")  # out of toegang, first at the top
    cb = project.get_codebook(codebook_id)
    assert cb.code("wachttijden").parent is None
    assert [c.id for c in cb.children(None)][:2] == ["wachttijden", "toegang"]
    assert move_code(project, codebook_id, "wachttijden", None, before="toegang") == 0  # already there


def test_a_cycle_is_refused_and_nothing_changes(project, codebook_id):
    before = _shape(project, codebook_id)
    with pytest.raises(StoreError) as err:
        move_code(project, codebook_id, "toegang", "wachttijden")  # under its own child
    assert err.value.key == "store.move_under_descendant"
    with pytest.raises(StoreError):
        move_code(project, codebook_id, "toegang", "toegang")  # under itself
    with pytest.raises(StoreError) as err:
        move_code(project, codebook_id, "werkdruk", None, before="wachttijden")  # not a top-level code
    assert err.value.key == "tree.before_not_sibling"
    assert _shape(project, codebook_id) == before
    assert not undoable_moves(project, codebook_id)


def test_undo_restores_parent_and_place(project, codebook_id):
    start = _shape(project, codebook_id)
    move_code(project, codebook_id, "bejegening", "toegang", before="wachttijden")
    move_code(project, codebook_id, "mantelzorg", "bejegening")
    assert _shape(project, codebook_id) != start
    assert [e["entity_id"] for e in undoable_moves(project, codebook_id)] == [
        f"{codebook_id}/mantelzorg", f"{codebook_id}/bejegening"]
    undo_move(project, codebook_id)
    undo_move(project, codebook_id)
    assert _shape(project, codebook_id) == start  # parents and the order among siblings
    assert not undoable_moves(project, codebook_id)  # undone once, and the undo's own rows are not offered
    with pytest.raises(StoreError) as err:
        undo_move(project, codebook_id)
    assert err.value.key == "tree.nothing_to_undo"


def test_undo_refused_when_the_code_moved_again(project, codebook_id):
    first = move_code(project, codebook_id, "werkdruk", "toegang")
    move_code(project, codebook_id, "werkdruk", "mantelzorg")
    with pytest.raises(StoreError) as err:
        undo_move(project, codebook_id, first)
    assert err.value.key == "tree.undo_moved_since"
    assert project.get_codebook(codebook_id).code("werkdruk").parent == "mantelzorg"


def test_the_store_move_button_is_undoable_too(project, codebook_id):
    project.move_code(codebook_id, "mantelzorg", "toegang")  # the audit row of the older move (no sibling)
    undo_move(project, codebook_id)
    assert project.get_codebook(codebook_id).code("mantelzorg").parent is None


def test_keyboard_places(project, codebook_id):
    cb = project.get_codebook(codebook_id)
    assert outdent_place(cb, "wachttijden") == (True, None, "bejegening")  # right after its old parent
    assert shift_place(cb, "toegang", -1) == (False, None, None)
    assert shift_place(cb, "bejegening", -1) == (True, None, "toegang")
    assert shift_place(cb, "toegang", 1) == (True, None, "mantelzorg")  # down: before the one after next
    assert shift_place(cb, "werkdruk", 1)[0] is False
    move_code(project, codebook_id, "toegang", *shift_place(cb, "toegang", 1)[1:])
    assert [c.id for c in project.get_codebook(codebook_id).children(None)][:2] == ["bejegening", "toegang"]




def test_a_codeur_may_not_restructure_the_codebook(project, codebook_id):
    from analysis.accounts import PermissionDenied, add_user

    add_user(project, "beheer", "beheer-wachtwoord", role="beheerder")
    add_user(project, "cod", "cod-wachtwoord", role="codeur")
    coder = Project.open(project.location, user="cod")
    try:
        with pytest.raises(PermissionDenied):
            move_code(coder, codebook_id, "werkdruk", "toegang")
    finally:
        coder.close()
    assert project.get_codebook(codebook_id).code("werkdruk").parent is None

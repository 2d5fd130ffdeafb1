"""The codebook page as a tree (AppTest): counts in the tree, a click opens a code, outliner buttons
move a code, and a code's passage list removes a coding or moves it to another code."""

from __future__ import annotations

import re

from analysis.domain import CodingStatus


def _errors(at):
    return [e.value for e in at.exception] + [e.value for e in at.error]


def _open(app):
    app.switch_page("views/codebook.py").run()
    assert not _errors(app), _errors(app)
    return app


def test_counts_and_a_click_opens_the_code(app, store, codebook_id):
    s = store.codings(codebook_id=codebook_id, code_id="mantelzorg", status="suggested")[0]
    store.set_status(s.id, "accepted", coder="tester")
    at = _open(app)
    frame = at.dataframe(key=f"cb_tree_{codebook_id}").value
    row = list(frame["Code"]).index("Mantelzorg")
    assert frame["Passages"][row] == 1
    at.session_state[f"cb_tree_{codebook_id}"] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()
    assert not _errors(at), _errors(at)
    assert at.session_state["cb_code"] == "mantelzorg"
    assert at.selectbox(key="cb_code").value == "mantelzorg"
    shown = [re.sub(r"<[^>]+>", "", m.value) for m in at.markdown]
    assert any(store.get_passage(s.passage_id).text in x for x in shown)  # its passage is listed
    # choosing another code in the box afterwards is not overruled by the old click
    at.selectbox(key="cb_code").set_value("werkdruk").run()
    assert at.session_state["cb_code"] == "werkdruk"


def test_outline_buttons_move_the_chosen_code(app, store, codebook_id):
    at = _open(app)
    at.selectbox(key="cb_code").set_value("wachttijden").run()
    at.button(key="cb_outdent").click().run()
    assert not _errors(at), _errors(at)
    assert store.get_codebook(codebook_id).code("wachttijden").parent is None
    at.button(key="cb_indent").click().run()
    cb = store.get_codebook(codebook_id)
    siblings = [c.id for c in cb.children(None)]
    assert cb.code("wachttijden").parent is not None and cb.code("wachttijden").parent in siblings


def test_remove_and_move_codings_from_the_passage_list(app, store, codebook_id):
    first, second = store.codings(codebook_id=codebook_id, status="suggested")[:2]
    at = _open(app)
    at.selectbox(key="cb_code").set_value(first.code_id).run()
    at.selectbox(key="cb_passage_status").set_value("").run()
    at.selectbox(key=f"cb_move_to_{first.id}").set_value("werkdruk" if first.code_id != "werkdruk" else "toegang").run()
    at.button(key=f"cb_move_{first.id}").click().run()
    assert not _errors(at), _errors(at)
    assert store.get_coding(first.id).code_id in ("werkdruk", "toegang")
    at.selectbox(key="cb_code").set_value(second.code_id).run()
    at.button(key=f"cb_remove_{second.id}").click().run()
    assert not _errors(at), _errors(at)
    assert second.id not in {c.id for c in store.codings(codebook_id=codebook_id)}
    # both are steps of the undo history on the review page
    assert [a.kind for a in at.session_state["undo_stack"].actions][-2:] == ["move", "remove"]
    assert CodingStatus(store.get_coding(first.id).status) is CodingStatus.SUGGESTED


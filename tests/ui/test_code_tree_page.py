"""The codebook page around the code tree component (AppTest): the undo button takes back the last move
of a code (one made by the page's move button too), the component's texts follow the language, and the
outliner's "one level up" puts a code right after its old parent."""

from __future__ import annotations

from test_codebook_tree_page import _errors, _open

from ui import code_tree


def test_the_move_button_then_undo(app, store, codebook_id):
    at = _open(app)
    assert at.button(key="cb_tree_undo").disabled  # nothing moved yet
    at.selectbox(key="cb_code").set_value("werkdruk").run()
    at.selectbox(key=f"mv_parent_{codebook_id}__werkdruk").set_value("toegang").run()
    at.button(key=f"mv_{codebook_id}__werkdruk").click().run()
    assert not _errors(at), _errors(at)
    assert store.get_codebook(codebook_id).code("werkdruk").parent == "toegang"
    assert not at.button(key="cb_tree_undo").disabled
    at.button(key="cb_tree_undo").click().run()
    assert not _errors(at), _errors(at)
    assert store.get_codebook(codebook_id).code("werkdruk").parent is None
    assert at.button(key="cb_tree_undo").disabled  # undone once only


def test_outdent_puts_the_code_right_after_its_parent(app, store, codebook_id):
    store.move_code(codebook_id, "werkdruk", "toegang")  # the last code of the list, now toegang's child
    at = _open(app)
    at.selectbox(key="cb_code").set_value("werkdruk").run()
    at.button(key="cb_outdent").click().run()
    assert not _errors(at), _errors(at)
    assert [c.id for c in store.get_codebook(codebook_id).children(None)] == [
        "toegang", "werkdruk", "bejegening", "mantelzorg"]


def test_the_tree_speaks_dutch_and_english(app):
    at = _open(app)
    assert at.button(key="cb_tree_undo").label.startswith("↶ Verplaatsing")
    at.radio(key="lang").set_value("en").run()
    assert at.button(key="cb_tree_undo").label == "↶ Undo move"
    strings = code_tree._strings()  # outside a session: Dutch
    assert strings["root_zone"].startswith("⤒ Sleep") and "Alt+Shift" in strings["keys"]

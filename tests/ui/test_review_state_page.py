"""The review page keeps its place and filters in the URL, its undo history in the audit trail,
applies the last code again, and lists its keys (AppTest against a real temporary project)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from analysis.domain import CodingStatus

APP = Path(__file__).resolve().parents[2] / "app.py"


def _errors(at):
    return [e.value for e in at.exception] + [e.value for e in at.error]


def _fresh(params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not _errors(at), _errors(at)
    return at


def test_position_and_filters_go_into_the_url(app, store, codebook_id):
    app.button(key="review_next").click().run()
    pid = app.session_state["review_pid"]
    params = app.query_params
    assert params["passage"] == [str(pid)] or params["passage"] == str(pid)
    assert "codeboek" in params and "status" in params


def test_a_link_opens_the_same_passage_with_the_same_filters(project_dir, store, codebook_id):
    first = _fresh()
    first.button(key="review_next").click().run()
    first.button(key="review_next").click().run()
    pid = first.session_state["review_pid"]
    # a reload (a new session) with the URL's parameters
    again = _fresh({"passage": str(pid), "status": "all", "codeboek": codebook_id})
    assert again.session_state["review_pid"] == pid
    assert again.session_state["f_status"] == "all"


def test_a_link_with_a_search_filter_keeps_it(project_dir):
    at = _fresh({"zoek": "wacht", "status": "all"})
    assert at.text_input(key="f_search").value == "wacht"
    assert "wacht" in at.session_state["review_queue"][0][2]  # the queue was built with the search


def test_undo_survives_a_reload(project_dir, store, codebook_id):
    at = _fresh()
    pid = at.session_state["review_pid"]
    s = store.codings(codebook_id=codebook_id, passage_ids=[pid], status="suggested")[0]
    at.button(key=f"acc_{s.id}").click().run()
    assert CodingStatus(store.get_coding(s.id).status) is CodingStatus.ACCEPTED
    reloaded = _fresh({"passage": str(pid)})
    assert not reloaded.button(key="review_undo").disabled
    reloaded.button(key="review_undo").click().run()
    assert not _errors(reloaded)
    assert CodingStatus(store.get_coding(s.id).status) is CodingStatus.SUGGESTED
    # and the undone accept is not offered again after another reload
    assert _fresh({"passage": str(pid)}).button(key="review_undo").disabled


def test_apply_the_last_code_again(app, store, codebook_id):
    assert app.button(key="review_again").disabled  # nothing coded yet
    pid = app.session_state["review_pid"]
    s = store.codings(codebook_id=codebook_id, passage_ids=[pid], status="suggested")[0]
    app.button(key=f"acc_{s.id}").click().run()
    app.button(key="review_next").click().run()
    next_pid = app.session_state["review_pid"]
    assert next_pid != pid
    again = app.button(key="review_again")
    assert not again.disabled
    again.click().run()
    assert not _errors(app)
    coded = store.codings(codebook_id=codebook_id, passage_ids=[next_pid], code_id=s.code_id, status="accepted")
    assert coded and coded[0].coder == "tester"


def test_the_keys_are_listed_and_numbered(app, store, codebook_id):
    html = "".join(m.value for m in app.markdown)
    assert "<kbd>1</kbd>" in html  # the first suggestion answers to key 1
    captions = " ".join(c.value for c in app.caption)
    assert "a accepteren" in captions and "? alle toetsen" in captions

"""The review page, driven through Streamlit's AppTest against a real (temporary) project."""

from __future__ import annotations

from pathlib import Path

from analysis.domain import CodingOrigin, CodingStatus


def _errors(at):
    return [e.value for e in at.exception] + [e.value for e in at.error]


def _first_open_suggestion(store, codebook_id, passage_id):
    return next(
        c for c in store.codings(codebook_id=codebook_id, passage_ids=[passage_id], status="suggested")
    )


def _current_pid(at) -> int:
    return at.session_state["review_pid"]


def test_queue_starts_with_open_suggestions_and_shows_them(app, store, codebook_id):
    pid = _current_pid(app)
    open_ids = {c.passage_id for c in store.codings(codebook_id=codebook_id, status="suggested")}
    assert pid in open_ids
    suggestion = _first_open_suggestion(store, codebook_id, pid)
    assert app.button(key=f"acc_{suggestion.id}").label.endswith("Accepteren")
    html = "".join(m.value for m in app.markdown)
    passage = store.get_passage(pid)
    assert "duiding-mark" in html  # the evidence is highlighted
    for e in suggestion.evidence:
        assert e.text in html
        assert passage.text[e.start - passage.start : e.end - passage.start] == e.text
    # the speaker and the surrounding turns are shown
    turns = store.neighbours(pid)
    for turn in turns:
        assert turn.text.split()[0] in html
    assert f"<b>{passage.speaker}</b>" in html
    assert "(respondent)</span>: " in html and "(interviewer)</span>: " in html  # who speaks, by role


def test_accept_stores_an_accepted_coding(app, store, codebook_id):
    s = _first_open_suggestion(store, codebook_id, _current_pid(app))
    app.button(key=f"acc_{s.id}").click().run()
    assert not _errors(app)
    stored = store.get_coding(s.id)
    assert CodingStatus(stored.status) is CodingStatus.ACCEPTED
    assert stored.coder == "tester"
    assert any("Geaccepteerd" in tst.value for tst in app.toast)
    # the coding now shows as coded, with a memo box and a remove button
    assert app.button(key=f"del_{s.id}")
    assert app.text_area(key=f"memo_{s.id}")


def test_reject_stores_rejected(app, store, codebook_id):
    s = _first_open_suggestion(store, codebook_id, _current_pid(app))
    app.button(key=f"rej_{s.id}").click().run()
    assert not _errors(app)
    assert CodingStatus(store.get_coding(s.id).status) is CodingStatus.REJECTED
    assert app.button(key=f"reacc_{s.id}")  # can still be accepted after all


def test_add_code_creates_a_manual_accepted_coding(app, store, codebook_id):
    pid = _current_pid(app)
    before = {c.id for c in store.codings(codebook_id=codebook_id, passage_ids=[pid])}
    app.selectbox(key=f"add_code_{pid}").set_value("werkdruk").run()
    app.text_input(key=f"add_memo_{pid}").input("handmatig toegevoegd").run()
    app.button(key=f"add_{pid}").click().run()
    assert not _errors(app)
    new = [c for c in store.codings(codebook_id=codebook_id, passage_ids=[pid]) if c.id not in before]
    assert len(new) == 1
    c = new[0]
    assert (c.code_id, CodingOrigin(c.origin), CodingStatus(c.status), c.coder) == (
        "werkdruk", CodingOrigin.MANUAL, CodingStatus.ACCEPTED, "tester",
    )
    assert c.memo == "handmatig toegevoegd"
    assert c.start is None and c.end is None


def test_code_part_of_a_passage_by_choosing_sentences(app, store, codebook_id):
    # go to the passage with three sentences about the waiting list
    target = next(p for p in store.passages() if p.text.startswith("De wachttijd was echt lang"))
    app.toggle(key="review_active").set_value(False).run()  # document order, as _queue computes it
    app.number_input(key="review_goto").set_value(
        next(i for i, pid in enumerate(_queue(app, store, codebook_id)) if pid == target.id) + 1
    ).run()
    assert _current_pid(app) == target.id
    app.toggle(key=f"partial_{target.id}").set_value(True).run()
    app.selectbox(key=f"add_code_{target.id}").set_value("toegang").run()
    app.multiselect(key=f"sentences_{target.id}").set_value([1]).run()
    app.button(key=f"add_{target.id}").click().run()
    assert not _errors(app)
    (c,) = store.codings(codebook_id=codebook_id, passage_ids=[target.id], code_id="toegang")
    source = store.get_source(target.source_id)
    assert source.text[c.start : c.end] == "Ik stond maanden op de wachtlijst voor hulp."
    assert target.start <= c.start < c.end <= target.end


def _queue(app, store, codebook_id):
    from analysis.review import ReviewFilters, build_queue

    return build_queue(store, codebook_id, ReviewFilters(status=app.session_state["f_status"])).ids


def test_undo_restores_the_previous_state(app, store, codebook_id):
    def state():
        return sorted((c.id, c.code_id, CodingStatus(c.status).value, c.coder, c.memo) for c in store.codings(codebook_id=codebook_id))

    start = state()
    pid = _current_pid(app)
    s = _first_open_suggestion(store, codebook_id, pid)
    app.button(key=f"acc_{s.id}").click().run()
    app.text_area(key=f"memo_{s.id}").input("mooi citaat").run()
    assert store.get_coding(s.id).memo == "mooi citaat"
    app.selectbox(key=f"add_code_{pid}").set_value("mantelzorg").run()
    app.button(key=f"add_{pid}").click().run()
    assert state() != start
    for _ in range(3):
        app.button(key="review_undo").click().run()
        assert not _errors(app)
    assert state() == start
    assert app.button(key="review_undo").disabled


def test_next_previous_and_filters(app, store, codebook_id):
    first = _current_pid(app)
    app.button(key="review_next").click().run()
    second = _current_pid(app)
    assert second != first
    app.button(key="review_prev").click().run()
    assert _current_pid(app) == first
    # only Heemsteden: every passage in the queue is from there
    app.selectbox(key="f_muni").set_value("Heemsteden").run()
    assert store.get_passage(_current_pid(app)).municipality == "Heemsteden"
    n_heemsteden = len(
        {c.passage_id for c in store.codings(codebook_id=codebook_id, status="suggested")
         if store.get_passage(c.passage_id).municipality == "Heemsteden" and store.get_passage(c.passage_id).role == "respondent"}
    )
    assert any(f"{n_heemsteden} passages" in c.value for c in app.caption)
    # nothing is accepted yet: an empty queue says so
    app.selectbox(key="f_status").set_value("accepted").run()
    assert any("Geen passages" in i.value for i in app.info)
    # free-text search over all passages
    app.selectbox(key="f_muni").select_index(0).run()
    app.selectbox(key="f_status").set_value("all").run()
    app.text_input(key="f_search").input("respijtzorg").run()
    assert "respijtzorg" in store.get_passage(_current_pid(app)).text.lower()
    assert any("1 passages" in c.value for c in app.caption)


def test_language_switch_shows_english_labels(app):
    assert app.title[0].value == "Beoordelen & coderen"
    app.radio(key="lang").set_value("en").run()
    assert not _errors(app)
    assert app.title[0].value == "Review & code"
    labels = [b.label for b in app.button]
    assert "Next →" in labels and "✓ Accept" in labels
    assert app.selectbox(key="f_status").label == "Status"
    assert app.text_input(key="f_search").label == "Search text"


def test_active_learning_order_puts_the_most_uncertain_passage_first(app, store, codebook_id):
    from analysis.review import order

    if not order.active_learning_available():
        assert app.toggle(key="review_active").disabled
        return
    assert app.toggle(key="review_active").value
    ranked = order.active_learning_order(store, codebook_id)
    assert _current_pid(app) == ranked[0]
    confidences = {c.passage_id: c.confidence for c in store.codings(codebook_id=codebook_id, status="suggested")}
    assert abs(confidences[ranked[0]] - 0.5) == min(abs(v - 0.5) for v in confidences.values())
    assert any("actief leren" in c.value for c in app.caption)
    app.toggle(key="review_active").set_value(False).run()
    assert _current_pid(app) == ranked[0]  # the position stays on the same passage
    assert any("documenten" in c.value for c in app.caption)


def test_auto_coding_from_the_review_page(app, store, codebook_id):
    import pytest

    pytest.importorskip("analysis.coding")
    decided = _first_open_suggestion(store, codebook_id, _current_pid(app))
    app.button(key=f"acc_{decided.id}").click().run()
    before = store.stats()
    app.button(key="review_autocode").click().run()
    assert not _errors(app), _errors(app)
    speech = sum(p.role == "respondent" for p in store.passages())
    skipped = before["passages"] - speech
    assert skipped  # the builder's interviewer questions
    assert any(f"{speech} passages gecodeerd" in tst.value and f"; {skipped} interviewervragen en kopregels niet gecodeerd"
               in tst.value for tst in app.toast)
    from analysis.embeddings import resolve_encoder

    if resolve_encoder("auto")[0] is not None:  # an encoder is installed, but no passage has its vector yet
        assert any(f"niet gecodeerd. Zonder zinsencoder: {before['passages']} fragmenten hebben nog geen vector" in tst.value
                   for tst in app.toast), [tst.value for tst in app.toast]
    # no suggestion on an interviewer question (the builder's keyword suggestions on them are gone)
    roles = {p.id: p.role for p in store.passages()}
    assert {roles[c.passage_id] for c in store.codings(codebook_id=codebook_id, status="suggested")} == {"respondent"}
    # decisions are never touched; every open suggestion is the auto-coder's
    assert all(c.coder == "duiding-auto" for c in store.codings(codebook_id=codebook_id, status="suggested"))
    kept = store.get_coding(decided.id)
    assert CodingStatus(kept.status) is CodingStatus.ACCEPTED and kept.coder == "tester"
    assert not store.codings(codebook_id=codebook_id, passage_ids=[decided.passage_id], code_id=decided.code_id,
                             status="suggested")


def test_a_reader_without_coding_rights_gets_a_message_and_nothing_is_stored(project_dir, store, codebook_id):
    from streamlit.testing.v1 import AppTest

    from analysis.store import Project

    if not hasattr(Project, "save_user"):
        import pytest

        pytest.skip("this store has no accounts")
    from analysis.accounts import add_user
    from ui import state

    add_user(store, "tester", "tester-wachtwoord-1", "beheerder")  # store goes on as this signed-in beheerder
    add_user(store, "lezer-lies", "lies-wachtwoord-1", "lezer")
    state.open_project.clear()
    at = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "app.py"), default_timeout=60)
    at.run()
    # with accounts the app asks for a login first; this session signs in as the reader
    at.text_input(key="login_name").input("lezer-lies")
    at.text_input(key="login_password").input("lies-wachtwoord-1")
    at.button[0].click().run()
    assert not at.exception
    s = _first_open_suggestion(store, codebook_id, _current_pid(at))
    # the reader sees the decision buttons disabled, with the reason, instead of buttons that do nothing
    for key in (f"acc_{s.id}", f"rej_{s.id}", f"add_{_current_pid(at)}"):
        button = at.button(key=key)
        assert button.disabled and "lezer" in button.help
    assert not at.exception
    assert CodingStatus(store.get_coding(s.id).status) is CodingStatus.SUGGESTED

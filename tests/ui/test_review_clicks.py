"""Safe clicks on the review page (AppTest): a decided card keeps its place with its buttons
disabled, and a decision click on a card that appeared right after another decision is ignored
with a message (the browser test drives a real triple click)."""

from __future__ import annotations


def _two_suggestion_passage(app, store, codebook_id) -> int:
    for _ in range(12):
        pid = app.session_state["review_pid"]
        if len(store.codings(codebook_id=codebook_id, passage_ids=[pid], status="suggested")) >= 2:
            return pid
        app.button(key="review_next").click().run()
    raise AssertionError("no passage with two open suggestions")


def test_a_decided_card_stays_in_place_and_cannot_be_clicked_again(app, store, codebook_id, monkeypatch):
    monkeypatch.setenv("DUIDING_CLICK_GUARD_SECONDS", "0")
    pid = _two_suggestion_passage(app, store, codebook_id)
    first, second = store.codings(codebook_id=codebook_id, passage_ids=[pid], status="suggested")[:2]
    keys_before = [b.key for b in app.button if b.key and b.key.startswith(("acc_", "rej_"))]
    app.button(key=f"rej_{first.id}").click().run()
    assert store.get_coding(first.id).status.value == "rejected"
    done = app.button(key=f"done_rej_{first.id}")
    assert done.disabled and "Afgewezen" in done.label
    # the other card's buttons are still there, after the decided card (same order as before)
    keys_after = [b.key for b in app.button if b.key and b.key.startswith(("acc_", "rej_", "done_"))]
    assert keys_after.index(f"done_rej_{first.id}") < keys_after.index(f"rej_{second.id}")
    assert keys_before.index(f"rej_{first.id}") < keys_before.index(f"rej_{second.id}")
    assert any("Afgewezen" in t.value for t in app.toast)


def test_a_click_right_after_a_decision_is_ignored_with_a_message(app, store, codebook_id, monkeypatch):
    monkeypatch.setenv("DUIDING_CLICK_GUARD_SECONDS", "600")  # every next click counts as "too fast"
    pid = _two_suggestion_passage(app, store, codebook_id)
    first, second = store.codings(codebook_id=codebook_id, passage_ids=[pid], status="suggested")[:2]
    app.button(key=f"acc_{first.id}").click().run()
    assert store.get_coding(first.id).status.value == "accepted"
    app.button(key=f"rej_{second.id}").click().run()
    assert store.get_coding(second.id).status.value == "suggested"  # not rejected unseen
    assert any("Klik genegeerd" in w.value for w in app.warning), [w.value for w in app.warning]
    monkeypatch.setenv("DUIDING_CLICK_GUARD_SECONDS", "0")  # the researcher has read it now
    app.button(key=f"rej_{second.id}").click().run()
    assert store.get_coding(second.id).status.value == "rejected"


def test_a_suggestion_decided_elsewhere_is_not_decided_again(app, store, codebook_id, monkeypatch):
    monkeypatch.setenv("DUIDING_CLICK_GUARD_SECONDS", "0")
    pid = app.session_state["review_pid"]
    s = store.codings(codebook_id=codebook_id, passage_ids=[pid], status="suggested")[0]
    store.set_status(s.id, "accepted", coder="collega")  # a colleague, meanwhile
    app.button(key=f"rej_{s.id}").click().run()
    coding = store.get_coding(s.id)
    assert coding.status.value == "accepted" and coding.coder == "collega"
    assert any("al beslist" in w.value for w in app.warning), [w.value for w in app.warning]


def test_add_without_a_code_says_why(app):
    pid = app.session_state["review_pid"]
    app.button(key=f"add_{pid}").click().run()
    assert any("Kies eerst een code" in w.value for w in app.warning)

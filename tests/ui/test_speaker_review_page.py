"""The review page keeps interviewer questions out of the queue until "Alle sprekers" is on (AppTest)."""

from __future__ import annotations


def _queue(at) -> int:
    return next(int(c.value.split()[0]) for c in at.caption if "in de wachtrij" in c.value)


def test_interviewer_questions_only_with_the_all_speakers_filter(app, store, codebook_id):
    roles = {p.id: p.role for p in store.passages()}
    open_ = {c.passage_id for c in store.codings(codebook_id=codebook_id, status="suggested")}
    on_questions = {pid for pid in open_ if roles[pid] == "interviewer"}
    assert on_questions  # the builder's keyword suggestions hit an interviewer question
    assert app.checkbox(key="f_all_speakers").label == "Alle sprekers"
    assert _queue(app) == len(open_ - on_questions)
    assert roles[app.session_state["review_pid"]] == "respondent"
    app.checkbox(key="f_all_speakers").check().run()
    assert not app.exception
    assert _queue(app) == len(open_)
    # walk the queue: the question is there, shown as the interviewer's
    seen = set()
    for i in range(1, len(open_) + 1):
        app.number_input(key="review_goto").set_value(i).run()
        pid = app.session_state["review_pid"]
        seen.add(pid)
        if pid in on_questions:
            html = "".join(m.value for m in app.markdown)
            assert "<b>I</b>" in html and "(interviewer)</span>: " in html
    assert on_questions <= seen

"""The Memo's page (AppTest): memos on the project, a source and a code; the overview; change and
delete; and the report downloads that carry the memos when the researcher asks for them."""

from __future__ import annotations


def _errors(at):
    return [e.value for e in at.exception] + [e.value for e in at.error]


def _open(app):
    app.switch_page("views/memos.py").run()
    assert not _errors(app), _errors(app)
    return app


def test_memos_on_project_source_and_code_show_in_the_overview(app, store, codebook_id):
    at = _open(app)
    assert any("Nog geen memo's." in i.value for i in at.info)
    at.text_area(key="memo_new_text").input("Veel over wachten.").run()
    at.button(key="memo_add").click().run()
    source = store.sources(with_text=False)[0]
    at.radio(key="memo_new_kind").set_value("source").run()
    at.selectbox(key="memo_new_source").set_value(source.id).run()
    at.text_area(key="memo_new_text").input("Gesprek liep uit.").run()
    at.button(key="memo_add").click().run()
    at.radio(key="memo_new_kind").set_value("code").run()
    at.selectbox(key="memo_new_code").set_value(f"{codebook_id}/wachttijden").run()
    at.text_input(key="memo_new_title").input("Definitie").run()
    at.text_area(key="memo_new_text").input("Ook wachtlijsten.").run()
    at.button(key="memo_add").click().run()
    assert not _errors(at), _errors(at)
    stored = {(m.target_type, m.target_id, m.text, m.author) for m in store.memos()}
    assert stored == {
        ("project", None, "Veel over wachten.", "tester"),
        ("source", str(source.id), "Gesprek liep uit.", "tester"),
        ("code", f"{codebook_id}/wachttijden", "Ook wachtlijsten.", "tester"),
    }
    table = at.dataframe(key="memo_table").value
    assert set(table["Waarover"]) >= {source.name} and any("Wachttijden" in x for x in table["Waarover"])
    # a source memo without a source is refused with a Dutch reason, nothing stored
    at.radio(key="memo_new_kind").set_value("source").run()
    at.text_area(key="memo_new_text").input("Zonder bron").run()
    at.button(key="memo_add").click().run()
    assert len(store.memos()) == 3


def test_change_and_delete_a_memo(app, store):
    from analysis.domain import Memo

    memo_id = store.add_memo(Memo("Oude tekst", "tester"))
    at = _open(app)
    at.session_state["memo_table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    at.text_area(key=f"memo_text_{memo_id}").input("Nieuwe tekst").run()
    at.button(key=f"memo_save_{memo_id}").click().run()
    assert store.memos()[0].text == "Nieuwe tekst"
    at.button(key=f"memo_delete_{memo_id}").click().run()
    assert not _errors(at), _errors(at)
    assert store.memos() == []


def test_memo_downloads_and_report_downloads_with_memos(app, store, media_files):
    from analysis.domain import Memo

    store.add_memo(Memo("Een memo voor het rapport.", "tester"))
    at = _open(app)
    assert {b.proto.label for b in at.get("download_button")} >= {"Markdown", "Word (DOCX)"}  # its own export
    at.switch_page("views/reports.py").run()
    media_files.clear()
    at.toggle(key="reports_with_memos").set_value(True).run()
    assert not _errors(at), _errors(at)
    texts = [data.decode("utf-8", "replace") for name, data in media_files.items() if name.endswith(".md")]
    assert texts and all("Een memo voor het rapport." in x for x in texts)


def test_memo_boxes_on_the_code_and_the_source_where_they_are_read(app, store, codebook_id):
    app.switch_page("views/codebook.py").run()
    app.selectbox(key="cb_code").set_value("werkdruk").run()
    k = f"cb_memo_{codebook_id}__werkdruk"
    app.text_area(key=f"{k}_text").input("Werkdruk: ook van vrijwilligers.").run()
    app.button(key=f"{k}_add").click().run()
    assert not _errors(app), _errors(app)
    assert [(m.target_type, m.target_id, m.text) for m in store.memos()] == [
        ("code", f"{codebook_id}/werkdruk", "Werkdruk: ook van vrijwilligers.")
    ]
    source = store.sources(with_text=False)[0]
    app.switch_page("views/corpus.py").run()
    app.selectbox(key="corpus_source").set_value(source.id).run()
    app.text_area(key=f"corpus_memo_{source.id}_text").input("Rommelig transcript.").run()
    app.button(key=f"corpus_memo_{source.id}_add").click().run()
    assert not _errors(app), _errors(app)
    assert ("source", str(source.id), "Rommelig transcript.") in [(m.target_type, m.target_id, m.text) for m in store.memos()]
    assert any("Rommelig transcript." in m.value for m in app.markdown)

"""Code many at once from the Corpus page's keyword-in-context hits and the Zoekvragen page's results
(AppTest; rows are picked through the table's selection state)."""

from __future__ import annotations

from analysis.domain import CodingStatus
from analysis.review import undo_history
from test_query_page import query_app  # noqa: F401 - the Zoekvragen page on its small project


def _errors(at):
    return [e.value for e in at.exception] + [e.value for e in at.error]


def test_picked_kwic_hits_are_coded_over_their_sentence(app, store, codebook_id, monkeypatch):
    monkeypatch.setenv("DUIDING_KWIC_SECONDS", "300")  # a loaded machine must not cut the search short
    app.switch_page("views/corpus.py").run()
    app.text_input(key="kwic_query").input("wachttijd").run()
    hits = app.dataframe(key="kwic_results").value
    assert len(hits) == 2
    app.session_state["kwic_results"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    app.run()
    assert any(c.value.startswith("1 gekozen treffers") for c in app.caption)
    app.selectbox(key="kwic_bulk_code").set_value("werkdruk").run()
    assert app.radio(key="kwic_bulk_unit").value == "sentence"
    app.button(key="kwic_bulk_do").click().run()
    assert not _errors(app), _errors(app)
    coded = store.codings(codebook_id=codebook_id, code_id="werkdruk", coder="tester", status=CodingStatus.ACCEPTED)
    assert len(coded) == 1
    c = coded[0]
    passage = store.get_passage(c.passage_id)
    source = store.get_source(passage.source_id)
    coded_text = source.text[c.start:c.end] if c.start is not None else passage.text
    assert "wachttijd" in coded_text.lower()
    assert any("1 coderingen met 'Werkdruk' bewaard" in t.value for t in app.toast)
    # one step of the undo history
    assert undo_history(store, "tester").peek().code_id == "werkdruk"


def test_all_kwic_hits_over_their_passage(app, store, codebook_id, monkeypatch):
    monkeypatch.setenv("DUIDING_KWIC_SECONDS", "300")
    app.switch_page("views/corpus.py").run()
    app.text_input(key="kwic_query").input("wachttijd").run()
    assert any(c.value.startswith("Alle 2 treffers") for c in app.caption)
    app.selectbox(key="kwic_bulk_code").set_value("mantelzorg").run()
    app.radio(key="kwic_bulk_unit").set_value("passage").run()
    app.button(key="kwic_bulk_do").click().run()
    assert not _errors(app), _errors(app)
    coded = store.codings(codebook_id=codebook_id, code_id="mantelzorg", coder="tester", status=CodingStatus.ACCEPTED)
    assert len(coded) == 2 and all(c.start is None for c in coded)


def test_picked_query_results_are_coded(query_app):
    from analysis.store import Project

    at, location, ids = query_app
    at.text_input(key="query_text").input("toegang AND wachttijd WHERE municipality = Adorp").run()
    at.session_state["query_results"] = {"selection": {"rows": [1], "columns": [], "cells": []}}
    at.run()
    at.selectbox(key="query_bulk_code").set_value("regie").run()
    assert at.radio(key="query_bulk_unit").options == ["de passage"]
    at.button(key="query_bulk_do").click().run()
    assert not _errors(at), _errors(at)
    p = Project.open(location)
    try:
        coded = p.codings(codebook_id="wmo", code_id="regie", coder="tester", status="accepted")
        assert [c.passage_id for c in coded] == [ids["a1"]]
    finally:
        p.close()

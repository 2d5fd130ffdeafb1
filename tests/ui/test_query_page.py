"""The Zoekvragen page through AppTest: a query, a saved set, a matrix cell and a co-occurrence cell open
their passages."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from query_builders import build  # noqa: E402

APP = Path(__file__).resolve().parents[2] / "app.py"


@pytest.fixture
def query_app(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from analysis.store import Project

    location = tmp_path / "q"
    project = Project.create(location)
    ids = build(project)
    project.close()
    monkeypatch.setenv("DUIDING_PROJECT", str(location))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("DUIDING_USER", "tester")
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    at.switch_page("views/query.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at, location, ids


def _texts(frame):
    return [str(x)[:14] for x in frame["Tekst"]]


def test_query_result_save_and_reuse(query_app):
    from analysis.store import Project

    at, location, ids = query_app
    at.text_input(key="query_text").input("toegang AND wachttijd WHERE municipality = Adorp").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("2 fragmenten in 1 bronnen van 1 deelnemers" in m.value for m in at.markdown)
    table = next(df.value for df in at.dataframe if "Tekst" in df.value.columns)
    assert _texts(table) == ["Het loket was ", "De wachtlijst "]
    at.text_input(key="query_set_name").input("adorp-wachten").run()
    at.button(key="query_save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    p = Project.open(location)
    try:
        assert p.get_passage_set("adorp-wachten")["passage_ids"] == [ids["a0"], ids["a1"]]
    finally:
        p.close()
    # the set is a query operand and a matrix scope after the save
    at.text_input(key="query_text").input('SET "adorp-wachten" AND bereikbaarheid').run()
    assert any("1 fragmenten" in m.value for m in at.markdown)
    assert "set 'adorp-wachten'" in at.selectbox(key="qm_scope").options


def test_parse_error_is_shown_in_dutch_with_its_position(query_app):
    at, _location, _ids = query_app
    at.text_input(key="query_text").input("toegang AND (wachttijd").run()
    assert not at.exception
    assert any("positie 23" in e.value and "verwacht" in e.value for e in at.error)


def test_matrix_cell_opens_its_passages(query_app):
    at, _location, _ids = query_app
    matrix = next(df.value for df in at.dataframe if "inwoner" in df.value.columns)
    assert matrix.loc["Toegang"].tolist() == [3, 1, 1]
    at.session_state["query_matrix_df"] = {"selection": {"rows": [], "columns": [], "cells": [[0, "inwoner"]]}}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Toegang × inwoner: 3 fragmenten" in h.value for h in at.subheader)
    cell = [df.value for df in at.dataframe if "Tekst" in df.value.columns][-1]
    assert _texts(cell) == ["Het loket was ", "De wachtlijst ", "Het wijkteam i"]


def test_cooccurrence_cell_opens_its_passages(query_app):
    at, _location, _ids = query_app
    at.session_state["query_cooc_df"] = {"selection": {"rows": [], "columns": [], "cells": [[0, "Wachttijden"]]}}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Toegang en Wachttijden: 3 fragmenten" in h.value for h in at.subheader)


def test_review_page_filters_on_a_saved_set(query_app):
    from analysis.store import Project

    at, location, ids = query_app
    p = Project.open(location)
    try:
        p.save_passage_set("twee", [ids["b1"], ids["m0"]])
    finally:
        p.close()
    at.switch_page("views/review.py").run()
    at.selectbox(key="f_status").set_value("all").run()
    at.selectbox(key="f_set").set_value("twee").run()
    assert not at.exception, [e.value for e in at.exception]
    text = " ".join(m.value for m in at.markdown)
    assert "Als mantelzorger kon ik nergens terecht." in text
    assert "Het loket was slecht bereikbaar" not in text


def test_hand_picked_rows_make_a_set(query_app):
    from analysis.store import Project

    at, location, ids = query_app
    at.text_input(key="query_text").input("toegang").run()
    at.session_state["query_results"] = {"selection": {"rows": [0, 3], "columns": [], "cells": []}}
    at.run()
    assert any("2 fragmenten gekozen" in c.value for c in at.caption)
    at.text_input(key="query_set_name").input("gekozen").run()
    at.button(key="query_save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    p = Project.open(location)
    try:
        stored = p.get_passage_set("gekozen")
        assert stored["passage_ids"] == [ids["a0"], ids["b0"]]  # rows 0 and 3 of a0, a1, m0, b0, d0
        assert stored["query"] == "toegang (met de hand gekozen)"
    finally:
        p.close()

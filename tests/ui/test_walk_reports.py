"""Rapportage › Themasamenvatting: the overview of all codes shows its column names in the chosen language (on the
English page they were the report's Dutch names); the figures in it are the same in both languages."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "tests" / "ui") not in sys.path:
    sys.path.insert(0, str(ROOT / "tests" / "ui"))

from test_reports_page import CB, PAGE, _errors, location, template  # noqa: F401 - fixtures
from test_walk_app import open_page


def _overview(lang: str, monkeypatch):
    at = open_page(PAGE, lang, monkeypatch)
    at.selectbox(key="reports_sum_codebook").set_value(CB).run()
    assert not _errors(at), _errors(at)
    return at.dataframe[0].value


@pytest.mark.parametrize(
    ("lang", "columns"),
    [
        ("nl", ["Code", "Fragmenten", "Bronnen", "Deelnemers", "Aandeel deelnemers", "Gemeenten"]),
        ("en", ["Code", "Passages", "Sources", "Participants", "Share of participants", "Municipalities"]),
    ],
)
def test_the_overview_of_all_codes_names_its_columns_in_the_chosen_language(location, monkeypatch, lang, columns):  # noqa: F811
    frame = _overview(lang, monkeypatch)
    assert list(frame.columns[: len(columns)]) == columns
    dutch = _overview("nl", monkeypatch) if lang == "en" else frame
    assert frame.iloc[:, :4].values.tolist() == dutch.iloc[:, :4].values.tolist()


# -- Verzadiging and Triangulatie: the codebook they open on, and a codebook with nothing coded --------------------
@pytest.fixture
def with_empty_codebook(tmp_path, monkeypatch):
    sys.path.insert(0, str(ROOT / "tests" / "reports"))
    from saturation_builders import build_saturation

    from analysis.domain import Code, Codebook

    project, _ = build_saturation(tmp_path / "sat")
    try:  # sorts before the coded codebook: the tabs used to open on it, a table of zeros
        project.save_codebook(Codebook(id="aaa-leeg", name="Aaa leeg", codes=[Code(id="niets", name="Niets")]))
    finally:
        project.close()
    monkeypatch.setenv("DUIDING_PROJECT", str(tmp_path / "sat"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("DUIDING_USER", "tester")


def test_saturation_and_triangulation_open_on_a_coded_codebook_and_say_when_nothing_is_coded(with_empty_codebook):
    from saturation_builders import CB
    from test_reports_page import _open

    at = _open()
    assert at.selectbox(key="reports_tri_codebook").value == CB
    assert at.selectbox(key="reports_sat_codebook").value == CB
    at.selectbox(key="reports_tri_codebook").set_value("aaa-leeg").run()
    assert not _errors(at), _errors(at)
    tab = next(tab for tab in at.tabs if tab.label == "Triangulatie")
    assert any("Er is nog niets gecodeerd met Aaa leeg" in i.value for i in tab.info)
    assert not [d for d in tab.dataframe]  # no table of zeros


def test_the_triangulation_table_speaks_the_chosen_language(tmp_path, monkeypatch):
    sys.path.insert(0, str(ROOT / "tests" / "reports"))
    from saturation_builders import build_saturation

    project, _ = build_saturation(tmp_path / "sat")
    project.close()
    monkeypatch.setenv("DUIDING_PROJECT", str(tmp_path / "sat"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("DUIDING_USER", "tester")
    tables = {}
    for lang in ("nl", "en"):
        at = open_page(PAGE, lang, monkeypatch)
        assert not _errors(at), _errors(at)
        tab = next(tab for tab in at.tabs if tab.label in ("Triangulatie", "Triangulation"))
        tables[lang] = tab.dataframe[0].value
        if lang == "en":
            assert "Interviews: professional" in at.selectbox(key="reports_tri_cell").options
    nl, en = tables["nl"], tables["en"]
    assert list(nl.columns[:2]) == ["Soort", "Norm of code"] and nl.columns[-1] == "Sterkte"
    assert list(en.columns[:2]) == ["Kind", "Norm or code"] and en.columns[-1] == "Strength"
    assert {"Passages", "Participants", "Municipalities", "Kinds of sources"} <= set(en.columns)
    assert any("rust op één respondent" in str(v) for v in nl["Sterkte"])
    english = " ".join(str(v) for v in en["Strength"])
    assert "rests on one respondent" in english and "rust op" not in english
    assert nl.iloc[:, 2:-1].values.tolist() == en.iloc[:, 2:-1].values.tolist()  # the same counts

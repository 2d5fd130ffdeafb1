"""Rapportage › Themasamenvatting: the overview of all codes shows its column names in the chosen language (on the
English page they were the report's Dutch names); the figures in it are the same in both languages."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "tests" / "ui") not in sys.path:
    sys.path.insert(0, str(ROOT / "tests" / "ui"))

from test_reports_page import APP, CB, PAGE, _errors, location, template  # noqa: F401 - fixtures


def _overview(lang: str, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setattr("ui.i18n.DEFAULT_LANGUAGE", lang)  # AppTest formats option labels outside the app's run
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    at.radio(key="lang").set_value(lang).run()
    at.switch_page(PAGE).run()
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

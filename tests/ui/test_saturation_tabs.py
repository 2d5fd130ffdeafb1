"""The Verzadiging and Triangulatie tabs of Rapportage through AppTest (project: tests/reports/saturation_builders.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reports"))
from saturation_builders import CB, build_saturation
from test_reports_page import _errors, _open  # the page's AppTest helpers


@pytest.fixture
def location(tmp_path, monkeypatch) -> Path:
    project, _ = build_saturation(tmp_path / "sat")
    project.close()
    monkeypatch.setenv("DUIDING_PROJECT", str(tmp_path / "sat"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("DUIDING_USER", "tester")
    return tmp_path / "sat"


def _markdown(at) -> list[str]:
    return [m.value for m in at.markdown]


def test_saturation_tab_shows_the_statement_per_group(location):
    at = _open()
    assert {"Verzadiging", "Triangulatie"} <= {tab.label for tab in at.tabs}
    assert at.selectbox(key="reports_sat_codebook").value == CB
    statement = (
        "**Na 6 van de 7 interviews kwam er geen nieuwe inductieve code bij. "
        "De codes Digitaal, Eigen regie en Vervoer rusten op één of twee interviews.**"
    )
    assert statement in _markdown(at)
    assert any("Digitaal, Eenzaamheid, Vervoer" in c.value for c in at.caption)
    at.selectbox(key="reports_sat_by").set_value("respondent_group").run()
    assert not _errors(at), _errors(at)
    assert "**Te weinig interviews (5) om iets te zeggen over verzadiging.**" in _markdown(at)
    at.radio(key="reports_sat_units").set_value("stories").run()
    assert not _errors(at), _errors(at)
    assert "**Te weinig verhalen (2) om iets te zeggen over verzadiging.**" in _markdown(at)
    assert {b.proto.label for b in at.get("download_button")} >= {"Markdown", "Word (DOCX)"}


def test_triangulation_tab_marks_weak_findings_and_opens_a_cell(location):
    at = _open()
    assert any("rusten op één respondent of één soort bron" in w.value for w in at.warning)
    at.selectbox(key="reports_tri_row").set_value("code:toegang").run()
    at.selectbox(key="reports_tri_cell").set_value("Interviews: professional").run()
    assert not _errors(at), _errors(at)
    tab = next(tab for tab in at.tabs if tab.label == "Triangulatie")
    quotes = [m.value for m in tab.markdown if "<blockquote" in m.value]
    assert len(quotes) == 2
    assert any("I3: wat ik wil vertellen" in q for q in quotes) and any("I5: wat ik wil vertellen" in q for q in quotes)


def test_tabs_in_english(location):
    at = _open()
    at.session_state["lang"] = "en"
    at.run()
    assert not _errors(at), _errors(at)
    assert {"Saturation", "Triangulation"} <= {tab.label for tab in at.tabs}

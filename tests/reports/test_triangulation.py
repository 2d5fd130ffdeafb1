"""Triangulation matrix and strength of findings on the project of saturation_builders.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from saturation_builders import CB, build_saturation

from analysis.reports import CodingData
from analysis.reports.builders import triangulation_report
from analysis.reports.export import render_report
from analysis.reports.triangulation import ONE_KIND, ONE_RESPONDENT, triangulate


@pytest.fixture()
def tri(tmp_path: Path):
    project, ids = build_saturation(tmp_path / "tri")
    data = CodingData.from_project(project, codebook_ids=[CB])
    yield triangulate(data, CB), data, ids
    project.close()


def test_columns_are_source_kinds_with_interviews_per_group(tri):
    t, _, _ = tri
    assert t.columns == ["Documenten", "Interviews: inwoner", "Interviews: professional", "Verhalen"]


def test_cells_hold_the_passages_behind_them(tri):
    t, _, ids = tri
    assert t.cell_passages("code:toegang", "Documenten") == [ids["D1"]]
    assert t.cell_passages("code:toegang", "Interviews: inwoner") == [ids["I1"]]
    assert t.cell_passages("code:toegang", "Interviews: professional") == [ids["I3"], ids["I5"]]
    assert t.cell_passages("code:eenzaamheid", "Verhalen") == [ids["V1"]]
    # a suggestion (I4 vervoer) and a rejected coding (I5 digitaal) are not behind any cell
    assert t.cell_passages("code:vervoer", "Interviews: inwoner") == [ids["I6"]]
    assert t.cell_passages("code:digitaal", "Interviews: professional") == []
    matrix = t.matrix()
    assert matrix.loc["Toegang"].tolist() == [1, 1, 2, 0]
    assert matrix.loc["Eenzaamheid"].tolist() == [0, 3, 0, 1]


def test_participants_municipalities_and_stance(tri):
    t, _, _ = tri
    toegang = t.row("code:toegang")
    assert (toegang.participants, toegang.municipalities, toegang.passages) == (3, 2, 4)
    assert toegang.stance == {"knelpunt": 1}
    assert toegang.families == ["Documenten", "Interviews"]
    assert toegang.strength == ""
    eenzaam = t.row("code:eenzaamheid")
    assert (eenzaam.participants, eenzaam.municipalities) == (4, 2)
    # the norm on toegang carries the same evidence as the code
    assert t.row("norm:n1").cells == toegang.cells


def test_a_finding_on_one_respondent_or_one_kind_is_marked(tri):
    t, _, _ = tri
    vervoer = t.row("norm:n2")
    assert vervoer.one_respondent and vervoer.one_kind
    assert vervoer.strength == f"{ONE_RESPONDENT}; {ONE_KIND}"
    # two interviews of two respondent groups are still one source kind
    digitaal, regie = t.row("code:digitaal"), t.row("code:regie")
    assert digitaal.strength == f"{ONE_RESPONDENT}; {ONE_KIND}" and regie.one_respondent
    frame = t.to_frame().set_index("Norm of code")
    assert frame.loc["Vervoer is geregeld.", "Sterkte"] == f"{ONE_RESPONDENT}; {ONE_KIND}"
    assert frame.loc["Toegang", "Sterkte"] == ""


def test_report_lists_the_passages_of_every_cell(tri):
    t, data, _ = tri
    md = render_report(triangulation_report(t, data), "md").decode("utf-8")
    assert md.startswith("# Triangulatie — Saturatie")
    assert "### Norm: Vervoer is geregeld." in md
    assert "Let op: deze bevinding rust op één respondent; rust op één soort bron." in md
    assert "**Interviews: professional (2 fragmenten)**" in md
    assert "I3: wat ik wil vertellen over de hulp." in md
    csv_tables = render_report(triangulation_report(t, data), "xlsx")
    assert csv_tables[:2] == b"PK"

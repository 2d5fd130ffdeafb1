"""``duiding report saturation|triangulation`` and their exports (DOCX with the saturation curve)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from saturation_builders import CB, build_saturation
from typer.testing import CliRunner

from analysis.cli.report import app

runner = CliRunner()


@pytest.fixture()
def location(tmp_path: Path) -> str:
    project, _ = build_saturation(tmp_path / "sat")
    project.close()
    return str(tmp_path / "sat")


def run(*args: str):
    return runner.invoke(app, list(args))


def test_saturation_json(location):
    result = run("saturation", "--project", location, "--codebook", CB, "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    [curve] = payload["curves"]
    assert [s["new"] for s in curve["steps"]] == [1, 1, 0, 0, 0, 1, 0]
    assert curve["last_new"] == 6 and curve["n_units"] == 7
    assert curve["statement"].startswith("Na 6 van de 7 interviews kwam er geen nieuwe inductieve code bij.")
    assert sorted(curve["inductive"]) == ["digitaal", "eenzaamheid", "vervoer"]


def test_saturation_by_group_markdown(location):
    result = run("saturation", "--project", location, "--codebook", CB, "--by", "respondent_group")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# Verzadiging — Saturatie")
    assert "## inwoner" in result.output and "## professional" in result.output
    assert "Te weinig interviews (5) om iets te zeggen over verzadiging." in result.output
    bad = run("saturation", "--project", location, "--by", "leeftijd")
    assert bad.exit_code == 1 and "unknown --by 'leeftijd'" in bad.output


def test_saturation_docx_carries_the_curve_and_statement(location, tmp_path):
    import docx

    out = tmp_path / "s.docx"
    result = run("saturation", "--project", location, "--codebook", CB, "--out", str(out))
    assert result.exit_code == 0, result.output
    doc = docx.Document(str(out))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "Verzadiging — Saturatie"
    assert any(t.startswith("Na 6 van de 7 interviews") for t in texts)
    assert len(doc.inline_shapes) == 1  # the curve as a picture


def test_saturation_stories(location):
    result = run("saturation", "--project", location, "--codebook", CB, "--units", "stories", "--json")
    assert result.exit_code == 0, result.output
    assert (
        json.loads(result.output)["curves"][0]["statement"]
        == "Te weinig verhalen (2) om iets te zeggen over verzadiging."
    )


def test_triangulation_json_and_xlsx(location, tmp_path):
    import openpyxl

    result = run("triangulation", "--project", location, "--codebook", CB, "--json")
    assert result.exit_code == 0, result.output
    rows = {r["key"]: r for r in json.loads(result.output)["rows"]}
    assert rows["norm:n2"]["one_respondent"] and rows["norm:n2"]["one_kind"]
    assert len(rows["code:toegang"]["cells"]["Interviews: professional"]) == 2
    out = tmp_path / "t.xlsx"
    result = run("triangulation", "--project", location, "--codebook", CB, "--out", str(out))
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    assert {"Triangulatie", "Fragmenten"} <= set(book.sheetnames)
    # every passage behind every cell is in the data sheet: 4 toegang passages for the code and as many for norm n1
    cells = [row[0] for row in book["Fragmenten"].iter_rows(min_row=2, values_only=True)]
    assert cells.count("Toegang") == 4


def test_report_commands_are_on_the_main_cli(location):
    from analysis.cli import app as main_app

    result = runner.invoke(main_app, ["report", "triangulation", "--project", location, "--codebook", CB])
    assert result.exit_code == 0, result.output
    assert "# Triangulatie — Saturatie" in result.output

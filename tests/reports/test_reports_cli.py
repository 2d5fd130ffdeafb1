"""``duiding report …`` through typer's CliRunner (on the report app, and on the main app once registered)."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from typer.testing import CliRunner

from analysis.cli.report import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def test_summary_to_stdout_and_suggestions_flag(tiny):
    loc = str(tiny.location)
    result = run("summary", "--project", loc, "--codebook", "kader", "--code", "toegang")
    assert result.exit_code == 0, result.output
    assert "# Themasamenvatting — Kader" in result.output
    assert "| Toegang en vindbaarheid | 4 |" in result.output
    overview = result.output.split("**Codes**")[1].split("###")[0]
    assert "Samenwerking" not in overview  # --code: only that code
    more = run("summary", "--project", loc, "--codebook", "kader", "--code", "toegang", "--include-suggestions")
    assert more.exit_code == 0 and "| Toegang en vindbaarheid | 5 |" in more.output
    assert "open suggesties" in more.output


def test_summary_docx_and_errors(tiny, tmp_path):
    from docx import Document

    loc = str(tiny.location)
    out = tmp_path / "t.docx"
    result = run("summary", "--project", loc, "--out", str(out))  # format from the suffix, the only codebook
    assert result.exit_code == 0, result.output
    assert Document(str(out)).paragraphs[0].text == "Themasamenvatting — Kader"
    binary = run("summary", "--project", loc, "--format", "docx")
    assert binary.exit_code == 1 and "give a file with --out" in binary.output
    unknown = run("summary", "--project", loc, "--codebook", "nope")
    assert unknown.exit_code == 1 and "no codebook 'nope'" in unknown.output
    code = run("summary", "--project", loc, "--code", "nope")
    assert code.exit_code == 1 and "codebook 'kader' has no code 'nope'" in code.output
    missing = run("summary", "--project", str(tmp_path / "none"))
    assert missing.exit_code == 1 and "No Duiding project" in missing.output


def test_compare_normenkader_matrix(tiny, tmp_path):
    from openpyxl import load_workbook

    loc = str(tiny.location)
    out = tmp_path / "c.xlsx"
    result = run("compare", "--project", loc, "--framework", "kader", "--format", "xlsx", "--out", str(out))
    assert result.exit_code == 0, result.output
    wb = load_workbook(out)
    assert "Aandeel deelnemers" in wb.sheetnames
    ws = wb["Aandeel deelnemers"]
    assert [c.value for c in ws[1]] == ["Thema", "Adorp", "Bestad"]

    tiny.project.judge_norm("kader", "n2", "voldoet-niet", "Zes weken.")
    html = tmp_path / "n.html"
    result = run("normenkader", "--project", loc, "--codebook", "kader", "--out", str(html))
    assert result.exit_code == 0, result.output
    page = html.read_text(encoding="utf-8")
    assert "<th>Oordeel</th>" in page and ">Voldoet niet</td>" in page

    result = run("matrix", "--project", loc, "--by", "participant", "--binary")
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(io.StringIO(result.output), index_col=0)
    assert list(frame.columns) == ["A-01", "A-02", "B-01", "S4"]
    assert frame.loc["Toegang en vindbaarheid"].tolist() == [1, 0, 1, 1]
    bad = run("matrix", "--project", loc, "--by", "wijk")
    assert bad.exit_code == 1 and "use source or participant" in bad.output


def test_summary_of_a_topic_model(tiny):
    model_id = tiny.project.save_topic_model(
        "proef", {}, [{"id": 0, "label": "Wachten", "keywords": [["wachten", 1.0]]}], [(tiny.p["p1"], 0, 0.9), (tiny.p["p2"], 0, 0.7)]
    )
    result = run("summary", "--project", str(tiny.location), "--topic-model", str(model_id))
    assert result.exit_code == 0, result.output
    assert "# Themasamenvatting — topicmodel proef" in result.output
    assert "| Thema | Fragmenten |" in result.output and "| Wachten | 2 |" in result.output
    assert "Trefwoorden: wachten" in result.output
    missing = run("summary", "--project", str(tiny.location), "--topic-model", "99")
    assert missing.exit_code == 1 and "no topic model with id 99" in missing.output


def test_compare_without_a_mapping_codebook_fails_clearly(tiny):
    result = run("compare", "--project", str(tiny.location), "--framework", "sociaal-domein")
    assert result.exit_code == 1
    assert "no codebook in the data maps onto the framework 'sociaal-domein'" in result.output


def test_registered_in_main_cli(tiny):
    from analysis.cli import app as main

    names = {g.name for g in main.registered_groups}
    if "report" not in names:
        pytest.skip("`duiding report` is not registered in analysis.cli yet (the lead adds it)")
    result = runner.invoke(main, ["report", "matrix", "--project", str(tiny.location)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "Code,S1,S2,S3,S4"

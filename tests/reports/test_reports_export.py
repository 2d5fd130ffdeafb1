"""Every export format opens, carries the Dutch headings and escapes what it must."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from analysis.reports import (
    ExportError,
    Report,
    Table,
    assess_normenkader,
    code_matrix,
    format_from_path,
    matrix_report,
    normenkader_report,
    render_report,
    summarize_codebook,
    summary_report,
    write_report,
)

ESCAPED = "werken &amp; zorgen &lt;zo&gt;"  # S3 p6: "... werken & zorgen <zo>."


@pytest.fixture()
def summary(tiny):
    return summary_report(summarize_codebook(tiny.project, "kader"), codebook_name="Kader", project_name="tiny")


@pytest.fixture()
def nk(tiny):
    tiny.project.judge_norm("kader", "n1", "voldoet-deels", "Loket <moeilijk> te vinden.")
    return normenkader_report(assess_normenkader(tiny.project, "kader"))


def test_markdown(summary):
    text = render_report(summary, "md").decode("utf-8")
    assert text.startswith("# Themasamenvatting — Kader")
    for heading in ("## Overzicht", "### Toegang en vindbaarheid", "**Houding**", "**Per respondentgroep**", "**Representatieve citaten**"):
        assert heading in text
    assert "| Toegang en vindbaarheid | 4 | 3 | 3 | 75% | 2 |" in text
    assert "> — inwoner, Bestad, interview B-01, alinea 1" in text
    assert "\\<zo\\>" in text and "<zo>" not in text
    # data-only tables stay out of the reading formats
    assert "Gegevens" not in text


def test_html_is_self_contained_and_escaped(summary, nk):
    page = render_report(summary, "html").decode("utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="nl">' in page
    assert ESCAPED in page and "<zo>" not in page
    assert "<script" not in page and "http" not in page  # nothing loaded from elsewhere
    assert "<h2>Overzicht</h2>" in page and "<caption>Per gemeente</caption>" in page
    nk_page = render_report(nk, "html").decode("utf-8")
    assert 'style="background:#ffb300;color:#000000">Voldoet deels</td>' in nk_page
    assert "Loket &lt;moeilijk&gt; te vinden." in nk_page


def test_docx_opens_with_headings_tables_and_colours(summary, nk):
    from docx import Document

    doc = Document(io.BytesIO(render_report(summary, "docx")))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "Themasamenvatting — Kader"
    assert "Overzicht" in texts and "Toegang en vindbaarheid" in texts
    assert any(t.startswith("— inwoner, Adorp, interview A-01") for t in texts)
    assert any("zorgen <zo>" in t for t in texts)  # plain text in Word, no escaping needed
    header = [c.text for c in doc.tables[0].rows[0].cells]
    assert header[:5] == ["Code", "Fragmenten", "Bronnen", "Deelnemers", "Aandeel deelnemers"]

    doc = Document(io.BytesIO(render_report(nk, "docx")))
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Deelvraag", "Norm", "Oordeel", "Toelichting", "Aantal fragmenten"]
    judged = table.rows[1].cells[2]
    assert judged.text == "Voldoet deels"
    fills = judged._tc.xpath(".//w:shd/@w:fill")
    assert fills == ["FFB300"]
    assert table.rows[2].cells[2].text == "Nog niet beoordeeld"


def test_xlsx_one_sheet_per_table(summary, nk):
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(render_report(summary, "xlsx")))
    assert wb.sheetnames == ["Rapport", "Overzicht", "Per groep", "Houding", "Citaten"]
    assert wb["Rapport"]["A1"].value == "Themasamenvatting — Kader"
    ws = wb["Overzicht"]
    assert [c.value for c in ws[1]][:5] == ["Code", "Fragmenten", "Bronnen", "Deelnemers", "Aandeel deelnemers"]
    assert ws["A2"].value == "Toegang en vindbaarheid" and ws["B2"].value == 4
    assert ws["E2"].value == pytest.approx(0.75) and ws["E2"].number_format == "0%"
    quotes = wb["Citaten"]
    assert [c.value for c in quotes[1]][:4] == ["Code", "Nr", "Citaat", "Herkomst"]
    assert any("zorgen <zo>" in (c.value or "") for c in quotes["C"])

    wb = load_workbook(io.BytesIO(render_report(nk, "xlsx")))
    ws = wb["Normenkader"]
    assert ws["C2"].value == "Voldoet deels"
    assert ws["C2"].fill.fgColor.rgb.endswith("FFB300")


def test_xlsx_never_writes_formulas():
    from openpyxl import load_workbook

    report = Report("T")
    report.section("S").add(Table("Citaten", pd.DataFrame({"Citaat": ["=HYPERLINK(\"x\")", "gewoon"]}), sheet="Citaten"))
    ws = load_workbook(io.BytesIO(render_report(report, "xlsx")))["Citaten"]
    assert ws["A2"].value == '=HYPERLINK("x")'
    assert ws["A2"].data_type == "s"


def test_csv_writes_every_data_table(tmp_path, summary):
    written = write_report(summary, tmp_path / "themas.csv")
    assert [p.name for p in written] == ["themas.csv", "themas-per-groep.csv", "themas-houding.csv", "themas-citaten.csv"]
    overview = pd.read_csv(written[0])
    assert list(overview.columns[:3]) == ["Code", "Fragmenten", "Bronnen"]
    assert overview.loc[0, "Aandeel deelnemers"] == pytest.approx(0.75)  # raw fractions in CSV
    groups = pd.read_csv(written[1])
    row = groups[(groups["Code"] == "Toegang en vindbaarheid") & (groups["Groep"] == "70+")].iloc[0]
    assert (row["Fragmenten"], row["Fragmenten totaal"], row["Deelnemers"]) == (3, 5, 2)


def test_matrix_export(tmp_path, tiny):
    report = matrix_report(code_matrix(tiny.project, "kader", by="source", binary=True), by="source", binary=True)
    [path] = write_report(report, tmp_path / "m.csv")
    frame = pd.read_csv(path, index_col=0)
    assert frame.index.name == "Code"
    assert frame.loc["Werkdruk"].tolist() == [0, 0, 0, 1]
    from openpyxl import load_workbook

    write_report(report, tmp_path / "m.xlsx")
    ws = load_workbook(tmp_path / "m.xlsx")["Matrix"]
    assert [c.value for c in ws[1]] == ["Code", "S1", "S2", "S3", "S4"]


def test_charts_are_drawn_into_the_docx(summary, tmp_path):
    # matplotlib is a dependency: the DOCX report carries its charts as pictures
    import docx

    from analysis.reports import Chart
    from analysis.reports.charts import chart_png

    chart = next(b for s in summary.sections for b in s.blocks if isinstance(b, Chart))
    assert list(chart.frame.columns) == ["Code", "Fragmenten"]
    png = chart_png(chart)
    assert png is not None and png.startswith(b"\x89PNG")
    write_report(summary, tmp_path / "r.docx")
    assert len(docx.Document(tmp_path / "r.docx").inline_shapes) >= 1


def test_format_errors(tmp_path, summary):
    assert format_from_path("x.docx") == "docx"
    assert format_from_path("x.txt", "markdown") == "md"
    with pytest.raises(ExportError, match="cannot tell the format"):
        format_from_path("x.pdf")
    with pytest.raises(ExportError, match="unknown export format 'pdf'"):
        render_report(summary, "pdf")
    with pytest.raises(ExportError, match="does not exist"):
        write_report(summary, tmp_path / "missing" / "x.md")

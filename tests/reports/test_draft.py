"""The report draft (issue 19 point 3) and the citeerbaar flag on codings.

The tiny project (reports_builders.py) plus, per test where needed, an interview with an
interviewer's coded question and a gespreksverslag with a coded paraphrase: those are never
suggested as quotes.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
import sqlalchemy as sa
from project_fixtures import sqlite_at_revision
from reports_builders import Tiny

from analysis.domain import Code, Codebook, Coding, Participant, Passage, Source, SourceKind
from analysis.reports import CodingData
from analysis.reports.docx_template import DOCUMENT_TYPE, TEMPLATE_TYPE
from analysis.reports.draft import MARKED_TITLE, NO_BEVINDING, SUGGESTED_TITLE, build_draft, render_draft
from analysis.store import Project
from analysis.store import engine as eng

ROOT = Path(__file__).resolve().parents[2]
INTERVIEWER_Q = "Werkt het wijkteam volgens u goed samen met de huisarts en met de school in de buurt?"
VERSLAG_TEXT = "De respondent vertelt dat het wijkteam en de huisarts elkaar goed weten te vinden in de wijk."


def _open(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def _headings(doc, level: int) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name == f"Heading {level}"]


def _text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


def _fill(cell) -> str | None:
    shd = cell._tc.tcPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}shd") if cell._tc.tcPr is not None else None
    return None if shd is None else shd.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}fill")


def _coding(store: Project, passage_id: int, code_id: str) -> Coding:
    return next(c for c in store.codings(codebook_id="kader", passage_ids=[passage_id]) if c.code_id == code_id)


def _add_interviewer_and_verslag(t: Tiny) -> tuple[int, int]:
    """An interview with a coded interviewer question and a verslag with a coded paraphrase (code samenwerking)."""
    text = f"{INTERVIEWER_Q}\n\nJa hoor, dat gaat prima."
    passages = [Passage(0, len(INTERVIEWER_Q), INTERVIEWER_Q, 0, "I"), Passage(len(INTERVIEWER_Q) + 2, len(text), "Ja hoor, dat gaat prima.", 1, "R")]
    sid = t.project.add_source(Source(name="S5", text=text, kind=SourceKind.INTERVIEW, municipality="Adorp", study="Test"), passages,
                               participant=Participant("A-03", "Adorp", "inwoner"))
    question = t.project.passages(source_id=sid)[0].id
    vid = t.project.add_source(
        Source(name="V1", text=VERSLAG_TEXT, kind=SourceKind.VERSLAG, municipality="Bestad", study="Test"),
        [Passage(0, len(VERSLAG_TEXT), VERSLAG_TEXT, 0, None)], participant=Participant("B-02", "Bestad", "inwoner"),
    )
    paraphrase = t.project.passages(source_id=vid)[0].id
    for pid in (question, paraphrase):
        t.project.add_coding(Coding(passage_id=pid, code_id="samenwerking", codebook_id="kader"))
    return question, paraphrase


# --------------------------------------------------------------------------- the flag in the store


def test_citeerbaar_is_stored_audited_and_loaded(tiny: Tiny) -> None:
    p = tiny.project
    c = _coding(p, tiny.p["p6"], "toegang")
    assert c.citeerbaar is False
    marked = p.set_citeerbaar(c.id)
    assert marked.citeerbaar and p.get_coding(c.id).citeerbaar
    assert [x.id for x in p.codings(codebook_id="kader") if x.citeerbaar] == [c.id]
    last = p.audit_log(entity="coding", entity_id=c.id)[-1]
    assert last["before"]["citeerbaar"] is False and last["after"]["citeerbaar"] is True
    data = CodingData.from_project(p)
    assert data.codings.loc[data.codings["coding_id"] == c.id, "citeerbaar"].tolist() == [True]
    assert not p.set_citeerbaar(c.id, False).citeerbaar
    summary = {(r["action"], r["entity"]): r["count"] for r in p.audit_summary()}
    assert summary[("update", "coding")] == 2 and summary[("create", "coding")] >= 10


def test_a_project_at_revision_0001_gets_the_flag_and_keeps_its_unique_codings(tmp_path: Path) -> None:
    location = tmp_path / "oud"
    url, engine = sqlite_at_revision(location, "0001")
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO sources (id, name, kind, text, metadata, imported_at) VALUES (1, 's', 'interview', 'abc def', '{}', CURRENT_TIMESTAMP)"))
        conn.execute(sa.text('INSERT INTO passages (id, source_id, ordinal, start, "end", text) VALUES (1, 1, 0, 0, 7, \'abc def\')'))
        conn.execute(sa.text(
            'INSERT INTO codings (passage_id, codebook_id, code_id, coder, origin, status, evidence, memo, created_at, updated_at)'
            " VALUES (1, 'cb', 't', 'anne', 'manual', 'accepted', '[]', '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
        ))
    engine.dispose()
    with Project.open(location) as upgraded:
        assert eng.current_revision(upgraded.engine) == eng.head_revision(url)
        (old,) = upgraded.codings()
        assert old.citeerbaar is False
        assert upgraded.set_citeerbaar(old.id).citeerbaar
        # the codings' unique key survived the migration: the same coding is not stored twice
        upgraded.save_codebook(Codebook(id="cb", name="CB", codes=[Code("t", "T")]))
        again = upgraded.add_coding(Coding(passage_id=1, code_id="t", codebook_id="cb", coder="anne"))
        assert again == old.id and len(upgraded.codings()) == 1


# --------------------------------------------------------------------------- the draft


def test_the_docx_draft_has_chapters_norm_tables_quotes_and_appendix(tiny: Tiny) -> None:
    p = tiny.project
    p.judge_norm("kader", "n1", "voldoet-deels", "Inwoners in Bestad vinden het loket, in Adorp niet.")
    p.set_citeerbaar(_coding(p, tiny.p["p6"], "toegang").id)
    doc = _open(render_draft(build_draft(p, "kader", project_name="tiny"), "docx"))

    chapters = _headings(doc, 1)
    assert chapters[0] == "Inleiding" and chapters[-1] == "Bijlage: verantwoording van de methode"
    assert chapters[1:3] == ["1. Toegang", "2. Samenwerking"]  # one chapter per deelvraag
    norms = _headings(doc, 2)
    assert "Norm: Inwoners weten waar zij terecht kunnen." in norms and "Norm: Wachttijden zijn kort." in norms
    for part in ("Bronnen en respondenten", "Codeboek", "Intercoderbetrouwbaarheid", "Verzadiging", "Codeurs", "Audittrail"):
        assert part in norms
    body = _text(doc)
    # the researcher's bevinding where written; where not, the draft says so and invents nothing
    assert "Bevinding: Inwoners in Bestad vinden het loket, in Adorp niet." in body
    assert body.count(f"Bevinding: {NO_BEVINDING}") == 2
    # the norm table: judgement in its colour, on the study's scale
    table = next(t for t in doc.tables if [c.text for c in t.rows[0].cells] == ["Norm", "Oordeel", "Bevinding"])
    row = next(r for r in table.rows if r.cells[0].text == "Inwoners weten waar zij terecht kunnen.")
    assert row.cells[1].text == "Voldoet deels" and _fill(row.cells[1]) == "FFB300"
    # n1: only the passage marked citeerbaar, with its provenance and speaker's group
    paragraphs = [x.text for x in doc.paragraphs]
    marked_at = paragraphs.index(MARKED_TITLE)
    assert paragraphs[marked_at + 1].startswith("“Het zou fijn zijn als het loket ook op zaterdag open is")
    assert paragraphs[marked_at + 2] == "— inwoner, Bestad, interview B-01, alinea 1"
    assert doc.paragraphs[marked_at + 1].style.name == "Quote"
    # n2 and n3 have nothing marked: suggestions, announced as such
    assert paragraphs.count(SUGGESTED_TITLE) == 2
    # appendix: sources by group, codebook definitions, coders, the audit summary
    assert "Interviews: inwoner" in body and "Hoe inwoners hulp vinden." in body
    assert "tweede-codeur" in body and "researcher" in body


def test_suggested_quotes_are_never_the_interviewer_nor_a_verslag(tiny: Tiny) -> None:
    question, paraphrase = _add_interviewer_and_verslag(tiny)
    report = build_draft(tiny.project, "kader", n_suggestions=10)
    quotes = [q for _, ql in report.quote_lists() for q in ql.quotes]
    assert quotes, "suggestions expected"
    assert question not in {q.passage_id for q in quotes}
    assert paraphrase not in {q.passage_id for q in quotes}
    assert all(q.role != "interviewer" and not q.is_paraphrase for q in quotes)


def test_marked_interviewer_turn_is_left_out_and_a_marked_verslag_stays_a_paraphrase(tiny: Tiny) -> None:
    question, paraphrase = _add_interviewer_and_verslag(tiny)
    p = tiny.project
    p.set_citeerbaar(_coding(p, question, "samenwerking").id)
    p.set_citeerbaar(_coding(p, paraphrase, "samenwerking").id)
    md = render_draft(build_draft(p, "kader"), "md").decode("utf-8")
    section = md.split("### Norm: Het wijkteam werkt samen met partners.")[1].split("### Toetsing")[0]
    assert MARKED_TITLE in section and SUGGESTED_TITLE not in section
    assert INTERVIEWER_Q not in section
    assert "beurt van de interviewer en is niet als citaat opgenomen" in section
    assert f"> Volgens het gespreksverslag: {VERSLAG_TEXT}" in section  # never in quotation marks
    assert "volgens het gespreksverslag, inwoner, Bestad, gesprek B-02" in section


def test_a_norm_without_evidence_says_so(tiny: Tiny) -> None:
    for c in tiny.project.codings(codebook_id="kader", code_id="wachttijden"):
        tiny.project.delete_coding(c.id)
    md = render_draft(build_draft(tiny.project, "kader"), "md").decode("utf-8")
    section = md.split("### Norm: Wachttijden zijn kort.")[1].split("###")[0]
    assert "geen gecodeerde fragmenten" in section and ">" not in section


def _dotx(path: Path) -> Path:
    """A small rekenkamer template: its own Heading 1 font, a header, and sample body text."""
    from docx.shared import RGBColor

    template = docx.Document()
    template.styles["Heading 1"].font.name = "Rekenkamer Sans"
    template.styles["Heading 1"].font.color.rgb = RGBColor(0x12, 0x34, 0x56)
    template.sections[0].header.paragraphs[0].text = "Rekenkamer Oost — vertrouwelijk concept"
    template.add_paragraph("Voorbeeldtekst van het sjabloon")
    buffer = io.BytesIO()
    template.save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(DOCUMENT_TYPE, TEMPLATE_TYPE)
            target.writestr(item, data)
    path.write_bytes(out.getvalue())
    with pytest.raises(ValueError):
        docx.Document(str(path))  # a real .dotx: python-docx does not open it as it is
    return path


def test_the_rekenkamer_template_gives_styles_and_header_and_the_toc_works(tiny: Tiny, tmp_path: Path) -> None:
    template = _dotx(tmp_path / "rekenkamer.dotx")
    doc = _open(render_draft(build_draft(tiny.project, "kader"), "docx", template=template))
    assert doc.styles["Heading 1"].font.name == "Rekenkamer Sans"
    assert _headings(doc, 1)[1] == "1. Toegang"
    assert doc.sections[0].header.paragraphs[0].text == "Rekenkamer Oost — vertrouwelijk concept"
    assert "Voorbeeldtekst van het sjabloon" not in _text(doc)
    xml = doc.element.xml
    assert 'TOC \\o "1-2"' in xml and 'w:fldCharType="end"' in xml
    assert doc.settings.element.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}updateFields") is not None
    # the table of contents shows the chapters before Word updates it
    paragraphs = [x.text for x in doc.paragraphs]
    assert paragraphs.index("Inhoud") < paragraphs.index("1. Toegang") < paragraphs.index("Werk de inhoudsopgave bij in Word (F9 of rechtsklik › Veld bijwerken) voor de paginanummers.")


def test_cli_writes_the_draft(tiny: Tiny, tmp_path: Path) -> None:
    tiny.project.close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    base = [sys.executable, "-c", "from analysis.cli import main; main()", "report", "draft", "--project", str(tiny.location)]
    out = tmp_path / "concept.docx"
    template = _dotx(tmp_path / "rk.dotx")
    run = subprocess.run([*base, "--format", "docx", "--template", str(template), "--out", str(out)],
                         check=False, capture_output=True, text=True, env=env, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    assert _headings(docx.Document(str(out)), 1)[1:3] == ["1. Toegang", "2. Samenwerking"]
    md = subprocess.run([*base, "--format", "md"], check=False, capture_output=True, text=True, env=env, timeout=600)
    assert md.returncode == 0 and "## 1. Toegang" in md.stdout
    bad = subprocess.run([*base, "--format", "xlsx", "--out", str(tmp_path / "x.xlsx")], check=False, capture_output=True, text=True, env=env, timeout=600)
    assert bad.returncode != 0 and not (tmp_path / "x.xlsx").exists()


def test_the_flag_and_the_audit_summary_on_every_store(project: Project) -> None:
    project.save_codebook(Codebook(id="cb", name="CB", codes=[Code("t", "T")]))
    sid = project.add_source(Source(name="a.txt", text="Het loket is dicht."), [Passage(0, 19, "Het loket is dicht.", 0, "R")])
    pid = project.passages(source_id=sid)[0].id
    cid = project.add_coding(Coding(passage_id=pid, code_id="t", codebook_id="cb"))
    assert project.set_citeerbaar(cid).citeerbaar
    assert [c.citeerbaar for c in project.codings()] == [True]
    summary = {(r["action"], r["entity"]): r["count"] for r in project.audit_summary()}
    assert summary[("create", "coding")] == 1 and summary[("update", "coding")] == 1


def test_cli_marks_lists_and_unmarks_citeerbaar(tiny: Tiny) -> None:
    coding = _coding(tiny.project, tiny.p["p6"], "toegang")
    tiny.project.close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    base = [sys.executable, "-c", "from analysis.cli import main; main()", "report", "citeerbaar", "--project", str(tiny.location)]

    def run(*args: str) -> str:
        done = subprocess.run([*base, *args], check=False, capture_output=True, text=True, env=env, timeout=600)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    assert f"Codering {coding.id} (kader:toegang): citeerbaar" in run(str(coding.id))
    assert run().startswith(f"{coding.id}\tkader:toegang\tresearcher\tHet zou fijn zijn")
    assert "niet citeerbaar" in run(str(coding.id), "--off")
    assert "Geen coderingen" in run()
    with Project.open(tiny.location) as p:
        assert not p.get_coding(coding.id).citeerbaar

"""Memos everywhere: on the project, a source and a code; the overview; deleting; the report section;
and the REFI-QDA round trip of memos made this way (schema-valid)."""

from __future__ import annotations

import zipfile

import pytest
from lxml import etree

from analysis.reports import Report, render_report
from analysis.review import memos as mm
from analysis.store import Project

LABELS = {
    "kind": "Bij", "target": "Waarover", "title": "Titel", "text": "Tekst", "author": "Auteur", "date": "Gewijzigd",
    "kind.project": "het project", "kind.source": "een bron", "kind.code": "een code", "kind.passage": "een passage",
    "kind.coding": "een codering", "section": "Memo's", "none": "Nog geen memo's.",
}


def _three(project, codebook_id):
    source = project.sources(with_text=False)[0]
    mm.add(project, "project", None, "Eerste indruk: veel over wachten.", title="Indruk", author="anna")
    mm.add(project, "source", source.id, "Dit gesprek liep uit.", author="bob")
    mm.add(project, "code", mm.code_target(codebook_id, "wachttijden"), "Ook wachtlijsten tellen mee.", title="Definitie")
    return source


def test_memos_on_project_source_and_code_with_labels(project, codebook_id):
    source = _three(project, codebook_id)
    lines = {m.target_type: m for m in mm.overview(project)}
    assert set(lines) == {"project", "source", "code"}
    assert lines["source"].target == source.name and lines["source"].author == "bob"
    assert lines["code"].target.endswith("› Wachttijden") and lines["code"].title == "Definitie"
    assert lines["project"].target == "" and lines["project"].text.startswith("Eerste indruk")
    assert [m.target_type for m in mm.overview(project, "code")] == ["code"]


def test_a_memo_on_a_passage_and_a_coding_names_the_passage(project, codebook_id):
    c = project.codings(codebook_id=codebook_id)[0]
    mm.add(project, "coding", c.id, "Twijfel over deze.")
    mm.add(project, "passage", c.passage_id, "Mooi citaat.")
    p = project.get_passage(c.passage_id)
    for line in mm.overview(project):
        assert f"#{p.ordinal}" in line.target and p.text[:20] in line.target


def test_refused_memos(project):
    with pytest.raises(mm.MemoError):
        mm.add(project, "theme", "1", "tekst")
    with pytest.raises(mm.MemoError):
        mm.add(project, "project", None, "   ")
    assert project.memos() == []


def test_delete_memo_is_audited(project, codebook_id):
    _three(project, codebook_id)
    first = project.memos()[0]
    project.delete_memo(first.id)
    assert first.id not in {m.id for m in project.memos()}
    entry = project.audit_log(entity="memo", entity_id=first.id)[-1]
    assert entry["action"] == "delete" and entry["before"]["text"] == first.text


def test_memos_go_into_every_report_format(project, codebook_id, tmp_path):
    _three(project, codebook_id)
    report = mm.add_to_report(Report("Rapport"), project, LABELS)
    md = render_report(report, "md").decode()
    assert "Memo's" in md and "Ook wachtlijsten tellen mee." in md and "Dit gesprek liep uit." in md
    for fmt in ("html", "docx", "xlsx", "csv"):
        assert render_report(report, fmt)
    other = Project.create(tmp_path / "leeg")
    try:
        empty = mm.add_to_report(Report("Leeg"), other, LABELS)
    finally:
        other.close()
    assert "Nog geen memo's." in render_report(empty, "md").decode()


def test_memos_round_trip_through_refi_and_validate(project, codebook_id, tmp_path, shared_dir):
    from analysis.refi import export_qdpx, import_qdpx

    _three(project, codebook_id)
    path = tmp_path / "memos.qdpx"
    export_qdpx(project, path)
    schema = etree.XMLSchema(etree.parse(str(shared_dir / "refi" / "Project.xsd")))
    with zipfile.ZipFile(path) as zf:
        doc = etree.fromstring(zf.read("project.qde"))
    assert schema.validate(doc), schema.error_log
    target = Project.create(tmp_path / "doel")
    try:
        import_qdpx(path, target)
        names = {s.id: s.name for s in target.sources(with_text=False)}
        got = sorted((m.target_type, names.get(int(m.target_id)) if m.target_type == "source" else m.target_id,
                      m.title, m.text, m.author) for m in target.memos())
        src_names = {s.id: s.name for s in project.sources(with_text=False)}
        want = sorted((m.target_type, src_names.get(int(m.target_id)) if m.target_type == "source" else m.target_id,
                       m.title, m.text, m.author) for m in project.memos())
        assert got == want
    finally:
        target.close()


def test_duidings_own_records_in_the_memos_table_are_not_researchers_memos(project, codebook_id, tmp_path):
    """A stored heading template lives in the memos table too: it is not a memo in the overview, the reports
    or a REFI export (raw YAML would show up as a researcher's note in NVivo or ATLAS.ti)."""
    from analysis.domain import Memo
    from analysis.refi import export_qdpx

    _three(project, codebook_id)
    project.add_memo(Memo("Vraag 1:\n- wachttijden\n", target_type="heading_template", target_id="wijkteams", title="wijkteams"))
    assert {m.target_type for m in mm.overview(project)} == {"project", "source", "code"}
    path = tmp_path / "notes.qdpx"
    export_qdpx(project, path)
    with zipfile.ZipFile(path) as zf:
        doc = etree.fromstring(zf.read("project.qde"))
    notes = [n for n in doc.iter() if etree.QName(n).localname == "Note"]
    assert len(notes) == 3
    assert all(n.get("name") != "wijkteams" for n in notes)

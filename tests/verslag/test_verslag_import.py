"""Gespreksverslagen keep their structure on import: headings, lists, tables, metadata; offsets round-trip."""

from __future__ import annotations

from pathlib import Path

import pytest
from verslag_docs import ANSWER_WERKDRUK, verslag_docx, verslag_odt

from analysis.corpus import IngestError, ingest_file
from analysis.corpus.batch import ingest_paths
from analysis.domain import SourceKind
from analysis.store import Project


def _by_text(passages):
    return {p.text: p for p in passages}


def test_docx_verslag_keeps_headings_lists_and_question_answer_rows(tmp_path: Path) -> None:
    source, passages = ingest_file(verslag_docx(tmp_path / "verslag.docx"))
    assert source.kind is SourceKind.VERSLAG  # detected: no manifest, no kind given
    for p in passages:
        assert source.text[p.start : p.end] == p.text
    got = _by_text(passages)
    first = got["Het wijkteam is telefonisch slecht bereikbaar, aldus de teamleider."]
    assert first.heading == "2. Toegang > 2.1 Bereikbaarheid"
    assert got["Inwoners wachten soms weken op een terugbelafspraak."].heading == "2. Toegang > 2.1 Bereikbaarheid"
    bullets = got["• Wachtlijst bijhouden in een spreadsheet\n• Geen maximale wachttijd afgesproken"]
    assert bullets.heading == "2. Toegang > 2.1 Bereikbaarheid"
    assert got["Met twee praktijken is er een vast overleg."].heading.endswith("> Samenwerking met huisartsen")
    assert got["Er wordt veel overgewerkt, zegt de teamleider."].heading == "3. Hoe gaat het team om met de werkdruk?"
    answer = got[ANSWER_WERKDRUK]
    assert answer.question == "Hoe is de werkdruk?" and answer.heading == "4. Overige vragen"
    # headings and table questions are lines of the text but never passages, nor merged into one
    assert not any(p.text.startswith(("2. Toegang", "2.1", "Hoe is de werkdruk?", "Vraag")) for p in passages)
    assert "Hoe is de werkdruk?\n\n" + ANSWER_WERKDRUK in source.text
    assert " | " not in source.text


def test_docx_tracked_changes_comments_headers_and_footers_stay_out(tmp_path: Path) -> None:
    source, _ = ingest_file(verslag_docx(tmp_path / "verslag.docx"))
    assert "slecht" in source.text  # the accepted insertion
    for leak in ("goed ", "VERPLAATST", "GEHEIME OPMERKING", "KOPTEKST", "VOETTEKST"):
        assert leak not in source.text, leak


def test_docx_metadata_respondents_and_approval(tmp_path: Path) -> None:
    source, passages = ingest_file(verslag_docx(tmp_path / "verslag.docx"))
    info = source.metadata["verslag"]
    assert info["respondents"] == ["Jolanda Smit", "Ruud Bakker"]
    assert info["geaccordeerd"] is True and info["geaccordeerd_op"] == "20 maart 2026"
    assert info["author"] == "P. Onderzoeker" and info["document"]["created"] == "2026-03-12"
    assert info["title"] == "Gespreksverslag teamleider wijkteam"
    assert source.participant == "Jolanda Smit, Ruud Bakker"  # no manifest: the interviewees of the header
    assert source.date == "12 maart 2026"
    assert not any("Gesprek met" in p.text or "Datum" in p.text for p in passages)  # header fields are metadata


def test_not_approved_marker(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("Gespreksverslag, nog niet geaccordeerd")
    d.add_heading("Toegang", level=1)
    d.add_paragraph("De bereikbaarheid is slecht volgens de medewerker.")
    d.save(str(tmp_path / "v.docx"))
    source, passages = ingest_file(tmp_path / "v.docx")
    assert source.kind is SourceKind.VERSLAG and source.metadata["verslag"]["geaccordeerd"] is False
    assert [p.heading for p in passages if "bereikbaarheid" in p.text] == ["Toegang"]


def test_odt_verslag_structure_without_annotations_notes_or_deletions(tmp_path: Path) -> None:
    source, passages = ingest_file(verslag_odt(tmp_path / "verslag.odt"), kind="verslag")
    for p in passages:
        assert source.text[p.start : p.end] == p.text
    got = _by_text(passages)
    assert got["Zij wacht al acht weken op een gesprek."].heading == "1. Toegang > 1.1 Wachttijden"
    assert got["• eerste punt\n• tweede punt"].heading == "1. Toegang > 1.1 Wachttijden"
    assert got["De huisarts belt het wijkteam zelden."].heading == "1. Toegang > 1.1 Wachttijden > Samenwerking"
    assert got["Sneller terugbellen."].question == "Wat moet beter?"
    for leak in ("WEGGEHAALD", "NOTITIE", "VOETNOOT"):
        assert leak not in source.text
    info = source.metadata["verslag"]
    assert info["respondents"] == ["mevrouw De Vries"] and info["author"] == "K. Verslag"
    assert info["document"]["created"] == "2026-03-14"


def test_odt_with_an_entity_declaration_is_refused(tmp_path: Path) -> None:
    bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
    with pytest.raises(IngestError, match="entities"):
        ingest_file(verslag_odt(tmp_path / "bom.odt", content=bomb))


def test_manifest_kind_and_participant_win_and_text_verslag(tmp_path: Path) -> None:
    md = tmp_path / "verslag.md"
    md.write_text("# Toegang\n\nDe telefoon wordt slecht opgenomen.\n\n# Werkdruk\n\nHet team is overbelast.\n", encoding="utf-8")
    source, passages = ingest_file(md, kind="gespreksverslag", participant="RLW-V9")
    assert source.kind is SourceKind.VERSLAG and source.participant == "RLW-V9"
    assert [(p.heading, p.text) for p in passages] == [
        ("Toegang", "De telefoon wordt slecht opgenomen."),
        ("Werkdruk", "Het team is overbelast."),
    ]


def test_plain_word_report_is_not_a_verslag(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_heading("Inleiding", level=1)
    d.add_paragraph("Deze rapportage beschrijft de uitvoering van de Wmo in 2025 en de kosten daarvan.")
    d.add_table(rows=1, cols=3).rows[0].cells[0].text = "x"
    d.save(str(tmp_path / "rapport.docx"))
    source, _ = ingest_file(tmp_path / "rapport.docx")
    assert source.kind is not SourceKind.VERSLAG


def test_heading_path_is_stored_and_read_back(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    verslag_docx(folder / "verslag.docx")
    with Project.create(tmp_path / "proj") as project:
        result = ingest_paths(project, [folder])
        assert not result.failed
        records = project.passages(kind="verslag")
        assert records and all(r.kind is SourceKind.VERSLAG for r in records)
        answer = [r for r in records if r.text == ANSWER_WERKDRUK][0]
        assert answer.question == "Hoe is de werkdruk?" and answer.heading == "4. Overige vragen"
        source = project.get_source(answer.source_id)
        assert all(source.text[r.start : r.end] == r.text for r in records)


def test_a_report_with_a_two_column_table_stays_a_report(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_heading("Doelen", level=1)
    d.add_paragraph("De gemeente heeft voor de Wmo de volgende doelen en indicatoren vastgesteld in 2025.")
    table = d.add_table(rows=2, cols=2)
    for i, (a, b) in enumerate([("Doel 1", "Inwoners krijgen binnen acht weken een besluit op hun aanvraag."),
                                ("Doel 2", "Het aantal klachten daalt met tien procent ten opzichte van 2024.")]):
        table.cell(i, 0).text, table.cell(i, 1).text = a, b
    d.save(str(tmp_path / "beleid.docx"))
    source, _ = ingest_file(tmp_path / "beleid.docx")
    assert source.kind is not SourceKind.VERSLAG
    assert "Doel 1 | Inwoners krijgen" in source.text  # other documents read as before

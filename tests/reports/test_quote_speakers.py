"""Every quote names who speaks, in every export: an interviewer's question coded by hand is
quoted as the interviewer's, never as the respondent's (issue 12, point 2)."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from analysis.corpus import ingest_file, load_manifest
from analysis.domain import Codebook, Code, Coding, CodingOrigin, CodingStatus
from analysis.reports import CodingData, quote_for, render_report, summarize_codebook, summary_report, write_report
from analysis.store import Project

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "corpora" / "demo"
# one transcript per transcription style: INTERVIEWER:/NAME:, I:/R:, [00:00:06] Interviewer:/Respondent:
FILES = ["heemsteden/inwoner_yusuf.txt", "lindewaard/client_03_de_brink.txt", "oosterzande/01_client_esvelde.txt"]


@pytest.fixture()
def coded(tmp_path):
    """The three styles stored; per source the first question, the first answer and the header coded by hand."""
    project = Project.create(tmp_path / "proj")
    manifest = load_manifest(DEMO / "manifest.csv")
    for rel in FILES:
        source, passages = ingest_file(DEMO / rel, manifest=manifest)
        project.add_source(source, passages)
    project.save_codebook(Codebook(id="cb", name="Codeboek", codes=[Code(id="contact", name="Contact")]))
    expected: dict[int, str] = {}
    for sid in sorted(s.id for s in project.sources(with_text=False)):
        passages = project.passages(source_id=sid)
        picks = [passages[0]]
        picks += [next(p for p in passages if p.role == "interviewer" and len(p.text) >= 40)]
        picks += [next(p for p in passages if p.role == "respondent")]
        for p in picks:
            project.add_coding(Coding(p.id, "contact", "cb", coder="onderzoeker", origin=CodingOrigin.MANUAL,
                                      status=CodingStatus.ACCEPTED))
            where = f"{p.municipality}, interview {p.participant}, alinea {p.ordinal + 1}"
            who = {"interviewer": "interviewer", "respondent": p.respondent_group, "other": "kopregel"}[p.role]
            expected[p.id] = f"{who}, {where}"
    yield project, expected
    project.close()


def _wrong_lines(project, expected) -> list[str]:
    """The respondent-style provenance an interviewer turn or header line must never get."""
    wrong = []
    for pid in expected:
        p = project.get_passage(pid)
        if p.role != "respondent":
            wrong.append(f"{p.respondent_group}, {p.municipality}, interview {p.participant}, alinea {p.ordinal + 1}")
    return wrong


def test_quote_for_names_the_interviewer(coded):
    project, expected = coded
    data = CodingData.from_project(project)
    for pid, line in expected.items():
        assert quote_for(data, pid).provenance == "— " + line
    yusuf = next(p for p in project.passages() if p.text == "Nog één vraag: voetbal je eigenlijk nog?")
    data = CodingData.from_project(project, include_interviewer=True)
    assert quote_for(data, yusuf.id).provenance.startswith("— interviewer, Heemsteden, interview RHMS-03, alinea ")


def test_every_export_names_the_speaker_s_role(coded, tmp_path):
    project, expected = coded
    report = summary_report(summarize_codebook(project, "cb", n_quotes=20), codebook_name="Codeboek", project_name="demo")
    wrong = _wrong_lines(project, expected)
    assert len(wrong) == 6

    md = render_report(report, "md").decode("utf-8")
    html = render_report(report, "html").decode("utf-8")
    from docx import Document

    docx = "\n".join(par.text for par in Document(io.BytesIO(render_report(report, "docx"))).paragraphs)
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(render_report(report, "xlsx")))["Citaten"]
    rows = list(ws.iter_rows(values_only=True))
    header = list(rows[0])
    xlsx = "\n".join(str(r[header.index("Herkomst")]) for r in rows[1:])
    written = write_report(report, tmp_path / "themas.csv")
    quotes_csv = pd.read_csv(next(p for p in written if p.name.endswith("citaten.csv")))
    csv_text = "\n".join(quotes_csv["Herkomst"])
    for name, text in (("md", md), ("html", html), ("docx", docx), ("xlsx", xlsx), ("csv", csv_text)):
        for line in expected.values():
            assert line in text, (name, line)
        for line in wrong:
            assert line not in text, (name, line)
    # the data tables also give the role in its own column
    assert set(quotes_csv["Rol"]) == {"interviewer", "respondent", "kopregel"}
    assert {r[header.index("Rol")] for r in rows[1:]} == {"interviewer", "respondent", "kopregel"}


def test_uncoded_interviewer_turns_and_header_lines_are_not_counted(coded):
    project, _ = coded
    data = CodingData.from_project(project)
    roles = {p.id: p.role for p in project.passages()}
    coded_ids = {c.passage_id for c in project.codings(codebook_id="cb")}
    kept = set(data.passages.index)
    assert kept == {pid for pid, role in roles.items() if role == "respondent" or pid in coded_ids}
    assert set(data.passages["role"]) == {"interviewer", "respondent", "other"}

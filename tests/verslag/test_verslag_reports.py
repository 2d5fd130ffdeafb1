"""A verslag's passage is never quoted as the respondent's words: 'volgens het gespreksverslag' in every
report and export, with the interview's provenance; counts of verbatim sources vs verslagen."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from analysis.domain import Code, Codebook, Coding, CodingStatus, Norm, Participant, Passage, Source, SourceKind
from analysis.reports import (
    assess_normenkader,
    normenkader_report,
    overview_frame,
    render_report,
    summarize_code,
    summarize_codebook,
    summary_report,
)
from analysis.reports.labels import provenance
from analysis.store import Project

VERBATIM = "Ik heb drie keer gebeld met het wijkteam en niemand nam op, echt waar."
PARAPHRASE = "De teamleider erkent dat het wijkteam telefonisch slecht bereikbaar is."


def _source(name: str, kind: SourceKind, text: str, participant: str, group: str) -> tuple[Source, list[Passage]]:
    src = Source(name=name, text=text, kind=kind, municipality="Adorp", participant=participant, respondent_group=group,
                 checksum=name)
    return src, [Passage(0, len(text), text, 0, heading="1. Toegang" if kind is SourceKind.VERSLAG else None)]


@pytest.fixture
def project(tmp_path: Path):
    p = Project.create(tmp_path / "proj")
    p.save_codebook(Codebook(id="kader", name="Kader", codes=[Code(id="toegang", name="Toegang")],
                             norms=[Norm(id="n1", norm="Het wijkteam is bereikbaar", deelvraag="1", codes=["toegang"])]))
    for name, kind, text, who, group in (
        ("A-01.txt", SourceKind.INTERVIEW, VERBATIM, "A-01", "inwoner"),
        ("verslag.docx", SourceKind.VERSLAG, PARAPHRASE, "A-V1", "manager"),
    ):
        src, passages = _source(name, kind, text, who, group)
        p.add_source(src, passages, participant=Participant(label=who, municipality="Adorp", respondent_group=group))
    for rec in p.passages():
        p.add_coding(Coding(passage_id=rec.id, code_id="toegang", codebook_id="kader", status=CodingStatus.ACCEPTED))
    yield p
    p.close()


def test_provenance_of_a_verslag_says_so() -> None:
    line = provenance(respondent_group="manager", municipality="Adorp", kind="verslag", participant="A-V1",
                      source_name="v.docx", ordinal=2)
    assert line == "— volgens het gespreksverslag, manager, Adorp, gesprek A-V1, alinea 3"
    verbatim = provenance(respondent_group="inwoner", municipality="Adorp", kind="interview", participant="A-01",
                          source_name="x", ordinal=0)
    assert "gespreksverslag" not in verbatim


def test_summary_quotes_and_counts(project: Project) -> None:
    summary = summarize_code(project, "kader", "toegang", n_quotes=5)
    quotes = {q.text: q for q in summary.quotes}
    assert quotes[PARAPHRASE].is_paraphrase and not quotes[VERBATIM].is_paraphrase
    assert quotes[PARAPHRASE].display() == f"Volgens het gespreksverslag: {PARAPHRASE}"
    assert quotes[VERBATIM].display() == f"“{VERBATIM}”"
    assert (summary.n_sources_verbatim, summary.n_sources_verslag) == (1, 1)
    assert summary.source_kinds_sentence() == "1 letterlijke bron en 1 gespreksverslag"
    frame = overview_frame(summarize_codebook(project, "kader"))
    assert frame[["Letterlijke bronnen", "Gespreksverslagen"]].iloc[0].tolist() == [1, 1]


@pytest.mark.parametrize("fmt", ["md", "html", "docx", "xlsx"])
def test_no_export_puts_a_paraphrase_in_quotation_marks(project: Project, fmt: str) -> None:
    report = summary_report([summarize_code(project, "kader", "toegang", n_quotes=5)])
    data = render_report(report, fmt)
    if fmt == "docx":
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    elif fmt == "xlsx":
        import openpyxl

        wb = openpyxl.load_workbook(io.BytesIO(data))
        text = "\n".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None)
    else:
        text = data.decode("utf-8")
    assert f"“{PARAPHRASE}”" not in text and f'"{PARAPHRASE}"' not in text
    assert "volgens het gespreksverslag" in text.lower()
    if fmt != "xlsx":
        assert f"“{VERBATIM}”" in text  # verbatim speech keeps its quotation marks
        assert "1 letterlijke bron en 1 gespreksverslag" in text


def test_normenkader_evidence_from_a_verslag(project: Project) -> None:
    nk = assess_normenkader(project, "kader")
    text = render_report(normenkader_report(nk), "md").decode("utf-8")
    assert f"Volgens het gespreksverslag: {PARAPHRASE}" in text
    assert f"“{PARAPHRASE}”" not in text
    assert "Fragmenten met deze codes: 2 (1 letterlijke bron en 1 gespreksverslag)." in text

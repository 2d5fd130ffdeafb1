"""Done-when of issue 19 point 3: on the demo with its reference coding a DOCX draft comes out with chapters,
norm tables, quotes with speaker roles and the methods appendix."""

from __future__ import annotations

import io
import re

import docx
import pytest

from analysis.demo_reference import REFERENCE_CODER, SECOND_CODER
from analysis.reports.draft import MARKED_TITLE, SUGGESTED_TITLE, build_draft, render_draft
from analysis.store import Project


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from analysis.demo import build_demo

    location = tmp_path_factory.mktemp("demo") / "demo"
    build_demo(location, autocode=False, stories=False, reference_coding=True, log=lambda m: None)
    with Project.open(location) as project:
        yield project


def test_the_demo_draft(demo: Project) -> None:
    cb = demo.get_codebook("deventer")
    first = cb.norms[0]
    demo.judge_norm("deventer", first.id, cb.scale[1].id, "De ambitie staat in het beleidsplan, de doelen zijn niet meetbaar.")
    # the researcher marks one respondent's passage among the first norm's evidence as citeerbaar
    from analysis.reports import CodingData
    from analysis.reports.normenkader import assess_normenkader, norm_codings

    data = CodingData.from_project(demo, codebook_ids=["deventer", "sociaal-domein"])
    nk = assess_normenkader(data, "deventer", n_quotes=0)
    per_norm = [set(norm_codings(data, "deventer", n, via=nk.via_framework)["coding_id"]) for n in cb.norms]
    respondent = set(data.passages[(data.passages["role"] == "respondent") & (data.passages["kind"] == "interview")].index)
    c = data.codings
    # a respondent's coding that is evidence for some norms and not for others
    coding_id = next(int(i) for i, pid in zip(c["coding_id"], c["passage_id"])
                     if pid in respondent and 0 < sum(int(i) in s for s in per_norm) < len(per_norm))
    pid = int(c.loc[c["coding_id"] == coding_id, "passage_id"].iloc[0])
    demo.set_citeerbaar(coding_id)

    doc = docx.Document(io.BytesIO(render_draft(build_draft(demo, "deventer", project_name="demo"), "docx")))
    paragraphs = [p.text for p in doc.paragraphs]
    chapters = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    deelvragen = list(dict.fromkeys(n.deelvraag for n in cb.norms))
    assert chapters == ["Inleiding", *deelvragen, "Bijlage: verantwoording van de methode"]
    norms = [p.text for p in doc.paragraphs if p.style.name == "Heading 2" and p.text.startswith("Norm: ")]
    assert norms == [f"Norm: {n.norm}" for n in cb.norms]
    # a norm table per chapter (and the overview), the judgement on the study's scale in its colour
    tables = [t for t in doc.tables if [c.text for c in t.rows[0].cells][-3:] == ["Norm", "Oordeel", "Bevinding"]]
    assert len(tables) == len(deelvragen) + 1
    assert any(r.cells[-2].text == cb.scale[1].label for r in tables[1].rows[1:])
    assert "Bevinding: De ambitie staat in het beleidsplan, de doelen zijn niet meetbaar." in paragraphs
    # quotes: the marked one first, with its provenance naming the speaker's respondent group; suggestions elsewhere
    at = paragraphs.index(MARKED_TITLE)
    assert doc.paragraphs[at + 1].style.name == "Quote"
    group = data.passages.at[pid, "respondent_group"]
    assert paragraphs[at + 2].startswith(f"— {group}, ")
    assert SUGGESTED_TITLE in paragraphs  # norms without a marked coding get suggestions
    provenance = [t for t in paragraphs if re.match(r"^— .*, alinea \d+$", t)]
    assert provenance and not any(t.startswith("— interviewer") for t in provenance)
    # the methods appendix
    sub = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    for part in ("Bronnen en respondenten", "Codeboek", "Intercoderbetrouwbaarheid", "Verzadiging", "Codeurs", "Audittrail"):
        assert part in sub
    agreement = next(t for t in doc.tables if "Cohens kappa" in [c.text for c in t.rows[0].cells])
    assert agreement.rows[1].cells[0].text == "Alle codes"
    body = "\n".join(paragraphs)
    assert f"Codeurs: {REFERENCE_CODER}, {SECOND_CODER}." in body

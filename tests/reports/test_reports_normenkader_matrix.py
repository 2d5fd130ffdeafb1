"""Normenkader table and code matrices on the tiny project (counts by hand in conftest.py)."""

from __future__ import annotations

import pytest

from analysis.domain import Code, Codebook, Coding
from analysis.reports import CodingData, ReportError, assess_normenkader, code_matrix
from analysis.reports.normenkader import NOT_JUDGED, TABLE_COLUMNS


def test_normenkader_table_with_judgements_and_evidence(tiny):
    tiny.project.judge_norm("kader", "n1", "voldoet-deels", "Het loket is slecht te vinden.", evidence=[tiny.p["p6"]])
    tiny.project.judge_norm("kader", "n3", "voldoet", "Partners werken goed samen.")
    nk = assess_normenkader(tiny.project, "kader")
    frame = nk.to_frame()
    assert tuple(frame.columns) == TABLE_COLUMNS == ("Deelvraag", "Norm", "Oordeel", "Toelichting", "Aantal fragmenten")
    # codebook order; n1 = toegang incl. wachttijden: p1 p2 p6 p9; n2 = wachttijden: p2; n3 = samenwerking: p2 p4 p8
    assert list(frame["Deelvraag"]) == ["1. Toegang", "1. Toegang", "2. Samenwerking"]
    assert list(frame["Aantal fragmenten"]) == [4, 1, 3]
    assert list(frame["Oordeel"]) == ["Voldoet deels", NOT_JUDGED, "Voldoet"]
    assert frame.loc[0, "Toelichting"] == "Het loket is slecht te vinden."
    assert nk.colours() == ["#ffb300", None, "#2e7d32"]
    assert nk.deelvragen() == ["1. Toegang", "2. Samenwerking"]
    # the passage the researcher chose comes first among the quotes
    assert nk.rows[0].chosen_evidence == [tiny.p["p6"]]
    assert nk.rows[0].quotes[0].passage_id == tiny.p["p6"]
    counts = {r["Oordeel"]: r["Aantal normen"] for _, r in nk.judgement_counts().iterrows()}
    assert counts == {"Voldoet": 1, "Voldoet deels": 1, "Voldoet niet": 0, NOT_JUDGED: 1}


def test_normenkader_counting_rules(tiny):
    narrow = assess_normenkader(tiny.project, "kader", include_descendants=False)
    assert [r.n_fragments for r in narrow.rows] == [3, 1, 3]  # toegang alone: p1 p6 p9
    wide = assess_normenkader(tiny.project, "kader", include_suggestions=True)
    assert [r.n_fragments for r in wide.rows] == [5, 1, 3]  # + suggested p3


def test_normenkader_from_data_and_without_norms(tiny):
    data = CodingData.from_project(tiny.project)
    nk = assess_normenkader(data, "kader", judgements={"n2": {"judgement": "voldoet-niet", "rationale": "Te lang."}})
    assert nk.rows[1].judgement_label == "Voldoet niet"
    assert nk.rows[1].colour == "#c62828"
    tiny.project.save_codebook(Codebook("leeg", "Zonder normen", codes=[Code("a", "A")]))
    with pytest.raises(ReportError, match="has no normenkader"):
        assess_normenkader(tiny.project, "leeg")


def test_matrix_by_source_counts_and_binary(tiny):
    m = code_matrix(tiny.project, "kader", by="source")
    assert m.index.name == "Code" and list(m.columns) == ["S1", "S2", "S3", "S4"]
    # stance and non-codable codes are not rows; codes keep codebook order
    assert list(m.index) == ["Toegang en vindbaarheid", "Wachttijden", "Samenwerking", "Werkdruk"]
    assert m.loc["Toegang en vindbaarheid"].tolist() == [1, 0, 1, 1]  # p1 | - | p6 | p9 (twice coded: once)
    assert m.loc["Samenwerking"].tolist() == [1, 1, 0, 1]
    assert m.loc["Werkdruk"].tolist() == [0, 0, 0, 1]  # p5 rejected
    wide = code_matrix(tiny.project, "kader", by="source", include_descendants=True, include_suggestions=True)
    assert wide.loc["Toegang en vindbaarheid"].tolist() == [3, 0, 1, 1]  # p1 p2 (wachttijden) p3 (suggested)
    binary = code_matrix(tiny.project, "kader", by="source", include_descendants=True, include_suggestions=True, binary=True)
    assert binary.loc["Toegang en vindbaarheid"].tolist() == [1, 0, 1, 1]
    assert set(binary.to_numpy().ravel()) <= {0, 1}


def test_matrix_by_participant_and_label_clash(tiny):
    m = code_matrix(tiny.project, "kader", by="participant")
    assert m.columns.name == "Deelnemer"
    assert list(m.columns) == ["A-01", "A-02", "B-01", "S4"]  # the report counts as its own participant
    assert m.loc["Samenwerking"].tolist() == [1, 1, 0, 1]
    # a second participant 'A-01' in another municipality gets the municipality added
    from analysis.domain import Participant, Passage, Source, SourceKind

    text = "Ik wacht al maanden op hulp van het wijkteam."
    sid = tiny.project.add_source(
        Source("S9", text, SourceKind.INTERVIEW, municipality="Bestad"),
        [Passage(0, len(text), text)],
        participant=Participant("A-01", "Bestad", "inwoner"),
    )
    pid = tiny.project.passages(source_id=sid)[0].id
    tiny.project.add_coding(Coding(passage_id=pid, code_id="toegang", codebook_id="kader"))
    m = code_matrix(tiny.project, "kader", by="participant")
    assert list(m.columns) == ["A-01 (Adorp)", "A-02", "A-01 (Bestad)", "B-01", "S4"]
    assert m.loc["Toegang en vindbaarheid", "A-01 (Bestad)"] == 1


def test_matrix_errors(tiny):
    with pytest.raises(ReportError, match="unknown matrix column 'wijk'"):
        code_matrix(tiny.project, "kader", by="wijk")
    with pytest.raises(ReportError, match="no code 'x'"):
        code_matrix(tiny.project, "kader", codes=["x"])


def test_normenkader_of_an_unused_codebook_takes_its_evidence_through_the_crosswalk(tiny):
    """A municipal normenkader whose own codes nobody used (the demo is coded with the framework)
    finds its fragments through the crosswalk, and says so; 0 for every norm had no explanation."""
    from analysis.domain import Norm

    tiny.project.save_codebook(Codebook(
        "gemeente", "Gemeentelijk kader", framework="kader",
        codes=[Code("bereik", "Bereikbaarheid", crosswalk=["toegang"]), Code("partners", "Partners", crosswalk=["samenwerking"])],
        norms=[Norm("g1", "Het loket is bereikbaar.", codes=["bereik"]), Norm("g2", "Partners werken samen.", codes=["partners"])],
    ))
    nk = assess_normenkader(tiny.project, "gemeente")
    assert nk.via_framework == "kader"
    # toegang with its descendant wachttijden: p1 p2 p6 p9; samenwerking: p2 p4 p8 (as the kader's own norms)
    assert [r.n_fragments for r in nk.rows] == [4, 3]
    # once the municipal codebook itself is used, only its own codings count
    tiny.project.add_coding(Coding(tiny.p["p1"], "bereik", "gemeente", coder="tester", status="accepted"))
    own = assess_normenkader(tiny.project, "gemeente")
    assert own.via_framework is None
    assert [r.n_fragments for r in own.rows] == [1, 0]

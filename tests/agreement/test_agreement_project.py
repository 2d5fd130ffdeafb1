"""Agreement, disagreements, consensus and blind coding on a real project (SQLite and PostgreSQL)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from team_builders import CODEBOOK, add_source, code
from typer.testing import CliRunner

from analysis.agreement import (
    CONSENSUS,
    AgreementError,
    agreement,
    assign,
    assignments,
    disagreements,
    resolve,
    visible_codings,
)
from analysis.domain import CodingOrigin, CodingStatus

TEXTS = [f"Passage {i}: de inwoner vertelt over de hulp van het wijkteam." for i in range(1, 7)]


def _setup(project):
    """anna and bram code passages P1..P6 (see the module docstring of the hand computation)."""
    project.save_codebook(CODEBOOK)
    p = add_source(project, TEXTS)
    # anna: P1 T, P2 T W, P3 W, P5 R      bram: P1 T, P2 T, P3 W R, P6 R
    for pid, c in [(0, "toegang"), (1, "toegang"), (1, "wachttijd"), (2, "wachttijd"), (4, "regie")]:
        code(project, p[pid], c, "anna")
    for pid, c in [(0, "toegang"), (1, "toegang"), (2, "wachttijd"), (2, "regie"), (5, "regie")]:
        code(project, p[pid], c, "bram")
    # neither counts: a suggestion of anna on P4, a rejection of bram on P5
    code(project, p[3], "toegang", "anna", status=CodingStatus.SUGGESTED)
    code(project, p[4], "regie", "bram", status=CodingStatus.REJECTED)
    return p


def test_passage_level_figures_match_hand_computation(project):
    _setup(project)
    report = agreement(project, "wmo", ["anna", "bram"])
    # units: passages someone coded with an accepted coding: P1 P2 P3 P5 P6 (P4 only a suggestion)
    assert report.n_units == 5
    by = {r.code_id: r for r in report.per_code}
    assert list(by) == ["toegang", "wachttijd", "regie"]  # 'ongebruikt' nobody used
    # toegang: anna 1 1 0 0 0, bram 1 1 0 0 0 -> all agree
    assert by["toegang"].percent == pytest.approx(1.0) and by["toegang"].kappa == pytest.approx(1.0)
    assert by["toegang"].alpha == pytest.approx(1.0)
    # wachttijd: anna 0 1 1 0 0, bram 0 0 1 0 0 -> p_o = 4/5; p_e = (2/5)(1/5) + (3/5)(4/5) = 14/25
    # kappa = (0.8 - 0.56) / 0.44; alpha: n_1 = 3, n_0 = 7, D_o = 2 -> 1 - 9 * 2 / 42
    w = by["wachttijd"]
    assert w.percent == pytest.approx(0.8)
    assert w.kappa == pytest.approx(0.24 / 0.44)
    assert w.alpha == pytest.approx(1 - 18 / 42)
    assert w.applied == {"anna": 2, "bram": 1}
    # regie: anna 0 0 0 1 0, bram 0 0 1 0 1 -> p_o = 2/5, p_e = 14/25: kappa = (0.4 - 0.56) / 0.44
    # alpha: n_1 = 3, n_0 = 7, D_o = 6 -> 1 - 9 * 6 / 42
    r = by["regie"]
    assert r.percent == pytest.approx(0.4)
    assert r.kappa == pytest.approx(-0.16 / 0.44)
    assert r.alpha == pytest.approx(1 - 54 / 42)
    # pooled over 15 passage x code units: 11 agree; both coders 5 ones of 15:
    # p_e = (1/3)^2 + (2/3)^2 = 5/9; kappa = (11/15 - 5/9) / (4/9) = 0.4
    # alpha: n_1 = 10, n_0 = 20, D_o = 8: 1 - 29 * 8 / 400 = 0.42
    o = report.overall
    assert o.units == 15
    assert o.percent == pytest.approx(11 / 15)
    assert o.kappa == pytest.approx(0.4)
    assert o.alpha == pytest.approx(0.42)


def test_overall_alpha_matches_the_krippendorff_package(project):
    import krippendorff

    _setup(project)
    report = agreement(project, "wmo", ["anna", "bram"])
    anna = [1, 1, 0, 0, 0] + [0, 1, 1, 0, 0] + [0, 0, 0, 1, 0]
    bram = [1, 1, 0, 0, 0] + [0, 0, 1, 0, 0] + [0, 0, 1, 0, 1]
    expected = krippendorff.alpha(reliability_data=np.array([anna, bram]), level_of_measurement="nominal")
    assert report.overall.alpha == pytest.approx(expected)


def test_all_units_adds_the_uncoded_passage(project):
    _setup(project)
    report = agreement(project, "wmo", ["anna", "bram"], units="all")
    assert report.n_units == 6
    by = {r.code_id: r for r in report.per_code}
    # P4 is 0/0 for every code: wachttijd now agrees on 5 of 6 passages
    assert by["wachttijd"].percent == pytest.approx(5 / 6)
    assert report.overall.percent > agreement(project, "wmo", ["anna", "bram"]).overall.percent


def test_default_coders_and_codebook(project):
    _setup(project)
    report = agreement(project)
    assert report.coders == ["anna", "bram"] and report.codebook_id == "wmo"


def test_needs_two_coders(project):
    project.save_codebook(CODEBOOK)
    p = add_source(project, TEXTS)
    code(project, p[0], "toegang", "anna")
    with pytest.raises(AgreementError, match="at least two coders"):
        agreement(project, "wmo")


def test_sentence_level_counts_covered_sentences(project):
    project.save_codebook(CODEBOOK)
    text = "Het wachten duurde lang. De buurtcoach hielp snel. Alles is nu goed geregeld."
    (pid,) = add_source(project, [text])
    s1 = text.index("Het")
    s2 = text.index("De buurtcoach")
    s3 = text.index("Alles")
    # anna marks the first sentence without its full stop (still more than half of it)
    code(project, pid, "toegang", "anna", start=s1, end=s1 + len("Het wachten duurde lang"))
    code(project, pid, "toegang", "bram", start=s1, end=s3 - 1)  # sentences 1 and 2
    code(project, pid, "wachttijd", "bram")  # no span: the whole passage
    report = agreement(project, "wmo", ["anna", "bram"], level="sentence")
    assert report.n_units == 3
    by = {r.code_id: r for r in report.per_code}
    # toegang: anna 1 0 0, bram 1 1 0 -> 2 of 3 sentences agree
    assert by["toegang"].percent == pytest.approx(2 / 3)
    assert by["toegang"].applied == {"anna": 1, "bram": 2}
    # wachttijd: anna 0 0 0, bram 1 1 1 -> no agreement at all
    assert by["wachttijd"].percent == pytest.approx(0.0)
    # passage level sees one passage where both used toegang
    passage = agreement(project, "wmo", ["anna", "bram"])
    assert {r.code_id: r.percent for r in passage.per_code}["toegang"] == pytest.approx(1.0)
    assert s2 > s1


def test_disagreements_and_consensus(project):
    p = _setup(project)
    found = disagreements(project, "wmo", ["anna", "bram"])
    pairs = {(d.passage_id, d.code_id) for d in found}
    assert pairs == {(p[1], "wachttijd"), (p[2], "regie"), (p[4], "regie"), (p[5], "regie")}
    d = next(d for d in found if d.passage_id == p[1])
    assert d.present == ["anna"] and d.absent == ["bram"] and "Passage 2" in d.text and not d.resolved
    cid = resolve(project, p[1], "wachttijd", "present", memo="besproken in teamoverleg")
    decided = project.get_coding(cid)
    assert decided.coder == CONSENSUS and decided.status == CodingStatus.ACCEPTED
    resolve(project, p[2], "regie", False)
    after = {(d.passage_id, d.code_id): d.resolution for d in disagreements(project, "wmo", ["anna", "bram"])}
    assert after[(p[1], "wachttijd")] == "present" and after[(p[2], "regie")] == "absent"
    assert len(disagreements(project, "wmo", ["anna", "bram"], include_resolved=False)) == 2
    # the consensus coder is never a default coder, so figures do not change
    assert agreement(project, "wmo").coders == ["anna", "bram"]
    with pytest.raises(AgreementError, match="unknown decision"):
        resolve(project, p[1], "wachttijd", "misschien")


def test_assignments_define_scope_and_blind_view(project):
    project.save_codebook(CODEBOOK)
    p = add_source(project, TEXTS, "een.txt")
    q = add_source(project, ["Tweede bron, eerste passage.", "Tweede bron, tweede passage."], "twee.txt")
    sources = [s.id for s in project.sources(with_text=False)]
    assert assign(project, "anna", source_ids=[sources[0]]) == 1
    assert assign(project, "bram", passage_ids=p[:3]) == 3
    assert assign(project, "bram", passage_ids=p[:3]) == 0  # nothing new
    assert [a.passage_id for a in assignments(project, "bram")] == p[:3]
    for pid in p:
        code(project, pid, "toegang", "anna")
    code(project, q[0], "toegang", "anna")  # not assigned to anna
    code(project, p[0], "toegang", "bram")
    code(project, p[5], "toegang", "bram")  # outside bram's assignment: does not count
    code(project, p[1], "regie", "rules", status=CodingStatus.SUGGESTED, origin=CodingOrigin.RULE)
    report = agreement(project, "wmo", ["anna", "bram"])
    # only P1..P3 are judged by both; anna applied toegang to all three, bram to P1 only
    assert report.n_units == 3
    assert report.overall.percent == pytest.approx(1 / 3)
    anna_view = visible_codings(project, "anna")
    assert {c.passage_id for c in anna_view} == set(p) and {c.coder for c in anna_view} == {"anna"}
    bram_view = visible_codings(project, "bram")
    assert {(c.passage_id, c.coder) for c in bram_view} == {(p[0], "bram")}
    with_suggestions = visible_codings(project, "bram", include_suggestions=True)
    assert {(c.passage_id, c.coder) for c in with_suggestions} == {(p[0], "bram"), (p[1], "rules")}
    assert visible_codings(project, "carla") == []


def test_assign_checks_ids(project):
    project.save_codebook(CODEBOOK)
    add_source(project, TEXTS)
    from analysis.store import StoreError

    with pytest.raises(StoreError, match="no such passage"):
        assign(project, "anna", passage_ids=[999999])
    with pytest.raises(StoreError, match="no such source"):
        assign(project, "anna", source_ids=[424242])


def test_cli_agreement_json(sqlite_project):
    from analysis.cli.team import app

    _setup(sqlite_project)
    result = CliRunner().invoke(app, ["agreement", "--project", str(sqlite_project.location), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["overall"]["kappa"] == pytest.approx(0.4) and data["coders"] == ["anna", "bram"]
    table = CliRunner().invoke(app, ["agreement", "--project", str(sqlite_project.location), "--level", "sentence"])
    assert table.exit_code == 0 and "Alle codes" in table.stdout
    bad = CliRunner().invoke(app, ["agreement", "--project", str(sqlite_project.location), "--coders", "anna"])
    assert bad.exit_code == 1


def test_cli_assign(sqlite_project):
    from analysis.cli.team import app

    sqlite_project.save_codebook(CODEBOOK)
    p = add_source(sqlite_project, TEXTS)
    loc = str(sqlite_project.location)
    runner = CliRunner()
    sid = str(sqlite_project.sources(with_text=False)[0].id)
    added = runner.invoke(app, ["assign", "anna", "--project", loc, "--source", sid])
    assert added.exit_code == 0 and "1 new" in added.output
    runner.invoke(app, ["assign", "bram", "--project", loc, "--passage", str(p[0]), "--passage", str(p[1])])
    assert [a.passage_id for a in assignments(sqlite_project, "bram")] == p[:2]
    listed = runner.invoke(app, ["assign", "bram", "--project", loc, "--list"])
    assert listed.exit_code == 0 and f"passage {p[0]}" in listed.stdout
    removed = runner.invoke(app, ["assign", "bram", "--project", loc, "--passage", str(p[0]), "--remove"])
    assert removed.exit_code == 0 and [a.passage_id for a in assignments(sqlite_project, "bram")] == [p[1]]
    bad = runner.invoke(app, ["assign", "bram", "--project", loc, "--passage", "999999"])
    assert bad.exit_code == 1 and "no such passage" in bad.output

"""Comparing municipalities coded with different codebooks (see conftest.py for the hand counts)."""

from __future__ import annotations

import math

import pytest
from compare_builders import adorp, kader

from analysis.compare import (
    build_theme_map,
    code_cooccurrence,
    compare_municipalities,
    compare_report,
    cooccurrence,
    distinctive_words,
)
from analysis.domain import Code, Codebook, PassageRecord
from analysis.reports import CodingData, ReportError, render_report


def test_theme_map_through_crosswalks():
    tm = build_theme_map([adorp()], kader(), level="top")
    assert tm.themes == ["toegang", "samenwerking", "werkdruk"]  # the stance axis is no theme
    assert tm.themes_of("adorp", "snel-geholpen") == ("toegang",)  # wachttijden rolled up
    assert tm.themes_of("adorp", "samen-sterk") == ("samenwerking", "werkdruk")
    assert tm.themes_of("adorp", "samen-sterk-kind") == ("samenwerking", "werkdruk")  # inherited
    assert tm.themes_of("adorp", "los") == ()
    assert tm.themes_of("kader", "wachttijden") == ("toegang",)
    assert tm.themes_of("kader", "knelpunt") == ()
    assert any("'bestaat-niet'" in w for w in tm.warnings)
    fine = build_theme_map([adorp()], kader(), level="code")
    assert fine.themes == ["toegang", "wachttijden", "samenwerking", "werkdruk"]
    assert fine.themes_of("adorp", "snel-geholpen") == ("wachttijden",)
    other = Codebook("ander", "Ander", framework="iets-anders", codes=[Code("a", "A", crosswalk=["toegang"])])
    assert build_theme_map([other], kader()).skipped_codebooks == ["ander"]


def test_matrices_normalised_per_participant_and_per_source(two_books):
    c = compare_municipalities(two_books.project, "kader")
    assert c.municipalities == ["Adorp", "Bestad"]
    assert c.totals.loc["Adorp"].tolist() == [4, 2, 2]  # passages, participants, sources
    assert c.totals.loc["Bestad"].tolist() == [5, 3, 4]
    counts = c.matrix("passages", labels=False)
    # p1 is coded toegang by both codebooks and counts once
    assert counts.loc["toegang"].tolist() == [2, 3]
    assert counts.loc["samenwerking"].tolist() == [3, 2]
    assert counts.loc["werkdruk"].tolist() == [2, 1]
    share = c.matrix("participants_share", labels=False)
    assert share.loc["toegang"].tolist() == pytest.approx([1 / 2, 2 / 3])  # A-01 | B-01 + the report
    assert share.loc["samenwerking"].tolist() == pytest.approx([2 / 2, 2 / 3])
    sources = c.matrix("sources_share", labels=False)
    assert sources.loc["samenwerking"].tolist() == pytest.approx([2 / 2, 2 / 4])  # S1 S2 | S4 S6
    per_p = c.matrix("passages_per_participant", labels=False)
    assert per_p.loc["samenwerking"].tolist() == pytest.approx([3 / 2, 2 / 3])
    per_s = c.matrix("passages_per_source", labels=False)
    assert per_s.loc["toegang"].tolist() == pytest.approx([2 / 2, 3 / 4])
    named = c.matrix("participants_share")
    assert list(named.index) == ["Toegang", "Samenwerking", "Werkdruk"] and named.index.name == "Thema"
    with pytest.raises(ReportError, match="unknown measure"):
        c.matrix("per_inwoner")


def test_codebooks_used_and_unmapped(two_books):
    c = compare_municipalities(two_books.project, "kader")
    used = {(r["municipality"], r["codebook_id"]): (r["codings"], r["passages"]) for _, r in c.codebooks_used.iterrows()}
    assert used == {("Adorp", "adorp"): (5, 4), ("Adorp", "kader"): (2, 2), ("Bestad", "kader"): (7, 5)}
    assert c.unmapped[["codebook_id", "code_id", "passages"]].values.tolist() == [["adorp", "los", 1]]
    only_framework = compare_municipalities(two_books.project, "kader", codebooks=["kader"])
    assert only_framework.matrix("passages", labels=False).loc["toegang"].tolist() == [1, 3]


def test_distinctive_themes_by_hand(two_books):
    c = compare_municipalities(two_books.project, "kader")
    dt = c.distinctive_themes().set_index(["municipality", "theme"])
    # passages: Adorp toegang 2, samenwerking 3, werkdruk 2 (n=7); Bestad 3, 2, 1 (n=6); prior = pooled 5, 5, 3 (a0=13)
    # Adorp samenwerking: ln[(3+5)/(7+13-3-5)] - ln[(2+5)/(6+13-2-5)] = ln(8/12) - ln(7/12) = ln(8/7) = 0.133531
    #   var = 1/8 + 1/7 = 0.267857 -> z = 0.133531 / 0.517549 = 0.258007
    row = dt.loc[("Adorp", "samenwerking")]
    assert row["log_odds"] == pytest.approx(math.log(8 / 7))
    assert row["z"] == pytest.approx(0.258007, abs=1e-6)
    # Bestad toegang: ln[(3+5)/(6+13-3-5)] - ln[(2+5)/(7+13-2-5)] = ln(8/11) - ln(7/13) = ln(104/77) = 0.300585
    #   var = 1/8 + 1/7 -> z = 0.300585 / 0.517549 = 0.580786
    row = dt.loc[("Bestad", "toegang")]
    assert row["log_odds"] == pytest.approx(math.log(104 / 77))
    assert row["z"] == pytest.approx(0.580786, abs=1e-6)
    assert row["theme_name"] == "Toegang"
    # two groups: every Adorp z is minus the Bestad z of the same theme
    for theme in ("toegang", "samenwerking", "werkdruk"):
        assert dt.loc[("Adorp", theme), "z"] == pytest.approx(-dt.loc[("Bestad", theme), "z"])


def test_theme_cooccurrence(two_books):
    c = compare_municipalities(two_books.project, "kader")
    co = c.cooccurrence()
    # themes per passage: p1 {t} p2 {s,w} p3 {t,s,w} p4 {s} p5 {t} p6 {t} p7 {s} p8 {w,t} p9 {s}
    assert co.loc["Toegang", "Toegang"] == 5
    assert co.loc["Samenwerking", "Samenwerking"] == 5
    assert co.loc["Werkdruk", "Werkdruk"] == 3
    assert co.loc["Toegang", "Werkdruk"] == co.loc["Werkdruk", "Toegang"] == 2  # p3, p8
    assert co.loc["Samenwerking", "Werkdruk"] == 2  # p2, p3
    assert co.loc["Toegang", "Samenwerking"] == 1  # p3
    jac = c.cooccurrence(measure="jaccard")
    assert jac.loc["Toegang", "Werkdruk"] == pytest.approx(2 / (5 + 3 - 2))
    adorp_only = c.cooccurrence(municipality="Adorp")
    assert adorp_only.loc["Toegang", "Toegang"] == 2 and adorp_only.loc["Toegang", "Werkdruk"] == 1


def test_code_cooccurrence_within_one_codebook(two_books):
    co = code_cooccurrence(two_books.project, "kader")
    assert co.loc["Toegang", "Knelpunt"] == 1  # p5
    assert co.loc["Toegang", "Werkdruk"] == 1  # p8
    assert co.loc["Wachttijden", "Wachttijden"] == 1
    rolled = code_cooccurrence(two_books.project, "kader", codes=["toegang", "werkdruk"], include_descendants=True)
    assert rolled.loc["Toegang", "Toegang"] == 4  # p1 p5 p6 (wachttijden) p8
    generic = cooccurrence({1: ["a", "b"], 2: ["a"], 3: ["b", "c"]}, ["a", "b", "c"])
    assert generic.values.tolist() == [[2, 1, 0], [1, 2, 1], [0, 1, 1]]


def test_quotes_side_by_side_and_heatmap(two_books):
    c = compare_municipalities(two_books.project, "kader")
    side = c.quotes_side_by_side("Toegang", n=2)  # by name or by id
    assert list(side.columns) == ["Adorp", "Bestad"]
    assert all("— inwoner, Adorp, interview A-01" in cell for cell in side["Adorp"])
    assert {cell.split("— ")[1].split(",")[0] for cell in side["Bestad"]} == {"inwoner", "Bestad"}
    per = c.quotes("toegang", n=2)
    for muni, quotes in per.items():
        for q in quotes:
            assert q.municipality == muni
            assert two_books.project.get_source(q.source_id).text[q.start : q.end] == q.text
    with pytest.raises(ReportError, match="no theme 'geld'"):
        c.quotes("geld")
    fig = c.heatmap("participants_share")
    trace = fig.data[0]
    assert trace.type == "heatmap"
    assert list(trace.x) == ["Adorp", "Bestad"] and list(trace.y) == ["Toegang", "Samenwerking", "Werkdruk"]
    assert trace.text[0][0] == "50%"


def test_compare_report_renders(two_books):
    c = compare_municipalities(two_books.project, "kader")
    text = render_report(compare_report(c), "md").decode("utf-8")
    assert "## Thema's per gemeente" in text and "## Onderscheidende thema's" in text
    assert "| Toegang | 50% | 67% |" in text
    assert "## Opmerkingen" in text and "'Los' (adorp) heeft geen crosswalk" in text


def test_compare_errors(two_books):
    with pytest.raises(ReportError, match="no passages of municipality 'Cdorp'"):
        compare_municipalities(two_books.project, "kader", municipalities=["Cdorp"])
    data = CodingData.from_project(two_books.project, codebook_ids=["adorp"])
    with pytest.raises(ReportError, match="framework codebook 'onbekend'"):
        compare_municipalities(data, "onbekend")


def _record(pid: int, muni: str, text: str, speaker: str = "R") -> PassageRecord:
    return PassageRecord(id=pid, source_id=pid, ordinal=0, start=0, end=len(text), text=text, speaker=speaker, source_name=f"s{pid}", municipality=muni)


def test_distinctive_words_by_hand():
    records = [
        _record(1, "Adorp", "wachtlijst wachtlijst loket"),
        _record(2, "Bestad", "loket loket buurthuis"),
        _record(3, "Adorp", "Hoe is het met de wachtlijst en het buurthuis?", speaker="Interviewer"),
        _record(4, "Adorp", "Adorp"),
    ]
    data = CodingData.from_records(records, [], [kader()], include_interviewer=True)
    words = distinctive_words(data, min_count=1, top=None)
    a = words[words["municipality"] == "Adorp"].set_index("term")
    # the interviewer's question and the municipality's own name do not count
    assert "adorp" not in a.index
    # Adorp: wachtlijst 2, loket 1 (n=3); Bestad: loket 2, buurthuis 1 (n=3); prior: 2, 3, 1 (a0=6)
    # wachtlijst: ln[(2+2)/(3+6-2-2)] - ln[(0+2)/(3+6-0-2)] = ln(4/5) - ln(2/7) = ln 2.8 = 1.029619
    #   var = 1/4 + 1/2 = 0.75 -> z = 1.029619 / 0.866025 = 1.188902
    assert a.loc["wachtlijst", "count"] == 2
    assert a.loc["wachtlijst", "log_odds"] == pytest.approx(math.log(2.8))
    assert a.loc["wachtlijst", "z"] == pytest.approx(1.188902, abs=1e-6)
    assert a.index[0] == "wachtlijst"
    # Bestad: buurthuis ln[(1+1)/(3+6-1-1)] - ln[(0+1)/(3+6-0-1)] = ln(16/7) = 0.8267, var 1/2 + 1 -> z 0.675
    #         loket     ln[(2+3)/(3+6-2-3)] - ln[(1+3)/(3+6-1-3)] = ln(25/16) = 0.4463, var 1/5 + 1/4 -> z 0.665
    assert distinctive_words(data, min_count=1, top=1)["term"].tolist() == ["wachtlijst", "buurthuis"]
    assert "wachtlijst" not in distinctive_words(data, min_count=1, exclude=["wachtlijst"])["term"].tolist()

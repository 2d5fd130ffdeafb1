"""Theme summaries on the tiny project of conftest.py (every number below is counted by hand there)."""

from __future__ import annotations

import pytest

from analysis.domain import Coding
from analysis.reports import (
    CodingData,
    ReportError,
    overview_frame,
    summarize_code,
    summarize_codebook,
    summarize_topics,
)
from analysis.reports.labels import STANCE_NONE, UNKNOWN


def _rows(frame, key="group"):
    return {row[key]: row for _, row in frame.iterrows()}


def test_counts_only_accepted_and_each_passage_once(tiny):
    s = summarize_code(tiny.project, "kader", "toegang")
    # toegang + its child wachttijden, accepted: p1, p2 (wachttijden), p6, p9 (coded twice -> once).
    # p3 is only a suggestion.
    assert s.passage_ids == [tiny.p[k] for k in ("p1", "p2", "p6", "p9")]
    assert (s.n_passages, s.n_sources, s.n_participants, s.n_municipalities) == (4, 3, 3, 2)
    # units, B-01 and the report S4 -> 3 of 4 carry toegang
    assert s.participants_total == 4
    assert s.participants_share == pytest.approx(3 / 4)
    assert s.passages_share == pytest.approx(4 / 9)
    assert s.code_ids == ["toegang", "wachttijden"]


def test_include_suggestions_adds_open_suggestions_but_never_rejected(tiny):
    with_suggestions = summarize_code(tiny.project, "kader", "toegang", include_suggestions=True)
    # p3 (suggested) joins; it belongs to A-01, who already counted -> participants stay 3
    assert with_suggestions.n_passages == 5
    assert with_suggestions.n_participants == 3
    # werkdruk on p5 is rejected: it never counts
    for flag in (False, True):
        assert summarize_code(tiny.project, "kader", "werkdruk", include_suggestions=flag).passage_ids == [tiny.p["p8"]]


def test_without_descendants(tiny):
    s = summarize_code(tiny.project, "kader", "toegang", include_descendants=False)
    assert s.passage_ids == [tiny.p[k] for k in ("p1", "p6", "p9")]


def test_breakdowns_with_totals_and_shares(tiny):
    s = summarize_code(tiny.project, "kader", "toegang")
    rg = _rows(s.breakdowns["respondent_group"])
    # inwoner: passages p1 p2 p3 p6 p7 (5), of which p1 p2 p6 carry toegang; participants A-01, B-01: both
    assert (rg["inwoner"]["passages"], rg["inwoner"]["passages_total"]) == (3, 5)
    assert rg["inwoner"]["passages_share"] == pytest.approx(0.6)
    assert (rg["inwoner"]["participants"], rg["inwoner"]["participants_total"]) == (2, 2)
    # medewerker A-02 never raises it: a zero row, not a missing one
    assert (rg["medewerker"]["passages"], rg["medewerker"]["participants_share"]) == (0, 0.0)
    # the report has no respondent group: p9 of p8 p9
    assert (rg[UNKNOWN]["passages"], rg[UNKNOWN]["passages_total"]) == (1, 2)
    assert list(s.breakdowns["respondent_group"]["group"]) == ["inwoner", "medewerker", UNKNOWN]

    kind = _rows(s.breakdowns["kind"])
    assert (kind["interview"]["passages"], kind["interview"]["passages_total"]) == (3, 7)
    assert (kind["interview"]["participants"], kind["interview"]["participants_total"]) == (2, 3)
    assert (kind["rapport"]["sources"], kind["rapport"]["sources_total"]) == (1, 1)

    muni = _rows(s.breakdowns["municipality"])
    assert (muni["Adorp"]["passages"], muni["Adorp"]["passages_total"], muni["Adorp"]["participants_share"]) == (2, 5, 0.5)
    assert (muni["Bestad"]["passages"], muni["Bestad"]["passages_total"], muni["Bestad"]["participants_share"]) == (2, 4, 1.0)


def test_breakdown_by_participant_attribute(tiny):
    s = summarize_code(tiny.project, "kader", "toegang")
    assert "age_group" in s.breakdowns  # found automatically: a categorical participant attribute
    age = _rows(s.breakdowns["age_group"])
    # 70+: A-01 and B-01, passages p1 p2 p3 p6 p7; toegang on p1 p2 p6 -> share of 70-plussers 2/2
    assert (age["70+"]["passages"], age["70+"]["passages_total"]) == (3, 5)
    assert age["70+"]["participants_share"] == pytest.approx(1.0)
    assert (age["30-49"]["participants"], age["30-49"]["participants_total"]) == (0, 1)
    only = summarize_code(tiny.project, "kader", "toegang", attributes=["age_group"])
    assert set(only.breakdowns) == {"respondent_group", "kind", "municipality", "age_group"}
    with pytest.raises(ReportError, match="unknown breakdown 'shoe_size'"):
        summarize_code(tiny.project, "kader", "toegang", attributes=["shoe_size"])


def test_stance_split(tiny):
    s = summarize_code(tiny.project, "kader", "toegang")
    st = _rows(s.stance, key="stance")
    # knelpunt on p1 p2, verbetersuggestie on p6, nothing on p9 (of 4 passages)
    assert (st["Knelpunt"]["passages"], st["Knelpunt"]["share"]) == (2, 0.5)
    assert (st["Verbetersuggestie"]["passages"], st["Verbetersuggestie"]["share"]) == (1, 0.25)
    assert st["Gaat goed"]["passages"] == 0
    assert (st[STANCE_NONE]["passages"], st[STANCE_NONE]["share"]) == (1, 0.25)
    sw = summarize_code(tiny.project, "kader", "samenwerking").stance_counts()
    # samenwerking on p2 (knelpunt), p4 (gaat goed), p8 (none)
    assert sw == {"Gaat goed": 1, "Knelpunt": 1, "Verbetersuggestie": 0}


def test_quotes_have_provenance_and_come_from_different_sources_first(tiny):
    s = summarize_code(tiny.project, "kader", "toegang", n_quotes=3)
    assert len(s.quotes) == 3
    # three quotes, three different sources (S1 has two candidates but gets one slot first)
    assert len({q.source_id for q in s.quotes}) == 3
    for q in s.quotes:
        source = tiny.project.get_source(q.source_id)
        assert source.text[q.start : q.end] == q.text
    by_source = {q.source_name: q for q in s.quotes}
    assert by_source["S3"].provenance == "— inwoner, Bestad, interview B-01, alinea 1"
    assert by_source["S4"].provenance == "— Bestad, rapport S4, alinea 2"
    four = summarize_code(tiny.project, "kader", "toegang", n_quotes=10)
    assert len(four.quotes) == 4  # all candidates, the second of S1 last
    assert four.quotes[-1].source_name == "S1"


def test_large_themes_are_scored_on_an_even_sample(tiny):
    from analysis.reports import representative_quotes

    data = CodingData.from_project(tiny.project)
    ids = [tiny.p[k] for k in ("p1", "p2", "p4", "p6", "p8", "p9")]
    quotes = representative_quotes(data, ids, n=10, max_candidates=2)
    # two candidates, evenly spaced in document order: the first and the last
    assert sorted(q.passage_id for q in quotes) == [tiny.p["p1"], tiny.p["p9"]]
    assert len(representative_quotes(data, ids, n=10, max_candidates=None)) == 6


def test_quote_is_the_coded_part_of_a_passage(tiny):
    p7 = tiny.project.get_passage(tiny.p["p7"])
    part = "Mijn buurvrouw helpt me met boodschappen"
    start = p7.start + p7.text.index(part)
    tiny.project.add_coding(
        Coding(passage_id=p7.id, code_id="samenwerking", codebook_id="kader", start=start, end=start + len(part))
    )
    s = summarize_code(tiny.project, "kader", "samenwerking", n_quotes=10)
    quote = next(q for q in s.quotes if q.passage_id == p7.id)
    assert quote.text == part
    assert (quote.start, quote.end) == (start, start + len(part))


def test_codebook_summaries_sorted_and_overview(tiny):
    summaries = summarize_codebook(tiny.project, "kader")
    # stance codes are not themes; wachttijden (1) and werkdruk (1) keep codebook order after the ties
    assert [s.key for s in summaries] == ["toegang", "samenwerking", "wachttijden", "werkdruk"]
    frame = overview_frame(summaries)
    assert list(frame.columns[:6]) == ["Code", "Fragmenten", "Bronnen", "Deelnemers", "Aandeel deelnemers", "Gemeenten"]
    assert frame.loc[0, "Code"] == "Toegang en vindbaarheid"
    assert frame.loc[0, "Knelpunt"] == 2
    in_order = summarize_codebook(tiny.project, "kader", sort="codebook", include_empty=True)
    assert [s.key for s in in_order] == ["toegang", "wachttijden", "samenwerking", "werkdruk"]


def test_loaded_data_is_reused_and_suggestions_must_be_loaded(tiny):
    data = CodingData.from_project(tiny.project)
    assert summarize_code(data, "kader", "toegang").n_passages == 4
    with pytest.raises(ReportError, match="include_suggestions=True"):
        summarize_code(data, "kader", "toegang", include_suggestions=True)
    with pytest.raises(ReportError, match="codebook 'kader' has no code 'nope'"):
        summarize_code(data, "kader", "nope")
    with pytest.raises(ReportError, match="no codebook 'other'"):
        summarize_code(data, "other", "toegang")


def test_interviewer_turns_stay_out_of_the_totals(tiny):
    from analysis.domain import Passage, Source, SourceKind

    text = "Hoe ging het?\n\nHet ging goed met de hulp."
    passages = [
        Passage(0, 13, "Hoe ging het?", ordinal=0, speaker="I"),
        Passage(15, len(text), text[15:], ordinal=1, speaker="R"),
    ]
    tiny.project.add_source(Source("S5", text, SourceKind.INTERVIEW, municipality="Adorp"), passages)
    assert CodingData.from_project(tiny.project).totals()["passages"] == 10  # 9 + the answer, not the question
    assert CodingData.from_project(tiny.project, include_interviewer=True).totals()["passages"] == 11


def test_kinds_filter_changes_the_denominators(tiny):
    data = CodingData.from_project(tiny.project, kinds=["interview"])
    s = summarize_code(data, "kader", "toegang")
    # without the report S4: p1 p2 p6 of 7 interview passages; units, B-01
    assert (s.n_passages, s.passages_total, s.participants_total) == (3, 7, 3)
    with pytest.raises(ReportError, match="unknown source kind"):
        CodingData.from_project(tiny.project, kinds=["podcast"])


def test_topic_summaries(tiny):
    p = tiny.p
    model_id = tiny.project.save_topic_model(
        "test",
        {"seed": 1},
        [
            {"id": 0, "label": "Wachten op hulp", "keywords": [["wachten", 0.5], ["loket", 0.3]]},
            {"id": 1, "keywords": [["samenwerking", 0.4]]},
        ],
        [(p["p1"], 0, 0.9), (p["p2"], 0, 0.8), (p["p6"], 0, 0.4), (p["p4"], 1, 0.7), (p["p8"], 1, 0.6), (p["p5"], -1, None)],
    )
    topics = summarize_topics(tiny.project, model_id, quote_method="confidence")
    assert [t.key for t in topics] == ["0", "1"]  # the outliers (-1) left out
    t0 = topics[0]
    assert (t0.kind, t0.label, t0.description) == ("topic", "Wachten op hulp", "wachten, loket")
    assert (t0.n_passages, t0.n_participants) == (3, 2)
    assert t0.stance_counts()["Knelpunt"] == 2 and t0.stance_counts()["Verbetersuggestie"] == 1
    assert t0.quotes[0].passage_id == p["p1"]  # highest probability first
    assert topics[1].label.startswith("Thema 1: samenwerking")
    with pytest.raises(ReportError, match="has no topic 7"):
        summarize_topics(tiny.project, model_id, topics=[7])

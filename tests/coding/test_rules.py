from __future__ import annotations

import pytest

from analysis.coding import RuleCoder, analyze_passages
from analysis.domain import CodingOrigin, Passage, PassageRecord


def _passages(source_text: str, pieces: list[str]) -> list[Passage]:
    out = []
    for i, piece in enumerate(pieces):
        start = source_text.index(piece)
        out.append(Passage(start=start, end=start + len(piece), text=piece, ordinal=i, id=100 + i))
    return out


def test_evidence_offsets_round_trip_into_the_source(codebook):
    source_text = (
        "Interview 3\n\nR: Eh, we stonden ruim een jaar op de jeugdzorgwachtlijsten, zeg maar.\n\n"
        "R: Het ﬁnanciële loket was slecht bereikbaar en de telefoon ging maar over.\n\n"
        "R: Ik ben als mantelzorger echt overbelast."
    )
    pieces = [p for p in source_text.split("\n\n")[1:]]
    passages = _passages(source_text, pieces)
    result = RuleCoder(codebook).fit().predict(passages)
    assert len(result) == 3
    seen = 0
    for passage, suggestions in zip(passages, result):
        for s in suggestions:
            assert s.passage_id == passage.id
            assert s.origin is CodingOrigin.RULE
            assert 0.0 < s.confidence <= 1.0
            for e in s.evidence:
                assert source_text[e.start : e.end] == e.text
                assert passage.start <= e.start < e.end <= passage.end
                seen += 1
    assert seen >= 5
    codes = [{s.code_id for s in row} for row in result]
    assert "wachttijden" in codes[0]  # compound 'jeugdzorgwachtlijsten'
    assert "toegang" in codes[1]  # loket, bereikba*, telefoon
    assert "mantelzorg" in codes[2]


def test_phrases_wildcards_and_inflections(codebook):
    coder = RuleCoder(codebook).fit()
    (row,) = coder.predict(["We moesten heel lang wachten op een gesprek."])
    (w,) = [s for s in row if s.code_id == "wachttijden"]
    assert any("lang wachten" in e.reason for e in w.evidence)
    assert [e.text for e in w.evidence] == ["lang wachten"]
    (row,) = coder.predict(["De bereikbaarheid is slecht."])
    assert {s.code_id for s in row} == {"toegang"}
    (row,) = coder.predict(["Er is een personeelstekort en de caseloads groeien."])
    assert {s.code_id for s in row} == {"werkdruk"}


def test_phrase_allows_one_word_in_between(codebook):
    coder = RuleCoder(codebook).fit()
    (row,) = coder.predict(["Je moet lang op hulp wachten."])  # 'lang ... wachten' is two words apart
    assert "wachttijden" not in {s.code_id for s in row}
    (row,) = coder.predict(["Je moet erg lang moeten wachten."])
    assert "wachttijden" in {s.code_id for s in row}


def test_ocr_variants_match():
    from analysis.domain import Code, Codebook

    cb = Codebook(
        id="ocr",
        name="OCR",
        codes=[
            Code(id="eff", name="Efficiëntie", keywords=["efficiënt", "casuïstiek", "ideeën"]),
        ],
    )
    coder = RuleCoder(cb).fit()
    for text in ("Een efficiénte aanpak.", "Bespreking van casuistiek.", "Nieuwe ideeén opgehaald."):
        (row,) = coder.predict([text])
        assert [s.code_id for s in row] == ["eff"], text
        for e in row[0].evidence:
            assert text[e.start : e.end] == e.text


def test_exclude_keywords_veto_only_the_matches_they_overlap(codebook):
    coder = RuleCoder(codebook).fit()
    (row,) = coder.predict(["Er is eigenlijk geen werkdruk."])
    assert "werkdruk" not in {s.code_id for s in row}
    (row,) = coder.predict(["De werkdruk is hoog."])
    assert "werkdruk" in {s.code_id for s in row}
    # Another keyword of the code elsewhere in the passage still counts; the vetoed
    # mention is no evidence.
    text = "Er is geen werkdruk, zegt de manager, maar mijn caseload groeit."
    (row,) = coder.predict([text])
    (sugg,) = [s for s in row if s.code_id == "werkdruk"]
    assert [e.text for e in sugg.evidence] == ["caseload"]


def test_respondent_group_restriction(codebook):
    coder = RuleCoder(codebook).fit()
    text = "Ik ben overbelast als mantelzorger."

    def record(group):
        return PassageRecord(id=1, source_id=1, ordinal=0, start=0, end=len(text), text=text, respondent_group=group)

    assert "mantelzorg" in {s.code_id for s in coder.predict([record("mantelzorger")])[0]}
    assert "mantelzorg" in {s.code_id for s in coder.predict([record(None)])[0]}  # unknown group: allowed
    assert "mantelzorg" not in {s.code_id for s in coder.predict([record("inwoner")])[0]}
    unrestricted = RuleCoder(codebook, use_respondent_groups=False).fit()
    assert "mantelzorg" in {s.code_id for s in unrestricted.predict([record("inwoner")])[0]}


def test_more_distinct_evidence_means_higher_confidence(codebook):
    coder = RuleCoder(codebook).fit()
    one, three = coder.predict(
        ["De werkdruk is hoog.", "De werkdruk is hoog, de caseload groeit en er is personeelstekort."]
    )
    c1 = next(s.confidence for s in one if s.code_id == "werkdruk")
    c3 = next(s.confidence for s in three if s.code_id == "werkdruk")
    assert 0 < c1 < c3 <= 1


def test_non_codable_codes_are_never_suggested(codebook):
    coder = RuleCoder(codebook).fit()
    assert "houding" not in coder.code_ids_
    (row,) = coder.predict(["Dit is een groot probleem."])
    assert [s.code_id for s in row] == ["knelpunt"]


def test_predict_before_fit_and_bad_input(codebook):
    with pytest.raises(RuntimeError, match="not fitted"):
        RuleCoder(codebook).predict(["tekst"])
    with pytest.raises(TypeError, match="cannot code a int"):
        RuleCoder(codebook).fit().predict([42])


def test_analyzed_passages_are_reused(codebook):
    analyzed = analyze_passages(["De werkdruk is hoog."])
    assert analyze_passages(analyzed) is analyzed
    coder = RuleCoder(codebook).fit()
    assert coder.predict(analyzed)[0][0].code_id == "werkdruk"


def test_on_real_report_text_offsets_hold(seeds_dir, codebook):
    text = (seeds_dir / "enschede-rekenkamercommissie-2019.txt").read_text(encoding="utf-8")
    pieces = [p for p in text.split("\n\n") if p.strip()][:400]
    passages = _passages(text, pieces)
    result = RuleCoder(codebook).fit().predict(passages)
    spans = [e for row in result for s in row for e in s.evidence]
    assert spans, "expected some keyword evidence in the Enschede report"
    for e in spans:
        assert text[e.start : e.end] == e.text

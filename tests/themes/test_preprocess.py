from __future__ import annotations

import pytest

from analysis.themes.preprocess import (
    BREAK,
    TextPreparer,
    bigram_analyzer,
    strip_speaker_labels,
    term_display,
    unigram_analyzer,
)


@pytest.fixture(scope="module")
def prep() -> TextPreparer:
    return TextPreparer()


def test_fillers_stop_words_and_numbers_are_dropped(prep: TextPreparer) -> None:
    doc = prep.prepare(["Nou, eh, zeg maar, de wachtlijsten waren in 2024 gewoon echt heel lang."])[0]
    terms = unigram_analyzer(doc)
    assert terms == ["wachtlijst"]
    for word in ("nou", "eh", "zeg", "maar", "gewoon", "echt", "2024", "de"):
        assert word not in terms


@pytest.mark.parametrize(
    "text",
    [
        "I: Hoe was het contact met het wijkteam?",
        "R1: Het wijkteam belde terug.",
        "Interviewer: En het wijkteam?",
        "[00:01:02] Marieke: Het wijkteam kwam langs.",
        "(00:03:10) Respondent 2: Het wijkteam hielp.",
        "ANNEMIEK: Het wijkteam wist het ook niet.",
        "Annemiek (huisarts): Het wijkteam is bereikbaar.",
        "Jan de Vries: het wijkteam.",
    ],
)
def test_speaker_labels_are_not_terms(prep: TextPreparer, text: str) -> None:
    terms = unigram_analyzer(prep.prepare([text])[0])
    assert "wijkteam" in terms
    for label in ("interviewer", "marieke", "respondent", "annemiek", "huisarts", "jan", "vries", "r1", "i"):
        assert label not in terms


def test_label_stripping_keeps_length_and_prose_colons() -> None:
    text = "Let op: dit blijft staan.\nR: Het antwoord."
    stripped = strip_speaker_labels(text)
    assert len(stripped) == len(text)
    assert stripped.startswith("Let op: dit blijft staan.")
    assert "R:" not in stripped


def test_phrases_are_kept_whole_and_shown_as_written() -> None:
    prep = TextPreparer(phrases=["één gezin één plan", "eigen kracht"])
    doc = prep.prepare(["Eén gezin één plan werkt, en we zoeken naar eigen kracht."])[0]
    terms = unigram_analyzer(doc)
    assert "een_gezin_een_plan" in terms and "eigen_kracht" in terms
    assert "gezin" not in terms  # consumed by the phrase
    assert prep.display("een_gezin_een_plan") == "één gezin één plan"
    assert term_display("een_gezin_een_plan eigen_kracht", prep.phrase_terms) == "één gezin één plan eigen kracht"


def test_bigrams_only_join_adjacent_content_words(prep: TextPreparer) -> None:
    doc = prep.prepare(["De sociale basis is sterk. Wachtlijst, jeugdzorg en werkdruk bij de huisarts."])[0]
    grams = bigram_analyzer(doc)
    assert "sociale basis" in grams or "sociale_basis" in grams
    # punctuation and stop words break the chain
    assert "wachtlijst jeugdzorg" not in grams
    assert "werkdruk huisarts" not in grams


def test_documents_end_with_a_break_so_concatenation_never_bridges(prep: TextPreparer) -> None:
    docs = prep.prepare(["Wachtlijst", "jeugdzorg"])
    assert all(d.split()[-1] == BREAK for d in docs)
    assert "wachtlijst jeugdzorg" not in bigram_analyzer(" ".join(docs))


def test_empty_and_stop_word_only_texts_give_an_empty_document(prep: TextPreparer) -> None:
    assert [unigram_analyzer(d) for d in prep.prepare(["", "ja nee eh", "12 34"])] == [[], [], []]


def test_extra_stop_words_and_settings_round_trip() -> None:
    prep = TextPreparer(extra_stop_words=["Lindewaard"], phrases=["eigen regie"])
    assert "lindewaard" not in unigram_analyzer(prep.prepare(["In Lindewaard is de wachtlijst lang."])[0])
    again = TextPreparer(**prep.settings())
    text = ["Eigen regie in Lindewaard, de wachtlijst."]
    assert again.prepare(text) == prep.prepare(text)


def test_names_are_dropped_but_domain_words_and_lowercase_uses_kept(prep: TextPreparer) -> None:
    docs = prep.prepare(
        [
            "Ik belde mevrouw Brinkhof van Voormekaar over de Wmo en de AVG.",
            "We drinken koffie in de Buurtkamer, want de buurtkamer is open.",
        ]
    )
    first, second = (set(unigram_analyzer(d)) for d in docs)
    assert {"mevrouw", "wmo", "avg"} <= first
    assert not {"brinkhof", "voormekaar"} & first
    assert "buurtkamer" in second  # also written in lower case, so a word, not a name
    keep_all = TextPreparer(drop_names=False).prepare(["Ik belde mevrouw Brinkhof gisteren."])[0]
    assert "brinkhof" in unigram_analyzer(keep_all)

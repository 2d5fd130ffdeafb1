from __future__ import annotations

import math

import pytest

from analysis.themes import CooccurrenceIndex, npmi_coherence, topic_diversity

DOCS = [
    "wachtlijst wachttijd |",
    "wachtlijst wachttijd |",
    "werkdruk caseload |",
    "werkdruk caseload |",
    "buurthuis |",
    "buurthuis wachtlijst |",
]


def test_npmi_of_words_that_always_co_occur_is_high_and_never_is_minus_one() -> None:
    index = CooccurrenceIndex(DOCS)
    assert index.topic_npmi(["werkdruk", "caseload"]) == pytest.approx(1.0)
    assert index.topic_npmi(["werkdruk", "buurthuis"]) == -1.0
    # partial co-occurrence lies in between, and matches the formula
    p_a, p_b, p_ab = 3 / 6, 2 / 6, 2 / 6  # wachtlijst in 3 documents, wachttijd in 2, together in 2
    expected = math.log(p_ab / (p_a * p_b)) / -math.log(p_ab)
    assert index.topic_npmi(["wachtlijst", "wachttijd"]) == pytest.approx(expected)


def test_model_npmi_averages_topics_and_skips_unknown_words() -> None:
    good = npmi_coherence([["werkdruk", "caseload"], ["wachtlijst", "wachttijd", "onbekend"]], DOCS)
    bad = npmi_coherence([["werkdruk", "buurthuis"], ["caseload", "wachttijd"]], DOCS)
    assert good > bad == -1.0
    with pytest.raises(ValueError, match="no topic has two words"):
        npmi_coherence([["onbekend", "ook-onbekend"]], DOCS)


def test_bigram_terms_are_counted_per_document() -> None:
    index = CooccurrenceIndex(["sociale basis wijk |", "sociale | basis wijk |"])
    assert index.df[index.index["sociale basis"]] == 1
    assert index.df[index.index["basis wijk"]] == 2


def test_topic_diversity() -> None:
    assert topic_diversity([["a", "b"], ["c", "d"]]) == 1.0
    assert topic_diversity([["a", "b"], ["a", "b"]]) == 0.5
    assert topic_diversity([["a", "b", "c"], ["a", "x", "y"]], top_n=2) == 0.75
    with pytest.raises(ValueError):
        topic_diversity([])

"""Segmentation: turns, long turns, long paragraphs, headings and fragments."""

from __future__ import annotations

import re

import pytest

from analysis.corpus import HARD_MAX, SOFT_MAX, segment, sentence_spans
from analysis.domain import SourceKind

SENTENCES = [
    "Het wijkteam kwam binnen een week langs voor een keukentafelgesprek.",
    "Dhr. Jansen van de gemeente legde uit wat de Wmo o.a. kan betekenen.",
    "De wachttijd voor schuldhulp was lang, d.w.z. zes weken of meer.",
    "Mijn dochter hielp mij bijv. met de formulieren van nr. 12 en 13.",
    "Ik vond het fijn dat mevr. De Boer steeds dezelfde contactpersoon bleef.",
    "Er kwam ca. 3.5 uur huishoudelijke hulp per week.",
]


def check(text: str, passages) -> None:
    assert [p.ordinal for p in passages] == list(range(len(passages)))
    previous_end = 0
    for p in passages:
        assert text[p.start : p.end] == p.text
        assert p.text == p.text.strip() and p.text
        assert p.start >= previous_end
        previous_end = p.end


def paragraph(n_sentences: int, offset: int = 0) -> str:
    return " ".join(SENTENCES[(offset + i) % len(SENTENCES)] for i in range(n_sentences))


def paragraph_between(low: int, high: int) -> str:
    """Whole sentences, ``low < len <= high``."""
    n = 1
    while len(paragraph(n)) <= low:
        n += 1
    text = paragraph(n)
    assert low < len(text) <= high, (low, len(text), high)
    return text


def test_one_passage_per_turn_without_label() -> None:
    text = "I: Hoe gaat het?\nR: Goed.\n\nI:   Fijn.  \n"
    passages = segment(text, kind=SourceKind.INTERVIEW)
    check(text, passages)
    assert [(p.speaker, p.text) for p in passages] == [("I", "Hoe gaat het?"), ("R", "Goed."), ("I", "Fijn.")]


def test_long_turn_is_split_by_paragraph() -> None:
    paragraphs = [paragraph(6, i) for i in range(5)]  # ~390 chars each
    turn = "\n\n".join(paragraphs)
    text = f"I: Vertel eens?\n\nR: {turn}\n\nI: Dank u.\n"
    passages = segment(text, kind=SourceKind.INTERVIEW)
    check(text, passages)
    r = [p for p in passages if p.speaker == "R"]
    assert len(r) >= 2
    assert all(len(p.text) <= SOFT_MAX for p in r)
    # splits fall between paragraphs
    for p in r:
        assert p.text.startswith(tuple(par[:30] for par in paragraphs))
        assert p.text.endswith(tuple(par[-30:] for par in paragraphs))
    assert "\n\n".join(p.text for p in r) == turn


def test_short_turn_with_paragraphs_stays_whole() -> None:
    turn = paragraph(2) + "\n\n" + paragraph(2, 3)
    passages = segment(f"I: Vraag?\nR: {turn}\nI: Ok.", kind=SourceKind.INTERVIEW)
    assert passages[1].text == turn


def test_long_paragraph_is_split_at_sentence_boundaries() -> None:
    long_paragraph = paragraph(40)  # ~2,600 characters, no line breaks
    assert len(long_paragraph) > HARD_MAX
    passages = segment(long_paragraph, kind=SourceKind.REPORT)
    check(long_paragraph, passages)
    assert len(passages) >= 2
    assert all(len(p.text) <= HARD_MAX for p in passages)
    sentence_starts = tuple(s[:25] for s in SENTENCES)
    for p in passages:
        assert p.text.startswith(sentence_starts), p.text[:40]
        assert p.text.endswith(".")
    assert " ".join(p.text for p in passages) == long_paragraph


def test_short_paragraphs_stay_whole_up_to_the_hard_limit() -> None:
    text = paragraph_between(SOFT_MAX, HARD_MAX)
    assert [p.text for p in segment(text, kind=SourceKind.REPORT)] == [text]


def test_sentence_splitter_respects_abbreviations_and_numbers() -> None:
    text = " ".join(SENTENCES) + " In 2018. Het einde! Echt? Ja.\n1. De gemeente biedt maatwerk. 2. Tweede punt."
    pieces = [text[s:e] for s, e in sentence_spans(text)]
    assert pieces == SENTENCES + [
        "In 2018.",
        "Het einde!",
        "Echt?",
        "Ja.",
        "1. De gemeente biedt maatwerk.",
        "2. Tweede punt.",
    ]


def test_headings_merge_with_the_following_paragraph() -> None:
    body = paragraph(4)
    text = f"3. Bevindingen\n\n3.1 Toegang\n\n{body}\n\nGedeeltelijk in praktijk gebracht.\n\n{paragraph(3, 2)}"
    passages = segment(text, kind=SourceKind.REPORT)
    check(text, passages)
    assert passages[0].text == f"3. Bevindingen\n\n3.1 Toegang\n\n{body}"
    # a short closed sentence (34 characters, ends with '.') is not a heading: its own passage
    assert passages[1].text == "Gedeeltelijk in praktijk gebracht."


def test_heading_before_a_too_long_paragraph_stays_separate() -> None:
    body = paragraph(4)
    heading = "Uitgangspunt 4. We werken digitaal"
    text = f"{heading}\n\n{body}"
    limit = len(body) + 10  # the body fits, heading plus body does not
    passages = segment(text, kind=SourceKind.REPORT, soft_max=limit, hard_max=limit)
    assert [p.text for p in passages] == [heading, body]
    merged = segment(text, kind=SourceKind.REPORT, soft_max=len(text), hard_max=len(text))
    assert [p.text for p in merged] == [text]


def test_last_heading_is_kept() -> None:
    passages = segment(paragraph(3) + "\n\nBijlage 1: geraadpleegde bronnen", kind=SourceKind.REPORT)
    assert passages[-1].text == "Bijlage 1: geraadpleegde bronnen"


def test_punctuation_only_pieces_are_skipped() -> None:
    passages = segment("-\n\n* * *\n\n...", kind=SourceKind.REPORT)
    assert passages == []
    passages = segment("I: ...\nR: Ja.\nI: ?\nR: Nee.", kind=SourceKind.INTERVIEW)
    assert [(p.speaker, p.text) for p in passages] == [("R", "Ja."), ("R", "Nee.")]
    assert [p.ordinal for p in passages] == [0, 1]


def test_empty_text() -> None:
    assert segment("", kind=SourceKind.INTERVIEW) == []
    assert segment("   \n\n ", kind=None) == []


def test_block_of_lines_without_blank_lines_is_packed() -> None:
    lines = [paragraph(3, i) for i in range(12)]  # one paragraph per line, no blank lines
    text = "\n".join(lines)
    passages = segment(text, kind=SourceKind.REPORT)
    check(text, passages)
    assert len(passages) > 1
    assert all(len(p.text) <= SOFT_MAX for p in passages)
    assert "\n".join(p.text for p in passages) == text


def test_crlf_text_round_trips() -> None:
    text = "I: Vraag?\r\n\r\nR: Antwoord een.\r\nNog een regel.\r\n\r\nI: Dank.\r\n"
    passages = segment(text, kind=SourceKind.INTERVIEW)
    check(text, passages)
    assert passages[1].text == "Antwoord een.\r\nNog een regel."


def test_invalid_limits() -> None:
    with pytest.raises(ValueError, match="soft_max"):
        segment("x", kind=None, soft_max=100, hard_max=50)


def test_unknown_kind_string() -> None:
    with pytest.raises(ValueError, match="unknown source kind"):
        segment("x", kind="podcast")


def test_no_passage_ends_mid_word() -> None:
    text = "\n\n".join(paragraph(30, i) for i in range(3))
    for p in segment(text, kind=SourceKind.REPORT):
        assert re.search(r"[.!?]$", p.text)

from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from analysis.domain import Coding, CodingStatus, EvidenceSpan, PassageRecord
from analysis.review import Mark, local_spans, segments, sentence_spans, simple_sentences


def test_simple_sentences_split_and_trim():
    text = "  Eerste zin. Tweede zin?  Derde, met bijv. een afkorting! Vierde"
    spans = simple_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "Eerste zin.",
        "Tweede zin?",
        "Derde, met bijv. een afkorting!",
        "Vierde",
    ]


def test_sentence_spans_are_ordered_trimmed_and_cover_the_words():
    text = "Ik stond op de wachtlijst. Daarna ging het snel!\nDe consulent belde terug."
    spans = sentence_spans(text)
    assert len(spans) == 3
    assert all(text[s:e] == text[s:e].strip() and e > s for s, e in spans)
    assert all(a[1] <= b[0] for a, b in pairwise(spans))
    assert " ".join(text[s:e] for s, e in spans).split() == text.split()


@given(st.text(alphabet="abc .!?\nXYZé", max_size=80))
def test_simple_sentences_property(text):
    spans = simple_sentences(text)
    assert all(0 <= s < e <= len(text) for s, e in spans)
    assert all(a[1] <= b[0] for a, b in pairwise(spans))
    assert "".join(text[s:e] for s, e in spans).replace(" ", "").replace("\n", "") == text.replace(" ", "").replace("\n", "")


@given(
    st.text(max_size=40),
    st.lists(st.tuples(st.integers(-5, 45), st.integers(-5, 45), st.sampled_from("abc")), max_size=6),
)
def test_segments_concatenate_to_the_text_and_carry_the_covering_marks(text, raw):
    marks = [Mark(min(a, b), max(a, b), code) for a, b, code in raw]
    segs = segments(text, marks)
    assert "".join(s.text for s in segs) == text
    for s in segs:
        assert text[s.start : s.end] == s.text
        for m in marks:
            covers = m.start <= s.start and m.end >= s.end and m.end > m.start
            assert (m in s.marks) == (covers and min(m.end, len(text)) > max(m.start, 0))


def test_segments_merge_overlaps_into_runs():
    segs = segments("abcdefgh", [Mark(1, 4, "x"), Mark(3, 6, "y")])
    assert [(s.text, [m.code_id for m in s.marks]) for s in segs] == [
        ("a", []),
        ("bc", ["x"]),
        ("d", ["x", "y"]),
        ("ef", ["y"]),
        ("gh", []),
    ]


def test_local_spans_turn_source_offsets_into_passage_offsets():
    source = "I: Vraag?\n\nR: De wachttijd was lang."
    start = source.index("De")
    p = PassageRecord(id=1, source_id=1, ordinal=1, start=start, end=len(source), text=source[start:])
    i = source.index("wachttijd")
    sugg = Coding(1, "wachttijden", "cb", status=CodingStatus.SUGGESTED,
                  evidence=[EvidenceSpan(i, i + 9, "wachttijd"), EvidenceSpan(0, 1, "I")])
    part = Coding(1, "toegang", "cb", status=CodingStatus.ACCEPTED, start=start, end=start + 2)
    rejected = Coding(1, "x", "cb", status=CodingStatus.REJECTED, evidence=[EvidenceSpan(i, i + 9, "wachttijd")])
    j = source.index("lang")
    accepted = Coding(1, "duur", "cb", status=CodingStatus.ACCEPTED, evidence=[EvidenceSpan(j, j + 4, "lang")])
    marks = local_spans(p, [sugg, part, rejected, accepted])
    assert [(p.text[m.start : m.end], m.code_id, m.kind) for m in marks] == [
        ("wachttijd", "wachttijden", "evidence"),
        ("De", "toegang", "coding"),
        ("lang", "duur", "evidence"),
    ]
    quiet = local_spans(p, [sugg, part, rejected, accepted], with_suggestions=False)
    assert [m.code_id for m in quiet] == ["toegang", "duur"]

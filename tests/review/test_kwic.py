from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.corpus.kwic import compile_query, find_spans, kwic
from analysis.domain import Passage, Source
from analysis.store import Project


@pytest.fixture
def kwic_project(tmp_path):
    p = Project.create(tmp_path / "kwic")
    texts = {
        "a.txt": "I: Had u ideeën?\n\nR: Ja, IDEEËN genoeg. Maar het ideeén-OCR en ideeen zonder trema ook.",
        "b.txt": "R: De ﬁnanciële zorgen, de Financiële  \n zorgen en de wachtlijsten voor jeugdzorg.",
    }
    for name, text in texts.items():
        turns = [t for t in text.split("\n\n")]
        passages, pos = [], 0
        for i, t in enumerate(turns):
            body_start = pos + 3
            passages.append(Passage(body_start, pos + len(t), t[3:], i, t[0]))
            pos += len(t) + 2
        p.add_source(Source(name=name, text=text, municipality="Lindewaard" if name == "a.txt" else "Heemsteden"), passages)
    yield p
    p.close()


def test_kwic_is_case_and_diacritic_insensitive_with_source_offsets(kwic_project):
    hits = kwic(kwic_project, "ideeën")
    assert [h.match for h in hits] == ["ideeën", "IDEEËN", "ideeén", "ideeen"]
    for h in hits:
        text = kwic_project.get_source(h.source_id).text
        assert text[h.start : h.end] == h.match
        # context = the window around the hit with whitespace runs shown as one space
        assert h.left == re.sub(r"\s+", " ", text[max(0, h.start - 60) : h.start])
        assert h.right == re.sub(r"\s+", " ", text[h.end : h.end + 60])
    assert hits[0].speaker == "I" and hits[1].speaker == "R"
    assert hits[1].passage_id != hits[0].passage_id


def test_kwic_matches_ligatures_phrases_across_whitespace_and_wildcards(kwic_project):
    hits = kwic(kwic_project, "financiele zorgen")
    assert [h.match for h in hits] == ["ﬁnanciële zorgen", "Financiële  \n zorgen"]
    assert all(kwic_project.get_source(h.source_id).text[h.start : h.end] == h.match for h in hits)
    assert [h.match for h in kwic(kwic_project, "wachtlijst*")] == ["wachtlijsten"]
    assert kwic(kwic_project, "wachtlijst", whole_word=True) == []


def test_kwic_context_window_limit_and_filters(kwic_project):
    hits = kwic(kwic_project, "zorg", window=5)
    assert len(hits) == 3  # zorgen, zorgen, jeugdzorg
    assert all(len(h.left) <= 5 and len(h.right) <= 5 for h in hits)
    assert len(kwic(kwic_project, "zorg", limit=2)) == 2
    assert kwic(kwic_project, "zorg", municipality="Lindewaard") == []
    only_b = kwic(kwic_project, "zorg", source_id=hits[0].source_id)
    assert len(only_b) == 3 and {h.source_id for h in only_b} == {hits[0].source_id}
    assert kwic(kwic_project, "ideeen", source_id=hits[0].source_id) == []


def test_kwic_rejects_empty_queries_and_bad_arguments(kwic_project):
    with pytest.raises(ValueError, match="no letters or digits"):
        kwic(kwic_project, "  * ")
    with pytest.raises(ValueError, match="limit must be positive"):
        kwic(kwic_project, "zorg", limit=0)


def test_find_spans_keeps_offsets_when_folding_changes_length():
    text = "Eﬀectieve hulp\u00ad verlening: eﬀectief!"
    spans = list(find_spans(text, compile_query("effectie*")))
    assert [text[s:e] for s, e in spans] == ["Eﬀectieve", "eﬀectief"]


@given(
    st.text(alphabet="abcAB éëÉ\u00ad\u0301ﬁﬀßİæ\n-", max_size=40),
    st.integers(0, 40),
    st.integers(0, 40),
)
def test_folded_spans_map_back_to_text_that_folds_the_same(text, a, b):
    from analysis.corpus.kwic import FoldedText
    from analysis.nlp import fold

    folded = FoldedText(text)
    assert folded.text == "".join(fold(c) for c in text)
    a, b = sorted((min(a, len(text)), min(b, len(text))))
    fs = len("".join(fold(c) for c in text[:a]))
    fe = len("".join(fold(c) for c in text[:b]))
    if fe > fs:
        os_, oe = folded.to_original(fs, fe)
        assert 0 <= os_ < oe <= len(text)
        assert "".join(fold(c) for c in text[os_:oe]) == folded.text[fs:fe]

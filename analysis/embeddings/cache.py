"""The embedding cache: one vector per (encoder model id, SHA-256 of the text), stored in the project.

* **Hit**: a passage whose text was embedded before by the same model is never embedded again (identical
  texts share one vector).
* **Invalidation**: a changed text has a new hash, so it is embedded anew; :meth:`EmbeddingCache.prune`
  removes vectors no passage uses any more.
* **Resume**: :func:`embed_project` writes every batch in its own transaction, so a run that is killed keeps
  what it finished and the next run only embeds the rest.

The same table lives in a project's database (``EmbeddingCache.for_project``) or in a standalone SQLite file
(``EmbeddingCache.file``), which ``duiding evaluate`` uses for gold texts that are not in a project.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import Engine, delete, func, select

from analysis import settings
from analysis.store.orm import TextEmbeddingRow, utcnow

from .encoders import Encoder

__all__ = [
    "CachedEncoder",
    "EmbedReport",
    "EmbeddingCache",
    "EmbeddingJob",
    "default_cache_file",
    "embed_project",
    "project_embeddings",
    "text_hash",
]

_TABLE = TextEmbeddingRow.__table__
_CHUNK = 500  # keys per IN (...) query


#: How vectors are stored: little-endian half precision (read back as float32).
_STORED = "<f2"


def _as_stored(vectors: Any) -> np.ndarray:
    """``vectors`` rounded as the cache stores them, as float32: what a later lookup reads back."""
    return np.asarray(vectors, dtype=_STORED).astype(np.float32)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def default_cache_file() -> Path:
    """``$DUIDING_EMBEDDING_CACHE``, else ``$XDG_CACHE_HOME/duiding/embeddings.sqlite`` (for gold texts)."""
    return settings.embedding_cache()


class EmbeddingCache:
    """Vectors by (model id, text hash) in the ``text_embeddings`` table of ``engine``."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def for_project(cls, project: Any) -> EmbeddingCache:
        return cls(project.engine)

    @classmethod
    def file(cls, path: str | os.PathLike[str] | None = None) -> EmbeddingCache:
        from analysis.store.engine import make_engine

        target = Path(path) if path is not None else default_cache_file()
        target.parent.mkdir(parents=True, exist_ok=True)
        engine = make_engine(f"sqlite:///{target.resolve()}")
        _TABLE.create(engine, checkfirst=True)
        return cls(engine)

    def get(self, model_id: str, hashes: Iterable[str]) -> dict[str, np.ndarray]:
        keys = list(dict.fromkeys(hashes))
        out: dict[str, np.ndarray] = {}
        with self.engine.connect() as conn:
            for k in range(0, len(keys), _CHUNK):
                stmt = select(_TABLE.c.text_hash, _TABLE.c.vector).where(
                    _TABLE.c.model_id == model_id, _TABLE.c.text_hash.in_(keys[k : k + _CHUNK])
                )
                for h, blob in conn.execute(stmt):
                    out[h] = np.frombuffer(blob, dtype=_STORED).astype(np.float32)
        return out

    def missing(self, model_id: str, hashes: Iterable[str]) -> list[str]:
        keys = list(dict.fromkeys(hashes))
        have: set[str] = set()
        with self.engine.connect() as conn:
            for k in range(0, len(keys), _CHUNK):
                stmt = select(_TABLE.c.text_hash).where(
                    _TABLE.c.model_id == model_id, _TABLE.c.text_hash.in_(keys[k : k + _CHUNK])
                )
                have.update(conn.execute(stmt).scalars())
        return [h for h in keys if h not in have]

    def put(self, model_id: str, hashes: Sequence[str], vectors: np.ndarray) -> None:
        """Store vectors (one transaction; a hash already stored is left as it is)."""
        if len(hashes) != len(vectors):
            raise ValueError(f"got {len(hashes)} hashes but {len(vectors)} vectors")
        if not len(hashes):
            return
        dialect = self.engine.dialect.name
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        stamp = utcnow()
        rows = [
            {
                "model_id": model_id,
                "text_hash": h,
                "dim": int(v.shape[0]),
                "vector": np.asarray(v, dtype=_STORED).tobytes(),
                "created_at": stamp,
            }
            for h, v in zip(hashes, vectors)
        ]
        with self.engine.begin() as conn:
            conn.execute(insert(_TABLE).on_conflict_do_nothing(), rows)

    def count(self, model_id: str | None = None) -> int:
        stmt = select(func.count()).select_from(_TABLE)
        if model_id is not None:
            stmt = stmt.where(_TABLE.c.model_id == model_id)
        with self.engine.connect() as conn:
            return int(conn.execute(stmt).scalar_one())

    def prune(self, model_id: str, keep: Iterable[str]) -> int:
        """Delete this model's vectors whose hash is not in ``keep`` (texts that changed or went away)."""
        keep_set = set(keep)
        with self.engine.connect() as conn:
            stored = list(conn.execute(select(_TABLE.c.text_hash).where(_TABLE.c.model_id == model_id)).scalars())
        gone = [h for h in stored if h not in keep_set]
        with self.engine.begin() as conn:
            for k in range(0, len(gone), _CHUNK):
                conn.execute(
                    delete(_TABLE).where(_TABLE.c.model_id == model_id, _TABLE.c.text_hash.in_(gone[k : k + _CHUNK]))
                )
        return len(gone)


class CachedEncoder:
    """An encoder in front of a cache: ``embed(texts)`` embeds only texts the cache does not hold."""

    def __init__(self, encoder: Encoder, cache: EmbeddingCache, *, batch_size: int = 32) -> None:
        self.encoder = encoder
        self.cache = cache
        self.batch_size = batch_size
        self.model_id = encoder.model_id
        self.computed = 0  # texts embedded by this object (not found in the cache)

    def fill(
        self,
        texts: Sequence[str],
        *,
        progress: Callable[[int, int], None] | None = None,
        stop: threading.Event | None = None,
    ) -> int:
        """Embed and store the texts the cache lacks, a batch per transaction; returns how many were embedded."""
        by_hash: dict[str, str] = {}
        for t in texts:
            by_hash.setdefault(text_hash(t), t)
        # shortest texts first: a batch then holds texts of similar length (less padding in the encoder);
        # vectors are stored by hash, so the order changes nothing else
        todo = sorted(self.cache.missing(self.model_id, by_hash), key=lambda h: len(by_hash[h]))
        total, done = len(todo), 0
        if progress is not None:
            progress(0, total)
        for k in range(0, total, self.batch_size):
            if stop is not None and stop.is_set():
                break
            keys = todo[k : k + self.batch_size]
            vectors = self.encoder.encode([by_hash[h] for h in keys])
            self.cache.put(self.model_id, keys, vectors)
            done += len(keys)
            self.computed += len(keys)
            if progress is not None:
                progress(done, total)
        return done

    def embed(self, texts: Sequence[str], **kwargs: Any) -> np.ndarray:
        """Vectors for ``texts`` in order (cached ones read back, the rest embedded and stored)."""
        self.fill(texts, **kwargs)
        return self.lookup(texts)

    def lookup(self, texts: Sequence[str]) -> np.ndarray:
        """Cached vectors for ``texts``; raises ``KeyError`` when one is missing."""
        hashes = [text_hash(t) for t in texts]
        found = self.cache.get(self.model_id, hashes)
        missing = [h for h in hashes if h not in found]
        if missing:
            raise KeyError(f"{len(missing)} of {len(texts)} texts have no cached embedding for {self.model_id}")
        if not hashes:
            return np.zeros((0, self.encoder.dim), dtype=np.float32)
        return np.vstack([found[h] for h in hashes])

    def query(self, texts: Sequence[str]) -> np.ndarray:
        """Query-side vectors (code descriptions, search terms), cached under ``<model id>|query``."""
        texts = list(texts)
        key = f"{self.model_id}|query"
        hashes = [text_hash(t) for t in texts]
        found = self.cache.get(key, hashes)
        todo = list(dict.fromkeys(t for t, h in zip(texts, hashes) if h not in found))
        if todo:
            vectors = self.encoder.encode(todo, query=True)
            self.cache.put(key, [text_hash(t) for t in todo], vectors)
            # as stored (half precision): a first call returns what every later call reads back from the cache
            found.update(zip((text_hash(t) for t in todo), _as_stored(vectors)))
        if not texts:
            return np.zeros((0, self.encoder.dim), dtype=np.float32)
        return np.vstack([found[h] for h in hashes])


@dataclass(slots=True)
class EmbedReport:
    model_id: str
    passages: int = 0
    texts: int = 0  # distinct texts
    computed: int = 0
    cached: int = 0
    seconds: float = 0.0
    finished: bool = True

    def summary(self) -> str:
        state = "klaar" if self.finished else "onderbroken"
        return (
            f"{self.passages} passages, {self.texts} verschillende teksten: {self.computed} nieuw berekend, "
            f"{self.cached} uit de cache ({self.model_id}, {state}, {self.seconds:.1f} s)"
        )


def embed_project(
    project: Any,
    encoder: Encoder,
    *,
    batch_size: int = 32,
    progress: Callable[[int, int], None] | None = None,
    stop: threading.Event | None = None,
) -> EmbedReport:
    """Embed every passage of ``project`` whose text the cache lacks (incremental and resumable)."""
    t0 = time.perf_counter()
    report = EmbedReport(model_id=encoder.model_id)
    texts: list[str] = []
    for batch in project.iter_passages(batch_size=5000):
        texts.extend(p.text for p in batch)
    report.passages = len(texts)
    distinct = list(dict.fromkeys(texts))
    report.texts = len(distinct)
    cached = CachedEncoder(encoder, EmbeddingCache.for_project(project), batch_size=batch_size)
    todo = len(cached.cache.missing(encoder.model_id, (text_hash(t) for t in distinct)))
    report.cached = report.texts - todo
    report.computed = cached.fill(distinct, progress=progress, stop=stop)
    report.finished = report.computed == todo
    report.seconds = time.perf_counter() - t0
    return report


def project_embeddings(project: Any, model_id: str, texts: Sequence[str]) -> np.ndarray | None:
    """Cached vectors of ``texts`` in the project, or None when any is missing (then: lexical method)."""
    hashes = [text_hash(t) for t in texts]
    found = EmbeddingCache.for_project(project).get(model_id, hashes)
    if len(found) < len(set(hashes)):
        return None
    if not hashes:
        return None
    return np.vstack([found[h] for h in hashes])


class EmbeddingJob:
    """:func:`embed_project` in a background thread, with progress (``done``, ``total``) and ``cancel()``.

    A cancelled or killed job resumes where it stopped the next time it runs: finished batches are stored.
    """

    def __init__(self, project: Any, encoder: Encoder, *, batch_size: int = 32) -> None:
        self.project = project
        self.encoder = encoder
        self.batch_size = batch_size
        self.done = 0
        self.total = 0
        self.report: EmbedReport | None = None
        self.error: BaseException | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="duiding-embed", daemon=True)

    def _progress(self, done: int, total: int) -> None:
        self.done, self.total = done, total

    def _run(self) -> None:
        try:
            self.report = embed_project(
                self.project, self.encoder, batch_size=self.batch_size, progress=self._progress, stop=self._stop
            )
        except Exception as err:  # noqa: BLE001 - reported to the caller through .error
            self.error = err

    def start(self) -> EmbeddingJob:
        self._thread.start()
        return self

    def cancel(self) -> None:
        self._stop.set()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def wait(self, timeout: float | None = None) -> EmbedReport | None:
        self._thread.join(timeout)
        if self.error is not None:
            raise self.error
        return self.report

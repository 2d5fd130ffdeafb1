"""Search by meaning over a project's cached passage embeddings.

* :func:`like_these` ("meer zoals deze"): passages nearest to the centroid of some passages (one passage,
  or a code's accepted passages).
* :func:`semantic_search`: passages nearest to a free-text query (beside keyword-in-context).

Only passages with a cached vector take part; embed the project first (:func:`embed_project`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .cache import EmbeddingCache, text_hash
from .encoders import Encoder

__all__ = ["like_these", "semantic_search"]


def _passage_matrix(project: Any, model_id: str, **filters: Any) -> tuple[list[int], np.ndarray]:
    cache = EmbeddingCache.for_project(project)
    ids: list[int] = []
    rows: list[np.ndarray] = []
    for batch in project.iter_passages(batch_size=5000, **filters):
        found = cache.get(model_id, (text_hash(p.text) for p in batch))
        for p in batch:
            v = found.get(text_hash(p.text))
            if v is not None:
                ids.append(p.id)
                rows.append(v)
    if not rows:
        return [], np.zeros((0, 0), dtype=np.float32)
    return ids, np.vstack(rows)


def _top(ids: list[int], scores: np.ndarray, limit: int, exclude: set[int]) -> list[tuple[int, float]]:
    order = np.argsort(-scores, kind="stable")
    out: list[tuple[int, float]] = []
    for k in order:
        if ids[k] in exclude:
            continue
        out.append((ids[k], round(float(scores[k]), 4)))
        if len(out) >= limit:
            break
    return out


def like_these(
    project: Any, model_id: str, passage_ids: Sequence[int], *, limit: int = 10, **filters: Any
) -> list[tuple[int, float]]:
    """``(passage id, cosine)`` of the passages most like the given ones (those themselves left out)."""
    ids, M = _passage_matrix(project, model_id, **filters)
    if not ids:
        return []
    where = {pid: k for k, pid in enumerate(ids)}
    anchor_rows = [where[p] for p in passage_ids if p in where]
    if not anchor_rows:
        # Anchors outside the filter: read their vectors directly.
        anchors = project.passages(ids=list(passage_ids))
        found = EmbeddingCache.for_project(project).get(model_id, (text_hash(p.text) for p in anchors))
        vecs = [found[text_hash(p.text)] for p in anchors if text_hash(p.text) in found]
        if not vecs:
            return []
        centroid = np.mean(vecs, axis=0)
    else:
        centroid = M[anchor_rows].mean(axis=0)
    centroid /= np.linalg.norm(centroid) or 1.0
    return _top(ids, M @ centroid, limit, set(passage_ids))


def semantic_search(
    project: Any, encoder: Encoder, query: str, *, limit: int = 20, **filters: Any
) -> list[tuple[int, float]]:
    """``(passage id, cosine)`` of the passages nearest in meaning to ``query``."""
    ids, M = _passage_matrix(project, encoder.model_id, **filters)
    if not ids or not query.strip():
        return []
    q = encoder.encode([query], query=True)[0]
    return _top(ids, M @ q, limit, set())

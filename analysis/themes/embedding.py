"""Passage embeddings: the offline LSA default and optional local sentence-transformers.

:class:`LsaEmbedder` is a scikit-learn estimator (``fit``/``transform``) over
prepared lemma documents: sublinear TF-IDF of unigrams → TruncatedSVD →
L2 normalisation (latent semantic analysis). It needs no model download, is
deterministic under ``random_state`` and is saved as plain arrays (no pickle).
BERTopic takes it through its scikit-learn backend.

A sentence-transformers model is only used when configured with a local folder
(or a name already in the local cache); loading never goes to the network.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import CountVectorizer

from .. import settings
from ..errors import display_name
from .config import ThemeError
from .preprocess import unigram_analyzer

__all__ = ["LsaEmbedder", "SentenceEmbedder", "load_sentence_model"]


class LsaEmbedder(TransformerMixin, BaseEstimator):
    """TF-IDF (lemma unigrams) → TruncatedSVD → L2-normalised dense vectors.

    Parameters follow scikit-learn conventions; ``n_components`` is capped at
    ``min(n_terms, n_documents) - 1`` for small corpora.
    """

    def __init__(
        self,
        n_components: int = 100,
        min_df: int = 2,
        max_df: float = 0.5,
        sublinear_tf: bool = True,
        random_state: int | None = 42,
    ) -> None:
        self.n_components = n_components
        self.min_df = min_df
        self.max_df = max_df
        self.sublinear_tf = sublinear_tf
        self.random_state = random_state

    # -- fitting ----------------------------------------------------------------------------
    def _counter(self, vocabulary: dict[str, int] | None = None) -> CountVectorizer:
        if vocabulary is not None:
            return CountVectorizer(analyzer=unigram_analyzer, vocabulary=vocabulary, dtype=np.float32)
        return CountVectorizer(analyzer=unigram_analyzer, min_df=self.min_df, max_df=self.max_df, dtype=np.float32)

    def fit(self, documents: Sequence[str], y: Any = None) -> LsaEmbedder:
        self._fit(documents)
        return self

    def fit_transform(self, documents: Sequence[str], y: Any = None, **_: Any) -> np.ndarray:
        tfidf = self._fit(documents)
        return self._project(tfidf)

    def _fit(self, documents: Sequence[str]) -> sparse.csr_matrix:
        n_docs = len(documents)
        if n_docs < 3:
            raise ValueError(f"the LSA embedder needs at least 3 passages, got {n_docs}")
        counter = self._counter()
        min_df = self.min_df
        try:
            counts = counter.fit_transform(documents)
        except ValueError:
            # tiny corpora: every term occurs once, or max_df prunes everything
            min_df = 1
            counter = CountVectorizer(analyzer=unigram_analyzer, min_df=1, dtype=np.float32)
            try:
                counts = counter.fit_transform(documents)
            except ValueError as err:
                raise ThemeError("themes.nothing_to_embed") from err
        terms = counter.get_feature_names_out()
        df = np.bincount(counts.indices, minlength=counts.shape[1]).astype(np.float64)
        self.vocabulary_ = {str(t): i for i, t in enumerate(terms)}
        self.idf_ = (np.log((1.0 + n_docs) / (1.0 + df)) + 1.0).astype(np.float32)
        self.min_df_used_ = min_df
        tfidf = self._weigh(counts)
        k = max(1, min(self.n_components, tfidf.shape[1] - 1, n_docs - 1))
        svd = TruncatedSVD(n_components=k, algorithm="randomized", n_iter=5, random_state=self.random_state)
        svd.fit(tfidf)
        self.components_ = svd.components_.astype(np.float32)
        return tfidf

    # -- transforming -----------------------------------------------------------------------
    def _weigh(self, counts: sparse.csr_matrix) -> sparse.csr_matrix:
        counts = sparse.csr_matrix(counts, dtype=np.float32)
        if self.sublinear_tf:
            counts.data = np.log(counts.data) + 1.0
        tfidf = counts.multiply(self.idf_.reshape(1, -1)).tocsr()
        norms = np.sqrt(np.asarray(tfidf.multiply(tfidf).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sparse.diags(1.0 / norms).dot(tfidf).tocsr().astype(np.float32)

    def _project(self, tfidf: sparse.csr_matrix) -> np.ndarray:
        dense = np.asarray(tfidf @ self.components_.T, dtype=np.float32)
        norms = np.linalg.norm(dense, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return dense / norms

    def transform(self, documents: Sequence[str]) -> np.ndarray:
        if not hasattr(self, "components_"):
            raise ValueError("this LsaEmbedder is not fitted yet; call fit() first")
        counts = self._counter(self.vocabulary_).transform(documents)
        return self._project(self._weigh(counts))

    # -- persistence (plain arrays, no pickle) ----------------------------------------------
    def to_state(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        """JSON-able settings + vocabulary, and the arrays (``idf``, ``components``)."""
        terms = sorted(self.vocabulary_, key=self.vocabulary_.__getitem__)
        meta = {"params": self.get_params(), "terms": terms}
        return meta, {"lsa_idf": self.idf_, "lsa_components": self.components_}

    @classmethod
    def from_state(cls, meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> LsaEmbedder:
        emb = cls(**meta["params"])
        terms = list(meta["terms"])
        emb.vocabulary_ = {t: i for i, t in enumerate(terms)}
        emb.idf_ = np.asarray(arrays["lsa_idf"], dtype=np.float32)
        emb.components_ = np.asarray(arrays["lsa_components"], dtype=np.float32)
        if emb.idf_.shape[0] != len(terms) or emb.components_.shape[1] != len(terms):
            raise ValueError(
                f"saved LSA embedder is inconsistent: {len(terms)} terms, idf of {emb.idf_.shape[0]}, "
                f"components of width {emb.components_.shape[1]}"
            )
        return emb


def load_sentence_model(name_or_path: str):  # type: ignore[no-untyped-def]
    """Load a sentence-transformers model from disk only (never downloads).

    Raises ``ValueError`` naming the model when it is not available locally.
    """
    settings.offline_models()
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as err:  # pragma: no cover - installed in the venv
        raise ThemeError("themes.no_sentence_transformers") from err
    path = Path(name_or_path).expanduser()
    target = str(path) if path.exists() else name_or_path
    try:
        return SentenceTransformer(target, device="cpu", local_files_only=True)
    except Exception as err:
        raise ThemeError(
            "themes.embedding_model_missing", model=name_or_path, file=display_name(name_or_path),
            kind=type(err).__name__, err=err,
        ) from err


class SentenceEmbedder(TransformerMixin, BaseEstimator):
    """scikit-learn wrapper around a local sentence-transformers model.

    Embeds the *original* passage texts (it is given them instead of lemma
    documents); vectors are L2-normalised.
    """

    def __init__(self, model: str, batch_size: int = 32) -> None:
        self.model = model
        self.batch_size = batch_size

    def fit(self, documents: Sequence[str], y: Any = None) -> SentenceEmbedder:
        self.model_ = load_sentence_model(self.model)
        return self

    def transform(self, documents: Sequence[str]) -> np.ndarray:
        if not hasattr(self, "model_"):
            self.fit(documents)
        vectors = self.model_.encode(
            list(documents), batch_size=self.batch_size, show_progress_bar=False, normalize_embeddings=True
        )
        return np.asarray(vectors, dtype=np.float32)

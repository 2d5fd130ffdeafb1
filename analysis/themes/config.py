"""Settings of a theme model: plain parameters, JSON round-trip, checked on creation."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from ..errors import DuidingError

# The topic id of passages that belong to no theme.
OUTLIER = -1


class ThemeError(DuidingError, ValueError):
    """A theme model cannot be fitted, used or loaded (the message says why)."""

    default_key = "themes.failed"

__all__ = ["OUTLIER_STRATEGIES", "REDUCERS", "ThemeConfig"]

REDUCERS = ("umap", "pca")
OUTLIER_STRATEGIES = ("c-tf-idf", "embeddings")


@dataclass
class ThemeConfig:
    """How :class:`~analysis.themes.ThemeModel` finds themes.

    Defaults run offline on two cores: LSA embeddings (TF-IDF of lemmas →
    TruncatedSVD → L2), UMAP to five dimensions, HDBSCAN, outliers reassigned
    by c-TF-IDF similarity. Every stochastic step takes ``random_state``.

    Parameters
    ----------
    embedding_model:
        ``None`` (default) for the offline LSA embedder. Otherwise a local
        folder (or a name already in the local Hugging Face cache) of a
        sentence-transformers model; it is never downloaded.
    embedding_dim:
        Dimensions of the LSA embedding (capped by corpus size).
    reducer:
        ``"umap"`` (default; better separated clusters) or ``"pca"`` (faster
        on very large corpora, coarser clusters).
    n_components:
        Dimensions the reducer maps to before clustering.
    n_neighbors:
        UMAP neighbourhood size.
    max_cluster_passages:
        Larger corpora are reduced and clustered on a seeded random sample of
        this many passages; the other passages join the nearest topic centroid
        and every topic is then described from all its passages. ``None``
        clusters everything (UMAP time grows quickly beyond ~20,000).
    nr_topics:
        ``None`` lets HDBSCAN find the number of topics (with outliers);
        an int asks KMeans for exactly that many topics (no outliers).
    min_topic_size:
        HDBSCAN's ``min_cluster_size``; ``None`` picks ``n / 100`` for the
        ``n`` passages clustered, between 5 and 500: 300 passages → 5,
        1,000 → 10, 20,000 → 200.
    min_samples:
        HDBSCAN's ``min_samples`` (``None``: as ``min_topic_size``, capped at 10).
    cluster_selection:
        HDBSCAN cluster selection: ``"eom"`` or ``"leaf"``.
    reduce_outliers:
        ``"c-tf-idf"``, ``"embeddings"`` or ``None`` to keep outliers (topic -1).
    outlier_threshold:
        Minimum similarity for reassigning an outlier (and for
        :meth:`ThemeModel.transform` to assign a topic); below it stays -1.
    ngram_range:
        N-grams of the topic representation (adjacent lemmas only).
    min_df, max_df:
        Vocabulary limits, counted over passages (not over topics).
    top_n_words:
        Keywords kept per topic.
    representation:
        How keywords are ranked: ``"relevance"`` (default; LDAvis relevance on
        passage frequencies, see :mod:`analysis.themes.representation`) or
        ``"c-tf-idf"`` (BERTopic's plain ranking).
    relevance_lambda:
        λ of the relevance ranking (1 = most frequent in the topic, 0 = most
        distinctive); 0.6 by default.
    n_representatives:
        Representative passages kept per topic.
    phrases:
        Extra multi-word expressions kept together as one term.
    extra_stop_words:
        Extra words to ignore (on top of Dutch stop words and fillers).
    stop_class_names:
        Also ignore the municipality names, source names' words and speaker
        labels of the passages, so topics form around themes, not places.
    seed_codebook:
        Id of the codebook whose keywords seeded the model (informational;
        set by :meth:`ThemeModel.fit` when a codebook is passed).
    random_state:
        Seed for SVD, UMAP, KMeans and PCA.
    verbose:
        Print progress per stage.
    """

    embedding_model: str | None = None
    embedding_dim: int = 100
    reducer: str = "umap"
    n_components: int = 5
    n_neighbors: int = 15
    max_cluster_passages: int | None = 20_000
    nr_topics: int | None = None
    min_topic_size: int | None = None
    min_samples: int | None = None
    cluster_selection: str = "eom"
    reduce_outliers: str | None = "c-tf-idf"
    outlier_threshold: float = 0.05
    ngram_range: tuple[int, int] = (1, 2)
    min_df: int = 2
    max_df: float = 0.5
    top_n_words: int = 10
    representation: str = "relevance"
    relevance_lambda: float = 0.6
    n_representatives: int = 3
    phrases: list[str] = field(default_factory=list)
    extra_stop_words: list[str] = field(default_factory=list)
    stop_class_names: bool = True
    seed_codebook: str | None = None
    random_state: int = 42
    verbose: bool = False

    def __post_init__(self) -> None:
        self.ngram_range = tuple(int(n) for n in self.ngram_range)  # type: ignore[assignment]
        self.phrases = list(self.phrases)
        self.extra_stop_words = list(self.extra_stop_words)
        problems: list[str] = []
        if self.reducer not in REDUCERS:
            problems.append(f"reducer must be one of {', '.join(REDUCERS)}, not {self.reducer!r}")
        if self.reduce_outliers is not None and self.reduce_outliers not in OUTLIER_STRATEGIES:
            problems.append(
                f"reduce_outliers must be one of {', '.join(OUTLIER_STRATEGIES)} or None, not {self.reduce_outliers!r}"
            )
        if self.representation not in ("relevance", "c-tf-idf"):
            problems.append(f"representation must be 'relevance' or 'c-tf-idf', not {self.representation!r}")
        if not 0.0 <= self.relevance_lambda <= 1.0:
            problems.append(f"relevance_lambda must lie in [0, 1], not {self.relevance_lambda}")
        if self.cluster_selection not in ("eom", "leaf"):
            problems.append(f"cluster_selection must be 'eom' or 'leaf', not {self.cluster_selection!r}")
        if self.nr_topics is not None and self.nr_topics < 2:
            problems.append(f"nr_topics must be at least 2 (or None for HDBSCAN), not {self.nr_topics}")
        if self.max_cluster_passages is not None and self.max_cluster_passages < 100:
            problems.append(f"max_cluster_passages must be at least 100 (or None), not {self.max_cluster_passages}")
        if self.min_topic_size is not None and self.min_topic_size < 2:
            problems.append(f"min_topic_size must be at least 2, not {self.min_topic_size}")
        if len(self.ngram_range) != 2 or not 1 <= self.ngram_range[0] <= self.ngram_range[1] <= 2:
            problems.append(f"ngram_range must be (1, 1), (1, 2) or (2, 2), not {self.ngram_range}")
        if self.min_df < 1:
            problems.append(f"min_df must be a passage count of at least 1, not {self.min_df}")
        if not 0.0 < self.max_df <= 1.0:
            problems.append(f"max_df must be a share of passages in (0, 1], not {self.max_df}")
        if self.embedding_dim < 2 or self.n_components < 2:
            problems.append("embedding_dim and n_components must be at least 2")
        if self.top_n_words < 1 or self.n_representatives < 0:
            problems.append("top_n_words must be at least 1 and n_representatives at least 0")
        if problems:
            raise ThemeError("themes.config_invalid", problems="; ".join(problems))

    def topic_size_for(self, n_passages: int) -> int:
        """The HDBSCAN ``min_cluster_size`` used for ``n_passages`` passages."""
        if self.min_topic_size is not None:
            return self.min_topic_size
        return max(5, min(500, n_passages // 100))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (tuples become lists)."""
        out = asdict(self)
        out["ngram_range"] = list(self.ngram_range)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ThemeConfig:
        """Build from :meth:`to_dict` output; unknown keys are an error (named)."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ThemeError("themes.config_unknown", settings=", ".join(unknown))
        return cls(**data)

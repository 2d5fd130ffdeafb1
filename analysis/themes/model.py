"""ThemeModel: offline BERTopic with Dutch lemmas, optionally guided by a codebook.

Pipeline (each stage reports progress)::

    passages ─ prepare (lemmas, phrases, no stop words/fillers/speaker labels)
             ─ embed (LSA: TF-IDF → TruncatedSVD → L2; or a local sentence-transformers model)
             ─ guide (codebook keywords → BERTopic ``seed_topic_list``)
             ─ reduce (UMAP, or PCA) ─ cluster (HDBSCAN, or KMeans for a fixed number)
             ─ represent (c-TF-IDF over unigrams + adjacent bigrams, ranked by relevance)
             ─ reduce outliers (c-TF-IDF or embedding similarity) ─ label, representatives

Why these choices (measured in ``benchmarks/themes.py``; figures for the seed
reports, 823 passages, and the demo interviews, 414 passages):

* LSA embeddings need no download. With them, BERTopic's topics reach NPMI
  0.233 / 0.012 at diversity 0.95 / 0.94, against 0.219 / -0.224 for NMF and
  0.095 / -0.038 for LDA with the same documents, vocabulary and number of
  topics (diversity 0.84 / 0.78 and 0.48 / 0.47).
* Keywords are ranked by LDAvis relevance (λ = 0.6) on passage frequencies
  instead of plain c-TF-IDF, which on the seed reports picks rare one-off words
  (NPMI 0.13 for the same clusters).
* UMAP (``random_state`` set: single-threaded and deterministic) separates
  clusters far better than PCA for HDBSCAN (on the seed reports PCA + HDBSCAN
  found 3 clusters and left half the passages as outliers; UMAP + HDBSCAN 32
  clusters, 21 % outliers before reassignment); PCA stays available
  (``reducer="pca"``).
  Above ``max_cluster_passages`` UMAP + HDBSCAN run on a sample (see
  :mod:`analysis.themes`).
* HDBSCAN finds the number of themes itself and leaves unclear passages as
  outliers, which are then reassigned only when similar enough; KMeans is used
  when a fixed number of topics is asked for.
* Topic assignment of new text (:meth:`ThemeModel.transform`) is the most
  similar topic centroid in embedding space, as BERTopic does for serialized
  models, so a saved and reloaded model transforms exactly like the original.
* Guiding by the codebook (BERTopic ``seed_topic_list``) makes most codes
  stable topics (22 of 26 thematic codes of ``sociaal-domein`` on the seed
  reports) and brings out themes that are rare in the text, such as
  wachttijden; it costs some coherence (NPMI 0.151 on the seed reports).
"""

from __future__ import annotations

import logging
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.preprocessing import normalize

from analysis.nlp import STOP_WORDS

from ..privacy.names import contains_person_name, name_words
from .config import OUTLIER, ThemeConfig, ThemeError
from .embedding import LsaEmbedder, SentenceEmbedder
from .passages import CLASS_FIELDS, ThemePassage, as_theme_passages
from .preprocess import (
    DEFAULT_PHRASES,
    TextPreparer,
    bigram_analyzer,
    term_display,
    unigram_analyzer,
)
from .representation import relevance_ranker

__all__ = ["OUTLIER", "ThemeError", "ThemeModel", "Topic", "analyzer_for"]

#: Topic id of passages that belong to no theme.

ProgressCallback = Callable[[str, float], None]

# Words of a two-word codebook phrase that may precede a content word and still
# make it a phrase worth keeping whole ("eigen kracht", "lang wachten").
_PHRASE_MODIFIERS = frozenset({"eigen", "lang", "langer", "veel", "weinig", "zelf"})

# Stage keys with the English text the command line shows; the app words the keys itself
# (``themes.stage.<key>``). A progress callback receives the key, and ``"done"`` at the end.
# Stored labels (Dutch, the app shows them in the chosen language): a topic without keywords, a passage
# without a value of the class attribute.
NO_KEYWORDS = "(geen kernwoorden)"
UNKNOWN_CLASS = "onbekend"

STAGES = (
    ("prepare", "Preparing passages (lemmas, stop words)"),
    ("embed", "Computing embeddings"),
    ("cluster", "Dimension reduction and clustering (BERTopic)"),
    ("outliers", "Assigning outliers"),
    ("describe", "Describing topics"),
)


def bigram_only_analyzer(doc: str) -> list[str]:
    """Adjacent-term bigrams of a prepared document (``ngram_range=(2, 2)``)."""
    return [t for t in bigram_analyzer(doc) if " " in t]


def analyzer_for(ngram_range: Sequence[int]) -> Callable[[str], list[str]]:
    """The prepared-document analyzer for an n-gram range."""
    lo, hi = int(ngram_range[0]), int(ngram_range[1])
    if (lo, hi) == (1, 1):
        return unigram_analyzer
    if (lo, hi) == (2, 2):
        return bigram_only_analyzer
    return bigram_analyzer


@dataclass
class Topic:
    """One theme: keywords with c-TF-IDF weights, size and representative passages."""

    id: int
    label: str
    keywords: list[tuple[str, float]]
    size: int
    representative_ids: list[int | str] = field(default_factory=list)
    representatives: list[str] = field(default_factory=list)
    seed_code: str | None = None

    @property
    def words(self) -> list[str]:
        return [w for w, _ in self.keywords]

    @property
    def is_outlier(self) -> bool:
        return self.id == OUTLIER

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "keywords": [[w, float(s)] for w, s in self.keywords],
            "size": self.size,
            "representative_ids": list(self.representative_ids),
            "representatives": list(self.representatives),
            "seed_code": self.seed_code,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Topic:
        return cls(
            id=int(data["id"]),
            label=str(data["label"]),
            keywords=[(str(w), float(s)) for w, s in data.get("keywords", [])],
            size=int(data.get("size", 0)),
            representative_ids=list(data.get("representative_ids", [])),
            representatives=[str(t) for t in data.get("representatives", [])],
            seed_code=data.get("seed_code"),
        )


class _Progress:
    """Stage reporting: a callback (for the UI) and/or rich output (CLI, verbose)."""

    def __init__(self, verbose: bool, callback: ProgressCallback | None) -> None:
        self.callback = callback
        self.console = None
        if verbose:
            from rich.console import Console

            self.console = Console(stderr=True)
        self.timings: dict[str, float] = {}

    @contextmanager
    def stage(self, key: str, detail: str = "") -> Iterator[None]:
        names = dict(STAGES)
        order = [k for k, _ in STAGES]
        index = order.index(key) if key in order else len(order)
        label = names.get(key, key)
        if self.callback is not None:
            self.callback(key, index / len(order))
        started = time.perf_counter()
        if self.console is not None:
            with self.console.status(f"[bold]{index + 1}/{len(order)}[/] {label} {detail}"):
                yield
        else:
            yield
        elapsed = time.perf_counter() - started
        self.timings[key] = elapsed
        if self.console is not None:
            self.console.print(f"[green]✓[/] {index + 1}/{len(order)} {label} {detail} ({elapsed:.1f} s)")
        if self.callback is not None and index == len(order) - 1:
            self.callback("done", 1.0)


@contextmanager
def _quiet() -> Iterator[None]:
    """Silence BERTopic's advisory warnings and UMAP's n_jobs notice during a fit."""
    logger = logging.getLogger("BERTopic")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*n_jobs value.*")
            warnings.filterwarnings("ignore", message=".*force_all_finite.*")
            warnings.filterwarnings("ignore", message=".*ensure_all_finite.*")
            warnings.filterwarnings("ignore", category=FutureWarning)
            # c-TF-IDF of a clustering sample: vocabulary terms absent from the sample get
            # df = 0; the topics are re-described from all passages right after.
            warnings.filterwarnings("ignore", message="divide by zero", category=RuntimeWarning)
            yield
    finally:
        logger.setLevel(level)


@contextmanager
def _ctfidf_untouched(model: Any) -> Iterator[None]:
    """BERTopic's per-class/over-time methods L1-normalise ``c_tf_idf_`` in place; keep ours."""
    original = model.c_tf_idf_
    model.c_tf_idf_ = sparse.csr_matrix(original, copy=True)
    try:
        yield
    finally:
        model.c_tf_idf_ = original


def fit_mean(rows: np.ndarray) -> np.ndarray:
    """Mean row (zeros for an empty selection)."""
    return rows.mean(axis=0) if len(rows) else np.zeros(rows.shape[1], dtype=np.float32)


def _sync_topic_embeddings(model: Any, labels: np.ndarray, vectors: np.ndarray) -> None:
    """BERTopic's topic embeddings from the un-nudged passage vectors, one row per topic
    present (the outlier row first when there are outliers), as BERTopic indexes them."""
    topics = sorted(int(t) for t in set(labels.tolist()))
    rows = [fit_mean(vectors[labels == t]) for t in topics]
    model.topic_embeddings_ = normalize(np.asarray(rows, dtype=np.float32)) if rows else None


def _phrase_worthy(key: Sequence[str]) -> bool:
    """Should a codebook phrase (as lemmas) be kept whole as one term?

    Yes when bigrams of adjacent content words cannot capture it: it has two or
    more content words with a stop word between them ("één gezin één plan"),
    or it is a modifier plus a content word ("eigen kracht", "lang wachten").
    """
    if not 2 <= len(key) <= 5:
        return False
    stops = [w in STOP_WORDS for w in key]
    content = len(key) - sum(stops)
    if content >= 2 and any(stops[1:-1]):
        return True
    return len(key) == 2 and stops[0] and not stops[1] and key[0] in _PHRASE_MODIFIERS


def _person_words(records: Sequence[ThemePassage]) -> frozenset[str]:
    """Words of the speakers' and participants' names (role labels such as 'R2' or 'Interviewer' excluded)."""
    from ..corpus.speakers import ROLE_WORDS

    names = {r.speaker for r in records if r.speaker} | {r.participant for r in records if r.participant}
    return frozenset(w for w in name_words(names) if w not in ROLE_WORDS)


def _label(words: Sequence[str], phrases: Mapping[str, str], n: int = 3) -> str:
    chosen: list[str] = []
    for w in words:
        shown = term_display(w, dict(phrases))
        if any(shown in c or c in shown for c in chosen):
            continue
        chosen.append(shown)
        if len(chosen) == n:
            break
    return ", ".join(chosen) if chosen else NO_KEYWORDS


class ThemeModel:
    """Find recurring themes in passages with BERTopic, offline by default.

    >>> model = ThemeModel(ThemeConfig(random_state=1)).fit(passages)      # doctest: +SKIP
    >>> [t.label for t in model.topics()]                                   # doctest: +SKIP
    ['wachtlijst, wachttijd, lang wachten', ...]

    ``fit(passages, codebook=cb)`` seeds one topic per codable code with the
    code's keywords (guided BERTopic); other themes can still form.
    """

    def __init__(self, config: ThemeConfig | None = None, **overrides: Any) -> None:
        base = config or ThemeConfig()
        # a private copy: fit() records the seed codebook in it
        self.config = ThemeConfig.from_dict({**base.to_dict(), **overrides})
        self.bertopic_: Any = None
        self.embedder_: LsaEmbedder | SentenceEmbedder | None = None
        self.preparer_: TextPreparer | None = None
        self.vocabulary_: list[str] = []
        self.seed_topics_: dict[str, list[str]] = {}
        self.timings_: dict[str, float] = {}
        self._topics: dict[int, Topic] = {}
        self._ids: list[int | str] = []
        self._labels: np.ndarray = np.zeros(0, dtype=int)
        self._scores: np.ndarray = np.zeros(0, dtype=np.float32)
        self._documents: list[str] = []
        self._classes: dict[str, list[str | None]] = {}
        self._centroids: np.ndarray = np.zeros((0, 0), dtype=np.float32)
        self._centroid_topics: list[int] = []

    # ------------------------------------------------------------------------------------------
    # fitting
    # ------------------------------------------------------------------------------------------
    @property
    def is_fitted(self) -> bool:
        return self.bertopic_ is not None

    def _require_fitted(self, action: str) -> None:
        if not self.is_fitted:
            raise ThemeError("themes.not_fitted", action=action)

    def fit(
        self,
        passages: Iterable[Any],
        *,
        codebook: Any | None = None,
        seed_topics: Mapping[str, Sequence[str]] | None = None,
        embeddings: np.ndarray | None = None,
        progress: ProgressCallback | None = None,
    ) -> ThemeModel:
        """Fit on passages (strings, ``Passage``, ``PassageRecord``, mappings, ``ThemePassage``).

        Parameters
        ----------
        codebook:
            A :class:`~analysis.domain.Codebook`; its codable codes' keywords (and
            names) seed guided topics. Stance-axis codes are left out.
        seed_topics:
            Seed words per name instead of (or besides) a codebook.
        embeddings:
            Precomputed passage embeddings (n × d), e.g. from a sentence-transformers
            model run elsewhere; ``config.embedding_model`` must name that model so
            seeds and new passages can be embedded the same way.
        progress:
            ``callback(stage_key, fraction)`` called at each stage (a key of :data:`STAGES`, then
            ``"done"``).
        """
        from bertopic import BERTopic
        from bertopic.backend._sklearn import SklearnEmbedder
        from bertopic.vectorizers import ClassTfidfTransformer

        cfg = self.config
        records = as_theme_passages(passages)
        n = len(records)
        if n < 10:
            raise ThemeError("themes.too_few_passages", n=n)
        if cfg.nr_topics is not None and cfg.nr_topics >= n:
            raise ThemeError("themes.too_many_topics", nr_topics=cfg.nr_topics, n=n)
        if embeddings is not None:
            embeddings = np.asarray(embeddings, dtype=np.float32)
            if embeddings.ndim != 2 or embeddings.shape[0] != n:
                raise ThemeError("themes.embeddings_shape", n=n, shape=embeddings.shape)
            embeddings = normalize(embeddings)  # similarities below are dot products
            if cfg.embedding_model is None:
                raise ThemeError("themes.embeddings_without_model")
        reporter = _Progress(cfg.verbose, progress)

        raw_seeds: dict[str, list[str]] = {}
        self.config.seed_codebook = getattr(codebook, "id", None) if codebook is not None else None
        if codebook is not None:
            from .guided import codebook_seed_topics

            raw_seeds.update(codebook_seed_topics(codebook))
        if seed_topics:
            for name, words in seed_topics.items():
                raw_seeds.setdefault(str(name), []).extend(str(w) for w in words)

        # 1. prepare ---------------------------------------------------------------------------
        with reporter.stage("prepare", f"({n:,} passages)".replace(",", ".")):
            preparer = self._make_preparer(records, raw_seeds)
            documents = preparer.prepare([r.text for r in records])
            vocabulary = self._fit_vocabulary(documents)
        # 2. embed -------------------------------------------------------------------------------
        with reporter.stage("embed"):
            if embeddings is not None:
                embedder: LsaEmbedder | SentenceEmbedder = SentenceEmbedder(cfg.embedding_model or "")
                vectors = embeddings
            elif cfg.embedding_model:
                embedder = SentenceEmbedder(cfg.embedding_model).fit([])
                vectors = embedder.transform([r.text for r in records])
            else:
                embedder = LsaEmbedder(
                    n_components=cfg.embedding_dim,
                    min_df=cfg.min_df,
                    max_df=cfg.max_df,
                    random_state=cfg.random_state,
                )
                vectors = embedder.fit_transform(documents)
        seeds = self._resolve_seeds(raw_seeds, preparer, vocabulary, embedder)
        # 3. BERTopic ---------------------------------------------------------------------------
        analyzer = analyzer_for(cfg.ngram_range)
        sample = self._cluster_sample(n)
        n_fit = n if sample is None else len(sample)
        detail = "" if sample is None else f"(clusteren op een steekproef van {n_fit:,} passages)".replace(",", ".")
        with reporter.stage("cluster", detail):
            seed_lists = [terms for terms in seeds.values()] or None
            representation = (
                relevance_ranker(cfg.relevance_lambda, cfg.top_n_words) if cfg.representation == "relevance" else None
            )
            model = BERTopic(
                embedding_model=SklearnEmbedder(embedder),
                umap_model=self._make_reducer(n_fit),
                hdbscan_model=self._make_clusterer(n_fit),
                vectorizer_model=CountVectorizer(analyzer=analyzer, vocabulary=vocabulary),
                ctfidf_model=ClassTfidfTransformer(reduce_frequent_words=True),
                representation_model=representation,
                seed_topic_list=seed_lists,
                top_n_words=cfg.top_n_words,
                calculate_probabilities=False,
                verbose=False,
            )
            fit_docs = documents if sample is None else [documents[i] for i in sample]
            fit_vectors = vectors if sample is None else vectors[sample]
            with _quiet():
                fitted, _ = model.fit_transform(fit_docs, embeddings=fit_vectors.copy())
            fitted = np.asarray(fitted, dtype=int)
            if sample is None:
                labels = fitted
            else:
                labels = self._assign_rest(vectors, sample, fitted)
            _sync_topic_embeddings(model, labels, vectors)
        # 4. outliers ---------------------------------------------------------------------------
        with reporter.stage("outliers", f"({int((labels == OUTLIER).sum())} outliers)"):
            if sample is not None:  # describe the topics from all passages, not just the sample
                self._update_topics(model, documents, labels, analyzer, vocabulary, representation)
            if cfg.reduce_outliers and (labels == OUTLIER).any() and (labels != OUTLIER).any():
                with _quiet():
                    new = model.reduce_outliers(
                        documents,
                        labels.tolist(),
                        strategy=cfg.reduce_outliers,
                        threshold=cfg.outlier_threshold,
                        embeddings=vectors,
                    )
                new = np.asarray(new, dtype=int)
                if not np.array_equal(new, labels):
                    labels = new
                    self._update_topics(model, documents, labels, analyzer, vocabulary, representation)
        # 5. describe --------------------------------------------------------------------------
        with reporter.stage("describe"):
            self.bertopic_ = model
            self.embedder_ = embedder
            self.preparer_ = preparer
            self.vocabulary_ = vocabulary
            self.seed_topics_ = seeds
            self._ids = [r.id for r in records]  # type: ignore[misc]
            self._documents = documents
            self._labels = labels
            self._classes = {name: [r.value(name) for r in records] for name in CLASS_FIELDS}
            for key in sorted({k for r in records for k in r.attributes}):
                self._classes.setdefault(key, [r.value(key) for r in records])
            self._set_centroids(vectors)
            self._describe(records, vectors, seeds)
        self.timings_ = reporter.timings
        return self

    def fit_transform(self, passages: Iterable[Any], **kwargs: Any) -> list[int]:
        """Fit and return the topic of each passage."""
        return self.fit(passages, **kwargs)._labels.tolist()

    # -- fit helpers ---------------------------------------------------------------------------
    def _make_preparer(self, records: Sequence[ThemePassage], raw_seeds: Mapping[str, Sequence[str]]) -> TextPreparer:
        cfg = self.config
        stop: list[str] = list(cfg.extra_stop_words)
        if cfg.stop_class_names:
            stop.extend(sorted({r.municipality for r in records if r.municipality}))
            speakers = {r.speaker for r in records if r.speaker}
            stop.extend(sorted(s for s in speakers if len(s) <= 40))
        preparer = TextPreparer(phrases=[*DEFAULT_PHRASES, *cfg.phrases], extra_stop_words=stop)
        for words in raw_seeds.values():
            for phrase in words:
                if "*" in phrase or len(phrase.split()) < 2:
                    continue
                if _phrase_worthy(preparer.phrase_key(phrase)):
                    preparer.add_phrase(phrase)
        return preparer

    def _fit_vocabulary(self, documents: Sequence[str]) -> list[str]:
        cfg = self.config
        analyzer = analyzer_for(cfg.ngram_range)
        attempts = [(cfg.min_df, cfg.max_df), (1, cfg.max_df), (1, 1.0)]
        for min_df, max_df in attempts:
            vec = CountVectorizer(analyzer=analyzer, min_df=min_df, max_df=max_df)
            try:
                vec.fit(documents)
            except ValueError:
                continue
            terms = [str(t) for t in vec.get_feature_names_out()]
            if len(terms) >= 2:
                return terms
        raise ThemeError("themes.no_content_words")

    def _resolve_seeds(
        self,
        raw: Mapping[str, Sequence[str]],
        preparer: TextPreparer,
        vocabulary: Sequence[str],
        embedder: Any,
    ) -> dict[str, list[str]]:
        """Seed keywords → vocabulary terms (lemmas, bigrams, phrases; wildcards expanded)."""
        if not raw:
            return {}
        known = set(vocabulary)
        embed_known: set[str] = set(getattr(embedder, "vocabulary_", {}) or ())
        unigrams = sorted(t for t in known if " " not in t)
        out: dict[str, list[str]] = {}
        for name, words in raw.items():
            terms: list[str] = []
            for word in words:
                word = word.strip()
                if not word:
                    continue
                if "*" in word:
                    core = preparer.terms(word.strip("*"))
                    if len(core) != 1:
                        continue
                    stem = core[0]
                    if word.endswith("*") and not word.startswith("*"):
                        matches = [t for t in unigrams if t.startswith(stem)]
                    elif word.startswith("*") and not word.endswith("*"):
                        matches = [t for t in unigrams if t.endswith(stem)]
                    else:
                        matches = [t for t in unigrams if stem in t]
                    terms.extend(matches[:10])
                    continue
                # A one-word keyword gives its lemma; a phrase gives only its multi-word
                # terms (bigrams, kept phrases), not its parts: "passende ondersteuning"
                # must not turn "ondersteuning" into a seed word.
                grams = bigram_analyzer(preparer.prepare([word])[0])
                singles = [g for g in grams if " " not in g]
                if len(singles) == 1:
                    terms.extend(singles)
                else:
                    terms.extend(g for g in grams if " " in g or "_" in g)
            kept = [t for t in dict.fromkeys(terms) if t in known or t in embed_known]
            if kept:
                out[name] = kept
        return out

    def _update_topics(
        self,
        model: Any,
        documents: list[str],
        labels: np.ndarray,
        analyzer: Callable[[str], list[str]],
        vocabulary: list[str],
        representation: Any,
    ) -> None:
        from bertopic.vectorizers import ClassTfidfTransformer

        with _quiet():
            model.update_topics(
                documents,
                topics=labels.tolist(),
                top_n_words=self.config.top_n_words,
                vectorizer_model=CountVectorizer(analyzer=analyzer, vocabulary=vocabulary),
                ctfidf_model=ClassTfidfTransformer(reduce_frequent_words=True),
                representation_model=representation,
            )

    def _cluster_sample(self, n: int) -> np.ndarray | None:
        """Passages UMAP + HDBSCAN run on: all, or a seeded random sample for large corpora."""
        cap = self.config.max_cluster_passages
        if cap is None or n <= cap:
            return None
        rng = np.random.default_rng(self.config.random_state)
        return np.sort(rng.choice(n, size=cap, replace=False))

    def _assign_rest(self, vectors: np.ndarray, sample: np.ndarray, fitted: np.ndarray) -> np.ndarray:
        """Labels for all passages: the sample's clusters, the rest by nearest topic centroid."""
        labels = np.full(len(vectors), OUTLIER, dtype=int)
        labels[sample] = fitted
        topics = sorted(int(t) for t in set(fitted.tolist()) if t != OUTLIER)
        if not topics:
            return labels
        centroids = normalize(np.vstack([fit_mean(vectors[sample][fitted == t]) for t in topics]))
        rest = np.setdiff1d(np.arange(len(vectors)), sample, assume_unique=True)
        for start in range(0, len(rest), 20_000):
            chunk = rest[start : start + 20_000]
            sims = vectors[chunk] @ centroids.T
            best = sims.argmax(axis=1)
            ok = sims[np.arange(len(chunk)), best] > self.config.outlier_threshold
            labels[chunk[ok]] = np.asarray(topics)[best[ok]]
        return labels

    def _make_reducer(self, n: int) -> Any:
        cfg = self.config
        dims = max(2, min(cfg.n_components, n - 2))
        if cfg.reducer == "pca":
            from sklearn.decomposition import PCA

            return PCA(n_components=dims, random_state=cfg.random_state)
        from umap import UMAP

        return UMAP(
            n_neighbors=max(2, min(cfg.n_neighbors, n - 1)),
            n_components=dims,
            min_dist=0.0,
            metric="cosine",
            random_state=cfg.random_state,
            low_memory=True,
        )

    def _make_clusterer(self, n: int) -> Any:
        cfg = self.config
        if cfg.nr_topics is not None:
            from sklearn.cluster import KMeans

            return KMeans(n_clusters=cfg.nr_topics, random_state=cfg.random_state, n_init=10)
        from hdbscan import HDBSCAN

        size = max(2, min(cfg.topic_size_for(n), n // 2))
        min_samples = cfg.min_samples if cfg.min_samples is not None else min(size, 10)
        return HDBSCAN(
            min_cluster_size=size,
            min_samples=min_samples,
            metric="euclidean",
            cluster_selection_method=cfg.cluster_selection,
            prediction_data=False,
            core_dist_n_jobs=1,  # no worker processes: the gain on two cores is small
        )

    def _set_centroids(self, vectors: np.ndarray) -> None:
        topics = sorted(int(t) for t in set(self._labels.tolist()) if t != OUTLIER)
        centroids = np.zeros((len(topics), vectors.shape[1]), dtype=np.float32)
        for i, t in enumerate(topics):
            centroids[i] = vectors[self._labels == t].mean(axis=0)
        self._centroids = normalize(centroids) if len(topics) else centroids
        self._centroid_topics = topics
        # similarity of each passage to its own topic's centroid (0 for outliers)
        scores = np.zeros(len(self._labels), dtype=np.float32)
        position = {t: i for i, t in enumerate(topics)}
        for i, t in enumerate(self._labels.tolist()):
            if t != OUTLIER:
                scores[i] = float(vectors[i] @ self._centroids[position[t]])
        self._scores = scores
        _sync_topic_embeddings(self.bertopic_, self._labels, vectors)

    def _describe(self, records: Sequence[ThemePassage], vectors: np.ndarray, seeds: Mapping[str, list[str]]) -> None:
        cfg = self.config
        model = self.bertopic_
        phrases = self.preparer_.phrase_terms if self.preparer_ else {}
        present = sorted(int(t) for t in set(self._labels.tolist()))
        row_of = {t: i for i, t in enumerate(present)}  # rows of c_tf_idf_ follow sorted topic ids
        ctfidf = sparse.csr_matrix(model.c_tf_idf_)
        doc_ctfidf = normalize(model.ctfidf_model.transform(model.vectorizer_model.transform(self._documents)))
        topic_rows = normalize(ctfidf)
        lengths = np.array([len(unigram_analyzer(d)) for d in self._documents], dtype=np.float64)
        length_prior = 1.0 - np.exp(-lengths / 10.0)
        seed_of = self._seed_assignment(vectors, seeds)
        sizes = Counter(self._labels.tolist())
        person_words = _person_words(records)
        topics: dict[int, Topic] = {}
        for t in present:
            members = np.flatnonzero(self._labels == t)
            # a theme is never named after a person: keywords holding a first name or a speaker's name go
            keywords = [
                (w, float(s))
                for w, s in (model.topic_representations_.get(t) or [])
                if w and not contains_person_name(term_display(w, phrases), person_words)
            ]
            reps: list[int] = []
            if t != OUTLIER and cfg.n_representatives and members.size:
                sims = np.asarray(doc_ctfidf[members] @ topic_rows[row_of[t]].T.toarray()).ravel()
                order = np.lexsort((members, -(sims * length_prior[members])))
                reps = [int(members[i]) for i in order[: cfg.n_representatives]]
            seed_code = None
            if seed_of is not None and t != OUTLIER:
                counts = Counter(seed_of[members].tolist())
                counts.pop(None, None)
                if counts:
                    code, count = max(counts.items(), key=lambda kv: (kv[1], str(kv[0])))
                    if count >= 0.5 * members.size:
                        seed_code = code
            topics[t] = Topic(
                id=t,
                label="Uitschieters (geen thema)" if t == OUTLIER else _label([w for w, _ in keywords], phrases),
                keywords=[(term_display(w, phrases), s) for w, s in keywords],
                size=int(sizes[t]),
                representative_ids=[self._ids[i] for i in reps],
                representatives=[records[i].text for i in reps],
                seed_code=seed_code,
            )
        self._topics = topics

    def _seed_assignment(self, vectors: np.ndarray, seeds: Mapping[str, list[str]]) -> np.ndarray | None:
        """Which seed topic each passage leaned to (BERTopic's guided rule), or None."""
        if not seeds:
            return None
        names = list(seeds)
        seed_vectors = np.asarray(self.embedder_.transform([" ".join(seeds[k]) for k in names]), dtype=np.float32)
        reference = np.vstack([seed_vectors, vectors.mean(axis=0, keepdims=True)])
        sims = normalize(vectors) @ normalize(reference).T
        best = sims.argmax(axis=1)
        return np.array([names[b] if b < len(names) else None for b in best], dtype=object)

    # ------------------------------------------------------------------------------------------
    # results
    # ------------------------------------------------------------------------------------------
    def topics(self, include_outliers: bool = False) -> list[Topic]:
        """Topics by id (0 = largest at fit time); the outlier group (-1) only on request."""
        self._require_fitted("list topics")
        return [t for k, t in sorted(self._topics.items()) if include_outliers or k != OUTLIER]

    def topic(self, topic_id: int) -> Topic:
        self._require_fitted("read a topic")
        try:
            return self._topics[int(topic_id)]
        except KeyError:
            known = ", ".join(str(k) for k in sorted(self._topics))
            raise ThemeError("themes.no_topic", topic=topic_id, known=known) from None

    def topic_info(self) -> pd.DataFrame:
        """One row per topic (outliers included): topic, label, size, keywords, seed_code."""
        self._require_fitted("describe topics")
        rows = [
            {
                "topic": t.id,
                "label": t.label,
                "size": t.size,
                "keywords": ", ".join(t.words),
                "seed_code": t.seed_code,
            }
            for t in self.topics(include_outliers=True)
        ]
        return pd.DataFrame(rows, columns=["topic", "label", "size", "keywords", "seed_code"])

    @property
    def passage_ids(self) -> list[int | str]:
        return list(self._ids)

    @property
    def labels_(self) -> list[int]:
        return self._labels.tolist()

    @property
    def documents_(self) -> list[str]:
        """The prepared lemma documents the model was fitted on."""
        return list(self._documents)

    def assignments(self) -> list[tuple[int | str, int, float]]:
        """``(passage_id, topic, similarity)`` per fitted passage; similarity to the topic centroid, 0 for outliers."""
        self._require_fitted("list assignments")
        return [(pid, int(t), float(s)) for pid, t, s in zip(self._ids, self._labels.tolist(), self._scores.tolist())]

    def _require_documents(self, action: str) -> None:
        self._require_fitted(action)
        if not self._documents:
            raise ThemeError("themes.no_documents", action=action)

    def _classes_for(self, classes: Sequence[Any] | str) -> list[str]:
        if isinstance(classes, str):
            if classes not in self._classes:
                known = ", ".join(sorted(self._classes))
                raise ThemeError("themes.unknown_class_attribute", attribute=classes, known=known)
            values = self._classes[classes]
        else:
            values = list(classes)
            if len(values) != len(self._ids):
                raise ThemeError("themes.classes_count", n=len(values), fitted=len(self._ids))
        return [UNKNOWN_CLASS if v is None or str(v).strip() == "" else str(v) for v in values]

    def per_class(self, classes: Sequence[Any] | str) -> pd.DataFrame:
        """Topics per class (BERTopic ``topics_per_class``) with shares.

        ``classes`` is one value per fitted passage, or the name of a passage
        attribute: ``"municipality"``, ``"kind"``, ``"respondent_group"``,
        ``"source_name"``, or a participant attribute such as ``"age_group"``.
        Columns: class, topic, label, frequency, share_in_class, share_of_topic,
        words (the topic's keywords as used in that class).
        """
        self._require_documents("break topics down per class")
        values = self._classes_for(classes)
        with _quiet(), _ctfidf_untouched(self.bertopic_):
            raw = self.bertopic_.topics_per_class(self._documents, classes=values, global_tuning=True)
        phrases = self.preparer_.phrase_terms if self.preparer_ else {}
        totals = Counter(values)
        sizes = Counter(self._labels.tolist())
        frame = pd.DataFrame(
            {
                "class": raw["Class"].astype(str),
                "topic": raw["Topic"].astype(int),
                "frequency": raw["Frequency"].astype(int),
                "words": [
                    ", ".join(term_display(w.strip(), phrases) for w in str(ws).split(",") if w.strip())
                    for ws in raw["Words"]
                ],
            }
        )
        frame["label"] = [self._topics[t].label if t in self._topics else "" for t in frame["topic"]]
        frame["share_in_class"] = [f / totals[c] for f, c in zip(frame["frequency"], frame["class"])]
        frame["share_of_topic"] = [f / sizes[t] for f, t in zip(frame["frequency"], frame["topic"])]
        frame = frame.sort_values(["class", "topic"], kind="stable").reset_index(drop=True)
        return frame[["class", "topic", "label", "frequency", "share_in_class", "share_of_topic", "words"]]

    def over_time(self, dates: Sequence[Any] | str = "date", nr_bins: int | None = None) -> pd.DataFrame:
        """Topics over time (BERTopic ``topics_over_time``) for passages with a date.

        ``dates`` is one value per fitted passage (ISO strings, dates, or None),
        or a passage attribute name (default ``"date"``). Columns: timestamp,
        topic, label, frequency, words.
        """
        self._require_documents("follow topics over time")
        if isinstance(dates, str):
            if dates not in self._classes:
                raise ThemeError("themes.unknown_date_attribute", attribute=dates)
            values: list[Any] = list(self._classes[dates])
        else:
            values = list(dates)
            if len(values) != len(self._ids):
                raise ThemeError("themes.dates_count", n=len(values), fitted=len(self._ids))
        stamps = pd.to_datetime(pd.Series(values, dtype=object), errors="coerce", format="mixed")
        keep = np.flatnonzero(stamps.notna().to_numpy())
        if keep.size == 0:
            raise ThemeError("themes.no_dates")
        docs = [self._documents[i] for i in keep]
        topics = [int(self._labels[i]) for i in keep]
        timestamps = [stamps.iloc[i] for i in keep]
        complete = set(topics) == set(self._labels.tolist())
        with _quiet(), _ctfidf_untouched(self.bertopic_):
            raw = self.bertopic_.topics_over_time(
                docs,
                timestamps,
                topics=topics,
                nr_bins=nr_bins,
                evolution_tuning=False,
                global_tuning=complete,
            )
        phrases = self.preparer_.phrase_terms if self.preparer_ else {}
        frame = pd.DataFrame(
            {
                "timestamp": pd.to_datetime(raw["Timestamp"]),
                "topic": raw["Topic"].astype(int),
                "frequency": raw["Frequency"].astype(int),
                "words": [
                    ", ".join(term_display(w.strip(), phrases) for w in str(ws).split(",") if w.strip())
                    for ws in raw["Words"]
                ],
            }
        )
        frame["label"] = [self._topics[t].label if t in self._topics else "" for t in frame["topic"]]
        frame = frame.sort_values(["timestamp", "topic"], kind="stable").reset_index(drop=True)
        return frame[["timestamp", "topic", "label", "frequency", "words"]]

    # ------------------------------------------------------------------------------------------
    # new passages
    # ------------------------------------------------------------------------------------------
    def embed(self, passages: Iterable[Any]) -> np.ndarray:
        """Embeddings of new passages with the fitted embedder (rows are L2-normalised)."""
        self._require_fitted("embed passages")
        records = as_theme_passages(passages)
        if isinstance(self.embedder_, SentenceEmbedder):
            return self.embedder_.transform([r.text for r in records])
        documents = self.preparer_.prepare([r.text for r in records])  # type: ignore[union-attr]
        return self.embedder_.transform(documents)  # type: ignore[union-attr]

    def transform(self, passages: Iterable[Any]) -> list[tuple[int, float]]:
        """Topic and similarity for new passages: the most similar topic centroid.

        A passage whose best similarity is not above ``config.outlier_threshold``
        (e.g. no content words at all) gets topic -1.
        """
        self._require_fitted("assign topics to new passages")
        records = as_theme_passages(passages)
        if not records:
            return []
        if not self._centroid_topics:
            return [(OUTLIER, 0.0) for _ in records]
        vectors = self.embed(records)
        sims = vectors @ self._centroids.T
        best = sims.argmax(axis=1)
        out: list[tuple[int, float]] = []
        for i, b in enumerate(best.tolist()):
            score = float(sims[i, b])
            out.append((self._centroid_topics[b], score) if score > self.config.outlier_threshold else (OUTLIER, score))
        return out

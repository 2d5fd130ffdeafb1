"""Recurring themes: offline BERTopic on Dutch lemmas, guided by the codebook.

Example::

    from analysis.themes import ThemeConfig, ThemeModel, save_to_project

    model = ThemeModel(ThemeConfig(random_state=7)).fit(passages, codebook=cb)
    for topic in model.topics():
        print(topic.id, topic.label, topic.size, topic.seed_code)
    model.per_class("municipality")                      # topics per gemeente (DataFrame)
    model.transform(["Ik sta al maanden op de wachtlijst."])  # [(topic, similarity)]
    save_to_project(project, model, "Thema's voorjaar 2026")

Default pipeline (no downloads): lemmas without stop words, fillers and speaker
labels → LSA embeddings (TF-IDF → TruncatedSVD → L2) → UMAP → HDBSCAN →
c-TF-IDF over unigrams and adjacent bigrams, keywords ranked by relevance (λ = 0.6)
→ outliers reassigned by c-TF-IDF similarity. Deterministic under
``ThemeConfig.random_state``. See :mod:`analysis.themes.model` for the reasons.

Scale, and the path beyond
--------------------------
Measured with ``python benchmarks/themes.py --scale 100000`` (2 cores, default
backend): 100,000 passages of recombined seed-report sentences fit in 70 s wall
/ 74 s CPU with a peak of 1.4 GB (lemmas 11 s, LSA 2 s, UMAP + HDBSCAN 44 s,
outliers 4 s). UMAP dominates and grows faster than linearly, so above
``ThemeConfig.max_cluster_passages`` (20,000) UMAP and HDBSCAN run on a seeded
random sample; the other passages join the nearest topic centroid, and the
topics are then described (c-TF-IDF, keywords, outliers) from *all* passages.
Beyond that, or with a slower but better embedding model:

1. **Precomputed embeddings.** Embed once (a local sentence-transformers model,
   in batches, possibly on another machine) and pass them:
   ``ThemeModel(ThemeConfig(embedding_model="/models/st-nl")).fit(passages,
   embeddings=vectors)``. The named model embeds seed words and new passages.
2. **PCA instead of UMAP.** ``ThemeConfig(reducer="pca")`` makes the reduction
   linear-time; clusters are coarser, so raise ``min_topic_size`` or ask a fixed
   ``nr_topics`` (KMeans).
3. **Fit on a sample, transform the rest.** Fit on a representative sample
   (e.g. stratified by municipality and source kind), store it, then
   ``model.transform(batch)`` over ``project.iter_passages()`` batches:
   transform is a matrix product with the topic centroids, cheap and in
   constant memory. A saved model (:meth:`ThemeModel.save`,
   :func:`save_to_project`) transforms exactly like the original.
4. **Online fitting.** For corpora that never fit in memory, BERTopic's
   ``partial_fit`` works with ``IncrementalPCA`` + ``MiniBatchKMeans`` + an
   ``OnlineCountVectorizer``, with the LSA embedder fitted on a first sample
   and then kept fixed. Not wired in: routes 1-3 cover the corpora
   rekenkamers have.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from analysis.lazyexports import lazy_exports

if TYPE_CHECKING:  # for type checkers and IDEs; at run time the names load on first use
    from .config import OUTLIER, ThemeConfig, ThemeError
    from .embedding import LsaEmbedder, SentenceEmbedder, load_sentence_model
    from .guided import codebook_seed_topics, topic_code_overlap, topic_to_code
    from .model import ThemeModel, Topic
    from .passages import PassageLike, ThemePassage, as_theme_passages, passages_from_text_files
    from .persistence import (
        fit_project,
        load_from_project,
        load_model,
        model_from_bytes,
        model_to_bytes,
        save_model,
        save_to_project,
    )
    from .preprocess import TextPreparer, bigram_analyzer, term_display, unigram_analyzer
    from .quality import CooccurrenceIndex, npmi_coherence, topic_diversity

# public name -> submodule that defines it (imported on first use: the submodules load
# spaCy, scikit-learn and BERTopic, which `duiding --help` should not)
_EXPORTS: dict[str, str] = {
    "ThemeConfig": "config",
    "LsaEmbedder": "embedding",
    "SentenceEmbedder": "embedding",
    "load_sentence_model": "embedding",
    "codebook_seed_topics": "guided",
    "topic_code_overlap": "guided",
    "topic_to_code": "guided",
    "OUTLIER": "config",
    "ThemeError": "config",
    "ThemeModel": "model",
    "Topic": "model",
    "PassageLike": "passages",
    "ThemePassage": "passages",
    "as_theme_passages": "passages",
    "passages_from_text_files": "passages",
    "fit_project": "persistence",
    "load_from_project": "persistence",
    "model_from_bytes": "persistence",
    "model_to_bytes": "persistence",
    "load_model": "persistence",
    "save_model": "persistence",
    "save_to_project": "persistence",
    "TextPreparer": "preprocess",
    "bigram_analyzer": "preprocess",
    "term_display": "preprocess",
    "unigram_analyzer": "preprocess",
    "CooccurrenceIndex": "quality",
    "npmi_coherence": "quality",
    "topic_diversity": "quality",
}

__all__ = [
    "OUTLIER",
    "CooccurrenceIndex",
    "LsaEmbedder",
    "PassageLike",
    "SentenceEmbedder",
    "TextPreparer",
    "ThemeConfig",
    "ThemeError",
    "ThemeModel",
    "ThemePassage",
    "Topic",
    "as_theme_passages",
    "bigram_analyzer",
    "codebook_seed_topics",
    "fit_project",
    "load_from_project",
    "load_model",
    "load_sentence_model",
    "model_from_bytes",
    "model_to_bytes",
    "npmi_coherence",
    "passages_from_text_files",
    "save_model",
    "save_to_project",
    "term_display",
    "topic_code_overlap",
    "topic_diversity",
    "topic_to_code",
    "unigram_analyzer",
]

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, __all__)

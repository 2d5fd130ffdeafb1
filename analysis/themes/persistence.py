"""Saving theme models: a zip of JSON + safetensors, and the project store.

The format holds no pickle, so a model from a shared project cannot run code
when it is loaded. A reloaded model has the same topics, assignments and
keywords, transforms new passages identically (same embedder arrays, same
topic centroids) and can still break topics down per class and over time (the
prepared lemma documents are included by default).

Files in the zip:

``duiding-themes.json``
    format/version, config, preparer settings (phrases, extra stop words),
    vocabulary, seed topics, embedder settings (LSA vocabulary, or the local
    sentence-transformers model it needs), topics, passage ids, labels,
    similarities, passage classes, prepared documents, BERTopic's topic
    representations.
``arrays.safetensors``
    LSA idf and SVD components, topic centroids, BERTopic topic embeddings,
    the c-TF-IDF matrix (CSR parts) and its idf.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from ..errors import display_name
from .config import OUTLIER, ThemeConfig, ThemeError
from .embedding import LsaEmbedder, SentenceEmbedder
from .model import ThemeModel, Topic, analyzer_for
from .preprocess import TextPreparer
from .representation import relevance_ranker

__all__ = [
    "FORMAT",
    "VERSION",
    "fit_project",
    "load_from_project",
    "load_model",
    "model_from_bytes",
    "model_to_bytes",
    "save_model",
    "save_to_project",
]

FORMAT = "duiding-themes"
VERSION = 1
_JSON = "duiding-themes.json"
_ARRAYS = "arrays.safetensors"


def model_to_bytes(model: ThemeModel, include_documents: bool = True) -> bytes:
    """Serialise a fitted model (see the module docstring for the layout)."""
    from safetensors.numpy import save as save_arrays

    if not model.is_fitted:
        raise ThemeError("themes.save_unfitted")
    import bertopic

    import analysis

    bt = model.bertopic_
    arrays: dict[str, np.ndarray] = {
        "centroids": np.ascontiguousarray(model._centroids, dtype=np.float32),
        "topic_embeddings": np.ascontiguousarray(np.asarray(bt.topic_embeddings_, dtype=np.float32)),
        "scores": np.ascontiguousarray(model._scores, dtype=np.float32),
        "labels": np.ascontiguousarray(model._labels, dtype=np.int32),
    }
    ctfidf = sparse.csr_matrix(bt.c_tf_idf_)
    arrays["ctfidf_data"] = np.ascontiguousarray(ctfidf.data, dtype=np.float64)
    arrays["ctfidf_indices"] = np.ascontiguousarray(ctfidf.indices, dtype=np.int64)
    arrays["ctfidf_indptr"] = np.ascontiguousarray(ctfidf.indptr, dtype=np.int64)
    arrays["ctfidf_shape"] = np.asarray(ctfidf.shape, dtype=np.int64)
    arrays["ctfidf_idf"] = np.ascontiguousarray(bt.ctfidf_model._idf_diag.diagonal(), dtype=np.float64)
    embedder = model.embedder_
    if isinstance(embedder, LsaEmbedder):
        meta, lsa_arrays = embedder.to_state()
        embedder_meta: dict[str, Any] = {"kind": "lsa", **meta}
        arrays.update({k: np.ascontiguousarray(v) for k, v in lsa_arrays.items()})
    elif isinstance(embedder, SentenceEmbedder):
        embedder_meta = {"kind": "sentence-transformers", "model": embedder.model, "batch_size": embedder.batch_size}
    else:  # pragma: no cover - fit only builds the two kinds
        raise ThemeError("themes.embedder_unsaveable", kind=type(embedder).__name__)
    classes = {k: v for k, v in model._classes.items() if any(x is not None for x in v)}
    payload = {
        "format": FORMAT,
        "version": VERSION,
        "created_with": {"duiding": getattr(analysis, "__version__", "?"), "bertopic": bertopic.__version__},
        "config": model.config.to_dict(),
        "preparer": model.preparer_.settings() if model.preparer_ else {},
        "vocabulary": list(model.vocabulary_),
        "seed_topics": model.seed_topics_,
        "embedder": embedder_meta,
        "topics": [t.to_dict() for t in model.topics(include_outliers=True)],
        "centroid_topics": list(model._centroid_topics),
        "passage_ids": list(model._ids),
        "classes": classes,
        "documents": list(model._documents) if include_documents else None,
        "topic_representations": {
            str(t): [[w, float(s)] for w, s in words] for t, words in bt.topic_representations_.items()
        },
        "timings": model.timings_,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(_JSON, json.dumps(payload, ensure_ascii=False))
        zf.writestr(_ARRAYS, save_arrays(arrays))
    return buffer.getvalue()


def model_from_bytes(data: bytes, *, source: str = "model bytes") -> ThemeModel:
    """Rebuild a model written by :func:`model_to_bytes`; errors name ``source`` and the problem."""
    from safetensors.numpy import load as load_arrays

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            missing = {_JSON, _ARRAYS} - names
            if missing:
                raise ThemeError("themes.file_incomplete", source=source, file=display_name(source), missing=", ".join(sorted(missing)))
            payload = json.loads(zf.read(_JSON).decode("utf-8"))
            arrays = load_arrays(zf.read(_ARRAYS))
    except zipfile.BadZipFile as err:
        raise ThemeError("themes.file_not_zip", source=source, file=display_name(source), err=err) from err
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise ThemeError("themes.file_json_damaged", source=source, file=display_name(source), err=err) from err
    if payload.get("format") != FORMAT:
        raise ThemeError("themes.file_wrong_format", source=source, file=display_name(source), format=payload.get("format"))
    if int(payload.get("version", 0)) > VERSION:
        raise ThemeError(
            "themes.file_newer", source=source, file=display_name(source), version=payload["version"], known=VERSION
        )
    try:
        return _rebuild(payload, arrays)
    except (KeyError, ValueError, TypeError) as err:
        if isinstance(err, ThemeError):
            raise
        raise ThemeError(
            "themes.file_damaged", source=source, file=display_name(source), kind=type(err).__name__, err=err
        ) from err


def save_model(model: ThemeModel, path: str | Path) -> Path:
    """Write the model to a file (``.duiding-themes`` zip); returns the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(model_to_bytes(model))
    return target


def load_model(path: str | Path) -> ThemeModel:
    """Read a model written by :func:`save_model`."""
    source = Path(path)
    if not source.is_file():
        raise ThemeError("themes.file_not_found", source=source, file=display_name(source))
    return model_from_bytes(source.read_bytes(), source=source.name)


def _rebuild(payload: dict[str, Any], arrays: dict[str, np.ndarray]) -> ThemeModel:
    from bertopic import BERTopic
    from bertopic._bertopic import TopicMapper
    from bertopic.backend._sklearn import SklearnEmbedder
    from bertopic.cluster import BaseCluster
    from bertopic.dimensionality import BaseDimensionalityReduction
    from bertopic.vectorizers import ClassTfidfTransformer
    from sklearn.feature_extraction.text import CountVectorizer

    config = ThemeConfig.from_dict(payload["config"])
    model = ThemeModel(config)
    emb_meta = payload["embedder"]
    if emb_meta["kind"] == "lsa":
        embedder: LsaEmbedder | SentenceEmbedder = LsaEmbedder.from_state(emb_meta, arrays)
    elif emb_meta["kind"] == "sentence-transformers":
        embedder = SentenceEmbedder(emb_meta["model"], batch_size=int(emb_meta.get("batch_size", 32)))
    else:
        raise ThemeError("themes.file_unknown_embedder", kind=emb_meta["kind"])
    vocabulary = [str(t) for t in payload["vocabulary"]]
    labels = np.asarray(arrays["labels"], dtype=int)
    seeds = {str(k): [str(w) for w in v] for k, v in payload.get("seed_topics", {}).items()}
    representation = (
        relevance_ranker(config.relevance_lambda, config.top_n_words) if config.representation == "relevance" else None
    )
    bt = BERTopic(
        embedding_model=SklearnEmbedder(embedder),
        umap_model=BaseDimensionalityReduction(),
        hdbscan_model=BaseCluster(),
        vectorizer_model=CountVectorizer(analyzer=analyzer_for(config.ngram_range), vocabulary=vocabulary),
        ctfidf_model=ClassTfidfTransformer(reduce_frequent_words=True),
        representation_model=representation,
        seed_topic_list=list(seeds.values()) or None,
        top_n_words=config.top_n_words,
        verbose=False,
    )
    idf = np.asarray(arrays["ctfidf_idf"], dtype=np.float64)
    bt.ctfidf_model._idf_diag = sparse.diags(idf, offsets=0, shape=(len(idf), len(idf)), format="csr", dtype=np.float64)
    shape = tuple(int(x) for x in arrays["ctfidf_shape"])
    bt.c_tf_idf_ = sparse.csr_matrix(
        (arrays["ctfidf_data"], arrays["ctfidf_indices"], arrays["ctfidf_indptr"]), shape=shape
    )
    if shape[1] != len(vocabulary):
        raise ThemeError("themes.file_ctfidf_mismatch", columns=shape[1], terms=len(vocabulary))
    bt.topics_ = labels.tolist()
    bt.topic_sizes_ = Counter(labels.tolist())
    bt.topic_representations_ = {
        int(t): [(str(w), float(s)) for w, s in words] for t, words in payload["topic_representations"].items()
    }
    bt.topic_embeddings_ = np.asarray(arrays["topic_embeddings"], dtype=np.float32)
    bt.topic_mapper_ = TopicMapper(labels.tolist())

    model.bertopic_ = bt
    model.embedder_ = embedder
    model.preparer_ = TextPreparer(**payload.get("preparer", {}))
    model.vocabulary_ = vocabulary
    model.seed_topics_ = seeds
    model._ids = list(payload["passage_ids"])
    if len(model._ids) != len(labels):
        raise ThemeError("themes.file_labels_mismatch", ids=len(model._ids), labels=len(labels))
    model._labels = labels
    model._scores = np.asarray(arrays["scores"], dtype=np.float32)
    model._documents = list(payload["documents"]) if payload.get("documents") is not None else []
    n = len(labels)
    model._classes = {k: list(v) for k, v in payload.get("classes", {}).items()}
    for name in ("municipality", "kind", "respondent_group", "source_name", "speaker", "date", "study", "participant"):
        model._classes.setdefault(name, [None] * n)
    model._centroids = np.asarray(arrays["centroids"], dtype=np.float32)
    model._centroid_topics = [int(t) for t in payload["centroid_topics"]]
    model._topics = {int(t["id"]): Topic.from_dict(t) for t in payload["topics"]}
    model.timings_ = dict(payload.get("timings", {}))
    return model


# ----------------------------------------------------------------------------------------------
# project store
# ----------------------------------------------------------------------------------------------
def save_to_project(project: Any, model: ThemeModel, name: str | None = None, *, include_documents: bool = True) -> int:
    """Store a fitted model in a project (``Project.save_topic_model``); returns its id.

    Topics go to the model row (JSON), one assignment row per passage
    ``(passage_id, topic, similarity)``, the full model to the blob.
    """
    if not model.is_fitted:
        raise ThemeError("themes.store_unfitted")
    bad = [pid for pid in model.passage_ids if not isinstance(pid, (int, np.integer))]
    if bad:
        raise ThemeError("themes.store_foreign_ids", n=len(bad), example=bad[0])
    topics = [t.to_dict() for t in model.topics(include_outliers=True)]
    params = {
        "config": model.config.to_dict(),
        "n_passages": len(model.passage_ids),
        "n_topics": len(model.topics()),
        "n_outliers": sum(1 for t in model.labels_ if t == OUTLIER),
        "seed_codebook": model.config.seed_codebook,
        "format": FORMAT,
        "version": VERSION,
    }
    label = name or f"Thema's ({len(model.topics())} topics, {len(model.passage_ids)} passages)"
    return int(
        project.save_topic_model(
            label,
            params,
            topics,
            [(int(p), int(t), float(s)) for p, t, s in model.assignments()],
            blob=model_to_bytes(model, include_documents=include_documents),
        )
    )


def load_from_project(project: Any, model_id: int) -> ThemeModel:
    """Load a model stored with :func:`save_to_project`."""
    row = project.load_topic_model(model_id)
    blob = row.get("blob")
    if not blob:
        raise ThemeError("themes.no_stored_model", id=model_id, name=row.get("name"))
    return model_from_bytes(bytes(blob), source=f"topic model {model_id} ({row.get('name')!r})")


def fit_project(
    project: Any,
    config: ThemeConfig | None = None,
    *,
    codebook_id: str | None = None,
    progress: Callable[[str, float], None] | None = None,
    batch_size: int = 5000,
    **filters: Any,
) -> ThemeModel:
    """Fit a model on a project's passages (``filters`` as for ``Project.iter_passages``).

    In transcripts only speech is modelled: in an interview whose turns have speakers, its
    passages without a speaker (a title or header above the first turn, a transcriber's
    note) are left out.
    """
    passages = [p for batch in project.iter_passages(batch_size=batch_size, **filters) for p in batch]
    with_speakers = {p.source_id for p in passages if p.speaker}
    passages = [p for p in passages if p.speaker or not (_is_transcript(p) and p.source_id in with_speakers)]
    if not passages:
        described = ", ".join(f"{k}={v!r}" for k, v in filters.items() if v is not None) or "no filter"
        raise ThemeError("themes.no_passages", described=described, described_nl=described.replace("no filter", "geen filter"))
    codebook = _find_codebook(project, codebook_id) if codebook_id else None
    return ThemeModel(config).fit(passages, codebook=codebook, progress=progress)


def _is_transcript(passage: Any) -> bool:
    kind = getattr(passage, "kind", None)
    return getattr(kind, "value", kind) in ("interview", "group_interview", "street_interview")


def _find_codebook(project: Any, codebook_id: str) -> Any:
    """The project's codebook with this id, else the shipped one (``codebooks/<id>.yaml``)."""
    try:
        return project.get_codebook(codebook_id)
    except Exception as project_error:  # noqa: BLE001 - StoreError/KeyError, reported below
        try:
            from analysis.codebook import load_shipped

            return load_shipped(codebook_id)
        except Exception:  # noqa: BLE001
            raise ThemeError("themes.no_codebook", codebook=codebook_id, detail=project_error) from project_error

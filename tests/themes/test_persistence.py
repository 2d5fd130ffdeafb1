from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from analysis.themes import (
    ThemeConfig,
    ThemeError,
    ThemeModel,
    fit_project,
    load_from_project,
    load_model,
    model_from_bytes,
    model_to_bytes,
    save_model,
    save_to_project,
)

from .conftest import make_corpus

NEW_TEXTS = [
    "We staan al maanden op de wachtlijst en de wachttijd wordt alleen maar langer.",
    "In de buurtkamer helpen vrijwilligers met koffie en formulieren.",
    "Het registratiesysteem en de privacyregels kosten ons veel tijd.",
]


def _same_model(a: ThemeModel, b: ThemeModel) -> None:
    assert [t.to_dict() for t in a.topics(include_outliers=True)] == [
        t.to_dict() for t in b.topics(include_outliers=True)
    ]
    assert a.assignments() == b.assignments()
    assert a.transform(NEW_TEXTS) == b.transform(NEW_TEXTS)
    assert a.config == b.config


def test_bytes_round_trip_keeps_topics_and_transform(synthetic_model) -> None:
    data = model_to_bytes(synthetic_model)
    again = model_from_bytes(data)
    _same_model(synthetic_model, again)
    assert again.per_class("municipality").equals(synthetic_model.per_class("municipality"))
    assert again.over_time().equals(synthetic_model.over_time())
    # the saved form holds no pickle: only JSON and safetensors
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert sorted(zf.namelist()) == ["arrays.safetensors", "duiding-themes.json"]
        meta = json.loads(zf.read("duiding-themes.json"))
    assert meta["format"] == "duiding-themes" and meta["embedder"]["kind"] == "lsa"


def test_file_round_trip_and_a_model_without_documents(tmp_path: Path, synthetic_model) -> None:
    path = save_model(synthetic_model, tmp_path / "sub" / "themes.duiding-themes")
    _same_model(synthetic_model, load_model(path))
    slim = model_from_bytes(model_to_bytes(synthetic_model, include_documents=False))
    assert slim.transform(NEW_TEXTS) == synthetic_model.transform(NEW_TEXTS)
    with pytest.raises(ThemeError, match="saved without its documents"):
        slim.per_class("municipality")


def test_damaged_or_foreign_files_give_clear_errors(tmp_path: Path, synthetic_model) -> None:
    with pytest.raises(ThemeError, match="nothing.zip: no such theme model file"):
        load_model(tmp_path / "nothing.zip")
    bad = tmp_path / "notes.duiding-themes"
    bad.write_bytes(b"this is not a zip")
    with pytest.raises(ThemeError, match="notes.duiding-themes: not a Duiding theme model \\(not a zip archive"):
        load_model(bad)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("something.txt", "hi")
    with pytest.raises(ThemeError, match="missing arrays.safetensors, duiding-themes.json"):
        model_from_bytes(buffer.getvalue(), source="upload")
    # a newer format version is refused rather than misread
    data = model_to_bytes(synthetic_model, include_documents=False)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        meta = json.loads(zf.read("duiding-themes.json"))
        arrays = zf.read("arrays.safetensors")
    meta["version"] = 99
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("duiding-themes.json", json.dumps(meta))
        zf.writestr("arrays.safetensors", arrays)
    with pytest.raises(ThemeError, match="newer format \\(version 99\\)"):
        model_from_bytes(buffer.getvalue(), source="future")


def test_project_round_trip(project) -> None:
    model = fit_project(project, ThemeConfig(random_state=5))
    assert len(model.passage_ids) == project.count_passages() == 80
    model_id = save_to_project(project, model, "Thema's test")
    row = project.load_topic_model(model_id)
    assert row["name"] == "Thema's test"
    assert row["params"]["config"]["random_state"] == 5
    assert [t["id"] for t in row["topics"]] == [t.id for t in model.topics(include_outliers=True)]
    stored = project.topic_assignments(model_id)
    assert sorted((p, t) for p, t, _ in stored) == sorted((p, t) for p, t, _ in model.assignments())
    again = load_from_project(project, model_id)
    _same_model(model, again)
    # breakdowns by the project's own passage attributes survive the round trip
    assert set(again.per_class("municipality")["class"]) == {p.municipality for p in project.passages()}


def test_project_errors(project) -> None:
    from analysis.store import StoreError

    with pytest.raises(ThemeError, match="no passages to model \\(municipality='Nergens'\\)"):
        fit_project(project, municipality="Nergens")
    corpus = make_corpus(per_theme=3, seed=1)
    for i, p in enumerate(corpus):
        p.id = f"x{i}"
    foreign = ThemeModel(ThemeConfig(nr_topics=3, random_state=0)).fit(corpus)
    with pytest.raises(ThemeError, match="not project passage ids"):
        save_to_project(project, foreign)
    empty_id = project.save_topic_model("leeg", {}, [], [], blob=None)
    with pytest.raises(ThemeError, match=f"topic model {empty_id} \\('leeg'\\) has no stored model"):
        load_from_project(project, empty_id)
    with pytest.raises(StoreError):
        load_from_project(project, 12345)


def _tiny_sentence_model(folder: Path) -> Path:
    """A tiny random sentence-transformers model written to disk (nothing downloaded)."""
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer import modules
    from transformers import BertConfig, BertModel, BertTokenizer

    words = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + sorted(
        {w.strip(".,").lower() for p in make_corpus(per_theme=5, seed=4) for w in p.text.split()}
    )
    (folder / "vocab.txt").write_text("\n".join(words), encoding="utf-8")
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=len(words),
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=128,
    )
    BertModel(config).save_pretrained(folder)
    BertTokenizer(str(folder / "vocab.txt")).save_pretrained(folder)
    transformer = modules.Transformer(str(folder), max_seq_length=64)
    model = SentenceTransformer(modules=[transformer, modules.Pooling(transformer.get_embedding_dimension())])
    target = folder / "st"
    model.save(str(target))
    return target


def test_a_local_sentence_transformers_model_is_used_and_reloaded(tmp_path: Path, no_network) -> None:
    path = _tiny_sentence_model(tmp_path)
    corpus = make_corpus(per_theme=8, seed=4)
    model = ThemeModel(ThemeConfig(embedding_model=str(path), nr_topics=3, random_state=0)).fit(corpus)
    assert type(model.embedder_).__name__ == "SentenceEmbedder"
    assert model.embed(NEW_TEXTS).shape == (3, 16)
    again = model_from_bytes(model_to_bytes(model))
    assert again.transform(NEW_TEXTS) == model.transform(NEW_TEXTS)
    # precomputed embeddings from the same model give the same topics
    vectors = model.embed(corpus)
    pre = ThemeModel(ThemeConfig(embedding_model=str(path), nr_topics=3, random_state=0)).fit(
        corpus, embeddings=vectors
    )
    assert pre.labels_ == model.labels_

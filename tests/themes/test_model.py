from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
import pytest

from analysis.domain import Passage
from analysis.themes import OUTLIER, ThemeConfig, ThemeError, ThemeModel, ThemePassage, npmi_coherence

from .conftest import THEMES, make_corpus


def _theme_of(passages: list[ThemePassage]) -> list[str]:
    return [p.attributes["theme"] for p in passages]


def test_offline_default_end_to_end_on_the_seed_reports(seed_passages, no_network) -> None:
    model = ThemeModel(ThemeConfig(random_state=11)).fit(seed_passages)
    topics = model.topics()
    assert 5 <= len(topics) <= 80
    assert model.config.embedding_model is None  # the offline LSA default was used
    sizes = Counter(model.labels_)
    assert sum(t.size for t in model.topics(include_outliers=True)) == len(seed_passages)
    for topic in topics:
        assert topic.size == sizes[topic.id] > 0
        # top_n_words, less any keyword holding a person's name (never shown: issue 12 point 4)
        assert model.config.top_n_words - 2 <= len(topic.keywords) <= model.config.top_n_words
        assert all(w and w.strip() == w for w in topic.words)
        assert topic.label and topic.label.split(", ")[0] in topic.words[0]
        # representatives are fitted passages of that topic, shown with their text
        assert 1 <= len(topic.representative_ids) <= model.config.n_representatives
        by_id = {p.id: p.text for p in seed_passages}
        for pid, text in zip(topic.representative_ids, topic.representatives):
            assert by_id[pid] == text
            assert model.labels_[model.passage_ids.index(pid)] == topic.id
    # speaker labels, stop words, fillers and municipality names never become keywords
    words = {w for t in topics for w in t.words for w in w.split()}
    assert not words & {"de", "het", "een", "gewoon", "eigenlijk", "deventer", "enschede", "almelo", "berkelland"}
    # outliers were reassigned (c-TF-IDF strategy): few remain
    assert sizes.get(OUTLIER, 0) < 0.1 * len(seed_passages)
    # the topics are coherent on their own corpus
    assert npmi_coherence([t.words for t in topics], model.documents_) > 0.05
    assert model.assignments()[0][0] == seed_passages[0].id


def test_topics_follow_the_themes_of_a_synthetic_corpus(synthetic, synthetic_model) -> None:
    themes = _theme_of(synthetic)
    labels = synthetic_model.labels_
    # every topic is (nearly) pure: one theme makes up 80 % or more of it
    for topic in synthetic_model.topics():
        members = Counter(t for t, label in zip(themes, labels) if label == topic.id)
        assert members.most_common(1)[0][1] >= 0.8 * topic.size, (topic.label, members)
    # and every theme is the main theme of some topic
    main = {
        Counter(t for t, label in zip(themes, labels) if label == topic.id).most_common(1)[0][0]
        for topic in synthetic_model.topics()
    }
    assert main == set(THEMES)


def test_two_fits_with_the_same_seed_are_identical(synthetic, synthetic_model) -> None:
    again = ThemeModel(ThemeConfig(random_state=3)).fit(synthetic)
    assert again.assignments() == synthetic_model.assignments()
    assert [t.to_dict() for t in again.topics()] == [t.to_dict() for t in synthetic_model.topics()]


def test_fixed_number_of_topics_uses_kmeans_without_outliers(synthetic) -> None:
    model = ThemeModel(ThemeConfig(nr_topics=5, random_state=1, reduce_outliers=None)).fit(synthetic)
    assert len(model.topics()) == 5
    assert OUTLIER not in model.labels_
    assert type(model.bertopic_.hdbscan_model).__name__ == "KMeans"


def test_pca_reducer_and_embedding_outlier_strategy(synthetic) -> None:
    model = ThemeModel(ThemeConfig(reducer="pca", reduce_outliers="embeddings", random_state=2)).fit(synthetic)
    assert type(model.bertopic_.umap_model).__name__ == "PCA"
    assert len(model.topics()) >= 2


def test_per_class_counts_and_shares(synthetic, synthetic_model) -> None:
    table = synthetic_model.per_class("municipality")
    assert list(table.columns) == ["class", "topic", "label", "frequency", "share_in_class", "share_of_topic", "words"]
    counts = Counter(p.municipality for p in synthetic)
    for muni, group in table.groupby("class"):
        assert group["frequency"].sum() == counts[muni]
        assert group["share_in_class"].sum() == pytest.approx(1.0)
    for topic, group in table.groupby("topic"):
        assert group["frequency"].sum() == Counter(synthetic_model.labels_)[topic]
        assert group["share_of_topic"].sum() == pytest.approx(1.0)
    # an explicit list works too and gives the same table as the attribute name
    explicit = synthetic_model.per_class([p.respondent_group for p in synthetic])
    assert explicit.equals(synthetic_model.per_class("respondent_group"))
    # participant attributes are classes as well
    by_theme = synthetic_model.per_class("theme")
    assert set(by_theme["class"]) == set(THEMES)


def test_per_class_rejects_unknown_attributes_and_wrong_lengths(synthetic_model) -> None:
    with pytest.raises(ThemeError, match="unknown passage attribute 'gemeente'"):
        synthetic_model.per_class("gemeente")
    with pytest.raises(ThemeError, match="got 3 classes for 200 fitted passages"):
        synthetic_model.per_class(["a", "b", "c"])


def test_over_time_uses_passage_dates(synthetic, synthetic_model) -> None:
    table = synthetic_model.over_time()
    assert list(table.columns) == ["timestamp", "topic", "label", "frequency", "words"]
    assert table["frequency"].sum() == len(synthetic)
    per_date = table.groupby("timestamp")["frequency"].sum()
    expected = Counter(pd.Timestamp(p.date) for p in synthetic)
    assert {ts: int(n) for ts, n in per_date.items()} == dict(expected)


def test_over_time_without_dates_says_so(synthetic_model) -> None:
    with pytest.raises(ThemeError, match="no fitted passage has a \\(readable\\) date"):
        synthetic_model.over_time([None] * len(synthetic_model.passage_ids))


def test_transform_assigns_new_passages_to_their_theme(synthetic_model, synthetic) -> None:
    themes = _theme_of(synthetic)
    labels = synthetic_model.labels_
    main_theme = {
        topic.id: Counter(t for t, label in zip(themes, labels) if label == topic.id).most_common(1)[0][0]
        for topic in synthetic_model.topics()
    }
    new = {
        "wachten": "Wij staan nu al acht maanden op de wachtlijst, de wachttijd is gewoon te lang.",
        "mantelzorg": "Als mantelzorger voor mijn vader kan ik wel wat respijtzorg gebruiken.",
        "digitaal": "Het registratiesysteem is traag en de privacy van inwoners is onduidelijk.",
    }
    result = synthetic_model.transform(list(new.values()) + ["", "ja nee eh"])
    for (theme, _), (topic, score) in zip(new.items(), result):
        assert main_theme[topic] == theme
        assert 0 < score <= 1.0 + 1e-6
    # texts without any content word get no topic
    assert [t for t, _ in result[3:]] == [OUTLIER, OUTLIER]
    # transforming the fitted passages mostly gives back their own topics
    again = synthetic_model.transform(synthetic)
    agree = np.mean([a == t for (a, _), t in zip(again, labels) if t != OUTLIER])
    assert agree > 0.85


def test_accepts_domain_passages_and_strings() -> None:
    corpus = make_corpus(per_theme=8, seed=5)
    passages = [Passage(0, len(p.text), p.text, ordinal=i, id=50 + i) for i, p in enumerate(corpus)]
    model = ThemeModel(ThemeConfig(random_state=0, nr_topics=3)).fit(passages)
    assert model.passage_ids == [50 + i for i in range(len(corpus))]
    strings = ThemeModel(ThemeConfig(random_state=0, nr_topics=3)).fit([p.text for p in corpus])
    assert strings.passage_ids == list(range(len(corpus)))
    assert strings.labels_ == model.labels_


def test_clear_errors_for_unusable_input() -> None:
    with pytest.raises(ThemeError, match="at least 10 passages, got 3"):
        ThemeModel().fit(["a", "b", "c"])
    with pytest.raises(ThemeError, match="no content words"):
        ThemeModel().fit(["ja nee eh"] * 20)
    with pytest.raises(ThemeError, match="not fitted yet"):
        ThemeModel().topics()
    with pytest.raises(ThemeError, match="precomputed embeddings need config.embedding_model"):
        ThemeModel().fit(make_corpus(per_theme=3), embeddings=np.zeros((15, 4)))
    with pytest.raises(ValueError, match="reducer must be one of umap, pca"):
        ThemeConfig(reducer="tsne")


def test_large_corpora_cluster_on_a_sample_and_assign_the_rest() -> None:
    corpus = make_corpus(per_theme=60, seed=9)
    model = ThemeModel(ThemeConfig(max_cluster_passages=150, random_state=4)).fit(corpus)
    assert len(model.labels_) == len(corpus) == 300
    themes = _theme_of(corpus)
    for topic in model.topics():
        members = Counter(t for t, label in zip(themes, model.labels_) if label == topic.id)
        assert members.most_common(1)[0][1] >= 0.8 * topic.size
    # BERTopic's own state describes all passages, not only the sample
    assert len(model.bertopic_.topics_) == 300
    assert sum(t.size for t in model.topics(include_outliers=True)) == 300


def test_sentence_transformer_models_must_be_local(synthetic) -> None:
    missing = "/nonexistent/duiding-test-model"
    with pytest.raises(ValueError, match="never downloads models"):
        ThemeModel(ThemeConfig(embedding_model=missing)).fit(synthetic)

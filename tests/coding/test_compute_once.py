"""The coders' public parts (transform / score / suggest) compose, and features are computed once per batch."""

from __future__ import annotations

import numpy as np
import pytest
from test_auto import _build_project, code_first_half

from analysis.coding import LearnedCoder, ZeroShotCoder, analyze_passages
from analysis.coding.features import CharNgramVectorizer
from analysis.coding.rules import RuleCoder


def _rows(suggestions):
    return [[(s.code_id, s.confidence, s.origin, s.scores, s.evidence) for s in row] for row in suggestions]


def test_zero_shot_parts_compose_to_predict_and_predict_proba(codebook, corpus):
    texts, _ = corpus
    analyzed = analyze_passages(texts)
    coder = ZeroShotCoder(codebook).fit(analyzed).release_corpus()
    features = coder.transform(analyzed)
    assert features.lexical.shape[0] == len(texts) and len(features) == len(texts)
    scores = coder.score(features)
    assert scores.code.shape == scores.proba.shape == (len(texts), len(coder.code_ids_))
    assert scores.family.shape == (len(texts), len(coder.families_))
    assert _rows(coder.suggest(scores)) == _rows(coder.predict(analyzed))
    np.testing.assert_array_equal(scores.proba, coder.predict_proba(analyzed))
    assert np.all((scores.proba >= 0) & (scores.proba <= 1))


def test_learned_parts_compose_to_predict_and_predict_proba(codebook, corpus):
    texts, labels = corpus
    analyzed = analyze_passages(texts)
    coder = LearnedCoder(codebook).fit(analyzed[:80], labels[:80], corpus=analyzed)
    rest = analyzed[80:]
    features = coder.transform(rest)
    scores = coder.score(features)
    assert scores.features is features and features.analyzed == rest
    assert _rows(coder.suggest(scores)) == _rows(coder.predict(rest))
    np.testing.assert_array_equal(scores.proba, coder.predict_proba(rest))
    # Codes without a model fall back to the zero-shot probabilities of the same features.
    untrained = [j for j, c in enumerate(coder.code_ids_) if c not in coder.models_]
    assert np.isnan(scores.model[:, untrained]).all()
    np.testing.assert_array_equal(scores.proba[:, untrained], features.prior.proba[:, untrained])
    # The queue's diversity rows are the zero-shot TF-IDF rows, not a recomputation.
    assert features.lexical is features.zero_shot.lexical


def test_transform_before_fit_is_refused(codebook):
    with pytest.raises(RuntimeError, match="not fitted"):
        ZeroShotCoder(codebook).transform(["tekst"])
    with pytest.raises(RuntimeError, match="not fitted"):
        LearnedCoder(codebook).transform(["tekst"])


class _Counter:
    """Counts calls of a method on a class (wrapping it, behaviour unchanged)."""

    def __init__(self, monkeypatch, cls, name):
        self.calls = 0
        original = getattr(cls, name)

        def wrapped(*args, **kwargs):
            self.calls += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(cls, name, wrapped)


def test_auto_code_computes_features_once_per_batch(tmp_path, monkeypatch):
    from analysis.coding import auto_code

    project, cb, truth = _build_project(tmp_path)
    code_first_half(project, cb, truth)
    rules = _Counter(monkeypatch, RuleCoder, "score_matrix")
    chars = _Counter(monkeypatch, CharNgramVectorizer, "transform")
    zero_shot = _Counter(monkeypatch, ZeroShotCoder, "transform")
    batch_size = 10
    report = auto_code(project, cb.id, progress=False, batch_size=batch_size)
    assert report.mode == "learned" and report.review_queue
    batches = -(-project.count_passages() // batch_size)
    # Rule evidence: once when fitting the zero-shot spaces, once for the training passages, once per batch
    # (before: twice per batch, for predict and again for predict_proba).
    assert rules.calls == 2 + batches
    # Character n-grams: once to fit the learned coder's training matrix, once per batch.
    assert chars.calls == 1 + batches
    assert zero_shot.calls == 1 + batches


def test_auto_code_suggestions_match_the_composed_parts(tmp_path):
    """auto_code stores exactly what the learned coder's predict gives on the same passages."""
    from analysis.coding import auto_code, training_data
    from analysis.coding.auto import _fetch
    from analysis.domain import CodingStatus

    project, cb, truth = _build_project(tmp_path)
    code_first_half(project, cb, truth)
    auto_code(project, cb.id, progress=False, batch_size=7)
    stored = {
        (c.passage_id, c.code_id): c.confidence
        for c in project.codings(codebook_id=cb.id, coder="duiding-auto", status=CodingStatus.SUGGESTED)
    }
    passages = project.passages()
    zs = ZeroShotCoder(cb).fit(analyze_passages(passages))
    t_ids, labels, negatives = training_data(project, cb)
    coder = LearnedCoder(cb, zero_shot=zs).fit(_fetch(project, t_ids), labels, negatives)
    expected = {
        (s.passage_id, s.code_id): round(s.confidence, 4)
        for row in coder.predict(passages)
        for s in row
        if (s.passage_id, s.code_id) not in {(c.passage_id, c.code_id) for c in project.codings(coder="onderzoeker")}
    }
    assert stored == expected


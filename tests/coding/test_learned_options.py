"""Options of the learned coder: text model family, per-code C, threshold rule, at-least-one decoding."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from analysis.coding import LearnedCoder
from analysis.coding.learned import TEXT_MODELS, CodeModel, _NBLogistic, text_classifier


def _toy(n: int = 80, seed: int = 0) -> tuple[sp.csr_matrix, np.ndarray]:
    """Column 0 marks the positives (noisily), columns 1-4 are noise."""
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < 0.3).astype(int)
    X = rng.random((n, 5)) * 0.5
    X[:, 0] += y * 1.0
    return sp.csr_matrix(X), y


@pytest.mark.parametrize("kind", TEXT_MODELS)
def test_every_text_model_ranks_the_positives_first(kind):
    from sklearn.metrics import roc_auc_score

    X, y = _toy()
    m = text_classifier(kind, 10.0).fit(X, y)
    assert roc_auc_score(y, m.decision_function(X)) > 0.9


def test_unknown_text_model_is_an_error():
    with pytest.raises(ValueError, match="unknown text model"):
        text_classifier("forest", 1.0)


def test_nb_weights_are_log_count_ratios_of_the_training_rows():
    X = sp.csr_matrix(np.array([[2.0, 0.0], [1.0, 1.0], [0.0, 3.0], [0.0, 1.0]]))
    y = np.array([1, 1, 0, 0])
    m = _NBLogistic(C=1.0, alpha=1.0).fit(X, y)
    p = np.array([1 + 3, 1 + 1])  # smoothed positive counts per feature
    q = np.array([1 + 0, 1 + 4])
    assert np.allclose(m.r_, np.log((p / p.sum()) / (q / q.sum())))
    assert m.r_[0] > 0 > m.r_[1]


def test_text_models_can_be_stacked():
    X, y = _toy(120, seed=2)
    prior = np.zeros((len(y), 2))
    m = CodeModel(text_model="lr+nblr").fit(X, prior, y)
    assert len(m.text_models_) == 2 and len(m.meta_.coef_) == 2 + 2  # two text scores, two prior features
    p = m.predict_proba(X, prior)
    assert p.shape == (len(y),) and np.all((p >= 0) & (p <= 1))


def test_C_grid_chooses_a_C_from_the_grid_by_inner_cv():
    X, y = _toy(120, seed=3)
    prior = np.zeros((len(y), 2))
    m = CodeModel(C=10.0, C_grid=(0.01, 1.0, 100.0)).fit(X, prior, y)
    assert m.C in (0.01, 1.0, 100.0)
    assert 0.0 <= m.threshold_ <= 1.0


def test_half_f1_threshold_rule_is_half_the_out_of_fold_f1():
    X, y = _toy(120, seed=4)
    prior = np.zeros((len(y), 2))
    oof = CodeModel().fit(X, prior, y)
    half = CodeModel(threshold_rule="half_f1").fit(X, prior, y)
    # Same out-of-fold probabilities; the rule moves only the cut-off, below the F1-maximising one.
    assert 0.0 < half.threshold_ <= 0.5
    assert half.threshold_ != oof.threshold_
    with pytest.raises(ValueError, match="threshold rule"):
        CodeModel(threshold_rule="guess").fit(X, prior, y)


def test_at_least_one_gives_the_code_nearest_its_threshold_to_a_passage_without_codes(codebook, corpus):
    texts, labels = corpus
    coder = LearnedCoder(codebook).fit(texts, labels)
    candidates = [
        "Het weer was mooi en we hebben koffie gedronken in de tuin.",
        "Dank u wel voor het gesprek.",
        "Ja. Ja, echt.",
        "We gingen met de fiets naar het strand.",
    ]
    plain = coder.predict(candidates)
    empty = [t for t, row in zip(candidates, plain) if not row]
    assert empty, "the hand-made passages should get no code from the plain decoding"
    probs = coder.predict_proba(empty)
    expected = []
    for row in probs:
        ratios = {c: row[j] / coder.models_[c].threshold_ for j, c in enumerate(coder.code_ids_) if c in coder.models_}
        expected.append(max(ratios, key=ratios.get))

    coder.at_least_one = 0.0  # decoding only: the same fitted models
    got = coder.predict(empty)
    assert [[s.code_id for s in row] for row in got] == [[c] for c in expected]
    for row, p, c in zip(got, probs, expected):
        assert row[0].confidence == pytest.approx(p[coder.code_ids_.index(c)], abs=1e-4)
    # Passages that already have a code are left as they are.
    for a, b in zip(plain, coder.predict(candidates)):
        if a:
            assert [(s.code_id, s.confidence) for s in a] == [(s.code_id, s.confidence) for s in b]
    # A floor above every probability leaves the passages without codes.
    coder.at_least_one = 0.999
    assert coder.predict(empty) == [[] for _ in empty]

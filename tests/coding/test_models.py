"""Zero-shot and learned coders, calibration, and the active-learning order."""

from __future__ import annotations

import numpy as np
import pytest
from coding_testdata import THEME_SENTENCES, synthetic_corpus

from analysis.coding import LearnedCoder, ZeroShotCoder, analyze_passages, review_order, score_sets, uncertainty
from analysis.coding.evaluate import rollup


def _rolled(codebook, suggestions, labels):
    return [{rollup(codebook, s.code_id, labels) for s in row} - {None} for row in suggestions]


# --------------------------------------------------------------------------- zero-shot


def test_zero_shot_finds_the_themes_of_a_synthetic_corpus(codebook, corpus):
    texts, gold = corpus
    analyzed = analyze_passages(texts)
    zs = ZeroShotCoder(codebook).fit(analyzed)
    suggestions = zs.predict(analyzed)
    labels = sorted(THEME_SENTENCES)
    scores = score_sets(gold, _rolled(codebook, suggestions, set(labels)), labels)
    # The themes are spelled out with the codebook's own vocabulary: most must be found.
    assert scores["macro_f1"] >= 0.7, scores
    for row in suggestions:
        for s in row:
            assert 0.0 <= s.confidence <= 1.0
            assert s.code_id in zs.code_ids_


def test_zero_shot_probabilities_rank_theme_passages_higher(codebook, corpus):
    texts, gold = corpus
    zs = ZeroShotCoder(codebook).fit(texts)
    probs = zs.predict_proba(texts)
    assert probs.shape == (len(texts), len(zs.code_ids_))
    assert np.all((probs >= 0) & (probs <= 1))
    j = zs.code_ids_.index("werkdruk")
    with_theme = probs[[i for i, g in enumerate(gold) if "werkdruk" in g], j]
    without = probs[[i for i, g in enumerate(gold) if "werkdruk" not in g], j]
    assert with_theme.mean() > without.mean() + 0.3


def test_zero_shot_keeps_axes_apart(codebook):
    texts = ["De werkdruk is een groot probleem, de caseload is te hoog."] + synthetic_corpus(40, seed=3)[0]
    zs = ZeroShotCoder(codebook).fit(texts)
    (row,) = zs.predict(texts[:1])
    codes = {s.code_id for s in row}
    assert "werkdruk" in codes
    assert "knelpunt" in codes  # the stance axis does not compete with the themes


def test_zero_shot_on_a_tiny_corpus_and_errors(codebook):
    zs = ZeroShotCoder(codebook).fit(["Het loket is slecht bereikbaar."])
    (row,) = zs.predict(["Het loket is slecht bereikbaar en de telefoon gaat over."])
    assert "toegang" in {s.code_id for s in row}
    with pytest.raises(RuntimeError, match="not fitted"):
        ZeroShotCoder(codebook).predict(["x"])
    from analysis.domain import Code, Codebook

    with pytest.raises(ValueError, match="no codable codes"):
        ZeroShotCoder(Codebook(id="leeg", name="Leeg", codes=[Code(id="a", name="A", codable=False)])).fit(["x"])


def test_missing_embedding_model_is_a_clear_error(codebook, tmp_path):
    with pytest.raises(FileNotFoundError, match="never downloaded"):
        ZeroShotCoder(codebook, embedding_model=str(tmp_path / "nope")).fit(["Het loket."])


# --------------------------------------------------------------------------- learned


def _vague_corpus(n: int, seed: int) -> tuple[list[str], list[set[str]]]:
    """Theme passages use words the codebook does not know, so only learning can find them."""
    rng = np.random.default_rng(seed)
    theme_words = ["fietsenstalling", "parkeervergunning", "stoeptegel", "lantaarnpaal"]
    other_words = ["zomer", "vakantie", "strand", "ijsje", "zwembad", "camping", "tent", "zon"]
    texts, labels = [], []
    for _ in range(n):
        k = int(rng.integers(0, 4))  # 0..3 theme words: 0 = clearly not, 3 = clearly yes
        words = list(rng.choice(theme_words, size=k)) + list(rng.choice(other_words, size=6 - k))
        rng.shuffle(words)
        # the label is noisy: more theme words, more likely the theme
        p = [0.05, 0.5, 0.85, 0.97][k]
        texts.append("We praten over " + " en ".join(words) + ".")
        labels.append({"werkdruk"} if rng.random() < p else set())
    return texts, labels


def test_learned_coder_learns_what_the_codebook_does_not_say(codebook):
    texts, labels = _vague_corpus(300, seed=0)
    test_texts, test_labels = _vague_corpus(300, seed=1)
    coder = LearnedCoder(codebook).fit(texts, labels, corpus=texts + test_texts)
    assert "werkdruk" in coder.trained_codes
    probs = coder.predict_proba(test_texts)[:, coder.code_ids_.index("werkdruk")]
    assert np.all((probs >= 0) & (probs <= 1))
    # Clearer cases get higher confidence: mean probability rises with the number of theme words.
    counts = np.array(
        [
            sum(w in t for w in ("fietsenstalling", "parkeervergunning", "stoeptegel", "lantaarnpaal"))
            for t in test_texts
        ]
    )
    k_of = np.array(
        [
            sum(t.count(w) for w in ("fietsenstalling", "parkeervergunning", "stoeptegel", "lantaarnpaal"))
            for t in test_texts
        ]
    )
    assert (counts > 0).sum() > 0
    means = [probs[k_of == k].mean() for k in range(4) if (k_of == k).any()]
    assert means == sorted(means)
    assert means[-1] - means[0] > 0.5
    # Reliability on held-out data: in each probability bin the observed rate is close.
    y = np.array([1 if l else 0 for l in test_labels])
    for lo, hi in ((0.0, 0.3), (0.7, 1.01)):
        mask = (probs >= lo) & (probs < hi)
        if mask.sum() >= 20:
            assert abs(y[mask].mean() - probs[mask].mean()) < 0.2
    pred = coder.predict(test_texts)
    got = [{s.code_id for s in row if s.code_id == "werkdruk"} for row in pred]
    assert score_sets(test_labels, got, ["werkdruk"])["macro_f1"] > 0.7


def test_learned_coder_needs_enough_decisions(codebook, corpus):
    texts, labels = corpus
    few = [set() for _ in texts]
    few[0] = {"werkdruk"}
    coder = LearnedCoder(codebook).fit(texts, few)
    assert coder.trained_codes == []  # one positive is not enough: zero-shot suggestions remain
    assert any(row for row in coder.predict(texts[:10]))
    with pytest.raises(ValueError, match="label sets"):
        LearnedCoder(codebook).fit(texts, labels[:3])
    with pytest.raises(ValueError, match="not in codebook"):
        LearnedCoder(codebook).fit(texts[:2], [{"bestaat-niet"}, set()])
    with pytest.raises(RuntimeError, match="not fitted"):
        LearnedCoder(codebook).predict(texts)


def test_child_positive_trains_the_parent(codebook, corpus):
    texts, labels = corpus
    child_labels = [{"wachttijden"} if "toegang" in l else set() for l in labels]
    coder = LearnedCoder(codebook).fit(texts, child_labels)
    assert "toegang" in coder.trained_codes and "wachttijden" in coder.trained_codes


def test_refit_reuses_the_zero_shot_spaces(codebook, corpus):
    texts, labels = corpus
    coder = LearnedCoder(codebook).fit(texts[:60], labels[:60], corpus=texts)
    spaces = coder.zero_shot_
    coder.refit(texts, labels)
    assert coder.zero_shot_ is spaces
    assert coder.n_train_ == len(texts)


# --------------------------------------------------------------------------- active learning


def test_review_order_puts_the_most_uncertain_first():
    probs = np.array([[0.99, 0.01], [0.5, 0.9], [0.8, 0.1], [0.62, 0.0], [0.05, 0.95]])
    ids = [10, 11, 12, 13, 14]
    order = review_order(ids, probs)
    assert order[0] == 11
    u = uncertainty(probs)
    assert [u[ids.index(i)] for i in order] == sorted(u, reverse=True)
    assert review_order(ids, probs, limit=2) == order[:2]
    assert review_order([], np.zeros((0, 2))) == []


def test_review_order_diversity_demotes_near_duplicates():
    probs = np.array([[0.5], [0.5], [0.55]])
    features = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    plain = review_order([1, 2, 3], probs)
    diverse = review_order([1, 2, 3], probs, features, diversity=0.5)
    assert plain == [1, 2, 3]
    assert diverse == [1, 3, 2]  # the duplicate of 1 waits


def test_review_order_validates_its_input():
    with pytest.raises(ValueError, match="probability rows"):
        review_order([1, 2], np.array([[0.5]]))
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        review_order([1], np.array([[1.5]]))


def test_char_ngram_features_equal_scikit_learns_char_wb():
    from sklearn.feature_extraction.text import TfidfVectorizer

    from analysis.coding.features import CharNgramVectorizer

    docs = [
        ["de", "wachtlijst", "is", "lang"],
        ["wachtlijsten", "bij", "de", "jeugdzorg"],
        ["lang", "wachten", "op", "jeugdzorg", "en", "wachten"],
        ["de", "jeugdzorgwachtlijst", "groeit"],
    ]
    ours = CharNgramVectorizer(ngram_range=(3, 5), min_df=1).fit(docs)
    got = ours.transform(docs).toarray()
    ref = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    want = ref.fit_transform([" ".join(d) for d in docs]).toarray()
    names = list(ref.get_feature_names_out())
    assert sorted(ours.grams_) == sorted(names)
    order = [ours.grams_[g] for g in names]
    np.testing.assert_allclose(got[:, order], want, rtol=1e-5, atol=1e-6)
    # Unseen word forms contribute only the n-grams the vectorizer knows.
    new = ours.transform([["wachtlijstje"], ["xyzzy"]])
    assert new[0].nnz > 0 and new[1].nnz == 0
    # Nothing to learn from (no word forms): zero columns, not an error.
    assert CharNgramVectorizer().fit([[], []]).transform([["wachtlijst"]]).shape == (1, 0)


def test_char_ngrams_are_part_of_the_learned_features(codebook, corpus):
    texts, labels = corpus
    with_chars = LearnedCoder(codebook).fit(texts, labels)
    without = LearnedCoder(codebook, char_ngrams=None).fit(texts, labels)
    X_with = with_chars.transform(analyze_passages(texts)).text
    X_without = without.transform(analyze_passages(texts)).text
    assert X_with.shape[1] == X_without.shape[1] + len(with_chars.chars_.grams_)
    # Both still learn the corpus's themes.
    for coder in (with_chars, without):
        got = [{s.code_id for s in row} for row in coder.predict(texts)]
        hits = sum(1 for g, want in zip(got, labels) if set(want) & g)
        assert hits >= 0.8 * len(texts)

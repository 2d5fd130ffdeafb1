"""Zero-shot calibration and decoding: per-code standardised evidence, the floor for a passage's best
family and the higher bar for any further family, the best-criterion encoder profile."""

from __future__ import annotations

import numpy as np
import pytest
from coding_testdata import make_codebook, synthetic_corpus

from analysis.coding import ZeroShotCoder, analyze_passages
from analysis.coding.zero_shot import ZeroShotScores


@pytest.fixture()
def codebook():
    return make_codebook()


def _scores(zs: ZeroShotCoder, family_rows: list[list[float]]) -> ZeroShotScores:
    """Hand-made standardised scores: each family's score given, every code equal to its family's."""
    zf = np.asarray(family_rows, dtype=float)
    zc = zf[:, zs.family_col_]
    feats = zs.transform(["x"] * len(family_rows))
    rule = np.zeros_like(zc)
    return ZeroShotScores(feats, zc, zf, zc, zs.proba(zc, rule))


def _families_chosen(zs: ZeroShotCoder, scores: ZeroShotScores) -> list[list[str]]:
    return [sorted(zs.family_of_[j] for j, _ in row) for row in zs.decide(scores)]


def test_best_family_needs_the_floor_and_any_further_family_the_higher_bar(codebook):
    zs = ZeroShotCoder(codebook, threshold=2.0, extra_threshold=3.0, margin=0.0).fit(
        ["Het loket is dicht.", "Mijn caseload is hoog.", "Mantelzorg is zwaar."]
    )
    fams = zs.families_
    thematic = [f for f, axis in zip(fams, zs.family_axis_) if not axis]
    assert thematic[:3] == ["toegang", "werkdruk", "mantelzorg"]
    rows = []
    for best, second in ((3.5, 2.9), (3.5, 3.2), (1.9, 0.0), (2.5, 2.4)):
        row = [0.0] * len(fams)
        row[fams.index("toegang")] = best
        row[fams.index("werkdruk")] = second
        rows.append(row)
    chosen = _families_chosen(zs, _scores(zs, rows))
    assert chosen[0] == ["toegang"]  # the second family (2.9) does not stand out enough
    assert chosen[1] == ["toegang", "werkdruk"]  # 3.2 does
    assert chosen[2] == []  # the best family is below the floor: no suggestion
    assert chosen[3] == ["toegang"]  # the best family at 2.5 passes the floor alone


def test_without_extra_threshold_the_relative_margin_decides_as_before(codebook):
    zs = ZeroShotCoder(codebook, threshold=0.75, margin=0.6, extra_threshold=None).fit(["Het loket is dicht."])
    fams = zs.families_
    row = [0.0] * len(fams)
    row[fams.index("toegang")], row[fams.index("werkdruk")], row[fams.index("mantelzorg")] = 2.0, 1.3, 1.1
    assert _families_chosen(zs, _scores(zs, [row])) == [["toegang", "werkdruk"]]  # 1.1 < 0.6 * 2.0


def test_combined_evidence_is_standardised_per_code_over_the_corpus(codebook):
    corpus, _labels = synthetic_corpus(60, seed=3)
    zs = ZeroShotCoder(codebook, combine="z", shrinkage=0.0).fit(corpus)
    feats = zs.transform(corpus)
    assert {"tfidf", "lsa", "item"} <= set(zs._comp_stats)
    for name, _weight, M in zs._components(feats):
        if name == "rule":
            continue
        mu, sd, _scale = zs._comp_stats[name]
        z = (M - mu) / sd
        # every code's (and family's) evidence sits at 0 for the bulk of the passages, one spread below
        assert np.allclose(np.median(z, axis=0), 0.0, atol=1e-4)
        assert np.all(np.percentile(z, 16, axis=0) >= -1.0 - 1e-4)
    summed = ZeroShotCoder(codebook, combine="sum", shrinkage=0.0).fit(corpus)
    assert summed._comp_stats is None
    assert not np.allclose(zs._raw_from(feats), summed._raw_from(summed.transform(corpus)))


def test_default_decoding_finds_the_themes_of_a_synthetic_corpus(codebook):
    texts, labels = synthetic_corpus(80, seed=5)
    analyzed = analyze_passages(texts)
    zs = ZeroShotCoder(codebook).fit(analyzed)
    rows = zs.predict(analyzed)
    hits = sum(1 for gold, row in zip(labels, rows) if gold and {s.code_id for s in row} & gold)
    assert hits >= 0.6 * sum(1 for g in labels if g)


def test_a_space_silent_on_the_small_fitted_corpus_does_not_explode_on_new_text(codebook):
    # On one fitted passage every similarity has no spread; shrinkage to pooled spreads keeps the
    # standardised evidence of new passages finite and of ordinary size.
    zs = ZeroShotCoder(codebook).fit(["Het gesprek duurde ongeveer een uur."])
    scores = zs.score(zs.transform(["Mijn caseload is veel te hoog, we hebben een personeelstekort."]))
    assert np.all(np.isfinite(scores.family)) and np.abs(scores.family).max() < 1e3
    assert {s.code_id for s in zs.suggest(scores)[0]} == {"werkdruk"}


def test_invalid_options_are_refused(codebook):
    with pytest.raises(ValueError, match="combine"):
        ZeroShotCoder(codebook, combine="rank")
    with pytest.raises(ValueError, match="embedding_profile"):
        ZeroShotCoder(codebook, embedding_profile="median")


class _KeywordEncoder:
    """A fake encoder: one dimension per word of a small vocabulary (a bag of those words)."""

    model_id = "test/keywords"
    VOCAB = ["loket", "telefo", "wachtlijst", "caseload", "personeel", "mantelzorger", "moeder", "probleem"]
    dim = len(VOCAB) + 1

    def encode(self, texts, *, query: bool = False):
        out = np.zeros((len(texts), self.dim))
        for i, t in enumerate(texts):
            low = t.lower()
            for k, w in enumerate(self.VOCAB):
                out[i, k] = low.count(w)
            out[i, -1] = 0.1
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def test_best_criterion_profile_matches_a_passage_close_to_one_criterion(codebook):
    # Every text of "toegang" but one is about the loket; a passage about the telephone alone is close to that
    # one criterion, far from the mean of all of them.
    corpus = ["Ik kon niemand bereiken via de telefoon.", "Het loket was dicht.", "Mijn caseload is hoog."] * 4
    enc = _KeywordEncoder()
    weights = dict(tfidf_weight=0.0, lsa_weight=0.0, item_weight=0.0, rule_weight=0.0, expansion=0.0)
    mean = ZeroShotCoder(codebook, encoder=enc, embedding_center=False, embedding_profile="mean", **weights).fit(corpus)
    best = ZeroShotCoder(codebook, encoder=enc, embedding_center=False, embedding_profile="max", **weights).fit(corpus)
    col = mean.code_ids_.index("toegang")
    phone = mean.transform([corpus[0]]).embeddings
    sim_mean = mean._embedding_similarity(phone)[0, col]
    sim_best = best._embedding_similarity(best.transform([corpus[0]]).embeddings)[0, col]
    assert sim_best > sim_mean
    assert sim_best == pytest.approx(1.0)  # the criterion "Telefonische bereikbaarheid van het wijkteam."

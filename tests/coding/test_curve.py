"""The learning-curve simulation (duiding evaluate --curve), checked by hand on a tiny example."""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest
from coding_testdata import synthetic_corpus

from analysis.coding.base import Suggestion
from analysis.coding.curve import learning_curve, split_pool_test
from analysis.domain import Code, Codebook

CODEBOOK = Codebook("t", "T", codes=[Code("a", "A"), Code("b", "B")])
# The first word decides the codes. split_pool_test(10, seed=0) puts rows 2, 4, 6 in the test part.
ROWS = [
    ("appel een", {"a"}),  # 0 pool
    ("appel twee", {"a"}),  # 1 pool
    ("peer drie", {"b"}),  # 2 test
    ("appel vier", {"a"}),  # 3 pool
    ("appel vijf", {"a"}),  # 4 test
    ("appel zes", {"a"}),  # 5 pool
    ("druif zeven", {"b"}),  # 6 test
    ("peer acht", {"b"}),  # 7 pool
    ("druif negen", {"b"}),  # 8 pool
    ("kers tien", set()),  # 9 pool
]


class MemoryCoder:
    """Remembers the codes of each first word it was trained on; unknown words are uncertain (0.5)."""

    def fit(self, passages, labels):
        self.memory = {p.text.split()[0]: set(lab) for p, lab in zip(passages, labels)}
        return self

    def predict(self, passages):
        return [[Suggestion(c, 1.0) for c in sorted(self.memory.get(p.text.split()[0], ()))] for p in passages]

    def predict_proba(self, passages):
        rows = []
        for p in passages:
            known = self.memory.get(p.text.split()[0])
            rows.append([0.5, 0.5] if known is None else [float("a" in known), float("b" in known)])
        return np.asarray(rows)


def test_pool_and_test_part_are_fixed_by_the_seed():
    pool, test = split_pool_test(10, seed=0)
    assert (pool, test) == ([0, 1, 3, 5, 7, 8, 9], [2, 4, 6])
    assert split_pool_test(10, seed=0) == (pool, test)
    assert split_pool_test(10, seed=1) != (pool, test)
    with pytest.raises(ValueError, match="too few"):
        split_pool_test(1)


def test_curve_by_hand():
    result = learning_curve(
        CODEBOOK,
        None,
        steps=[2, 4],
        orders=["active", "document", "random"],
        batch=2,
        coder_factory=MemoryCoder,
        texts_and_gold=([t for t, _ in ROWS], [c for _, c in ROWS]),
    )
    assert (result["pool"], result["test"]) == (7, 3)
    f1 = {o: [(p["reviewed"], p["macro_f1"]) for p in pts] for o, pts in result["curve"].items()}
    # document: rows 0,1 then 0,1,3,5 teach only appel->a; the test part (peer b, appel a, druif b) gets
    # a right (F1 1) and b never (F1 0): macro 0.5 at both steps.
    assert f1["document"] == [(2, 0.5), (4, 0.5)]
    # active: the first two as in the document; then the known appel rows are certain, so the queue
    # offers the unknown peer (7) and druif (8): every test row right -> 1.0.
    assert f1["active"] == [(2, 0.5), (4, 1.0)]
    # random: the seeded shuffle of the pool starts 8 (druif b), 0 (appel a), then 1, 7 (peer b).
    # At 2: a 1.0; b TP 1 (druif), FN 1 (peer) -> F1 2/3; macro 0.8334. At 4: all right.
    assert f1["random"] == [(2, 0.8334), (4, 1.0)]  # (1 + 0.6667) / 2, from rounded per-code F1


def test_steps_beyond_the_pool_stop_at_the_pool():
    result = learning_curve(
        CODEBOOK, None, steps=[4, 50, 100], orders=["document"], coder_factory=MemoryCoder,
        texts_and_gold=([t for t, _ in ROWS], [c for _, c in ROWS]),
    )
    assert [p["reviewed"] for p in result["curve"]["document"]] == [4, 7]
    with pytest.raises(ValueError, match="unknown order"):
        learning_curve(CODEBOOK, None, orders=["alfabet"], texts_and_gold=([], []))


def test_curve_command_json(tmp_path, repo_root, codebook):
    from typer.testing import CliRunner

    from analysis.cli import app
    from analysis.codebook.io import dump_codebook

    texts, labels = synthetic_corpus(80, seed=3)
    gold = tmp_path / "gold.csv"
    with gold.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["text", "code"])
        for t, l in zip(texts, labels):
            w.writerow([t, ";".join(sorted(l))])
    cb = tmp_path / "cb.yaml"
    dump_codebook(codebook, cb)
    res = CliRunner().invoke(
        app,
        ["evaluate", "--codebook", str(cb), "--gold", str(gold), "--curve", "10,30",
         "--order", "active,document", "--encoder", "none", "--json"],
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert set(out["curve"]) == {"active", "document"}
    for points in out["curve"].values():
        assert [p["reviewed"] for p in points] == [10, 30]
        assert all(0.0 <= p["macro_f1"] <= 1.0 for p in points)
    assert (out["pool"], out["test"]) == (56, 24)

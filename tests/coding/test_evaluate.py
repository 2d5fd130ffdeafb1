from __future__ import annotations

import csv
import json

import pytest
from coding_testdata import synthetic_corpus

from analysis.coding import evaluate, format_table, load_gold, rollup, score_sets


def test_score_sets_by_hand():
    # Three passages, labels a and b.
    #   gold        predicted
    #   {a}         {a, b}
    #   {a, b}      {a}
    #   {}          {b}
    # a: TP=2 FP=0 FN=0 -> P=1, R=1, F1=1
    # b: TP=0 FP=2 FN=1 -> P=0, R=0, F1=0
    # macro-F1 = (1 + 0) / 2 = 0.5
    # micro: TP=2 FP=2 FN=1 -> P=2/4=0.5, R=2/3, F1 = 2*0.5*(2/3)/(0.5+2/3) = 0.5714
    gold = [{"a"}, {"a", "b"}, set()]
    pred = [{"a", "b"}, {"a"}, {"b"}]
    r = score_sets(gold, pred, ["a", "b"])
    assert r["per_code"]["a"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 2}
    assert r["per_code"]["b"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}
    assert r["macro_f1"] == pytest.approx(0.5)
    assert r["micro_f1"] == pytest.approx(0.5714, abs=1e-4)


def test_score_sets_partial_by_hand():
    # a: TP=1 FP=1 FN=1 -> P=0.5 R=0.5 F1=0.5 ; micro equals it (one label)
    r = score_sets([{"a"}, {"a"}, set()], [{"a"}, set(), {"a"}], ["a"])
    assert r["per_code"]["a"]["f1"] == pytest.approx(0.5)
    assert r["micro_f1"] == pytest.approx(0.5)
    with pytest.raises(ValueError, match="rows"):
        score_sets([set()], [], ["a"])


def test_rollup_to_the_gold_level(codebook):
    assert rollup(codebook, "wachttijden", {"toegang"}) == "toegang"
    assert rollup(codebook, "wachttijden", {"wachttijden", "toegang"}) == "wachttijden"
    assert rollup(codebook, "knelpunt", {"toegang"}) is None  # outside the label set: ignored
    assert rollup(codebook, "onbekend", {"toegang"}) is None


def _write_gold(path, rows):
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["file", "speaker", "text", "code"])
        for text, codes in rows:
            w.writerow(["x.txt", "R", text, ";".join(sorted(codes))])


def test_load_gold_errors_name_the_file(tmp_path, codebook):
    bad = tmp_path / "bad.csv"
    bad.write_text("tekst,code\nhallo,toegang\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.csv: missing column\(s\) text"):
        load_gold(bad)
    unknown = tmp_path / "unknown.csv"
    _write_gold(unknown, [("Het loket.", {"bestaat-niet"})])
    with pytest.raises(ValueError, match=r"unknown\.csv:2: code\(s\) bestaat-niet"):
        load_gold(unknown, codebook)
    with pytest.raises(FileNotFoundError, match="nope.csv"):
        load_gold(tmp_path / "nope.csv")


def test_evaluate_structure_and_consistency(tmp_path, codebook):
    texts, labels = synthetic_corpus(60, seed=5)
    # Gold at the top level for 'toegang'; a child prediction (wachttijden) must roll up.
    gold_path = tmp_path / "gold.csv"
    _write_gold(gold_path, list(zip(texts, labels)))
    texts2, gold = load_gold(gold_path, codebook)
    assert texts2 == texts and gold == labels
    result = evaluate(codebook, gold_path, folds=3)
    assert set(result) == {"zero_shot", "learned"}
    label_set = sorted({c for g in labels for c in g})
    for mode in ("zero_shot", "learned"):
        r = result[mode]
        assert set(r) == {"macro_f1", "micro_f1", "per_code"}
        assert sorted(r["per_code"]) == label_set
        for code, pc in r["per_code"].items():
            assert set(pc) == {"precision", "recall", "f1", "support"}
            assert pc["support"] == sum(code in g for g in labels)
            assert 0 <= pc["f1"] <= 1
        assert r["macro_f1"] == pytest.approx(sum(pc["f1"] for pc in r["per_code"].values()) / len(label_set), abs=1e-3)
    # Deterministic: the same seed gives the same result.
    assert evaluate(codebook, gold_path, folds=3) == result
    json.dumps(result)  # plain JSON
    table = format_table(result)
    assert "macro-F1" in table and "toegang" in table and "learned" in table
    only_zero = evaluate(codebook, [gold_path, gold_path])
    assert set(only_zero) == {"zero_shot"}
    with pytest.raises(ValueError, match="folds"):
        evaluate(codebook, gold_path, folds=1)


def test_format_table_needs_scores():
    with pytest.raises(ValueError, match="neither"):
        format_table({})


def test_deventer_gold_zero_shot(shared_dir, repo_root):
    """Honest check on real report prose (24 paragraphs); the codebook is written independently."""
    from analysis.codebook import load_codebook

    path = repo_root / "codebooks" / "deventer.yaml"
    if not path.exists():
        pytest.skip("codebooks/deventer.yaml is absent")
    result = evaluate(load_codebook(path), shared_dir / "eval" / "deventer_uitgangspunten_gold.csv")
    assert result["zero_shot"]["macro_f1"] >= 0.7, format_table(result)


def test_demo_second_coding_lines_up_with_the_gold():
    """corpora/demo/second_coder.csv codes the gold's turns in the gold's order with top-level codes."""
    from pathlib import Path

    from analysis.codebook import load_codebook

    root = Path(__file__).resolve().parents[2]
    demo = root / "corpora" / "demo"
    codebook = load_codebook(root / "codebooks" / "sociaal-domein.yaml")
    texts, gold = [], []
    for municipality in ("lindewaard", "oosterzande", "heemsteden"):
        t, g = load_gold(demo / municipality / "gold.csv", codebook)
        texts += t
        gold += g
    second_texts, second = load_gold(demo / "second_coder.csv", codebook)
    assert second_texts == texts
    top_level = {c.id for c in codebook.codes if c.parent is None}
    assert set().union(*second) <= set().union(*gold) <= top_level
    # a real second opinion: it differs from the gold on some turns, and agrees on most
    differ = sum(a != b for a, b in zip(gold, second))
    assert 0 < differ < len(gold) / 2


def test_report_evaluation_set_loads_against_the_generic_codebook():
    """corpora/eval's report gold only uses top-level codes of sociaal-domein and names its report."""
    from pathlib import Path

    from analysis.codebook import load_codebook

    root = Path(__file__).resolve().parents[2]
    codebook = load_codebook(root / "codebooks" / "sociaal-domein.yaml")
    path = root / "corpora" / "eval" / "seed_reports_sociaal-domein_gold.csv"
    texts, labels = load_gold(path, codebook)
    assert len(texts) == len(set(texts)) >= 200
    assert set().union(*labels) <= {c.id for c in codebook.codes if c.parent is None}
    with path.open(encoding="utf-8", newline="") as fh:
        reports = {row["report"] for row in csv.DictReader(fh)}
    assert reports == {"enschede-rekenkamercommissie-2019.txt", "almelo-raadsbrief-2018.txt"}

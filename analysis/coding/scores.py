"""Precision, recall and F1 of label sets: the one scoring function of the evaluations (no coder imports)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np


def score_sets(gold: Sequence[set[str]], predicted: Sequence[set[str]], labels: Sequence[str]) -> dict[str, Any]:
    """Precision/recall/F1 per label, macro-F1 (unweighted mean over labels) and micro-F1."""
    if len(gold) != len(predicted):
        raise ValueError(f"gold has {len(gold)} rows but predictions {len(predicted)}")
    per: dict[str, dict[str, float]] = {}
    tp_all = fp_all = fn_all = 0
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, predicted) if lab in g and lab in p)
        fp = sum(1 for g, p in zip(gold, predicted) if lab not in g and lab in p)
        fn = sum(1 for g, p in zip(gold, predicted) if lab in g and lab not in p)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[lab] = {"precision": round(prec, 4), "recall": round(rec, 4), "f1": round(f1, 4), "support": tp + fn}
        tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
    micro_p = tp_all / (tp_all + fp_all) if tp_all + fp_all else 0.0
    micro_r = tp_all / (tp_all + fn_all) if tp_all + fn_all else 0.0
    micro = 2 * micro_p * micro_r / (micro_p + micro_r) if micro_p + micro_r else 0.0
    macro = float(np.mean([per[lab]["f1"] for lab in labels])) if labels else 0.0
    return {"macro_f1": round(macro, 4), "micro_f1": round(micro, 4), "per_code": per}

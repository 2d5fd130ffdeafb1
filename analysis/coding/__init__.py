"""Auto-coding: rule coder, zero-shot and learned coders, active learning, evaluation.

>>> from analysis.coding import RuleCoder, ZeroShotCoder, LearnedCoder, auto_code, evaluate
>>> RuleCoder(codebook).fit().predict(passages)          # keyword/phrase evidence with offsets
>>> ZeroShotCoder(codebook).fit(corpus).predict(corpus)  # before any coding exists
>>> LearnedCoder(codebook).fit(passages, labels, corpus=corpus).predict(new)
>>> auto_code(project, "sociaal-domein")                  # store suggestions for review
>>> evaluate(codebook, "gold.csv", folds=5)               # P/R/F1 against a gold coding
"""

from .active import review_order, uncertainty
from .auto import AutoCodeReport, auto_code, training_data
from .base import AnalyzedPassage, Suggestion, analyze_passages
from .evaluate import evaluate, format_table, load_gold, rollup, score_sets
from .learned import CodeModel, LearnedCoder
from .rules import RuleCoder, RuleMatch
from .zero_shot import ZeroShotCoder

__all__ = [
    "AnalyzedPassage",
    "AutoCodeReport",
    "CodeModel",
    "LearnedCoder",
    "RuleCoder",
    "RuleMatch",
    "Suggestion",
    "ZeroShotCoder",
    "analyze_passages",
    "auto_code",
    "evaluate",
    "format_table",
    "load_gold",
    "review_order",
    "rollup",
    "score_sets",
    "training_data",
    "uncertainty",
]

"""Auto-coding: rule coder, zero-shot and learned coders, active learning, evaluation.

>>> from analysis.coding import RuleCoder, ZeroShotCoder, LearnedCoder, auto_code, evaluate
>>> RuleCoder(codebook).fit().predict(passages)          # keyword/phrase evidence with offsets
>>> ZeroShotCoder(codebook).fit(corpus).predict(corpus)  # before any coding exists
>>> LearnedCoder(codebook).fit(passages, labels, corpus=corpus).predict(new)
>>> coder.suggest(coder.score(coder.transform(batch)))  # the parts of predict: features once per batch
>>> auto_code(project, "sociaal-domein")                  # store suggestions for review
>>> evaluate(codebook, "gold.csv", folds=5)               # P/R/F1 against a gold coding

The public names are imported lazily: the submodules load spaCy, NumPy and
scikit-learn, and importing this package (as ``duiding --help`` does through
:mod:`analysis.cli.code`) should not. The first access to a name imports the
submodule that defines it (PEP 562 module ``__getattr__``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from analysis.lazyexports import lazy_exports

if TYPE_CHECKING:  # for type checkers and IDEs; at run time the names load on first use
    from .active import review_order, uncertainty
    from .auto import AutoCodeReport, auto_code, training_data
    from .base import AnalyzedPassage, Suggestion, analyze_passages
    from .evaluate import evaluate, format_table, load_gold, rollup, score_sets
    from .learned import CodeModel, LearnedCoder, LearnedFeatures, LearnedScores
    from .rules import RuleCoder, RuleMatch
    from .zero_shot import ZeroShotCoder, ZeroShotFeatures, ZeroShotScores

# public name -> submodule that defines it
_EXPORTS: dict[str, str] = {
    "review_order": "active",
    "uncertainty": "active",
    "AutoCodeReport": "auto",
    "auto_code": "auto",
    "training_data": "auto",
    "AnalyzedPassage": "base",
    "Suggestion": "base",
    "analyze_passages": "base",
    "evaluate": "evaluate",
    "format_table": "evaluate",
    "load_gold": "evaluate",
    "rollup": "evaluate",
    "score_sets": "evaluate",
    "CodeModel": "learned",
    "LearnedCoder": "learned",
    "LearnedFeatures": "learned",
    "LearnedScores": "learned",
    "RuleCoder": "rules",
    "RuleMatch": "rules",
    "ZeroShotCoder": "zero_shot",
    "ZeroShotFeatures": "zero_shot",
    "ZeroShotScores": "zero_shot",
}

__all__ = [
    "AnalyzedPassage",
    "AutoCodeReport",
    "CodeModel",
    "LearnedCoder",
    "LearnedFeatures",
    "LearnedScores",
    "RuleCoder",
    "RuleMatch",
    "Suggestion",
    "ZeroShotCoder",
    "ZeroShotFeatures",
    "ZeroShotScores",
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

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, __all__)

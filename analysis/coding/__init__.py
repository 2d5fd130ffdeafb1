"""Auto-coding: rule coder, zero-shot and learned coders, active learning, evaluation.

>>> from analysis.coding import RuleCoder, ZeroShotCoder, LearnedCoder, auto_code, evaluate
>>> RuleCoder(codebook).fit().predict(passages)          # keyword/phrase evidence with offsets
>>> ZeroShotCoder(codebook).fit(corpus).predict(corpus)  # before any coding exists
>>> LearnedCoder(codebook).fit(passages, labels, corpus=corpus).predict(new)
>>> auto_code(project, "sociaal-domein")                  # store suggestions for review
>>> evaluate(codebook, "gold.csv", folds=5)               # P/R/F1 against a gold coding

The public names are imported lazily: the submodules load spaCy, NumPy and
scikit-learn, and importing this package (as ``duiding --help`` does through
:mod:`analysis.coding.cli`) should not. The first access to a name imports the
submodule that defines it (PEP 562 module ``__getattr__``).
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # for type checkers and IDEs; at run time the names load on first use
    from .active import review_order, uncertainty
    from .auto import AutoCodeReport, auto_code, training_data
    from .base import AnalyzedPassage, Suggestion, analyze_passages
    from .evaluate import evaluate, format_table, load_gold, rollup, score_sets
    from .learned import CodeModel, LearnedCoder
    from .rules import RuleCoder, RuleMatch
    from .zero_shot import ZeroShotCoder

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
    "RuleCoder": "rules",
    "RuleMatch": "rules",
    "ZeroShotCoder": "zero_shot",
}

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

# Public names that are also submodule names: ``analysis.coding.evaluate`` is the
# function, as it was when this package imported everything eagerly.
_SHADOWED = frozenset(name for name, module in _EXPORTS.items() if name == module)


def __getattr__(name: str) -> Any:
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(f".{module_name}", __name__)
    value = getattr(module, name)
    globals()[name] = value  # later look-ups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


class _Package(types.ModuleType):
    """Keeps a public function from being replaced by its same-named submodule.

    Importing a submodule sets it as an attribute of this package (the import
    system does ``setattr(package, "evaluate", <module>)``), which would hide the
    function :func:`evaluate` of the same name. For those names the module is not
    stored; the next look-up goes through :func:`__getattr__` and finds the function.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _SHADOWED and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

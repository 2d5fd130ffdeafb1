"""One folding function (case and diacritics) in a dependency-free module; the other folds build on it."""

from __future__ import annotations

import re
from pathlib import Path

from analysis.fold import fold, strip_diacritics

WORDS = ["Cliënt", "één", "Ideeën", "Curaçao", "naïef", "ÉÉN GEZIN", "plain"]


def test_fold_and_strip():
    assert fold("Cliënt") == "client" and fold("ÉÉN") == "een"
    assert strip_diacritics("Eén gezin") == "Een gezin"
    assert fold("plain") == "plain"


def test_the_store_the_query_language_and_the_manifest_fold_alike():
    from analysis.corpus.manifest import _GROUPS
    from analysis.query.engine import fold as query_fold
    from analysis.store.engine import _fold_or_none
    from analysis.store.project import fold_search

    for word in WORDS:
        assert fold_search(word) == fold(word) == _fold_or_none(word) == query_fold(f" {word} ")
    assert all(key == fold(key) for key in _GROUPS)


def test_the_other_folds_differ_only_where_intended():
    from analysis.coding.headings import fold as heading_fold
    from analysis.domain import slugify
    from analysis.nlp.normalize import fold as nlp_fold

    for word in WORDS:
        assert heading_fold(f"3.1 {word}!") == fold(word)  # plus: no numbering or punctuation
        assert nlp_fold(word) == fold(word)  # plus: ligatures, quotes and dashes, same length
    assert nlp_fold("ﬁets") == "fiets" and heading_fold("Eén, twee") == "een twee"
    assert slugify("Eén gezin, één plan") == "een-gezin-een-plan"


def test_no_module_strips_diacritics_by_itself():
    root = Path(__file__).resolve().parents[2] / "analysis"
    pattern = re.compile(r"not unicodedata\.combining\(")
    found = [str(p.relative_to(root)) for p in root.rglob("*.py") if pattern.search(p.read_text(encoding="utf-8"))]
    assert found == ["fold.py"]

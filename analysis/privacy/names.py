"""Is a word a person's first name? For places that must never show names (theme labels and keywords).

The list is deduce's list of Dutch first names (its data files, read directly: loading deduce itself takes a
minute), less deduce's own exceptions, deduce's list of common words and Dutch stop words (``wil`` stays a
word). The general Dutch word list is no filter: it holds many names (``mohammed``, ``jan``). Without deduce
the list is empty and only names passed in (speakers, participants) count.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from collections.abc import Iterable
from pathlib import Path

_WORD = re.compile(r"[^\W\d_]+")


def _deduce_names_folder() -> Path | None:
    try:
        spec = importlib.util.find_spec("deduce")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    folder = Path(spec.origin).parent / "data" / "lookup" / "src" / "names" / "lst_first_name"
    return folder if folder.is_dir() else None


def _read_list(path: Path) -> set[str]:
    try:
        return {line.strip().lower() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
    except OSError:
        return set()


@functools.cache
def first_names() -> frozenset[str]:
    """Lower-cased Dutch first names that are not also Dutch words."""
    from ..nlp import STOP_WORDS

    folder = _deduce_names_folder()
    if folder is None:
        return frozenset()
    common = _read_list(folder.parents[1] / "whitelist" / "lst_common_word" / "items.txt")
    names = _read_list(folder / "items.txt") - _read_list(folder / "exceptions.txt") - common
    return frozenset(n for n in names if len(n) > 2 and n not in STOP_WORDS)


def name_words(names: Iterable[str]) -> frozenset[str]:
    """The lower-cased words of personal names such as speaker labels (``"Annemiek de Vries"``)."""
    return frozenset(w.lower() for name in names if name for w in _WORD.findall(name) if len(w) > 2)


def contains_person_name(term: str, extra: Iterable[str] = ()) -> bool:
    """True when a word of ``term`` (a word, bigram or phrase) is a first name or one of ``extra``."""
    known = first_names()
    extra = extra if isinstance(extra, (set, frozenset)) else set(extra)
    return any(w.lower() in known or w.lower() in extra for w in _WORD.findall(term))

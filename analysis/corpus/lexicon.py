"""A Dutch word list for hyphenation repair, from spacy-lookups-data (offline).

Loaded lazily on first use (about 0.5 s, once per process). Without the
package the list is empty and hyphenation repair falls back to its rules.
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from importlib import resources

from ..fold import strip_diacritics


def strip_accents(word: str) -> str:
    return strip_diacritics(word)


@lru_cache(maxsize=1)
def dutch_words() -> frozenset[str]:
    """Lower-cased Dutch word forms (plus accent-free variants)."""
    words: set[str] = set()
    try:
        data = resources.files("spacy_lookups_data") / "data"
        with gzip.open(data.joinpath("nl_lemma_lookup.json.gz").open("rb")) as fh:  # type: ignore[arg-type]
            lookup = json.load(fh)
        words.update(lookup)
        words.update(lookup.values())
        with gzip.open(data.joinpath("nl_lemma_index.json.gz").open("rb")) as fh:  # type: ignore[arg-type]
            index = json.load(fh)
        for entries in index.values():
            words.update(entries)
    except (ModuleNotFoundError, FileNotFoundError, OSError, ValueError):
        return frozenset()
    lowered = {w.lower() for w in words if isinstance(w, str)}
    lowered.update([strip_accents(w) for w in lowered if not w.isascii()])
    return frozenset(lowered)


def is_word(word: str) -> bool:
    """Whether ``word`` (any case, accents optional) is a known Dutch word form."""
    lower = word.lower()
    words = dutch_words()
    return lower in words or strip_accents(lower) in words

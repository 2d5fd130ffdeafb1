"""Dutch compound-aware term matching.

Dutch writes compounds as one word, so a keyword must also match inside them:
``wachtlijst`` matches ``wachtlijsten`` (inflection), ``jeugdzorgwachtlijst``
(keyword as head) and ``werkdruk`` matches ``werkdrukbeleving`` (keyword as
modifier). To keep noise down a keyword only matches as a compound *part* when

* it is at least :data:`MIN_PART_LEN` letters long (a four-letter head also
  needs a modifier of four letters or more: ``zorg`` matches ``mantelzorg`` but
  ``werk`` does not match ``netwerk``), and
* the rest of the compound, after an optional linking ``s``/``e``/``en``/``-``,
  is itself a known Dutch word of at least three letters (``zorg`` does not
  match ``zorgvuldig``: ``vuldig`` is no word).

All comparisons are on folded lemmas (see :func:`analysis.nlp.lemma_of`), with
the Snowball stem as a fallback for derivations (``samenwerken`` /
``samenwerking``).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from .lemmas import lemma_of, stem, vocabulary
from .normalize import fold

__all__ = ["MIN_PART_LEN", "TermIndex", "compound_match", "term_key"]

MIN_PART_LEN = 4
_MIN_HEAD_LEN = 5
_MIN_REST_LEN = 3
_LINKERS = ("s", "e", "en", "-")

P = TypeVar("P", bound=Hashable)


def term_key(word: str) -> str:
    """The folded lemma a keyword is matched on: ``'Wachtlijsten'`` → ``'wachtlijst'``."""
    return lemma_of(word.strip().lower())


def _known(part: str) -> bool:
    if len(part) < _MIN_REST_LEN:
        return False
    vocab = vocabulary()
    if part in vocab:
        return True
    lem = lemma_of(part)
    return lem != part and lem in vocab


def _rest_is_word(rest: str, *, leading: bool, min_len: int = _MIN_REST_LEN) -> bool:
    """Is ``rest`` (what is left of a compound beside the keyword) a word, maybe with a linker?"""
    rest = rest.strip("-")
    if len(rest) >= min_len and _known(rest):
        return True
    for link in _LINKERS:
        if leading and rest.startswith(link):
            part = rest[len(link) :]
        elif not leading and rest.endswith(link):
            part = rest[: -len(link)]
        else:
            continue
        if len(part) >= min_len and _known(part):
            return True
    return False


#: Inseparable verb prefixes that are also words (``ver``, ``her``, ``mis``): ``verwachten``
#: is no compound of ``wachten``.
_PREFIXES = frozenset({"ver", "her", "mis", "ont", "be", "ge", "er"})
#: Derivational suffixes that change a word's meaning: a stem match across them is a false
#: friend (``beschikking`` / ``beschikbaar``, ``verantwoording`` / ``verantwoordelijk``).
_MEANING_SUFFIXES = ("baar", "lijk", "ig", "isch", "loos", "zaam", "achtig")


def _head_ok(keyword: str, modifier: str) -> bool:
    """A keyword as compound head: short (4-letter) heads need a longer modifier; verbs
    (``-en``) are no compound heads (``leren`` in ``signaleren``, ``wachten`` in
    ``verwachten``), nor is a word after an inseparable prefix."""
    if len(keyword) < MIN_PART_LEN or keyword.endswith("en") or modifier.strip("-") in _PREFIXES:
        return False
    min_len = _MIN_REST_LEN if len(keyword) >= _MIN_HEAD_LEN else MIN_PART_LEN
    return _rest_is_word(modifier, leading=False, min_len=min_len)


def compound_match(keyword: str, token: str) -> str | None:
    """How a keyword lemma matches a token lemma: ``'exact'``, ``'stem'``, ``'head'``,
    ``'modifier'`` or ``None``.

    >>> compound_match("wachtlijst", "jeugdzorgwachtlijst")
    'head'
    >>> compound_match("werkdruk", "werkdrukbeleving")
    'modifier'
    """
    if token == keyword:
        return "exact"
    if len(keyword) >= MIN_PART_LEN and len(token) > len(keyword):
        if token.startswith(keyword) and _rest_is_word(token[len(keyword) :], leading=True):
            return "modifier"
        if token.endswith(keyword) and _head_ok(keyword, token[: -len(keyword)]):
            return "head"
    if len(keyword) >= MIN_PART_LEN and stem(token) == stem(keyword) and _same_sense(keyword, token):
        return "stem"
    return None


def _same_sense(a: str, b: str) -> bool:
    """Two words with one Snowball stem: related unless one adds a meaning-changing suffix."""
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    rest_a, rest_b = a[n:], b[n:]
    return {x for x in _MEANING_SUFFIXES if x in rest_a} == {x for x in _MEANING_SUFFIXES if x in rest_b}


@dataclass
class TermIndex(Generic[P]):
    """Many single-word terms, looked up per token lemma in O(len(token)) dict probes.

    ``add(term, payload)`` registers a keyword (raw text; it is lemmatized), or a
    wildcard (``vindba*`` for a prefix, ``*loket`` for a suffix). ``lookup(lemma)``
    returns ``[(payload, how), ...]`` with ``how`` as in :func:`compound_match`
    (``'wildcard'`` for wildcards). Results are cached per lemma.
    """

    compounds: bool = True
    _exact: dict[str, list[P]] = field(default_factory=dict)
    _stems: dict[str, list[tuple[str, P]]] = field(default_factory=dict)
    _prefix_wild: list[tuple[str, P]] = field(default_factory=list)
    _suffix_wild: list[tuple[str, P]] = field(default_factory=list)
    _cache: dict[str, list[tuple[P, str]]] = field(default_factory=dict)

    def add(self, term: str, payload: P) -> None:
        raw = term.strip().lower()
        if not raw:
            raise ValueError("cannot index an empty keyword")
        self._cache.clear()
        if raw.endswith("*") and not raw.startswith("*"):
            self._prefix_wild.append((_fold_plain(raw[:-1]), payload))
            return
        if raw.startswith("*") and not raw.endswith("*"):
            self._suffix_wild.append((_fold_plain(raw[1:]), payload))
            return
        if raw.startswith("*") and raw.endswith("*"):
            inner = _fold_plain(raw.strip("*"))
            self._prefix_wild.append(("*" + inner, payload))
            return
        key = term_key(raw)
        self._exact.setdefault(key, []).append(payload)
        if len(key) >= MIN_PART_LEN:
            self._stems.setdefault(stem(key), []).append((key, payload))

    def __len__(self) -> int:
        return sum(len(v) for v in self._exact.values()) + len(self._prefix_wild) + len(self._suffix_wild)

    def lookup(self, lemma: str, norm: str | None = None) -> list[tuple[P, str]]:
        """Payloads whose term matches a token with folded ``lemma`` (and surface ``norm``)."""
        cache_key = lemma if norm is None or norm == lemma else lemma + "\x00" + norm
        hit = self._cache.get(cache_key)
        if hit is not None:
            return hit
        found: dict[P, str] = {}
        for p in self._exact.get(lemma, ()):
            found[p] = "exact"
        if norm is not None and norm != lemma:
            for p in self._exact.get(norm, ()):
                found.setdefault(p, "exact")
        if len(lemma) >= MIN_PART_LEN:
            for key, p in self._stems.get(stem(lemma), ()):
                if _same_sense(key, lemma):
                    found.setdefault(p, "stem")
        if self.compounds and len(lemma) > MIN_PART_LEN + _MIN_REST_LEN - 1:
            n = len(lemma)
            for i in range(_MIN_REST_LEN, n - _MIN_REST_LEN + 1):
                left, right = lemma[:i], lemma[i:]
                if i >= MIN_PART_LEN:
                    for p in self._exact.get(left, ()):
                        if p not in found and _rest_is_word(right, leading=True):
                            found[p] = "modifier"
                if n - i >= MIN_PART_LEN:
                    for p in self._exact.get(right, ()):
                        if p not in found and _head_ok(right, left):
                            found[p] = "head"
        forms = (lemma,) if norm is None else (lemma, _fold_plain(norm))
        for prefix, p in self._prefix_wild:
            if p in found:
                continue
            if prefix.startswith("*"):
                if any(prefix[1:] in f for f in forms):
                    found[p] = "wildcard"
            elif any(f.startswith(prefix) for f in forms):
                found[p] = "wildcard"
        for suffix, p in self._suffix_wild:
            if p not in found and any(f.endswith(suffix) for f in forms):
                found[p] = "wildcard"
        result = list(found.items())
        if len(self._cache) > 300_000:
            self._cache.clear()
        self._cache[cache_key] = result
        return result


def _fold_plain(word: str) -> str:
    return fold(word)

"""Lemma and stem lookup for Dutch words, folded and cached.

The lemma table is spaCy's Dutch lookup table (spacy-lookups-data), the same
data the pipeline's ``lemmatizer`` uses, but re-keyed on *folded* forms so that
OCR variants lemmatize like the correct spelling: ``efficiénte``, ``efficiënte``
and ``efficiente`` all give ``efficient``. Every lemma returned here is folded
(lowercase, no diacritics). Unknown compounds are lemmatized on their head:
``jeugdzorgwachtlijsten`` → ``jeugdzorgwachtlijst``.
"""

from __future__ import annotations

import gzip
import json
import threading
from functools import lru_cache
from importlib import resources

from .normalize import fold

__all__ = ["is_known_word", "lemma_of", "lemma_table", "stem", "vocabulary"]

_LOCK = threading.Lock()
_TABLE: dict[str, str] | None = None
_VOCAB: frozenset[str] | None = None
_LEMMA_CACHE: dict[str, str] = {}
_MIN_PART = 3  # shortest modifier of a compound we split off
_MIN_HEAD = 4  # shortest compound head we lemmatize on


def _read_json(name: str) -> dict:
    try:
        base = resources.files("spacy_lookups_data") / "data" / name
        with base.open("rb") as raw, gzip.open(raw, "rt", encoding="utf8") as fh:
            return json.load(fh)
    except (ModuleNotFoundError, FileNotFoundError) as err:  # pragma: no cover - env problem
        raise RuntimeError(
            f"cannot read spaCy's Dutch lookup table {name!r} from spacy-lookups-data "
            f"({err}); install the package 'spacy-lookups-data'"
        ) from err


def _load() -> tuple[dict[str, str], frozenset[str]]:
    global _TABLE, _VOCAB
    if _TABLE is not None and _VOCAB is not None:
        return _TABLE, _VOCAB
    with _LOCK:
        if _TABLE is not None and _VOCAB is not None:
            return _TABLE, _VOCAB
        lookup: dict[str, str] = _read_json("nl_lemma_lookup.json.gz")
        index: dict[str, list[str]] = _read_json("nl_lemma_index.json.gz")
        table: dict[str, str] = {}
        # Exact (already folded) spellings win over folded variants that collide.
        later: list[tuple[str, str]] = []
        for form, lemma in lookup.items():
            low = form.lower()
            if low.isascii():
                table[low] = fold(lemma) if not lemma.isascii() else lemma.lower()
            else:
                later.append((low, lemma))
        for low, lemma in later:
            table.setdefault(fold(low), fold(lemma))
        vocab: set[str] = set(table)
        vocab.update(table.values())
        for words in index.values():
            for w in words:
                vocab.add(w.lower() if w.isascii() else fold(w))
        _VOCAB = frozenset(vocab)
        _TABLE = table
    return _TABLE, _VOCAB


def lemma_table() -> dict[str, str]:
    """The folded form → folded lemma table (loaded once per process)."""
    return _load()[0]


def vocabulary() -> frozenset[str]:
    """Every folded Dutch word form and lemma the lookup data knows."""
    return _load()[1]


def is_known_word(word: str) -> bool:
    """True when the folded ``word`` is a Dutch word form or lemma in the lookup data."""
    return fold(word) in vocabulary()


_VOWELS = frozenset("aeiou")


def _strip_inflection(f: str, table: dict[str, str], vocab: frozenset[str]) -> str | None:
    """Lemma of an unknown regularly inflected form, or None: ``ideeen`` → ``idee``,
    ``financiele`` → ``financieel``, ``wijkteams`` → ``wijkteam``."""
    for suffix in ("'s", "s", "en", "e", "n"):
        if not f.endswith(suffix) or len(f) - len(suffix) < 3:
            continue
        base = f[: -len(suffix)]
        if base in vocab:
            return table.get(base, base)
        # Open syllable lost its double vowel: financiel(e) -> financieel, gro(t)e -> groot.
        if (
            suffix in ("e", "en")
            and len(base) >= 3
            and base[-1] not in _VOWELS
            and base[-2] in _VOWELS
            and base[-3] not in _VOWELS | {base[-2]}
        ):
            doubled = base[:-1] + base[-2] + base[-1]
            if doubled in vocab:
                return table.get(doubled, doubled)
        # Doubled consonant before the ending: wachtlijsten ok; bussen -> bus.
        if suffix in ("en", "e") and len(base) >= 4 and base[-1] == base[-2] and base[:-1] in vocab:
            return table.get(base[:-1], base[:-1])
    return None


def _modifier_known(mod: str, vocab: frozenset[str]) -> bool:
    if mod in vocab:
        return True
    return any(mod.endswith(link) and mod[: -len(link)] in vocab for link in ("s", "e", "en", "-"))


def _lemma_unknown(f: str, table: dict[str, str], vocab: frozenset[str]) -> str:
    if not f.isalpha():
        return f
    inflected = _strip_inflection(f, table, vocab)
    if inflected is not None:
        return inflected
    # Unknown compound: lemmatize on its longest head whose modifier is a word.
    for i in range(_MIN_PART, len(f) - _MIN_HEAD + 1):
        mod, head = f[:i], f[i:]
        if not _modifier_known(mod, vocab):
            continue
        head_lemma = table.get(head)
        if head_lemma is not None:
            return mod + head_lemma
        if head in vocab:
            return f
        head_lemma = _strip_inflection(head, table, vocab)
        if head_lemma is not None:
            return mod + head_lemma
    return f


@lru_cache(maxsize=1)
def _simplemma():  # type: ignore[no-untyped-def]
    """simplemma's lemmatizer (its Dutch tables know participles: gemaakt → maken), or None.

    Opt-in with ``DUIDING_LEMMATIZER=simplemma`` (measured against spaCy's lookup table: README,
    "Quality"); spaCy's table stays the fallback for forms simplemma does not know.
    """
    from .. import settings

    if (settings.get(settings.LEMMATIZER) or "spacy").strip().lower() != "simplemma":
        return None
    try:
        from simplemma import lemmatize
    except ImportError:  # optional: the spaCy lookup table is the fallback
        return None
    return lemmatize


def lemma_of(word: str) -> str:
    """Folded lemma of one token: ``'Wachtlijsten'`` → ``'wachtlijst'``, ``'ideeén'`` → ``'idee'``."""
    cached = _LEMMA_CACHE.get(word)
    if cached is not None:
        return cached
    table, vocab = _load()
    f = fold(word)
    lemma = None
    simple = _simplemma()
    if simple is not None and f.isalpha():
        low = word.lower()
        found = simple(low, lang="nl")
        if found != low:  # simplemma knows the form; otherwise spaCy's table and the compound rules
            lemma = fold(found)
    if lemma is None:
        lemma = table.get(f)
    if lemma is None:
        lemma = f if f in vocab else _lemma_unknown(f, table, vocab)
    if len(_LEMMA_CACHE) > 500_000:
        _LEMMA_CACHE.clear()
    _LEMMA_CACHE[word] = lemma
    return lemma


@lru_cache(maxsize=1)
def _stemmer():  # type: ignore[no-untyped-def]
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer("dutch")


@lru_cache(maxsize=300_000)
def stem(word: str) -> str:
    """Snowball (Dutch) stem of the folded word: ``'wachtlijsten'`` → ``'wachtlijst'``."""
    return _stemmer().stem(fold(word))

"""Turn passages into the lemma documents the topic model works on.

A passage becomes one *prepared document*: a string of folded content lemmas
(see :mod:`analysis.nlp`) separated by spaces, with ``|`` marking a break
(punctuation, a number, a stop word or filler that was removed). Multi-word
phrases that matter in the domain ("één gezin één plan", codebook phrases) are
kept together as one term written with ``_`` between its lemmas. Every prepared
document ends with `` |`` so that BERTopic's per-topic concatenation
(``" ".join(docs)``) never forms a bigram across two passages.

The same string feeds the embedding (unigram TF-IDF), the c-TF-IDF topic
representation (unigrams + adjacent bigrams) and the coherence measures, so all
three share one vocabulary.

    >>> prep = TextPreparer(phrases=["één gezin één plan"])
    >>> prep.prepare(["R: Nou, zeg maar, één gezin één plan werkt niet bij de wachtlijsten."])
    ['een_gezin_een_plan werkt | wachtlijst |']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from analysis.nlp import FILLER_PHRASES, STOP_WORDS, fold, is_known_word, iter_tokens, lemma_of

__all__ = [
    "BREAK",
    "DEFAULT_PHRASES",
    "DOMAIN_TERMS",
    "TextPreparer",
    "bigram_analyzer",
    "strip_speaker_labels",
    "term_display",
    "unigram_analyzer",
]

#: Token that marks a break between runs of adjacent content lemmas.
BREAK = "|"

#: Capitalised domain words that are no entry of the Dutch word list but are no names either.
DOMAIN_TERMS: frozenset[str] = frozenset(
    {
        "wmo",
        "jeugdwet",
        "participatiewet",
        "wlz",
        "zvw",
        "ggz",
        "ggd",
        "avg",
        "kpi",
        "digid",
        "pgb",
        "cjg",
        "uwv",
        "svb",
        "bsn",
        "wijkteam",
        "sociaal",
        "gemeente",
        "rekenkamer",
    }
)

_NAME_MARK = "\x01"
_SENTENCE_OPENERS = frozenset(
    {".", "!", "?", ":", ";", "(", "[", '"', "'", "-", "\u2026", "\u201c", "\u2018", "*", "\u2022"}
)

#: Multi-word expressions of the social domain kept together as one term.
DEFAULT_PHRASES: tuple[str, ...] = (
    "één gezin één plan",
    "één gezin, één plan, één regisseur",
    "sociaal domein",
    "sociale basis",
    "voorliggend veld",
    "eigen kracht",
    "eigen regie",
    "eigen netwerk",
    "eigen bijdrage",
    "lang wachten",
    "zorg op maat",
    "zo lang mogelijk thuis",
    "zelfstandig thuis wonen",
    "team toegang",
)

_FILLER_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _phrase in sorted(FILLER_PHRASES, key=len, reverse=True):
    _FILLER_FIRST.setdefault(_phrase[0], []).append(_phrase)
_PHRASE_MAX = 8

# A speaker label at the start of a line: "I:", "R1:", "Interviewer:", "Respondent 2:",
# "[00:01:02] Naam:", "MARIEKE:", "Annemiek (huisarts):", "Naam Achternaam:".
_LABEL = re.compile(
    r"""^[ \t]*
    (?:[\[(]?\d{1,2}:\d{2}(?::\d{2})?[\])]?[ \t]*)?        # optional timestamp
    (?:
        (?:[A-Z][\w'.-]*)                                          # Naam, NAAM, R1
        (?:[ \t]+(?:(?:van|de|der|den|ten|ter|te|het|'t)[ \t]+)*(?:[A-Z][\w'.-]*|\d{1,3})){0,2}
                                            # Naam Achternaam, Jan de Vries, Respondent 2
        (?:[ \t]*\([^)\n]{1,40}\))?                          # (rol)
    )
    [ \t]*:(?=\s)
    """,
    re.MULTILINE | re.VERBOSE,
)
_TIMESTAMP_ONLY = re.compile(r"^[ \t]*[\[(]?\d{1,2}:\d{2}(?::\d{2})?[\])]?[ \t]*", re.MULTILINE)


def strip_speaker_labels(text: str) -> str:
    """Blank out speaker labels and timestamps at line starts (keeps the text's length).

    >>> strip_speaker_labels("I: Hoe gaat het?\\nR1: Goed.")
    '   Hoe gaat het?\\n    Goed.'
    """
    if ":" not in text:
        return text

    def blank(m: re.Match[str]) -> str:
        return " " * len(m.group(0))

    return _TIMESTAMP_ONLY.sub(blank, _LABEL.sub(blank, text))


def _clean_lemma(lemma: str) -> str:
    lemma = lemma.strip("'-.")
    lemma = lemma.removesuffix("'s")
    return lemma


def _is_term(lemma: str, min_len: int) -> bool:
    if len(lemma) < min_len:
        return False
    # letters, with inner hyphens/apostrophes (wmo-consulent); no digits, no symbols
    return all(c.isalpha() or c in "-'" for c in lemma) and lemma[0].isalpha()


@dataclass
class TextPreparer:
    """Prepare passages for topic modelling (scikit-learn style plain parameters).

    Parameters
    ----------
    phrases:
        Multi-word expressions kept together as one term (matched on lemmas, so
        inflected forms match too). Defaults to :data:`DEFAULT_PHRASES`; the
        codebook's multi-word keywords are added when the model is guided.
    extra_stop_words:
        More words to drop (municipality and team names, speaker names ...);
        compared on folded lemmas.
    min_term_length:
        Shortest lemma kept (in characters).
    drop_names:
        Drop capitalised mid-sentence words that are no Dutch word and never
        occur in lower case in the same texts (people, streets, organisations).
    """

    phrases: Sequence[str] = DEFAULT_PHRASES
    extra_stop_words: Iterable[str] = ()
    min_term_length: int = 2
    drop_names: bool = True
    _phrase_index: dict[tuple[str, ...], str] = field(init=False, repr=False)
    _display: dict[str, str] = field(init=False, repr=False)
    _extra: frozenset[str] = field(init=False, repr=False)
    _protected: set[str] = field(init=False, repr=False)
    _registered: list[str] = field(init=False, repr=False)
    _phrase_first: dict[str, list[tuple[tuple[str, ...], str]]] = field(init=False, repr=False)
    _token_cache: dict[tuple[str, str], tuple[str, str | None]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._phrase_index = {}
        self._display = {}
        self._registered = []
        self._phrase_first = {}
        self._token_cache = {}
        self.extra_stop_words = list(self.extra_stop_words)
        for phrase in self.phrases:
            self.add_phrase(phrase)
        extra: set[str] = set()
        for word in self.extra_stop_words:
            for part in str(word).split():
                if part.strip():
                    extra.add(fold(part.strip()))
                    extra.add(_clean_lemma(lemma_of(part.strip())))
        self._extra = frozenset(extra)
        self._protected = set(DOMAIN_TERMS)
        for key in self._phrase_index:
            self._protected.update(key)

    # -- phrases ----------------------------------------------------------------------------
    def phrase_key(self, phrase: str) -> tuple[str, ...]:
        """The lemma sequence a phrase is matched on: ``'Eén gezin, één plan'`` → ``('een', 'gezin', 'een', 'plan')``."""
        out: list[str] = []
        for toks in iter_tokens([phrase]):
            out.extend(_clean_lemma(t.lemma) for t in toks if t.is_word)
        return tuple(w for w in out if w)

    def add_phrase(self, phrase: str) -> str | None:
        """Register a multi-word phrase; returns its term (``een_gezin_een_plan``) or None if single-word."""
        if "*" in phrase:
            return None
        key = self.phrase_key(phrase)
        if len(key) < 2 or len(key) > _PHRASE_MAX:
            return None
        term = "_".join(key)
        if key not in self._phrase_index:
            self._registered.append(phrase)
            self._phrase_index[key] = term
            if hasattr(self, "_protected"):
                self._protected.update(key)
            bucket = self._phrase_first.setdefault(key[0], [])
            bucket.append((key, term))
            bucket.sort(key=lambda kt: -len(kt[0]))
        display = " ".join(phrase.replace(",", " ").split()).lower()
        self._display.setdefault(term, display)
        return term

    def settings(self) -> dict[str, list[str]]:
        """Everything needed to rebuild an identical preparer: ``TextPreparer(**settings)``."""
        return {
            "phrases": list(self._registered),
            "extra_stop_words": list(self.extra_stop_words),
            "min_term_length": self.min_term_length,
            "drop_names": self.drop_names,
        }

    @property
    def phrase_terms(self) -> dict[str, str]:
        """Phrase term → how it is shown (``een_gezin_een_plan`` → ``één gezin één plan``)."""
        return dict(self._display)

    def display(self, term: str) -> str:
        """How a term is shown to people (phrases with their spaces and accents)."""
        return term_display(term, self._display)

    # -- documents --------------------------------------------------------------------------
    def _token_info(self, norm: str, lemma: str, is_word: bool) -> tuple[str, str | None]:
        """(clean lemma or "", the term kept or None), cached per surface form and lemma."""
        key = (norm, lemma)
        hit = self._token_cache.get(key)
        if hit is not None:
            return hit
        clean = _clean_lemma(lemma) if is_word else ""
        keep: str | None = clean
        if (
            not clean
            or clean in STOP_WORDS
            or norm in STOP_WORDS
            or clean in self._extra
            or norm in self._extra
            or not _is_term(clean, self.min_term_length)
        ):
            keep = None
        if len(self._token_cache) > 500_000:
            self._token_cache.clear()
        self._token_cache[key] = (clean, keep)
        return clean, keep

    def _prepare_tokens(self, tokens: Sequence, lowercase_seen: set[str] | None = None) -> str:
        """One prepared document from ``analysis.nlp`` tokens; names come out marked."""
        if lowercase_seen is None:
            lowercase_seen = set()
        info = [self._token_info(t.norm, t.lemma, t.is_word) for t in tokens]
        norms = [t.norm for t in tokens]
        n = len(tokens)
        out: list[str] = []
        phrase_first = self._phrase_first
        i = 0
        while i < n:
            lemma, keep = info[i]
            # codebook / domain phrases (matched on lemmas, stop words included), longest first
            candidates = phrase_first.get(lemma) if lemma else None
            if candidates:
                matched = 0
                for key, term in candidates:
                    size = len(key)
                    if i + size <= n and all(info[i + j][0] == key[j] for j in range(1, size)):
                        out.append(term)
                        matched = size
                        break
                if matched:
                    i += matched
                    continue
            # filler phrases: "zeg maar", "weet je", ...
            fillers = _FILLER_FIRST.get(norms[i])
            if fillers:
                skipped = 0
                for phrase in fillers:
                    size = len(phrase)
                    if tuple(norms[i : i + size]) == phrase:
                        skipped = size
                        break
                if skipped:
                    if out and out[-1] != BREAK:
                        out.append(BREAK)
                    i += skipped
                    continue
            i += 1
            if keep is None:
                if out and out[-1] != BREAK:
                    out.append(BREAK)
                continue
            surface = tokens[i - 1].text
            if surface[:1].islower():
                lowercase_seen.add(keep)
            elif (
                self.drop_names
                and i > 1
                and norms[i - 2] not in _SENTENCE_OPENERS
                and not surface.isupper()
                and keep not in self._protected
                and not is_known_word(surface)
            ):
                # Capitalised mid-sentence and not a Dutch word: a name, unless the
                # corpus also uses it in lower case (resolved in prepare()).
                out.append(_NAME_MARK + keep)
                continue
            out.append(keep)
        if not out or out[-1] != BREAK:
            out.append(BREAK)
        return " ".join(out)

    def prepare(self, texts: Iterable[str], batch_size: int = 1000) -> list[str]:
        """Prepared documents (see the module docstring) for ``texts``.

        With ``drop_names`` (default), a capitalised word in mid-sentence that is
        no Dutch word (``Brinkhof``, ``Voormekaar``, ``Tubantia``) is dropped as a
        name unless these texts also use it in lower case; acronyms (``AVG``) and
        :data:`DOMAIN_TERMS` (``Wmo``, ``Jeugdwet``) are kept.
        """
        lowercase_seen: set[str] = set()
        cleaned = (strip_speaker_labels(t) for t in texts)
        marked = [
            self._prepare_tokens(tokens, lowercase_seen) for tokens in iter_tokens(cleaned, batch_size=batch_size)
        ]
        return [_resolve_names(doc, lowercase_seen) if _NAME_MARK in doc else doc for doc in marked]

    def terms(self, text: str) -> list[str]:
        """Content terms of a short text such as a codebook keyword (phrases kept whole)."""
        doc = self._prepare_tokens(next(iter_tokens([strip_speaker_labels(text)])))
        return [w.lstrip(_NAME_MARK) for w in doc.split() if w != BREAK]


def _resolve_names(doc: str, lowercase_seen: set[str]) -> str:
    out: list[str] = []
    for w in doc.split():
        if w.startswith(_NAME_MARK):
            w = w[1:]
            if w not in lowercase_seen:
                w = BREAK
        if w == BREAK and out and out[-1] == BREAK:
            continue
        out.append(w)
    return " ".join(out)


def term_display(term: str, phrases: dict[str, str] | None = None) -> str:
    """Show a term: known phrases as written, other ``_``-joined lemmas with spaces."""
    if phrases:
        shown = phrases.get(term)
        if shown is not None:
            return shown
        if " " in term:
            return " ".join(term_display(part, phrases) for part in term.split(" "))
    return term.replace("_", " ")


def unigram_analyzer(doc: str) -> list[str]:
    """scikit-learn ``analyzer=`` for prepared documents: terms only (no bigrams)."""
    return [w for w in doc.split() if w != BREAK]


def bigram_analyzer(doc: str) -> list[str]:
    """scikit-learn ``analyzer=`` for prepared documents: terms plus adjacent-term bigrams.

    Bigrams never cross a break (``|``), so ``wachtlijst | lang`` gives no
    ``wachtlijst lang``.
    """
    out: list[str] = []
    prev: str | None = None
    for w in doc.split():
        if w == BREAK:
            prev = None
            continue
        out.append(w)
        if prev is not None:
            out.append(prev + " " + w)
        prev = w
    return out

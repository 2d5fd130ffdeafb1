"""Dutch stop words and spoken-interview fillers.

``STOP_WORDS`` holds spaCy's Dutch stop words, their folded forms (``een`` for
``één``), and the interview fillers. Every entry is lowercase. Lemmas produced
by :mod:`analysis.nlp` are folded, so testing ``lemma in STOP_WORDS`` works for
them as well as for raw lowercase tokens.
"""

from __future__ import annotations

from spacy.lang.nl.stop_words import STOP_WORDS as _SPACY_STOP_WORDS

from .normalize import fold

__all__ = ["FILLERS", "FILLER_PHRASES", "STOP_WORDS", "is_stop"]

#: Single-word fillers and discourse markers of spoken Dutch (transcripts).
FILLERS: frozenset[str] = frozenset(
    {
        "eh",
        "ehm",
        "euh",
        "uh",
        "uhm",
        "um",
        "hm",
        "hmm",
        "hmhm",
        "mm",
        "mmm",
        "mhm",
        "nou",
        "ja",
        "jaja",
        "jah",
        "nee",
        "neenee",
        "gewoon",
        "eigenlijk",
        "dus",
        "hè",
        "he",
        "hé",
        "toch",
        "ofzo",
        "enzo",
        "enzovoort",
        "zeg",
        "weet",
        "joh",
        "jeetje",
        "oke",
        "oké",
        "okay",
        "ok",
        "oja",
        "ohja",
        "o",
        "oh",
        "ah",
        "ach",
        "tja",
        "ha",
        "haha",
        "nouja",
        "allee",
        "sowieso",
        "echt",
        "heel",
        "best",
        "ietsje",
        "beetje",
        "soort",
        "zegmaar",
        "inderdaad",
        "precies",
        "natuurlijk",
        "hoor",
        "even",
        "effe",
        "wel",
        "maar",
        "gewoonweg",
        "zeker",
        "dinges",
        "ding",
        "dingen",
        "dingetje",
    }
)

#: Multi-word fillers, as tuples of lowercase tokens; removed as a whole.
FILLER_PHRASES: frozenset[tuple[str, ...]] = frozenset(
    {
        ("zeg", "maar"),
        ("weet", "je"),
        ("weet", "u"),
        ("snap", "je"),
        ("zie", "je"),
        ("of", "zo"),
        ("en", "zo"),
        ("nou", "ja"),
        ("ja", "nee"),
        ("nee", "ja"),
        ("ik", "bedoel"),
        ("om", "zo", "te", "zeggen"),
        ("als", "het", "ware"),
        ("op", "zich"),
    }
)

# Words that are too generic to carry meaning in this domain's reports and
# interviews (they occur in nearly every passage). Kept small and generic.
_GENERIC: frozenset[str] = frozenset(
    {
        "gaan",
        "komen",
        "zeggen",
        "vinden",
        "zien",
        "staan",
        "laten",
        "krijgen",
        "maken",
        "denken",
        "willen",
        "zullen",
        "moeten",
        "mogen",
        "kunnen",
        "worden",
        "hebben",
        "zijn",
        "wel",
        "echt",
        "heel",
        "erg",
        "waarbij",
        "waarin",
        "waardoor",
        "daarbij",
        "daardoor",
        "daarvoor",
        "daarmee",
        "hierbij",
        "hiervoor",
        "hiermee",
        "ervan",
        "erin",
        "ermee",
        "erop",
        "ervoor",
        "eraan",
        "daaraan",
        "daarvan",
        "hiervan",
        "wij",
        "jij",
        "zij",
        "hun",
        "hen",
        "elkaar",
        "iemand",
        "iets",
        "niks",
        "niets",
        "één",
        "zo'n",
        "m'n",
        "z'n",
        "d'r",
    }
)


def _build() -> frozenset[str]:
    words: set[str] = set()
    for w in (*_SPACY_STOP_WORDS, *FILLERS, *_GENERIC):
        low = w.lower()
        words.add(low)
        words.add(fold(low))
        words.add(fold(low).replace("\u2019", "'"))
    return frozenset(words)


#: spaCy's Dutch stop words + fillers + a few generic verbs, raw and folded.
STOP_WORDS: frozenset[str] = _build()


def is_stop(word: str) -> bool:
    """True for a stop word or filler, in any case or diacritic variant."""
    low = word.lower()
    return low in STOP_WORDS or fold(low) in STOP_WORDS

"""Shared pieces of the coders: suggestions, passage adaptation, analysed passages."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import compress
from operator import itemgetter
from typing import Any

from analysis.domain import Code, Codebook, Coding, CodingOrigin, CodingStatus, EvidenceSpan
from analysis.nlp import STOP_WORDS, Token, iter_tokens
from analysis.nlp.stopwords import FILLER_PHRASES

__all__ = ["AnalyzedPassage", "Suggestion", "analyze_passages", "codable_codes", "top_level", "word_forms"]


@dataclass(slots=True)
class Suggestion:
    """A proposed coding of one passage, with its confidence and the evidence for it.

    ``evidence`` spans are in *source* offsets (``passage.start`` + local offset).
    ``scores`` holds the component scores (``rule``, ``similarity``, ``model``) for
    inspection.
    """

    code_id: str
    confidence: float
    evidence: list[EvidenceSpan] = field(default_factory=list)
    passage_id: int | None = None
    origin: CodingOrigin = CodingOrigin.RULE
    scores: dict[str, float] = field(default_factory=dict)

    def to_coding(self, codebook_id: str, coder: str = "duiding-auto") -> Coding:
        if self.passage_id is None:
            raise ValueError(f"suggestion for code {self.code_id!r} has no passage_id; cannot store it")
        return Coding(
            passage_id=self.passage_id,
            code_id=self.code_id,
            codebook_id=codebook_id,
            coder=coder,
            origin=self.origin,
            status=CodingStatus.SUGGESTED,
            confidence=round(float(self.confidence), 4),
            evidence=list(self.evidence),
        )


@dataclass(slots=True)
class AnalyzedPassage:
    """A passage tokenized once, shared by the rule coder and the feature extractors."""

    text: str
    start: int
    id: int | None
    respondent_group: str | None
    tokens: list[Token]
    content: list[str]
    # The sentence encoder's vector of ``text`` (see analysis.embeddings), when one is attached.
    embedding: Any = None
    # Content lemmas of the interviewer's preceding question (see analysis.coding.context), when attached.
    context: list[str] = field(default_factory=list)

    @property
    def lemmas(self) -> list[str]:
        return [t.lemma for t in self.tokens]


def _passage_fields(p: Any) -> tuple[str, int, int | None, str | None, list[str]]:
    if isinstance(p, str):
        return p, 0, None, None, []
    try:
        text = p.text
    except AttributeError:
        raise TypeError(f"cannot code a {type(p).__name__}: expected a Passage, PassageRecord or str") from None
    start = getattr(p, "start", 0) or 0
    heading, question = getattr(p, "heading", None), getattr(p, "question", None)
    extra: list[str] = []
    if heading or question:  # a verslag's heading is strong evidence: 'kop:<word>' features
        from analysis.coding.headings import heading_features

        extra = heading_features(heading, question)
    return text, start, getattr(p, "id", None), getattr(p, "respondent_group", None), extra


_FILLER_FIRST = frozenset(p[0] for p in FILLER_PHRASES)
_FILLER_SIZES = sorted({len(p) for p in FILLER_PHRASES}, reverse=True)
_NORM = itemgetter(3)  # Token.norm
_CACHE_LIMIT = 500_000

# Per lowercase word form (which determines the lemma, see analysis.nlp.lemmas): its content lemma, or ""
# when it is not content (stop word, filler, number, punctuation, one letter); and whether it is a word.
_CONTENT_OF: dict[str, str] = {}


class _WordFlags(dict[str, bool]):
    def __missing__(self, norm: str) -> bool:
        if len(self) > _CACHE_LIMIT:
            self.clear()
        word = self[norm] = any(c.isalpha() for c in norm)
        return word


_IS_WORD = _WordFlags()


def _content_lemma(norm: str, lemma: str) -> str:
    if len(lemma) < 2 or lemma in STOP_WORDS or norm in STOP_WORDS or not lemma[0].isalpha():
        return ""
    return lemma


def _content(tokens: Sequence[Token]) -> list[str]:
    """Content lemmas: no stop words, fillers, filler phrases ('zeg maar'), numbers or punctuation."""
    norms = list(map(_NORM, tokens))
    cache = _CONTENT_OF
    values = list(map(cache.get, norms))
    if None in values:
        if len(cache) > _CACHE_LIMIT:
            cache.clear()
        for k, v in enumerate(values):
            if v is None:
                values[k] = cache[norms[k]] = _content_lemma(norms[k], tokens[k].lemma)
    if not _FILLER_FIRST.isdisjoint(norms):
        # Filler phrases: the longest one starting at a token (not inside an earlier phrase) is dropped.
        n = len(norms)
        skip_until = -1
        for i in [i for i, norm in enumerate(norms) if norm in _FILLER_FIRST]:
            if i < skip_until:
                continue
            for size in _FILLER_SIZES:
                if i + size <= n and tuple(norms[i : i + size]) in FILLER_PHRASES:
                    skip_until = i + size
                    values[i:skip_until] = [""] * size
                    break
    return list(filter(None, values))


def word_forms(tokens: Sequence[Token]) -> list[str]:
    """The lowercase forms of the word tokens (``Token.is_word``: with a letter), in order."""
    norms = list(map(_NORM, tokens))
    return list(compress(norms, map(_IS_WORD.__getitem__, norms)))


def analyze_passages(passages: Iterable[Any]) -> list[AnalyzedPassage]:
    """Tokenize passages (domain ``Passage``, store ``PassageRecord``, or ``str``) once.

    A list that is already analysed is returned as is (same object).
    """
    if isinstance(passages, list) and all(isinstance(p, AnalyzedPassage) for p in passages):
        return passages
    items = [p if isinstance(p, AnalyzedPassage) else _passage_fields(p) for p in passages]
    todo = [i for i, it in enumerate(items) if not isinstance(it, AnalyzedPassage)]
    token_lists = iter_tokens(items[i][0] for i in todo)  # type: ignore[index]
    out: list[AnalyzedPassage] = list(items)  # type: ignore[arg-type]
    for i, toks in zip(todo, token_lists):
        text, start, pid, group, extra = items[i]  # type: ignore[misc]
        out[i] = AnalyzedPassage(text, start, pid, group, toks, _content(toks) + extra)
    return out


def codable_codes(codebook: Codebook) -> list[Code]:
    return [c for c in codebook.codes if c.codable]


def top_level(codebook: Codebook, code_id: str) -> str:
    return codebook.path(code_id)[0]

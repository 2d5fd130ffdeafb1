"""Rule coder: a codebook's keywords and phrases as lemma-level patterns.

Each code's ``keywords`` become patterns over folded lemmas:

* one word (``wachtlijst``) matches its inflections and OCR variants, and Dutch
  compounds it is a part of (``jeugdzorgwachtlijsten``), see
  :class:`analysis.nlp.TermIndex`;
* a wildcard (``vindba*``, ``*loket``) matches by prefix or suffix;
* a phrase (``eigen regie``, ``zelf regie*``) matches a sequence of lemmas,
  allowing one intervening word between its parts;
* ``exclude_keywords`` of a code are its false friends: a keyword match that
  overlaps a match of an exclusion (``toegang`` inside ``Team Toegang``) does not
  count, other matches of the code in the passage still do;
* ``respondent_groups`` restrict a code to passages of those groups (when the
  passage's group is known).

Every :class:`~analysis.coding.base.Suggestion` carries evidence spans in
source offsets: ``source_text[e.start:e.end] == e.text``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import compress
from operator import itemgetter
from typing import Any, NamedTuple

import numpy as np

from analysis.domain import Code, Codebook, CodingOrigin, EvidenceSpan
from analysis.nlp import TermIndex, fold

from .base import AnalyzedPassage, Suggestion, analyze_passages, codable_codes

__all__ = ["RuleCoder", "RuleMatch"]

#: Strength of one matched term by how it matched (before combining).
KIND_WEIGHT = {
    "phrase": 1.0,
    "exact": 0.9,
    "head": 0.8,
    "wildcard": 0.8,
    "stem": 0.75,
    "modifier": 0.7,
}
_KIND_LABEL = {
    "phrase": "woordgroep",
    "exact": "trefwoord",
    "head": "samenstelling met",
    "modifier": "samenstelling met",
    "stem": "verwant aan",
    "wildcard": "patroon",
}


_NORM = itemgetter(3)  # Token.norm
_CAN_START = itemgetter(4)  # of a token's match info: whether a keyword or phrase match can start there
_NO_MATCH: tuple[list, list, frozenset[int], frozenset[int], bool] = ([], [], frozenset(), frozenset(), False)


class RuleMatch(NamedTuple):
    """One matched term in a passage (local offsets into the passage text)."""

    code_id: str
    term: str
    kind: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Phrase:
    term: str
    pieces: tuple[int, ...]  # piece ids (see RuleCoder._piece_ids)
    payload: tuple[str, str, bool]  # (code_id, term, is_exclusion)


def _overlaps(match: RuleMatch, exclusion: RuleMatch) -> bool:
    """Does an exclusion match of the same code cover part of a keyword match?"""
    return match.code_id == exclusion.code_id and match.start < exclusion.end and exclusion.start < match.end


def _raw_pieces(term: str) -> list[str]:
    out = []
    for raw in term.replace("/", " ").split():
        raw = raw.strip(".,;:()\"'").lower()
        if raw and raw.strip("*"):
            out.append(raw)
    return out


class RuleCoder:
    """Keyword and phrase rules of a codebook, matched on lemmas.

    >>> coder = RuleCoder(codebook).fit()
    >>> suggestions = coder.predict(passages)   # one list of Suggestion per passage

    Parameters
    ----------
    codebook:
        The codebook whose codable codes' ``keywords`` are matched.
    compounds:
        Match keywords inside Dutch compounds (``wachtlijst`` in ``jeugdzorgwachtlijst``).
    use_respondent_groups:
        Honour each code's ``respondent_groups`` restriction when a passage's group is known.
    base_strength:
        How much one exact keyword adds: confidence = 1 - prod(1 - base_strength * weight).
    """

    def __init__(
        self,
        codebook: Codebook,
        *,
        compounds: bool = True,
        use_respondent_groups: bool = True,
        base_strength: float = 0.5,
    ) -> None:
        self.codebook = codebook
        self.compounds = compounds
        self.use_respondent_groups = use_respondent_groups
        self.base_strength = base_strength
        self._fitted = False

    # ------------------------------------------------------------------ fitting
    def fit(self, passages: Iterable[Any] | None = None, y: Any = None) -> RuleCoder:
        """Compile the codebook's patterns (the passages are not needed; accepted for API symmetry)."""
        self.codes_: list[Code] = codable_codes(self.codebook)
        self.code_ids_: list[str] = [c.id for c in self.codes_]
        self._index: TermIndex[tuple[str, str, bool]] = TermIndex(compounds=self.compounds)
        # Phrase pieces: inner pieces match exactly/by stem/by wildcard; the last also in compounds.
        self._inner: TermIndex[int] = TermIndex(compounds=False)
        self._last: TermIndex[int] = TermIndex(compounds=self.compounds)
        piece_ids: dict[str, int] = {}
        self._phrases: list[_Phrase] = []
        self._groups: dict[str, frozenset[str]] = {}
        for code in self.codes_:
            for term, excl in [(k, False) for k in code.keywords] + [(k, True) for k in code.exclude_keywords]:
                term = term.strip()
                pieces = _raw_pieces(term)
                if not pieces:
                    continue
                payload = (code.id, term, excl)
                if len(pieces) == 1:
                    self._index.add(pieces[0], payload)
                    continue
                ids = []
                for raw in pieces:
                    if raw not in piece_ids:
                        piece_ids[raw] = len(piece_ids)
                        self._inner.add(raw, piece_ids[raw])
                        self._last.add(raw, piece_ids[raw])
                    ids.append(piece_ids[raw])
                self._phrases.append(_Phrase(term, tuple(ids), payload))
            if code.respondent_groups:
                self._groups[code.id] = frozenset(fold(g) for g in code.respondent_groups)
        self._by_first: dict[int, list[_Phrase]] = {}
        for ph in self._phrases:
            self._by_first.setdefault(ph.pieces[0], []).append(ph)
        self._tok_cache: dict[str, tuple[list, list[_Phrase], frozenset[int], frozenset[int], bool]] = {}
        self._fitted = True
        return self

    def _check(self) -> None:
        if not self._fitted:
            raise RuntimeError("RuleCoder is not fitted yet: call .fit() before .predict()")

    # ------------------------------------------------------------------ matching
    def _token_info(self, lemma: str, norm: str) -> tuple[list, list[_Phrase], frozenset[int], frozenset[int], bool]:
        """Per word form (cached on the lowercase form, which determines the lemma): single-term
        matches, phrases that may start here, the phrase pieces it matches as an inner and as a
        last piece, and whether a match can start here (singles or phrase starts)."""
        info = self._tok_cache.get(norm)
        if info is not None:
            return info
        if not lemma[:1].isalpha():
            info = _NO_MATCH
        else:
            singles = self._index.lookup(lemma, norm)
            inner = frozenset(p for p, _ in self._inner.lookup(lemma, norm)) if self._phrases else frozenset()
            last = frozenset(p for p, _ in self._last.lookup(lemma, norm)) if self._phrases else frozenset()
            starts = [ph for pid in inner for ph in self._by_first.get(pid, ())]
            info = (singles, starts, inner, last, bool(singles or starts))
        if len(self._tok_cache) > 300_000:
            self._tok_cache.clear()
        self._tok_cache[norm] = info
        return info

    def matches(self, passage: AnalyzedPassage) -> tuple[list[RuleMatch], list[RuleMatch]]:
        """All keyword/phrase matches in one analysed passage, and the exclusion matches
        (``exclude_keywords``) that veto the keyword matches they overlap."""
        self._check()
        found: list[RuleMatch] = []
        vetoed: list[RuleMatch] = []
        tokens = passage.tokens
        infos = list(map(self._tok_cache.get, map(_NORM, tokens)))
        if None in infos:
            for k, info in enumerate(infos):
                if info is None:
                    infos[k] = self._token_info(tokens[k].lemma, tokens[k].norm)
        n = len(tokens)
        # Only tokens where a match can start (few): one C-level pass picks them.
        for i in compress(range(n), map(_CAN_START, infos)):
            singles, starts, _, _, _ = infos[i]
            if singles:
                tok = tokens[i]
                for (code_id, term, excl), kind in singles:
                    (vetoed if excl else found).append(RuleMatch(code_id, term, kind, tok.start, tok.end))
            for ph in starts:
                j = i
                last_k = len(ph.pieces) - 1
                for k in range(1, last_k + 1):
                    pid = ph.pieces[k]
                    slot = 3 if k == last_k else 2
                    if j + 1 < n and pid in infos[j + 1][slot]:
                        j += 1
                    elif j + 2 < n and pid in infos[j + 2][slot]:  # allow one word in between
                        j += 2
                    else:
                        j = -1
                        break
                if j < 0:
                    continue
                code_id, term, excl = ph.payload
                (vetoed if excl else found).append(RuleMatch(code_id, term, "phrase", tokens[i].start, tokens[j].end))
        if vetoed:
            found = [m for m in found if not any(_overlaps(m, v) for v in vetoed)]
        return found, vetoed

    def _allowed(self, code_id: str, group: str | None) -> bool:
        if not self.use_respondent_groups or not group:
            return True
        allowed = self._groups.get(code_id)
        return allowed is None or fold(group) in allowed

    def _suggest(self, passage: AnalyzedPassage) -> list[Suggestion]:
        found, _ = self.matches(passage)
        per_code: dict[str, dict[str, RuleMatch]] = {}
        evidence: dict[str, list[EvidenceSpan]] = {}
        for m in found:
            if not self._allowed(m.code_id, passage.respondent_group):
                continue
            best = per_code.setdefault(m.code_id, {})
            key = m.term.lower()
            if key not in best or KIND_WEIGHT[m.kind] > KIND_WEIGHT[best[key].kind]:
                best[key] = m
            text = passage.text[m.start : m.end]
            evidence.setdefault(m.code_id, []).append(
                EvidenceSpan(
                    start=passage.start + m.start,
                    end=passage.start + m.end,
                    text=text,
                    reason=f"{_KIND_LABEL[m.kind]} «{m.term}»",
                    weight=KIND_WEIGHT[m.kind],
                )
            )
        out: list[Suggestion] = []
        for code_id, terms in per_code.items():
            miss = 1.0
            for m in terms.values():
                miss *= 1.0 - self.base_strength * KIND_WEIGHT[m.kind]
            spans = sorted(evidence[code_id], key=lambda e: (e.start, -e.end))
            dedup: list[EvidenceSpan] = []
            for e in spans:
                if dedup and dedup[-1].start == e.start and dedup[-1].end == e.end:
                    continue
                dedup.append(e)
            out.append(
                Suggestion(
                    code_id=code_id,
                    confidence=round(1.0 - miss, 4),
                    evidence=dedup,
                    passage_id=passage.id,
                    origin=CodingOrigin.RULE,
                    scores={"rule": round(1.0 - miss, 4), "terms": float(len(terms))},
                )
            )
        out.sort(key=lambda s: -s.confidence)
        return out

    def predict(self, passages: Iterable[Any]) -> list[list[Suggestion]]:
        """Suggestions per passage (``Passage``, ``PassageRecord``, ``AnalyzedPassage`` or ``str``)."""
        self._check()
        return [self._suggest(p) for p in analyze_passages(passages)]

    def score_matrix(self, analyzed: Sequence[AnalyzedPassage]) -> tuple[np.ndarray, list[list[Suggestion]]]:
        """Rule confidence per (passage, code) as a dense array in ``code_ids_`` order, plus the suggestions."""
        self._check()
        col = {c: j for j, c in enumerate(self.code_ids_)}
        scores = np.zeros((len(analyzed), len(self.code_ids_)), dtype=np.float64)
        sugg = [self._suggest(p) for p in analyzed]
        for i, row in enumerate(sugg):
            for s in row:
                scores[i, col[s.code_id]] = s.confidence
        return scores, sugg

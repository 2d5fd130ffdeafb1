"""Representative quotes with provenance.

Representative = central in a TF-IDF space of the theme's passages (cosine
similarity to their centroid), or, with ``method="confidence"``, the codings'
highest confidence (centrality breaks ties). The choice is *diverse across
sources*: first the best quote of each source, in order of score, then second
quotes, and so on; near-duplicates (cosine > 0.9 to a chosen quote) are skipped.
Very short passages (under ``min_chars``) are only used when nothing longer exists.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .data import CodingData, ReportError, coded_parts
from .labels import is_paraphrase, provenance, quote_text
from .text import centrality, content_terms

QUOTE_METHODS = ("centrality", "confidence")


@dataclass(slots=True)
class Quote:
    """A passage (or the coded part of it) with where it comes from.

    ``start``/``end`` are offsets into the source text: ``source.text[start:end] == text``.
    """

    passage_id: int
    source_id: int
    source_name: str
    text: str
    start: int
    end: int
    ordinal: int
    speaker: str | None
    kind: str
    municipality: str | None
    respondent_group: str | None
    participant: str | None
    score: float = 0.0
    confidence: float | None = None
    role: str | None = None  # who speaks: interviewer, respondent, other (see analysis.corpus.speakers)

    @property
    def provenance(self) -> str:
        """'— inwoner, Lindewaard, interview RLW-01, alinea 4'."""
        return provenance(
            respondent_group=self.respondent_group,
            municipality=self.municipality,
            kind=self.kind,
            participant=self.participant,
            source_name=self.source_name,
            ordinal=self.ordinal,
            speaker=self.speaker,
            role=self.role,
        )

    @property
    def is_paraphrase(self) -> bool:
        """A passage of a gespreksverslag: the interviewer's summary, never to be shown as a quote."""
        return is_paraphrase(self.kind)

    def display(self, text: str | None = None) -> str:
        """'“text”' for verbatim speech, 'Volgens het gespreksverslag: text' for a verslag."""
        return quote_text(self.text if text is None else text, self.kind)

    def as_dict(self) -> dict[str, object]:
        return {
            "passage_id": self.passage_id,
            "source_id": self.source_id,
            "source_name": self.source_name,
            "municipality": self.municipality,
            "respondent_group": self.respondent_group,
            "participant": self.participant,
            "kind": self.kind,
            "speaker": self.speaker,
            "role": self.role,
            "ordinal": self.ordinal,
            "start": self.start,
            "end": self.end,
            "score": self.score,
            "confidence": self.confidence,
            "text": self.text,
            "provenance": self.provenance,
            "paraphrase": self.is_paraphrase,
        }


def quotes_frame(quotes: Sequence[Quote]) -> pd.DataFrame:
    """Quotes as a table (Dutch column names) for exports."""
    return pd.DataFrame(
        [
            {
                "Citaat": q.text,
                "Herkomst": q.provenance.removeprefix("— "),
                "Bron": q.source_name,
                "Begin": q.start,
                "Eind": q.end,
            }
            for q in quotes
        ],
        columns=["Citaat", "Herkomst", "Bron", "Begin", "Eind"],
    )


def representative_quotes(
    data: CodingData,
    passage_ids: Sequence[int],
    *,
    codings: pd.DataFrame | None = None,
    confidence: Mapping[int, float] | None = None,
    n: int = 5,
    method: str = "centrality",
    min_chars: int = 40,
    max_similarity: float = 0.9,
    max_candidates: int | None = 2000,
) -> list[Quote]:
    """The ``n`` most representative quotes among ``passage_ids``, diverse across sources.

    ``codings`` (the codings that put the passages in the set) narrow a quote to a
    coded part of its passage and give the confidences; ``confidence`` overrides
    them (e.g. topic probabilities). A theme with more than ``max_candidates``
    passages is scored on an evenly spaced sample of them in document order (the
    lemmatising dominates the cost; the sample keeps every source represented in
    proportion). ``None`` scores them all.
    """
    if method not in QUOTE_METHODS:
        raise ReportError("reports.unknown_quote_method", method=method, choices=", ".join(QUOTE_METHODS))
    if n <= 0:
        return []
    ids = data.in_document_order(passage_ids)
    if not ids:
        return []
    parts = coded_parts(codings, ids)
    spans = [data.span_text(pid, parts.get(pid)) for pid in ids]
    long_enough = [i for i, (text, _, _) in enumerate(spans) if len(text.strip()) >= min_chars]
    keep = long_enough or list(range(len(ids)))
    if max_candidates is not None and len(keep) > max_candidates:
        picks = np.unique(np.linspace(0, len(keep) - 1, max_candidates).round().astype(int))
        keep = [keep[i] for i in picks]
    ids = [ids[i] for i in keep]
    spans = [spans[i] for i in keep]

    conf: dict[int, float] = {}
    if codings is not None and len(codings) and codings["confidence"].notna().any():
        best = codings.dropna(subset=["confidence"]).groupby("passage_id")["confidence"].max()
        conf = {int(k): float(v) for k, v in best.items()}
    if confidence:
        conf.update({int(k): float(v) for k, v in confidence.items() if v is not None})

    terms = _terms(data, [t for t, _, _ in spans])
    central, rows = centrality(terms)
    if method == "confidence":
        primary = np.array([conf.get(pid, 0.0) for pid in ids])
    else:
        primary = central
    # sort by score, then centrality, then document order (stable, deterministic)
    order = sorted(range(len(ids)), key=lambda i: (-round(float(primary[i]), 12), -round(float(central[i]), 12), i))

    source_of = dict(zip(ids, data.passages.loc[ids, "source_id"].astype(int).tolist()))
    chosen: list[int] = []
    used_sources: set[int] = set()
    remaining = list(order)
    while remaining and len(chosen) < n:
        picked_this_round = False
        next_round: list[int] = []
        for i in remaining:
            if len(chosen) >= n:
                break
            source_id = source_of[ids[i]]
            if source_id in used_sources:
                next_round.append(i)
                continue
            if rows is not None and chosen and max_similarity < 1.0:
                sims = (rows[chosen] @ rows[i].T).toarray().ravel()
                if sims.size and float(sims.max()) > max_similarity:
                    continue  # a near-duplicate of a chosen quote
            chosen.append(i)
            used_sources.add(source_id)
            picked_this_round = True
        if not picked_this_round:
            break
        used_sources = set()  # next round: a second quote per source is allowed
        remaining = [i for i in next_round if i not in chosen]

    return [_make_quote(data, ids[i], spans[i], float(primary[i]), conf.get(ids[i])) for i in chosen]


def quote_for(data: CodingData, passage_id: int, *, codings: pd.DataFrame | None = None) -> Quote:
    """The quote of one passage (narrowed to its coded part when ``codings`` cover only a part)."""
    if passage_id not in data.passages.index:
        raise ReportError("reports.no_passage", passage=passage_id)
    conf = None
    if codings is not None and len(codings):
        mine = codings[(codings["passage_id"] == passage_id) & codings["confidence"].notna()]
        if len(mine):
            conf = float(mine["confidence"].max())
    return _make_quote(data, passage_id, data.quote_span(passage_id, codings), 0.0, conf)


def _make_quote(data: CodingData, pid: int, span: tuple[str, int, int], score: float, confidence: float | None) -> Quote:
    p = data.passages.loc[pid]
    text, start, end = span
    return Quote(
        passage_id=int(pid),
        source_id=int(p["source_id"]),
        source_name=str(p["source_name"]),
        text=text,
        start=start,
        end=end,
        ordinal=int(p["ordinal"]),
        speaker=_none(p["speaker"]),
        role=_none(p["role"]) if "role" in p.index else None,
        kind=str(p["kind"]),
        municipality=_none(p["municipality"]),
        respondent_group=_none(p["respondent_group"]),
        participant=_none(p["participant"]),
        score=score,
        confidence=confidence,
    )


def _terms(data: CodingData, texts: list[str]) -> list[list[str]]:
    """Content words per text, memoised on ``data`` (a passage often serves several themes)."""
    cache: dict[str, list[str]] = data.cache.setdefault("terms", {})
    todo = [t for t in dict.fromkeys(texts) if t not in cache]
    if todo:
        cache.update(zip(todo, content_terms(todo)))
    return [cache[t] for t in texts]


def _none(value: object) -> str | None:
    if value is None:
        return None
    try:
        if pd.isna(value):  # type: ignore[arg-type]
            return None
    except (TypeError, ValueError):
        pass
    return str(value)

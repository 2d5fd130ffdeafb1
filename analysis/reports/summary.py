"""Theme summaries: what a code (or a topic of a saved topic model) covers, for whom, in what tone.

For one code: the passages, sources and participants that carry it; breakdowns
by respondent group, source kind, municipality and participant attributes (e.g.
the share of 70-plussers whose stories carry it); the evaluative stance split
(codes with ``axis == "stance"`` co-coded on the same passage: gaat goed /
knelpunt / verbetersuggestie); and the most representative quotes with
provenance.

>>> data = CodingData.from_project(project)                       # doctest: +SKIP
>>> s = summarize_code(data, "sociaal-domein", "toegang")          # doctest: +SKIP
>>> s.n_participants, s.breakdowns["respondent_group"]             # doctest: +SKIP

Counting rules: only accepted codings count unless ``include_suggestions=True``;
a code includes the codes below it (``include_descendants=True``); a passage
counts once per theme however many codings it carries. Shares are taken over
*all* passages/participants/sources of the group in the loaded data, so a group
in which nobody raised the theme shows 0.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..domain import RESPONDENT_GROUPS, SourceKind
from .data import CodingData, ReportError, descendants, stance_codes
from .labels import STANCE_NONE, UNKNOWN, kind_label, source_kinds_sentence
from .quotes import Quote, representative_quotes

if TYPE_CHECKING:  # pragma: no cover
    from ..store import Project

BASE_DIMENSIONS = ("respondent_group", "kind", "municipality")
BREAKDOWN_COLUMNS = (
    "group",
    "passages",
    "passages_total",
    "passages_share",
    "participants",
    "participants_total",
    "participants_share",
    "sources",
    "sources_total",
    "sources_share",
)
STANCE_COLUMNS = ("stance_id", "stance", "passages", "share")


@dataclass
class ThemeSummary:
    """The summary of one theme (a code with its descendants, or a topic)."""

    kind: str  # "code" or "topic"
    key: str  # code id, or the topic number as text
    label: str
    description: str
    codebook_id: str | None
    code_ids: list[str]
    passage_ids: list[int]
    n_passages: int
    n_sources: int
    n_participants: int
    n_municipalities: int
    passages_total: int
    sources_total: int
    participants_total: int
    breakdowns: dict[str, pd.DataFrame] = field(default_factory=dict)
    stance: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(STANCE_COLUMNS)))
    quotes: list[Quote] = field(default_factory=list)
    include_suggestions: bool = False
    # sources carrying the theme, split into verbatim ones (transcripts, stories, documents) and gespreksverslagen
    n_sources_verbatim: int = 0
    n_sources_verslag: int = 0

    def source_kinds_sentence(self) -> str:
        """'3 letterlijke bronnen en 2 gespreksverslagen' (empty when no verslag carries the theme)."""
        return source_kinds_sentence(self.n_sources_verbatim, self.n_sources_verslag) if self.n_sources_verslag else ""

    @property
    def passages_share(self) -> float:
        return self.n_passages / self.passages_total if self.passages_total else 0.0

    @property
    def participants_share(self) -> float:
        return self.n_participants / self.participants_total if self.participants_total else 0.0

    @property
    def sources_share(self) -> float:
        return self.n_sources / self.sources_total if self.sources_total else 0.0

    def stance_counts(self) -> dict[str, int]:
        """Stance label -> passages (without the 'Zonder houding' row)."""
        s = self.stance[self.stance["stance_id"] != ""]
        return {str(label): int(n) for label, n in zip(s["stance"], s["passages"])}

    def overview(self) -> dict[str, Any]:
        """One row of the overview table."""
        row: dict[str, Any] = {
            "code_id": self.key,
            "label": self.label,
            "passages": self.n_passages,
            "passages_share": self.passages_share,
            "sources": self.n_sources,
            "participants": self.n_participants,
            "participants_share": self.participants_share,
            "municipalities": self.n_municipalities,
        }
        for label, n in self.stance_counts().items():
            row[f"stance:{label}"] = n
        return row


# --------------------------------------------------------------------------- building blocks


def source_kind_counts(passages: pd.DataFrame) -> tuple[int, int]:
    """(verbatim sources, gespreksverslagen) among the sources of these passage rows."""
    is_verslag = passages["kind"] == SourceKind.VERSLAG.value
    return int(passages.loc[~is_verslag, "source_id"].nunique()), int(passages.loc[is_verslag, "source_id"].nunique())


def _natural_key(value: str) -> list[Any]:
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", value)]


def _group_order(dimension: str, groups: Iterable[str]) -> list[str]:
    groups = list(dict.fromkeys(groups))
    known = [g for g in groups if g != UNKNOWN]
    if dimension == "respondent_group":
        rank = {g: i for i, g in enumerate(RESPONDENT_GROUPS)}
        known.sort(key=lambda g: (rank.get(g, len(rank)), _natural_key(g)))
    elif dimension == "kind":
        rank = {kind_label(k): i for i, k in enumerate(SourceKind)}
        known.sort(key=lambda g: (rank.get(g, len(rank)), _natural_key(g)))
    else:
        known.sort(key=_natural_key)
    return known + ([UNKNOWN] if UNKNOWN in groups else [])


def _labels_for(data: CodingData, dimension: str) -> pd.Series:
    """Per passage, a list of group labels for ``dimension`` (lists: multiple-choice answers)."""
    if dimension in data.passages.columns:
        col = data.passages[dimension]
        if dimension == "kind":
            return col.map(lambda v: [kind_label(v)])
        return col.map(lambda v: [UNKNOWN] if _missing(v) else [str(v)])
    if dimension in data.attributes.columns:
        col = data.attributes[dimension]

        def labels(v: Any) -> list[str]:
            if isinstance(v, (list, tuple)):
                items = [str(x) for x in v if not _missing(x)]
                return items or [UNKNOWN]
            return [UNKNOWN] if _missing(v) else [_fmt_value(v)]

        return col.map(labels)
    raise ReportError(
        "reports.unknown_breakdown", dimension=dimension, fields=", ".join(BASE_DIMENSIONS),
        attributes=", ".join(map(str, data.attributes.columns)) or "none",
    )


def _missing(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, str):
        return v.strip() == ""
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _fmt_value(v: Any) -> str:
    if isinstance(v, bool):
        return "ja" if v else "nee"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _exploded(data: CodingData, dimension: str) -> pd.DataFrame:
    """Rows (passage_id, group, participant_key, source_id) for ``dimension``; cached on ``data``."""
    cache = data.cache.setdefault("exploded", {})
    if dimension not in cache:
        labels = _labels_for(data, dimension)
        frame = pd.DataFrame(
            {
                "passage_id": labels.index.repeat(labels.map(len)).astype("int64"),
                "group": [g for items in labels for g in items],
            }
        )
        cache[dimension] = frame.join(data.passages[["participant_key", "source_id"]], on="passage_id")
    return cache[dimension]


def _group_totals(data: CodingData, dimension: str) -> pd.DataFrame:
    cache = data.cache.setdefault("group_totals", {})
    if dimension not in cache:
        exploded = _exploded(data, dimension)
        cache[dimension] = exploded.groupby("group")[["passage_id", "participant_key", "source_id"]].nunique()
    return cache[dimension]


def breakdown(data: CodingData, passage_ids: Iterable[int], dimension: str) -> pd.DataFrame:
    """Passages, participants and sources of a theme per group of ``dimension``, with shares.

    ``*_total`` counts everything of the group in ``data``; ``*_share`` = theme / total.
    A passage whose attribute holds several values (a multiple-choice answer) counts in each.
    """
    exploded = _exploded(data, dimension)
    totals = _group_totals(data, dimension)
    marked = {int(i) for i in passage_ids}
    hits: dict[str, tuple[set, set, set]] = {}
    if marked:
        sub = exploded[exploded["passage_id"].isin(marked)]
        for group, pid, unit, src in zip(sub["group"], sub["passage_id"], sub["participant_key"], sub["source_id"]):
            h = hits.setdefault(group, (set(), set(), set()))
            h[0].add(pid)
            h[1].add(unit)
            h[2].add(src)
    rows = []
    for group in _group_order(dimension, totals.index.tolist()):
        found = hits.get(group, (set(), set(), set()))
        row: dict[str, Any] = {"group": group}
        for name, column, hit in zip(
            ("passages", "participants", "sources"), ("passage_id", "participant_key", "source_id"), found
        ):
            total = int(totals.at[group, column])
            row[name] = len(hit)
            row[f"{name}_total"] = total
            row[f"{name}_share"] = len(hit) / total if total else 0.0
        rows.append(row)
    return pd.DataFrame(rows, columns=list(BREAKDOWN_COLUMNS))


def stance_split(data: CodingData, passage_ids: Iterable[int]) -> pd.DataFrame:
    """How many of the theme's passages carry each stance code, and how many none.

    Shares are of the theme's passages; a passage with two stances counts in both,
    so shares can add up to more than 1.
    """
    ids = {int(i) for i in passage_ids}
    stance, by_passage = data.stance_by_passage()
    labels: dict[str, str] = {}
    for cb_id, code_id in stance:
        labels.setdefault(code_id, data.code_name(cb_id, code_id))
    counts = {code_id: 0 for code_id in labels}
    without = 0
    for pid in ids:
        carried = {code_id for _, code_id in by_passage.get(pid, set())}
        if not carried:
            without += 1
        for code_id in carried:
            counts[code_id] += 1
    n = len(ids)
    rows = [
        {"stance_id": cid, "stance": labels[cid], "passages": counts[cid], "share": counts[cid] / n if n else 0.0}
        for cid in labels
    ]
    rows.append({"stance_id": "", "stance": STANCE_NONE, "passages": without, "share": without / n if n else 0.0})
    return pd.DataFrame(rows, columns=list(STANCE_COLUMNS))


def _summarize(
    data: CodingData,
    passage_ids: Sequence[int],
    *,
    kind: str,
    key: str,
    label: str,
    description: str,
    codebook_id: str | None,
    code_ids: list[str],
    codings: pd.DataFrame | None,
    confidence: Mapping[int, float] | None,
    attributes: Sequence[str] | None,
    n_quotes: int,
    quote_method: str,
) -> ThemeSummary:
    ids = data.in_document_order(passage_ids)
    p = data.passages.loc[ids] if ids else data.passages.iloc[0:0]
    totals = data.totals()
    dims = list(BASE_DIMENSIONS)
    extra = list(attributes) if attributes is not None else data.attribute_columns()
    dims.extend(d for d in extra if d not in dims)
    return ThemeSummary(
        kind=kind,
        key=key,
        label=label,
        description=description,
        codebook_id=codebook_id,
        code_ids=code_ids,
        passage_ids=ids,
        n_passages=len(ids),
        n_sources=int(p["source_id"].nunique()),
        n_sources_verbatim=source_kind_counts(p)[0],
        n_sources_verslag=source_kind_counts(p)[1],
        n_participants=int(p["participant_key"].nunique()),
        n_municipalities=int(p["municipality"].dropna().nunique()),
        passages_total=totals["passages"],
        sources_total=totals["sources"],
        participants_total=totals["participants"],
        breakdowns={d: breakdown(data, ids, d) for d in dims},
        stance=stance_split(data, ids),
        quotes=representative_quotes(
            data, ids, codings=codings, confidence=confidence, n=n_quotes, method=quote_method
        ),
        include_suggestions=data.include_suggestions,
    )


# --------------------------------------------------------------------------- codes


def summarize_code(
    source: CodingData | Project,
    codebook_id: str,
    code_id: str,
    *,
    include_suggestions: bool = False,
    include_descendants: bool = True,
    attributes: Sequence[str] | None = None,
    n_quotes: int = 5,
    quote_method: str = "centrality",
) -> ThemeSummary:
    """Summarise one code of a codebook (with the codes below it unless ``include_descendants=False``).

    ``attributes``: participant attributes to break down by (default: every
    categorical attribute with at most 12 values, e.g. ``age_group``).
    """
    data = CodingData.coerce(source, include_suggestions=include_suggestions)
    code = data.code(codebook_id, code_id)
    codes = descendants(data.codebook(codebook_id), code_id) if include_descendants else [code_id]
    codings = data.codings_of(codebook_id, codes)
    return _summarize(
        data,
        codings["passage_id"].unique().tolist(),
        kind="code",
        key=code_id,
        label=code.name,
        description=code.definition,
        codebook_id=codebook_id,
        code_ids=codes,
        codings=codings,
        confidence=None,
        attributes=attributes,
        n_quotes=n_quotes,
        quote_method=quote_method,
    )


def summarize_codebook(
    source: CodingData | Project,
    codebook_id: str,
    *,
    codes: Sequence[str] | None = None,
    include_suggestions: bool = False,
    include_descendants: bool = True,
    include_empty: bool = False,
    attributes: Sequence[str] | None = None,
    n_quotes: int = 3,
    quote_method: str = "centrality",
    sort: str = "passages",
) -> list[ThemeSummary]:
    """Summaries of the codes of a codebook (all non-stance codes by default).

    ``sort="passages"`` (most passages first, then codebook order) or ``"codebook"``.
    Codes without passages are left out unless ``include_empty=True``.
    """
    if sort not in ("passages", "codebook"):
        raise ReportError("reports.unknown_sort", sort=sort)
    data = CodingData.coerce(source, include_suggestions=include_suggestions)
    cb = data.codebook(codebook_id)
    stance = {c.id for c in stance_codes(cb)} | {c.id for c in cb.codes if (c.axis or "").lower() == "stance"}
    wanted = list(codes) if codes is not None else [c.id for c in cb.codes if c.id not in stance]
    for cid in wanted:
        data.code(codebook_id, cid)
    out = [
        summarize_code(
            data,
            codebook_id,
            cid,
            include_descendants=include_descendants,
            attributes=attributes,
            n_quotes=n_quotes,
            quote_method=quote_method,
        )
        for cid in wanted
    ]
    if not include_empty:
        out = [s for s in out if s.n_passages]
    if sort == "passages":
        position = {cid: i for i, cid in enumerate(wanted)}
        out.sort(key=lambda s: (-s.n_passages, position[s.key]))
    return out


# --------------------------------------------------------------------------- topics


def _topic_meta(topics: Sequence[Mapping[str, Any]]) -> dict[int, tuple[str, str]]:
    """Topic number -> (label, keywords) from a saved model's topic list (tolerant of its layout)."""
    out: dict[int, tuple[str, str]] = {}
    for i, t in enumerate(topics):
        number = t.get("id", t.get("topic", i))
        try:
            number = int(number)
        except (TypeError, ValueError):
            continue
        words: list[str] = []
        for key in ("keywords", "words", "representation", "top_words"):
            raw = t.get(key)
            if raw:
                for w in raw:
                    if isinstance(w, (list, tuple)) and w:
                        words.append(str(w[0]))
                    elif isinstance(w, Mapping):
                        words.append(str(w.get("word", w.get("term", ""))))
                    else:
                        words.append(str(w))
                break
        label = t.get("label") or t.get("name") or (f"Thema {number}: " + ", ".join(words[:4]) if words else f"Thema {number}")
        out[number] = (str(label), ", ".join(w for w in words[:10] if w))
    return out


def summarize_topics(
    project: Project,
    model_id: int,
    *,
    topics: Sequence[int] | None = None,
    data: CodingData | None = None,
    include_suggestions: bool = False,
    include_outliers: bool = False,
    attributes: Sequence[str] | None = None,
    n_quotes: int = 3,
    quote_method: str = "centrality",
) -> list[ThemeSummary]:
    """Summaries of the topics of a saved topic model (``project.save_topic_model``).

    A topic's passages are those assigned to it; the stance split uses the
    counted stance codings on them; ``quote_method="confidence"`` ranks quotes by
    the assignment probability. Topic -1 (outliers) is left out unless asked.
    """
    model = project.load_topic_model(model_id)
    meta = _topic_meta(model.get("topics") or [])
    assignments = project.topic_assignments(model_id)
    by_topic: dict[int, list[int]] = {}
    probability: dict[int, float] = {}
    for pid, topic, prob in assignments:
        by_topic.setdefault(int(topic), []).append(int(pid))
        if prob is not None:
            probability[int(pid)] = float(prob)
    if data is None:
        data = CodingData.from_project(project, include_suggestions=include_suggestions)
    wanted = list(topics) if topics is not None else sorted(set(by_topic) | set(meta))
    unknown = [t for t in wanted if t not in by_topic and t not in meta]
    if unknown:
        raise ReportError("reports.no_topic", id=model_id, name=model.get("name"), topics=", ".join(map(str, unknown)))
    if not include_outliers and topics is None:
        wanted = [t for t in wanted if t >= 0]
    out = []
    for t in wanted:
        label, words = meta.get(t, (f"Thema {t}", ""))
        out.append(
            _summarize(
                data,
                by_topic.get(t, []),
                kind="topic",
                key=str(t),
                label=label,
                description=words,
                codebook_id=None,
                code_ids=[],
                codings=None,
                confidence=probability,
                attributes=attributes,
                n_quotes=n_quotes,
                quote_method=quote_method,
            )
        )
    return out


def summarize_topic(project: Project, model_id: int, topic: int, **kwargs: Any) -> ThemeSummary:
    """Summary of one topic of a saved topic model (see :func:`summarize_topics`)."""
    return summarize_topics(project, model_id, topics=[topic], **kwargs)[0]


# --------------------------------------------------------------------------- tables


def overview_frame(summaries: Sequence[ThemeSummary]) -> pd.DataFrame:
    """One row per theme, Dutch column names, in the given order."""
    stance_labels: list[str] = []
    for s in summaries:
        for label in s.stance_counts():
            if label not in stance_labels:
                stance_labels.append(label)
    rows = []
    for s in summaries:
        row = {
            "Thema" if s.kind == "topic" else "Code": s.label,
            "Fragmenten": s.n_passages,
            "Bronnen": s.n_sources,
            "Deelnemers": s.n_participants,
            "Aandeel deelnemers": s.participants_share,
            "Gemeenten": s.n_municipalities,
        }
        if any(x.n_sources_verslag for x in summaries):
            row["Letterlijke bronnen"] = s.n_sources_verbatim
            row["Gespreksverslagen"] = s.n_sources_verslag
        counts = s.stance_counts()
        for label in stance_labels:
            row[label] = counts.get(label, 0)
        rows.append(row)
    first = "Thema" if summaries and summaries[0].kind == "topic" else "Code"
    kinds = ["Letterlijke bronnen", "Gespreksverslagen"] if any(x.n_sources_verslag for x in summaries) else []
    columns = [first, "Fragmenten", "Bronnen", *kinds, "Deelnemers", "Aandeel deelnemers", "Gemeenten", *stance_labels]
    return pd.DataFrame(rows, columns=columns)

"""The tables every report is computed from: passages with context, and the codings that count.

:class:`CodingData` is loaded once (from a project, or from plain domain objects
in tests and notebooks) and then feeds summaries, matrices, the normenkader and
the municipality comparison, so a report reads the store only once.

Which codings count: accepted ones; with ``include_suggestions=True`` also open
suggestions. Rejected codings never count. A passage coded twice with the same
code (two coders, two spans) counts once.

The *participant* of a passage is its source's participant (a pseudonym such as
``RLW-01``, unique per municipality). A source without a participant (a report,
a policy document) counts as a participant of its own, so that "share of
participants" stays defined for every source.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..domain import Code, Codebook, Coding, CodingStatus, PassageRecord, SourceKind
from ..errors import DuidingError
from .labels import is_not_data, role_of

if TYPE_CHECKING:  # pragma: no cover
    from ..store import Project

PASSAGE_COLUMNS = (
    "source_id",
    "source_name",
    "ordinal",
    "start",
    "end",
    "text",
    "speaker",
    "role",
    "kind",
    "municipality",
    "study",
    "respondent_group",
    "participant",
    "participant_key",
    "participant_label",
    "date",
)
CODING_COLUMNS = (
    "coding_id",
    "passage_id",
    "codebook_id",
    "code_id",
    "status",
    "origin",
    "coder",
    "confidence",
    "start",
    "end",
    "citeerbaar",
)


class ReportError(DuidingError, ValueError):
    """A report cannot be made from the given input (the message says what is wrong)."""

    default_key = "reports.failed"


def counted_statuses(include_suggestions: bool) -> tuple[str, ...]:
    """The coding statuses that count: accepted, plus suggested when asked."""
    if include_suggestions:
        return (CodingStatus.ACCEPTED.value, CodingStatus.SUGGESTED.value)
    return (CodingStatus.ACCEPTED.value,)


def participant_key(record: PassageRecord) -> str:
    if record.participant:
        return f"{record.municipality or ''}|{record.participant}"
    return f"bron:{record.source_id}"


def descendants(codebook: Codebook, code_id: str) -> list[str]:
    """``code_id`` and every code below it, in codebook order."""
    codebook.code(code_id)  # raises KeyError naming the codebook when unknown
    below: dict[str | None, list[str]] = {}
    for c in codebook.codes:
        below.setdefault(c.parent, []).append(c.id)
    out: list[str] = []
    stack = [code_id]
    seen: set[str] = set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        out.append(current)
        stack.extend(reversed(below.get(current, [])))
    order = {c.id: i for i, c in enumerate(codebook.codes)}
    return sorted(out, key=lambda c: order.get(c, 0))


def stance_codes(codebook: Codebook) -> list[Code]:
    """The codable codes on the evaluative-stance axis (gaat goed / knelpunt / verbetersuggestie)."""
    return [c for c in codebook.codes if (c.axis or "").lower() == "stance" and c.codable]


@dataclass
class CodingData:
    """Passages (index: passage id) with context, and the codings that count.

    ``passages`` columns: see :data:`PASSAGE_COLUMNS` (``kind`` holds the enum value).
    ``attributes``: one column per participant attribute (``age_group``, ``wijk``, story answers).
    ``codings``: see :data:`CODING_COLUMNS`; only counted statuses.
    """

    passages: pd.DataFrame
    codings: pd.DataFrame
    codebooks: dict[str, Codebook]
    attributes: pd.DataFrame = field(default_factory=pd.DataFrame)
    include_suggestions: bool = False
    #: memo of derived tables (e.g. exploded breakdown groups); never part of equality
    cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    # -- construction -------------------------------------------------------------------
    @classmethod
    def from_records(
        cls,
        passages: Iterable[PassageRecord],
        codings: Iterable[Coding],
        codebooks: Iterable[Codebook],
        *,
        include_suggestions: bool = False,
        include_interviewer: bool = False,
    ) -> CodingData:
        """Build from domain objects (no store needed).

        Interviewer turns (role interviewer, or speaker 'I', 'Interviewer', ...) and
        header lines that carry no counted coding are left out unless
        ``include_interviewer=True``: they are questions and titles, not data, and
        would only inflate the passage totals.
        """
        statuses = set(counted_statuses(include_suggestions))
        codings = [c for c in codings if CodingStatus(c.status).value in statuses]
        coded = {c.passage_id for c in codings}
        rows: list[dict[str, Any]] = []
        attrs: list[dict[str, Any]] = []
        ids: list[int] = []
        for r in passages:
            role = role_of(getattr(r, "role", None), r.speaker)
            if not include_interviewer and r.id not in coded and is_not_data(role, r.speaker):
                continue
            kind = r.kind.value if isinstance(r.kind, SourceKind) else SourceKind.parse(r.kind).value
            rows.append(
                {
                    "source_id": r.source_id,
                    "source_name": r.source_name,
                    "ordinal": r.ordinal,
                    "start": r.start,
                    "end": r.end,
                    "text": r.text,
                    "speaker": r.speaker,
                    "role": role,
                    "kind": kind,
                    "municipality": r.municipality,
                    "study": r.study,
                    "respondent_group": r.respondent_group,
                    "participant": r.participant,
                    "participant_key": participant_key(r),
                    "participant_label": r.participant or r.source_name,
                    "date": r.date,
                }
            )
            attrs.append(dict(r.attributes or {}))
            ids.append(r.id)
        if len(set(ids)) != len(ids):
            raise ReportError("reports.duplicate_passage")
        index = pd.Index(ids, name="passage_id", dtype="int64")
        passage_frame = pd.DataFrame(rows, index=index, columns=list(PASSAGE_COLUMNS))
        attribute_frame = pd.DataFrame(attrs, index=index)
        known = set(ids)
        coding_rows = [
            {
                "coding_id": c.id,
                "passage_id": c.passage_id,
                "codebook_id": c.codebook_id,
                "code_id": c.code_id,
                "status": CodingStatus(c.status).value,
                "origin": getattr(c.origin, "value", c.origin),
                "coder": c.coder,
                "confidence": c.confidence,
                "start": c.start,
                "end": c.end,
                "citeerbaar": bool(getattr(c, "citeerbaar", False)),
            }
            for c in codings
            if c.passage_id in known
        ]
        coding_frame = pd.DataFrame(coding_rows, columns=list(CODING_COLUMNS))
        coding_frame["passage_id"] = coding_frame["passage_id"].astype("int64")
        coding_frame["confidence"] = pd.to_numeric(coding_frame["confidence"], errors="coerce").astype("float64")
        return cls(
            passages=passage_frame,
            codings=coding_frame.reset_index(drop=True),
            codebooks={cb.id: cb for cb in codebooks},
            attributes=attribute_frame,
            include_suggestions=include_suggestions,
        )

    @classmethod
    def from_project(
        cls,
        project: Project,
        *,
        codebook_ids: Sequence[str] | None = None,
        include_suggestions: bool = False,
        municipalities: Sequence[str] | None = None,
        kinds: Sequence[str | SourceKind] | None = None,
        include_interviewer: bool = False,
    ) -> CodingData:
        """Load passages (optionally only of some municipalities / source kinds) and their counted codings.

        Everything computed from the result (shares, totals) is relative to what is
        loaded: ``kinds=["interview", "group_interview"]`` leaves stories and reports out
        of the denominators too.
        """
        known = project.codebook_ids()
        wanted = list(codebook_ids) if codebook_ids is not None else known
        missing = [c for c in wanted if c not in known]
        if missing:
            raise ReportError(
                "reports.project_no_codebook", location=project.location, codebooks=", ".join(repr(m) for m in missing),
                known=", ".join(known) or "none", known_nl=", ".join(known) or "geen",
            )
        codebooks = [project.get_codebook(c) for c in wanted]
        try:
            kind_values = {SourceKind.parse(k).value for k in kinds} if kinds else None
        except ValueError as exc:
            raise ReportError("reports.unknown_kind", detail=str(exc), kinds=", ".join(map(str, kinds)),
                              choices=", ".join(k.value for k in SourceKind)) from None
        records: list[PassageRecord] = []
        for muni in dict.fromkeys(municipalities) if municipalities else [None]:
            for batch in project.iter_passages(municipality=muni):
                records.extend(r for r in batch if kind_values is None or SourceKind.parse(r.kind).value in kind_values)
        statuses = list(counted_statuses(include_suggestions))
        codings: list[Coding] = []
        for cb_id in wanted:
            codings.extend(project.codings(codebook_id=cb_id, status=statuses))
        return cls.from_records(
            records, codings, codebooks, include_suggestions=include_suggestions, include_interviewer=include_interviewer
        )

    @classmethod
    def coerce(
        cls,
        source: CodingData | Project,
        *,
        codebook_ids: Sequence[str] | None = None,
        include_suggestions: bool = False,
    ) -> CodingData:
        """Accept loaded data as is (its own ``include_suggestions`` applies), or load it from a project.

        Asking for suggestions on data loaded without them is an error rather than a
        silent undercount.
        """
        if isinstance(source, CodingData):
            if include_suggestions and not source.include_suggestions:
                raise ReportError("reports.suggestions_not_loaded")
            return source
        return cls.from_project(source, codebook_ids=codebook_ids, include_suggestions=include_suggestions)

    def restrict(self, passage_ids: Iterable[int]) -> CodingData:
        """The same data limited to ``passage_ids`` (a saved set, a query result): passages, their
        attributes and codings; every share and total is then relative to those passages."""
        keep = self.passages.index.intersection(pd.Index([int(i) for i in passage_ids], dtype="int64"))
        keep = self.passages.index[self.passages.index.isin(keep)]  # document order as loaded
        codings = self.codings[self.codings["passage_id"].isin(keep)].reset_index(drop=True)
        attributes = self.attributes.loc[keep] if len(self.attributes.columns) else pd.DataFrame(index=keep)
        return CodingData(
            passages=self.passages.loc[keep],
            codings=codings,
            codebooks=dict(self.codebooks),
            attributes=attributes,
            include_suggestions=self.include_suggestions,
        )

    # -- lookups ------------------------------------------------------------------------
    def codebook(self, codebook_id: str) -> Codebook:
        try:
            return self.codebooks[codebook_id]
        except KeyError:
            known = ", ".join(sorted(self.codebooks)) or "none"
            raise ReportError("reports.no_codebook", codebook=codebook_id, known=known) from None

    def code(self, codebook_id: str, code_id: str) -> Code:
        cb = self.codebook(codebook_id)
        try:
            return cb.code(code_id)
        except KeyError:
            raise ReportError("reports.no_code", codebook=codebook_id, code=code_id) from None

    def code_name(self, codebook_id: str, code_id: str) -> str:
        cb = self.codebooks.get(codebook_id)
        if cb is not None:
            for c in cb.codes:
                if c.id == code_id:
                    return c.name
        return code_id

    def codings_of(self, codebook_id: str, code_ids: Iterable[str]) -> pd.DataFrame:
        ids = set(code_ids)
        c = self.codings
        return c[(c["codebook_id"] == codebook_id) & (c["code_id"].isin(ids))]

    def passages_with(self, codebook_id: str, code_ids: Iterable[str]) -> list[int]:
        """Ids of passages carrying any of the codes, in document order."""
        ids = set(self.codings_of(codebook_id, code_ids)["passage_id"].tolist())
        return self.in_document_order(ids)

    def in_document_order(self, passage_ids: Iterable[int]) -> list[int]:
        ids = [int(i) for i in set(passage_ids) if i in self.passages.index]
        if not ids:
            return []
        sub = self.passages.loc[ids, ["source_id", "ordinal"]]
        return [int(i) for i in sub.sort_values(["source_id", "ordinal"]).index]

    def passage_codes(self, codebook_id: str | None = None) -> dict[int, set[str]]:
        """Passage id -> the code ids that count on it (of one codebook, or ``codebook:code`` for all)."""
        out: dict[int, set[str]] = {}
        c = self.codings if codebook_id is None else self.codings[self.codings["codebook_id"] == codebook_id]
        for pid, cb, code in zip(c["passage_id"], c["codebook_id"], c["code_id"]):
            key = code if codebook_id is not None else f"{cb}:{code}"
            out.setdefault(int(pid), set()).add(key)
        return out

    def stance_by_passage(self) -> tuple[list[tuple[str, str]], dict[int, set[tuple[str, str]]]]:
        """Stance codes ``(codebook_id, code_id)`` of every loaded codebook, and passage -> stance codes."""
        if "stance" not in self.cache:
            self.cache["stance"] = self._stance_by_passage()
        return self.cache["stance"]

    def _stance_by_passage(self) -> tuple[list[tuple[str, str]], dict[int, set[tuple[str, str]]]]:
        stance: list[tuple[str, str]] = []
        for cb in self.codebooks.values():
            stance.extend((cb.id, c.id) for c in stance_codes(cb))
        wanted = set(stance)
        out: dict[int, set[tuple[str, str]]] = {}
        c = self.codings
        for pid, cb, code in zip(c["passage_id"], c["codebook_id"], c["code_id"]):
            if (cb, code) in wanted:
                out.setdefault(int(pid), set()).add((cb, code))
        return stance, out

    def quote_span(self, passage_id: int, codings: pd.DataFrame | None = None) -> tuple[str, int, int]:
        """The text a quote shows and its source offsets.

        The whole passage, unless every counted coding of the passage (in ``codings``)
        covers a part of it; then the first such part (lowest start).
        """
        part = coded_parts(codings, [passage_id]).get(passage_id) if codings is not None else None
        return self.span_text(passage_id, part)

    def span_text(self, passage_id: int, part: tuple[int, int] | None) -> tuple[str, int, int]:
        """``(text, start, end)`` of a passage, or of ``part`` (source offsets) inside it."""
        spans = self.cache.get("spans")
        if spans is None:
            p = self.passages
            spans = self.cache["spans"] = {
                int(pid): (int(st), int(en), str(tx)) for pid, st, en, tx in zip(p.index, p["start"], p["end"], p["text"])
            }
        try:
            start, end, text = spans[int(passage_id)]
        except KeyError:
            raise ReportError("reports.no_passage", passage=passage_id) from None
        if part is not None:
            s, e = part
            if start <= s < e <= end:
                return text[s - start : e - start], s, e
        return text, start, end

    def attribute_columns(self, max_categories: int = 12) -> list[str]:
        """Participant attributes fit for a breakdown: categorical, at most ``max_categories`` values."""
        key = f"attribute_columns:{max_categories}"
        if key not in self.cache:
            self.cache[key] = self._attribute_columns(max_categories)
        return list(self.cache[key])

    def _attribute_columns(self, max_categories: int) -> list[str]:
        out: list[str] = []
        for col in self.attributes.columns:
            values = self.attributes[col].dropna()
            if values.empty:
                continue
            flat: set[Any] = set()
            ok = True
            for v in values:
                items = v if isinstance(v, (list, tuple)) else [v]
                for item in items:
                    if isinstance(item, float) and not float(item).is_integer():
                        ok = False
                        break
                    if isinstance(item, (dict, set)):
                        ok = False
                        break
                    flat.add(item)
                if not ok or len(flat) > max_categories:
                    ok = False
                    break
            if ok and flat:
                out.append(str(col))
        return out

    def totals(self) -> dict[str, int]:
        p = self.passages
        return {
            "passages": len(p),
            "sources": int(p["source_id"].nunique()),
            "participants": int(p["participant_key"].nunique()),
        }


def coded_parts(codings: pd.DataFrame | None, passage_ids: Iterable[int] | None = None) -> dict[int, tuple[int, int]]:
    """Passage id -> the coded part ``(start, end)`` for passages whose every coding covers only a part.

    A passage with at least one whole-passage coding (no offsets) is left out: its quote
    is the whole passage. Of several parts, the one that starts first is taken.
    """
    if codings is None or codings.empty:
        return {}
    c = codings if passage_ids is None else codings[codings["passage_id"].isin(list(passage_ids))]
    out: dict[int, tuple[int, int]] = {}
    whole: set[int] = set()
    for pid, start, end in zip(c["passage_id"], c["start"], c["end"]):
        pid = int(pid)
        if start is None or end is None or pd.isna(start) or pd.isna(end):
            whole.add(pid)
            continue
        part = (int(start), int(end))
        if pid not in out or part < out[pid]:
            out[pid] = part
    return {pid: part for pid, part in out.items() if pid not in whole}

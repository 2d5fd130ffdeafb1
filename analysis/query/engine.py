"""Evaluate queries over a project: passage sets from codes, text, saved sets and attributes.

:class:`QueryIndex` reads the project once (passage positions without their text, the counted codings,
sources, participants, codebooks, saved sets); every query and matrix after that is set arithmetic in
memory, so a query on 100k passages with 300k codings answers well under a second once the index is
loaded. A text search (``TEXT "..."``) asks the store, which folds case and diacritics as keyword in
context does.

Semantics (see :mod:`analysis.query.language` for the grammar):

* a code stands for the passages with a counted coding of that code *or a code below it*;
* counted codings are accepted ones, plus open suggestions with ``include_suggestions=True``;
* ``A AND B``: same passage; ``A OVERLAPS B``: a coded span of A overlaps one of B (a coding without a
  span covers its whole passage); ``A NEAR/n B``: the passages of A with a passage of B at most ``n``
  passages away in the same source, and those of B with one of A; ``NOT`` is relative to all passages;
* conditions compare case- and diacritics-insensitively; ``!=`` holds for passages without the field;
  a list-valued attribute (a multiple-choice answer) matches when any of its values does; ``~`` is
  "contains"; ``coder = X`` limits the codings that count to those of coder X.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..domain import Codebook, PassageRecord, SourceKind
from ..reports.data import counted_statuses, descendants
from ..store.project import fold_search
from .language import (
    Binary,
    CodeRef,
    Compare,
    Cond,
    CondBinary,
    CondNot,
    Node,
    Not,
    Query,
    QueryError,
    SetRef,
    TextSearch,
    parse,
)

if TYPE_CHECKING:  # pragma: no cover
    from ..store import Project

#: fields every passage has (besides participant attributes and source metadata)
BASE_FIELDS = (
    "municipality",
    "kind",
    "respondent_group",
    "study",
    "source",
    "participant",
    "date",
    "age_group",
    "wijk",
    "speaker",
    "role",
    "heading",
    "question",
    "coder",
)



def fold(value: Any) -> str:
    """A value as conditions compare it: trimmed, then folded as the passage search folds text
    (``'Cliënt'`` -> ``'client'``)."""
    return fold_search(str(value).strip())


@dataclass
class QueryResult:
    """The passages a query found, in document order, with the units they come from."""

    query: str
    passage_ids: list[int]
    sources: int
    participants: int

    def __len__(self) -> int:
        return len(self.passage_ids)


@dataclass
class QueryIndex:
    """Everything a query needs, read from the project once."""

    positions: dict[int, tuple[int, int, int, int, str | None]]  # pid -> (source, ordinal, start, end, speaker)
    order: list[int]  # passage ids in document order
    source_fields: dict[int, dict[str, Any]]  # source id -> field -> value (or list of values)
    codings: Sequence[Any]  # rows with .passage_id, .codebook_id, .code_id, .coder, .start, .end
    codebooks: dict[str, Codebook]
    sets: dict[str, list[int]] = field(default_factory=dict)
    include_suggestions: bool = False
    project: Project | None = None
    text_search: Callable[[str], Iterable[int]] | None = None
    passage_fields: dict[str, dict[int, str]] = field(default_factory=dict)  # heading, question (verslagen)
    _rank: dict[int, int] = field(default_factory=dict, repr=False)
    _by_place: dict[tuple[int, int], int] = field(default_factory=dict, repr=False)
    _coder_map: dict[int, set[str]] | None = field(default=None, repr=False)
    _code_map: dict[tuple[str, str], list[Any]] | None = field(default=None, repr=False)
    _field_cache: dict[str, dict[int, tuple[str, ...]]] = field(default_factory=dict, repr=False)
    _unit_cache: dict[int, int] | None = field(default=None, repr=False)
    _all: frozenset[int] | None = field(default=None, repr=False)
    _code_pids: dict[tuple[str, str], frozenset[int]] = field(default_factory=dict, repr=False)
    _span_cache: dict[tuple[str, str], tuple[frozenset[int], dict[int, list[tuple[int, int]]]]] = field(
        default_factory=dict, repr=False
    )
    _by_coder: dict[str, list[Any]] | None = field(default=None, repr=False)
    _coder_code_pids: dict[tuple[str, str], dict[str, frozenset[int]]] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self._rank = {pid: i for i, pid in enumerate(self.order)}
        self._by_place = {(src, ordn): pid for pid, (src, ordn, *_rest) in self.positions.items()}

    # -- construction ---------------------------------------------------------------------------------
    @classmethod
    def from_project(
        cls,
        project: Project,
        *,
        codebook_ids: Sequence[str] | None = None,
        include_suggestions: bool = False,
    ) -> QueryIndex:
        rows = project.passage_positions()
        positions = {r[0]: (r[1], r[2], r[3], r[4], r[5]) for r in rows}
        passage_fields = {
            "heading": {r[0]: r[6] for r in rows if r[6]},
            "question": {r[0]: r[7] for r in rows if r[7]},
            "role": {r[0]: r[8] for r in rows if r[8]},
        }
        order = [r[0] for r in rows]
        participants = {(p.label, p.municipality): p for p in project.participants()}
        source_fields: dict[int, dict[str, Any]] = {}
        for s in project.sources(with_text=False):
            part = participants.get((s.participant, s.municipality)) if s.participant else None
            fields: dict[str, Any] = {}
            for key, value in (s.metadata or {}).items():
                if isinstance(value, (str, int, float, list)) and not isinstance(value, bool):
                    fields[str(key).lower()] = value
            if part is not None:
                for key, value in (part.attributes or {}).items():
                    fields[str(key).lower()] = value
                if part.age_group:
                    fields["age_group"] = part.age_group
                if part.wijk:
                    fields["wijk"] = part.wijk
            fields.update(
                {
                    "municipality": s.municipality,
                    "kind": s.kind.value if isinstance(s.kind, SourceKind) else s.kind,
                    "respondent_group": s.respondent_group or (part.respondent_group if part else None),
                    "study": s.study,
                    "source": s.name,
                    "participant": s.participant,
                    "date": s.date,
                }
            )
            source_fields[int(s.id)] = fields
        wanted = list(codebook_ids) if codebook_ids is not None else None
        codings = project.coding_spans(counted_statuses(include_suggestions), wanted)
        codebooks = {cb.id: cb for cb in project.codebooks() if wanted is None or cb.id in wanted}
        sets = {s["name"]: list(s["passage_ids"]) for s in project.passage_sets()}
        return cls(
            positions=positions,
            order=order,
            source_fields=source_fields,
            codings=codings,
            codebooks=codebooks,
            sets=sets,
            include_suggestions=include_suggestions,
            project=project,
            text_search=lambda words: project.passage_ids(search=words),
            passage_fields=passage_fields,
        )

    # -- lookups --------------------------------------------------------------------------------------
    @property
    def all_ids(self) -> frozenset[int]:
        if self._all is None:
            self._all = frozenset(self.positions)
        return self._all

    def fields(self) -> list[str]:
        """The fields conditions and matrices can use: the base fields, then attributes, sorted."""
        extra: set[str] = set()
        for fields in self.source_fields.values():
            extra.update(fields)
        return list(BASE_FIELDS) + sorted(extra - set(BASE_FIELDS))

    def distinct_values(self, name: str, limit: int = 500) -> list[str]:
        """The values a field takes in the project (sorted; at most ``limit``), for pickers."""
        name = name.lower()
        found: set[str] = set()
        if name == "speaker":
            found = {spk for _s, _o, _st, _e, spk in self.positions.values() if spk}
        elif name == "coder":
            found = set(self._coder_names())
        elif name in self.passage_fields:
            found = {v for v in self.passage_fields[name].values() if v}
        else:
            for fields in self.source_fields.values():
                raw = fields.get(name)
                items = raw if isinstance(raw, (list, tuple, set)) else [raw]
                found.update(str(v) for v in items if v is not None and str(v) != "")
        return sorted(found, key=lambda v: (v.lower(), v))[:limit]  # "Jan" and "jan": not in the set's order

    def field_values(self, name: str, passage_id: int) -> tuple[str, ...]:
        """The value(s) of ``name`` for a passage, as display strings; () when it has none."""
        return self.field_map(name).get(passage_id, ())

    def field_map(self, name: str) -> dict[int, tuple[str, ...]]:
        """passage id -> values of ``name``, for passages that have any (computed once per field)."""
        name = name.lower()
        cache = self._field_cache.get(name)
        if cache is None:
            cache = self._field_cache[name] = self._compute_field_map(name)
        return cache

    def _compute_field_map(self, name: str) -> dict[int, tuple[str, ...]]:

        def clean(raw: Any) -> tuple[str, ...]:
            if raw is None or raw == "":
                return ()
            items = raw if isinstance(raw, (list, tuple, set)) else [raw]
            return tuple(str(v) for v in items if v is not None and str(v) != "")

        if name == "speaker":
            return {pid: clean(pos[4]) for pid, pos in self.positions.items() if pos[4]}
        if name in self.passage_fields:
            return {pid: clean(value) for pid, value in self.passage_fields[name].items()}
        if name == "coder":
            return {pid: tuple(sorted(coders)) for pid, coders in self._coders().items()}
        per_source = {src: clean(fields.get(name)) for src, fields in self.source_fields.items()}
        return {pid: vals for pid, pos in self.positions.items() if (vals := per_source.get(pos[0], ()))}

    def _coder_names(self) -> set[str]:
        return set(self._codings_by_coder())

    def _codings_by_coder(self) -> dict[str, list[Any]]:
        if self._by_coder is None:
            self._by_coder = {}
            for c in self.codings:
                self._by_coder.setdefault(c.coder, []).append(c)
        return self._by_coder

    def coder_passages(self, key: tuple[str, str]) -> dict[str, frozenset[int]]:
        """For one ``(codebook_id, code_id)``: coder -> the passages that coder coded with it (cached)."""
        if self._coder_code_pids is None:
            table: dict[tuple[str, str], dict[str, set[int]]] = {}
            for c in self.codings:
                table.setdefault((c.codebook_id, c.code_id), {}).setdefault(c.coder, set()).add(c.passage_id)
            self._coder_code_pids = {k: {coder: frozenset(p) for coder, p in v.items()} for k, v in table.items()}
        return self._coder_code_pids.get(key, {})

    def _coders(self) -> dict[int, set[str]]:
        if self._coder_map is None:
            self._coder_map = {}
            for c in self.codings:
                self._coder_map.setdefault(c.passage_id, set()).add(c.coder)
        return self._coder_map

    def codings_of(self, wanted: set[tuple[str, str]]) -> Iterator[Any]:
        """The counted codings of these ``(codebook_id, code_id)`` pairs."""
        return self._with_codes(self.codings, wanted)

    def _with_codes(self, codings: Sequence[Any], wanted: set[tuple[str, str]]) -> Iterator[Any]:
        if codings is self.codings:  # the common case: an index by code, built once
            if self._code_map is None:
                self._code_map = {}
                for c in self.codings:
                    self._code_map.setdefault((c.codebook_id, c.code_id), []).append(c)
            for key in wanted:
                yield from self._code_map.get(key, ())
        else:
            yield from (c for c in codings if (c.codebook_id, c.code_id) in wanted)

    def in_document_order(self, ids: Iterable[int]) -> list[int]:
        return sorted((i for i in set(ids) if i in self._rank), key=self._rank.__getitem__)

    def unit_ids(self, passage_ids: Iterable[int], count: str) -> set[int]:
        """The distinct sources (``count="sources"``), participants or passages of ``passage_ids``, as ints."""
        if count == "passages":
            return set(passage_ids)
        if count == "sources":
            return {self.positions[p][0] for p in passage_ids}
        if self._unit_cache is None:
            keys: dict[str, int] = {}
            per_source = {}
            for src in {pos[0] for pos in self.positions.values()}:
                fields = self.source_fields.get(src, {})
                key = f"{fields.get('municipality') or ''}|{fields['participant']}" if fields.get("participant") else f"bron:{src}"
                per_source[src] = keys.setdefault(key, len(keys))
            self._unit_cache = {pid: per_source[pos[0]] for pid, pos in self.positions.items()}
        units = self._unit_cache
        return {units[p] for p in passage_ids}

    def resolve_code(self, ref: CodeRef) -> list[tuple[str, str]]:
        """``(codebook_id, code_id)`` of the code and every code below it."""
        want = fold(ref.ref)
        found: list[tuple[str, str]] = []
        for cb in self.codebooks.values():
            if ref.codebook and fold(ref.codebook) != fold(cb.id):
                continue
            for c in cb.codes:
                if fold(c.id) == want or fold(c.name) == want:
                    found.append((cb.id, c.id))
                    break
        if not found:
            names = [c.id for cb in self.codebooks.values() for c in cb.codes if want and want in fold(c.name + " " + c.id)]
            hint = f" Bedoelt u: {', '.join(names[:5])}?" if names else ""
            raise QueryError("query.unknown_code", position=ref.position, code=ref.ref, hint=hint)
        if len(found) > 1:
            raise QueryError(
                "query.ambiguous_code", position=ref.position, code=ref.ref, codebooks=", ".join(cb for cb, _ in found)
            )
        cb_id, code_id = found[0]
        return [(cb_id, cid) for cid in descendants(self.codebooks[cb_id], code_id)]

    # -- evaluation -----------------------------------------------------------------------------------
    def run(self, query: str | Query) -> QueryResult:
        """Parse (when given text) and evaluate a query."""
        parsed = parse(query) if isinstance(query, str) else query
        coders, where = _split_coder(parsed.where)
        codings = self.codings
        if coders is not None:
            by_coder = self._codings_by_coder()
            codings = [c for name in sorted(by_coder) if fold(name) in coders for c in by_coder[name]]
        ids = self._eval(parsed.codes, codings) if parsed.codes is not None else self.all_ids
        if coders is not None and parsed.codes is None:
            ids = {c.passage_id for c in codings}
        if where is not None:
            ids = {pid for pid in ids if self._holds(where, pid)}
        ordered = self.in_document_order(ids)
        return QueryResult(
            query=parsed.text,
            passage_ids=ordered,
            sources=len({self.positions[p][0] for p in ordered}),
            participants=len(self.unit_ids(ordered, "participants")),
        )

    def _code_passages(self, node: CodeRef, codings: Sequence[Any]) -> set[int]:
        wanted = self.resolve_code(node)
        if codings is not self.codings:
            return {c.passage_id for c in self._with_codes(codings, set(wanted))}
        out: set[int] = set()
        for key in wanted:  # per code, the passage set is built once per index
            pids = self._code_pids.get(key)
            if pids is None:
                pids = self._code_pids[key] = frozenset(c.passage_id for c in self._with_codes(codings, {key}))
            out |= pids
        return out

    def _code_spans(self, node: Node, codings: Sequence[Any]) -> tuple[set[int], dict[int, list[tuple[int, int]]]]:
        """``(whole, parts)``: passages coded as a whole with the node's codes, and the spans of the codings
        that cover part of a passage (an OR of codes merges both)."""
        if isinstance(node, Binary):  # an OR of codes (the parser checked)
            whole, parts = self._code_spans(node.left, codings)
            whole2, parts2 = self._code_spans(node.right, codings)
            merged = {pid: list(spans) for pid, spans in parts.items()}
            for pid, spans in parts2.items():
                merged.setdefault(pid, []).extend(spans)
            return whole | whole2, merged
        assert isinstance(node, CodeRef)
        whole: set[int] = set()
        parts: dict[int, list[tuple[int, int]]] = {}
        for key in self.resolve_code(node):
            cached = self._span_cache.get(key) if codings is self.codings else None
            if cached is None:
                w: set[int] = set()
                ps: dict[int, list[tuple[int, int]]] = {}
                for c in self._with_codes(codings, {key}):
                    if c.start is None or c.end is None:
                        w.add(c.passage_id)
                    else:
                        ps.setdefault(c.passage_id, []).append((c.start, c.end))
                cached = (frozenset(w), ps)
                if codings is self.codings:
                    self._span_cache[key] = cached
            whole |= cached[0]
            for pid, spans in cached[1].items():
                parts.setdefault(pid, []).extend(spans)
        return whole, parts

    def _overlaps(self, left: Node, right: Node, codings: Sequence[Any]) -> set[int]:
        whole_l, parts_l = self._code_spans(left, codings)
        whole_r, parts_r = self._code_spans(right, codings)
        candidates = (whole_l | parts_l.keys()) & (whole_r | parts_r.keys())
        hits = set()
        for pid in candidates:
            # a coding of the whole passage overlaps every (non-empty) span inside it
            if pid in whole_l or pid in whole_r:
                hits.add(pid)
            elif any(s1 < e2 and s2 < e1 for s1, e1 in parts_l[pid] for s2, e2 in parts_r[pid]):
                hits.add(pid)
        return hits & self.all_ids

    def _eval(self, node: Node, codings: Sequence[Any]) -> set[int]:
        if isinstance(node, CodeRef):
            return self._code_passages(node, codings) & self.all_ids
        if isinstance(node, TextSearch):
            if self.text_search is None:
                raise QueryError("query.syntax", position=node.position, expected="een project", found="TEXT")
            return set(self.text_search(node.words)) & self.all_ids
        if isinstance(node, SetRef):
            if node.name not in self.sets:
                match = [n for n in self.sets if fold(n) == fold(node.name)]
                if not match:
                    raise QueryError("query.unknown_set", position=node.position, name=node.name)
                return set(self.sets[match[0]]) & self.all_ids
            return set(self.sets[node.name]) & self.all_ids
        if isinstance(node, Not):
            return set(self.all_ids - self._eval(node.operand, codings))
        assert isinstance(node, Binary)
        if node.op == "overlaps":
            return self._overlaps(node.left, node.right, codings)
        left_ids = self._eval(node.left, codings)
        right_ids = self._eval(node.right, codings)
        if node.op == "and":
            return left_ids & right_ids
        if node.op == "or":
            return left_ids | right_ids
        # near
        return self._near(left_ids, right_ids, node.distance) | self._near(right_ids, left_ids, node.distance)

    def _near(self, ids: set[int], others: set[int], distance: int) -> set[int]:
        out = set()
        for pid in ids:
            src, ordinal, *_rest = self.positions[pid]
            for d in range(-distance, distance + 1):
                other = self._by_place.get((src, ordinal + d))
                if other is not None and other in others and (other != pid or distance == 0):
                    out.add(pid)
                    break
        return out

    def _holds(self, cond: Cond, pid: int) -> bool:
        if isinstance(cond, CondNot):
            return not self._holds(cond.operand, pid)
        if isinstance(cond, CondBinary):
            if cond.op == "and":
                return self._holds(cond.left, pid) and self._holds(cond.right, pid)
            return self._holds(cond.left, pid) or self._holds(cond.right, pid)
        values = [fold(v) for v in self.field_values(cond.field, pid)]
        targets = [_normal(cond.field, t) for t in cond.values]
        if cond.op == "=" or cond.op == "in":
            return any(v in targets for v in values)
        if cond.op == "!=":
            return not any(v in targets for v in values)
        return any(t in v for v in values for t in targets)  # "~": contains

    # -- records --------------------------------------------------------------------------------------
    def records(self, passage_ids: Sequence[int]) -> list[PassageRecord]:
        """The passages (with their text) in the given order (the store reads long id lists in chunks)."""
        if self.project is None:
            raise QueryError("query.syntax", expected="een project", found="geen project")
        found: dict[int, PassageRecord] = {}
        for rec in self.project.passages(ids=list(passage_ids)):
            found[rec.id] = rec
        return [found[i] for i in passage_ids if i in found]


def _normal(field_name: str, value: str) -> str:
    if field_name == "kind":
        try:
            return SourceKind.parse(value).value
        except ValueError:
            return fold(value)
    return fold(value)


def _split_coder(where: Cond | None) -> tuple[set[str] | None, Cond | None]:
    """Take ``coder = X`` / ``coder IN (...)`` conditions joined by AND at the top out of ``where``."""
    if where is None:
        return None, None
    parts = list(_and_parts(where))
    coders: set[str] | None = None
    rest: list[Cond] = []
    for part in parts:
        if isinstance(part, Compare) and part.field == "coder":
            if part.op not in ("=", "in"):
                raise QueryError("query.coder_position", position=part.position)
            names = {fold(v) for v in part.values}
            coders = names if coders is None else coders & names
        else:
            _no_coder(part)
            rest.append(part)
    if not rest:
        return coders, None
    combined = rest[0]
    for part in rest[1:]:
        combined = CondBinary("and", combined, part)
    return coders, combined


def _and_parts(cond: Cond) -> Iterator[Cond]:
    if isinstance(cond, CondBinary) and cond.op == "and":
        yield from _and_parts(cond.left)
        yield from _and_parts(cond.right)
    else:
        yield cond


def _no_coder(cond: Cond) -> None:
    if isinstance(cond, Compare):
        if cond.field == "coder":
            raise QueryError("query.coder_position", position=cond.position)
    elif isinstance(cond, CondNot):
        _no_coder(cond.operand)
    else:
        _no_coder(cond.left)
        _no_coder(cond.right)


def run_query(
    project: Project,
    query: str,
    *,
    codebook_ids: Sequence[str] | None = None,
    include_suggestions: bool = False,
) -> QueryResult:
    """Parse and evaluate ``query`` on ``project`` (loads a fresh index)."""
    parsed = parse(query)  # parse errors before any read
    index = QueryIndex.from_project(project, codebook_ids=codebook_ids, include_suggestions=include_suggestions)
    return index.run(parsed)

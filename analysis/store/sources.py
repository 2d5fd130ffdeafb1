"""Sources, participants, municipalities and studies, and passages (with the passage search).

A mixin of :class:`analysis.store.Project`: it uses the project's ``transaction()``,
``_session()`` and ``_audit()``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Select, and_, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..domain import Participant, Passage, PassageRecord, Source, SourceKind
from .common import (
    IN_LIMIT,
    SOURCE_FIELDS,
    DuplicateSource,
    StoreError,
    _escape_like,
    _folded,
    _jsonable,
    _roles,
    fold_search,
    in_chunks,
)
from .orm import (
    AssignmentRow,
    CodebookRow,
    CodingRow,
    MemoRow,
    MunicipalityRow,
    ParticipantRow,
    PassageRow,
    SourceRow,
    StoryCollectionRow,
    StudyRow,
    TopicAssignmentRow,
    utcnow,
)
from .permissions import requires


class SourceStore:
    """Sources, participants, municipalities and studies, and passages (with the passage search)."""

    def _municipality_id(self, s: Session, name: str | None) -> int | None:
        return _named_id(s, MunicipalityRow, name)

    def _study_id(self, s: Session, name: str | None) -> int | None:
        return _named_id(s, StudyRow, name)

    def _participant_id(self, s: Session, participant: Participant | None, municipality_id: int | None) -> int | None:
        if participant is None:
            return None
        stmt = select(ParticipantRow).where(ParticipantRow.label == participant.label)
        stmt = stmt.where(
            ParticipantRow.municipality_id == municipality_id
            if municipality_id is not None
            else ParticipantRow.municipality_id.is_(None)
        )
        row = s.scalar(stmt)
        if row is None:
            row = ParticipantRow(
                label=participant.label,
                municipality_id=municipality_id,
                respondent_group=participant.respondent_group,
                age_group=participant.age_group,
                wijk=participant.wijk,
                attributes=dict(participant.attributes),
            )
            s.add(row)
            s.flush()
        else:
            # later imports may add attributes; never drop what is known
            merged = dict(row.attributes or {})
            merged.update(participant.attributes)
            row.attributes = merged
            row.respondent_group = row.respondent_group or participant.respondent_group
            row.age_group = row.age_group or participant.age_group
            row.wijk = row.wijk or participant.wijk
        return row.id

    @requires("read")
    def municipalities(self) -> list[str]:
        with self._session() as s:
            return list(s.scalars(select(MunicipalityRow.name).order_by(MunicipalityRow.name)))

    @requires("read")
    def studies(self) -> list[str]:
        with self._session() as s:
            return list(s.scalars(select(StudyRow.name).order_by(StudyRow.name)))

    @requires("read")
    def participants(self, municipality: str | None = None) -> list[Participant]:
        stmt = select(ParticipantRow, MunicipalityRow.name).outerjoin(
            MunicipalityRow, ParticipantRow.municipality_id == MunicipalityRow.id
        )
        if municipality:
            stmt = stmt.where(MunicipalityRow.name == municipality)
        with self._session() as s:
            return [
                Participant(
                    label=p.label,
                    municipality=m,
                    respondent_group=p.respondent_group,
                    age_group=p.age_group,
                    wijk=p.wijk,
                    attributes=dict(p.attributes or {}),
                    id=p.id,
                )
                for p, m in s.execute(stmt.order_by(ParticipantRow.id))
            ]

    @requires("read")
    def find_source_by_checksum(self, checksum: str) -> Source | None:
        with self._session() as s:
            row = s.scalar(select(SourceRow.id).where(SourceRow.checksum == checksum))
        return self.get_source(row) if row is not None else None

    @requires("import")
    def add_source(
        self,
        source: Source,
        passages: Sequence[Passage],
        *,
        participant: Participant | None = None,
    ) -> int:
        """Store a source with its passages in one transaction and return its id.

        Raises :class:`DuplicateSource` when a source with the same checksum exists,
        and :class:`StoreError` when a passage's offsets do not reproduce its text.
        """
        for p in passages:
            if source.text[p.start : p.end] != p.text:
                raise StoreError(
                    "store.offsets_mismatch", file=source.name, ordinal=p.ordinal, start=p.start, end=p.end
                )
        with self.transaction() as s:
            return self._add_source(s, source, passages, participant)

    def _add_source(self, s: Session, source: Source, passages: Sequence[Passage], participant: Participant | None) -> int:
        if source.checksum:
            existing = s.execute(
                select(SourceRow.id, SourceRow.name).where(SourceRow.checksum == source.checksum)
            ).first()
            if existing is not None:
                raise DuplicateSource(source.name, existing.id, existing.name)
        muni_id = self._municipality_id(s, source.municipality)
        if participant is None and source.participant:
            participant = Participant(
                label=source.participant,
                municipality=source.municipality,
                respondent_group=source.respondent_group,
            )
        row = SourceRow(
            name=source.name,
            kind=SourceKind.parse(source.kind).value,
            municipality_id=muni_id,
            study_id=self._study_id(s, source.study),
            participant_id=self._participant_id(s, participant, muni_id),
            respondent_group=source.respondent_group or (participant.respondent_group if participant else None),
            date=source.date,
            checksum=source.checksum,
            path=source.path,
            text=source.text,
            meta=dict(source.metadata),
            imported_at=utcnow(),
        )
        s.add(row)
        try:
            s.flush()
        except IntegrityError as exc:  # a concurrent import of the same file
            raise StoreError("store.source_not_stored", file=source.name, detail=str(exc.orig)) from exc
        if passages:
            roles = _roles(passages, source.kind, source.metadata)
            s.execute(
                PassageRow.__table__.insert(),
                [
                    {
                        "source_id": row.id,
                        "ordinal": p.ordinal if p.ordinal is not None else i,
                        "speaker": p.speaker,
                        "role": roles[i],
                        "start": p.start,
                        "end": p.end,
                        "text": p.text,
                        "heading": getattr(p, "heading", None),
                        "question": getattr(p, "question", None),
                    }
                    for i, p in enumerate(passages)
                ],
            )
        self._audit(s, "create", "source", row.id, after={"name": source.name, "passages": len(passages)})
        source.id = row.id
        return row.id

    @requires("import")
    def delete_source(self, source_id: int) -> dict[str, int]:
        """Delete a source with its passages, codings, memos, topic assignments and work assignments.

        One transaction; the audit log keeps the source's metadata and what went with it.
        Returns the counts: ``{"passages": n, "codings": n, "memos": n}``.
        """
        with self.transaction() as s:
            row = s.get(SourceRow, source_id)
            if row is None:
                raise StoreError("store.no_source", id=source_id)
            before = self._source_fields(s, row)
            passage_ids = select(PassageRow.id).where(PassageRow.source_id == source_id)
            pids = [str(i) for i in s.scalars(passage_ids)]
            statuses = dict(
                s.execute(
                    select(CodingRow.status, func.count())
                    .where(CodingRow.passage_id.in_(passage_ids))
                    .group_by(CodingRow.status)
                ).all()
            )
            codings = s.execute(delete(CodingRow).where(CodingRow.passage_id.in_(passage_ids))).rowcount or 0
            memo_filter = and_(MemoRow.target_type == "source", MemoRow.target_id == str(source_id))
            for chunk in in_chunks(pids):
                memo_filter = or_(memo_filter, and_(MemoRow.target_type == "passage", MemoRow.target_id.in_(chunk)))
            memos = s.execute(delete(MemoRow).where(memo_filter)).rowcount or 0
            s.execute(delete(TopicAssignmentRow).where(TopicAssignmentRow.passage_id.in_(passage_ids)))
            s.execute(delete(AssignmentRow).where(AssignmentRow.source_id == source_id))
            s.execute(delete(PassageRow).where(PassageRow.source_id == source_id))
            self._drop_story(s, row)
            s.delete(row)
            counts = {"passages": len(pids), "codings": int(codings), "memos": int(memos)}
            before.update(counts, codings_by_status={str(k): int(v) for k, v in statuses.items()})
            self._audit(s, "delete", "source", source_id, before=before)
            return counts

    def _drop_story(self, s: Session, row: SourceRow) -> None:
        """A deleted story source also leaves its collection (plots and counts on the Verhalen page)."""
        meta = row.meta or {}
        collection_id, story_id = meta.get("story_collection"), meta.get("story_id")
        if not collection_id or story_id is None:
            return
        for coll in s.scalars(select(StoryCollectionRow)):
            data = dict(coll.data or {})
            if data.get("id") != collection_id:
                continue
            stories = list(data.get("stories") or [])
            kept = [st for st in stories if str(st.get("id")) != str(story_id)]
            if len(kept) != len(stories):
                data["stories"] = kept
                coll.data = data

    def _source_fields(self, s: Session, row: SourceRow) -> dict[str, Any]:
        """A source's editable metadata as stored (names, not ids), for the audit log."""
        muni = s.get(MunicipalityRow, row.municipality_id) if row.municipality_id else None
        study = s.get(StudyRow, row.study_id) if row.study_id else None
        part = s.get(ParticipantRow, row.participant_id) if row.participant_id else None
        return {
            "name": row.name,
            "kind": row.kind,
            "municipality": muni.name if muni else None,
            "study": study.name if study else None,
            "participant": part.label if part else None,
            "respondent_group": row.respondent_group,
            "date": row.date,
            "metadata": dict(row.meta or {}),
        }

    @requires("import")
    def update_source(self, source_id: int, **changes: Any) -> Source:
        """Change a source's metadata in one transaction, audit logged (before and after).

        Keywords (each optional; ``None`` or ``""`` clears a field, except ``name`` and ``kind``):
        ``name``, ``kind``, ``municipality``, ``study``, ``participant`` (label), ``respondent_group``,
        ``date`` and ``metadata`` (a dict that replaces the extra fields). The text and the
        passages are not touched, so codings stay as they are.
        """
        unknown = set(changes) - set(SOURCE_FIELDS)
        if unknown:
            raise StoreError(
                "store.unknown_source_fields", fields=", ".join(sorted(unknown)), known=", ".join(SOURCE_FIELDS)
            )
        with self.transaction() as s:
            row = s.get(SourceRow, source_id)
            if row is None:
                raise StoreError("store.no_source", id=source_id)
            before = self._source_fields(s, row)
            after = dict(before)
            for key, value in changes.items():
                if key == "metadata":
                    if value is not None and not isinstance(value, dict):
                        raise StoreError("store.metadata_not_dict")
                    after[key] = dict(value or {})
                elif isinstance(value, str):
                    after[key] = value.strip() or None
                else:
                    after[key] = value
            if not after["name"]:
                raise StoreError("store.source_needs_name", id=source_id)
            try:
                after["kind"] = SourceKind.parse(after["kind"]).value
            except ValueError as exc:
                raise StoreError(
                    "store.source_unknown_kind", id=source_id, kind=after["kind"], detail=str(exc),
                    choices=", ".join(kind.value for kind in SourceKind),
                ) from None
            if after == before:
                return self._to_source(row, before["municipality"], before["study"], before["participant"], False)
            muni_id = self._municipality_id(s, after["municipality"])
            row.name = after["name"]
            row.kind = after["kind"]
            row.municipality_id = muni_id
            row.study_id = self._study_id(s, after["study"])
            row.respondent_group = after["respondent_group"]
            row.date = None if after["date"] is None else str(after["date"])
            row.meta = after["metadata"]
            if after["participant"] != before["participant"] or after["municipality"] != before["municipality"]:
                participant = (
                    Participant(label=after["participant"], municipality=after["municipality"],
                                respondent_group=after["respondent_group"])
                    if after["participant"] else None
                )
                row.participant_id = self._participant_id(s, participant, muni_id)
            changed = [k for k in after if after[k] != before[k]]
            self._audit(
                s, "update", "source", source_id,
                before={k: before[k] for k in changed}, after={k: after[k] for k in changed},
            )
            s.flush()
            return self._to_source(row, after["municipality"], after["study"], after["participant"], False)

    @requires("import")
    def update_source_text(
        self, source_id: int, text: str, passages: Sequence[Passage], *, name: str | None = None,
        path: str | None = None, metadata: dict | None = None,
    ) -> None:
        """Replace a source's text and passages (e.g. after pseudonymisation), and optionally its name,
        path and metadata.

        Codings are carried over by passage ordinal when the number of passages is unchanged.
        """
        with self.transaction() as s:
            row = s.get(SourceRow, source_id)
            if row is None:
                raise StoreError("store.no_source", id=source_id)
            for p in passages:
                if text[p.start : p.end] != p.text:
                    raise StoreError("store.offsets_mismatch_short", file=row.name, ordinal=p.ordinal)
            old = list(s.scalars(select(PassageRow).where(PassageRow.source_id == source_id).order_by(PassageRow.ordinal)))
            roles = _roles(passages, row.kind, row.meta)
            if len(old) == len(passages):
                for o, p, role in zip(old, passages, roles):
                    o.start, o.end, o.text, o.speaker, o.role = p.start, p.end, p.text, p.speaker, role
                    o.heading, o.question = getattr(p, "heading", None), getattr(p, "question", None)
                    s.execute(
                        update(CodingRow)
                        .where(CodingRow.passage_id == o.id, CodingRow.start.is_not(None))
                        .values(start=None, end=None)
                    )
            else:
                s.execute(delete(PassageRow).where(PassageRow.source_id == source_id))
                s.flush()
                s.execute(
                    PassageRow.__table__.insert(),
                    [
                        {"source_id": source_id, "ordinal": i, "speaker": p.speaker, "role": roles[i],
                         "start": p.start, "end": p.end, "text": p.text,
                         "heading": getattr(p, "heading", None), "question": getattr(p, "question", None)}
                        for i, p in enumerate(passages)
                    ],
                )
            self._audit(s, "update", "source", source_id, before={"chars": len(row.text)}, after={"chars": len(text)})
            row.text = text
            if name is not None:
                row.name = name
            if path is not None:
                row.path = path
            if metadata is not None:
                row.meta = _jsonable(metadata)

    def _source_select(self) -> Select:
        from sqlalchemy.orm import aliased

        muni = aliased(MunicipalityRow)
        study = aliased(StudyRow)
        part = aliased(ParticipantRow)
        return (
            select(SourceRow, muni.name, study.name, part.label)
            .outerjoin(muni, SourceRow.municipality_id == muni.id)
            .outerjoin(study, SourceRow.study_id == study.id)
            .outerjoin(part, SourceRow.participant_id == part.id)
        )

    @staticmethod
    def _to_source(row: SourceRow, muni: str | None, study: str | None, participant: str | None, with_text: bool = True) -> Source:
        return Source(
            name=row.name,
            text=row.text if with_text else "",
            kind=SourceKind(row.kind),
            municipality=muni,
            study=study,
            participant=participant,
            respondent_group=row.respondent_group,
            date=row.date,
            checksum=row.checksum,
            path=row.path,
            metadata=dict(row.meta or {}),
            imported_at=row.imported_at,
            id=row.id,
        )

    @requires("read")
    def sources(
        self, municipality: str | None = None, kind: str | SourceKind | None = None, *, with_text: bool = True
    ) -> list[Source]:
        stmt = self._source_select().order_by(SourceRow.id)
        if municipality:
            stmt = stmt.where(SourceRow.municipality_id.in_(select(MunicipalityRow.id).where(MunicipalityRow.name == municipality)))
        if kind:
            stmt = stmt.where(SourceRow.kind == SourceKind.parse(kind).value)
        if not with_text:
            from sqlalchemy.orm import defer

            stmt = stmt.options(defer(SourceRow.text))
        with self._session() as s:
            return [self._to_source(r, m, st, p, with_text) for r, m, st, p in s.execute(stmt)]

    @requires("read")
    def get_source(self, source_id: int) -> Source:
        with self._session() as s:
            found = s.execute(self._source_select().where(SourceRow.id == source_id)).first()
        if found is None:
            raise StoreError("store.no_source", id=source_id)
        return self._to_source(*found)

    @requires("read")
    def source_participant(self, source_id: int) -> Participant | None:
        with self._session() as s:
            row = s.execute(
                select(ParticipantRow, MunicipalityRow.name)
                .join(SourceRow, SourceRow.participant_id == ParticipantRow.id)
                .outerjoin(MunicipalityRow, ParticipantRow.municipality_id == MunicipalityRow.id)
                .where(SourceRow.id == source_id)
            ).first()
        if row is None:
            return None
        p, m = row
        return Participant(p.label, m, p.respondent_group, p.age_group, p.wijk, dict(p.attributes or {}), p.id)

    @requires("read")
    def stats(self) -> dict[str, int]:
        with self._session() as s:
            return {
                "sources": s.scalar(select(func.count(SourceRow.id))) or 0,
                "passages": s.scalar(select(func.count(PassageRow.id))) or 0,
                "municipalities": s.scalar(select(func.count(MunicipalityRow.id))) or 0,
                "participants": s.scalar(select(func.count(ParticipantRow.id))) or 0,
                "codebooks": s.scalar(select(func.count(CodebookRow.id))) or 0,
                "codings": s.scalar(select(func.count(CodingRow.id))) or 0,
                "accepted": s.scalar(select(func.count(CodingRow.id)).where(CodingRow.status == "accepted")) or 0,
                "suggested": s.scalar(select(func.count(CodingRow.id)).where(CodingRow.status == "suggested")) or 0,
            }

    def _passage_select(
        self,
        *,
        source_id: int | None = None,
        municipality: str | None = None,
        kind: str | SourceKind | None = None,
        respondent_group: str | None = None,
        ids: Iterable[int] | None = None,
        search: str | None = None,
        code_id: str | None = None,
        status: str | None = None,
        codebook_id: str | None = None,
        exclude_roles: Iterable[str] | None = None,
    ) -> Select:
        muni = MunicipalityRow
        stmt = (
            select(
                PassageRow,
                SourceRow.name,
                SourceRow.kind,
                muni.name,
                StudyRow.name,
                SourceRow.respondent_group,
                ParticipantRow.label,
                SourceRow.date,
                ParticipantRow.attributes,
                ParticipantRow.respondent_group,
                ParticipantRow.age_group,
                ParticipantRow.wijk,
            )
            .join(SourceRow, PassageRow.source_id == SourceRow.id)
            .outerjoin(muni, SourceRow.municipality_id == muni.id)
            .outerjoin(StudyRow, SourceRow.study_id == StudyRow.id)
            .outerjoin(ParticipantRow, SourceRow.participant_id == ParticipantRow.id)
        )
        if source_id is not None:
            stmt = stmt.where(PassageRow.source_id == source_id)
        if municipality:
            stmt = stmt.where(muni.name == municipality)
        if kind:
            stmt = stmt.where(SourceRow.kind == SourceKind.parse(kind).value)
        if respondent_group:
            stmt = stmt.where(
                or_(SourceRow.respondent_group == respondent_group, ParticipantRow.respondent_group == respondent_group)
            )
        if ids is not None:
            stmt = stmt.where(PassageRow.id.in_(list(ids)))
        if exclude_roles:
            # interviewer turns and header lines (NOT_DATA_ROLES); passages without a role stay
            stmt = stmt.where(or_(PassageRow.role.is_(None), PassageRow.role.not_in(list(exclude_roles))))
        if search:
            pattern = "%" + _escape_like(fold_search(search)) + "%"
            stmt = stmt.where(_folded(PassageRow.text, self.engine.dialect.name).like(pattern, escape="\\"))
        if code_id or status:
            conds = [CodingRow.passage_id == PassageRow.id]
            if code_id:
                conds.append(CodingRow.code_id == code_id)
            if status:
                conds.append(CodingRow.status == status)
            if codebook_id:
                conds.append(CodingRow.codebook_id == codebook_id)
            stmt = stmt.where(select(CodingRow.id).where(and_(*conds)).exists())
        return stmt

    @staticmethod
    def _to_record(row: Any) -> PassageRecord:
        p, sname, kind, muni, study, rgroup, plabel, date, attrs, prgroup, age, wijk = row
        attributes = dict(attrs or {})
        if age and "age_group" not in attributes:
            attributes["age_group"] = age
        if wijk and "wijk" not in attributes:
            attributes["wijk"] = wijk
        return PassageRecord(
            id=p.id,
            source_id=p.source_id,
            ordinal=p.ordinal,
            start=p.start,
            end=p.end,
            text=p.text,
            speaker=p.speaker,
            role=p.role,
            source_name=sname,
            kind=SourceKind(kind),
            municipality=muni,
            study=study,
            respondent_group=rgroup or prgroup,
            participant=plabel,
            date=date,
            attributes=attributes,
            heading=p.heading,
            question=p.question,
        )

    @requires("read")
    def passages(self, *, limit: int | None = None, offset: int = 0, **filters: Any) -> list[PassageRecord]:
        """Passages in document order (source, ordinal); ``ids=`` may be as long as you like."""
        ids = _id_list(filters)
        if ids is not None and len(ids) > IN_LIMIT:
            found = [r for chunk in in_chunks(ids) for r in self.passages(**{**filters, "ids": chunk})]
            found.sort(key=lambda r: (r.source_id, r.ordinal))
            return found[offset : None if limit is None else offset + limit]
        stmt = self._passage_select(**filters).order_by(PassageRow.source_id, PassageRow.ordinal)
        if limit is not None:
            stmt = stmt.limit(limit)
        if offset:
            stmt = stmt.offset(offset)
        with self._session() as s:
            return [self._to_record(r) for r in s.execute(stmt)]

    @requires("read")
    def get_passage(self, passage_id: int) -> PassageRecord:
        found = self.passages(ids=[passage_id])
        if not found:
            raise StoreError("store.no_passage", id=passage_id)
        return found[0]

    @requires("read")
    def count_passages(self, **filters: Any) -> int:
        ids = _id_list(filters)
        if ids is not None and len(ids) > IN_LIMIT:
            return sum(self.count_passages(**{**filters, "ids": chunk}) for chunk in in_chunks(ids))
        stmt = self._passage_select(**filters).with_only_columns(func.count(PassageRow.id)).order_by(None)
        with self._session() as s:
            return s.scalar(stmt) or 0

    @requires("read")
    def passage_ids(self, **filters: Any) -> list[int]:
        columns = (PassageRow.id, PassageRow.source_id, PassageRow.ordinal)
        found = []
        with self._session() as s:
            for chunked in _chunked_filters(filters):
                stmt = self._passage_select(**chunked).with_only_columns(*columns)
                found.extend(s.execute(stmt).all())
        return [pid for pid, _sid, _ordinal in sorted(found, key=lambda r: (r[1], r[2]))]

    @requires("read")
    def passage_ordinals(self, source_id: int) -> dict[int, int]:
        """``{ordinal: passage id}`` of one source's passages (cheap: no text read)."""
        stmt = select(PassageRow.ordinal, PassageRow.id).where(PassageRow.source_id == source_id)
        with self._session() as s:
            return {int(o): int(i) for o, i in s.execute(stmt)}

    @requires("read")
    def passage_heads(self, ids: Iterable[int], chars: int = 400) -> dict[int, tuple[str | None, str]]:
        """``{passage id: (role, first chars of its text)}``: enough to rank without loading whole passages."""
        out: dict[int, tuple[str | None, str]] = {}
        with self._session() as s:
            for chunk in in_chunks(sorted(set(ids))):
                stmt = select(PassageRow.id, PassageRow.role, func.substr(PassageRow.text, 1, chars)).where(
                    PassageRow.id.in_(chunk)
                )
                out.update((pid, (role, head or "")) for pid, role, head in s.execute(stmt))
        return out

    @requires("read")
    def iter_passages(self, batch_size: int = 5000, **filters: Any) -> Iterator[list[PassageRecord]]:
        """Yield passages in batches, ordered by id (keyset pagination; constant memory)."""
        last = 0
        while True:
            stmt = self._passage_select(**filters).where(PassageRow.id > last).order_by(PassageRow.id).limit(batch_size)
            with self._session() as s:
                batch = [self._to_record(r) for r in s.execute(stmt)]
            if not batch:
                return
            yield batch
            last = batch[-1].id

    @requires("read")
    def passage_positions(self) -> Sequence[tuple]:
        """Every passage as ``(id, source_id, ordinal, start, end, speaker, heading, question, role)``, without
        text: the skeleton queries and matrices work on (one read, fast on 100k passages)."""
        stmt = select(
            PassageRow.id, PassageRow.source_id, PassageRow.ordinal, PassageRow.start, PassageRow.end, PassageRow.speaker,
            PassageRow.heading, PassageRow.question, PassageRow.role,
        ).order_by(PassageRow.source_id, PassageRow.ordinal)
        with self._session() as s:
            return s.connection().execute(stmt).all()

    @requires("read")
    def neighbours(self, passage_id: int, before: int = 1, after: int = 1) -> list[PassageRecord]:
        """The passage with the turns around it in its source."""
        with self._session() as s:
            row = s.get(PassageRow, passage_id)
            if row is None:
                raise StoreError("store.no_passage", id=passage_id)
            ids = list(
                s.scalars(
                    select(PassageRow.id).where(
                        PassageRow.source_id == row.source_id,
                        PassageRow.ordinal.between(row.ordinal - before, row.ordinal + after),
                    )
                )
            )
        return sorted(self.passages(ids=ids), key=lambda p: p.ordinal)

    @requires("import")
    def update_participant(self, participant_id: int, *, label: str, wijk: str | None, attributes: dict) -> None:
        """Change a participant's label, wijk and attributes (pseudonymisation uses it)."""
        with self.transaction() as s:
            row = s.get(ParticipantRow, participant_id)
            if row is None:
                raise StoreError("store.no_participant", id=participant_id)
            before = {"label": row.label, "wijk": row.wijk, "attributes": row.attributes}
            row.label, row.wijk, row.attributes = label, wijk, dict(attributes)
            self._audit(s, "update", "participant", participant_id, before=before, after={"label": label})


def _named_id(s: Session, table: type[MunicipalityRow | StudyRow], name: str | None) -> int | None:
    """The id of the row of ``table`` with this name, made when there is none (None for no name)."""
    if not name:
        return None
    row = s.scalar(select(table).where(table.name == name))
    if row is None:
        row = table(name=name)
        s.add(row)
        s.flush()
    return row.id


def _id_list(filters: dict[str, Any]) -> list[int] | None:
    """``filters["ids"]`` as a list without duplicates (put back in ``filters``), or None."""
    if filters.get("ids") is None:
        return None
    filters["ids"] = list(dict.fromkeys(filters["ids"]))
    return filters["ids"]


def _chunked_filters(filters: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """``filters`` once, or once per chunk of its ``ids``."""
    ids = _id_list(filters)
    if ids is None or len(ids) <= IN_LIMIT:
        yield filters
        return
    for chunk in in_chunks(ids):
        yield {**filters, "ids": chunk}

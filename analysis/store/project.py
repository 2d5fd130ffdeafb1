"""The repository API: the one way the rest of Duiding reads and writes a project.

Every public write method runs in one transaction: it either happens whole or
not at all. Reads return domain objects from :mod:`analysis.domain`.
"""

from __future__ import annotations

import os
import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

from sqlalchemy import Select, and_, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from ..domain import (
    Code,
    Codebook,
    Coding,
    CodingOrigin,
    CodingStatus,
    EvidenceSpan,
    Memo,
    Norm,
    Participant,
    Passage,
    PassageRecord,
    ScaleLevel,
    Source,
    SourceKind,
)
from ..errors import DuidingError, display_name
from . import engine as eng
from . import version as data_version
from .review_store import ReviewStore
from .orm import (
    CODING_KEY,
    AssignmentRow,
    AuditRow,
    CodebookRow,
    CodeRow,
    CodingRow,
    MemoRow,
    MunicipalityRow,
    NormJudgementRow,
    PassageSetMemberRow,
    PassageSetRow,
    ParticipantRow,
    PassageRow,
    SourceRow,
    StoryCollectionRow,
    StudyRow,
    TopicAssignmentRow,
    TopicModelRow,
    utcnow,
)

# The metadata of a source that :meth:`Project.update_source` may change.
SOURCE_FIELDS = ("name", "kind", "municipality", "study", "participant", "respondent_group", "date", "metadata")


class StoreError(DuidingError, RuntimeError):
    """A store operation that cannot be carried out (the message says why)."""

    default_key = "store.failed"


class DuplicateSource(StoreError):
    def __init__(self, name: str, existing_id: int, existing_name: str):
        super().__init__(
            "store.duplicate_source", file=display_name(name), existing_id=existing_id, existing=existing_name
        )
        self.args = (f"{name}: already imported (same content as source {existing_id}, {existing_name!r})",)
        self.existing_id = existing_id
        self.existing_name = existing_name


DECIDED = (CodingStatus.ACCEPTED.value, CodingStatus.REJECTED.value)


class Project(ReviewStore):
    """A Duiding project: sources, passages, codebooks, codings, memos, themes."""

    def __init__(self, url: str, *, user: str | None = None, location: str | None = None):
        self.url = url
        self.location = location or url
        self.engine = eng.make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._written = threading.local()
        data_version.install(self._sessions, self._written)
        self.user = user or os.environ.get("DUIDING_USER") or "researcher"
        self._signed_in_as: str | None = None  # set by login(): the name whose password was checked

    # -- opening -----------------------------------------------------------------
    @classmethod
    def create(cls, location: str | os.PathLike[str] | None = None, **kwargs: Any) -> Project:
        """Create (or open, when it exists) a project and bring its schema up to date."""
        url = eng.resolve_url(location)
        if url.startswith("sqlite:///"):
            eng.sqlite_path(str(location) if location is not None else url).parent.mkdir(parents=True, exist_ok=True)
        password = kwargs.pop("password", None)
        project = cls(url, location=str(location) if location is not None else url, **kwargs)
        eng.upgrade(project.engine, url)
        return project._sign_in_with(password)

    @classmethod
    def open(cls, location: str | os.PathLike[str] | None = None, **kwargs: Any) -> Project:
        """Open an existing project; raise :class:`ProjectNotFound` when there is none.

        In a project with accounts, ``user=`` alone gives no rights: pass ``password=`` too (or
        call :meth:`login`); every read and write is refused until the password was checked.
        """
        url = eng.resolve_url(location)
        if url.startswith("sqlite:///"):
            path = Path(url[len("sqlite:///") :])
            if not path.exists():
                raise eng.ProjectNotFound("store.no_project", location=str(location))
        password = kwargs.pop("password", None)
        project = cls(url, location=str(location) if location is not None else url, **kwargs)
        eng.upgrade(project.engine, url)
        return project._sign_in_with(password)

    def _sign_in_with(self, password: str | None) -> Self:
        """After opening: sign in as ``self.user`` when a password was given (closed again when it is wrong)."""
        if password is not None:
            try:
                self.login(self.user, password)
            except BaseException:
                self.close()
                raise
        return self

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def folder(self) -> Path | None:
        """The folder beside the SQLite file (for keys, exports); None on a server."""
        if self.url.startswith("sqlite:///"):
            return Path(self.url[len("sqlite:///") :]).parent
        return None

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One transaction: commit on success, roll back everything on error."""
        with self._sessions() as session, session.begin():
            yield session

    # -- data version ------------------------------------------------------------
    def data_version(self, area: str = "all") -> int:
        """A number that changes with every committed write to this project, by anyone
        (this process, another session, the CLI); caches key on it. ``area="sources"``: one that
        changes only with sources, passages, municipalities, participants and studies."""
        with self._sessions() as s:
            return data_version.read(s, data_version.SOURCES if area == "sources" else data_version.ALL)

    def last_written_version(self) -> int | None:
        """The data version this thread's last write produced (None before its first write)."""
        return getattr(self._written, "version", None)

    # -- audit -------------------------------------------------------------------
    def _audit(self, s: Session, action: str, entity: str, entity_id: Any, before: Any = None, after: Any = None) -> None:
        s.add(
            AuditRow(
                user=self.user,
                action=action,
                entity=entity,
                entity_id=None if entity_id is None else str(entity_id),
                before=_jsonable(before),
                after=_jsonable(after),
            )
        )

    def audit_log(self, entity: str | None = None, entity_id: Any = None, limit: int | None = None) -> list[dict]:
        stmt = select(AuditRow).order_by(AuditRow.id)
        if entity:
            stmt = stmt.where(AuditRow.entity == entity)
        if entity_id is not None:
            stmt = stmt.where(AuditRow.entity_id == str(entity_id))
        if limit:
            stmt = stmt.limit(limit)
        with self._sessions() as s:
            return [
                {
                    "id": r.id,
                    "at": r.at,
                    "user": r.user,
                    "action": r.action,
                    "entity": r.entity,
                    "entity_id": r.entity_id,
                    "before": r.before,
                    "after": r.after,
                }
                for r in s.scalars(stmt)
            ]

    # -- lookups ------------------------------------------------------------------
    def _municipality_id(self, s: Session, name: str | None) -> int | None:
        if not name:
            return None
        row = s.scalar(select(MunicipalityRow).where(MunicipalityRow.name == name))
        if row is None:
            row = MunicipalityRow(name=name)
            s.add(row)
            s.flush()
        return row.id

    def _study_id(self, s: Session, name: str | None) -> int | None:
        if not name:
            return None
        row = s.scalar(select(StudyRow).where(StudyRow.name == name))
        if row is None:
            row = StudyRow(name=name)
            s.add(row)
            s.flush()
        return row.id

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

    def municipalities(self) -> list[str]:
        with self._sessions() as s:
            return list(s.scalars(select(MunicipalityRow.name).order_by(MunicipalityRow.name)))

    def studies(self) -> list[str]:
        with self._sessions() as s:
            return list(s.scalars(select(StudyRow.name).order_by(StudyRow.name)))

    def participants(self, municipality: str | None = None) -> list[Participant]:
        stmt = select(ParticipantRow, MunicipalityRow.name).outerjoin(
            MunicipalityRow, ParticipantRow.municipality_id == MunicipalityRow.id
        )
        if municipality:
            stmt = stmt.where(MunicipalityRow.name == municipality)
        with self._sessions() as s:
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

    # -- sources and passages ---------------------------------------------------------
    def find_source_by_checksum(self, checksum: str) -> Source | None:
        with self._sessions() as s:
            row = s.scalar(select(SourceRow.id).where(SourceRow.checksum == checksum))
        return self.get_source(row) if row is not None else None

    def add_source(
        self,
        source: Source,
        passages: Sequence[Passage],
        *,
        participant: Participant | None = None,
        session: Session | None = None,
    ) -> int:
        """Store a source with its passages in one transaction and return its id.

        Raises :class:`DuplicateSource` when a source with the same checksum exists,
        and :class:`StoreError` when a passage's offsets do not reproduce its text.
        """
        for p in passages:
            if source.text[p.start : p.end] != p.text:
                raise StoreError(
                    f"{source.name}: passage {p.ordinal} offsets {p.start}-{p.end} do not reproduce its text"
                )
        if session is not None:
            return self._add_source(session, source, passages, participant)
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
            raise StoreError(f"{source.name}: could not be stored ({exc.orig})") from exc
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

    def delete_source(self, source_id: int) -> dict[str, int]:
        """Delete a source with its passages, codings, memos, topic assignments and work assignments.

        One transaction; the audit log keeps the source's metadata and what went with it.
        Returns the counts: ``{"passages": n, "codings": n, "memos": n}``.
        """
        with self.transaction() as s:
            row = s.get(SourceRow, source_id)
            if row is None:
                raise StoreError(f"no source with id {source_id}")
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
            for chunk in _chunks(pids, 900):
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

    def update_source(self, source_id: int, **changes: Any) -> Source:
        """Change a source's metadata in one transaction, audit logged (before and after).

        Keywords (each optional; ``None`` or ``""`` clears a field, except ``name`` and ``kind``):
        ``name``, ``kind``, ``municipality``, ``study``, ``participant`` (label), ``respondent_group``,
        ``date`` and ``metadata`` (a dict that replaces the extra fields). The text and the
        passages are not touched, so codings stay as they are.
        """
        unknown = set(changes) - set(SOURCE_FIELDS)
        if unknown:
            raise StoreError(f"unknown source field(s): {', '.join(sorted(unknown))}")
        with self.transaction() as s:
            row = s.get(SourceRow, source_id)
            if row is None:
                raise StoreError(f"no source with id {source_id}")
            before = self._source_fields(s, row)
            after = dict(before)
            for key, value in changes.items():
                if key == "metadata":
                    if value is not None and not isinstance(value, dict):
                        raise StoreError("metadata must be a dict")
                    after[key] = dict(value or {})
                elif isinstance(value, str):
                    after[key] = value.strip() or None
                else:
                    after[key] = value
            if not after["name"]:
                raise StoreError(f"source {source_id}: a source needs a name")
            try:
                after["kind"] = SourceKind.parse(after["kind"]).value
            except ValueError as exc:
                raise StoreError(f"source {source_id}: {exc}") from None
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
                raise StoreError(f"no source with id {source_id}")
            for p in passages:
                if text[p.start : p.end] != p.text:
                    raise StoreError(f"{row.name}: passage {p.ordinal} offsets do not reproduce its text")
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
        with self._sessions() as s:
            return [self._to_source(r, m, st, p, with_text) for r, m, st, p in s.execute(stmt)]

    def get_source(self, source_id: int) -> Source:
        with self._sessions() as s:
            found = s.execute(self._source_select().where(SourceRow.id == source_id)).first()
        if found is None:
            raise StoreError(f"no source with id {source_id}")
        return self._to_source(*found)

    def source_participant(self, source_id: int) -> Participant | None:
        with self._sessions() as s:
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

    def stats(self) -> dict[str, int]:
        with self._sessions() as s:
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

    def passages(self, *, limit: int | None = None, offset: int = 0, **filters: Any) -> list[PassageRecord]:
        stmt = self._passage_select(**filters).order_by(PassageRow.source_id, PassageRow.ordinal)
        if limit is not None:
            stmt = stmt.limit(limit)
        if offset:
            stmt = stmt.offset(offset)
        with self._sessions() as s:
            return [self._to_record(r) for r in s.execute(stmt)]

    def get_passage(self, passage_id: int) -> PassageRecord:
        found = self.passages(ids=[passage_id])
        if not found:
            raise StoreError(f"no passage with id {passage_id}")
        return found[0]

    def count_passages(self, **filters: Any) -> int:
        stmt = self._passage_select(**filters).with_only_columns(func.count(PassageRow.id)).order_by(None)
        with self._sessions() as s:
            return s.scalar(stmt) or 0

    def coding_confidences(self, codebook_id: str, status: str) -> list[tuple[int, str, float | None]]:
        """(passage id, code id, confidence) of every coding of ``codebook_id`` in ``status``: the
        three columns the active-learning order needs, without building whole codings."""
        stmt = select(CodingRow.passage_id, CodingRow.code_id, CodingRow.confidence).where(
            CodingRow.codebook_id == codebook_id, CodingRow.status == CodingStatus(status).value
        )
        with self._sessions() as s:
            return [(int(p), str(c), conf) for p, c, conf in s.execute(stmt)]

    def count_coded_passages(self, codebook_id: str, status: str, code_id: str | None = None) -> int:
        """Passages with a coding of ``codebook_id`` in ``status`` (of ``code_id`` when given): the
        review page's "still open" count, answered from the index ``ix_codings_open``."""
        stmt = select(func.count(func.distinct(CodingRow.passage_id))).where(
            CodingRow.codebook_id == codebook_id, CodingRow.status == CodingStatus(status).value
        )
        if code_id:
            stmt = stmt.where(CodingRow.code_id == code_id)
        with self._sessions() as s:
            return s.scalar(stmt) or 0

    def passage_ids(self, **filters: Any) -> list[int]:
        stmt = self._passage_select(**filters).with_only_columns(PassageRow.id).order_by(PassageRow.source_id, PassageRow.ordinal)
        with self._sessions() as s:
            return list(s.scalars(stmt))

    def passage_heads(self, ids: Iterable[int], chars: int = 400) -> dict[int, tuple[str | None, str]]:
        """``{passage id: (role, first chars of its text)}``: enough to rank without loading whole passages."""
        out: dict[int, tuple[str | None, str]] = {}
        with self._sessions() as s:
            for chunk in _chunks(sorted(set(ids)), 900):
                stmt = select(PassageRow.id, PassageRow.role, func.substr(PassageRow.text, 1, chars)).where(
                    PassageRow.id.in_(chunk)
                )
                out.update((pid, (role, head or "")) for pid, role, head in s.execute(stmt))
        return out

    def iter_passages(self, batch_size: int = 5000, **filters: Any) -> Iterator[list[PassageRecord]]:
        """Yield passages in batches, ordered by id (keyset pagination; constant memory)."""
        last = 0
        while True:
            stmt = self._passage_select(**filters).where(PassageRow.id > last).order_by(PassageRow.id).limit(batch_size)
            with self._sessions() as s:
                batch = [self._to_record(r) for r in s.execute(stmt)]
            if not batch:
                return
            yield batch
            last = batch[-1].id

    def passage_positions(self) -> Sequence[tuple]:
        """Every passage as ``(id, source_id, ordinal, start, end, speaker, heading, question, role)``, without
        text: the skeleton queries and matrices work on (one read, fast on 100k passages)."""
        stmt = select(
            PassageRow.id, PassageRow.source_id, PassageRow.ordinal, PassageRow.start, PassageRow.end, PassageRow.speaker,
            PassageRow.heading, PassageRow.question, PassageRow.role,
        ).order_by(PassageRow.source_id, PassageRow.ordinal)
        with self._sessions() as s:
            return s.connection().execute(stmt).all()

    def coding_spans(
        self, statuses: Sequence[str], codebook_ids: Sequence[str] | None = None
    ) -> Sequence[tuple[int, str, str, str, int | None, int | None]]:
        """Codings with the given statuses as ``(passage_id, codebook_id, code_id, coder, start, end)`` rows
        (tuples whose fields also answer by name)."""
        stmt = select(
            CodingRow.passage_id, CodingRow.codebook_id, CodingRow.code_id, CodingRow.coder, CodingRow.start, CodingRow.end
        ).where(CodingRow.status.in_(list(statuses)))
        if codebook_ids is not None:
            stmt = stmt.where(CodingRow.codebook_id.in_(list(codebook_ids)))
        with self._sessions() as s:  # Core rows: tuples that also answer .passage_id, .code_id, ...
            return s.connection().execute(stmt).all()

    def neighbours(self, passage_id: int, before: int = 1, after: int = 1) -> list[PassageRecord]:
        """The passage with the turns around it in its source."""
        with self._sessions() as s:
            row = s.get(PassageRow, passage_id)
            if row is None:
                raise StoreError(f"no passage with id {passage_id}")
            ids = list(
                s.scalars(
                    select(PassageRow.id).where(
                        PassageRow.source_id == row.source_id,
                        PassageRow.ordinal.between(row.ordinal - before, row.ordinal + after),
                    )
                )
            )
        return sorted(self.passages(ids=ids), key=lambda p: p.ordinal)

    # -- codebooks --------------------------------------------------------------------
    def save_codebook(self, codebook: Codebook) -> None:
        """Insert or replace a codebook. Codings of codes that remain keep pointing at them."""
        with self.transaction() as s:
            self._save_codebook(s, codebook)

    def _save_codebook(self, s: Session, codebook: Codebook) -> None:
        row = s.get(CodebookRow, codebook.id)
        before = None
        if row is None:
            row = CodebookRow(id=codebook.id)
            s.add(row)
        else:
            before = {"codes": [c for c in s.scalars(select(CodeRow.code_id).where(CodeRow.codebook_id == codebook.id))]}
        row.name = codebook.name
        row.description = codebook.description
        row.municipality = codebook.municipality
        row.framework = codebook.framework
        row.norms = [asdict(n) for n in codebook.norms]
        row.scale = [asdict(level) for level in codebook.scale]
        row.meta = dict(codebook.metadata)
        row.updated_at = utcnow()
        s.flush()
        s.execute(delete(CodeRow).where(CodeRow.codebook_id == codebook.id))
        ids = set()
        for i, c in enumerate(codebook.codes):
            if c.id in ids:
                raise StoreError(f"codebook {codebook.id!r}: code id {c.id!r} occurs twice")
            ids.add(c.id)
            s.add(_code_row(codebook.id, c, i))
        self._audit(s, "save", "codebook", codebook.id, before=before, after={"codes": [c.id for c in codebook.codes]})

    def codebooks(self) -> list[Codebook]:
        with self._sessions() as s:
            ids = list(s.scalars(select(CodebookRow.id).order_by(CodebookRow.id)))
        return [self.get_codebook(i) for i in ids]

    def codebook_ids(self) -> list[str]:
        with self._sessions() as s:
            return list(s.scalars(select(CodebookRow.id).order_by(CodebookRow.id)))

    def get_codebook(self, codebook_id: str) -> Codebook:
        with self._sessions() as s:
            row = s.get(CodebookRow, codebook_id)
            if row is None:
                known = ", ".join(s.scalars(select(CodebookRow.id))) or "none"
                raise StoreError(f"no codebook {codebook_id!r} in this project (known: {known})")
            codes = list(s.scalars(select(CodeRow).where(CodeRow.codebook_id == codebook_id).order_by(CodeRow.position)))
            return Codebook(
                id=row.id,
                name=row.name,
                description=row.description,
                municipality=row.municipality,
                framework=row.framework,
                codes=[_row_code(c) for c in codes],
                norms=[Norm(**n) for n in row.norms or []],
                scale=[ScaleLevel(**lvl) for lvl in row.scale or []],
                metadata=dict(row.meta or {}),
            )

    def update_code(self, codebook_id: str, code: Code) -> None:
        """Replace one code's fields (its id stays)."""
        with self.transaction() as s:
            row = s.scalar(select(CodeRow).where(CodeRow.codebook_id == codebook_id, CodeRow.code_id == code.id))
            if row is None:
                raise StoreError(f"codebook {codebook_id!r} has no code {code.id!r}")
            before = asdict(_row_code(row))
            new = _code_row(codebook_id, code, row.position)
            for attr in ("parent", "name", "definition", "inclusion", "exclusion", "examples", "keywords",
                         "exclude_keywords", "respondent_groups", "colour", "axis", "crosswalk", "codable"):
                setattr(row, attr, getattr(new, attr))
            self._audit(s, "update", "code", f"{codebook_id}/{code.id}", before=before, after=asdict(code))

    def add_code(self, codebook_id: str, code: Code) -> None:
        with self.transaction() as s:
            if s.get(CodebookRow, codebook_id) is None:
                raise StoreError(f"no codebook {codebook_id!r}")
            exists = s.scalar(select(CodeRow.pk).where(CodeRow.codebook_id == codebook_id, CodeRow.code_id == code.id))
            if exists is not None:
                raise StoreError("store.code_exists", codebook=codebook_id, code=code.id)
            if code.parent is not None:
                self._require_code(s, codebook_id, code.parent)
            pos = (s.scalar(select(func.max(CodeRow.position)).where(CodeRow.codebook_id == codebook_id)) or 0) + 1
            s.add(_code_row(codebook_id, code, pos))
            self._audit(s, "create", "code", f"{codebook_id}/{code.id}", after=asdict(code))

    def _require_code(self, s: Session, codebook_id: str, code_id: str) -> CodeRow:
        row = s.scalar(select(CodeRow).where(CodeRow.codebook_id == codebook_id, CodeRow.code_id == code_id))
        if row is None:
            raise StoreError(f"codebook {codebook_id!r} has no code {code_id!r}")
        return row

    def move_code(self, codebook_id: str, code_id: str, new_parent: str | None) -> None:
        with self.transaction() as s:
            row = self._require_code(s, codebook_id, code_id)
            if new_parent is not None:
                self._require_code(s, codebook_id, new_parent)
                # refuse cycles: new_parent may not be a descendant of code_id
                parents = {c.code_id: c.parent for c in s.scalars(select(CodeRow).where(CodeRow.codebook_id == codebook_id))}
                cur: str | None = new_parent
                while cur is not None:
                    if cur == code_id:
                        raise StoreError("store.move_under_descendant", code=code_id, parent=new_parent)
                    cur = parents.get(cur)
            before = row.parent
            row.parent = new_parent
            self._audit(s, "move", "code", f"{codebook_id}/{code_id}", before={"parent": before}, after={"parent": new_parent})

    def merge_codes(self, codebook_id: str, source_code: str, target_code: str) -> int:
        """Merge ``source_code`` into ``target_code``: codings follow, children move, keywords join.

        Returns the number of codings moved. A passage coded with both keeps one coding.
        """
        if source_code == target_code:
            raise StoreError("store.merge_into_itself")
        with self.transaction() as s:
            src = self._require_code(s, codebook_id, source_code)
            tgt = self._require_code(s, codebook_id, target_code)
            tgt.keywords = list(dict.fromkeys([*(tgt.keywords or []), *(src.keywords or [])]))
            tgt.examples = list(dict.fromkeys([*(tgt.examples or []), *(src.examples or [])]))
            tgt.crosswalk = list(dict.fromkeys([*(tgt.crosswalk or []), *(src.crosswalk or [])]))
            s.execute(
                update(CodeRow).where(CodeRow.codebook_id == codebook_id, CodeRow.parent == source_code).values(parent=target_code)
            )
            moved = 0
            for c in list(s.scalars(select(CodingRow).where(CodingRow.codebook_id == codebook_id, CodingRow.code_id == source_code))):
                twin = s.scalar(
                    select(CodingRow).where(
                        CodingRow.codebook_id == codebook_id,
                        CodingRow.code_id == target_code,
                        CodingRow.passage_id == c.passage_id,
                        CodingRow.coder == c.coder,
                        _same_span(c.start, c.end),
                    )
                )
                if twin is not None:
                    if twin.status != "accepted" and c.status == "accepted":
                        twin.status = "accepted"
                    s.delete(c)
                else:
                    c.code_id = target_code
                    c.updated_at = utcnow()
                moved += 1
            s.delete(src)
            self._audit(s, "merge", "code", f"{codebook_id}/{source_code}", before={"code": source_code}, after={"code": target_code, "codings": moved})
            return moved

    def delete_code(self, codebook_id: str, code_id: str) -> None:
        with self.transaction() as s:
            row = self._require_code(s, codebook_id, code_id)
            if s.scalar(select(func.count(CodeRow.pk)).where(CodeRow.codebook_id == codebook_id, CodeRow.parent == code_id)):
                raise StoreError("store.code_has_children", code=code_id)
            n = s.execute(delete(CodingRow).where(CodingRow.codebook_id == codebook_id, CodingRow.code_id == code_id)).rowcount
            s.delete(row)
            self._audit(s, "delete", "code", f"{codebook_id}/{code_id}", before={"codings": n})

    # -- codings ------------------------------------------------------------------------
    def add_coding(self, coding: Coding) -> int:
        """Store a coding; a coding by the same coder for the same passage, code and span is updated instead."""
        with self.transaction() as s:
            return self._add_coding(s, coding)

    def _add_coding(self, s: Session, coding: Coding) -> int:
        passage = s.get(PassageRow, coding.passage_id)
        if passage is None:
            raise StoreError(f"no passage with id {coding.passage_id}")
        self._require_code(s, coding.codebook_id, coding.code_id)
        if (coding.start is not None or coding.end is not None) and (
            coding.start is None or coding.end is None or not (passage.start <= coding.start < coding.end <= passage.end)
        ):
            raise StoreError(
                f"coding span {coding.start}-{coding.end} lies outside passage {passage.id} ({passage.start}-{passage.end})"
            )
        now = utcnow()
        values = coding_values(coding, now)
        # INSERT ... ON CONFLICT DO NOTHING on the codings' unique key: of two writers storing the same
        # coding at once, one inserts and the other finds the row and updates it (never a duplicate).
        new_id = s.scalar(_insert_codings(s).values(**values).on_conflict_do_nothing(index_elements=CODING_KEY).returning(CodingRow.id))
        if new_id is not None:
            row = s.get(CodingRow, new_id)
            self._audit(s, "create", "coding", new_id, after=_coding_dict(row))
            coding.id = new_id
            return new_id
        existing = s.scalar(
            select(CodingRow)
            .where(
                CodingRow.passage_id == coding.passage_id,
                CodingRow.codebook_id == coding.codebook_id,
                CodingRow.code_id == coding.code_id,
                CodingRow.coder == coding.coder,
                _same_span(coding.start, coding.end),
            )
            .execution_options(populate_existing=True)
        )
        if existing is None:  # pragma: no cover - the conflicting row was deleted in between
            raise StoreError(f"coding of passage {coding.passage_id} changed while it was stored; try again")
        before = _coding_dict(existing)
        existing.status = CodingStatus(coding.status).value
        existing.origin = CodingOrigin(coding.origin).value if existing.origin == "manual" else existing.origin
        existing.memo = coding.memo or existing.memo
        if coding.confidence is not None:
            existing.confidence = coding.confidence
        existing.updated_at = now
        self._audit(s, "update", "coding", existing.id, before=before, after=_coding_dict(existing))
        coding.id = existing.id
        return existing.id

    def add_codings(self, codings: Iterable[Coding]) -> list[int]:
        with self.transaction() as s:
            return [self._add_coding(s, c) for c in codings]

    def codings(
        self,
        *,
        codebook_id: str | None = None,
        passage_ids: Iterable[int] | None = None,
        status: str | CodingStatus | Sequence[str] | None = None,
        origin: str | None = None,
        code_id: str | Sequence[str] | None = None,
        coder: str | None = None,
        source_id: int | None = None,
    ) -> list[Coding]:
        stmt = select(CodingRow).order_by(CodingRow.id)
        if codebook_id:
            stmt = stmt.where(CodingRow.codebook_id == codebook_id)
        if passage_ids is not None:
            stmt = stmt.where(CodingRow.passage_id.in_(list(passage_ids)))
        if status:
            values = [status] if isinstance(status, (str, CodingStatus)) else list(status)
            stmt = stmt.where(CodingRow.status.in_([CodingStatus(v).value for v in values]))
        if origin:
            stmt = stmt.where(CodingRow.origin == CodingOrigin(origin).value)
        if code_id:
            values = [code_id] if isinstance(code_id, str) else list(code_id)
            stmt = stmt.where(CodingRow.code_id.in_(values))
        if coder:
            stmt = stmt.where(CodingRow.coder == coder)
        if source_id is not None:
            stmt = stmt.where(CodingRow.passage_id.in_(select(PassageRow.id).where(PassageRow.source_id == source_id)))
        with self._sessions() as s:
            return [_row_coding(r) for r in s.scalars(stmt)]

    def get_coding(self, coding_id: int) -> Coding:
        with self._sessions() as s:
            row = s.get(CodingRow, coding_id)
            if row is None:
                raise StoreError(f"no coding with id {coding_id}")
            return _row_coding(row)

    def set_status(self, coding_id: int, status: str | CodingStatus, coder: str | None = None) -> Coding:
        """Accept or reject (or re-open) a coding; the decision is the researcher's from then on."""
        with self.transaction() as s:
            row = s.get(CodingRow, coding_id)
            if row is None:
                raise StoreError(f"no coding with id {coding_id}")
            before = _coding_dict(row)
            row.status = CodingStatus(status).value
            if coder and coder != row.coder:
                # The decision becomes ``coder``'s; a coding ``coder`` already holds on the same passage,
                # code and span would duplicate it (unique key), so it is folded into this one.
                twin = s.scalar(
                    select(CodingRow).where(
                        CodingRow.passage_id == row.passage_id,
                        CodingRow.codebook_id == row.codebook_id,
                        CodingRow.code_id == row.code_id,
                        CodingRow.coder == coder,
                        _same_span(row.start, row.end),
                    )
                )
                if twin is not None:
                    row.memo = "\n\n".join(dict.fromkeys(m for m in (row.memo, twin.memo) if m))
                    self._audit(s, "delete", "coding", twin.id, before=_coding_dict(twin))
                    s.delete(twin)
                    s.flush()
                row.coder = coder
            row.updated_at = utcnow()
            self._audit(s, "status", "coding", coding_id, before=before, after=_coding_dict(row))
            return _row_coding(row)

    def update_coding(self, coding_id: int, *, memo: str | None = None, start: int | None = None, end: int | None = None) -> Coding:
        with self.transaction() as s:
            row = s.get(CodingRow, coding_id)
            if row is None:
                raise StoreError(f"no coding with id {coding_id}")
            before = _coding_dict(row)
            if memo is not None:
                row.memo = memo
            if start is not None or end is not None:
                passage = s.get(PassageRow, row.passage_id)
                if start is None or end is None or not (passage.start <= start < end <= passage.end):
                    raise StoreError(f"coding span {start}-{end} lies outside passage {passage.id}")
                row.start, row.end = start, end
            row.updated_at = utcnow()
            self._audit(s, "update", "coding", coding_id, before=before, after=_coding_dict(row))
            return _row_coding(row)

    def delete_coding(self, coding_id: int) -> None:
        with self.transaction() as s:
            row = s.get(CodingRow, coding_id)
            if row is None:
                raise StoreError(f"no coding with id {coding_id}")
            self._audit(s, "delete", "coding", coding_id, before=_coding_dict(row))
            s.delete(row)

    def restore_coding(self, snapshot: dict) -> int:
        """Put back a coding from an audit snapshot (undo of a delete or change)."""
        with self.transaction() as s:
            row = s.get(CodingRow, snapshot.get("id")) if snapshot.get("id") else None
            if row is None:
                row = CodingRow(id=snapshot.get("id"))
                s.add(row)
            for key in ("passage_id", "codebook_id", "code_id", "coder", "origin", "status", "confidence", "start", "end", "evidence", "memo"):
                setattr(row, key, snapshot.get(key))
            row.updated_at = utcnow()
            s.flush()
            self._audit(s, "restore", "coding", row.id, after=_coding_dict(row))
            return row.id

    def upsert_suggestions(self, codings: Sequence[Coding]) -> tuple[int, int]:
        """Store auto-coding suggestions; returns (inserted, updated).

        Never touches a (passage, code) on which a researcher has decided (any accepted
        or rejected coding of that code on that passage), and never duplicates a
        suggestion: an existing suggestion by the same coder is updated in place.
        """
        if not codings:
            return 0, 0
        inserted = updated = 0
        by_codebook: dict[str, list[Coding]] = {}
        for c in codings:
            by_codebook.setdefault(c.codebook_id, []).append(c)
        with self.transaction() as s:
            for codebook_id, items in by_codebook.items():
                passage_ids = sorted({c.passage_id for c in items})
                decided: set[tuple[int, str]] = set()
                existing: dict[tuple[int, str, str], CodingRow] = {}
                for chunk in _chunks(passage_ids, 900):
                    for row in s.scalars(
                        select(CodingRow).where(CodingRow.codebook_id == codebook_id, CodingRow.passage_id.in_(chunk))
                    ):
                        if row.status in DECIDED:
                            decided.add((row.passage_id, row.code_id))
                        elif row.start is None:
                            existing[(row.passage_id, row.code_id, row.coder)] = row
                now = utcnow()
                new_rows = []
                for c in items:
                    key = (c.passage_id, c.code_id)
                    if key in decided:
                        continue
                    evidence = [asdict(e) for e in c.evidence]
                    row = existing.get((c.passage_id, c.code_id, c.coder))
                    if row is not None:
                        if row.confidence != c.confidence or row.evidence != evidence or row.origin != CodingOrigin(c.origin).value:
                            row.confidence = c.confidence
                            row.evidence = evidence
                            row.origin = CodingOrigin(c.origin).value
                            row.updated_at = now
                            updated += 1
                        continue
                    new_rows.append(
                        {
                            "passage_id": c.passage_id,
                            "codebook_id": codebook_id,
                            "code_id": c.code_id,
                            "coder": c.coder,
                            "origin": CodingOrigin(c.origin).value,
                            "status": CodingStatus.SUGGESTED.value,
                            "confidence": c.confidence,
                            "start": None,
                            "end": None,
                            "evidence": evidence,
                            "memo": "",
                            "created_at": now,
                            "updated_at": now,
                        }
                    )
                    existing[(c.passage_id, c.code_id, c.coder)] = None  # type: ignore[assignment]
                if new_rows:
                    # A concurrent run may have stored the same suggestion since we looked: skip it.
                    stmt = _insert_codings(s).on_conflict_do_nothing(index_elements=CODING_KEY)
                    result = s.connection().execute(stmt, new_rows)
                    inserted += result.rowcount if result.rowcount is not None and result.rowcount >= 0 else len(new_rows)
            if inserted or updated:
                self._audit(s, "suggest", "coding", None, after={"inserted": inserted, "updated": updated})
        return inserted, updated

    def remove_stale_suggestions(self, codebook_id: str, coder: str, keep: set[tuple[int, str]], passage_ids: Iterable[int]) -> int:
        """Drop open suggestions by ``coder`` on ``passage_ids`` that are not in ``keep``."""
        removed = 0
        with self.transaction() as s:
            for chunk in _chunks(sorted(set(passage_ids)), 900):
                rows = s.scalars(
                    select(CodingRow).where(
                        CodingRow.codebook_id == codebook_id,
                        CodingRow.coder == coder,
                        CodingRow.status == "suggested",
                        CodingRow.passage_id.in_(chunk),
                    )
                )
                for row in rows:
                    if (row.passage_id, row.code_id) not in keep:
                        s.delete(row)
                        removed += 1
        return removed

    # -- memos ----------------------------------------------------------------------------
    def add_memo(self, memo: Memo) -> int:
        with self.transaction() as s:
            row = MemoRow(
                target_type=memo.target_type, target_id=memo.target_id, title=memo.title, text=memo.text, author=memo.author or self.user
            )
            s.add(row)
            s.flush()
            self._audit(s, "create", "memo", row.id, after={"title": memo.title})
            memo.id = row.id
            return row.id

    def update_memo(self, memo_id: int, *, text: str | None = None, title: str | None = None) -> None:
        """Change a memo's text or title (pseudonymisation of memos uses it)."""
        with self.transaction() as s:
            row = s.get(MemoRow, memo_id)
            if row is None:
                raise StoreError(f"no memo with id {memo_id}")
            before = {"title": row.title, "text": row.text}
            row.text = row.text if text is None else text
            row.title = row.title if title is None else title
            row.updated_at = utcnow()
            self._audit(s, "update", "memo", memo_id, before=before, after={"title": row.title, "text": row.text})

    def update_participant(self, participant_id: int, *, label: str, wijk: str | None, attributes: dict) -> None:
        """Change a participant's label, wijk and attributes (pseudonymisation uses it)."""
        with self.transaction() as s:
            row = s.get(ParticipantRow, participant_id)
            if row is None:
                raise StoreError(f"no participant with id {participant_id}")
            before = {"label": row.label, "wijk": row.wijk, "attributes": row.attributes}
            row.label, row.wijk, row.attributes = label, wijk, dict(attributes)
            self._audit(s, "update", "participant", participant_id, before=before, after={"label": label})

    def memos(self, target_type: str | None = None, target_id: str | None = None) -> list[Memo]:
        stmt = select(MemoRow).order_by(MemoRow.id)
        if target_type:
            stmt = stmt.where(MemoRow.target_type == target_type)
        if target_id is not None:
            stmt = stmt.where(MemoRow.target_id == str(target_id))
        with self._sessions() as s:
            return [
                Memo(r.text, r.author, r.target_type, r.target_id, r.title, r.created_at, r.updated_at, r.id) for r in s.scalars(stmt)
            ]

    # -- topic models -------------------------------------------------------------------------
    def save_topic_model(
        self,
        name: str,
        params: dict,
        topics: list[dict],
        assignments: Sequence[tuple[int, int, float | None]],
        blob: bytes | None = None,
    ) -> int:
        with self.transaction() as s:
            row = TopicModelRow(name=name, params=_jsonable(params), topics=_jsonable(topics), blob=blob)
            s.add(row)
            s.flush()
            if assignments:
                s.execute(
                    TopicAssignmentRow.__table__.insert(),
                    [{"model_id": row.id, "passage_id": int(p), "topic": int(t), "probability": None if pr is None else float(pr)} for p, t, pr in assignments],
                )
            self._audit(s, "create", "topic_model", row.id, after={"name": name, "topics": len(topics)})
            return row.id

    def topic_models(self) -> list[dict]:
        with self._sessions() as s:
            return [
                {"id": r.id, "name": r.name, "params": r.params, "created_at": r.created_at, "n_topics": len(r.topics or [])}
                for r in s.scalars(select(TopicModelRow).order_by(TopicModelRow.id))
            ]

    def load_topic_model(self, model_id: int) -> dict:
        with self._sessions() as s:
            r = s.get(TopicModelRow, model_id)
            if r is None:
                raise StoreError(f"no topic model with id {model_id}")
            return {"id": r.id, "name": r.name, "params": r.params, "topics": r.topics, "blob": r.blob, "created_at": r.created_at}

    def topic_assignments(self, model_id: int) -> list[tuple[int, int, float | None]]:
        with self._sessions() as s:
            return [
                (r.passage_id, r.topic, r.probability)
                for r in s.scalars(select(TopicAssignmentRow).where(TopicAssignmentRow.model_id == model_id).order_by(TopicAssignmentRow.passage_id))
            ]

    def delete_topic_model(self, model_id: int) -> None:
        with self.transaction() as s:
            s.execute(delete(TopicAssignmentRow).where(TopicAssignmentRow.model_id == model_id))
            s.execute(delete(TopicModelRow).where(TopicModelRow.id == model_id))
            self._audit(s, "delete", "topic_model", model_id)

    # -- saved passage sets --------------------------------------------------------------------
    def save_passage_set(
        self, name: str, passage_ids: Iterable[int], *, query: str = "", description: str = ""
    ) -> int:
        """Store (or replace) the named set with these passages; returns its id. Unknown ids are refused."""
        name = str(name).strip()
        if not name:
            raise StoreError("a saved set needs a name")
        ids = list(dict.fromkeys(int(i) for i in passage_ids))
        with self.transaction() as s:
            known: set[int] = set()
            for i in range(0, len(ids), 900):
                known.update(s.scalars(select(PassageRow.id).where(PassageRow.id.in_(ids[i : i + 900]))))
            missing = [i for i in ids if i not in known]
            if missing:
                raise StoreError(f"saved set {name!r}: no passage with id {', '.join(map(str, missing[:5]))}")
            row = s.scalar(select(PassageSetRow).where(PassageSetRow.name == name))
            before = None
            if row is None:
                row = PassageSetRow(name=name, description=description, query=query, created_by=self.user or "")
                s.add(row)
                s.flush()
            else:
                before = {"query": row.query, "size": s.scalar(
                    select(func.count()).select_from(PassageSetMemberRow).where(PassageSetMemberRow.set_id == row.id)
                )}
                row.query, row.description, row.updated_at = query, description, datetime.now(UTC)
                s.execute(delete(PassageSetMemberRow).where(PassageSetMemberRow.set_id == row.id))
            if ids:
                s.execute(PassageSetMemberRow.__table__.insert(), [{"set_id": row.id, "passage_id": i} for i in ids])
            self._audit(s, "save", "passage_set", name, before, {"query": query, "size": len(ids)})
            return row.id

    def passage_set_names(self) -> list[str]:
        """The names of the saved sets, sorted (cheap: no members read)."""
        with self._sessions() as s:
            return list(s.scalars(select(PassageSetRow.name).order_by(PassageSetRow.name)))

    def passage_sets(self) -> list[dict]:
        """Every saved set: ``{"id", "name", "description", "query", "created_by", "created_at", "passage_ids"}``
        (passage ids in document order)."""
        with self._sessions() as s:
            sets = list(s.scalars(select(PassageSetRow).order_by(PassageSetRow.name)))
            members: dict[int, list[int]] = {}
            stmt = (
                select(PassageSetMemberRow.set_id, PassageSetMemberRow.passage_id)
                .join(PassageRow, PassageRow.id == PassageSetMemberRow.passage_id)
                .order_by(PassageRow.source_id, PassageRow.ordinal)
            )
            for set_id, pid in s.execute(stmt):
                members.setdefault(set_id, []).append(pid)
            return [
                {
                    "id": r.id,
                    "name": r.name,
                    "description": r.description,
                    "query": r.query,
                    "created_by": r.created_by,
                    "created_at": r.created_at,
                    "passage_ids": members.get(r.id, []),
                }
                for r in sets
            ]

    def get_passage_set(self, name: str) -> dict:
        for found in self.passage_sets():
            if found["name"] == name:
                return found
        raise StoreError(f"no saved set {name!r}")

    def delete_passage_set(self, name: str) -> None:
        with self.transaction() as s:
            row = s.scalar(select(PassageSetRow).where(PassageSetRow.name == name))
            if row is None:
                raise StoreError(f"no saved set {name!r}")
            s.delete(row)
            self._audit(s, "delete", "passage_set", name, {"query": row.query}, None)

    # -- story collections ----------------------------------------------------------------------
    def save_story_collection(self, collection: dict, *, session: Session | None = None) -> int:
        """Store a story collection's definition (questions, prompt, stories' answers)."""
        if session is not None:
            return self._save_story_collection(session, collection)
        with self.transaction() as s:
            return self._save_story_collection(s, collection)

    def _save_story_collection(self, s: Session, collection: dict) -> int:
        name = collection.get("name", "verhalen")
        if s.scalar(select(StoryCollectionRow.id).where(StoryCollectionRow.name == name)) is not None:
            raise StoreError(f"a story collection named {name!r} is already in this project")
        row = StoryCollectionRow(name=name, municipality=collection.get("municipality"), data=_jsonable(collection))
        s.add(row)
        s.flush()
        self._audit(s, "create", "story_collection", row.id, after={"name": row.name})
        return row.id

    def story_collections(self) -> list[dict]:
        with self._sessions() as s:
            return [
                {"id": r.id, "name": r.name, "municipality": r.municipality, "data": r.data, "created_at": r.created_at}
                for r in s.scalars(select(StoryCollectionRow).order_by(StoryCollectionRow.id))
            ]

    # -- normenkader judgements -----------------------------------------------------------------
    def judge_norm(self, codebook_id: str, norm_id: str, judgement: str | None, rationale: str = "", evidence: Sequence[int] = ()) -> None:
        cb = self.get_codebook(codebook_id)
        if norm_id not in {n.id for n in cb.norms}:
            raise StoreError(f"codebook {codebook_id!r} has no norm {norm_id!r}")
        if judgement is not None and judgement not in {lvl.id for lvl in cb.scale}:
            raise StoreError(f"{judgement!r} is not on the scale of {codebook_id!r}: {', '.join(l.id for l in cb.scale)}")
        with self.transaction() as s:
            row = s.scalar(select(NormJudgementRow).where(NormJudgementRow.codebook_id == codebook_id, NormJudgementRow.norm_id == norm_id))
            before = None
            if row is None:
                row = NormJudgementRow(codebook_id=codebook_id, norm_id=norm_id)
                s.add(row)
            else:
                before = {"judgement": row.judgement, "rationale": row.rationale}
            row.judgement = judgement
            row.rationale = rationale
            row.evidence = [int(e) for e in evidence]
            row.judged_by = self.user
            row.updated_at = utcnow()
            self._audit(s, "judge", "norm", f"{codebook_id}/{norm_id}", before=before, after={"judgement": judgement, "rationale": rationale})

    def norm_judgements(self, codebook_id: str) -> dict[str, dict]:
        with self._sessions() as s:
            return {
                r.norm_id: {"judgement": r.judgement, "rationale": r.rationale, "evidence": list(r.evidence or []), "judged_by": r.judged_by, "updated_at": r.updated_at}
                for r in s.scalars(select(NormJudgementRow).where(NormJudgementRow.codebook_id == codebook_id))
            }

    # -- accounts and assignments -----------------------------------------------------------
    # Added for team mode (analysis.accounts, analysis.agreement). Accounts are optional:
    # without any row in ``users`` the project is in single-user mode and every write is
    # allowed. Once accounts exist, the write guard below the class checks ``self.user``'s
    # role (see analysis.accounts.roles) before every write method and every transaction.
    def has_accounts(self) -> bool:
        from .orm import UserRow

        with self._sessions() as s:
            return s.scalar(select(UserRow.id).limit(1)) is not None

    @property
    def role(self) -> str | None:
        """The effective role of ``self.user``: ``beheerder`` in single-user mode, None without an
        account or before the user signed in."""
        from .orm import UserRow

        with self._sessions() as s:
            role = s.scalar(select(UserRow.role).where(UserRow.name == self.user))
            if role is not None:
                return role if self._signed_in_as == self.user else None  # a name alone has no role
            if s.scalar(select(UserRow.id).limit(1)) is None:
                return "beheerder"
        return None

    def login(self, name: str, password: str, *, client: str | None = None) -> None:
        """Check ``name``'s password and act as ``name`` from now on (see :func:`analysis.accounts.authenticate`).

        Raises :class:`~analysis.accounts.AuthenticationError` (wrong name or password, or too many
        failed attempts: the backoff is per account and, when ``client`` is given, per client).
        """
        from ..accounts.users import authenticate

        account = authenticate(self, name, password, client=client)
        self.user = account.name
        self._signed_in_as = account.name
        self._rehash_if_weak(password)

    def _continue_as(self, name: str) -> None:
        """The single-user owner who just made the first account continues as that account."""
        self.user = name
        self._signed_in_as = name

    def _rehash_if_weak(self, password: str) -> None:
        from ..accounts.passwords import hash_password, needs_rehash

        found = self.get_user(self.user)
        if found is not None and needs_rehash(found["password_hash"]):
            self.set_own_password_hash(hash_password(password))

    @property
    def signed_in(self) -> bool:
        """Was ``self.user``'s password checked on this object? (Always True without accounts.)"""
        return self._signed_in_as == self.user or not self.has_accounts()

    def check_permission(self, action: str) -> None:
        """Raise :class:`PermissionDenied` when ``self.user`` may not perform ``action``.

        With accounts, ``self.user`` must have signed in on this object (:meth:`login`, or
        ``Project.open(..., password=...)``): a user name alone reads and writes nothing.
        """
        from ..accounts.roles import ACTION_LABELS, allowed
        from .orm import UserRow

        with self._sessions() as s:
            role = s.scalar(select(UserRow.role).where(UserRow.name == self.user))
            accounts = role is not None or s.scalar(select(UserRow.id).limit(1)) is not None
        if not accounts:
            return  # single-user mode: the one researcher may do everything
        if role is not None and self._signed_in_as != self.user:
            raise LoginRequired("trust.login_required", location=self.location, user=self.user)
        if allowed(role, action):
            return
        if role is None:
            err = PermissionDenied("store.no_account", user=self.user, location=self.location)
        else:
            err = PermissionDenied(
                "store.permission_denied", user=self.user, role=role, action=action,
                label=ACTION_LABELS.get(action, action), location=self.location,
            )
        # who, which role and what, for a one-line refusal at the edge (see analysis.cli.refusal)
        err.user, err.role, err.action = self.user, role, ACTION_LABELS.get(action, action)
        raise err

    def users(self) -> list[dict]:
        """Accounts without their password hashes: name, role, created_at."""
        from .orm import UserRow

        with self._sessions() as s:
            return [
                {"name": r.name, "role": r.role, "created_at": r.created_at}
                for r in s.scalars(select(UserRow).order_by(UserRow.name))
            ]

    def get_user(self, name: str) -> dict | None:
        """One account including its ``password_hash`` (for authentication), or None."""
        from .orm import UserRow

        with self._sessions() as s:
            r = s.scalar(select(UserRow).where(UserRow.name == name))
            if r is None:
                return None
            return {"name": r.name, "role": r.role, "password_hash": r.password_hash, "created_at": r.created_at}

    def save_user(self, name: str, *, password_hash: str | None = None, role: str | None = None) -> bool:
        """Create an account (both fields needed) or change its hash and/or role; True when created."""
        from .orm import UserRow

        with self.transaction() as s:
            row = s.scalar(select(UserRow).where(UserRow.name == name))
            created = row is None
            if created:
                if not password_hash or not role:
                    raise StoreError(f"new account {name!r} needs a password hash and a role")
                row = UserRow(name=name, password_hash=password_hash, role=role, created_at=utcnow())
                s.add(row)
                before = None
            else:
                before = {"role": row.role}
                if password_hash:
                    row.password_hash = password_hash
                if role:
                    row.role = role
            try:
                s.flush()
            except IntegrityError as exc:  # created concurrently
                raise StoreError(f"account {name!r} could not be stored ({exc.orig})") from exc
            after = {"role": row.role, **({"password": "changed"} if password_hash else {})}
            self._audit(s, "create" if created else "update", "user", name, before=before, after=after)
            return created

    def set_own_password_hash(self, password_hash: str) -> None:
        """Change the password hash of ``self.user``'s own account (any role may)."""
        from .orm import UserRow

        with self.transaction() as s:
            row = s.scalar(select(UserRow).where(UserRow.name == self.user))
            if row is None:
                raise StoreError(f"user {self.user!r} has no account in this project")
            row.password_hash = password_hash
            self._audit(s, "update", "user", self.user, after={"password": "changed"})

    def delete_user(self, name: str) -> None:
        from .orm import UserRow

        with self.transaction() as s:
            row = s.scalar(select(UserRow).where(UserRow.name == name))
            if row is None:
                raise StoreError(f"no account {name!r} in this project")
            self._audit(s, "delete", "user", name, before={"role": row.role})
            s.delete(row)

    def add_assignments(self, coder: str, items: Iterable[tuple[int | None, int | None]]) -> int:
        """Assign sources ``(source_id, None)`` or passages ``(None|source_id, passage_id)`` to ``coder``.

        Returns how many new assignments were stored (existing ones are skipped).
        """
        from .orm import AssignmentRow

        wanted = list(items)
        with self.transaction() as s:
            existing = {
                (r.source_id, r.passage_id) for r in s.scalars(select(AssignmentRow).where(AssignmentRow.coder == coder))
            }
            passage_ids = sorted({int(p) for _, p in wanted if p is not None})
            passage_source: dict[int, int] = {}
            for chunk in _chunks(passage_ids, 900):
                for pid, sid in s.execute(select(PassageRow.id, PassageRow.source_id).where(PassageRow.id.in_(chunk))):
                    passage_source[pid] = sid
            source_ids = {int(sid) for sid, p in wanted if p is None and sid is not None}
            known_sources: set[int] = set()
            for chunk in _chunks(sorted(source_ids), 900):
                known_sources.update(s.scalars(select(SourceRow.id).where(SourceRow.id.in_(chunk))))
            rows: list[dict] = []
            for sid, pid in wanted:
                if pid is None:
                    if sid is None:
                        raise StoreError("an assignment needs a source id or a passage id")
                    if int(sid) not in known_sources:
                        raise StoreError(f"cannot assign source {sid} to {coder!r}: no such source")
                    key = (int(sid), None)
                else:
                    if int(pid) not in passage_source:
                        raise StoreError(f"cannot assign passage {pid} to {coder!r}: no such passage")
                    owner = passage_source[int(pid)]
                    if sid is not None and int(sid) != owner:
                        raise StoreError(f"passage {pid} belongs to source {owner}, not to source {sid}")
                    if (owner, None) in existing:
                        continue  # the whole source is assigned already
                    key = (owner, int(pid))
                if key in existing:
                    continue
                existing.add(key)
                rows.append({"coder": coder, "source_id": key[0], "passage_id": key[1]})
            if rows:
                s.execute(AssignmentRow.__table__.insert(), rows)
                self._audit(s, "assign", "assignment", coder, after={"added": len(rows)})
            return len(rows)

    def assignments(self, coder: str | None = None) -> list[tuple[str, int, int | None]]:
        """``(coder, source_id, passage_id)`` rows; ``passage_id`` None means the whole source."""
        from .orm import AssignmentRow

        stmt = select(AssignmentRow.coder, AssignmentRow.source_id, AssignmentRow.passage_id).order_by(AssignmentRow.id)
        if coder is not None:
            stmt = stmt.where(AssignmentRow.coder == coder)
        with self._sessions() as s:
            return [tuple(r) for r in s.execute(stmt)]  # type: ignore[misc]

    def remove_assignments(self, coder: str, source_ids: Iterable[int] = (), passage_ids: Iterable[int] = ()) -> int:
        """Remove ``coder``'s assignments of these sources (all their rows) and passages."""
        from .orm import AssignmentRow

        sids, pids = [int(i) for i in source_ids], [int(i) for i in passage_ids]
        with self.transaction() as s:
            n = 0
            if sids:
                n += s.execute(delete(AssignmentRow).where(AssignmentRow.coder == coder, AssignmentRow.source_id.in_(sids))).rowcount
            if pids:
                n += s.execute(delete(AssignmentRow).where(AssignmentRow.coder == coder, AssignmentRow.passage_id.in_(pids))).rowcount
            if n:
                self._audit(s, "unassign", "assignment", coder, after={"removed": n})
            return n

    def log_event(self, action: str, entity: str, entity_id: Any = None, before: Any = None, after: Any = None) -> int:
        """Write one audit row of its own (e.g. an undo marker); returns its id."""
        with self.transaction() as s:
            row = AuditRow(
                user=self.user,
                action=action,
                entity=entity,
                entity_id=None if entity_id is None else str(entity_id),
                before=_jsonable(before),
                after=_jsonable(after),
            )
            s.add(row)
            s.flush()
            return row.id


class PermissionDenied(StoreError):
    """The project's user may not perform this write (the message names user, role and action)."""

    default_key = "store.permission_denied_detail"


class LoginRequired(PermissionDenied, DuidingError):
    """The project has accounts and its user has not signed in with a password on this object."""

    def __init__(self, key: str = "trust.login_required", /, **params: Any) -> None:
        DuidingError.__init__(self, key, **params)


import functools  # write guard only
import threading

# Write guard (accounts and roles): one check in front of every write. ``transaction`` is
# guarded too, so code that writes through it directly needs at least the ``write`` right;
# a guarded method called inside it (``add_source(..., session=)``) still checks its own,
# stricter right.
_GUARDED_WRITES: dict[str, str] = {
    "transaction": "write",
    "add_source": "import",
    "delete_source": "import",
    "update_source": "import",
    "update_source_text": "import",
    "save_codebook": "codebook",
    "update_code": "codebook",
    "add_code": "codebook",
    "move_code": "codebook",
    "merge_codes": "codebook",
    "delete_code": "codebook",
    "add_coding": "code",
    "add_codings": "code",
    "set_status": "code",
    "update_coding": "code",
    "update_memo": "memo",
    "update_participant": "import",
    "delete_coding": "code",
    "restore_coding": "code",
    "upsert_suggestions": "code",
    "remove_stale_suggestions": "code",
    "add_memo": "memo",
    "delete_memo": "memo",
    "move_coding": "code",
    "save_topic_model": "analyse",
    "delete_topic_model": "analyse",
    "save_story_collection": "analyse",
    "save_passage_set": "analyse",
    "delete_passage_set": "analyse",
    "judge_norm": "judge",
    "save_user": "users",
    "set_own_password_hash": "account",
    "delete_user": "users",
    "add_assignments": "assign",
    "remove_assignments": "assign",
}


# Reads are guarded too: once a project has accounts, nothing is read before a user signed in.
# (get_user, has_accounts, role and signed_in stay open: the sign-in itself needs them.)
_GUARDED_READS = (
    "audit_log", "municipalities", "studies", "participants", "find_source_by_checksum", "sources",
    "get_source", "source_participant", "stats", "passages", "get_passage", "count_passages",
    "passage_ids", "iter_passages", "neighbours", "codebooks", "codebook_ids", "get_codebook",
    "codings", "get_coding", "memos", "topic_models", "load_topic_model", "topic_assignments",
    "story_collections", "norm_judgements", "users", "assignments",
    "recent_coding_changes", "coding_counts",
    "log_event",  # an audit entry (e.g. "exported"): anyone signed in who may read
)  # fmt: skip

_GUARD_STATE = threading.local()


def _guarded(method: Any, action: str) -> Any:
    """Check each action once per outermost guarded call (per thread and project): nested
    calls with an action the outer call has checked already cost nothing, and a method's
    own ``transaction()`` is covered by the method's right."""
    nested_check = method.__name__ != "transaction"

    @functools.wraps(method)
    def guarded(self: Project, *args: Any, **kwargs: Any) -> Any:
        active: dict[int, set[str]] = _GUARD_STATE.__dict__.setdefault("projects", {})
        checked = active.get(id(self))
        if checked is not None:  # inside an outer guarded call
            if nested_check and action not in checked:
                self.check_permission(action)
                checked.add(action)
            return method(self, *args, **kwargs)
        self.check_permission(action)
        active[id(self)] = {action}
        try:
            return method(self, *args, **kwargs)
        finally:
            active.pop(id(self), None)

    guarded.__duiding_action__ = action  # type: ignore[attr-defined]
    return guarded


for _name, _action in [*_GUARDED_WRITES.items(), *((n, "read") for n in _GUARDED_READS)]:
    if hasattr(Project, _name):
        setattr(Project, _name, _guarded(getattr(Project, _name), _action))
del _name, _action


# -- helpers -----------------------------------------------------------------------------------
# Text search ignores case and diacritics ("client" finds "cliënt", "een" finds "één"): the
# search term is folded in Python, the column in SQL (a registered function on SQLite,
# translate() on PostgreSQL).
_COMBINING = re.compile("[\u0300-\u036f]")


def _roles(passages: Sequence[Passage], kind: Any, metadata: Any) -> list[str | None]:
    """Who speaks in each passage (kept when given; else from the labels and the manifest's
    ``interviewer``): see :func:`analysis.corpus.speakers.passage_roles`."""
    from ..corpus.speakers import interviewer_names, passage_roles

    meta = metadata if isinstance(metadata, dict) else {}
    return passage_roles(list(passages), kind=kind, interviewers=interviewer_names(meta.get("interviewer")))


def coding_values(coding: Coding, now: datetime | None = None) -> dict[str, Any]:
    """The column values of a new ``codings`` row for ``coding``, created and updated at ``now``."""
    now = now or utcnow()
    return {
        "passage_id": coding.passage_id,
        "codebook_id": coding.codebook_id,
        "code_id": coding.code_id,
        "coder": coding.coder,
        "origin": CodingOrigin(coding.origin).value,
        "status": CodingStatus(coding.status).value,
        "confidence": coding.confidence,
        "start": coding.start,
        "end": coding.end,
        "evidence": [asdict(e) for e in coding.evidence],
        "memo": coding.memo or "",
        "created_at": now,
        "updated_at": now,
    }


def fold_search(text: str) -> str:
    """Lowercase ``text`` and drop its diacritics (the folding the passage search applies):
    ``'Cliënt'`` → ``'client'``."""
    low = text.lower()
    return low if low.isascii() else _COMBINING.sub("", unicodedata.normalize("NFKD", low))


def _postgres_fold_map() -> tuple[str, str]:
    """The lowercase Latin letters with a diacritic and their plain letters, for translate()."""
    accented, plain = [], []
    for cp in range(0xC0, 0x250):
        ch = chr(cp)
        base = fold_search(ch)
        if ch.islower() and base != ch and len(base) == 1 and base.isascii():
            accented.append(ch)
            plain.append(base)
    return "".join(accented), "".join(plain)


_ACCENTED, _PLAIN = _postgres_fold_map()


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _folded(column: Any, dialect: str) -> Any:
    if dialect == "sqlite":
        return func.duiding_fold(column)
    return func.translate(func.lower(column), _ACCENTED, _PLAIN)



def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _insert_codings(s: Session) -> Any:
    """An INSERT into codings in the session's dialect (both know ``ON CONFLICT``)."""
    if s.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(CodingRow)


def _same_span(start: int | None, end: int | None):
    if start is None:
        return and_(CodingRow.start.is_(None), CodingRow.end.is_(None))
    return and_(CodingRow.start == start, CodingRow.end == end)


def _jsonable(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        return value.item()
    if isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "value"):  # enums
        return value.value
    return str(value)


def _code_row(codebook_id: str, c: Code, position: int) -> CodeRow:
    return CodeRow(
        codebook_id=codebook_id,
        code_id=c.id,
        parent=c.parent,
        position=position,
        name=c.name,
        definition=c.definition,
        inclusion=list(c.inclusion),
        exclusion=list(c.exclusion),
        examples=list(c.examples),
        keywords=list(c.keywords),
        exclude_keywords=list(c.exclude_keywords),
        respondent_groups=list(c.respondent_groups),
        colour=c.colour,
        axis=c.axis,
        crosswalk=list(c.crosswalk),
        codable=c.codable,
    )


def _row_code(r: CodeRow) -> Code:
    return Code(
        id=r.code_id,
        name=r.name,
        parent=r.parent,
        definition=r.definition or "",
        inclusion=list(r.inclusion or []),
        exclusion=list(r.exclusion or []),
        examples=list(r.examples or []),
        keywords=list(r.keywords or []),
        exclude_keywords=list(r.exclude_keywords or []),
        respondent_groups=list(r.respondent_groups or []),
        colour=r.colour,
        axis=r.axis,
        crosswalk=list(r.crosswalk or []),
        codable=bool(r.codable),
    )


def _row_coding(r: CodingRow) -> Coding:
    return Coding(
        passage_id=r.passage_id,
        code_id=r.code_id,
        codebook_id=r.codebook_id,
        coder=r.coder,
        origin=CodingOrigin(r.origin),
        status=CodingStatus(r.status),
        confidence=r.confidence,
        start=r.start,
        end=r.end,
        evidence=[EvidenceSpan(**e) for e in (r.evidence or [])],
        memo=r.memo or "",
        created_at=r.created_at,
        updated_at=r.updated_at,
        id=r.id,
    )


def _coding_dict(r: CodingRow) -> dict:
    return {
        "id": r.id,
        "passage_id": r.passage_id,
        "codebook_id": r.codebook_id,
        "code_id": r.code_id,
        "coder": r.coder,
        "origin": r.origin,
        "status": r.status,
        "confidence": r.confidence,
        "start": r.start,
        "end": r.end,
        "evidence": r.evidence,
        "memo": r.memo,
    }

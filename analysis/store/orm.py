"""SQLAlchemy 2 table definitions (the schema behind the repository API).

Plain declarative models in the spirit of Taguette: one class per table, no
behaviour. Only :mod:`analysis.store` imports this module; the rest of the code
talks to :class:`analysis.store.Project` and gets domain objects back.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
    literal_column,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class MunicipalityRow(Base):
    __tablename__ = "municipalities"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)


class StudyRow(Base):
    __tablename__ = "studies"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")


class ParticipantRow(Base):
    __tablename__ = "participants"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    label: Mapped[str] = mapped_column(String(200))
    municipality_id: Mapped[int | None] = mapped_column(
        ForeignKey("municipalities.id", ondelete="SET NULL"), nullable=True
    )
    respondent_group: Mapped[str | None] = mapped_column(String(100), nullable=True)
    age_group: Mapped[str | None] = mapped_column(String(50), nullable=True)
    wijk: Mapped[str | None] = mapped_column(String(200), nullable=True)
    attributes: Mapped[dict] = mapped_column(JSON, default=dict)
    __table_args__ = (Index("ix_participants_label", "label"),)


class SourceRow(Base):
    __tablename__ = "sources"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(50))
    municipality_id: Mapped[int | None] = mapped_column(
        ForeignKey("municipalities.id", ondelete="SET NULL"), nullable=True
    )
    study_id: Mapped[int | None] = mapped_column(ForeignKey("studies.id", ondelete="SET NULL"), nullable=True)
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL"), nullable=True
    )
    respondent_group: Mapped[str | None] = mapped_column(String(100), nullable=True)
    date: Mapped[str | None] = mapped_column(String(40), nullable=True)
    checksum: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    path: Mapped[str | None] = mapped_column(Text, nullable=True)
    text: Mapped[str] = mapped_column(Text)
    meta: Mapped[dict] = mapped_column("metadata", JSON, default=dict)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    __table_args__ = (Index("ix_sources_municipality", "municipality_id"), Index("ix_sources_kind", "kind"))


class PassageRow(Base):
    __tablename__ = "passages"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    ordinal: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[str | None] = mapped_column(String(200), nullable=True)
    # 'interviewer', 'respondent', 'other' or NULL (no speaker); migration 0003
    role: Mapped[str | None] = mapped_column(String(20), nullable=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    # verslag: heading path above the passage and the question of a question | answer table (migration 0005)
    heading: Mapped[str | None] = mapped_column(Text, nullable=True)
    question: Mapped[str | None] = mapped_column(Text, nullable=True)
    __table_args__ = (Index("ix_passages_source_ordinal", "source_id", "ordinal"),)


class CodebookRow(Base):
    __tablename__ = "codebooks"
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    municipality: Mapped[str | None] = mapped_column(String(200), nullable=True)
    framework: Mapped[str | None] = mapped_column(String(100), nullable=True)
    norms: Mapped[list] = mapped_column(JSON, default=list)
    scale: Mapped[list] = mapped_column(JSON, default=list)
    meta: Mapped[dict] = mapped_column("metadata", JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CodeRow(Base):
    __tablename__ = "codes"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    codebook_id: Mapped[str] = mapped_column(ForeignKey("codebooks.id", ondelete="CASCADE"))
    code_id: Mapped[str] = mapped_column(String(100))
    parent: Mapped[str | None] = mapped_column(String(100), nullable=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(300))
    definition: Mapped[str] = mapped_column(Text, default="")
    inclusion: Mapped[list] = mapped_column(JSON, default=list)
    exclusion: Mapped[list] = mapped_column(JSON, default=list)
    examples: Mapped[list] = mapped_column(JSON, default=list)
    keywords: Mapped[list] = mapped_column(JSON, default=list)
    exclude_keywords: Mapped[list] = mapped_column(JSON, default=list)
    respondent_groups: Mapped[list] = mapped_column(JSON, default=list)
    colour: Mapped[str | None] = mapped_column(String(20), nullable=True)
    axis: Mapped[str | None] = mapped_column(String(50), nullable=True)
    crosswalk: Mapped[list] = mapped_column(JSON, default=list)
    codable: Mapped[bool] = mapped_column(Boolean, default=True)
    __table_args__ = (UniqueConstraint("codebook_id", "code_id", name="uq_codes_codebook_code"),)


class CodingRow(Base):
    __tablename__ = "codings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    passage_id: Mapped[int] = mapped_column(ForeignKey("passages.id", ondelete="CASCADE"))
    codebook_id: Mapped[str] = mapped_column(String(100))
    code_id: Mapped[str] = mapped_column(String(100))
    coder: Mapped[str] = mapped_column(String(100))
    origin: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    confidence: Mapped[float | None] = mapped_column(Float, nullable=True)
    start: Mapped[int | None] = mapped_column(Integer, nullable=True)
    end: Mapped[int | None] = mapped_column(Integer, nullable=True)
    evidence: Mapped[list] = mapped_column(JSON, default=list)
    memo: Mapped[str] = mapped_column(Text, default="")
    # The researcher marked this coded passage as fit to quote in the report (migration 0012).
    citeerbaar: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    __table_args__ = (
        Index("ix_codings_passage", "passage_id"),
        Index("ix_codings_code", "codebook_id", "code_id"),
        Index("ix_codings_status", "status"),
        Index("ix_codings_open", "codebook_id", "status", "passage_id"),
    )


# One coding per (passage, codebook, code, coder, span): concurrent writers (two app sessions, two
# ``duiding code auto`` runs) cannot store the same coding twice. A whole-passage coding has no span
# (NULL start/end); NULLs never collide in a unique index, so the span enters as COALESCE(.., -1).
# Suggestions and decisions share the key: a suggestion is stored under its model's coder name and a
# decision under the researcher's, so a researcher's accepted coding and the model's suggestion of the
# same code can coexist, but no coder holds the same coding twice. Writes use INSERT ... ON CONFLICT on
# exactly these expressions (see ``CODING_KEY`` and ``Project._add_coding``).
CODING_KEY = (
    CodingRow.passage_id,
    CodingRow.codebook_id,
    CodingRow.code_id,
    CodingRow.coder,
    func.coalesce(CodingRow.start, literal_column("-1")),
    func.coalesce(CodingRow.end, literal_column("-1")),
)
Index("uq_codings_key", *CODING_KEY, unique=True)


class MemoRow(Base):
    __tablename__ = "memos"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    target_type: Mapped[str] = mapped_column(String(50))
    target_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class TopicModelRow(Base):
    __tablename__ = "topic_models"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    topics: Mapped[list] = mapped_column(JSON, default=list)
    blob: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class TopicAssignmentRow(Base):
    __tablename__ = "topic_assignments"
    model_id: Mapped[int] = mapped_column(ForeignKey("topic_models.id", ondelete="CASCADE"), primary_key=True)
    passage_id: Mapped[int] = mapped_column(ForeignKey("passages.id", ondelete="CASCADE"), primary_key=True)
    topic: Mapped[int] = mapped_column(Integer)
    probability: Mapped[float | None] = mapped_column(Float, nullable=True)


class StoryCollectionRow(Base):
    __tablename__ = "story_collections"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    municipality: Mapped[str | None] = mapped_column(String(200), nullable=True)
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class NormJudgementRow(Base):
    __tablename__ = "norm_judgements"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    codebook_id: Mapped[str] = mapped_column(ForeignKey("codebooks.id", ondelete="CASCADE"))
    norm_id: Mapped[str] = mapped_column(String(100))
    judgement: Mapped[str | None] = mapped_column(String(100), nullable=True)
    rationale: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[list] = mapped_column(JSON, default=list)
    judged_by: Mapped[str] = mapped_column(String(100), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    __table_args__ = (UniqueConstraint("codebook_id", "norm_id", name="uq_norm_judgement"),)


class AuditRow(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    user: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(50))
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    before: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),)


class UserRow(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AssignmentRow(Base):
    __tablename__ = "assignments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    coder: Mapped[str] = mapped_column(String(100))
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    passage_id: Mapped[int | None] = mapped_column(ForeignKey("passages.id", ondelete="CASCADE"), nullable=True)
    __table_args__ = (Index("ix_assignments_coder", "coder"),)


class PassageSetRow(Base):
    """A named set of passages: a saved query result or hand-picked passages."""

    __tablename__ = "passage_sets"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    query: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PassageSetMemberRow(Base):
    __tablename__ = "passage_set_members"
    set_id: Mapped[int] = mapped_column(ForeignKey("passage_sets.id", ondelete="CASCADE"), primary_key=True)
    passage_id: Mapped[int] = mapped_column(ForeignKey("passages.id", ondelete="CASCADE"), primary_key=True)
    __table_args__ = (Index("ix_passage_set_members_passage", "passage_id"),)


class TextEmbeddingRow(Base):
    """A sentence encoder's vector of one text, keyed by the encoder's model id and the text's SHA-256.

    Passages with unchanged text find their vector again (never recomputed); a changed text has a new hash.
    Vectors are stored as little-endian float16 (``dim`` values).
    """

    __tablename__ = "text_embeddings"
    model_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    text_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    dim: Mapped[int] = mapped_column(Integer)
    vector: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DataVersionRow(Base):
    """One row (id 1): a counter bumped in the same transaction as every write to the project.

    Readers (the app's caches) key on it, so every page reflects what is stored, whoever wrote it
    (another browser session, the command line, a notebook)."""

    __tablename__ = "data_version"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)

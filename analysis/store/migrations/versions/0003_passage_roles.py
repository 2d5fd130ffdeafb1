"""passage roles: who speaks in each passage (interviewer, respondent, other)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07 15:30:00

Adds ``passages.role`` and derives it for the passages already stored, from their
speaker labels, the source's kind and the manifest's ``interviewer`` (kept in the
source's metadata), exactly as a new import does.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_passages = sa.table(
    "passages",
    sa.column("id", sa.Integer),
    sa.column("source_id", sa.Integer),
    sa.column("ordinal", sa.Integer),
    sa.column("speaker", sa.String),
    sa.column("text", sa.Text),
    sa.column("role", sa.String),
)
_sources = sa.table("sources", sa.column("id", sa.Integer), sa.column("kind", sa.String), sa.column("metadata", sa.JSON))


class _Turn:
    __slots__ = ("speaker", "text", "role")

    def __init__(self, speaker: str | None, text: str) -> None:
        self.speaker, self.text, self.role = speaker, text, None


def upgrade() -> None:
    with op.batch_alter_table("passages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("role", sa.String(length=20), nullable=True))
    derive_roles(op.get_bind())


def derive_roles(conn: sa.Connection) -> int:
    """Set ``role`` of every stored passage of a source with turns or of a story; returns the count."""
    from analysis.corpus.speakers import interviewer_names, passage_roles

    updated = 0
    for source_id, kind, meta in conn.execute(sa.select(_sources.c.id, _sources.c.kind, _sources.c.metadata)).all():
        rows = conn.execute(
            sa.select(_passages.c.id, _passages.c.speaker, _passages.c.text)
            .where(_passages.c.source_id == source_id)
            .order_by(_passages.c.ordinal)
        ).all()
        if not rows:
            continue
        meta = meta if isinstance(meta, dict) else {}
        roles = passage_roles(
            [_Turn(r.speaker, r.text) for r in rows], kind=kind, interviewers=interviewer_names(meta.get("interviewer"))
        )
        values = [{"pid": r.id, "new_role": role} for r, role in zip(rows, roles) if role is not None]
        if values:
            conn.execute(
                _passages.update().where(_passages.c.id == sa.bindparam("pid")).values(role=sa.bindparam("new_role")),
                values,
            )
            updated += len(values)
    return updated


def downgrade() -> None:
    with op.batch_alter_table("passages", schema=None) as batch_op:
        batch_op.drop_column("role")

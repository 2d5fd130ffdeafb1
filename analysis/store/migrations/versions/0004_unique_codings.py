"""unique codings: merge duplicate codings, then one coding per passage, codebook, code, coder and span

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 15:20:00

Concurrent writers (two app sessions, two ``duiding code auto`` runs) could store the same coding twice.
This migration merges the duplicates already stored and adds the unique index that the store's
``INSERT ... ON CONFLICT`` writes rely on. Of a group of duplicates the survivor is the researcher's
decision (accepted or rejected) over an open suggestion, then the most recently updated; the memos of the
group are joined into it. Every merge is written to the audit trail.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

KEY = ["passage_id", "codebook_id", "code_id", "coder", "coalesce(start, -1)", 'coalesce("end", -1)']


def _merge_duplicates(conn: sa.Connection) -> None:
    codings = sa.table(
        "codings",
        sa.column("id"),
        sa.column("passage_id"),
        sa.column("codebook_id"),
        sa.column("code_id"),
        sa.column("coder"),
        sa.column("status"),
        sa.column("start"),
        sa.column("end"),
        sa.column("memo"),
        sa.column("updated_at"),
    )
    audit = sa.table(
        "audit_log",
        sa.column("at"),
        sa.column("user"),
        sa.column("action"),
        sa.column("entity"),
        sa.column("entity_id"),
        sa.column("before", sa.JSON),
        sa.column("after", sa.JSON),
    )
    start = sa.func.coalesce(codings.c.start, -1)
    end = sa.func.coalesce(codings.c.end, -1)
    key = [codings.c.passage_id, codings.c.codebook_id, codings.c.code_id, codings.c.coder, start, end]
    groups = conn.execute(sa.select(*key).group_by(*key).having(sa.func.count() > 1)).all()
    for passage_id, codebook_id, code_id, coder, s, e in groups:
        rows = conn.execute(
            sa.select(codings.c.id, codings.c.status, codings.c.memo, codings.c.updated_at).where(
                codings.c.passage_id == passage_id,
                codings.c.codebook_id == codebook_id,
                codings.c.code_id == code_id,
                codings.c.coder == coder,
                start == s,
                end == e,
            )
        ).all()
        ranked = sorted(
            rows,
            key=lambda r: (r.status in ("accepted", "rejected"), str(r.updated_at or ""), r.id),
            reverse=True,
        )
        keep, drop = ranked[0], ranked[1:]
        memos = list(dict.fromkeys(m for m in (r.memo for r in ranked) if m))
        conn.execute(sa.update(codings).where(codings.c.id == keep.id).values(memo="\n\n".join(memos)))
        conn.execute(sa.delete(codings).where(codings.c.id.in_([r.id for r in drop])))
        conn.execute(
            sa.insert(audit).values(
                at=datetime.now(UTC),
                user="duiding-migratie",
                action="merge_duplicates",
                entity="coding",
                entity_id=str(keep.id),
                before={"ids": [r.id for r in drop]},
                after={"id": keep.id, "status": keep.status},
            )
        )


def upgrade() -> None:
    conn = op.get_bind()
    _merge_duplicates(conn)
    op.create_index("uq_codings_key", "codings", [sa.text(k) if "(" in k else k for k in KEY], unique=True)


def downgrade() -> None:
    op.drop_index("uq_codings_key", table_name="codings")

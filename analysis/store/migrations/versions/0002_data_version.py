"""data version: a counter bumped in the same transaction as every write

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    # row 1: every write; row 2: writes to sources, passages, municipalities, participants, studies
    op.bulk_insert(table, [{"id": 1, "version": 0}, {"id": 2, "version": 0}])
    # the review page counts the passages with an open suggestion after every decision
    op.create_index("ix_codings_open", "codings", ["codebook_id", "status", "passage_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_codings_open", table_name="codings")
    op.drop_table("data_version")

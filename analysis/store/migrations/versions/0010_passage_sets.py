"""saved passage sets

Revision ID: 0010
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "passage_sets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "passage_set_members",
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("passage_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["passage_id"], ["passages.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["set_id"], ["passage_sets.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("set_id", "passage_id"),
    )
    with op.batch_alter_table("passage_set_members", schema=None) as batch_op:
        batch_op.create_index("ix_passage_set_members_passage", ["passage_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("passage_set_members", schema=None) as batch_op:
        batch_op.drop_index("ix_passage_set_members_passage")
    op.drop_table("passage_set_members")
    op.drop_table("passage_sets")

"""citeerbaar: the researcher marks a coding as fit to quote in the report draft

Revision ID: 0012
Revises: 0010

Adds ``codings.citeerbaar`` (false for every coding already stored). The report draft
(``duiding report draft``) quotes the codings marked citeerbaar as the onderbouwing of a
norm; where none are marked it lists suggestions, as suggestions.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (SQLite and PostgreSQL both take a NOT NULL column with a default): a batch
    # operation would copy the table on SQLite and lose the expression index uq_codings_key.
    op.add_column("codings", sa.Column("citeerbaar", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    op.drop_index("uq_codings_key", table_name="codings")
    with op.batch_alter_table("codings", schema=None) as batch_op:
        batch_op.drop_column("citeerbaar")
    op.create_index("uq_codings_key", "codings", [sa.text(k) if "(" in k else k for k in _KEY], unique=True)


_KEY = ("passage_id", "codebook_id", "code_id", "coder", "coalesce(start, -1)", "coalesce(\"end\", -1)")

"""verslag: heading path and table question per passage

Revision ID: 0005
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("passages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("heading", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("question", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("passages", schema=None) as batch_op:
        batch_op.drop_column("question")
        batch_op.drop_column("heading")

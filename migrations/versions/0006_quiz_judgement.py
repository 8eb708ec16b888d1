"""Quiz attempts say who judged them: the grader's verdict ("correct" | "incorrect" | "unsure"),
the grader's own score, and whether the student judged the answer themselves (an unsure answer,
self-assessed) or overruled the grader's verdict, with their rating ("had" | "partly" | "missed").

Revision ID: 0006
Revises: 0005 (0004 is another branch's; the lead re-chains at merge)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("quiz_attempts") as batch:
        batch.add_column(sa.Column("verdict", sa.String(16), nullable=True))
        batch.add_column(sa.Column("auto_score", sa.Float(), nullable=True))
        batch.add_column(sa.Column("judged_by", sa.String(16), nullable=False, server_default="grader"))
        batch.add_column(sa.Column("self_rating", sa.String(16), nullable=True))
        batch.add_column(sa.Column("overruled", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("quiz_attempts") as batch:
        for name in ("overruled", "self_rating", "judged_by", "auto_score", "verdict"):
            batch.drop_column(name)

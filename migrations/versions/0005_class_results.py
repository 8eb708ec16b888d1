"""Class results: students' exported attempts imported by an instructor; an attempt's duration.

Revision ID: 0005
Revises: 0003 (0004 is another branch's; the lead re-chains at merge)

``class_submissions`` holds one row per student (their latest hand-in, keyed by the folded name;
the file's sha256 makes a second import of the same file a no-op), ``class_attempts`` and
``class_reviews`` hold what that file reported. ``quiz_attempts.duration_s`` records how long the
student took to answer, when the app or the terminal runner measured it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("quiz_attempts") as batch:
        batch.add_column(sa.Column("duration_s", sa.Float(), nullable=True))
    op.create_table(
        "class_submissions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("student", sa.String(200), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("canvas_id", sa.String(32), nullable=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("papermind_version", sa.String(32), nullable=False),
        sa.Column("exported_at", sa.DateTime(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_class_submissions"),
        sa.UniqueConstraint("student", name="uq_class_submissions_student"),
    )
    op.create_index("ix_class_submissions_sha256", "class_submissions", ["sha256"])
    op.create_table(
        "class_attempts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(128), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=False),
        sa.Column("verdict", sa.String(16), nullable=True),
        sa.Column("self_assessment", sa.String(16), nullable=True),
        sa.Column("overruled", sa.Boolean(), nullable=True),
        sa.Column("answered_at", sa.DateTime(), nullable=False),
        sa.Column("duration_s", sa.Float(), nullable=True),
        sa.Column("cram", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["class_submissions.id"],
            name="fk_class_attempts_submission_id_class_submissions",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_class_attempts"),
    )
    op.create_index("ix_class_attempts_submission_id", "class_attempts", ["submission_id"])
    op.create_index("ix_class_attempts_question", "class_attempts", ["question_id"])
    op.create_table(
        "class_reviews",
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(128), nullable=False),
        sa.Column("due", sa.DateTime(), nullable=False),
        sa.Column("reps", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["class_submissions.id"],
            name="fk_class_reviews_submission_id_class_submissions",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("submission_id", "question_id", name="pk_class_reviews"),
    )


def downgrade() -> None:
    op.drop_table("class_reviews")
    op.drop_index("ix_class_attempts_question", table_name="class_attempts")
    op.drop_index("ix_class_attempts_submission_id", table_name="class_attempts")
    op.drop_table("class_attempts")
    op.drop_index("ix_class_submissions_sha256", table_name="class_submissions")
    op.drop_table("class_submissions")
    with op.batch_alter_table("quiz_attempts") as batch:
        batch.drop_column("duration_s")

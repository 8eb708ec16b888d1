"""Concept maps: concepts (folded across the corpus), per-paper stats, occurrences, edges.

Revision ID: 0003
Revises: 0002

All four tables are derived data: ``papermind concepts --rebuild`` (and every ingest) deletes and
rewrites them from the chunks.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "concepts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(200), nullable=False),  # folded form of the label
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("definition", sa.Text(), nullable=True),
        sa.Column("definition_paper", sa.String(64), nullable=True),
        sa.Column("definition_chunk_id", sa.Integer(), nullable=True),
        sa.Column("definition_page", sa.Integer(), nullable=True),
        sa.Column("vector", sa.LargeBinary(), nullable=True),  # float32 label embedding
        sa.PrimaryKeyConstraint("id", name="pk_concepts"),
        sa.UniqueConstraint("key", name="uq_concepts_key"),
    )
    op.create_table(
        "concept_papers",
        sa.Column("concept_id", sa.Integer(), nullable=False),
        sa.Column("paper_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("n_occurrences", sa.Integer(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),  # the paper's own surface form
        sa.Column("definition", sa.Text(), nullable=True),
        sa.Column("definition_chunk_id", sa.Integer(), nullable=True),
        sa.Column("definition_page", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["concept_id"], ["concepts.id"],
                                name="fk_concept_papers_concept_id_concepts", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["paper_id"], ["papers.id"],
                                name="fk_concept_papers_paper_id_papers", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("concept_id", "paper_id", name="pk_concept_papers"),
    )
    op.create_index("ix_concept_papers_paper", "concept_papers", ["paper_id", "rank"])
    op.create_table(
        "concept_occurrences",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("concept_id", sa.Integer(), nullable=False),
        sa.Column("paper_id", sa.Integer(), nullable=False),
        sa.Column("chunk_id", sa.Integer(), nullable=False),
        sa.Column("page", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),  # offset into the chunk's text
        sa.Column("end", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["concept_id"], ["concepts.id"],
                                name="fk_concept_occurrences_concept_id_concepts",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["paper_id"], ["papers.id"],
                                name="fk_concept_occurrences_paper_id_papers", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["chunk_id"], ["chunks.id"],
                                name="fk_concept_occurrences_chunk_id_chunks", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_concept_occurrences"),
    )
    op.create_index("ix_concept_occurrences_concept", "concept_occurrences", ["concept_id"])
    op.create_table(
        "concept_edges",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("scope", sa.String(64), nullable=False),  # "paper:KEY" | "week:VERSION:N"
        sa.Column("a", sa.Integer(), nullable=False),
        sa.Column("b", sa.Integer(), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),  # "cooccur" | "similar"
        sa.ForeignKeyConstraint(["a"], ["concepts.id"], name="fk_concept_edges_a_concepts",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["b"], ["concepts.id"], name="fk_concept_edges_b_concepts",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_concept_edges"),
    )
    op.create_index("ix_concept_edges_scope", "concept_edges", ["scope"])


def downgrade() -> None:
    op.drop_index("ix_concept_edges_scope", table_name="concept_edges")
    op.drop_table("concept_edges")
    op.drop_index("ix_concept_occurrences_concept", table_name="concept_occurrences")
    op.drop_table("concept_occurrences")
    op.drop_index("ix_concept_papers_paper", table_name="concept_papers")
    op.drop_table("concept_papers")
    op.drop_table("concepts")

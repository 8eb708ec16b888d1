"""Concept-map models (schema in migrations/versions/0003_concepts.py). Derived data: rebuilt
from the chunks by ``papermind.concepts.service.ConceptService.rebuild``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from papermind.store.base import Base


class Concept(Base):
    __tablename__ = "concepts"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    label: Mapped[str] = mapped_column(Text)
    aliases: Mapped[list[Any]] = mapped_column(JSON, default=list)
    definition: Mapped[str | None] = mapped_column(Text)
    definition_paper: Mapped[str | None] = mapped_column(String(64))
    definition_chunk_id: Mapped[int | None] = mapped_column(Integer)
    definition_page: Mapped[int | None] = mapped_column(Integer)
    vector: Mapped[bytes | None] = mapped_column(LargeBinary)


class ConceptPaper(Base):
    __tablename__ = "concept_papers"
    __table_args__ = (Index("ix_concept_papers_paper", "paper_id", "rank"),)

    concept_id: Mapped[int] = mapped_column(ForeignKey("concepts.id", ondelete="CASCADE"), primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id", ondelete="CASCADE"), primary_key=True)
    score: Mapped[float] = mapped_column(Float)
    rank: Mapped[int] = mapped_column(Integer)
    n_occurrences: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(Text)
    definition: Mapped[str | None] = mapped_column(Text)
    definition_chunk_id: Mapped[int | None] = mapped_column(Integer)
    definition_page: Mapped[int | None] = mapped_column(Integer)


class ConceptOccurrence(Base):
    __tablename__ = "concept_occurrences"
    __table_args__ = (Index("ix_concept_occurrences_concept", "concept_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    concept_id: Mapped[int] = mapped_column(ForeignKey("concepts.id", ondelete="CASCADE"))
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id", ondelete="CASCADE"))
    chunk_id: Mapped[int] = mapped_column(ForeignKey("chunks.id", ondelete="CASCADE"))
    page: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)  # offset into the chunk's text
    end: Mapped[int] = mapped_column(Integer)


class ConceptEdge(Base):
    __tablename__ = "concept_edges"
    __table_args__ = (Index("ix_concept_edges_scope", "scope"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(64))  # "paper:KEY" | "week:VERSION:N"
    a: Mapped[int] = mapped_column(ForeignKey("concepts.id", ondelete="CASCADE"))
    b: Mapped[int] = mapped_column(ForeignKey("concepts.id", ondelete="CASCADE"))
    weight: Mapped[float] = mapped_column(Float)
    kind: Mapped[str] = mapped_column(String(16))  # "cooccur" | "similar"

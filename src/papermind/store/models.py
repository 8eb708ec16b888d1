"""Core models: papers, pages, sections, chunks and their embeddings, and store metadata.

The schema itself is created only by the Alembic migrations in ``migrations/``; these classes
mirror it for typed access. A test checks that the two agree.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from papermind.store.base import Base


class Paper(Base):
    __tablename__ = "papers"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(Text)
    authors: Mapped[list[str]] = mapped_column(JSON, default=list)
    year: Mapped[int | None] = mapped_column(Integer)
    venue: Mapped[str | None] = mapped_column(Text)
    arxiv_id: Mapped[str | None] = mapped_column(String(32))
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    source_path: Mapped[str] = mapped_column(Text)
    file_size: Mapped[int] = mapped_column(Integer)
    num_pages: Mapped[int] = mapped_column(Integer)
    metadata_source: Mapped[str] = mapped_column(String(16))  # "papers.toml" | "pdf"
    ingested_at: Mapped[datetime] = mapped_column(DateTime)

    pages: Mapped[list[Page]] = relationship(
        back_populates="paper", cascade="all, delete-orphan", order_by="Page.number"
    )
    sections: Mapped[list[Section]] = relationship(
        back_populates="paper", cascade="all, delete-orphan", order_by="Section.ordinal"
    )
    chunks: Mapped[list[Chunk]] = relationship(
        back_populates="paper", cascade="all, delete-orphan", order_by="Chunk.ordinal"
    )


class Page(Base):
    __tablename__ = "pages"
    __table_args__ = (UniqueConstraint("paper_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 1-based PDF page number
    text: Mapped[str] = mapped_column(Text)  # cleaned text; chunk offsets index into it
    has_text: Mapped[bool] = mapped_column(Boolean, default=True)

    paper: Mapped[Paper] = relationship(back_populates="pages")


class Section(Base):
    __tablename__ = "sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id", ondelete="CASCADE"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    number: Mapped[str | None] = mapped_column(String(16))  # "3.2", "A.1", None for Abstract
    title: Mapped[str] = mapped_column(Text)
    level: Mapped[int] = mapped_column(Integer, default=1)
    # "front" | "abstract" | "body" | "references" | "appendix"
    kind: Mapped[str] = mapped_column(String(16), default="body")
    page_start: Mapped[int] = mapped_column(Integer)
    char_start: Mapped[int] = mapped_column(Integer)  # offset into page_start's text

    paper: Mapped[Paper] = relationship(back_populates="sections")

    @property
    def is_references(self) -> bool:
        return self.kind == "references"

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title


class Chunk(Base):
    __tablename__ = "chunks"

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[int | None] = mapped_column(ForeignKey("sections.id", ondelete="SET NULL"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    page_start: Mapped[int] = mapped_column(Integer)
    page_end: Mapped[int] = mapped_column(Integer)
    char_start: Mapped[int] = mapped_column(Integer)  # offset into page_start's text
    char_end: Mapped[int] = mapped_column(Integer)  # offset into page_end's text (exclusive)
    n_tokens: Mapped[int] = mapped_column(Integer)
    is_references: Mapped[bool] = mapped_column(Boolean, default=False)

    paper: Mapped[Paper] = relationship(back_populates="chunks")
    section: Mapped[Section | None] = relationship()
    embedding: Mapped[Embedding | None] = relationship(
        back_populates="chunk", cascade="all, delete-orphan", uselist=False
    )


class Embedding(Base):
    __tablename__ = "embeddings"

    chunk_id: Mapped[int] = mapped_column(ForeignKey("chunks.id", ondelete="CASCADE"), primary_key=True)
    model: Mapped[str] = mapped_column(String(128))
    dim: Mapped[int] = mapped_column(Integer)
    vector: Mapped[bytes] = mapped_column(LargeBinary)  # float32, L2-normalised, little-endian
    norm: Mapped[float] = mapped_column(Float, default=1.0)

    chunk: Mapped[Chunk] = relationship(back_populates="embedding")


class StoreMeta(Base):
    """Key/value facts about the store, e.g. ``corpus_version`` (bumped on every change to
    chunks or embeddings, so derived indexes can tell they are stale)."""

    __tablename__ = "store_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)

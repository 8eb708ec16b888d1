"""The library's error family: every error carries a message and a hint (what to do next)."""

from __future__ import annotations


class PapermindError(Exception):
    """Base error. ``message`` says what went wrong, ``hint`` what the user can do about it."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def to_dict(self) -> dict[str, str | None]:
        return {"error": self.message, "hint": self.hint, "kind": type(self).__name__}

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.message if not self.hint else f"{self.message} (hint: {self.hint})"


class ConfigError(PapermindError):
    """A setting, a path or a data file (papers.toml, syllabus.toml) is wrong."""


class StoreError(PapermindError):
    """The database cannot be opened, migrated or written."""


class IngestError(PapermindError):
    """A PDF cannot be ingested (the message names the file and the reason)."""


class NotFoundError(PapermindError):
    """A paper, week, question or other named thing does not exist."""


class FetchError(PapermindError):
    """A download failed."""


class IndexError_(PapermindError):
    """A derived index (FTS5, FAISS) is missing or inconsistent and cannot be rebuilt."""


class QuizError(PapermindError):
    """A question bank or an answer is malformed."""

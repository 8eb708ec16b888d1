"""Messages that thread workers post back to the UI (the only way results reach widgets)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from textual.message import Message


class ModelState(Message):
    """The embedding model / index changed state: "loading", "ready", "unavailable", "error"."""

    def __init__(self, state: str, detail: str = "") -> None:
        super().__init__()
        self.state = state
        self.detail = detail


class StoreReady(Message, bubble=False):
    """The store is open (migrations applied); ``papers`` is the ingested paper list or None."""

    def __init__(self, papers: list[Any] | None) -> None:
        super().__init__()
        self.papers = papers


class Unavailable(Message):
    """A screen's service is not there yet (or failed): show ``message`` in place of content."""

    def __init__(self, what: str, message: str, hint: str | None = None) -> None:
        super().__init__()
        self.what = what
        self.message = message
        self.hint = hint


@dataclass
class WeekData:
    """What the schedule screen shows, gathered in one worker."""

    syllabus: Any = None
    rows: list[Any] = field(default_factory=list)  # ScheduleRow per session, when offered
    versions: list[str] = field(default_factory=list)
    current_week: int | None = None
    papers: list[Any] | None = None  # ingested PaperInfo, None when unknown
    due_counts: Any = None
    due_split: list[Any] | None = None  # quiz DueSplit rows: due and new per paper
    problems: list[str] = field(default_factory=list)


class ScheduleLoaded(Message):
    def __init__(self, data: WeekData, *, from_store: bool = True) -> None:
        super().__init__()
        self.data = data
        self.from_store = from_store  # False: the schedule alone, before the store is open


class SearchResults(Message):
    def __init__(self, query: str, hits: list[Any], elapsed: float) -> None:
        super().__init__()
        self.query = query
        self.hits = hits
        self.elapsed = elapsed


class PreviewLoaded(Message):
    """The page text around a hit and the closest passages in other papers."""

    def __init__(self, hit: Any, page: Any, see_also: list[Any] | None) -> None:
        super().__init__()
        self.hit = hit
        self.page = page
        self.see_also = see_also


class PaperLoaded(Message):
    def __init__(self, detail: Any) -> None:
        super().__init__()
        self.detail = detail


class PageLoaded(Message):
    def __init__(self, page: Any) -> None:
        super().__init__()
        self.page = page


class FindResults(Message):
    """Matches of a find-in-paper query: (page, start, end) triples in reading order."""

    def __init__(self, query: str, matches: list[tuple[int, int, int]]) -> None:
        super().__init__()
        self.query = query
        self.matches = matches


class ConceptMapLoaded(Message):
    def __init__(self, scope: str, cmap: Any) -> None:
        super().__init__()
        self.scope = scope
        self.cmap = cmap


class ChoicesLoaded(Message):
    """Weeks and papers a screen can offer in its pickers."""

    def __init__(
        self, weeks: list[tuple[str, int]], papers: list[tuple[str, str]], current_week: int | None = None
    ) -> None:
        super().__init__()
        self.weeks = weeks
        self.papers = papers
        self.current_week = current_week


class QuestionsLoaded(Message):
    def __init__(self, label: str, questions: list[Any]) -> None:
        super().__init__()
        self.label = label
        self.questions = questions


class Graded(Message):
    def __init__(self, question: Any, answer: Any, result: Any) -> None:
        super().__init__()
        self.question = question
        self.answer = answer
        self.result = result


class ProgressLoaded(Message):
    def __init__(self, progress: Any, history: Any) -> None:
        super().__init__()
        self.progress = progress
        self.history = history


class InstructorLoaded(Message):
    def __init__(self, kind: str, payload: Any) -> None:
        super().__init__()
        self.kind = kind
        self.payload = payload


class IngestProgress(Message):
    def __init__(self, done: int, total: int | None, label: str) -> None:
        super().__init__()
        self.done = done
        self.total = total
        self.label = label


class IngestDone(Message):
    def __init__(self, report: Any) -> None:
        super().__init__()
        self.report = report


class OpenReader(Message):
    """Ask the app to open the reader at ``paper_key`` page ``page`` with ``terms`` marked."""

    def __init__(self, paper_key: str, page: int, terms: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.paper_key = paper_key
        self.page = page
        self.terms = terms


class ConceptLoaded(Message):
    """One concept's detail (definition source, occurrences)."""

    def __init__(self, label: str, detail: Any) -> None:
        super().__init__()
        self.label = label
        self.detail = detail

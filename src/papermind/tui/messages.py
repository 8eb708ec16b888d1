"""Messages that thread workers post back to the UI (the only way results reach widgets).

Payloads are the services' own dataclasses (imported for type checking only, so importing the
TUI stays light).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from papermind.concepts.graph import ConceptDetail, ConceptMap
    from papermind.ingest.pipeline import IngestReport
    from papermind.library import PageView, PaperDetail, PaperInfo
    from papermind.quiz.analysis.item_stats import StatsReport
    from papermind.quiz.bank.check import CheckReport
    from papermind.quiz.bank.model import Question
    from papermind.quiz.grading.rules import GradeResult
    from papermind.quiz.review.attempts import AttemptInfo
    from papermind.quiz.service import DueSplit, Forecast, PaperProgress
    from papermind.search.service import Hit
    from papermind.syllabus import Syllabus
    from papermind.syllabus_service import ScheduleRow


class ModelState(Message):
    """The embedding model / index changed state: "loading", "preparing" (the one-time export),
    "ready", "unavailable", "error"."""

    def __init__(self, state: str, detail: str = "") -> None:
        super().__init__()
        self.state = state
        self.detail = detail


class StoreReady(Message, bubble=False):
    """The store is open (migrations applied); ``papers`` is the ingested paper list or None."""

    def __init__(self, papers: list[PaperInfo] | None) -> None:
        super().__init__()
        self.papers = papers


class FirstFrame(Message, bubble=False):
    """The app's first frame is on the terminal (Textual's ``Ready``), sent to the current screen:
    what it deferred until its content is visible may start now."""


@dataclass
class WeekData:
    """What the schedule screen shows, gathered in one worker."""

    syllabus: Syllabus
    rows: list[ScheduleRow]  # one per session, with its quizzes due
    versions: list[str]
    current_week: int | None
    papers: list[PaperInfo]  # ingested
    due_split: list[DueSplit]  # due and new questions per paper
    from_store: bool = True  # False: the schedule alone, before the store is open (papers, due unread)


class ScheduleLoaded(Message):
    def __init__(self, data: WeekData) -> None:
        super().__init__()
        self.data = data


class SearchResults(Message):
    def __init__(self, query: str, hits: list[Hit], elapsed: float) -> None:
        super().__init__()
        self.query = query
        self.hits = hits
        self.elapsed = elapsed


class PreviewLoaded(Message):
    """The page text around a hit and the closest passages in other papers."""

    def __init__(self, hit: Hit, page: PageView, see_also: list[Hit]) -> None:
        super().__init__()
        self.hit = hit
        self.page = page
        self.see_also = see_also


class PaperLoaded(Message):
    def __init__(self, detail: PaperDetail) -> None:
        super().__init__()
        self.detail = detail


class PageLoaded(Message):
    def __init__(self, page: PageView) -> None:
        super().__init__()
        self.page = page


class FindResults(Message):
    """Matches of a find-in-paper query: (page, start, end) triples in reading order."""

    def __init__(self, query: str, matches: list[tuple[int, int, int]]) -> None:
        super().__init__()
        self.query = query
        self.matches = matches


class ConceptMapLoaded(Message):
    def __init__(self, scope: str, cmap: ConceptMap) -> None:
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
    def __init__(self, label: str, questions: list[Question]) -> None:
        super().__init__()
        self.label = label
        self.questions = questions


class Graded(Message):
    def __init__(self, question: Question, answer: object, result: GradeResult) -> None:
        super().__init__()
        self.question = question
        self.answer = answer
        self.result = result


class Judged(Message):
    """The student's own judgement of an answer was recorded (``info``: the updated attempt)."""

    def __init__(self, question: Question, rating: str, info: AttemptInfo) -> None:
        super().__init__()
        self.question = question
        self.rating = rating
        self.info = info


class Undone(Message):
    """The last answer was taken back (``info``: the removed attempt, None when nothing was)."""

    def __init__(self, info: AttemptInfo | None) -> None:
        super().__init__()
        self.info = info


class ProgressLoaded(Message):
    def __init__(
        self, progress: list[PaperProgress], history: list[AttemptInfo], forecast: Forecast | None = None
    ) -> None:
        super().__init__()
        self.progress = progress
        self.history = history
        self.forecast = forecast


class CheckLoaded(Message):
    """The bank check's report (instructor screen)."""

    def __init__(self, report: CheckReport) -> None:
        super().__init__()
        self.report = report


class StatsLoaded(Message):
    """Item statistics over the recorded attempts (instructor screen)."""

    def __init__(self, report: StatsReport) -> None:
        super().__init__()
        self.report = report


class InterchangeDone(Message):
    """An import or export finished; ``text`` says what was written (instructor screen)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class IngestProgress(Message):
    def __init__(self, done: int, total: int | None, label: str) -> None:
        super().__init__()
        self.done = done
        self.total = total
        self.label = label


class IngestDone(Message):
    def __init__(self, report: IngestReport) -> None:
        super().__init__()
        self.report = report


class OpenReader(Message):
    """Ask the app to open the reader at ``paper_key`` page ``page`` with ``terms`` marked."""

    def __init__(self, paper_key: str, page: int, terms: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.paper_key = paper_key
        self.page = page
        self.terms = terms


class PassageFound(Message):
    """Where the reader's passage (a search hit's sentence) is: ``page`` and a char range in its
    reflowed text; ``page`` 0 when it was not found."""

    def __init__(self, page: int, start: int = 0, end: int = 0) -> None:
        super().__init__()
        self.page = page
        self.start = start
        self.end = end


class ConceptLoaded(Message):
    """One concept's detail (definition source, occurrences)."""

    def __init__(self, label: str, detail: ConceptDetail) -> None:
        super().__init__()
        self.label = label
        self.detail = detail

"""Every action in the command palette (ctrl+p): screens, and what each screen can do.

The provider gathers the dynamic parts (ingested papers, weeks, quiz banks, schedule versions)
once per palette opening, in a thread, so the palette opens at once and the event loop never
touches the store.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from textual.screen import Screen

    from papermind.api import Papermind
    from papermind.tui.app import PapermindApp

# (title, help, app action): always offered
COMMANDS: list[tuple[str, str, str]] = [
    ("This week / schedule", "Readings, discussions and quizzes due (F2)", "mode('week')"),
    ("Search", "Semantic search over the ingested papers (F3)", "mode('search')"),
    ("Search: focus the query", "Go to search and type a question", "search_focus"),
    ("Concept map", "Concepts of a week or a paper (F4)", "mode('concepts')"),
    ("Quiz", "Take a quiz for this week, a paper or the cards due (F5)", "mode('quiz')"),
    ("Quiz: due cards", "Review the questions whose spaced-repetition date has come", "quiz('due')"),
    ("Quiz: export my results", "Write your answers to a file to hand in (ctrl+x)", "quiz_export"),
    ("Instructor", "Bank check, item statistics, import/export (F6)", "mode('instructor')"),
    (
        "Instructor: class results",
        "Import the students' results; class statistics",
        "instructor('tab-class')",
    ),
    (
        "Instructor: discussion agenda",
        "This week's most-missed questions, wrong answers and pages to open, as Markdown",
        "agenda",
    ),
    (
        "Instructor: run the bank check",
        "Check every quiz bank for errors (file:line)",
        "instructor('tab-check')",
    ),
    (
        "Instructor: import / export banks",
        "GIFT import; GIFT, Canvas QTI or Anki export",
        "instructor('tab-io')",
    ),
    ("Ingest folder…", "Add a folder of PDFs to the library (ctrl+o)", "ingest"),
    ("Toggle theme", "Switch between the light and dark theme (ctrl+t)", "toggle_theme"),
    ("Help", "Keys and screens (?)", "help"),
    ("Quit", "Leave papermind (ctrl+q)", "quit"),
]


@dataclass
class Catalog:
    """The dynamic parts of the palette, read from the store in a thread."""

    papers: list[tuple[str, str]] = field(default_factory=list)  # (key, title)
    weeks: list[tuple[int, str]] = field(default_factory=list)  # (week, session title)
    current_week: int | None = None
    banks: list[str] = field(default_factory=list)  # papers that have quiz questions
    versions: list[str] = field(default_factory=list)


def gather(api: Papermind, today: date) -> Catalog:
    """Everything the palette offers beyond the fixed commands (runs in a thread)."""
    from papermind.tui.screens._choices import current_week, week_choices

    return Catalog(
        papers=[(p.key, p.title) for p in api.library.papers()],
        weeks=[(w, label.partition(" · ")[2]) for label, w in week_choices(api)],
        current_week=current_week(api, today),
        banks=sorted({q.paper for q in api.quiz.all_questions() if q.paper}),
        versions=api.schedule.versions(),
    )


Command = tuple[str, str, Callable[[], Awaitable[object]]]  # (title, help, run the action)


def commands(app: PapermindApp, screen: Screen[Any], cat: Catalog) -> list[Command]:
    """(title, help, callback) for everything the palette offers right now."""
    run = app.run_action
    file_actions = {"ingest", "instructor('tab-io')"}  # read or write files: not in student mode
    out: list[Command] = [
        (t, h, partial(run, a)) for t, h, a in COMMANDS if not (app.student and a in file_actions)
    ]
    from papermind.tui.screens.reader import ReaderScreen

    if isinstance(screen, ReaderScreen):
        out.insert(
            0,
            (
                "Reader: find in paper",
                "Find a word in this paper; n / N step through hits",
                partial(run, "reader_find"),
            ),
        )
    if cat.current_week is not None:
        w = cat.current_week
        out.append(
            (
                f"Quiz: start this week (week {w})",
                f"Questions on the papers of week {w}",
                partial(run, f"quiz('week', {w})"),
            )
        )
    for key in cat.banks:
        out.append((f"Quiz: paper {key}", f"Questions on {key}", partial(run, f"quiz('paper', {key!r})")))
    for w, title in cat.weeks:
        out.append(
            (f"Concepts: week {w}", f"Concept map of week {w}: {title}", partial(run, f"concepts('w:{w}')"))
        )
    for key, title in cat.papers:
        out.append(
            (
                f"Open paper {key}",
                f"Read {title or key} from page 1",
                partial(run, f"open_reader({key!r}, 1)"),
            )
        )
        out.append(
            (f"Concepts: paper {key}", f"Concept map of {title or key}", partial(run, f"concepts('p:{key}')"))
        )
    for v in cat.versions:
        out.append(
            (
                f"Schedule: switch to version {v}",
                f"Show the {v} version of the schedule",
                partial(run, f"schedule_version({v!r})"),
            )
        )
    return out


class PapermindCommands(Provider):
    """Screens of papermind and the actions on each."""

    _catalog: Catalog | None = None

    @property
    def _app(self) -> PapermindApp:
        from papermind.tui.app import PapermindApp

        assert isinstance(self.app, PapermindApp)  # the palette of papermind's app only
        return self.app

    async def startup(self) -> None:
        app = self._app
        self._catalog = await asyncio.to_thread(gather, app.api, app.today)

    def _commands(self) -> list[Command]:
        return commands(self._app, self.screen, self._catalog or Catalog())

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, text=title, help=help_text)

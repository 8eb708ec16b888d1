"""The papermind Textual app: modes (one per screen), the status line, and worker errors.

Nothing heavy happens on the event loop: the store is opened (and migrated) in a thread worker
after the first paint, the model warms in another, and every service call is a thread worker that
posts a message (``tui/messages.py``) back to its screen.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.worker import Worker, WorkerState

from papermind.errors import PapermindError
from papermind.tui.commands import PapermindCommands
from papermind.tui.messages import FirstFrame, ModelState, OpenReader, StoreReady
from papermind.tui.student import STUDENT_MODE_NOTE

if TYPE_CHECKING:
    from textual.screen import Screen

    from papermind.api import Papermind
    from papermind.embed import ModelExport
    from papermind.library import PaperInfo
    from papermind.tui.screens.schedule import ScheduleScreen


FIRST_CONTENT_WAIT = 1.0  # s after the first frame: open the store by then even if not asked

SCREENS_HELP = "F2 week · F3 search · F4 concepts · F5 quiz · F6 instructor · ? help"


def _week_screen() -> Screen[Any]:
    from papermind.tui.screens.schedule import ScheduleScreen

    return ScheduleScreen()


def _search_screen() -> Screen[Any]:
    from papermind.tui.screens.search import SearchScreen

    return SearchScreen()


def _concepts_screen() -> Screen[Any]:
    from papermind.tui.screens.concepts import ConceptsScreen

    return ConceptsScreen()


def _quiz_screen() -> Screen[Any]:
    from papermind.tui.screens.quiz import QuizScreen

    return QuizScreen()


def _instructor_screen() -> Screen[Any]:
    from papermind.tui.screens.instructor import InstructorScreen

    return InstructorScreen()


class PapermindApp(App[None]):
    """Study tool for the seminar: schedule, search, reader, concept maps, quizzes."""

    TITLE = "papermind"
    # the first screen's styles are the app's: it starts as Textual's default screen (below)
    CSS_PATH = ["app.tcss", "screens/schedule.tcss"]
    COMMANDS = App.COMMANDS | {PapermindCommands}
    # "week" is added on mount (``on_mount``): its screen is the default screen
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = {
        "search": _search_screen,
        "concepts": _concepts_screen,
        "quiz": _quiz_screen,
        "instructor": _instructor_screen,
    }
    DEFAULT_MODE = "week"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "mode('week')", "Week", tooltip="This week and the whole schedule"),
        Binding("f3", "mode('search')", "Search"),
        Binding("f4", "mode('concepts')", "Concepts"),
        Binding("f5", "mode('quiz')", "Quiz"),
        Binding("f6", "mode('instructor')", "Instructor", show=False),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("f1", "help", "Help", show=False),
        Binding("ctrl+t", "toggle_theme", "Theme", show=False),
        Binding("ctrl+o", "ingest", "Ingest", show=False),
    ]

    def __init__(
        self,
        api: Papermind,
        *,
        today: date | None = None,
        now: datetime | None = None,
        warm: bool = True,
        user: str | None = None,
        perf_counter: Callable[[], float] | None = None,
        student: bool = False,
    ) -> None:
        super().__init__()
        # student mode (``papermind serve`` to others): nothing reads or writes the server's files
        self.student = student
        # the timer behind "N results · X ms" (a constant one keeps snapshots deterministic)
        self.perf_counter = perf_counter or time.perf_counter
        self.api = api
        self.now = now  # fixed clock for reviews (tests, screenshots); None: the real time
        self.today = today or (now.date() if now else date.today())
        self.warm = warm
        self.user = user
        self.model_state = "idle"
        self.papers: list[PaperInfo] | None = None  # None until the store is open
        self.store_generation = 0  # bumped whenever the store is (re)opened, e.g. after an ingest
        self.quiz_generation = 0  # bumped whenever an answer is graded, judged or undone
        self.sub_title = "opening store…"
        self._store_requested = False
        self.first_frame_shown = False  # Textual's Ready: the first frame is on the terminal
        self._stop_export_notices: Callable[[], None] = lambda: None
        self._first_screen: ScheduleScreen  # made on load

    # -- start-up --------------------------------------------------------------------------
    def on_load(self) -> None:
        # The week screen is made now and starts reading the schedule (a thread worker) while
        # Textual starts up, so it usually has its content before its first layout.
        from papermind.tui.screens.schedule import ScheduleScreen

        self._first_screen = ScheduleScreen()
        self._first_screen.prefetch(self.api, self.today)

    def get_default_screen(self) -> Screen[Any]:
        """The week screen, as Textual's default screen rather than a mode's: a mode's first
        screen is mounted inside Textual's start-up batch, so its first layout and paint were
        thrown away (and the CSS parsed three more times) before the one that reached the
        terminal. ``on_mount`` then adds the "week" mode, whose stack this screen already is."""
        return self._first_screen

    def on_mount(self) -> None:
        # DEFAULT_MODE "week" was not among MODES when the app composed (so Textual made the
        # default screen its first screen); switching back to it needs the mode to be known. Its
        # screen stack exists, so the factory is never called for it.
        self.add_mode("week", _week_screen)

    def on_ready(self) -> None:
        # the first use in a new $PAPERMIND_HOME prepares the model first (seconds): say so. The
        # model loads after the store opens, so this can wait for the first frame (it imports
        # papermind.embed).
        self._stop_export_notices = self.api.on_model_export(self._model_export)
        # Open (and migrate) the store off the event loop once the first screen has its content
        # on the terminal (it calls open_store), or FIRST_CONTENT_WAIT after the first frame
        # whatever the first screen does. Started earlier, the store's imports (a thread) and the
        # first screen's deferred widgets held the first frame back: they share one interpreter.
        self.first_frame_shown = True
        self.screen.post_message(FirstFrame())
        self.set_timer(FIRST_CONTENT_WAIT, self.open_store)

    def open_store(self) -> None:
        """Open the store in a worker unless that was already asked for (once per app run)."""
        if not self._store_requested:
            self._store_requested = True
            # the first screen has its content: the collector (off since launch) may run again
            gc.enable()
            self._open_store()

    @work(thread=True, group="store", exit_on_error=False)
    def _open_store(self) -> None:
        self.api.engine  # noqa: B018 - opens the DB and applies migrations (imports alembic)
        self.post_message(StoreReady(self.api.library.papers()))

    def on_store_ready(self, message: StoreReady) -> None:
        self.papers = message.papers
        self.store_generation += 1
        self._update_status()
        if self.screen_stack:
            self.screen.post_message(StoreReady(message.papers))  # other screens: on resume
        if self.warm and message.papers:
            self._warm_model()

    @work(thread=True, group="model", exclusive=True, exit_on_error=False)
    def _warm_model(self) -> None:
        self.post_message(ModelState("loading"))
        try:
            self.api.search.warm()
        except PapermindError as exc:
            self.post_message(ModelState("error", exc.message))
            raise
        self.post_message(ModelState("ready"))

    def on_unmount(self) -> None:
        self._stop_export_notices()

    def _model_export(self, event: ModelExport) -> None:
        """From the thread that loads the model (a worker): post, never touch widgets here."""
        if event.started:
            self.post_message(ModelState("preparing", f"~{event.estimate_s} s on an idle machine"))
        else:
            self.post_message(ModelState("loading"))

    def on_model_state(self, message: ModelState) -> None:
        self.model_state = message.state
        self._update_status()
        if message.state == "preparing":
            self.notify(
                f"preparing the search model (one-time, {message.detail})…",
                title="papermind",
                timeout=10,
            )

    def _update_status(self) -> None:
        parts = []
        if self.papers is None:
            parts.append("library: n/a")
        else:
            parts.append(f"{len(self.papers)} papers")
        label = {
            "idle": "model: idle",
            "loading": "model: loading…",
            "preparing": "model: preparing (one-time)…",
            "ready": "model: ready",
            "error": "model: error",
        }.get(self.model_state, f"model: {self.model_state}")
        parts.append(label)
        self.sub_title = " · ".join(parts)

    # -- errors: the one place worker failures are handled ---------------------------------
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.report_worker(event.worker)

    def report_worker(self, worker: Worker[Any]) -> None:
        """Turn a failed worker into a notification; the app keeps running."""
        if worker.state != WorkerState.ERROR:
            return
        error = worker.error
        if isinstance(error, PapermindError):
            text = error.message + (f"\n{error.hint}" if error.hint else "")
            self.notify(text, title="papermind", severity="error", timeout=8)
        else:
            self.notify(
                f"{type(error).__name__}: {error}",
                title="Unexpected error",
                severity="error",
                timeout=10,
            )

    # -- actions ---------------------------------------------------------------------------
    def action_mode(self, mode: str) -> None:
        if self.current_mode != mode:
            self.switch_mode(mode)

    async def goto(self, mode: str) -> Screen[Any]:
        """Switch to ``mode`` and return its base screen (closing a reader opened on top)."""
        if self.current_mode != mode:
            await self.switch_mode(mode)
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        return self.screen

    async def action_search_focus(self) -> None:
        from papermind.tui.screens.search import SearchScreen

        screen = await self.goto("search")
        assert isinstance(screen, SearchScreen)
        screen.action_focus_query()

    async def action_quiz(self, kind: str, value: int | str | bool = True) -> None:
        from papermind.tui.screens.quiz import QuizScreen

        screen = await self.goto("quiz")
        assert isinstance(screen, QuizScreen)
        label = {"due": "Due cards", "week": f"Week {value}"}.get(kind, f"Paper {value}")
        screen.start(kind, value, label)

    async def action_quiz_export(self) -> None:
        from papermind.tui.screens.quiz import QuizScreen

        screen = await self.goto("quiz")
        assert isinstance(screen, QuizScreen)
        screen.action_export_results()

    async def action_concepts(self, scope: str) -> None:
        from papermind.tui.screens.concepts import ConceptsScreen

        screen = await self.goto("concepts")
        assert isinstance(screen, ConceptsScreen)
        screen.open_scope(scope)

    async def action_instructor(self, tab: str) -> None:
        from papermind.tui.screens.instructor import InstructorScreen

        screen = await self.goto("instructor")
        assert isinstance(screen, InstructorScreen)
        screen.show_tab(tab)

    def action_agenda(self) -> None:
        from papermind.tui.screens.agenda import AgendaScreen

        self.push_screen(AgendaScreen(None))

    async def action_schedule_version(self, version: str) -> None:
        from papermind.tui.screens.schedule import ScheduleScreen

        screen = await self.goto("week")
        assert isinstance(screen, ScheduleScreen)
        screen.use_version(version)

    def action_reader_find(self) -> None:
        from papermind.tui.screens.reader import ReaderScreen

        if isinstance(self.screen, ReaderScreen):
            self.screen.action_find()

    def action_help(self) -> None:
        from papermind.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def action_ingest(self) -> None:
        from papermind.tui.screens.ingest import IngestScreen

        if self.student:
            self.notify(STUDENT_MODE_NOTE, title="papermind", severity="warning")
            return
        self.push_screen(IngestScreen(), self._after_ingest)

    def _after_ingest(self, ingested: bool | None) -> None:
        if ingested:
            self._open_store()

    def action_open_reader(self, paper_key: str, page: int = 1) -> None:
        self.post_message(OpenReader(paper_key, page))

    @on(OpenReader)
    def _open_reader(self, message: OpenReader) -> None:
        from papermind.tui.screens.reader import ReaderScreen

        self.push_screen(ReaderScreen(message.paper_key, message.page, message.terms))

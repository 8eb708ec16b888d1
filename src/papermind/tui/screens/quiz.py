"""Quiz: start for this week, a paper or the cards due; answer from the keyboard; grade at once."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (
    Button,
    Checkbox,
    ContentSwitcher,
    DataTable,
    Footer,
    Header,
    Label,
    Select,
    Static,
)

from papermind.errors import PapermindError
from papermind.tui.messages import ChoicesLoaded, Graded, OpenReader, ProgressLoaded, QuestionsLoaded
from papermind.tui.screens._choices import current_week
from papermind.tui.screens.base import PapermindScreen
from papermind.tui.widgets.answer import AnswerBox
from papermind.tui.widgets.grade import evidence_location, render_grade

if TYPE_CHECKING:
    from textual.worker import Worker

    from papermind.quiz.bank.model import Question
    from papermind.quiz.grading.rules import GradeResult


class QuizScreen(PapermindScreen):
    CSS_PATH = "quiz.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", "Submit"),
        Binding("ctrl+n", "next", "Next"),
        Binding("ctrl+e", "evidence", "Evidence"),
        Binding("ctrl+u", "undo", "Undo last"),
        Binding("ctrl+x", "export_results", "Export results"),
        Binding("escape", "stop", "Stop quiz"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.week: int | None = None
        self.label = ""
        self.questions: list[Question] = []
        self.index = 0
        self.results: list[tuple[Question, GradeResult]] = []
        self.last: GradeResult | None = None
        self.shown_at = 0.0  # monotonic time the current question was shown (answer duration)

    def compose(self) -> ComposeResult:
        yield Header()
        with ContentSwitcher(initial="start", id="switcher"):
            with Vertical(id="start"):
                with Horizontal(id="start-bar"):
                    yield Button("This week", id="start-week", variant="primary", compact=True)
                    yield Button("Due cards", id="start-due", compact=True)
                    yield Select[str]([], prompt="a paper…", id="paper", compact=True)
                    yield Checkbox(
                        "+ generated",
                        id="with-generated",
                        compact=True,
                        tooltip="Also cloze practice generated from the papers' key concepts",
                    )
                yield Label("Progress per paper", classes="pane-title")
                yield DataTable(id="progress", cursor_type="row", zebra_stripes=True)
                yield Static("", id="start-status")
            with Vertical(id="ask"):
                yield Label("", id="q-head")
                with VerticalScroll(id="q-scroll"):
                    yield Static("", id="prompt")
                    yield Vertical(id="answer-slot")
                    yield Static("", id="feedback")
            with VerticalScroll(id="summary"):
                yield Static("", id="summary-text")
                yield Button("Back to the start", id="again", compact=True)
        yield Footer()

    def refresh_from_store(self) -> None:
        self.load_start()

    def on_mount(self) -> None:
        table = self.query_one("#progress", DataTable)
        table.add_columns("Paper", "Questions", "Attempted", "Mastered", "Mean", "Due")
        self.load_start()

    # -- start panel ---------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="quiz-start", exit_on_error=False, name="start")
    def load_start(self) -> None:
        quiz = self.api.quiz
        self.post_message(ChoicesLoaded([], [], current_week(self.api, self.pm_app.today)))
        progress = quiz.progress(self.pm_app.user, self.pm_app.now)
        history = quiz.history(self.pm_app.user, limit=20)
        self.post_message(ProgressLoaded(progress, history))

    def on_choices_loaded(self, message: ChoicesLoaded) -> None:
        self.week = message.current_week
        self.query_one("#start-week", Button).label = (
            f"Week {self.week}" if self.week is not None else "This week"
        )
        self.query_one("#start-week", Button).disabled = self.week is None

    def on_progress_loaded(self, message: ProgressLoaded) -> None:
        table = self.query_one("#progress", DataTable)
        table.clear()
        for p in message.progress:
            mean = p.mean_score
            table.add_row(
                p.paper,
                str(p.questions),
                str(p.attempted),
                str(p.mastered),
                "-" if mean is None else f"{mean:.2f}",
                str(p.due),
            )
        papers = [p.paper for p in message.progress]
        self.query_one("#paper", Select).set_options((p, p) for p in papers)
        n = len(message.history)
        self.query_one("#start-status", Static).update(
            Text(f"{n} recent attempt(s). Start a quiz above (tab to move, enter to press).", style="dim")
        )

    @on(Button.Pressed, "#start-week")
    def _start_week(self) -> None:
        if self.week is not None:
            self.start("week", self.week, f"Week {self.week}", self._generated())

    @on(Button.Pressed, "#start-due")
    def _start_due(self) -> None:
        self.start("due", True, "Due cards", self._generated())

    @on(Select.Changed, "#paper")
    def _start_paper(self, event: Select.Changed) -> None:
        if event.value is not Select.BLANK:
            self.start("paper", str(event.value), f"Paper {event.value}", self._generated())

    def _generated(self) -> bool:
        """Whether to add generated cloze practice (read on the UI thread, passed to the worker)."""
        return self.query_one("#with-generated", Checkbox).value

    @work(thread=True, exclusive=True, group="quiz", exit_on_error=False, name="questions")
    def start(self, kind: str, value: int | str | bool, label: str, generated: bool = False) -> None:
        """Questions for ``kind``: "week" (``value`` the week), "paper" (its key) or "due"."""
        app = self.pm_app
        questions = self.api.quiz.questions(
            week=int(value) if kind == "week" else None,
            paper=str(value) if kind == "paper" else None,
            due=kind == "due",
            user=app.user,
            include_generated=generated,
            today=app.today,
            now=app.now,  # a fixed clock (tests, screenshots) or None: the real time
        )
        if generated:
            label += " + generated"
        self.post_message(QuestionsLoaded(label, questions))

    def on_questions_loaded(self, message: QuestionsLoaded) -> None:
        if not message.questions:
            self.notify(f"No questions for {message.label}", severity="warning")
            return
        self.label, self.questions, self.index, self.results = message.label, message.questions, 0, []
        self.query_one("#switcher", ContentSwitcher).current = "ask"
        self.show_question()

    # -- asking --------------------------------------------------------------------------------
    def show_question(self) -> None:
        q = self.questions[self.index]
        self.last = None
        head = Text(f"{self.label} · {self.index + 1}/{len(self.questions)}", style="bold")
        head.append(f"  {q.paper or ''} · {q.type}", style="dim")
        self.query_one("#q-head", Label).update(head)
        prompt = Text(q.prompt.strip())
        if q.type == "cloze" and q.text:
            prompt.append("\n\n" + q.text.strip(), style="italic")
        self.query_one("#prompt", Static).update(prompt)
        self.query_one("#feedback", Static).update("")
        slot = self.query_one("#answer-slot", Vertical)
        slot.remove_children()
        slot.mount(AnswerBox(q))
        self.shown_at = time.monotonic()
        self.query_one("#q-scroll", VerticalScroll).scroll_home(animate=False)

    def action_submit(self) -> None:
        for box in self.query(AnswerBox):
            box.submit()

    @on(AnswerBox.Submitted)
    def _submitted(self, event: AnswerBox.Submitted) -> None:
        box = self.query_one(AnswerBox)
        box.freeze()
        self.query_one("#feedback", Static).update(Text("Grading…", style="dim"))
        self.grade(box.question, event.answer, time.monotonic() - self.shown_at)

    @work(thread=True, exclusive=True, group="grade", exit_on_error=False, name="grade")
    def grade(self, question: Question, answer: object, duration_s: float | None = None) -> None:
        result = self.api.quiz.grade(
            question.id, answer, user=self.pm_app.user, now=self.pm_app.now, duration_s=duration_s
        )
        self.post_message(Graded(question, answer, result))

    def on_graded(self, message: Graded) -> None:
        self.last = message.result
        self.results.append((message.question, message.result))
        text = render_grade(message.result)
        last = self.index + 1 >= len(self.questions)
        text.append("\n\nctrl+n: " + ("see the summary" if last else "next question"), style="dim")
        self.query_one("#feedback", Static).update(text)
        self.query_one("#q-scroll", VerticalScroll).scroll_end(animate=False)
        self.query_one("#q-scroll").focus()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        super().on_worker_state_changed(event)
        if event.worker.name == "grade" and event.worker.error is not None:
            for box in self.query(AnswerBox):  # let the user fix a malformed answer
                box.answered = False
                for w in box.query("#choices, #multi, #text-answer"):
                    w.disabled = False
                box.focus_input()
            self.query_one("#feedback", Static).update(Text(_message(event.worker.error), style="red"))

    def action_next(self) -> None:
        if self.query_one("#switcher", ContentSwitcher).current != "ask" or self.last is None:
            return
        self.index += 1
        if self.index >= len(self.questions):
            self.show_summary()
        else:
            self.show_question()

    def action_evidence(self) -> None:
        loc = evidence_location(self.last) if self.last is not None else None
        if loc is None or self.last is None or self.last.evidence is None:
            self.notify("No evidence page for this question", severity="warning")
            return
        quote = self.last.evidence.quote or ""
        terms = (quote[:60],) if quote else ()
        self.post_message(OpenReader(loc[0], loc[1], terms))

    def action_export_results(self) -> None:
        from papermind.quiz.review.attempts import default_user
        from papermind.tui.screens.export_results import ExportResultsScreen

        self.app.push_screen(ExportResultsScreen(self.pm_app.user, self.pm_app.user or default_user()))

    def action_undo(self) -> None:
        self.undo()

    @work(thread=True, exclusive=True, group="grade", exit_on_error=False, name="undo")
    def undo(self) -> None:
        undone = self.api.quiz.undo_last(self.pm_app.user)
        what = f"Undid the answer to {undone.question_id}" if undone else "Nothing to undo"
        self.app.call_from_thread(self.notify, what)

    def action_stop(self) -> None:
        if self.query_one("#switcher", ContentSwitcher).current != "start":
            if self.results:
                self.show_summary()
            else:
                self._back()

    # -- summary -------------------------------------------------------------------------------
    def show_summary(self) -> None:
        n = len(self.results)
        total = sum(r.score for _, r in self.results)
        right = sum(r.correct for _, r in self.results)
        text = Text(
            f"{self.label}: {right}/{n} correct · mean score {total / n if n else 0:.2f}\n\n", style="bold"
        )
        for q, r in self.results:
            ok = r.correct
            text.append("✔ " if ok else "✘ ", style="green" if ok else "red")
            text.append(f"{q.id}  ", style="dim")
            text.append(f"{q.prompt.strip()[:70]}\n")
        text.append("\nYour answers and review schedule are saved.", style="dim")
        self.query_one("#summary-text", Static).update(text)
        self.query_one("#switcher", ContentSwitcher).current = "summary"
        self.query_one("#again", Button).focus()

    @on(Button.Pressed, "#again")
    def _back(self) -> None:
        self.questions, self.results = [], []
        self.query_one("#switcher", ContentSwitcher).current = "start"
        self.load_start()


def _message(error: BaseException | None) -> str:
    """What a failed grade says: a PapermindError's message, else the exception's text."""
    return error.message if isinstance(error, PapermindError) else str(error)

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
from papermind.tui.messages import (
    ChoicesLoaded,
    Graded,
    Judged,
    OpenReader,
    ProgressLoaded,
    QuestionsLoaded,
    Undone,
)
from papermind.tui.screens._choices import current_week
from papermind.tui.screens.base import PapermindScreen
from papermind.tui.widgets.answer import AnswerBox
from papermind.tui.widgets.grade import RATINGS, evidence_location, headline, render_grade

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
        Binding("1", "judge('missed')", "Missed it", show=False),
        Binding("2", "judge('partly')", "Partly", show=False),
        Binding("3", "judge('had')", "Had it", show=False),
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
        table.add_columns("Paper", "Questions", "Attempted", "Mastered", "Mean", "To do")
        self.load_start()

    # -- start panel ---------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="quiz-start", exit_on_error=False, name="start")
    def load_start(self) -> None:
        quiz = self.api.quiz
        self.post_message(ChoicesLoaded([], [], current_week(self.api, self.pm_app.today)))
        app = self.pm_app
        progress = quiz.progress(app.user, app.now)
        history = quiz.history(app.user, limit=20)
        forecast = quiz.forecast(app.user, now=app.now)
        self.post_message(ProgressLoaded(progress, history, forecast))

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
        status = Text(
            f"{n} recent attempt(s). Start a quiz above (tab to move, enter to press).", style="dim"
        )
        fc = message.forecast
        if fc is not None:
            coming = " · ".join(
                f"{'today' if i == 0 else format(d.date, '%a')} {d.due}" for i, d in enumerate(fc.days)
            )
            status.append(f"\nReviews due: {coming}", style="")
            status.append(
                f"\nNew today: {fc.new_today} of {fc.new_limit} a day ({fc.new_available} never answered)",
                style="",
            )
        self.query_one("#start-status", Static).update(status)

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
        # choices in this user's own order (the same at every review)
        self.post_message(QuestionsLoaded(label, [self.api.quiz.present(q, app.user) for q in questions]))

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
        # the presented question itself (its letters, its order), not its id
        result = self.api.quiz.grade(
            question, answer, user=self.pm_app.user, now=self.pm_app.now, duration_s=duration_s
        )
        self.post_message(Graded(question, answer, result))

    def on_graded(self, message: Graded) -> None:
        self.last = message.result
        self.results.append((message.question, message.result))
        self.pm_app.quiz_generation += 1  # other screens' quiz counts are stale now
        self.show_feedback()
        # the verdict line at the top of the view (scrolling to the end hid it under long feedback)
        scroll = self.query_one("#q-scroll", VerticalScroll)
        scroll.focus()
        self.call_after_refresh(scroll.scroll_to_widget, self.query_one("#feedback"), top=True, animate=False)

    def show_feedback(self) -> None:
        if self.last is None:
            return
        text = render_grade(self.last)
        last = self.index + 1 >= len(self.questions)
        text.append("\nctrl+n: " + ("see the summary" if last else "next question"), style="dim")
        text.append(" · ctrl+u: undo and answer again", style="dim")
        self.query_one("#feedback", Static).update(text)

    # -- the student's own judgement ------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "judge":
            return self.last is not None and self.query_one("#switcher", ContentSwitcher).current == "ask"
        return True

    def action_judge(self, rating: str) -> None:
        if self.last is None:
            return
        self.judge(self.results[-1][0], rating)

    @work(thread=True, exclusive=True, group="grade", exit_on_error=False, name="judge")
    def judge(self, question: Question, rating: str) -> None:
        info = self.api.quiz.judge(question.id, rating, self.pm_app.user)
        self.post_message(Judged(question, rating, info))

    def on_judged(self, message: Judged) -> None:
        if not self.results or self.last is None:
            return
        info = message.info
        self.last.details.setdefault("auto_score", self.last.score)
        self.last.score, self.last.correct = info.score, info.correct
        self.last.points = round(self.last.score * self.last.max_points, 4)
        self.last.details["judged"] = message.rating
        self.last.details["due"] = info.due.isoformat() if info.due else None
        self.pm_app.quiz_generation += 1
        self.show_feedback()
        label = dict(RATINGS)[message.rating]
        over = " (overruling the grader)" if info.overruled else ""
        self.notify(f"Recorded: {label}{over}")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        super().on_worker_state_changed(event)
        if event.worker.name == "grade" and event.worker.error is not None:
            for box in self.query(AnswerBox):  # let the user fix a malformed answer
                box.thaw()
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
        self.post_message(Undone(self.api.quiz.undo_last(self.pm_app.user)))

    def on_undone(self, message: Undone) -> None:
        """Take the answer out of this quiz's results and ask that question again."""
        if message.info is None:
            self.notify("Nothing to undo")
            return
        qid = message.info.question_id
        self.pm_app.quiz_generation += 1
        self.notify(f"Undid the answer to {qid}: answer it again")
        at = next((i for i in range(len(self.results) - 1, -1, -1) if self.results[i][0].id == qid), None)
        if at is None:
            return  # an answer from before this quiz
        self.results.pop(at)
        where = next((i for i, q in enumerate(self.questions) if q.id == qid), None)
        if where is None:
            return
        switcher = self.query_one("#switcher", ContentSwitcher)
        boxes = self.query(AnswerBox)
        if where == self.index and switcher.current == "ask" and boxes:
            self.last = None  # the question on screen: answer again, the previous answer kept to edit
            self.shown_at = time.monotonic()
            self.query_one("#feedback", Static).update("")
            boxes.first().thaw()
            return
        self.index = where
        switcher.current = "ask"
        self.show_question()

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
        right = sum(r.score >= 1.0 for _, r in self.results)
        partly = sum(0 < r.score < 1.0 for _, r in self.results)
        text = Text(
            f"{self.label}: {right} of {n} right, {partly} partly · score {total:.2f} of {n}\n\n",
            style="bold",
        )
        for q, r in self.results:
            label, style = headline(r)
            text.append(label.split(":")[0], style=style)
            text.append(f"  {q.id}\n", style="dim")
            text.append(f"   {q.prompt.strip()}\n")
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

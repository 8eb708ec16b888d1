"""The Instructor screen's "Class results" tab: import the students' hand-ins and see the class
statistics (per question, week quiz, student and concept). Every call runs in a thread worker."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, DataTable, Input, Static

from papermind.errors import NotFoundError

if TYPE_CHECKING:
    from papermind.classroom.service import ImportReport
    from papermind.classroom.stats import ClassStats
    from papermind.tui.app import PapermindApp


@dataclass
class ClassData:
    stats: ClassStats | None
    imported: ImportReport | None = None
    empty: str = ""  # why there are no statistics (nothing imported, no questions that week)


class ClassLoaded(Message):
    def __init__(self, data: ClassData) -> None:
        super().__init__()
        self.data = data


# how each imported file's status is shown: a mark and a style
FILE_STATUS = {  # in the order they are listed
    "failed": ("✗", "red"),
    "older": ("↶", "yellow"),
    "added": ("✓", "green"),
    "replaced": ("✓", "green"),
    "unchanged": ("=", "dim"),
}


def _f(x: float | None, fmt: str = ".2f") -> str:
    return "-" if x is None else format(x, fmt)


class ClassResults(Vertical):
    def compose(self) -> ComposeResult:
        with Horizontal(classes="io-row"):
            yield Input(
                placeholder="hand-ins: files, folders, a zip",
                id="class-paths",
                tooltip="Students' results files, folders of them, or a Canvas submissions zip",
            )
            yield Input(placeholder="week", id="class-week", type="integer")
            yield Button("Import", id="class-import", compact=True)
            yield Button("Refresh", id="class-refresh", compact=True)
            yield Button("Agenda", id="class-agenda", compact=True)
        yield Static("", id="class-summary")
        yield DataTable(id="class-questions", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="class-lower"):
            yield DataTable(id="class-weeks", cursor_type="row")
            yield DataTable(id="class-students", cursor_type="row", zebra_stripes=True)
            yield DataTable(id="class-concepts", cursor_type="row")

    @property
    def pm_app(self) -> PapermindApp:
        return self.app  # type: ignore[return-value]

    def on_mount(self) -> None:
        self.query_one("#class-questions", DataTable).add_columns(
            "Question", "Students", "Facility", "Discr.", "Overruled", "Picks", "Flags"
        )
        self.query_one("#class-weeks", DataTable).add_columns("Week", "Qs", "n", "KR-20", "Alpha")
        self.query_one("#class-students", DataTable).add_columns("Student", "Tried", "1st try", "Overdue")
        self.query_one("#class-concepts", DataTable).add_columns("Concept", "Mastery", "n")
        self.load()

    def _week(self) -> int | None:
        value = self.query_one("#class-week", Input).value.strip()
        return int(value) if value else None

    @on(Button.Pressed, "#class-refresh")
    @on(Input.Submitted, "#class-week")
    def refresh_stats(self) -> None:
        self.load(week=self._week())

    @on(Button.Pressed, "#class-agenda")
    def open_agenda(self) -> None:
        """The week's discussion agenda (the week typed here, else this week)."""
        from papermind.tui.screens.agenda import AgendaScreen

        self.app.push_screen(AgendaScreen(self._week()))

    @on(Button.Pressed, "#class-import")
    @on(Input.Submitted, "#class-paths")
    def _import(self) -> None:
        paths = self.query_one("#class-paths", Input).value.split()
        if paths:
            self.query_one("#class-summary", Static).update(Text("Importing…", style="dim"))
            self.load(paths=paths, week=self._week())

    @work(thread=True, exclusive=True, group="class", exit_on_error=False, name="class")
    def load(self, paths: list[str] | None = None, week: int | None = None) -> None:
        classroom = self.pm_app.api.classroom
        imported = classroom.import_results([Path(p).expanduser() for p in paths]) if paths else None
        try:
            data = ClassData(classroom.stats(week=week, now=self.pm_app.now), imported)
        except NotFoundError as exc:
            data = ClassData(None, imported, exc.message + (f": {exc.hint}" if exc.hint else ""))
        self.post_message(ClassLoaded(data))

    def on_class_loaded(self, message: ClassLoaded) -> None:
        data = message.data
        summary = Text()
        if data.imported is not None:
            rep = data.imported
            summary.append(
                f"Imported: {rep.count('added')} added, {rep.count('replaced')} replaced, "
                f"{rep.count('unchanged')} unchanged, {rep.count('older')} older, "
                f"{rep.count('failed')} failed\n",
                style="bold red" if not rep.ok else "bold",
            )
            # every file with its status, as the CLI lists them; failures first (the pane is short)
            for f in sorted(
                rep.files, key=lambda f: list(FILE_STATUS).index(f.status) if f.status in FILE_STATUS else 0
            ):
                mark, style = FILE_STATUS.get(f.status, ("·", ""))
                summary.append(f"{mark} {Path(f.name).name}: {f.status}", style=style)
                summary.append(f": {f.reason}\n" if f.reason else "\n", style=style)
        tables = [
            self.query_one(f"#class-{t}", DataTable) for t in ("questions", "weeks", "students", "concepts")
        ]
        for t in tables:
            t.clear()
        st = data.stats
        if st is None:
            summary.append(data.empty, style="dim")
            self.query_one("#class-summary", Static).update(summary)
            return
        summary.append(
            f"{st.students} student(s), first tries; flags need ≥ {st.min_students} students. ", style="bold"
        )
        answered = [q for q in st.questions if q.students]
        practised = [c for c in st.concepts if c.students]
        if len(answered) < len(st.questions):
            summary.append(
                f"{len(st.questions) - len(answered)} question(s) nobody answered are not listed. ",
                style="dim",
            )
        summary.append(st.note, style="dim")
        self.query_one("#class-summary", Static).update(summary)
        questions, weeks, students, concepts = tables
        for q in answered:
            questions.add_row(
                q.id,
                str(q.students),
                _f(q.facility),
                _f(q.discrimination, "+.2f"),
                _f(q.overrule_rate, ".0%"),
                " ".join(f"{k}:{v:.0%}" for k, v in q.pick_rates.items()),
                Text(", ".join(q.flags), style="yellow"),
            )
        for z in st.quizzes:
            weeks.add_row(str(z.week), str(z.questions), str(z.students), _f(z.kr20), _f(z.alpha))
        for p in st.per_student:
            students.add_row(p.name, str(p.attempted), _f(p.first_try_score), str(p.overdue))
        for c in practised:
            concepts.add_row(c.concept[:28], _f(c.mastery), str(c.students))

"""Export your quiz results to a file to hand in (the dialog behind the quiz screen's ctrl+x);
the export runs in a thread worker."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static
from textual.worker import Worker, WorkerState

from papermind.errors import PapermindError

if TYPE_CHECKING:
    from papermind.classroom.export import ExportReport
    from papermind.tui.app import PapermindApp


class ResultsExported(Message):
    def __init__(self, report: ExportReport) -> None:
        super().__init__()
        self.report = report


def default_results_path(name: str) -> Path:
    """Where the file goes unless the student says otherwise: their Documents folder when it
    exists (where a browser's upload dialog finds it), else their home; never the folder the app
    was started from (a repository, say). Named after the student so hand-ins do not collide."""
    home = Path.home()
    folder = home / "Documents" if (home / "Documents").is_dir() else home
    safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in name).strip("-.") or "results"
    return folder / f"papermind-results-{safe}.json"


class ExportResultsScreen(ModalScreen[None]):
    CSS_PATH = "export_results.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close")]

    def __init__(self, user: str | None, default_name: str) -> None:
        super().__init__()
        self.user = user
        self.default_name = default_name

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Export your results to hand in", classes="pane-title")
            yield Static(
                "One file with your answers and scores, to upload where your instructor asks (Canvas). "
                "Use a pseudonym if you prefer.",
                id="explain",
            )
            with Horizontal(classes="field"):
                yield Label("Name on the file", classes="field-label")
                yield Input(self.default_name, placeholder="your name or a pseudonym", id="name")
            with Horizontal(classes="field"):
                yield Label("File to write", classes="field-label")
                yield Input(
                    str(default_results_path(self.default_name)), placeholder="a .json file", id="path"
                )
            with Horizontal(classes="field"):
                yield Label("Week", classes="field-label")
                yield Input("", placeholder="empty: every week", id="week", type="integer")
            with Horizontal(id="buttons"):
                yield Button("Export", id="go", variant="primary")
                yield Button("Close", id="close")
            yield Static("", id="log")

    @property
    def pm_app(self) -> PapermindApp:
        return self.app  # type: ignore[return-value]

    @on(Input.Submitted)
    @on(Button.Pressed, "#go")
    def _go(self) -> None:
        name = self.query_one("#name", Input).value.strip()
        path = self.query_one("#path", Input).value.strip()
        week = self.query_one("#week", Input).value.strip()
        if not path:
            self.query_one("#log", Static).update("Give a file to write.")
            return
        self.query_one("#go", Button).disabled = True
        self.query_one("#log", Static).update("Exporting…")
        self.export(name or None, path, int(week) if week else None)

    @work(thread=True, exclusive=True, exit_on_error=False, name="export-results")
    def export(self, name: str | None, path: str, week: int | None) -> None:
        report = self.pm_app.api.classroom.export_results(
            Path(path).expanduser(), user=self.user, week=week, name=name, now=self.pm_app.now
        )
        self.post_message(ResultsExported(report))

    def on_results_exported(self, message: ResultsExported) -> None:
        r = message.report
        text = f"Wrote {r.attempts} answer(s) to {r.questions} question(s) as {r.student!r} to {r.path}."
        if r.left_out:
            text += f"\nLeft out {r.left_out} answer(s) to questions no bank here holds."
        self.query_one("#log", Static).update(text)
        self.query_one("#go", Button).disabled = False

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.state == WorkerState.ERROR:
            self.query_one("#go", Button).disabled = False
            err = event.worker.error
            if isinstance(err, PapermindError):
                text = f"Failed: {err.message}" + (f"\n{err.hint}" if err.hint else "")
            else:
                text = f"Failed: {type(err).__name__}: {err}"
            self.query_one("#log", Static).update(text)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)

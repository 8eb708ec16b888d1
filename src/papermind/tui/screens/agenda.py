"""The Instructor's discussion agenda for one week (``papermind class agenda`` in the app): the
week's most-missed questions with what students answered instead, the weakest concepts and the
pages to open, as Markdown. ``ctrl+s`` saves it for Canvas or Ed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Markdown, Static

from papermind.errors import PapermindError

if TYPE_CHECKING:
    from papermind.tui.app import PapermindApp


class AgendaBuilt(Message):
    def __init__(self, markdown: str | None, error: str = "", saved: Path | None = None) -> None:
        super().__init__()
        self.markdown = markdown
        self.error = error
        self.saved = saved


class AgendaScreen(ModalScreen[None]):
    CSS_PATH = "agenda.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(self, week: int | None) -> None:
        super().__init__()
        self.week = week  # None: this week, looked up in the worker
        self.replace_ok: Path | None = None  # a file the instructor was told exists and saves again

    @property
    def pm_app(self) -> PapermindApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Vertical(id="agenda-box"):
            yield Static("Building the discussion agenda…", id="agenda-status")
            with VerticalScroll(id="agenda-scroll"):
                yield Markdown("", id="agenda-md")
            with Horizontal(classes="io-row"):
                yield Input(placeholder="agenda.md", id="agenda-path")
                yield Button("Save", id="agenda-save", compact=True)

    def on_mount(self) -> None:
        self.build()

    @on(Button.Pressed, "#agenda-save")
    @on(Input.Submitted, "#agenda-path")
    def action_save(self) -> None:
        value = self.query_one("#agenda-path", Input).value.strip()
        if not value:
            return
        path = Path(value).expanduser()
        if path.is_file() and path != self.replace_ok:
            self.replace_ok = path
            self.query_one("#agenda-status", Static).update(f"{path} exists: save again to replace it.")
            return
        self.build(path)

    @work(thread=True, exclusive=True, group="agenda", exit_on_error=False, name="agenda")
    def build(self, path: Path | None = None) -> None:
        from papermind.tui.screens._choices import current_week

        api = self.pm_app.api
        if self.week is None:
            self.week = current_week(api, self.pm_app.today)
        if self.week is None:
            self.post_message(
                AgendaBuilt(None, "today is outside the term: type a week on the Class results tab")
            )
            return
        try:
            agenda = api.classroom.agenda(self.week, path=path, force=path is not None, now=self.pm_app.now)
        except PapermindError as exc:
            self.post_message(AgendaBuilt(None, exc.message + (f": {exc.hint}" if exc.hint else "")))
            return
        self.post_message(AgendaBuilt(agenda.markdown, saved=path))

    def on_agenda_built(self, message: AgendaBuilt) -> None:
        status = self.query_one("#agenda-status", Static)
        if message.markdown is None:
            status.update(f"Week {self.week}: {message.error}" if self.week else message.error)
            return
        self.query_one("#agenda-md", Markdown).update(message.markdown)
        path_input = self.query_one("#agenda-path", Input)
        if not path_input.value:
            path_input.value = f"agenda-week{self.week}.md"
        saved = f"Saved to {message.saved}. " if message.saved else ""
        status.update(f"{saved}ctrl+s saves it (Markdown for Canvas or Ed); escape closes.")

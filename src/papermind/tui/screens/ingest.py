"""Ingest PDFs (a folder, a file or several), with a progress bar; the work runs in a thread worker."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, ProgressBar, Static
from textual.worker import Worker, WorkerState

from papermind.errors import PapermindError
from papermind.tui.messages import IngestDone, IngestProgress
from papermind.tui.student import refuse_files

if TYPE_CHECKING:
    from papermind.ingest.pipeline import ProgressEvent
    from papermind.tui.app import PapermindApp


def describe_event(event: ProgressEvent) -> tuple[int | None, int | None, str]:
    """(files done, files total, label) from the pipeline's progress event."""
    name = Path(event.path).name if event.path else ""
    if event.stage == "pages":
        label = f"{name}: {event.pages_total} pages"
    elif event.stage == "chunks":
        label = f"{name}: embedding {event.chunks_done}/{event.chunks_total} chunks"
    elif event.stage == "failed":
        label = f"✗ {event.message or name}"
    elif event.stage == "concepts":
        label = event.message
    else:
        label = f"{event.stage} {name}".strip()
    return event.files_done, event.files_total or None, label


def parse_paths(text: str) -> list[Path]:
    """The paths typed in the field: the whole text when it names an existing path (spaces and
    all), else shell-like words (quote a path with spaces), each with ``~`` expanded."""
    import shlex

    text = text.strip()
    if not text:
        return []
    whole = Path(text).expanduser()
    if whole.exists():
        return [whole]
    try:
        words = shlex.split(text)
    except ValueError as err:  # an unclosed quote
        raise PapermindError(f"cannot read the paths: {err}", "quote a path that has spaces") from err
    return [Path(w).expanduser() for w in words]


class IngestScreen(ModalScreen[bool]):
    CSS_PATH = "ingest.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close")]

    def __init__(self, folder: str | None = None) -> None:
        super().__init__()
        self.folder = folder
        self.ingested = False

    @property
    def pm_app(self) -> PapermindApp:
        from papermind.tui.app import PapermindApp

        assert isinstance(self.app, PapermindApp)  # this dialog only runs inside it
        return self.app

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(
                "Ingest PDFs: a folder, a PDF file, or several (space-separated)", classes="pane-title"
            )
            default = self.folder or str(self.pm_app.api.settings.corpus_dir / "papers")
            # the default is selected when the field takes focus, so typing replaces it
            yield Input(default, placeholder="folder or PDF file(s)", id="folder", select_on_focus=True)
            yield Checkbox("Replace papers whose file has changed", id="replace")
            with Horizontal(id="buttons"):
                yield Button("Ingest", id="go", variant="primary")
                yield Button("Close", id="close")
            yield ProgressBar(id="bar", show_eta=False)
            yield Static("", id="log")

    def on_mount(self) -> None:
        field = self.query_one("#folder", Input)
        field.focus()
        field.select_all()

    @on(Input.Submitted, "#folder")
    @on(Button.Pressed, "#go")
    def _go(self) -> None:
        folder = self.query_one("#folder", Input).value.strip()
        if not folder:
            return
        self.query_one("#go", Button).disabled = True
        self.query_one("#log", Static).update("Starting…")
        self.ingest(folder, self.query_one("#replace", Checkbox).value)

    @work(thread=True, exclusive=True, exit_on_error=False, name="ingest")
    def ingest(self, folder: str, replace: bool = False) -> None:
        refuse_files(self.app)
        paths = parse_paths(folder)
        from papermind.ingest.pipeline import collect

        pdfs, missing = collect(paths)  # what the pipeline will take (recursive, any case of .pdf)
        if missing:
            raise PapermindError(
                missing[0].reason or f"{missing[0].path}: not found", "give a folder, a PDF file or several"
            )
        if not pdfs:
            raise PapermindError(
                f"no PDF files in {' '.join(map(str, paths))}",
                "give a folder that holds PDF files, or PDF files",
            )
        self.post_message(IngestProgress(0, len(pdfs), f"{len(pdfs)} PDFs"))

        def progress(event: ProgressEvent) -> None:
            done, total, label = describe_event(event)
            self.post_message(IngestProgress(done if done is not None else -1, total, label))

        report = self.pm_app.api.ingest(paths, progress=progress, replace=replace)
        self.post_message(IngestDone(report))

    def on_ingest_progress(self, message: IngestProgress) -> None:
        bar = self.query_one("#bar", ProgressBar)
        if message.total:
            bar.update(total=message.total)
        if message.done >= 0:
            bar.update(progress=message.done)
        self.query_one("#log", Static).update(message.label)

    def on_ingest_done(self, message: IngestDone) -> None:
        self.ingested = True
        bar = self.query_one("#bar", ProgressBar)
        if bar.total:
            bar.update(progress=bar.total)
        report = message.report
        c = report.counts()
        text = (
            f"Done: {c['ingested']} added, {c['replaced']} replaced, {c['skipped']} unchanged, "
            f"{c['failed']} failed in {report.seconds:.0f} s"
        )
        text += "".join(f"\n✗ {f.reason}" for f in report.failed)
        self.query_one("#log", Static).update(text)
        self.query_one("#go", Button).disabled = False

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.state == WorkerState.ERROR:
            self.query_one("#go", Button).disabled = False
            err = event.worker.error
            msg = err.message if isinstance(err, PapermindError) else str(err)
            self.query_one("#log", Static).update(f"Failed: {msg}")
        self.pm_app.report_worker(event.worker)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(self.ingested)

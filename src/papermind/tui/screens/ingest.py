"""Ingest a folder of PDFs, with a progress bar; the work runs in a thread worker."""

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
            yield Label("Ingest a folder of PDFs", classes="pane-title")
            yield Input(self.folder or "", placeholder="folder with PDFs", id="folder")
            yield Checkbox("Replace papers whose file has changed", id="replace")
            with Horizontal(id="buttons"):
                yield Button("Ingest", id="go", variant="primary")
                yield Button("Close", id="close")
            yield ProgressBar(id="bar", show_eta=False)
            yield Static("", id="log")

    def on_mount(self) -> None:
        if not self.folder:
            papers = self.pm_app.api.settings.corpus_dir / "papers"
            self.query_one("#folder", Input).value = str(papers)

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
        path = Path(folder).expanduser()
        if not path.is_dir():
            raise PapermindError(f"{path} is not a folder", "give a folder that holds PDF files")
        from papermind.ingest.pipeline import collect

        pdfs, _ = collect([path])  # what the pipeline will take (recursive, any case of .pdf)
        if not pdfs:
            raise PapermindError(f"no PDF files in {path}", "give a folder that holds PDF files")
        self.post_message(IngestProgress(0, len(pdfs), f"{len(pdfs)} PDFs"))

        def progress(event: ProgressEvent) -> None:
            done, total, label = describe_event(event)
            self.post_message(IngestProgress(done if done is not None else -1, total, label))

        report = self.pm_app.api.ingest([path], progress=progress, replace=replace)
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

"""Ingest a folder of PDFs, with a progress bar; the work runs in a thread worker."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, ProgressBar, Static
from textual.worker import Worker, WorkerState

from papermind.errors import PapermindError
from papermind.tui import calls
from papermind.tui.calls import field
from papermind.tui.messages import IngestDone, IngestProgress


def describe_event(event: Any) -> tuple[int | None, int | None, str]:
    """(done, total, label) from a progress event of any reasonable shape."""
    if isinstance(event, str):
        return None, None, event
    if isinstance(event, tuple) and len(event) >= 2 and all(isinstance(x, int) for x in event[:2]):
        return event[0], event[1], " ".join(str(x) for x in event[2:])
    done = field(event, "done", "index", "current", "completed")
    total = field(event, "total", "of")
    parts = [str(x) for x in (field(event, "stage", "kind", "phase"), field(event, "key", "paper", "path", "file"), field(event, "message")) if x]
    return (done if isinstance(done, int) else None, total if isinstance(total, int) else None,
            " ".join(parts) or str(event))


class IngestScreen(ModalScreen[bool]):
    CSS_PATH = "ingest.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close")]

    def __init__(self, folder: str | None = None) -> None:
        super().__init__()
        self.folder = folder
        self.ingested = False

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Ingest a folder of PDFs", classes="pane-title")
            yield Input(self.folder or "", placeholder="folder with PDFs", id="folder")
            with Horizontal(id="buttons"):
                yield Button("Ingest", id="go", variant="primary")
                yield Button("Close", id="close")
            yield ProgressBar(id="bar", show_eta=False)
            yield Static("", id="log")

    def on_mount(self) -> None:
        if not self.folder:
            papers = Path(self.app.api.settings.corpus_dir) / "papers"  # type: ignore[attr-defined]
            self.query_one("#folder", Input).value = str(papers)

    @on(Input.Submitted, "#folder")
    @on(Button.Pressed, "#go")
    def _go(self) -> None:
        folder = self.query_one("#folder", Input).value.strip()
        if not folder:
            return
        self.query_one("#go", Button).disabled = True
        self.query_one("#log", Static).update("Starting…")
        self.ingest(folder)

    @work(thread=True, exclusive=True, exit_on_error=False, name="ingest")
    def ingest(self, folder: str) -> None:
        ingest = calls.method(self.app.api, "library", "ingest")  # type: ignore[attr-defined]
        path = Path(folder).expanduser()
        if not path.is_dir():
            raise PapermindError(f"{path} is not a folder", "give a folder that holds PDF files")
        pdfs = sorted(path.glob("*.pdf"))
        if not pdfs:
            raise PapermindError(f"no PDF files in {path}", "give a folder that holds PDF files")
        self.post_message(IngestProgress(0, len(pdfs), f"{len(pdfs)} PDFs"))

        def progress(event: Any) -> None:
            done, total, label = describe_event(event)
            self.post_message(IngestProgress(done if done is not None else -1, total, label))

        report = ingest(pdfs, progress=progress)
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
        summary = field(report, "summary")
        text = summary() if callable(summary) else None
        if text is None:
            added = field(report, "added", "ingested", default=[])
            skipped = field(report, "skipped", default=[])
            failed = field(report, "failed", "errors", default=[])
            text = f"Done: {len(added or [])} added, {len(skipped or [])} skipped, {len(failed or [])} failed"
        self.query_one("#log", Static).update(str(text))
        self.query_one("#go", Button).disabled = False

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.state == WorkerState.ERROR:
            self.query_one("#go", Button).disabled = False
            err = event.worker.error
            msg = getattr(err, "message", str(err))
            self.query_one("#log", Static).update(f"Failed: {msg}")
        self.app.report_worker(event.worker)  # type: ignore[attr-defined]

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(self.ingested)

"""Instructor: bank check results (file:line), item statistics, import/export of banks."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import (
    Button,
    DataTable,
    Footer,
    Header,
    Input,
    Label,
    Select,
    Static,
    TabbedContent,
    TabPane,
)

from papermind.tui import calls
from papermind.tui.calls import field
from papermind.tui.messages import InstructorLoaded
from papermind.tui.screens.base import PapermindScreen

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "note": "dim"}
EXPORTERS = {
    "gift": ("papermind.quiz.interchange.gift", "export_gift"),
    "qti": ("papermind.quiz.interchange.qti", "export_qti"),
    "anki": ("papermind.quiz.interchange.anki", "export_anki"),
}


def _fmt(x: Any) -> str:
    return "-" if x is None else (f"{x:.2f}" if isinstance(x, float) else str(x))


def _tool(module: str, name: str) -> Any:
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as exc:
        raise calls.NotAvailable(
            f"{module}.{name} is not available yet", "this part of papermind is still being written"
        ) from exc


class InstructorScreen(PapermindScreen):
    CSS_PATH = "instructor.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "check", "Run check"),
        Binding("ctrl+s", "stats", "Item stats"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="tabs"):
            with TabPane("Bank check", id="tab-check"):
                yield Static("Checking the banks…", id="check-summary")
                yield DataTable(id="check", cursor_type="row", zebra_stripes=True)
                yield Static("", id="check-detail")
            with TabPane("Item statistics", id="tab-stats"):
                yield Static("", id="stats-summary")
                yield DataTable(id="stats", cursor_type="row", zebra_stripes=True)
            with TabPane("Import / export", id="tab-io"):
                with Vertical(id="io"):
                    yield Label("Import a GIFT file into a TOML bank", classes="pane-title")
                    with Horizontal(classes="io-row"):
                        yield Input(placeholder="source.gift", id="import-src")
                        yield Input(placeholder="quizzes/new.toml", id="import-out")
                        yield Button("Import", id="import", compact=True)
                    yield Label("Export banks (names or files, space separated)", classes="pane-title")
                    with Horizontal(classes="io-row"):
                        yield Input(placeholder="bert attention", id="export-banks")
                        yield Input(placeholder="out.gift", id="export-out")
                        yield Select(
                            [(k, k) for k in EXPORTERS],
                            value="gift",
                            id="export-fmt",
                            allow_blank=False,
                            compact=True,
                        )
                        yield Button("Export", id="export", compact=True)
                    yield Static("", id="io-status")
        yield Footer()

    def on_mount(self) -> None:
        check = self.query_one("#check", DataTable)
        check.add_columns("Severity", "Where", "Question", "Problem")
        stats = self.query_one("#stats", DataTable)
        stats.add_columns("Question", "Paper", "Type", "Attempts", "Users", "Facility", "Discr.", "Flags")
        self.action_check()
        self.action_stats()

    def show_tab(self, tab: str) -> None:
        """Bring a tab forward (the palette's "Instructor: …" commands)."""
        self.query_one("#tabs", TabbedContent).active = tab
        if tab == "tab-check":
            self.action_check()
        elif tab == "tab-io":
            self.query_one("#export-banks", Input).focus()

    def action_check(self) -> None:
        self.query_one("#check-summary", Static).update("Checking the banks…")
        self.run_check()

    def action_stats(self) -> None:
        self.run_stats()

    @work(thread=True, exclusive=True, group="check", exit_on_error=False, name="check")
    def run_check(self) -> None:
        self.post_message(InstructorLoaded("check", calls.method(self.api, "quiz", "check")(None)))

    @work(thread=True, exclusive=True, group="stats", exit_on_error=False, name="stats")
    def run_stats(self) -> None:
        self.post_message(InstructorLoaded("stats", calls.method(self.api, "quiz", "stats")()))

    def show_unavailable(self, worker_name: str, error: calls.NotAvailable) -> None:
        target = {"check": "#check-summary", "stats": "#stats-summary"}.get(worker_name, "#io-status")
        self.query_one(target, Static).update(
            Text.assemble((error.message, "bold"), "\n", (error.hint or "", "dim"))
        )

    def on_instructor_loaded(self, message: InstructorLoaded) -> None:
        getattr(self, f"_show_{message.kind}")(message.payload)

    def _show_check(self, report: Any) -> None:
        table = self.query_one("#check", DataTable)
        table.clear()
        problems = list(field(report, "problems", default=[]) or [])
        self.problems = problems
        for p in problems:
            sev = str(field(p, "severity", default=""))
            where = f"{Path(str(field(p, 'file', default=''))).name}:{field(p, 'line', default='?')}"
            table.add_row(
                Text(sev, style=SEVERITY_STYLE.get(sev, "")),
                where,
                str(field(p, "qid", default="") or ""),
                str(field(p, "message", default="")),
            )
        files = field(report, "files", default=[]) or []
        count = {
            s: sum(str(field(p, "severity")) == s for p in problems) for s in ("error", "warning", "note")
        }
        errors = count["error"]
        summary = Text(f"{len(files)} bank(s), {field(report, 'questions', default='?')} questions: ")
        summary.append(f"{errors} error(s)", style="bold red" if errors else "green")
        summary.append(
            f", {count['warning']} warning(s), {count['note']} note(s). ctrl+r re-runs.", style="dim"
        )
        self.query_one("#check-summary", Static).update(summary)

    @on(DataTable.RowHighlighted, "#check")
    def _problem(self, event: DataTable.RowHighlighted) -> None:
        """The whole problem of the highlighted row (the table cuts long ones at 80 columns)."""
        problems = getattr(self, "problems", [])
        if not 0 <= event.cursor_row < len(problems):
            return
        p = problems[event.cursor_row]
        sev = str(field(p, "severity", default=""))
        where = f"{Path(str(field(p, 'file', default=''))).name}:{field(p, 'line', default='?')}"
        text = Text(where, style="bold")
        qid = field(p, "qid")
        if qid:
            text.append(f" · {qid}")
        text.append(f"\n{sev}: ", style=SEVERITY_STYLE.get(sev, ""))
        text.append(str(field(p, "message", default="")))
        self.query_one("#check-detail", Static).update(text)

    def _show_stats(self, report: Any) -> None:
        table = self.query_one("#stats", DataTable)
        table.clear()
        items = list(field(report, "items", default=[]) or [])
        for it in items:
            table.add_row(
                str(field(it, "question_id")),
                _fmt(field(it, "paper")),
                _fmt(field(it, "type")),
                _fmt(field(it, "attempts")),
                _fmt(field(it, "users")),
                _fmt(field(it, "facility")),
                _fmt(field(it, "discrimination")),
                ", ".join(field(it, "flags", default=[]) or []),
            )
        self.query_one("#stats-summary", Static).update(
            Text(
                f"{field(report, 'attempts', default=0)} attempt(s) by {field(report, 'users', default=0)} "
                f"user(s) over {len(items)} question(s). Facility = mean score; discr. = item-rest r.",
                style="dim",
            )
        )

    # -- import / export ------------------------------------------------------------------------
    @on(Button.Pressed, "#import")
    def _import(self) -> None:
        src = self.query_one("#import-src", Input).value.strip()
        out = self.query_one("#import-out", Input).value.strip()
        if src and out:
            self.query_one("#io-status", Static).update("Importing…")
            self.run_import(src, out)

    @work(thread=True, exclusive=True, group="io", exit_on_error=False, name="import")
    def run_import(self, src: str, out: str) -> None:
        fn = _tool("papermind.quiz.interchange.gift", "import_gift")
        result = fn(Path(src), Path(out), paper=None, prefix=Path(out).stem)
        lines = [str(p) for p in field(result, "problems", default=[]) or []]
        lines.append(f"wrote {field(result, 'questions', default='?')} question(s) to {out}")
        self.post_message(InstructorLoaded("io", "\n".join(lines)))

    @on(Button.Pressed, "#export")
    def _export(self) -> None:
        banks = self.query_one("#export-banks", Input).value.split()
        out = self.query_one("#export-out", Input).value.strip()
        fmt = str(self.query_one("#export-fmt", Select).value)
        if banks and out:
            self.query_one("#io-status", Static).update("Exporting…")
            self.run_export(banks, out, fmt)

    @work(thread=True, exclusive=True, group="io", exit_on_error=False, name="export")
    def run_export(self, banks: list[str], out: str, fmt: str) -> None:
        fn = _tool(*EXPORTERS[fmt])
        load = calls.method(self.api, "quiz", "load_bank")
        info = fn([load(b) for b in banks], Path(out))
        notes = [str(p) for key in ("skipped", "lossy") for p in (field(info, key, default=[]) or [])]
        lines = [f"wrote {field(info, 'questions', default='?')} question(s) to {out} ({fmt})"]
        lines += notes[:5] + ([f"… and {len(notes) - 5} more"] if len(notes) > 5 else [])
        self.post_message(InstructorLoaded("io", "\n".join(lines)))

    def _show_io(self, text: str) -> None:
        self.query_one("#io-status", Static).update(text)
        if "wrote" in text:
            self.action_check()

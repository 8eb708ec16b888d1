"""Instructor: bank check results (file:line), item statistics, class results, import/export of banks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

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

from papermind.errors import PapermindError
from papermind.tui.messages import CheckLoaded, InterchangeDone, StatsLoaded
from papermind.tui.screens.base import PapermindScreen
from papermind.tui.student import STUDENT_MODE_NOTE, refuse_files
from papermind.tui.widgets.class_results import ClassResults

if TYPE_CHECKING:
    from papermind.quiz.analysis.item_stats import ItemStats
    from papermind.quiz.bank.model import Bank, Problem

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "note": "dim"}
EXPORT_FORMATS = ("gift", "qti", "anki")

# An exporter writes banks to a file and says what it wrote ("questions", "skipped", "lossy").
Exporter = Callable[[list["Bank"], Path], dict[str, Any]]


def _exporter(fmt: str) -> Exporter:
    """The export function for ``fmt`` (imported when used: genanki is heavy)."""
    if fmt == "gift":
        from papermind.quiz.interchange.gift_export import export_gift

        return export_gift
    if fmt == "qti":
        from papermind.quiz.interchange.qti import export_qti

        return export_qti
    from papermind.quiz.interchange.anki import export_anki

    return export_anki


def _fmt(x: float | int | str | None) -> str:
    return "-" if x is None else (f"{x:.2f}" if isinstance(x, float) else str(x))


class InstructorScreen(PapermindScreen):
    CSS_PATH = "instructor.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "check", "Run check"),
        Binding("ctrl+s", "stats", "Item stats"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[Problem] = []  # the last check's, in table order

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
            with TabPane("Class results", id="tab-class"):
                yield ClassResults(id="class")
            with TabPane("Import / export", id="tab-io"):
                if self.pm_app.student:
                    yield Static(STUDENT_MODE_NOTE, id="io-status")
                else:
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
                                [(k, k) for k in EXPORT_FORMATS],
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
        stats.add_columns(
            "Question",
            "Paper",
            "Type",
            "Attempts",
            "Users",
            "Facility",
            "Discr.",
            "Overruled",
            "Unsure",
            "Flags",
        )
        self.action_check()
        self.action_stats()

    def show_tab(self, tab: str) -> None:
        """Bring a tab forward (the palette's "Instructor: …" commands)."""
        self.query_one("#tabs", TabbedContent).active = tab
        if tab == "tab-check":
            self.action_check()
        elif tab == "tab-class":
            self.query_one(ClassResults).refresh_stats()
        self._focus_tab(tab)

    # the widget that takes the keys when a tab comes forward (typing goes there at once)
    TAB_FOCUS: ClassVar[dict[str, str]] = {
        "tab-check": "#check",
        "tab-stats": "#stats",
        "tab-class": "#class-paths",
        "tab-io": "#export-banks",
    }

    def _focus_tab(self, tab: str) -> None:
        if tab == "tab-io" and self.pm_app.student:
            return
        self.query_one(self.TAB_FOCUS[tab]).focus()

    @on(TabbedContent.TabActivated, "#tabs")
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self.refresh_bindings()  # ctrl+r / ctrl+s belong to their tabs only
        if event.pane.id in self.TAB_FOCUS:
            self._focus_tab(event.pane.id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Run check (ctrl+r) on the Bank check tab, Item stats (ctrl+s) on the Item statistics tab;
        elsewhere they do nothing, so the footer does not offer them."""
        tabs = {"check": "tab-check", "stats": "tab-stats"}
        if action in tabs and self.is_mounted:
            return self.query_one("#tabs", TabbedContent).active == tabs[action]
        return True

    def action_check(self) -> None:
        self.query_one("#check-summary", Static).update("Checking the banks…")
        self.run_check()

    def action_stats(self) -> None:
        self.run_stats()

    @work(thread=True, exclusive=True, group="check", exit_on_error=False, name="check")
    def run_check(self) -> None:
        self.post_message(CheckLoaded(self.api.quiz.check(None)))

    @work(thread=True, exclusive=True, group="stats", exit_on_error=False, name="stats")
    def run_stats(self) -> None:
        self.post_message(StatsLoaded(self.api.quiz.stats()))

    def on_check_loaded(self, message: CheckLoaded) -> None:
        report = message.report
        table = self.query_one("#check", DataTable)
        table.clear()
        self.problems = problems = list(report.problems)
        for p in problems:
            table.add_row(
                Text(p.severity, style=SEVERITY_STYLE.get(p.severity, "")),
                _where(p),
                p.qid or "",
                p.message,
            )
        count = {s: sum(p.severity == s for p in problems) for s in ("error", "warning", "note")}
        errors = count["error"]
        summary = Text(f"{len(report.files)} bank(s), {report.questions} questions: ")
        summary.append(f"{errors} error(s)", style="bold red" if errors else "green")
        summary.append(
            f", {count['warning']} warning(s), {count['note']} note(s). ctrl+r re-runs.", style="dim"
        )
        self.query_one("#check-summary", Static).update(summary)

    @on(DataTable.RowHighlighted, "#check")
    def _problem(self, event: DataTable.RowHighlighted) -> None:
        """The whole problem of the highlighted row (the table cuts long ones at 80 columns)."""
        if not 0 <= event.cursor_row < len(self.problems):
            return
        p = self.problems[event.cursor_row]
        text = Text(_where(p), style="bold")
        if p.qid:
            text.append(f" · {p.qid}")
        text.append(f"\n{p.severity}: ", style=SEVERITY_STYLE.get(p.severity, ""))
        text.append(p.message)
        self.query_one("#check-detail", Static).update(text)

    def on_stats_loaded(self, message: StatsLoaded) -> None:
        report = message.report
        table = self.query_one("#stats", DataTable)
        table.clear()
        items = report.items
        for it in items:
            table.add_row(
                it.question_id,
                _fmt(it.paper),
                _fmt(it.type),
                _fmt(it.attempts),
                _fmt(it.users),
                _fmt(it.facility),
                _fmt(it.discrimination),
                _overruled(it),
                f"{it.unsure} ({it.self_assessed} self)" if it.unsure else "",
                ", ".join(it.flags),
            )
        self.query_one("#stats-summary", Static).update(
            Text(
                f"{report.attempts} attempt(s) by {report.users} "
                f"user(s) over {len(items)} question(s). Facility = mean score; discr. = item-rest r; "
                "overruled = the grader's verdicts students judged otherwise; unsure = left to the student.",
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
            self.run_import(src, out, self._take_overwrite(("import", out)))

    # Outputs go through papermind.safe_write: an existing file is kept unless the same button is
    # pressed again for the same path (the app's --force), an input is never overwritten, and the
    # write is atomic. In student mode (serve) nothing reads or writes the server's files.
    _overwrite_ok: tuple[str, str] | None = None

    def _take_overwrite(self, request: tuple[str, str]) -> bool:
        """True when this request was refused for an existing file and is now asked again."""
        ok = self._overwrite_ok == request
        self._overwrite_ok = None
        return ok

    def _refused(self, request: tuple[str, str], error: PapermindError) -> None:
        text = error.message + (f"\n{error.hint}" if error.hint else "")
        if "already exists" in error.message:
            self._overwrite_ok = request
            text = f"{error.message}\npress {request[0].title()} again to overwrite it"
        self.post_message(InterchangeDone(text))

    @work(thread=True, exclusive=True, group="io", exit_on_error=False, name="import")
    def run_import(self, src: str, out: str, force: bool = False) -> None:
        from papermind.quiz.interchange.gift import import_gift
        from papermind.safe_write import atomic_output

        try:
            refuse_files(self.pm_app)
            with atomic_output(out, force=force, inputs=[Path(src)]) as tmp:
                result = import_gift(Path(src), tmp, paper=None, prefix=Path(out).stem)
        except PapermindError as exc:
            self._refused(("import", out), exc)
            return
        lines = [str(p) for p in result.problems]
        lines.append(f"wrote {result.questions} question(s) to {out}")
        self.post_message(InterchangeDone("\n".join(lines)))

    @on(Button.Pressed, "#export")
    def _export(self) -> None:
        banks = self.query_one("#export-banks", Input).value.split()
        out = self.query_one("#export-out", Input).value.strip()
        fmt = str(self.query_one("#export-fmt", Select).value)
        if banks and out:
            self.query_one("#io-status", Static).update("Exporting…")
            self.run_export(banks, out, fmt, self._take_overwrite(("export", out)))

    @work(thread=True, exclusive=True, group="io", exit_on_error=False, name="export")
    def run_export(self, banks: list[str], out: str, fmt: str, force: bool = False) -> None:
        from papermind.safe_write import atomic_output

        try:
            refuse_files(self.pm_app)
            loaded = [self.api.quiz.load_bank(b) for b in banks]
            with atomic_output(out, force=force, inputs=[b.path for b in loaded]) as tmp:
                info = _exporter(fmt)(loaded, tmp)
        except PapermindError as exc:
            self._refused(("export", out), exc)
            return
        notes = [str(p) for key in ("skipped", "lossy") for p in info.get(key, [])]
        lines = [f"wrote {info['questions']} question(s) to {out} ({fmt})"]
        lines += notes[:5] + ([f"… and {len(notes) - 5} more"] if len(notes) > 5 else [])
        self.post_message(InterchangeDone("\n".join(lines)))

    def on_interchange_done(self, message: InterchangeDone) -> None:
        text = message.text
        self.query_one("#io-status", Static).update(text)
        if "wrote" in text:
            self.action_check()


def _overruled(item: ItemStats) -> str:
    """ "2 (20%)": how many of the grader's verdicts students overruled, and the share."""
    rate = item.overrule_rate
    return "" if rate is None else f"{item.overruled} ({rate:.0%})"


def _where(p: Problem) -> str:
    """``bank.toml:LINE`` for a check problem."""
    return f"{Path(p.file).name}:{p.line}"

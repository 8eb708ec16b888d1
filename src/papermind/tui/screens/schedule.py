"""This week first (readings, next discussion, quizzes due, papers missing), then the term."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Header, Label, Static
from textual.worker import Worker, WorkerState

from papermind.tui.messages import FirstFrame, ScheduleLoaded, WeekData
from papermind.tui.screens.base import PapermindScreen
from papermind.tui.screens.schedule_data import (
    date_range,
    fmt_date,
    gather,
    gather_schedule,
    meeting_for_week,
    short_date,
)
from papermind.tui.widgets.row_table import RowTable

if TYPE_CHECKING:
    from datetime import date

    from rich.console import RenderableType
    from textual.widgets import Button, Select

    from papermind.api import Papermind
    from papermind.syllabus import Meeting, Syllabus


def _plain(cell: str) -> Text:
    """A one-line cell as the table would make it from a str, without reading it as markup."""
    return Text(cell, no_wrap=True, end="")


CELL_GAP = "  "  # between two cells: the padding a table puts on either side of each


def _row(cells: list[Text], widths: list[int]) -> Text:
    """Cells side by side in one line, each cut (with its overflow: an ellipsis, else cropped)
    or padded to its width; labels and cells as Text: a str is read as Rich markup, whose first
    use imports Rich's emoji table (4 ms before the first frame) for text with neither."""
    line = Text(no_wrap=True, end="")
    for i, (cell, width) in enumerate(zip(cells, widths, strict=True)):
        if i:
            line.append(CELL_GAP)
        cut = cell.copy()
        cut.truncate(width, overflow="ellipsis" if cell.overflow == "ellipsis" else "crop")
        line.append_text(cut)
        line.append(" " * (width - cut.cell_len))
    return line


class ScheduleScreen(PapermindScreen):
    """The home screen (its styles, ``schedule.tcss``, are in the app's CSS_PATH: it is the
    app's default screen)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "reload", "Reload"),
        Binding("i", "app.ingest", "Ingest"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.version: str | None = None
        self.data: WeekData | None = None
        self._versions_filled = False
        self._first_shown = False  # the schedule alone has been on the terminal
        self._rest_requested = False
        self._rest_mounted = False  # the widgets ``_mount_rest`` adds are there
        self._prefetch: Worker[WeekData] | None = None

    def prefetch(self, api: Papermind, today: date) -> None:
        """Start reading the schedule before this screen is mounted (the app calls this when it
        loads): ``on_mount`` shows it if it is read by then, else it comes as the worker ends."""
        self._prefetch = self.run_worker(
            partial(gather_schedule, api, today, self.version),
            name="schedule",
            group="schedule",
            thread=True,
            exit_on_error=False,
        )

    def compose(self) -> ComposeResult:
        # The first frame holds what a student reads (this week, the term table); the footer, the
        # version picker and the (hidden) empty-store banner are mounted once that is on screen
        # (``_mount_rest``): their styling and the footer's recomposes took a third of the first
        # screen's time on two busy cores.
        yield Header()
        with Horizontal(id="top"):
            yield VerticalScroll(Static("Loading the schedule…", id="this-week"), id="week-pane")
            with Vertical(id="side"):
                yield Label("Schedule version", classes="pane-title")
                with VerticalScroll(id="due-pane"):
                    yield Static("", id="due")
        term = RowTable(id="term")
        term.border_subtitle = "* not ingested · ↺ discussed again"
        yield term

    async def _mount_rest(self) -> None:
        """Mount what the first frame goes without (once): the footer, the version picker and
        the empty-store banner, each where ``compose`` would have put it."""
        if self._rest_requested:
            return
        self._rest_requested = True
        from textual.widgets import Button, Footer, Select

        banner = Horizontal(
            Label("No papers ingested yet (schedule and quizzes still work).", id="empty-text"),
            Button("Ingest a folder…", id="ingest", variant="primary", compact=True),
            id="empty-banner",
            classes="hidden",
        )
        select = Select[str]([], prompt="default", id="version", allow_blank=True, compact=True)
        await self.mount(banner, before="#top")
        await self.query_one("#side").mount(select, before="#due-pane")
        await self.mount(Footer())
        self.refresh_bindings()  # a footer mounted late fills in on the next bindings update
        self._rest_mounted = True
        if self.data is not None:
            self._show_store_state(self.data)

    def refresh_from_store(self) -> None:
        self.load()

    def on_mount(self) -> None:
        self._layout: tuple[bool, int, int, bool] | None = None
        self._widths: list[int] = []  # of the term table's cells in a row (``_set_columns``)
        self._set_columns()
        # The schedule needs no store: it is read at once (``prefetch``, or here). The store
        # (SQLAlchemy, the migration check, the quiz service) is opened only once it is on screen,
        # so those imports never compete with the first content for the interpreter.
        if self._prefetch is None:
            self.load()
        elif self._prefetch.state == WorkerState.SUCCESS:
            self._show_prefetched(self._prefetch)

    def on_resize(self) -> None:
        if self._set_columns() and self.data is not None:
            self._fill_term(self.data)

    def _set_columns(self) -> bool:
        """Fit the term table to its width: below 100 columns the Kind column goes (the session
        title says Reading / Discussion) and Session and Papers share what is left. True when
        the columns changed."""
        table = self.query_one("#term", RowTable)
        width = table.size.width or self.size.width or 80
        rows = self.data.rows if self.data is not None else []
        show_due = any(r.quizzes_due is not None for r in rows)
        fixed = {"Wk": 4, "Dates": 12, "Discuss": 7} | ({"Due": 3} if show_due else {})
        wide = width >= 100
        ncols = len(fixed) + 2 + wide
        # border (2), vertical scrollbar (2), cell padding (2 per column)
        rest = max(24, width - 4 - 2 * ncols - sum(fixed.values()) - (12 if wide else 0))
        session = min(48, rest * 3 // 5)
        papers = min(28, rest - session)
        layout = (wide, session, papers, show_due)
        if layout == self._layout:
            return False
        self._layout = layout
        labels = ["Wk", "Dates", "Session", "Papers", *(["Kind"] if wide else []), "Discuss"]
        self._widths = [4, 12, session, papers, *([12] if wide else []), 7]
        if show_due:
            labels.append("Due")
            self._widths.append(3)
        # each row is one Text, its cells laid out here (``_row``) as DataTable laid out columns
        table.set_rows(_row([Text(label) for label in labels], self._widths), [])
        return True

    def load(self) -> None:
        """The first time: the schedule alone (no store), then the rest once it is on screen
        (``on_schedule_loaded``); afterwards everything at once."""
        self._load(self._first_shown)

    @work(thread=True, exclusive=True, group="schedule", exit_on_error=False, name="schedule")
    def _load(self, with_store: bool) -> None:
        app = self.pm_app
        if not with_store:
            self.post_message(ScheduleLoaded(gather_schedule(self.api, app.today, self.version)))
            return
        self.post_message(ScheduleLoaded(gather(self.api, app.today, self.version, app.user, app.now)))

    def _when_first_content_shown(self) -> None:
        """Once the schedule is in a frame on the terminal, run ``_after_first_content``. At start-up
        Textual runs after-refresh callbacks before the app's first frame (``FirstFrame``), so
        both are waited for."""
        if self.data is not None and self.pm_app.first_frame_shown and not self._first_shown:
            self._first_shown = True
            self.call_after_refresh(self._after_first_content)

    def on_first_frame(self, _: FirstFrame) -> None:
        self._when_first_content_shown()

    async def _after_first_content(self) -> None:
        """The schedule is on screen: mount the rest, then open the store (the app) and fill in
        what comes from it."""
        await self._mount_rest()
        self.pm_app.open_store()
        self.load()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        super().on_worker_state_changed(event)  # reported by the app
        if event.worker.name == "schedule" and event.state == WorkerState.ERROR:
            self.call_later(self._mount_rest)  # no schedule (a broken syllabus): the footer helps
        elif event.worker is self._prefetch and event.state == WorkerState.SUCCESS:
            self._show_prefetched(event.worker)

    def _show_prefetched(self, worker: Worker[WeekData]) -> None:
        """The schedule ``prefetch`` read, unless something newer is shown already (``on_mount``
        shows it when it is read by then; its end still comes as a message)."""
        if self.data is None and worker.result is not None:
            self.on_schedule_loaded(ScheduleLoaded(worker.result))

    def use_version(self, version: str | None) -> None:
        """Show another version of the schedule (the palette's "Schedule: …" commands)."""
        self.version = version
        self.load()

    def action_reload(self) -> None:
        self.load()

    # (by name, not ``@on(Select.Changed, ...)``: the widgets' modules load with ``_mount_rest``)
    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ingest":
            self.pm_app.action_ingest()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id != "version":
            return
        value = None if event.value is event.select.BLANK else str(event.value)
        if value != self.version:
            self.version = value
            self.load()

    def on_schedule_loaded(self, message: ScheduleLoaded) -> None:
        self.data = data = message.data
        if self._rest_mounted:
            self._show_store_state(data)
        self.query_one("#this-week", Static).update(self._this_week(data))
        self.query_one("#due", Static).update(self._due(data))
        self._fill_term(data)
        self._when_first_content_shown()

    def _show_store_state(self, data: WeekData) -> None:
        """The empty-store banner and the version picker (mounted after the first frame)."""
        from textual.widgets import Select

        empty = data.from_store and not data.papers
        banner = self.query_one("#empty-banner")
        if empty and banner.has_class("hidden"):
            self.query_one("#ingest").focus()  # an empty library: Enter ingests a folder
        banner.set_class(empty, "visible")
        banner.set_class(not empty, "hidden")
        select = self.query_one("#version", Select)
        if data.versions and not self._versions_filled:
            self._versions_filled = True
            select.set_options((v, v) for v in data.versions)
        if self.version in data.versions and select.value != self.version:
            select.value = self.version  # its Changed event sees the same version: no reload

    # -- rendering ---------------------------------------------------------------------------
    def _ingested(self, data: WeekData) -> set[str]:
        if not data.from_store:  # not read yet: mark nothing as missing
            return {p.key for r in data.rows for p in (*r.papers, *r.discusses)}
        return {p.key for p in data.papers}

    def _this_week(self, data: WeekData) -> Group:
        syl = data.syllabus
        today = self.pm_app.today
        parts: list[RenderableType] = []
        text = Text()
        week = data.current_week
        text.append(f"Today {fmt_date(today)}", style="dim")
        text.append(f" · week {week}\n" if week else " · outside the term\n", style="dim")
        if week is None:
            text.append("The term has not started or is over; the whole schedule is below.\n")
        meeting = meeting_for_week(syl, week)
        if meeting is not None:
            text.append(f"{meeting.title}\n", style="bold")
            topics = Table.grid(padding=0, expand=True)
            topics.add_column(width=4, no_wrap=True)
            topics.add_column(ratio=1)
            for topic in meeting.topics:
                topics.add_row("  – ", str(topic))  # wrapped lines stay under the topic's text
            if topics.row_count:
                text.rstrip()
                parts += [text, topics]
                text = Text()
        readings = self._readings(syl, week)
        ingested = self._ingested(data)
        text.append("\nReadings\n", style="bold underline")
        if not readings:
            text.append("  none this week\n", style="dim")
        missing = []
        for key in readings:
            ok = key in ingested
            text.append(f"  {key}")
            if not ok:
                missing.append(key)
                text.append("  not ingested", style="yellow")
            text.append("\n")
        disc = syl.next_discussion(today)
        text.append("\nNext discussion\n", style="bold underline")
        if disc is None:
            text.append("  none left this term\n", style="dim")
        else:
            text.append(f"  {fmt_date(disc.start)} · week {disc.week}: {disc.title}\n")
            covered = syl.papers_discussed_next(today)  # discussed papers and new readings
            if covered:
                text.append(f"  covers {', '.join(covered)}\n", style="dim")
        if missing:
            text.append(
                f"\n{len(missing)} reading(s) not ingested — press i to ingest a folder\n", style="yellow"
            )
        text.rstrip()
        return Group(*parts, text)

    def _readings(self, syl: Syllabus, week: int | None) -> list[str]:
        return syl.papers_for_week(week) if week is not None else []

    def _next_discussion_keys(self, data: WeekData) -> list[str]:
        return data.syllabus.papers_discussed_next(self.pm_app.today)

    def _due(self, data: WeekData) -> Text | Group:
        """Quizzes per paper, like Anki's Due / New: this week's papers first, then the next
        discussion's, then the rest (most due first)."""
        text = Text("Quizzes", style="bold")
        rows = data.due_split
        if not data.from_store:
            text.append("\nloading…\n", style="dim")
            return text
        if not rows:
            text.append("\nno question banks\n", style="dim")
            return text
        by_paper = {r.paper: r for r in rows}
        week = self._readings(data.syllabus, data.current_week)
        nxt = self._next_discussion_keys(data)
        groups: list[tuple[str, list[str]]] = []
        shown: set[str] = set()
        for label, keys in ((f"Week {data.current_week} readings", week), ("Next discussion", nxt)):
            keys = [k for k in dict.fromkeys(keys) if k in by_paper and k not in shown]
            if keys:
                groups.append((label, keys))
                shown.update(keys)
        rest = sorted(
            (k for k in by_paper if k not in shown),
            key=lambda k: (-by_paper[k].due, k),
        )
        if rest:
            groups.append(("Other papers" if groups else "", rest))

        def table(header: bool) -> Table:
            t = Table(
                box=None,
                padding=(0, 0, 0, 1),
                pad_edge=False,
                expand=True,
                show_header=header,
                header_style="bold",
            )
            t.add_column(text if header else "", ratio=1, no_wrap=True, overflow="ellipsis")
            t.add_column("Due", justify="right", width=4, no_wrap=True)
            t.add_column("New", justify="right", width=4, no_wrap=True)
            return t

        parts: list[RenderableType] = [table(header=True)]
        for label, keys in groups:
            if label:
                parts.append(Text(label, style="italic underline", overflow="ellipsis", no_wrap=True))
            t = table(header=False)
            for k in keys:
                r = by_paper[k]
                due, new = r.due, r.new
                t.add_row(
                    Text(k, style="" if due or new else "dim"),
                    Text(str(due), style="bold green" if due else "dim"),
                    Text(str(new), style="cyan" if new else "dim"),
                )
            parts.append(t)
        return Group(*parts)

    def _fill_term(self, data: WeekData) -> None:
        self._set_columns()
        table = self.query_one("#term", RowTable)
        rows: list[Text] = []
        ingested = self._ingested(data)
        current_row = None
        for i, s in enumerate(data.rows):
            dates = date_range(s.start, s.end)
            papers = [p.key if p.key in ingested else f"{p.key}*" for p in s.papers]
            papers += [f"↺ {p.key}" + ("" if p.key in ingested else "*") for p in s.discusses]
            title = s.title + (" (tentative)" if s.tentative else "")
            current = data.current_week is not None and s.week == data.current_week
            style = "bold" if current else ""
            due = s.quizzes_due
            cells = [
                Text(("▶ " if current else "") + str(s.week), style=style),
                _plain(dates),
                Text(title, style=style, overflow="ellipsis", no_wrap=True),
                Text(", ".join(papers), overflow="ellipsis", no_wrap=True),
            ]
            if self._layout and self._layout[0]:
                cells.append(_plain(s.kind))
            cells.append(_plain(short_date(s.discuss_by)))
            if self._layout and self._layout[3]:
                cells.append(_plain("" if due is None else str(due)))
            rows.append(_row(cells, self._widths))
            if current and current_row is None:
                current_row = i
        table.set_rows(table.header, rows)
        if current_row is not None:
            table.move_cursor(current_row)

    @on(RowTable.RowSelected, "#term")
    def _open_paper(self) -> None:
        if self.data is None:
            return
        table = self.query_one("#term", RowTable)
        meetings: tuple[Meeting, ...] = self.data.syllabus.meetings
        if not meetings or table.cursor_row >= len(meetings):
            return
        keys = meetings[table.cursor_row].papers + meetings[table.cursor_row].discusses
        ingested = self._ingested(self.data)
        for key in keys:
            if key in ingested:
                self.pm_app.action_open_reader(key, 1)
                return
        self.notify("No ingested paper for this session", severity="warning")

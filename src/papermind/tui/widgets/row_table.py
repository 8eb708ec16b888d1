"""``RowTable``: ready-made one-line rows under a header line, with a row cursor and zebra stripes.

What the week screen's term table needs from Textual's DataTable (the same look: its styles
under ``row-table--*`` names; up/down/page/home/end, Enter or a click selects the row under the
cursor, the mouse hovers), drawn line by line from ``Text`` the screen lays out itself. DataTable
renders each cell through Rich and weighs ~8 ms of imports: on the first screen that was a
quarter of the frame's cost; here a row costs one ``Text.render``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

if TYPE_CHECKING:
    from textual import events

PADDING = 1  # blank cells on either side of a row's text (a table's cell padding)


class RowTable(ScrollView, can_focus=True):
    """A header line and rows of ``Text``, one line each; ``cursor_row`` is the row selected
    with Enter or a click (``RowSelected``)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "row-table--header",
        "row-table--even-row",
        "row-table--odd-row",
        "row-table--cursor",
        "row-table--hover",
    }
    DEFAULT_CSS = """
    RowTable {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;
        &:focus {
            background-tint: $foreground 5%;
            & > .row-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .row-table--header {
                background-tint: $foreground 5%;
            }
        }
        &:dark > .row-table--even-row {
            background: $surface-darken-1 40%;
        }
        & > .row-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .row-table--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .row-table--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .row-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .row-table--hover {
            background: $block-hover-background;
        }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Select", show=False),
        Binding("up", "cursor_up", "Cursor up", show=False),
        Binding("down", "cursor_down", "Cursor down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,ctrl+home", "first", "First row", show=False),
        Binding("end,ctrl+end", "last", "Last row", show=False),
    ]

    cursor_row: reactive[int] = reactive(0, always_update=True)

    class RowSelected(Message):
        """Enter or a click on a row: ``cursor_row`` is its index."""

        def __init__(self, table: RowTable, cursor_row: int) -> None:
            super().__init__()
            self.table = table
            self.cursor_row = cursor_row

        @property
        def control(self) -> RowTable:
            return self.table

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._header = Text()
        self._rows: list[Text] = []
        self._hover: int | None = None  # the row under the mouse, once it moved over the table

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def header(self) -> Text:
        return self._header

    def row(self, index: int) -> Text:
        """The text of row ``index``, as drawn."""
        return self._rows[index]

    def set_rows(self, header: Text, rows: list[Text]) -> None:
        """Show ``rows`` (each one line) under ``header``; the cursor stays where it was if it can."""
        self._header, self._rows = header, rows
        width = max((t.cell_len for t in (header, *rows)), default=0) + 2 * PADDING
        self.virtual_size = Size(width, len(rows) + 1)
        self.cursor_row = min(self.cursor_row, max(0, len(rows) - 1))
        self.refresh()

    def move_cursor(self, row: int) -> None:
        """Put the cursor on ``row`` and scroll it into view (after the next layout)."""
        self.cursor_row = max(0, min(row, len(self._rows) - 1))
        self.call_after_refresh(self._scroll_to_cursor)

    def watch_cursor_row(self) -> None:
        self.refresh()

    # -- drawing -------------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        base = self.rich_style
        width = self.size.width
        if y == 0:
            text, style, post = self._header, self.get_component_rich_style("row-table--header"), Style()
        else:
            row = y - 1 + round(self.scroll_y)
            if row >= len(self._rows):
                return Strip.blank(width, base)
            text = self._rows[row]
            style = self.get_component_rich_style("row-table--odd-row" if row % 2 else "row-table--even-row")
            cursor = Style()
            if row == self._hover:
                cursor += self.get_component_rich_style("row-table--hover")
            if row == self.cursor_row:
                cursor += self.get_component_rich_style("row-table--cursor")
            style += cursor
            post = Style.from_color(color=cursor.color)  # the cursor's colour over the text's
        pad = Text(" " * PADDING)
        line = Text.assemble(pad, text, pad, no_wrap=True, end="")
        segments = Segment.apply_style(line.render(self.app.console), style, post)
        scroll_x = round(self.scroll_x)
        # the row's colours run on to the table's right edge
        return Strip(segments).crop_extend(scroll_x, scroll_x + width, style).simplify()

    # -- keys and mouse ------------------------------------------------------------------------
    def _visible_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)  # less the header

    def _scroll_to_cursor(self) -> None:
        top, visible = round(self.scroll_y), self._visible_rows()
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False)

    def _move_by(self, rows: int) -> None:
        self._hover = None  # as the table: the keyboard hides the mouse's row
        self.move_cursor(self.cursor_row + rows)

    def action_cursor_up(self) -> None:
        self._move_by(-1)

    def action_cursor_down(self) -> None:
        self._move_by(1)

    def action_page_up(self) -> None:
        self._move_by(-self._visible_rows())

    def action_page_down(self) -> None:
        self._move_by(self._visible_rows())

    def action_first(self) -> None:
        self._move_by(-len(self._rows))

    def action_last(self) -> None:
        self._move_by(len(self._rows))

    def action_select_cursor(self) -> None:
        if self._rows:
            self.post_message(self.RowSelected(self, self.cursor_row))

    def _row_at(self, y: int) -> int | None:
        row = y - 1 + round(self.scroll_y)
        return row if y >= 1 and row < len(self._rows) else None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        row = self._row_at(event.y)
        if row != self._hover:
            self._hover = row
            self.refresh()

    def on_leave(self) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()

    def on_click(self, event: events.Click) -> None:
        row = self._row_at(event.y)
        if row is not None:
            event.stop()
            self.move_cursor(row)
            self.post_message(self.RowSelected(self, row))

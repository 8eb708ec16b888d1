"""RowTable (the week screen's term table): cursor keys, scrolling the cursor into view, Enter and
clicks select, the mouse hovers, the header stays on top."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult

from papermind.tui.widgets.row_table import RowTable
from tests.tui.conftest import aio

ROWS = [Text(f"row {i:02d}") for i in range(30)]


class TableApp(App[None]):
    CSS = "RowTable { height: 10; }"

    def __init__(self) -> None:
        super().__init__()
        self.selected: list[int] = []

    def compose(self) -> ComposeResult:
        yield RowTable(id="t")

    def on_mount(self) -> None:
        self.query_one(RowTable).set_rows(Text("Header"), ROWS)

    def on_row_table_row_selected(self, message: RowTable.RowSelected) -> None:
        self.selected.append(message.cursor_row)


def _lines(table: RowTable) -> list[str]:
    return [table.render_line(y).text.strip() for y in range(table.size.height)]


@aio
async def test_keys_move_the_cursor_and_keep_it_in_view_under_the_header():
    app = TableApp()
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(RowTable)
        table.focus()
        await pilot.pause()
        assert table.row_count == 30 and table.cursor_row == 0
        assert _lines(table)[:3] == ["Header", "row 00", "row 01"]
        await pilot.press("down", "down")
        assert table.cursor_row == 2
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == 29
        lines = _lines(table)
        assert lines[0] == "Header" and lines[-1] == "row 29"  # scrolled, header kept
        await pilot.press("pageup")
        await pilot.pause()
        assert table.cursor_row == 29 - 9 and "row 20" in _lines(table)
        await pilot.press("home", "up")
        await pilot.pause()
        assert table.cursor_row == 0 and _lines(table)[1] == "row 00"
        await pilot.press("enter")
        await pilot.pause()
        assert app.selected == [0]


@aio
async def test_move_cursor_scrolls_to_the_row_and_the_cursor_row_is_drawn_apart():
    app = TableApp()
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(RowTable)
        table.move_cursor(25)
        await pilot.pause()
        assert table.cursor_row == 25 and "row 25" in _lines(table)
        styles = {y: list(table.render_line(y))[0].style for y in range(1, table.size.height)}
        cursor_y = _lines(table).index("row 25")
        others = {s for y, s in styles.items() if y != cursor_y}
        assert styles[cursor_y] not in others
        table.move_cursor(99)  # clamped
        assert table.cursor_row == 29


@aio
async def test_a_click_selects_the_row_under_the_mouse_and_the_header_is_not_a_row():
    app = TableApp()
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(RowTable)
        await pilot.click(RowTable, offset=(3, 0))
        assert app.selected == []
        before = list(table.render_line(4))[0].style
        await pilot.hover(RowTable, offset=(3, 4))
        assert list(table.render_line(4))[0].style != before
        await pilot.click(RowTable, offset=(3, 4))
        await pilot.pause()
        assert app.selected == [3] and table.cursor_row == 3
        table.set_rows(Text("Header"), ROWS[:2])  # fewer rows: the cursor stays on one
        assert table.cursor_row == 1

"""``?``: the keys and screens.

Its scroll has focus, so arrows and page keys scroll at once."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

KEYS: tuple[tuple[str, str, str], ...] = (  # key, where, what it does
    ("F2", "anywhere", "This week / schedule"),
    ("F3", "anywhere", "Search (results update as you type)"),
    ("F4", "anywhere", "Concept map of a week or a paper"),
    ("F5", "anywhere", "Quiz"),
    ("F6", "anywhere", "Instructor: bank check, item statistics, class results"),
    ("ctrl+p", "anywhere", "Command palette (every action)"),
    ("ctrl+o / i", "anywhere / schedule", "Ingest PDFs: a folder or files"),
    ("ctrl+t", "anywhere", "Light / dark theme"),
    ("tab, shift+tab", "anywhere", "Move between panes"),
    ("enter", "search, concepts", "Open the reader at that page"),
    ("ctrl+f, n, N", "reader", "Find in paper, next / previous hit"),
    ("[, ]", "reader", "Previous / next page"),
    ("1-9, space, enter", "quiz", "Pick a choice, toggle it, submit"),
    ("ctrl+s, ctrl+n, ctrl+e", "quiz", "Submit, next question, open the evidence in the reader"),
    ("ctrl+x", "quiz", "Export your results to hand in"),
    ("escape", "reader, dialogs", "Back"),
    ("ctrl+q", "anywhere", "Quit"),
)

HELP = """\
# papermind

**ctrl+p** opens the command palette: every action, by name (list below). `papermind serve`
runs this app in a web browser.

{keys}

The screen stays responsive while papers are searched, graded or ingested; the header shows how
many papers are ingested and whether the search model is loading or ready.

## Command palette (ctrl+p)

Press **ctrl+p** and type part of a name. Always there:

{commands}

Also offered: *Quiz: start this week*, *Quiz: paper …*, *Open paper …*, *Concepts: week … /
paper …*, *Schedule: switch to version …* (and *Reader: find in paper* in the reader).

## In a web browser

`papermind serve` runs this same app in a browser (`--host`, `--port`; default
http://127.0.0.1:8000), e.g. to share it on the seminar room's screen.
"""


def help_text() -> str:
    from papermind.tui.commands import COMMANDS

    # one paragraph per list, a hard line break per entry: Textual's Markdown builds a widget per
    # block, bullet and table cell, and a table of keys took it about a second to open
    keys = "\\\n".join(f"**{key}** ({where}): {does}" for key, where, does in KEYS)
    commands = "\\\n".join(f"**{title}**: {help_}" for title, help_, _ in COMMANDS)
    return HELP.format(keys=keys, commands=commands)


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-scroll"):
            yield Markdown(help_text(), id="help-text")

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()  # arrows scroll at once

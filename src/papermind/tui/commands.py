"""Every app action in the command palette (ctrl+p)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from papermind.tui.app import PapermindApp

# (title, help, app action)
COMMANDS: list[tuple[str, str, str]] = [
    ("This week / schedule", "Readings, discussions and quizzes due", "mode('week')"),
    ("Search", "Semantic search over the ingested papers", "mode('search')"),
    ("Concept map", "Concepts of a week or a paper", "mode('concepts')"),
    ("Quiz", "Take a quiz for this week, a paper or the cards due", "mode('quiz')"),
    ("Instructor", "Bank check, item statistics, import/export", "mode('instructor')"),
    ("Ingest a folder of PDFs", "Add papers to the library", "ingest"),
    ("Toggle light/dark theme", "Switch between the light and dark theme", "toggle_theme"),
    ("Help", "Keys and screens", "help"),
    ("Quit", "Leave papermind", "quit"),
]


class PapermindCommands(Provider):
    """Screens and actions of papermind."""

    @property
    def _app(self) -> PapermindApp:
        return self.app  # type: ignore[return-value]

    async def _run(self, action: str) -> None:
        await self.app.run_action(action)

    async def discover(self) -> Hits:
        for title, help_text, action in COMMANDS:
            yield DiscoveryHit(title, partial(self._run, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, action in COMMANDS:
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(self._run, action), help=help_text)

"""The Textual app. Importing this package is light; the app module is imported on launch."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from papermind.api import Papermind


def run_app(api: Papermind, *, student: bool = False) -> None:
    """Run the app; ``student``: no ingest, import or export (nothing reads or writes files)."""
    from papermind.tui.app import PapermindApp

    PapermindApp(api, student=student).run()

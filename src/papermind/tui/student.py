"""Student mode (``papermind serve`` to other people): the app never reads or writes the server's
files, so a browser user cannot ingest, import or export anything on the server's disk."""

from __future__ import annotations

from typing import Any

from papermind.errors import PapermindError

STUDENT_MODE_NOTE = (
    "Student mode: this app cannot read or write files on the server (no ingest, import or export)."
)


def refuse_files(app: Any) -> None:
    """Raise the student-mode error when ``app`` (a PapermindApp) runs in student mode."""
    if app.student:
        raise PapermindError(STUDENT_MODE_NOTE, "run papermind on your own machine to use files")

"""The Textual app. Importing this package is light; the app module is imported on launch."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from papermind.api import Papermind


def run_app(api: Papermind, *, student: bool = False) -> None:
    """Run the app; ``student``: no ingest, import or export (nothing reads or writes files)."""
    import gc

    from papermind.tui.app import PapermindApp

    # Everything imported so far lives as long as the process: move it out of the collector's
    # reach. Otherwise the first full collection (~35 ms over Textual's, Rich's and our modules)
    # fell in the middle of laying out the first frame; the bare app allocates too little to meet it.
    gc.freeze()
    PapermindApp(api, student=student).run()

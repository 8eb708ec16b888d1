"""What every papermind screen shares: the header/footer frame and worker-error routing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.screen import Screen
from textual.worker import Worker

from papermind.tui.messages import StoreReady

if TYPE_CHECKING:
    from papermind.api import Papermind
    from papermind.tui.app import PapermindApp


class PapermindScreen(Screen[Any]):
    """Base screen. Worker failures go to the app's single handler (``report_worker``)."""

    store_seen = 0  # the app's store_generation this screen's data was loaded from
    quiz_seen = 0  # the app's quiz_generation (answers graded) this screen's data was loaded from

    def on_mount(self) -> None:
        self.store_seen = self.pm_app.store_generation  # each screen loads its data on mount
        self.quiz_seen = self.pm_app.quiz_generation

    def on_screen_resume(self) -> None:
        """Back on this screen: reload what comes from the store if it changed meanwhile (an
        ingest run from another screen, or answers given in the quiz: due counts move)."""
        seen = (self.pm_app.store_generation, self.pm_app.quiz_generation)
        if (self.store_seen, self.quiz_seen) != seen:
            self.store_seen, self.quiz_seen = seen
            self.refresh_from_store()

    def on_store_ready(self, _: StoreReady) -> None:
        """The store was (re)opened while this screen is showing."""
        self.store_seen = self.pm_app.store_generation
        self.refresh_from_store()

    def refresh_from_store(self) -> None:
        """Override: reload the parts of the screen that come from the store."""

    @property
    def pm_app(self) -> PapermindApp:
        from papermind.tui.app import PapermindApp

        assert isinstance(self.app, PapermindApp)  # these screens only run inside it
        return self.app

    @property
    def api(self) -> Papermind:
        return self.pm_app.api

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.pm_app.report_worker(event.worker)

"""Search: results as you type (debounced; the latest query wins), filters, preview, see also."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from papermind.tui.messages import ChoicesLoaded, PreviewLoaded, SearchResults
from papermind.tui.screens._choices import paper_choices, week_choices
from papermind.tui.screens.base import PapermindScreen
from papermind.tui.widgets.highlight import (
    highlighted_terms,
    mark_terms,
    query_terms,
    snippet_text,
    window,
)
from papermind.tui.widgets.reflow import reflow

if TYPE_CHECKING:
    from papermind.search.service import Hit

DEBOUNCE = 0.2


def hit_title(hit: Hit, full: bool = False) -> Text:
    """``paper p.N · section``: the paper key in lists, its title when ``full``."""
    page, end = hit.page, hit.page_end
    pages = f"p.{page}" if not end or end == page else f"pp.{page}–{end}"
    name = (hit.paper_title or hit.paper_key) if full else hit.paper_key
    text = Text(name, style="bold")
    text.append(f"  {pages}", style="cyan")
    if hit.section:
        text.append(f" · {hit.section}", style="italic")
    return text


def hit_prompt(hit: Hit) -> Text:
    text = hit_title(hit)
    text.append("\n")
    text.append_text(snippet_text(hit.snippet, hit.highlights))
    return text


class SearchScreen(PapermindScreen):
    CSS_PATH = "search.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+l", "focus_query", "Query"),
        Binding("ctrl+r", "focus_results", "Results"),
        Binding("ctrl+g", "see_also", "See also"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[Hit] = []
        self.see_also: list[Hit] = []
        self.week: int | None = None
        self.paper: str | None = None
        self._debounce: Timer | None = None
        self._last_query = ""
        self.shown_query: str | None = None  # the query whose results are on screen
        self.service_seconds = 0.0

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="bar"):
            yield Input(placeholder="Search the papers… (type to search)", id="query")
            yield Select[int]([], prompt="any week", id="week", compact=True)
            yield Select[str]([], prompt="any paper", id="paper", compact=True)
        with Horizontal(id="body"):
            with Vertical(id="results-pane"):
                yield Label("Type a question or a few words.", id="status")
                yield OptionList(id="results")
            with Vertical(id="preview-pane"):
                yield VerticalScroll(Static("", id="preview"), id="preview-scroll")
                yield Label("See also (other papers)", classes="pane-title")
                yield OptionList(id="see-also")
        yield Footer()

    def refresh_from_store(self) -> None:
        self.load_choices()

    def on_mount(self) -> None:
        self.query_one("#query", Input).focus()
        self.load_choices()

    @work(thread=True, group="choices", exit_on_error=False, name="choices")
    def load_choices(self) -> None:
        self.post_message(ChoicesLoaded(week_choices(self.api), paper_choices(self.api)))

    def on_choices_loaded(self, message: ChoicesLoaded) -> None:
        self.query_one("#week", Select).set_options(message.weeks)
        self.query_one("#paper", Select).set_options(message.papers)
        if not message.papers and not self.hits:
            self._status("No papers ingested yet: press ctrl+o to ingest a folder.")

    # -- typing -> debounced search ----------------------------------------------------------
    @on(Input.Changed, "#query")
    def _changed(self, event: Input.Changed) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(DEBOUNCE, self._fire)

    @on(Input.Submitted, "#query")
    def _submitted(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._fire()
        if self.hits:
            self.action_focus_results()

    @on(Select.Changed, "#week")
    def _week(self, event: Select.Changed) -> None:
        self.week = None if event.value is Select.BLANK else int(str(event.value))
        self._fire(force=True)

    @on(Select.Changed, "#paper")
    def _paper(self, event: Select.Changed) -> None:
        self.paper = None if event.value is Select.BLANK else str(event.value)
        self._fire(force=True)

    def _fire(self, force: bool = False) -> None:
        query = self.query_one("#query", Input).value.strip()
        if query == self._last_query and not force:
            return
        self._last_query = query
        if not query:
            self.hits = []
            self.query_one("#results", OptionList).clear_options()
            self._status("Type a question or a few words.")
            return
        self._status("Searching…" + (" (model loading)" if self.pm_app.model_state == "loading" else ""))
        self.run_search(query, self.week, self.paper)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False, name="search")
    def run_search(self, query: str, week: int | None, paper: str | None) -> None:
        clock = self.pm_app.perf_counter
        t0 = clock()
        hits = self.api.search.search(query, k=20, paper=paper, week=week)
        if get_current_worker().is_cancelled:
            return  # a newer query superseded this one
        self.post_message(SearchResults(query, list(hits), clock() - t0))

    def on_search_results(self, message: SearchResults) -> None:
        if message.query != self._last_query:
            return  # stale: the latest query wins
        self.hits = message.hits
        self.shown_query = message.query
        self.service_seconds = message.elapsed
        results = self.query_one("#results", OptionList)
        results.clear_options()
        results.add_options(Option(hit_prompt(h), id=str(i)) for i, h in enumerate(self.hits))
        n = len(self.hits)
        self._status(
            f"{n} result{'s' if n != 1 else ''} · {message.elapsed * 1000:.0f} ms"
            if n
            else "No results. Try other words or clear the filters."
        )
        if n:
            results.highlighted = 0

    def _status(self, text: str) -> None:
        self.query_one("#status", Label).update(text)

    # -- preview and see also ----------------------------------------------------------------
    @on(OptionList.OptionHighlighted, "#results")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index < len(self.hits):
            self.load_preview(self.hits[event.option_index])

    @work(thread=True, exclusive=True, group="preview", exit_on_error=False, name="preview")
    def load_preview(self, hit: Hit) -> None:
        page = self.api.library.page(hit.paper_key, hit.page)
        see_also = self.api.search.more_like_this(hit.chunk_id, k=5)  # other papers only (its contract)
        if not get_current_worker().is_cancelled:
            self.post_message(PreviewLoaded(hit, page, see_also))

    def terms_for(self, hit: Hit) -> list[str]:
        terms = highlighted_terms(hit.snippet, hit.highlights)
        return terms or query_terms(self._last_query)

    def on_preview_loaded(self, message: PreviewLoaded) -> None:
        hit, page = message.hit, message.page
        terms = self.terms_for(hit)
        body, _ = window(reflow(page.text), terms)
        text = hit_title(hit, full=True)
        text.append(f"\npage {page.number} of {page.num_pages}\n\n", style="dim")
        text.append_text(mark_terms(body, terms))
        self.query_one("#preview", Static).update(text)
        self.query_one("#preview-scroll", VerticalScroll).scroll_home(animate=False)
        self.see_also = message.see_also
        box = self.query_one("#see-also", OptionList)
        box.clear_options()
        if not self.see_also:
            box.add_option(Option(Text("no close passages in other papers", style="dim"), disabled=True))
        else:
            box.add_options(Option(hit_title(h), id=str(i)) for i, h in enumerate(self.see_also))

    # -- opening the reader ------------------------------------------------------------------
    @on(OptionList.OptionSelected, "#results")
    def _open_result(self, event: OptionList.OptionSelected) -> None:
        self._open(self.hits, event.option_index)

    @on(OptionList.OptionSelected, "#see-also")
    def _open_see_also(self, event: OptionList.OptionSelected) -> None:
        self._open(self.see_also, event.option_index)

    def _open(self, hits: list[Hit], index: int) -> None:
        """The reader at the hit's sentence (marked and scrolled to), not at its page top with the
        query's words to find."""
        from papermind.tui.screens.reader import ReaderScreen

        if 0 <= index < len(hits):
            hit = hits[index]
            self.app.push_screen(ReaderScreen(hit.paper_key, hit.page, passage=hit.snippet))

    def action_focus_query(self) -> None:
        self.query_one("#query", Input).focus()

    def action_focus_results(self) -> None:
        self.query_one("#results", OptionList).focus()

    def action_see_also(self) -> None:
        self.query_one("#see-also", OptionList).focus()

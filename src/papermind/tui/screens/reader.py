"""The reader: a paper page by page, its section outline, find-in-paper and next/previous hit.

Opened on a passage (a search hit's sentence), it goes to the page that holds it, marks it and
scrolls it into view; the header names the section the passage (or the page top) is in."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from papermind.tui.messages import FindResults, PageLoaded, PaperLoaded, PassageFound
from papermind.tui.screens.base import PapermindScreen
from papermind.tui.widgets.highlight import PASSAGE, find_all, locate, mark_terms, query_terms
from papermind.tui.widgets.reflow import reflow

if TYPE_CHECKING:
    from papermind.library import PageView, SectionInfo


class ReaderScreen(PapermindScreen):
    CSS_PATH = "reader.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("left_square_bracket,pageup", "page(-1)", "Prev page", key_display="["),
        Binding("right_square_bracket,pagedown", "page(1)", "Next page", key_display="]"),
        Binding("ctrl+f,slash", "find", "Find", key_display="^f"),
        Binding("n", "hit(1)", "Next hit"),
        Binding("N", "hit(-1)", "Prev hit", key_display="N"),
        Binding("o", "outline", "Outline"),
    ]

    def __init__(self, paper_key: str, page: int = 1, terms: tuple[str, ...] = (), passage: str = "") -> None:
        super().__init__()
        self.paper_key = paper_key
        self.page_no = max(1, page)
        self.num_pages: int | None = None
        self.terms: list[str] = list(terms)
        self.page: PageView | None = None
        self.sections: list[SectionInfo] = []
        self.matches: list[tuple[int, int, int]] = []  # (page, start, end)
        self.current: int | None = None  # index into matches
        self.passage = passage
        self.passage_at: tuple[int, int, int] | None = None  # (page, start, end) once located
        # reflowed page texts (what is on screen): find and hit positions index into these
        self._texts: dict[int, str] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="reader-body"):
            with Vertical(id="outline-pane"):
                yield Label("Outline", classes="pane-title")
                yield OptionList(id="outline")
            with Vertical(id="page-pane"):
                yield Label(f"{self.paper_key} · loading page {self.page_no}…", id="page-title")
                yield VerticalScroll(Static("", id="page-text"), id="page-scroll")
                with Horizontal(id="find-bar", classes="hidden"):
                    yield Input(" ".join(self.terms), placeholder="find in paper", id="find")
                    yield Label("", id="find-status")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.paper_key
        self.query_one("#page-scroll").focus()
        self.load_paper()
        self.load_page(self.page_no)
        if self.terms:
            self.query_one("#find-bar").remove_class("hidden")
            self.find(tuple(self.terms))
        if self.passage:
            self.locate_passage(self.passage, self.page_no)

    # -- loading -----------------------------------------------------------------------------
    @work(thread=True, group="paper", exit_on_error=False, name="paper")
    def load_paper(self) -> None:
        detail = self.api.library.paper(self.paper_key)
        self.post_message(PaperLoaded(detail))

    @work(thread=True, exclusive=True, group="page", exit_on_error=False, name="page")
    def load_page(self, number: int) -> None:
        page = self.api.library.page(self.paper_key, number)
        if not get_current_worker().is_cancelled:
            self.post_message(PageLoaded(page))

    @work(thread=True, group="passage", exit_on_error=False, name="passage")
    def locate_passage(self, passage: str, near: int) -> None:
        """Find the passage on its page, else on the next, the previous, then any page."""
        total = self.api.library.page(self.paper_key, near).num_pages
        order = [near, near + 1, near - 1, *range(1, total + 1)]
        for n in dict.fromkeys(p for p in order if 1 <= p <= total):
            text = self._texts.get(n)
            if text is None:
                text = self._texts[n] = reflow(self.api.library.page_text(self.paper_key, n) or "")
            at = locate(text, passage)
            if at is not None:
                self.post_message(PassageFound(n, *at))
                return
        self.post_message(PassageFound(0))

    def on_passage_found(self, message: PassageFound) -> None:
        if not message.page:
            self.notify("The passage was not found on the page; showing the page.", severity="warning")
            return
        self.passage_at = (message.page, message.start, message.end)
        if message.page != self.page_no:
            self.go_to(message.page)  # renders and scrolls when the page arrives
        else:
            self._render_page()
            self.call_after_refresh(self._scroll_to_current)

    def on_paper_loaded(self, message: PaperLoaded) -> None:
        detail = message.detail
        self.num_pages = detail.info.num_pages
        self.title = detail.info.title
        self.sections = list(detail.sections)
        outline = self.query_one("#outline", OptionList)
        outline.clear_options()
        for i, s in enumerate(self.sections):
            indent = "  " * max(0, (s.level or 1) - 1)
            # the page first, so cutting a long title to the pane never hides it
            text = Text(f"{s.page_start!s:>3} ", style="dim", no_wrap=True, overflow="ellipsis")
            text.append(f"{indent}{s.label}", style="")
            outline.add_option(Option(text, id=str(i)))
        if not self.sections:
            outline.add_option(Option(Text("no sections found", style="dim"), disabled=True))
        self._render_page()  # the header's section is known now

    def on_page_loaded(self, message: PageLoaded) -> None:
        self.page = page = message.page
        self.page_no = page.number
        self.num_pages = page.num_pages
        self._texts[self.page_no] = reflow(page.text)
        self._render_page()
        self.query_one("#page-scroll", VerticalScroll).scroll_home(animate=False)
        self.call_after_refresh(self._scroll_to_current)  # once the new page is laid out

    def _render_page(self) -> None:
        page = self.page
        if page is None:
            return
        # one line at any width: page and section first, the (long) paper title cut to fit
        title = Text(
            f"page {self.page_no}/{self.num_pages or '?'}", style="cyan", no_wrap=True, overflow="ellipsis"
        )
        text = self._texts.get(self.page_no)
        if text is None:
            text = self._texts[self.page_no] = reflow(page.text)
        target = self._target()
        section = self._section_at(text, target[1] if target else 0) or page.section
        if section:
            title.append(f" · {section}", style="italic")
        title.append(f" · {page.paper_title or self.paper_key}", style="bold")
        self.query_one("#page-title", Label).update(title)
        current = None
        if self.current is not None and self.matches[self.current][0] == self.page_no:
            current = self.matches[self.current][1:]
        body = mark_terms(text, self.terms, current=current)
        if self.passage_at is not None and self.passage_at[0] == self.page_no:
            body.stylize(PASSAGE, *self.passage_at[1:])
        self.query_one("#page-text", Static).update(body)

    def _target(self) -> tuple[int, int] | None:
        """(start, end) on this page of what the reader points at: the current find hit, else the
        passage it was opened on."""
        if self.current is not None and self.matches and self.matches[self.current][0] == self.page_no:
            return self.matches[self.current][1:]
        if self.passage_at is not None and self.passage_at[0] == self.page_no:
            return self.passage_at[1:]
        return None

    def _section_at(self, text: str, offset: int) -> str | None:
        """The section in force at ``offset`` of this page: the last one whose heading (at a line
        start) precedes it, else the last one begun on an earlier page; None before the outline
        is loaded."""
        if not self.sections:
            return None
        current: str | None = None
        for s in self.sections:
            if s.page_start < self.page_no:
                current = s.label
            elif s.page_start == self.page_no:
                at = _heading_at(text, s.label) or _heading_at(text, s.title)
                if at is not None and at <= offset:
                    current = s.label
                elif at is not None:
                    break
        return current

    # -- navigation --------------------------------------------------------------------------
    def action_back(self) -> None:
        find_bar = self.query_one("#find-bar")
        if self.query_one("#find", Input).has_focus:
            self.query_one("#page-scroll").focus()
            return
        if not find_bar.has_class("hidden") and not self.terms:
            find_bar.add_class("hidden")
            return
        self.dismiss()

    def action_page(self, delta: int) -> None:
        target = self.page_no + delta
        if target < 1 or (self.num_pages and target > self.num_pages):
            self.app.bell()
            return
        self.go_to(target)

    def go_to(self, page: int) -> None:
        self.page_no = page
        self.query_one("#page-title", Label).update(f"{self.paper_key} · loading page {page}…")
        self.load_page(page)

    def action_outline(self) -> None:
        self.query_one("#outline", OptionList).focus()

    @on(OptionList.OptionSelected, "#outline")
    def _outline(self, event: OptionList.OptionSelected) -> None:
        if event.option_index < len(self.sections):
            self.go_to(self.sections[event.option_index].page_start)
            self.query_one("#page-scroll").focus()

    # -- find in paper -----------------------------------------------------------------------
    def action_find(self) -> None:
        self.query_one("#find-bar").remove_class("hidden")
        self.query_one("#find", Input).focus()

    @on(Input.Submitted, "#find")
    def _find_submitted(self, event: Input.Submitted) -> None:
        terms = query_terms(event.value) if " " in event.value.strip() else [event.value.strip()]
        self.terms = [t for t in terms if t]
        self.current = None
        self._render_page()
        if self.terms:
            self.query_one("#find-status", Label).update("finding…")
            self.find(tuple(self.terms))
        else:
            self.matches = []
            self.query_one("#find-status", Label).update("")
        self.query_one("#page-scroll").focus()

    @work(thread=True, exclusive=True, group="find", exit_on_error=False, name="find")
    def find(self, terms: tuple[str, ...]) -> None:
        total = self.num_pages or self.api.library.page(self.paper_key, 1).num_pages
        page_text = self.api.library.page_text  # one read per page
        texts: dict[int, str] = {}
        for n in range(1, total + 1):
            if get_current_worker().is_cancelled:
                return
            texts[n] = self._texts.get(n) or reflow(page_text(self.paper_key, n) or "")
        self._texts.update(texts)
        matches = [(n, s, e) for n in range(1, total + 1) for s, e in find_all(texts[n], terms)]
        self.post_message(FindResults(" ".join(terms), matches))

    def on_find_results(self, message: FindResults) -> None:
        self.matches = message.matches
        self.current = None
        if self.matches:
            # first match on or after the page being read
            self.current = next((i for i, m in enumerate(self.matches) if m[0] >= self.page_no), 0)
        self._show_current()

    def action_hit(self, delta: int) -> None:
        if not self.matches:
            self.app.bell()
            return
        self.current = 0 if self.current is None else (self.current + delta) % len(self.matches)
        self._show_current()

    def _show_current(self) -> None:
        status = self.query_one("#find-status", Label)
        if not self.matches or self.current is None:
            status.update("no matches" if self.terms else "")
            self._render_page()
            return
        page, _, _ = self.matches[self.current]
        on_pages = len({m[0] for m in self.matches})
        status.update(f"{self.current + 1}/{len(self.matches)} on {on_pages} page(s) · n/N")
        if page != self.page_no:
            self.go_to(page)  # renders and scrolls when the page arrives
        else:
            self._render_page()
            self.call_after_refresh(self._scroll_to_current)

    def _scroll_to_current(self) -> None:
        target = self._target()
        if target is None:
            return
        start = target[0]
        text = self._texts.get(self.page_no, "")
        scroll = self.query_one("#page-scroll", VerticalScroll)
        width = max(10, scroll.scrollable_content_region.width - 2)
        lines = Text(text[:start]).wrap(self.app.console, width)
        scroll.scroll_to(y=max(0, len(lines) - 4), animate=False)


def _heading_at(text: str, heading: str) -> int | None:
    """Where ``heading`` starts a line of ``text``, or None."""
    pos = 0
    while (at := locate(text[pos:], heading)) is not None:
        start = pos + at[0]
        if start == 0 or text[:start].rstrip(" ").endswith("\n"):
            return start
        pos = start + 1
    return None

"""Concept map of a week or a paper: a navigable tree, most salient first, with links."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Header, Label, OptionList, Select, Static, Tree
from textual.widgets.option_list import Option
from textual.widgets.tree import TreeNode

from papermind.tui.messages import ChoicesLoaded, ConceptLoaded, ConceptMapLoaded, OpenReader
from papermind.tui.screens._choices import current_week, cut, paper_choices, week_choices
from papermind.tui.screens.base import PapermindScreen

if TYPE_CHECKING:
    from papermind.concepts.graph import BuildsOn, ConceptMap, Node, Occurrence

# What the numbers beside a concept mean (the CLI's legend says the same)
LEGEND = "score 0-100 (how central to this map; the top concept is 100) · ×N: times it occurs"

# What a tree node holds: ("concept", label) or ("earlier", papers met before, that week)
NodeData = tuple[str, str] | tuple[str, str, int]


def _builds(link: BuildsOn, ids: dict[int, str]) -> tuple[str, str, int]:
    """(concept here, where it was met before, that week); links name concepts by id."""
    here = ids.get(link.concept_id, str(link.concept_id))
    earlier = ", ".join(link.papers) if link.papers else here
    return here, earlier, link.week


class ConceptsScreen(PapermindScreen):
    CSS_PATH = "concepts.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "focus_scope", "Week/paper"),
        Binding("ctrl+e", "focus_occurrences", "Occurrences"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.cmap: ConceptMap | None = None
        self.nodes: dict[str, Node] = {}
        self.tree_nodes: dict[str, TreeNode[NodeData]] = {}
        self.occurrences: list[Occurrence] = []
        self.selected: str | None = None
        self.wanted: str | None = None  # a scope asked for before the pickers were filled
        self._scopes: set[str] | None = None  # the picker's values once loaded

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="bar"):
            yield Label("Map of", id="scope-label")
            yield Select[str]([], prompt="pick a week or a paper", id="scope", compact=True)
        with Horizontal(id="body"):
            yield Tree[NodeData]("Concepts", id="tree")
            with Vertical(id="detail-pane"):
                yield VerticalScroll(Static("Pick a week or a paper above.", id="detail"), id="detail-scroll")
                yield Label("Occurrences (enter opens the reader)", classes="pane-title")
                yield OptionList(id="occurrences")
        yield Footer()

    def refresh_from_store(self) -> None:
        self.load_choices()

    def on_mount(self) -> None:
        tree = self.query_one("#tree", Tree)
        tree.show_root = False
        tree.border_title = "Concepts"
        tree.border_subtitle = "score 0-100 · ×N occurrences"
        tree.focus()
        self.load_choices()

    @work(thread=True, group="choices", exit_on_error=False, name="choices")
    def load_choices(self) -> None:
        self.post_message(
            ChoicesLoaded(
                week_choices(self.api), paper_choices(self.api), current_week(self.api, self.pm_app.today)
            )
        )

    def on_choices_loaded(self, message: ChoicesLoaded) -> None:
        options = [(f"Week {label}", f"w:{w}") for label, w in message.weeks]
        options += [(f"Paper {label}", f"p:{k}") for label, k in message.papers]
        select = self.query_one("#scope", Select)
        select.set_options(options)
        self._scopes = {value for _, value in options}
        if self.wanted is not None:
            self.open_scope(self.wanted)
            return
        week = message.current_week
        if week is None and message.weeks:
            week = message.weeks[0][1]
        if week is not None and any(w == week for _, w in message.weeks):
            select.value = f"w:{week}"

    def open_scope(self, scope: str) -> None:
        """Show the map of ``w:N`` or ``p:KEY`` (the palette's "Concepts: …" commands)."""
        self.wanted = scope
        if self._scopes is None:
            return  # the pickers are loading; on_choices_loaded opens it
        self.wanted = None
        select = self.query_one("#scope", Select)
        if scope in self._scopes:
            if select.value == scope:
                self.load_map(scope)
            else:
                select.value = scope  # Select.Changed loads the map
        else:
            self.notify(f"No {scope[2:]} in the pickers", severity="warning")

    @on(Select.Changed, "#scope")
    def _scope(self, event: Select.Changed) -> None:
        if event.value is Select.BLANK:
            return
        self.query_one("#detail", Static).update("Building the map…")
        self.load_map(str(event.value))

    def action_focus_scope(self) -> None:
        self.query_one("#scope", Select).focus()

    def action_focus_occurrences(self) -> None:
        self.query_one("#occurrences", OptionList).focus()

    @work(thread=True, exclusive=True, group="map", exit_on_error=False, name="map")
    def load_map(self, scope: str) -> None:
        kind, _, value = scope.partition(":")
        if kind == "w":
            cmap = self.api.concepts.week_map(int(value), top=25)
        else:
            cmap = self.api.concepts.paper_map(value, top=25)
        self.post_message(ConceptMapLoaded(scope, cmap))

    # -- the tree ------------------------------------------------------------------------------
    def on_concept_map_loaded(self, message: ConceptMapLoaded) -> None:
        self.cmap = cmap = message.cmap
        nodes = sorted(cmap.nodes, key=lambda n: -n.score)
        self.nodes = {n.label: n for n in nodes}
        ids = {n.id: n.label for n in nodes}
        links = {
            ids[n.id]: [(ids[o], e.relation or "uses") for e, o in cmap.links_of(n.id) if o in ids]
            for n in nodes
        }  # strongest first
        builds: dict[str, list[tuple[str, int, str]]] = {}
        for link in cmap.builds_on:
            here, earlier, week = _builds(link, ids)
            builds.setdefault(here, []).append((earlier, week, link.relation))
        tree = self.query_one("#tree", Tree)
        tree.clear()
        self.tree_nodes = {}
        for label, n in self.nodes.items():
            text = Text(label, style="bold")
            text.append(f"  {n.score:.0f} ×{n.n_occurrences}", style="cyan")
            if n.papers:
                text.append(f"  {', '.join(n.papers)}", style="dim")
            has_kids = bool(links.get(label) or builds.get(label))
            node = tree.root.add(text, data=("concept", label), expand=False, allow_expand=has_kids)
            self.tree_nodes[label] = node
            for other, rel in links.get(label, []):
                node.add_leaf(Text.assemble((f"↔ {rel} ", "cyan"), other), data=("concept", other))
            for earlier, week, rel in builds.get(label, []):
                where = f" (week {week})"
                node.add_leaf(
                    Text.assemble((f"⤷ {rel} ", "magenta"), earlier, (where, "dim")),
                    data=("earlier", earlier, week),
                )
        missing = cmap.missing_papers
        note = Text(
            f"{len(self.nodes)} concepts, most central first. Enter shows one.\n{LEGEND}", style="dim"
        )
        if missing:
            note.append(f"\nNot ingested (left out): {', '.join(missing)}", style="yellow")
        if not self.nodes:
            note = Text(cmap.message or "No concepts for this selection yet.", style="dim")
            if missing:
                note.append(f"\nPapers not ingested: {', '.join(missing)}", style="yellow")
        self.query_one("#detail", Static).update(note)
        self.query_one("#occurrences", OptionList).clear_options()
        if self.nodes:
            tree.focus()
            tree.move_cursor(tree.root.children[0])

    @on(Tree.NodeHighlighted, "#tree")
    @on(Tree.NodeSelected, "#tree")
    def _node(self, event: Tree.NodeHighlighted[NodeData] | Tree.NodeSelected[NodeData]) -> None:
        data = event.node.data
        if not data:
            return
        if data[0] == "concept":
            if (
                isinstance(event, Tree.NodeSelected)
                and data[1] in self.tree_nodes
                and self.tree_nodes[data[1]] is not event.node
                and event.node.parent is not None
                and event.node.parent is not self.query_one("#tree", Tree).root
            ):
                target = self.tree_nodes[data[1]]  # a link: jump to that concept
                self.query_one("#tree", Tree).move_cursor(target)
                return
            self.show_concept(data[1])
        elif len(data) == 3:  # ("earlier", papers, week)
            week = data[2]
            self.query_one("#detail", Static).update(
                Text.assemble(
                    ("builds on ", "magenta"),
                    (data[1], "bold"),
                    (f" from week {week}", "dim"),
                    ("\nPick that week above to see its map.", "dim"),
                )
            )

    def show_concept(self, label: str) -> None:
        node = self.nodes.get(label)
        if node is None:
            return
        self.selected = label
        text = Text(label, style="bold underline")
        text.append(
            f"\nscore {node.score:.0f} of 100 (how central to this map) · {node.n_occurrences} occurrences",
            style="dim",
        )
        if node.papers:
            text.append(f"\nin {', '.join(node.papers)}", style="dim")
        text.append("\n\n")
        if node.definition:
            text.append(node.definition, style="italic")
            if node.definition_paper:  # the map's own paper's definition when it has one
                page = f" p.{node.definition_page}" if node.definition_page else ""
                text.append(f"\n({node.definition_paper}{page})", style="dim")
        else:
            text.append("No defining sentence found.", style="dim")
        self.query_one("#detail", Static).update(text)
        self.occurrences = []  # a map's nodes carry none: they load with the concept's detail
        self._fill_occurrences()
        self.load_concept(label, node.id)

    @work(thread=True, exclusive=True, group="concept", exit_on_error=False, name="concept")
    def load_concept(self, label: str, concept_id: int) -> None:
        detail = self.api.concepts.concept(concept_id, max_occurrences=50)
        self.post_message(ConceptLoaded(label, detail))

    def on_concept_loaded(self, message: ConceptLoaded) -> None:
        if message.label != self.selected:
            return
        detail = message.detail
        self.occurrences = list(detail.occurrences)
        self._fill_occurrences()

    def _fill_occurrences(self) -> None:
        box = self.query_one("#occurrences", OptionList)
        box.clear_options()
        for i, occ in enumerate(self.occurrences):
            line = Text(f"{occ.paper_key} p.{occ.page}", style="cyan")
            if occ.snippet:
                line.append(f"  {cut(occ.snippet, 160)}")
            box.add_option(Option(line, id=str(i)))
        if not self.occurrences:
            box.add_option(Option(Text("loading occurrences…", style="dim"), disabled=True))

    @on(OptionList.OptionSelected, "#occurrences")
    def _open(self, event: OptionList.OptionSelected) -> None:
        if event.option_index < len(self.occurrences):
            occ = self.occurrences[event.option_index]
            self.post_message(OpenReader(occ.paper_key, occ.page, (self.selected,) if self.selected else ()))

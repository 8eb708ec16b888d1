"""A ConceptMap as text (80 columns), JSON-ready dict, Graphviz DOT or Mermaid."""

from __future__ import annotations

import re
import textwrap
from dataclasses import asdict
from typing import Any

from papermind.concepts.graph import ConceptMap, Node

FORMATS = ("text", "json", "dot", "mermaid")


def _title(m: ConceptMap) -> str:
    if m.paper:
        head = f"Concept map: {m.paper}"
        return head + (f" (week {m.week}, {m.version})" if m.week else "")
    return f"Concept map: week {m.week} ({m.version} schedule)"


def to_dict(m: ConceptMap) -> dict[str, Any]:
    d = asdict(m)
    d["title"] = _title(m)
    return d


def to_text(m: ConceptMap, width: int = 80, links: int = 3) -> str:
    out = [_title(m)]
    if m.papers:
        out.append("papers: " + ", ".join(m.papers))
    if m.missing_papers and not (m.message and "ingested" in m.message):
        out.append("not ingested yet: " + ", ".join(m.missing_papers))
    if m.message:
        out.extend(textwrap.wrap("note: " + m.message, width, subsequent_indent="  "))
    if not m.nodes:
        return "\n".join(out) + "\n"
    out.append("")
    earlier: dict[tuple[int, str], list[str]] = {}
    for b in m.builds_on:
        earlier.setdefault((b.concept_id, b.relation), []).append(f"wk {b.week} ({', '.join(b.papers)})")
    label = {n.id: n.label for n in m.nodes}
    for i, n in enumerate(m.nodes, 1):
        multi = f"  [{', '.join(n.papers)}]" if len(m.papers) > 1 else ""
        head = f"{i:>2}. {n.label}  {n.score:.0f}{multi}  ×{n.n_occurrences}"
        out.append(_clip(head, width))
        if n.aliases:
            out.append(_clip("      aka " + "; ".join(n.aliases[:4]), width))
        if n.definition:
            out.extend(
                textwrap.wrap(
                    "def: " + n.definition + _source(n),
                    width,
                    initial_indent="      ",
                    subsequent_indent="        ",
                )
            )
        ls = m.links_of(n.id)[:links]
        if ls:
            parts = [f"{label[o]} ({e.relation or e.kind} {e.weight:.2f})" for e, o in ls]
            out.extend(
                textwrap.wrap(
                    "links: " + ", ".join(parts), width, initial_indent="      ", subsequent_indent="        "
                )
            )
        for rel in ("builds on", "also in"):
            if (n.id, rel) in earlier:
                out.extend(
                    textwrap.wrap(
                        f"{rel}: " + "; ".join(earlier[(n.id, rel)]),
                        width,
                        initial_indent="      ",
                        subsequent_indent="        ",
                    )
                )
    out.append("")
    out.extend(
        textwrap.wrap(
            "score: 0-100, ×N: occurrences; def: the sentence that defines it; links: defines / "
            "contrasts / uses (co-occurrence, normalised PMI) / similar (labels)",
            width,
        )
    )
    return "\n".join(out) + "\n"


def _source(n: Node) -> str:
    if n.definition_paper is None:
        return ""
    return f" ({n.definition_paper}" + (f" p.{n.definition_page})" if n.definition_page else ")")


def _clip(s: str, width: int) -> str:
    return s if len(s) <= width else s[: width - 1] + "…"


# -- graphs ------------------------------------------------------------------------------------
def _dot_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(m: ConceptMap) -> str:
    lines = [
        "digraph concepts {",
        "  graph [rankdir=LR, label=" + _dot_str(_title(m)) + "];",
        '  node [shape=box, style="rounded"];',
    ]
    earlier_nodes: dict[tuple[int, int], str] = {}
    for n in m.nodes:
        lines.append(
            f"  {_dot_str(f'c{n.id}')} [label={_dot_str(n.label)}, "
            f"tooltip={_dot_str(f'score {n.score:.0f}, {n.n_occurrences} occurrences')}];"
        )
    for e in m.edges:
        style = "dashed" if e.kind == "similar" else "solid"
        lines.append(
            f"  {_dot_str(f'c{e.a}')} -> {_dot_str(f'c{e.b}')} "
            f"[dir=none, style={style}, label={_dot_str(f'{e.relation or e.kind} {e.weight:.2f}')}];"
        )
    for b in m.builds_on:
        nid = f"w{b.week}c{b.concept_id}"
        if (b.week, b.concept_id) not in earlier_nodes:
            earlier_nodes[(b.week, b.concept_id)] = nid
            lab = f"week {b.week}: {', '.join(b.papers)}"
            lines.append(f"  {_dot_str(nid)} [label={_dot_str(lab)}, shape=note];")
        lines.append(
            f"  {_dot_str(nid)} -> {_dot_str(f'c{b.concept_id}')} [label={_dot_str(b.relation)}, color=gray];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def _mm_label(s: str) -> str:
    """A Mermaid label in double quotes: quotes and markup characters as entity codes."""
    return '"' + re.sub(r'["<>#&|\[\]{}()]', lambda x: f"#{ord(x.group(0))};", s) + '"'


def to_mermaid(m: ConceptMap) -> str:
    lines = ["graph LR", f"  %% {_title(m)}"]
    for n in m.nodes:
        lines.append(f"  c{n.id}[{_mm_label(n.label)}]")
    for e in m.edges:
        arrow = "-.-" if e.kind == "similar" else "---"
        lines.append(f"  c{e.a} {arrow}|{_mm_label(f'{e.relation or e.kind} {e.weight:.2f}')}| c{e.b}")
    seen = set()
    for b in m.builds_on:
        nid = f"w{b.week}c{b.concept_id}"
        if nid not in seen:
            seen.add(nid)
            lines.append(f"  {nid}({_mm_label(f'week {b.week}: ' + ', '.join(b.papers))})")
        lines.append(f"  {nid} -->|{_mm_label(b.relation)}| c{b.concept_id}")
    if not m.nodes and m.message:
        lines.append(f"  empty[{_mm_label(m.message)}]")
    return "\n".join(lines) + "\n"


def render(m: ConceptMap, fmt: str) -> str:
    import json

    if fmt == "text":
        return to_text(m)
    if fmt == "json":
        return json.dumps(to_dict(m), indent=2, ensure_ascii=False) + "\n"
    if fmt == "dot":
        return to_dot(m)
    if fmt == "mermaid":
        return to_mermaid(m)
    raise ValueError(f"unknown format {fmt!r}")

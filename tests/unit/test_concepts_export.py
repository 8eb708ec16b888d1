"""The four output formats. Mermaid and DOT are parsed back with small parsers (ids valid,
labels round-trip, every edge joins declared nodes), not string-compared."""

from __future__ import annotations

import html
import json
import re

from papermind.concepts.export import render, to_text
from papermind.concepts.graph import BuildsOn, ConceptMap, Edge, Node

LABELS = {
    1: 'KV "cache"',
    2: "block table [per request]",
    3: "copy-on-write (CoW) | <x>",
    4: "a very long concept label that goes on and on " * 2,
}


def _map() -> ConceptMap:
    nodes = tuple(
        Node(
            i,
            lab,
            ("alias",) if i == 1 else (),
            100.0 / i,
            ("pagedattention",),
            "A definition." if i == 2 else None,
            10 - i,
        )
        for i, lab in LABELS.items()
    )
    edges = (
        Edge(1, 2, 0.61, "cooccur", "defines"),
        Edge(2, 3, 0.42, "cooccur", "uses"),
        Edge(1, 4, 0.7, "similar", "similar"),
    )
    return ConceptMap(
        6,
        ("pagedattention",),
        ("cachegen",),
        nodes,
        edges,
        (BuildsOn(1, 2, ("attention",)),),
        "not ingested yet: cachegen",
        "revised",
    )


# -- a small Mermaid flowchart parser ----------------------------------------------------------
_MM_ID = r"[A-Za-z][A-Za-z0-9_]*"
_MM_NODE = re.compile(rf'^({_MM_ID})(\[|\()"([^"]*)"(\]|\))$')
_MM_EDGE = re.compile(rf'^({_MM_ID}) (---|-\.-|-->)(?:\|"([^"]*)"\|)? ({_MM_ID})$')


def parse_mermaid(src: str) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    lines = [ln.strip() for ln in src.splitlines() if ln.strip()]
    assert lines[0] == "graph LR"
    nodes: dict[str, str] = {}
    edges = []
    for ln in lines[1:]:
        if ln.startswith("%%"):
            continue
        if m := _MM_NODE.match(ln):
            text = re.sub(r"#(\d+);", lambda x: chr(int(x.group(1))), m.group(3))
            nodes[m.group(1)] = text
        elif m := _MM_EDGE.match(ln):
            edges.append((m.group(1), m.group(4), m.group(2)))
        else:
            raise AssertionError(f"not valid mermaid: {ln!r}")
    return nodes, edges


# -- a small DOT parser (the subset papermind writes) --------------------------------------------
_DOT_Q = r'"((?:[^"\\]|\\.)*)"'
_DOT_ATTRS = r"\[(.*)\];"


def _unq(s: str) -> str:
    return re.sub(r"\\(.)", r"\1", s)


def parse_dot(src: str) -> tuple[dict[str, str], list[tuple[str, str]]]:
    lines = [ln.strip() for ln in src.splitlines() if ln.strip()]
    assert re.match(r"^digraph \w+ \{$", lines[0]) and lines[-1] == "}"
    nodes: dict[str, str] = {}
    edges = []
    for ln in lines[1:-1]:
        if ln.startswith(("graph ", "node ")):
            continue
        if m := re.match(rf"^{_DOT_Q} -> {_DOT_Q} {_DOT_ATTRS}$", ln):
            edges.append((_unq(m.group(1)), _unq(m.group(2))))
        elif m := re.match(rf"^{_DOT_Q} {_DOT_ATTRS}$", ln):
            label = re.search(rf"label={_DOT_Q}", m.group(2))
            assert label, ln
            nodes[_unq(m.group(1))] = _unq(label.group(1))
        else:
            raise AssertionError(f"not valid dot: {ln!r}")
    return nodes, edges


def test_mermaid_round_trips_labels_and_edges():
    nodes, edges = parse_mermaid(render(_map(), "mermaid"))
    assert {nodes[f"c{i}"] for i in LABELS} == set(LABELS.values())
    assert all(a in nodes and b in nodes for a, b, _ in edges)
    kinds = {(a, b): k for a, b, k in edges}
    assert kinds[("c1", "c2")] == "---" and kinds[("c1", "c4")] == "-.-"
    assert kinds[("w2c1", "c1")] == "-->" and "attention" in nodes["w2c1"]


def test_dot_round_trips_labels_and_edges():
    nodes, edges = parse_dot(render(_map(), "dot"))
    assert {nodes[f"c{i}"] for i in LABELS} == set(LABELS.values())
    assert ("c1", "c2") in edges and ("w2c1", "c1") in edges
    assert all(a in nodes and b in nodes for a, b in edges)


def test_json_carries_everything():
    data = json.loads(render(_map(), "json"))
    assert data["week"] == 6 and data["missing_papers"] == ["cachegen"]
    assert data["message"] == "not ingested yet: cachegen"
    assert {n["label"] for n in data["nodes"]} == set(LABELS.values())
    assert data["edges"][0] == {"a": 1, "b": 2, "weight": 0.61, "kind": "cooccur", "relation": "defines"}
    assert data["builds_on"] == [
        {"concept_id": 1, "week": 2, "papers": ["attention"], "relation": "builds on"}
    ]


def test_text_fits_80_columns_and_shows_links_and_history():
    text = to_text(_map())
    assert all(len(line) <= 80 for line in text.splitlines())
    assert "not ingested yet: cachegen" in text
    assert "block table [per request]" in text and "builds on: wk 2 (attention)" in text
    assert "links:" in text and html.unescape(text) == text
    assert "(defines 0.61)" in text and "(similar 0.70)" in text


def test_text_shows_each_definition_under_its_concept_and_the_whole_legend():
    text = to_text(_map())
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(" 2. block table"))
    assert lines[at + 1].strip() == "def: A definition."
    assert sum("def:" in line for line in lines[:-3]) == 1  # only node 2 has one
    legend = " ".join(line.strip() for line in lines[-3:])
    assert "similar (labels)" in legend and "…" not in legend


def test_empty_map_still_renders():
    empty = ConceptMap(1, (), (), (), (), (), "week 1 has no paper", "revised")
    assert "week 1 has no paper" in to_text(empty)
    nodes, edges = parse_mermaid(render(empty, "mermaid"))
    assert edges == [] and list(nodes.values()) == ["week 1 has no paper"]
    assert parse_dot(render(empty, "dot")) == ({}, [])

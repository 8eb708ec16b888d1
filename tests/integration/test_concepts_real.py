"""Concept maps of the seven real papers: the paper that proposes a term keeps it, a benchmark
paper's own sections are not taken for experiments, definitions for most top concepts, little
junk (by the gold file's junk patterns)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

GOLD = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "concepts_gold.toml"
PAPERS = (
    "attention",
    "bert",
    "alisa",
    "mlperf-training",
    "pagedattention",
    "flashattention",
    "zero-infinity",
)


def test_the_transformer_is_a_key_concept_of_the_paper_that_proposes_it(real_store):
    m = real_store.concepts.paper_map("attention", top=25)
    node = next((n for n in m.nodes if n.label == "Transformer"), None)
    assert node is not None, [n.label for n in m.nodes]
    assert node.definition is not None and "propose" in node.definition


def test_a_benchmark_papers_method_sections_are_not_experiments(real_store):
    from sqlalchemy.orm import Session

    from papermind.concepts.build import load_corpus

    with Session(real_store.engine) as s:
        paper = next(p for p in load_corpus(s) if p.key == "mlperf-training")
    timing = [c for c in paper.chunks if c.heading == "Timing Rules"]
    assert timing and not any(c.evaluation for c in timing)


def test_top_concepts_are_mostly_defined_and_hardly_junk(real_store):
    junk = [re.compile(p, re.I) for p in tomllib.loads(GOLD.read_text())["junk_patterns"]]
    for key in PAPERS:
        nodes = real_store.concepts.paper_map(key, top=25).nodes
        assert len(nodes) == 25, key
        bad = [n.label for n in nodes if any(j.search(n.label) for j in junk)]
        assert len(bad) <= 2, (key, bad)
        assert sum(n.definition is not None for n in nodes) >= 6, key

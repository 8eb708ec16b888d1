"""Generated cloze practice from concept definitions (with a stand-in concept service)."""

from __future__ import annotations

from types import SimpleNamespace

from papermind.errors import NotFoundError
from papermind.quiz.grading.rules import grade
from papermind.quiz.practice.cloze import cloze_from_definition, generate_cloze


def test_cloze_from_definition():
    q = cloze_from_definition(
        "pagedattention",
        "PagedAttention",
        ("paged attention",),
        "PagedAttention is an attention algorithm that stores keys and values in non-contiguous blocks.",
        4,
    )
    assert q.text == "{1} is an attention algorithm that stores keys and values in non-contiguous blocks."
    assert q.generated and q.id == "gen-pagedattention-pagedattention" and q.evidence.page == 4
    assert grade(q, "pagedattention").correct and grade(q, "paged attention").correct
    assert cloze_from_definition("p", "KV cache", (), "The KV cache grows.") is None  # too short
    assert (
        cloze_from_definition("p", "block table", (), "Each request keeps a mapping of its logical pages.")
        is None
    )


def test_generate_skips_uningested_and_missing_maps():
    node = SimpleNamespace(
        id=1,
        label="block table",
        aliases=(),
        definition="The block table maps the logical blocks of a request to physical blocks in GPU memory.",
    )

    def paper_map(key, top):
        if key == "bert":
            raise NotFoundError("no concepts for bert")
        return SimpleNamespace(nodes=[node])

    library = SimpleNamespace(is_ingested=lambda k: k != "alisa")
    concepts = SimpleNamespace(
        paper_map=paper_map,
        concept=lambda cid, max_occurrences=0: SimpleNamespace(
            definition_paper="pagedattention", definition_page=5
        ),
    )
    qs = generate_cloze(library, concepts, ["alisa", "bert", "pagedattention"])
    assert [q.id for q in qs] == ["gen-pagedattention-block-table"]
    assert qs[0].text.startswith("The {1} maps") and qs[0].evidence.page == 5

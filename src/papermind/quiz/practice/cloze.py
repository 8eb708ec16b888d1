"""Generated practice: cloze questions from concepts' defining sentences (``pm.concepts``).

For each of a paper's top concepts whose definition sentence (taken from the paper) contains the
concept's label or an alias, the label is blanked out: "{1} partitions the KV cache into blocks".
Questions are marked ``generated = True`` with ids ``gen-<paper>-<slug>`` and are only offered
when asked for (``include_generated``). Papers that are not ingested yield nothing.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from papermind.errors import PapermindError
from papermind.quiz.bank.model import Blank, Evidence, Pattern, Question

if TYPE_CHECKING:
    from papermind.concepts.service import ConceptService
    from papermind.library import LibraryService

TOP = 15
MIN_SENTENCE_WORDS = 6


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "concept"


def cloze_from_definition(
    paper: str, label: str, aliases: tuple[str, ...], sentence: str, page: int | None = None
) -> Question | None:
    sentence = " ".join(sentence.replace("{", "(").replace("}", ")").split())
    if len(sentence.split()) < MIN_SENTENCE_WORDS:
        return None
    for term in sorted({label, *aliases}, key=len, reverse=True):
        m = re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", sentence, re.IGNORECASE)
        if m:
            break
    else:
        return None
    text = sentence[: m.start()] + "{1}" + sentence[m.end() :]
    if len(text.replace("{1}", "").split()) < MIN_SENTENCE_WORDS - 1:
        return None
    answers = [Pattern(t) for t in dict.fromkeys([label, *aliases])]
    return Question(
        id=f"gen-{paper}-{_slug(label)}",
        type="cloze",
        prompt="Which concept is defined here?",
        paper=paper,
        text=text,
        blanks=[Blank(answers=answers, reference=[label])],
        explanation=f"The sentence defines “{label}”.",
        concepts=[label],
        generated=True,
        evidence=Evidence(paper=paper, page=page, quote=sentence[:120]) if page else None,
        difficulty="easy",
        tags=["generated"],
    )


def generate_cloze(
    library: LibraryService, concepts: ConceptService, papers: list[str], top: int = TOP
) -> list[Question]:
    """Cloze questions for the given papers (none for a paper that is not ingested)."""
    out: list[Question] = []
    seen: set[str] = set()
    for key in papers:
        if not library.is_ingested(key):
            continue
        try:
            cmap = concepts.paper_map(key, top=top)
        except PapermindError:
            continue  # no concept map for this paper (yet)
        for node in cmap.nodes:
            if not node.definition:
                continue
            page = None
            try:
                detail = concepts.concept(node.id, max_occurrences=0)
                if detail.definition_paper == key:
                    page = detail.definition_page
            except PapermindError:
                page = None  # the node is enough; the page is only for the evidence line
            q = cloze_from_definition(key, node.label, node.aliases, node.definition, page)
            if q is not None and q.id not in seen:
                seen.add(q.id)
                out.append(q)
    return out

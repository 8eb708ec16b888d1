"""People's names are no terms; a reference-list word the text uses as a name of a thing is."""

from __future__ import annotations

from papermind.concepts.names import name_tokens


def test_reference_words_used_outside_citations_are_no_peoples_names():
    refs = ["Peters, M. Deep contextualized word representations. 2018.", "Yu, G. Orca: serving. 2022."]
    texts = [
        "ELMo (Peters et al., 2018) is feature-based. Peters et al. train it. As in (Peters et al.)",
        "Orca batches requests. Unlike Orca, we page memory. Orca reserves slots.",
    ]
    names = name_tokens(["Woosuk Kwon"], texts, refs)
    assert {"peters", "woosuk", "kwon"} <= names
    assert "orca" not in names
    # two uses outside citations are not enough to tell
    assert "orca" in name_tokens([], ["Orca batches. Unlike Orca, we page."], refs)

"""Grouping similar answers, so an instructor reviews a class's unsure answers a group at a time."""

from __future__ import annotations

SIMILAR = 0.8  # sentence cosine at or above which two answers say much the same


def group_similar(texts: list[str], threshold: float = SIMILAR) -> list[list[int]]:
    """Indices of ``texts`` in groups: each text joins the first group whose first text it is at
    least ``threshold`` similar to (sentence vectors of the project's model), else starts one.
    Groups come largest first, each in input order."""
    from papermind.quiz.grading import tokenscore

    if not texts:
        return []
    m = tokenscore.sentence_vectors(list(texts))
    groups: list[list[int]] = []
    for i in range(len(texts)):
        for g in groups:
            if float(m[i] @ m[g[0]]) >= threshold:
                g.append(i)
                break
        else:
            groups.append([i])
    return sorted(groups, key=lambda g: (-len(g), g[0]))

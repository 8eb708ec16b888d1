"""What the semantic grader measures about an answer against its model answers and question.

``measure`` returns the features, all kept in the grade's details: token-level agreement with the
best reference (``token_p``, ``token_r``, ``token_f``: IDF-weighted BERTScore over contextual
word pieces, ``tokenscore``) and how much better it is than against the question
(``token_f_gain``, ``token_p_gain``: an answer only "about the question" gains nothing); sentence
cosines (``sim``, ``prompt_sim``, ``sim_gain``); the share of the reference's own terms it covers
(``coverage``); an opening denial, an admission of not knowing, an antonym swap (``negation``,
``antonyms``); restatement of the question (``restate``, ``novel_terms``); and the best
reference itself. ``prefetch`` runs a whole answer set through the model in one batch.
"""

from __future__ import annotations

from typing import Any

from papermind.quiz.grading import tokenscore
from papermind.quiz.grading.antonyms import antonym_swap
from papermind.quiz.grading.negation import admits_not_knowing, denial
from papermind.quiz.grading.text import content_stems, stem_hit


def cosine_to(answer: str, others: list[str]) -> list[float]:
    m = tokenscore.sentence_vectors([answer, *others])
    return [float(m[0] @ m[i]) for i in range(1, len(others) + 1)]


def prefetch(texts: list[str]) -> None:
    """Run a batch of answers through the model at once (grading then hits the caches)."""
    tokenscore.prefetch([t for t in texts if t.strip()])


def measure(answer: str, reference: list[str], prompt: str | None) -> dict[str, Any]:
    tokenscore.prefetch([answer, *reference, *([prompt] if prompt else [])])  # one batch
    sims = cosine_to(answer, reference + ([prompt] if prompt else []))
    tok = [tokenscore.score(answer, r) for r in reference]
    best = max(range(len(reference)), key=lambda i: tok[i].f)
    ref, ts = reference[best], tok[best]
    to_prompt = tokenscore.score(answer, prompt) if prompt else tokenscore.TokenScore(0.0, 0.0, 0.0)
    p_stems = content_stems(prompt or "")
    a_stems = content_stems(answer)
    key_terms = content_stems(ref) - p_stems or content_stems(ref)
    novel = {s for s in a_stems if not stem_hit(s, p_stems)}
    prompt_sim = sims[-1] if prompt else 0.0
    return {
        "token_p": ts.precision,
        "token_r": ts.recall,
        "token_f": ts.f,
        "token_f_gain": round(ts.f - to_prompt.f, 4),
        "token_p_gain": round(ts.precision - to_prompt.precision, 4),
        "sim": round(sims[best], 4),
        "prompt_sim": round(prompt_sim, 4) if prompt else None,
        "sim_gain": round(sims[best] - prompt_sim, 4),
        "coverage": round(sum(stem_hit(k, a_stems) for k in key_terms) / len(key_terms), 4)
        if key_terms
        else 1.0,
        "denial": denial(answer, ref, prompt),
        "admits_unknown": admits_not_knowing(answer),
        "antonym": antonym_swap(answer, ref),
        "restate": len(novel) <= 1,
        "novel_terms": len(novel),
        "reference": ref,
    }

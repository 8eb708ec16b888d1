"""Semantic short-answer grading with the project's one model (all-MiniLM-L6-v2): ``grade``.

A bare cosine between sentence vectors rewards answers that reuse the right words. Short answers
are decided by a small logistic model over features that look closer. The parts, one module each:

- ``features``: what is measured (token-level agreement and its gain over the question, sentence
  cosines, coverage, denial, antonym swap, restatement), with ``tokenscore`` (BERTScore over
  contextual word pieces), ``negation`` (what an answer denies) and ``antonyms``;
- ``value``: the fitted logistic model (short answers) and the cosine rule (cloze blanks);
- ``comparisons``: the reference's comparison or roles turned round;
- ``verdict``: correct, incorrect, or unsure in the band too close to call.

Here the parts are put together: ``value`` compared with the threshold (per question, default
``THRESHOLD``; cloze blanks ``BLANK_THRESHOLD``), capped at ``DENIAL_CAP`` for an opening denial
or a reversed comparison, less ``P_KEYWORD`` per share of required keywords missing; the verdict
and the feedback. Passing answers score 1; failing ones get a partial score below the pass mark.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from papermind.quiz.grading import tokenscore
from papermind.quiz.grading.comparisons import reversed_comparison, role_swap
from papermind.quiz.grading.features import measure
from papermind.quiz.grading.text import content_stems, stem, stem_hit, wildcard_match, words
from papermind.quiz.grading.value import blank_value, logistic
from papermind.quiz.grading.verdict import decide

THRESHOLD = 0.5  # on the logistic value (short answers)
BLANK_THRESHOLD = 0.75  # cloze blanks compare a few words, so cosine must be higher
BASELINE_THRESHOLD = 0.6  # bare cosine, for the benchmark's baseline

DENIAL_CAP = 0.3  # the value of a short answer that opens by denying the reference (a fail)
P_KEYWORD = 0.3  # taken off the value per share of required keywords missing


def keyword_present(keyword: str, text: str) -> bool:
    if "*" in keyword:
        return wildcard_match(f"*{keyword}*", text)
    ks = content_stems(keyword) or {stem(w) for w in words(keyword)}
    pool = {stem(w) for w in words(text)}
    return all(stem_hit(k, pool) for k in ks)


@dataclass
class SemanticResult:
    score: float
    correct: bool
    value: float  # the combined value compared with the threshold
    feedback: str
    details: dict[str, Any] = field(default_factory=dict)
    verdict: str = "incorrect"  # correct | incorrect | unsure (``unsure_reason`` in details)


def grade(
    answer: str,
    reference: list[str],
    *,
    prompt: str | None = None,
    keywords: list[str] | None = None,
    threshold: float | None = None,
    blank: bool = False,
) -> SemanticResult:
    f = measure(answer, reference, prompt if not blank else None)
    value = raw = blank_value(f) if blank else logistic(f)
    # the reference's comparison or roles turned round ("recomputing takes longer than fetching")
    f["reversed"] = not blank and (
        reversed_comparison(answer, f["reference"]) or role_swap(answer, f["reference"])
    )
    if (f["denial"] or f["reversed"]) and not blank:
        value = min(value, DENIAL_CAP)  # an opening denial, or the comparison turned round, decides
    missing = [k for k in (keywords or []) if not keyword_present(k, answer)]
    if keywords:
        value -= P_KEYWORD * len(missing) / len(keywords)
    thr = threshold if threshold is not None else (BLANK_THRESHOLD if blank else THRESHOLD)
    ok = value >= thr and not missing
    score = 1.0 if ok else max(0.0, min(0.45, 0.45 * value / thr))
    verdict, why = decide(value, raw, thr, f, bool(missing), blank)
    if verdict == "unsure":
        fb = f"Unsure: {why}. Compare it with the model answer and judge it yourself."
    elif ok:
        fb = "Correct (matches the model answer in meaning)."
    elif f["reversed"]:
        fb = "Incorrect: your answer turns the model answer's comparison or roles the other way round."
    elif f.get("denial") or f.get("antonym"):
        fb = "Incorrect: your answer seems to say the opposite of the model answer."
    elif missing:
        fb = f"Incomplete: missing {', '.join(missing)}."
    else:
        fb = "Incorrect or incomplete."
        if not blank:
            gaps = tokenscore.missing_terms(answer, f["reference"], prompt)
            if gaps:
                fb = (
                    "Incorrect or incomplete: the model answer also says "
                    + "; ".join(f"“{g}”" for g in gaps)
                    + "."
                )
    details = {
        **f,
        "value": round(value, 4),
        "threshold": thr,
        "missing_keywords": missing,
        "unsure_reason": why or None,
    }
    return SemanticResult(score=score, correct=ok, value=value, feedback=fb, details=details, verdict=verdict)

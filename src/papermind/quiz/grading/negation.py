"""What an answer negates, and whether that contradicts the question or the reference.

- ``polarity``: parity of the negation cues in a text; ``negation_mismatch``: the answer's
  polarity differs from a text's, or it swaps in an antonym (guards wildcard pattern matches).
- ``negation_scopes``: each cue with the content words it governs, within its clause; only cues
  that negate a statement ("it doesn't", "is not", "never") when ``verbal_only``, not contrasts
  ("per token, not per element"), conditions ("without the cache") or quantifiers ("there is no").
- ``denial``: the answer opens by negating what the question or the reference asserts, unless
  they negate the same thing or the question concedes it (``conceded``: "even though softmax
  normalises over an entire row").
- ``admits_not_knowing``: the answer says "I don't know".
"""

from __future__ import annotations

import re

from papermind.quiz.grading.antonyms import antonym_swap
from papermind.quiz.grading.clauses import BREAKS, contractions, is_content, is_cue, tokens
from papermind.quiz.grading.text import NEGATIONS, content_stems, stem, stem_hit, words

_NT = re.compile(r"n't\b|n’t\b")


def polarity(text: str) -> int:
    """Parity of negation cues (not, no, never, n't, non-, ...)."""
    low = re.sub(r"\bnon-", "non ", contractions(text.lower()))
    ws = words(low)
    return (sum(w in NEGATIONS for w in ws) + len(_NT.findall(low))) % 2


def negation_mismatch(answer: str, reference: str) -> bool:
    return polarity(answer) != polarity(reference) or antonym_swap(answer, reference)


# Words after which "not" negates a verb ("it is not", "does not"); elsewhere "not" contrasts two
# things ("per token, not per element") and asserts the first.
_AUX = {
    "is",
    "are",
    "was",
    "were",
    "be",
    "do",
    "does",
    "did",
    "can",
    "could",
    "has",
    "have",
    "had",
    "will",
    "would",
    "should",
    "may",
    "might",
    "must",
    "it",
    "its",
    "that",
    "this",
}
_NOT_VERBAL = {"without", "nothing", "none", "nobody", "neither", "nor"}
_HEDGES = {"always", "necessarily", "only", "just", "all", "every", "entirely", "exactly", "quite", "simply"}


def _verbal(toks: list[str], i: int) -> bool:
    """Whether the cue at ``toks[i]`` negates a statement ("it doesn't", "is not", "never",
    "makes no difference") rather than contrasting, conditioning or quantifying ("X, not Y",
    "without the cache", "there is no dependency", "says nothing about")."""
    w, prev = toks[i], toks[i - 1] if i else ""
    nxt = toks[i + 1] if i + 1 < len(toks) else ""
    if w in _NOT_VERBAL or nxt in _HEDGES:
        return False  # "not always nearby", "isn't necessarily": a hedge, not a denial
    if w == "not":
        return prev in _AUX
    if w == "no":
        return prev not in {"there", "is", "are", ",", ";"}
    return True


def negation_scopes(
    text: str,
    ahead: int = 3,
    back: int = 2,
    verbal_only: bool = False,
) -> list[tuple[int, list[str]]]:
    """(word position of the cue, stems it governs): up to ``ahead`` content words after the cue and
    ``back`` before it, never across a clause break. ``verbal_only`` keeps only cues that negate a
    statement (``_verbal``)."""
    toks = tokens(text)
    out = []
    for i, w in enumerate(toks):
        if not is_cue(w) or (verbal_only and not _verbal(toks, i)):
            continue
        scope: list[str] = []
        for x in toks[i + 1 :]:
            if is_cue(x) or x in BREAKS or len(scope) >= ahead:
                break
            if is_content(x):
                scope.append(stem(x))
        before: list[str] = []
        for x in reversed(toks[:i]):
            if x in BREAKS or len(before) >= back:
                break
            if is_content(x):
                before.append(stem(x))
        out.append((sum(1 for x in toks[:i] if x[:1].isalnum()), scope + before))
    return out


def denial(answer: str, reference: str, prompt: str | None, early: int = 6) -> bool:
    """The answer opens by negating something the question or the reference asserts
    ("it doesn't really waste anything", "it isn't more parallel"). Only the first negation of a
    statement counts (not a contrast such as "per token, not per element"), and not when the
    reference or the question negates the same thing (then the answer agrees: "no recurrence" for
    "it has no recurrence"). A bare opening denial ("it doesn't really, ...") denies the question's
    premise."""
    scopes = negation_scopes(answer, verbal_only=True)
    if not scopes or scopes[0][0] >= early:
        return False
    negated = {s for _, sc in negation_scopes(reference) for s in sc}
    negated |= {s for _, sc in negation_scopes(prompt or "", ahead=5) for s in sc}
    negated |= conceded(prompt or "")
    position, scope = scopes[0]
    if not scope and position <= 1:
        return True  # "it doesn't (really), ...", "they aren't.": the question's premise, denied
    if any(stem_hit(s, negated) for s in scope):
        return False
    asserted = content_stems(prompt or "") | content_stems(reference)
    return any(stem_hit(s, asserted) for s in scope)


_CONCESSION = re.compile(r"\b(?:even though|even if|although|though|despite)\b([^,;.?]*)")


def conceded(prompt: str) -> set[str]:
    """Stems of what the question concedes ("how can it work block by block, even though softmax
    normalises over an entire row?"): an obstacle the answer may deny ("it never needs the full
    row at once") without contradicting the question."""
    return {s for m in _CONCESSION.finditer(prompt.lower()) for s in content_stems(m.group(1))}


# The student says they do not know ("I don't know, something about memory"): never a confident pass.
_ADMITS = re.compile(
    r"^\W*(?:i\s+(?:don'?t|do not|dont)\s+know|idk|no idea|not sure|i'?m not sure|no clue)\b"
)


def admits_not_knowing(answer: str) -> bool:
    return bool(_ADMITS.match(answer.lower().replace("’", "'")))

"""Choice order per user: a choice question's choices are shown in an order drawn from a seed of
the user and the question id, so a review shows the same order again and two students see
different ones. Grading the presented question gives feedback in the letters the student saw;
``to_bank`` maps the picks back to the bank's choices for storage and statistics."""

from __future__ import annotations

import hashlib
import random
from dataclasses import replace
from typing import Any

from papermind.quiz.bank.model import Question

SHUFFLED_TYPES = ("single", "multi")


def choice_order(user: str, qid: str, n: int) -> list[int]:
    """A permutation of range(n), the same for the same user and question."""
    seed = int.from_bytes(hashlib.sha256(f"{user}\0{qid}".encode()).digest()[:8], "big")
    order = list(range(n))
    random.Random(seed).shuffle(order)
    return order


def presented(q: Question, user: str) -> Question:
    """``q`` as ``user`` sees it: choices (with their weights and feedback) in the user's order and
    the key moved with them; ``order[i]`` is the bank index of shown choice i. A question with
    ``shuffle = false``, or not a choice question, comes back unchanged."""
    if q.type not in SHUFFLED_TYPES or not q.shuffle or len(q.choices) < 2 or q.order is not None:
        return q
    order = choice_order(user, q.id, len(q.choices))
    where = {bank: shown for shown, bank in enumerate(order)}
    answer: Any = q.answer
    if q.type == "single" and isinstance(q.answer, int):
        answer = where[q.answer]
    elif q.type == "multi" and isinstance(q.answer, list):
        answer = sorted(where[i] for i in q.answer)
    return replace(
        q,
        choices=[q.choices[i] for i in order],
        answer=answer,
        weights=[q.weights[i] for i in order] if q.weights is not None else None,
        choice_feedback=[q.choice_feedback[i] for i in order] if q.choice_feedback is not None else None,
        order=tuple(order),
    )


def to_bank(q: Question, picks: list[int]) -> list[int]:
    """Shown positions picked on a presented question -> the bank's choice indices (sorted)."""
    return sorted(q.order[i] for i in picks) if q.order is not None else sorted(picks)

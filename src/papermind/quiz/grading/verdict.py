"""The verdict on a short answer: "correct", "incorrect", or "unsure" when it is too close to call.

A value in the unsure band [``UNSURE_LOW``, ``UNSURE_HIGH``) is left to the student (or an
instructor), who judges it against the model answer. An answer made mostly of the model answer's
own words (token precision above ``ECHO_PRECISION``) may reuse them for another claim, which the
model cannot see: its band reaches up to ``UNSURE_HIGH_ECHO``. ``decide`` also says why it is
unsure.
"""

from __future__ import annotations

from typing import Any

# The bands are chosen for the most committed agreement at >= 80% committed on leave-one-question-out
# values of the four labelled sets, and chosen inside each fold (nested) they are these in 54 of 63
# folds (bench_grading.py --sweep); ECHO_PRECISION was set by looking at those values, not nested.
UNSURE_LOW, UNSURE_HIGH = 0.3, 0.55
ECHO_PRECISION, UNSURE_HIGH_ECHO = 0.7, 0.85


def decide(
    value: float,
    raw: float,
    thr: float,
    f: dict[str, Any],
    missing: bool,
    blank: bool,
    band: tuple[float, float, float] = (UNSURE_LOW, UNSURE_HIGH, UNSURE_HIGH_ECHO),
) -> tuple[str, str]:
    """("correct" | "incorrect" | "unsure", why unsure). Cloze blanks, missing required keywords
    and a reversed comparison always commit; an opening denial commits unless the rest of the
    answer matches the model answer closely (then the negation may be the student's own
    phrasing); an answer that says "I don't know" is never passed with confidence; otherwise a
    value in the unsure band (``band``: low to high, or low to the third value for answers that echo the
    model answer) is left to the student."""
    committed = "correct" if value >= thr and not missing else "incorrect"
    if blank or missing or f["reversed"]:
        return committed, ""
    echo = f.get("token_p", 0.0) > ECHO_PRECISION
    high = band[2] if echo else band[1]
    if f["denial"]:
        if raw >= high:
            return "unsure", "your answer opens with a negation but otherwise matches the model answer"
        return committed, ""
    if f.get("admits_unknown") and committed == "correct":
        return "unsure", "your answer says you are not sure"
    if band[0] <= value < high:
        if echo and value >= band[1]:
            return (
                "unsure",
                "your answer uses the model answer's own words; check that it makes the same claim",
            )
        return "unsure", "your answer is close to the model answer in parts, but not clearly the same claim"
    return committed, ""

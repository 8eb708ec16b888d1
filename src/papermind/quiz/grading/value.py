"""How an answer's features become one value: the fitted logistic model for short answers, the
cosine rule for cloze blanks.

A short answer's value is sigmoid(``W_SHORT`` . features + ``B_SHORT``) over ``SHORT_FEATURES``:
token-level agreement (``token_f``), its gains over the question (``token_f_gain``,
``token_p_gain``) and an opening denial (``denial``). A cloze blank is a few words, too short for
the token features: its value is its cosine to the reference, less ``P_NEGATION`` when it
negates or swaps an antonym.
"""

from __future__ import annotations

import math
from typing import Any

# Logistic weights over SHORT_FEATURES, fitted on benchmarks/data (504 answers to 63 questions in four
# independently written sets; L2, C=0.3 on standardised features, converted back to raw units).
# bench_grading.py --sweep refits them leave-one-question-out and set against set to estimate how
# they generalise to new questions (0.847, and 0.80-0.91 per set).
SHORT_FEATURES = ("denial", "token_f", "token_f_gain", "token_p_gain")
W_SHORT = (-2.426, 5.142, 6.146, 2.482)
B_SHORT = -3.563

P_NEGATION = 0.3  # taken off a cloze blank's cosine when it negates or swaps an antonym


def short_vector(f: dict[str, Any]) -> list[float]:
    return [float(f[k]) for k in SHORT_FEATURES]


def logistic(f: dict[str, Any], weights: tuple[float, ...] = W_SHORT, bias: float = B_SHORT) -> float:
    z = bias + sum(w * x for w, x in zip(weights, short_vector(f), strict=True))
    return 1.0 / (1.0 + math.exp(-z))


def blank_value(f: dict[str, Any]) -> float:
    """A cloze blank's value: its cosine to the reference, less a penalty when it negates or swaps
    an antonym (a blank is a few words, too short for the logistic model's token features)."""
    return f["sim"] - (P_NEGATION if f["denial"] or f["antonym"] else 0.0)

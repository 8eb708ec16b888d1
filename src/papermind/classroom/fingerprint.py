"""A question's fingerprint: a short hash of its normalised content, so that attempts on an edited
question are never mixed with attempts on its old form.

Only what the student saw and what decides the score goes in (type, prompt, text, choices, key,
patterns, references, tolerances); ids, explanations, evidence, tags and titles do not, so fixing a
typo in an explanation keeps the fingerprint. Strings are NFKC-normalised with runs of whitespace
collapsed.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from typing import Any

from papermind.quiz.bank.model import Pattern, Question

LENGTH = 16  # hex digits kept (64 bits)


def _norm(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(unicodedata.normalize("NFKC", value).split())
    if isinstance(value, (list, tuple)):
        return [_norm(v) for v in value]
    if isinstance(value, Pattern):
        return [_norm(value.text), value.score]
    return value


def question_content(q: Question) -> dict[str, Any]:
    """The parts of ``q`` that the fingerprint covers, normalised."""
    return {
        "type": q.type,
        "prompt": _norm(q.prompt),
        "text": _norm(q.text),
        "choices": _norm(q.choices),
        "answer": _norm(q.answer),
        "weights": q.weights,
        "tolerance": q.tolerance,
        "rel_tolerance": q.rel_tolerance,
        "range": list(q.range) if q.range else None,
        "unit": _norm(q.unit),
        "partial": [[p.answer, p.score, p.tolerance, list(p.range) if p.range else None] for p in q.partial],
        "answers": _norm(q.answers),
        "reference": _norm(q.reference),
        "keywords": _norm(q.keywords),
        "threshold": q.threshold,
        "case_sensitive": q.case_sensitive,
        "blanks": [
            [_norm(b.answers), _norm(b.reference), _norm(b.keywords), b.threshold, b.case_sensitive]
            for b in q.blanks
        ],
        "pass_mark": q.pass_mark,
    }


def fingerprint(q: Question) -> str:
    blob = json.dumps(question_content(q), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:LENGTH]

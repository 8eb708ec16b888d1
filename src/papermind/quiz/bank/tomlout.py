"""Write question banks back to TOML in the documented format (used by GIFT import).

A tiny writer for the value types banks use (strings, numbers, booleans, lists, inline tables),
so no extra dependency is needed. ``question_to_dict`` is the inverse of ``bank.load_bank``.
"""

from __future__ import annotations

import json
import math
from typing import Any

from papermind.quiz.bank.model import Blank, Pattern, Question, letter


def value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isfinite(v) and v == int(v) and abs(v) < 1e15:
            return str(int(v))
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {value(x)}" for k, x in v.items()) + " }"
    raise TypeError(f"cannot write {type(v).__name__} to TOML")


def _patterns(ps: list[Pattern]) -> list[Any]:
    return [
        p.text
        if p.score == 1 and not p.feedback
        else {
            k: x for k, x in (("text", p.text), ("score", p.score), ("feedback", p.feedback)) if x is not None
        }
        for p in ps
    ]


def _blank(b: Blank | Question) -> dict[str, Any]:
    """The free-text answer fields, shared by a cloze blank and a short question."""
    d: dict[str, Any] = {}
    if b.answers:
        d["answers"] = _patterns(b.answers)
    if b.reference:
        d["reference"] = b.reference
    if b.keywords:
        d["keywords"] = b.keywords
    if b.threshold is not None:
        d["threshold"] = b.threshold
    if b.case_sensitive:
        d["case_sensitive"] = True
    return d


def question_to_dict(q: Question, default_paper: str | None = None) -> dict[str, Any]:
    d: dict[str, Any] = {"id": q.id, "type": q.type}
    if q.title:
        d["title"] = q.title
    if q.paper and q.paper != default_paper:
        d["paper"] = q.paper
    if q.prompt and not (q.type == "cloze" and q.prompt == "Fill in the blanks."):
        d["prompt"] = q.prompt
    if q.type in ("single", "multi"):
        d["choices"] = q.choices
        if q.type == "single":
            d["answer"] = letter(q.answer)
        else:
            d["answer"] = [letter(i) for i in q.answer]
            if q.weights is not None:
                d["weights"] = q.weights
        if q.choice_feedback:
            d["choice_feedback"] = q.choice_feedback
    elif q.type == "truefalse":
        d["answer"] = bool(q.answer)
        if q.choice_feedback:
            d["choice_feedback"] = q.choice_feedback
    elif q.type == "numeric":
        d["answer"] = q.answer
        for k in ("tolerance", "rel_tolerance", "unit"):
            if getattr(q, k) is not None:
                d[k] = getattr(q, k)
        if q.range is not None:
            d["range"] = list(q.range)
        if q.partial:
            d["partial"] = [
                {
                    k: v
                    for k, v in (
                        ("answer", p.answer),
                        ("tolerance", p.tolerance or None),
                        ("range", list(p.range) if p.range else None),
                        ("score", p.score),
                        ("feedback", p.feedback),
                    )
                    if v is not None
                }
                for p in q.partial
            ]
    elif q.type == "short":
        d.update(_blank(q))
    elif q.type == "cloze":
        d["text"] = q.text
        d["blanks"] = [_blank(b) for b in q.blanks]
    if q.explanation:
        d["explanation"] = q.explanation
    if q.evidence is not None:
        ev = {
            k: getattr(q.evidence, k)
            for k in ("paper", "page", "section", "quote")
            if getattr(q.evidence, k) is not None
            and not (k == "paper" and getattr(q.evidence, k) == (q.paper or default_paper))
        }
        d["evidence"] = ev
    for k in ("tags", "concepts"):
        if getattr(q, k):
            d[k] = getattr(q, k)
    if q.difficulty:
        d["difficulty"] = q.difficulty
    if q.points != 1:
        d["points"] = q.points
    if q.pass_mark != 0.5:
        d["pass_mark"] = q.pass_mark
    return d


def dump_bank(questions: list[dict[str, Any]], *, paper: str | None = None, header: str = "") -> str:
    lines = [f"# {h}" if h else "#" for h in header.splitlines()] if header else []
    if paper:
        lines.append(f"paper = {value(paper)}")
    for d in questions:
        lines.append("")
        lines.append("[[question]]")
        for k, v in d.items():
            if k == "blanks":
                lines.append("blanks = [")
                lines.extend(f"  {value(b)}," for b in v)
                lines.append("]")
            else:
                lines.append(f"{k} = {value(v)}")
    return "\n".join(lines).lstrip("\n") + "\n"

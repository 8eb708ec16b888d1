"""Moodle GIFT export: the same syntax ``gift.py`` imports. Fields GIFT cannot express travel in a
``// papermind: {json}`` comment line before each question, so a bank round-trips; cloze questions
have no GIFT form and are reported as skipped."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from papermind.quiz.bank.model import Bank, Question
from papermind.quiz.bank.tomlout import question_to_dict
from papermind.quiz.interchange.gift import META, META_KEYS, escape


def _fmt(x: float) -> str:
    return f"{x:.5f}".rstrip("0").rstrip(".")


def question_to_gift(q: Question, bank_paper: str | None) -> str | None:
    body: str
    if q.type == "truefalse":
        body = "TRUE" if q.answer else "FALSE"
        if q.choice_feedback:
            when_true, when_false = q.choice_feedback
            right_fb, wrong_fb = (when_true, when_false) if q.answer else (when_false, when_true)
            body += f"#{escape(wrong_fb)}#{escape(right_fb)}"
    elif q.type in ("single", "multi"):
        fb = q.choice_feedback or [""] * len(q.choices)
        parts = []
        for i, c in enumerate(q.choices):
            tail = f" #{escape(fb[i])}" if fb[i] else ""
            if q.type == "single":
                parts.append(("=" if i == q.answer else "~") + escape(c) + tail)
            else:
                if q.weights is not None:
                    w = q.weights[i]
                else:
                    right = set(q.answer)
                    w = 100 / len(right) if i in right else -100 / max(1, len(q.choices) - len(right))
                parts.append(f"~%{_fmt(w)}%{escape(c)}{tail}")
        body = "\n  ".join(parts)
    elif q.type == "numeric":
        if q.range is not None:
            body = f"#{_fmt(q.range[0])}..{_fmt(q.range[1])}"
        else:
            tol = q.tolerance_abs()
            body = f"#{_fmt(q.answer)}" + (f":{_fmt(tol)}" if tol else "")
        if q.partial:
            entries = [f"={body[1:]}"]
            for near in q.partial:
                span = near.range
                value = f"{_fmt(span[0])}..{_fmt(span[1])}" if span else _fmt(near.answer)
                if not span and near.tolerance:
                    value += f":{_fmt(near.tolerance)}"
                note = f"#{escape(near.feedback)}" if near.feedback else ""
                entries.append(f"=%{_fmt(near.score * 100)}%{value}{note}")
            body = "#" + " ".join(entries)
    elif q.type == "short":
        parts = []
        for p in q.answers:
            weight = "" if p.score == 1 else f"%{_fmt(p.score * 100)}%"
            parts.append(f"={weight}{escape(p.text)}" + (f" #{escape(p.feedback)}" if p.feedback else ""))
        if not parts:  # reference-only: GIFT needs an answer; the reference travels in the metadata
            parts = [f"={escape(r)}" for r in q.reference[:1]]
        body = " ".join(parts)
    else:
        return None
    if q.explanation:
        body += f"\n  ####{escape(q.explanation)}"
    d = question_to_dict(q, bank_paper)
    meta = {k: d[k] for k in META_KEYS if k in d and not (k == "answer" and q.type != "numeric")}
    if q.paper and "paper" not in meta:
        meta["paper"] = q.paper
    if q.type == "short" and not q.answers:
        meta["answers"] = []
    if q.type == "multi" and q.weights is None:
        meta["unweighted"] = True
    title = f"::{escape(q.title)}::" if q.title else ""
    return f"{META}{json.dumps(meta, ensure_ascii=False)}\n{title}{escape(q.prompt)} {{\n  {body}\n}}\n"


def export_gift(banks: list[Bank], output: Path) -> dict[str, Any]:
    chunks = [f"// Exported by papermind from {', '.join(b.path.name for b in banks)}\n"]
    n, skipped = 0, []
    for b in banks:
        chunks.append(f"$CATEGORY: papermind/{b.name}\n")
        for q in b.questions:
            g = question_to_gift(q, b.paper)
            if g is None:
                skipped.append(f"{q.id}: {q.type} questions have no GIFT form")
                continue
            chunks.append(g)
            n += 1
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text("\n".join(chunks), encoding="utf-8")
    return {"output": str(output), "questions": n, "skipped": skipped}

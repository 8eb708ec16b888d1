"""Moodle GIFT import and export.

Import handles: multiple choice (``=right ~wrong``), multiple answers with weights (``~%50%A``),
true/false (``{T}``, ``{FALSE}``), short answer (all ``=``, with ``%n%`` partial credit), numeric
(``{#800:5}``, ``{#1..5}``, several ``=`` numeric answers: the first full-credit one is used),
missing-word questions (text after the braces), titles ``::t::``, comments ``//``, per-answer
feedback ``#``, general feedback ``####``, categories ``$CATEGORY:`` (become tags), format markers
``[plain]``/``[markdown]``/``[html]`` (stripped), and the escapes ``\\~ \\= \\# \\{ \\} \\:``.
Matching, essay and description items are reported by line and skipped, never silently dropped.

Export writes the same syntax. Fields GIFT cannot express (id, paper, reference answers,
keywords, evidence, tags, concepts, difficulty, unit, ...) travel in a ``// papermind: {json}``
comment line before each question, which import reads back, so a bank round-trips. Cloze
questions (several blanks) have no GIFT form and are reported as skipped.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from papermind.errors import QuizError
from papermind.quiz.bank.model import Bank, Question, letter
from papermind.quiz.bank.tomlout import dump_bank, question_to_dict

_SPECIAL = "~=#{}:"
META = "// papermind: "
_META_KEYS = (
    "id",
    "paper",
    "reference",
    "keywords",
    "threshold",
    "case_sensitive",
    "evidence",
    "tags",
    "concepts",
    "difficulty",
    "points",
    "pass_mark",
    "unit",
    "tolerance",
    "rel_tolerance",
    "range",
    "answer",
    "week",
)


@dataclass
class ImportResult:
    output: str
    questions: int
    problems: list[str] = field(default_factory=list)


def escape(text: str) -> str:
    out = text.replace("\\", "\\\\")
    for ch in _SPECIAL:
        out = out.replace(ch, "\\" + ch)
    return out.replace("\n", "\\n")


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), text)


def _find(s: str, ch: str, start: int = 0) -> int:
    """Index of the first unescaped ``ch`` at or after ``start`` (-1 if none)."""
    i = start
    while i < len(s):
        if s[i] == "\\":
            i += 2
            continue
        if s[i] == ch:
            return i
        i += 1
    return -1


def _split_markers(body: str) -> list[tuple[str, str]]:
    """``=a ~b`` -> [("=", "a"), ("~", "b")] on unescaped markers."""
    items: list[tuple[str, str]] = []
    i, cur, mark = 0, [], None
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            cur.append(body[i : i + 2])
            i += 2
            continue
        if c in "=~":
            if mark is not None:
                items.append((mark, "".join(cur).strip()))
            mark, cur = c, []
        elif mark is not None:
            cur.append(c)
        i += 1
    if mark is not None:
        items.append((mark, "".join(cur).strip()))
    return items


def _weight_text_feedback(raw: str) -> tuple[float | None, str, str | None]:
    weight = None
    m = re.match(r"^%(-?\d+(?:\.\d+)?)%", raw)
    if m:
        weight = float(m.group(1))
        raw = raw[m.end() :]
    k = _find(raw, "#")
    fb = unescape(raw[k + 1 :]).strip() if k >= 0 else None
    text = unescape(raw[:k] if k >= 0 else raw).strip()
    return weight, text, fb or None


def _strip_format(text: str) -> str:
    return re.sub(r"^\s*\[(plain|markdown|html|moodle)\]\s*", "", text)


def _numeric(body: str) -> dict[str, Any]:
    body = body[1:].strip()
    entries = [t for _, t in _split_markers(body)] if body.startswith("=") else [body]
    best: tuple[float, dict[str, Any]] | None = None
    for e in entries:
        weight, text, _fb = _weight_text_feedback(e)
        w = 100.0 if weight is None else weight
        if ".." in text:
            lo, hi = (float(x) for x in text.split("..", 1))
            d: dict[str, Any] = {"answer": (lo + hi) / 2, "range": [lo, hi]}
        elif ":" in text:
            v, tol = (float(x) for x in text.split(":", 1))
            d = {"answer": v}
            if tol:
                d["tolerance"] = tol
        else:
            d = {"answer": float(text)}
        if best is None or w > best[0]:
            best = (w, d)
    if best is None:
        raise ValueError("empty numeric answer")
    return {"type": "numeric", **best[1]}


def _parse_block(block: str, line: int, where: str) -> tuple[dict[str, Any] | None, str | None]:
    """One GIFT question -> a question dict (bank format), or (None, problem)."""
    title = None
    text = block.strip()
    if text.startswith("::"):
        end = text.find("::", 2)
        if end < 0:
            return None, f"{where}:{line}: unterminated ::title::"
        title, text = unescape(text[2:end]).strip(), text[end + 2 :]
    open_ = _find(text, "{")
    if open_ < 0:
        return None, f"{where}:{line}: description item (no answer block) is not supported; skipped"
    close = _find(text, "}", open_)
    if close < 0:
        return None, f"{where}:{line}: no closing }} for the answer block"
    before, body, after = text[:open_], text[open_ + 1 : close].strip(), text[close + 1 :]
    prompt = unescape(_strip_format(before)).strip()
    if after.strip():
        prompt = f"{prompt} _____ {unescape(after).strip()}".strip()
    general = None
    g = body.find("####")
    if g >= 0:
        general, body = unescape(body[g + 4 :]).strip(), body[:g].strip()
    d: dict[str, Any] = {"prompt": prompt}
    if title:
        d["title"] = title
    if not body:
        return None, f"{where}:{line}: essay question is not supported; skipped"
    tf = re.match(r"^(T|TRUE|F|FALSE)\s*(#.*)?$", body, re.IGNORECASE)
    if tf:
        d.update(type="truefalse", answer=tf.group(1).upper().startswith("T"))
    elif body.startswith("#"):
        try:
            d.update(_numeric(body))
        except ValueError as exc:
            return None, f"{where}:{line}: cannot read the numeric answer ({exc}); skipped"
    else:
        items = _split_markers(body)
        if not items:
            return None, f"{where}:{line}: cannot read the answer block; skipped"
        if any("->" in t for _, t in items):
            return None, f"{where}:{line}: matching question is not supported; skipped"
        parsed = [(m, *_weight_text_feedback(t)) for m, t in items]
        if all(m == "=" for m, *_ in parsed):
            answers: list[Any] = []
            for _m, w, t, fb in parsed:
                score = 1.0 if w is None else max(0.0, w / 100)
                answers.append(
                    t
                    if score == 1 and not fb
                    else {k: v for k, v in (("text", t), ("score", score), ("feedback", fb)) if v is not None}
                )
            d.update(type="short", answers=answers)
        else:
            d["choices"] = [t for _m, _w, t, _fb in parsed]
            fbs = [fb or "" for *_x, fb in parsed]
            weighted = any(w is not None for _m, w, _t, _fb in parsed)
            if weighted:
                weights = [(100.0 if m == "=" else 0.0) if w is None else w for m, w, _t, _fb in parsed]
                positive = [i for i, w in enumerate(weights) if w > 0]
                if len(positive) == 1 and weights[positive[0]] >= 100:
                    d.update(type="single", answer=letter(positive[0]))
                else:
                    d.update(type="multi", answer=[letter(i) for i in positive], weights=weights)
            else:
                right = [i for i, (m, *_r) in enumerate(parsed) if m == "="]
                if len(right) == 1:
                    d.update(type="single", answer=letter(right[0]))
                else:
                    d.update(type="multi", answer=[letter(i) for i in right])
            if any(fbs):
                d["choice_feedback"] = fbs
    if general:
        d["explanation"] = general
    return d, None


def parse_gift(text: str, where: str = "<gift>") -> tuple[list[dict[str, Any]], list[str]]:
    """GIFT text -> (question dicts without ids unless given by a papermind comment, problems)."""
    out: list[dict[str, Any]] = []
    problems: list[str] = []
    category: str | None = None
    meta: dict[str, Any] | None = None
    buf: list[str] = []
    start = 0

    def flush() -> None:
        nonlocal buf, meta
        if buf:
            block = "\n".join(buf)
            q, problem = _parse_block(block, start, where)
            if problem:
                problems.append(problem)
            elif q is not None:
                if meta:  # exported by papermind: the metadata is authoritative for its fields
                    if q.get("type") == "numeric":
                        for k in ("tolerance", "range"):
                            q.pop(k, None)
                    if meta.pop("unweighted", False):
                        q.pop("weights", None)
                    q.update(meta)
                elif category:
                    q.setdefault("tags", []).append(category)
                out.append(q)
        buf, meta = [], None

    for n, line in enumerate(text.splitlines(), start=1):
        s = line.strip()
        if s.startswith(META):
            flush()
            try:
                meta = json.loads(s[len(META) :])
            except ValueError:
                problems.append(f"{where}:{n}: unreadable papermind metadata comment; ignored")
            continue
        if s.startswith("//"):
            continue
        if s.startswith("$CATEGORY:"):
            flush()
            category = s[len("$CATEGORY:") :].strip().split("/")[-1] or None
            continue
        if not s:
            flush()
            continue
        if not buf:
            start = n
        buf.append(line)
    flush()
    return out, problems


def import_gift(
    source: Path, output: Path, *, paper: str | None = None, prefix: str = "gift"
) -> ImportResult:
    try:
        text = source.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise QuizError(f"cannot read {source}: {exc}") from exc
    questions, problems = parse_gift(text, str(source))
    used: set[str] = set()
    final = []
    for i, q in enumerate(questions, start=1):
        qid = q.pop("id", None) or f"{prefix}-{i:02d}"
        while qid in used:
            qid += "-dup"
        used.add(qid)
        final.append({"id": qid, "type": q.pop("type"), **q})
    output.parent.mkdir(parents=True, exist_ok=True)
    header = f"Imported from {source.name} (GIFT) by `papermind quiz import`."
    output.write_text(dump_bank(final, paper=paper, header=header), encoding="utf-8")
    return ImportResult(output=str(output), questions=len(final), problems=problems)


# -- export ----------------------------------------------------------------------------------
def _fmt(x: float) -> str:
    return f"{x:.5f}".rstrip("0").rstrip(".")


def question_to_gift(q: Question, bank_paper: str | None) -> str | None:
    body: str
    if q.type == "truefalse":
        body = "TRUE" if q.answer else "FALSE"
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
    elif q.type == "short":
        parts = []
        for p in q.answers:
            w = "" if p.score == 1 else f"%{_fmt(p.score * 100)}%"
            parts.append(f"={w}{escape(p.text)}" + (f" #{escape(p.feedback)}" if p.feedback else ""))
        if not parts:  # reference-only: GIFT needs an answer; the reference travels in the metadata
            parts = [f"={escape(r)}" for r in q.reference[:1]]
        body = " ".join(parts)
    else:
        return None
    if q.explanation:
        body += f"\n  ####{escape(q.explanation)}"
    d = question_to_dict(q, bank_paper)
    meta = {k: d[k] for k in _META_KEYS if k in d and not (k == "answer" and q.type != "numeric")}
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

"""Moodle GIFT import (export: ``gift_export.py``), and the syntax both share.

Import handles: multiple choice (``=right ~wrong``), multiple answers with weights (``~%50%A``),
true/false (``{T}``, ``{FALSE}``), short answer (all ``=``, with ``%n%`` partial credit), numeric
(``{#800:5}``, ``{#1..5}``; several ``=`` numeric answers: the best full-credit one is the answer
and the ones with ``%n%`` weights become partial credit), true/false per-answer feedback
(``{T#wrong-answer feedback#right-answer feedback}``), missing-word questions (text after the
braces), titles ``::t::``, comments ``//``, per-answer feedback ``#``, general feedback ``####``,
categories ``$CATEGORY:`` (become tags), format markers ``[plain]``/``[markdown]``/``[moodle]``/
``[html]`` (removed from the question, its answers and feedback; HTML is turned into plain text),
and the escapes ``\\~ \\= \\# \\{ \\} \\:``. Matching, essay and description items are reported by
line and skipped, never silently dropped. A file that is not UTF-8 is read as Latin-1 with a note;
a binary file is refused.

Fields GIFT cannot express (id, paper, reference answers, keywords, evidence, tags, concepts,
difficulty, unit, ...) are written by ``gift_export.py`` in a ``// papermind: {json}`` comment line
before each question (``META``, keys ``META_KEYS``), which import reads back, so a bank round-trips.
"""

from __future__ import annotations

import html
import json
import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from papermind.errors import QuizError
from papermind.quiz.bank.fields import parse_question
from papermind.quiz.bank.model import Bank, letter
from papermind.quiz.bank.tomlout import dump_bank

_SPECIAL = "~=#{}:"
META = "// papermind: "
META_KEYS = (
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


_FORMAT = re.compile(r"^\s*\[(plain|markdown|html|moodle)\]\s*", re.IGNORECASE)


def _split_format(text: str) -> tuple[str | None, str]:
    """``[html]<p>x</p>`` -> ("html", "<p>x</p>"); no marker -> (None, text)."""
    m = _FORMAT.match(text)
    return (m.group(1).lower(), text[m.end() :]) if m else (None, text)


def _html_to_text(text: str) -> str:
    text = re.sub(r"(?i)<br\s*/?>|</p\s*>|</div\s*>|</li\s*>", "\n", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = html.unescape(text)
    return "\n".join(" ".join(line.split()) for line in text.splitlines()).strip()


def _plain(text: str, fmt: str | None) -> str:
    """Text with its own format marker (or the question's ``fmt``) removed and HTML made plain."""
    own, text = _split_format(text)
    if (own or fmt) == "html":
        return _html_to_text(text)
    return text.strip()


def _finite(text: str) -> float:
    v = float(text)
    if not math.isfinite(v):
        raise ValueError(f"{text.strip()!r} is not a finite number")
    return v


def _numeric(body: str, fmt: str | None) -> dict[str, Any]:
    """``#800:5`` / ``#1..5`` / ``#=%100%800:5 =%50%1000:50#close`` -> a numeric question dict.

    The best full-credit entry is the answer; entries with a lower positive weight become
    ``partial`` answers (score = weight / 100) with their feedback; zero-weight ones are dropped."""
    body = body[1:].strip()
    entries = [t for _, t in _split_markers(body)] if body.startswith("=") else [body]
    scored: list[tuple[float, dict[str, Any], str | None]] = []
    for e in entries:
        weight, text, fb = _weight_text_feedback(e)
        w = 100.0 if weight is None else weight
        if ".." in text:
            lo, hi = (_finite(x) for x in text.split("..", 1))
            if lo > hi:
                raise ValueError(f"range {lo:g}..{hi:g} runs backwards")
            d: dict[str, Any] = {"answer": (lo + hi) / 2, "range": [lo, hi]}
        elif ":" in text:
            v, tol = (_finite(x) for x in text.split(":", 1))
            d = {"answer": v}
            if tol:
                d["tolerance"] = abs(tol)
        else:
            d = {"answer": _finite(text)}
        scored.append((w, d, _plain(fb, fmt) if fb else None))
    if not scored:
        raise ValueError("empty numeric answer")
    scored.sort(key=lambda t: -t[0])
    best_w, best, _fb = scored[0]
    if best_w < 100:
        raise ValueError(f"no full-credit answer (the best is worth {best_w:g}%)")
    out: dict[str, Any] = {"type": "numeric", **best}
    partial = []
    for w, d, fb in scored[1:]:
        if w >= 100 or w <= 0:
            continue
        p: dict[str, Any] = {"answer": d["answer"], "score": round(w / 100, 4)}
        if "range" in d:
            p["range"] = d["range"]
        if d.get("tolerance"):
            p["tolerance"] = d["tolerance"]
        if fb:
            p["feedback"] = fb
        partial.append(p)
    if partial:
        out["partial"] = partial
    return out


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
    fmt, before = _split_format(before)
    prompt = _plain(unescape(before), fmt)
    if after.strip():
        prompt = f"{prompt} _____ {_plain(unescape(after), fmt)}".strip()
    general = None
    g = body.find("####")
    if g >= 0:
        general, body = _plain(unescape(body[g + 4 :]), fmt), body[:g].strip()
    d: dict[str, Any] = {"prompt": prompt}
    if title:
        d["title"] = title
    if not body:
        return None, f"{where}:{line}: essay question is not supported; skipped"
    tf = re.match(r"^(T|TRUE|F|FALSE)\s*(#.*)?$", body, re.IGNORECASE | re.DOTALL)
    if tf:
        value = tf.group(1).upper().startswith("T")
        d.update(type="truefalse", answer=value)
        if tf.group(2):
            # GIFT: {T#feedback for a wrong answer#feedback for a right answer}
            rest = tf.group(2)[1:]
            k = _find(rest, "#")
            wrong_fb = _plain(unescape(rest[:k] if k >= 0 else rest), fmt)
            right_fb = _plain(unescape(rest[k + 1 :]), fmt) if k >= 0 else ""
            if wrong_fb or right_fb:
                d["choice_feedback"] = [right_fb, wrong_fb] if value else [wrong_fb, right_fb]
    elif body.startswith("#"):
        try:
            d.update(_numeric(body, fmt))
        except ValueError as exc:
            return None, f"{where}:{line}: cannot read the numeric answer ({exc}); skipped"
    else:
        items = _split_markers(body)
        if not items:
            return None, f"{where}:{line}: cannot read the answer block; skipped"
        if any("->" in t for _, t in items):
            return None, f"{where}:{line}: matching question is not supported; skipped"
        parsed = [
            (m, w, _plain(t, fmt), _plain(fb, fmt) if fb else None)
            for m, (w, t, fb) in ((m, _weight_text_feedback(t)) for m, t in items)
        ]
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


_LINE = "_gift_line"  # where a parsed question started, carried until the import checks it
_META_EXTRA = ("answers", "unweighted")


def _read_meta(raw: str, where: str) -> tuple[dict[str, Any] | None, str | None]:
    """A ``// papermind: {json}`` comment -> (fields, problem). Bad JSON, a non-object or
    unknown keys are reported with the line; unknown keys are dropped, the rest kept."""

    def no_constants(name: str) -> Any:
        raise ValueError(f"{name} is not a number papermind accepts")

    try:
        meta = json.loads(raw, parse_constant=no_constants)
    except ValueError as exc:
        return None, f"{where}: unreadable papermind metadata comment ({exc.args[0]}); ignored"
    if not isinstance(meta, dict):
        return None, f"{where}: papermind metadata must be a JSON object, got {type(meta).__name__}; ignored"
    unknown = sorted(k for k in meta if k not in META_KEYS and k not in _META_EXTRA)
    if unknown:
        for k in unknown:
            meta.pop(k)
        return meta, f"{where}: unknown papermind metadata key(s) {', '.join(unknown)}; ignored"
    return meta, None


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
                q[_LINE] = start
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
            meta, problem = _read_meta(s[len(META) :], f"{where}:{n}")
            if problem:
                problems.append(problem)
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


def read_gift_text(source: Path) -> tuple[str, str | None]:
    """The file's text, and a note when it was not UTF-8 (read as Windows-1252/Latin-1).

    A binary file (NUL bytes, or mostly control characters) is refused with a clear error."""
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise QuizError(f"cannot read {source}: {exc.strerror or exc}") from exc
    controls = sum(b < 32 and b not in (9, 10, 13) for b in data[:4096])
    if b"\x00" in data or controls > max(8, len(data[:4096]) // 20):
        raise QuizError(
            f"{source} is a binary file, not GIFT text", "export the questions from Moodle as GIFT"
        )
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
        return text, (
            f"{source}:{line}: not UTF-8; read as Latin-1 (Windows-1252): check accented characters"
        )


def _bank_problem(q: dict[str, Any], paper: str | None, where: str) -> str | None:
    """The first error the bank parser finds in one imported question (None when it loads)."""
    try:
        text = dump_bank([q], paper=paper)
        raw = tomllib.loads(text)["question"][0]
    except (TypeError, ValueError, KeyError, IndexError, tomllib.TOMLDecodeError) as exc:
        return f"{where}: cannot be written as a bank question ({exc}); skipped"
    bank = Bank(path=Path(where))
    bank.paper = paper
    parse_question(bank, raw, 1, {}, text)
    errors = [p.message for p in bank.problems if p.severity == "error"]
    return f"{where}: {errors[0]}; skipped" if errors else None


def import_gift(
    source: Path, output: Path, *, paper: str | None = None, prefix: str = "gift"
) -> ImportResult:
    text, note = read_gift_text(source)
    questions, problems = parse_gift(text, str(source))
    if note:
        problems.insert(0, note)
    used: set[str] = set()
    final = []
    for i, q in enumerate(questions, start=1):
        line = q.pop(_LINE, 1)
        qid = q.pop("id", None)
        if not isinstance(qid, str) or not qid.strip():
            qid = f"{prefix}-{i:02d}"
        while qid in used:
            qid += "-dup"
        candidate = {"id": qid, "type": q.pop("type"), **q}
        problem = _bank_problem(candidate, paper, f"{source}:{line}")
        if problem:
            problems.append(problem)
            continue
        used.add(qid)
        final.append(candidate)
    output.parent.mkdir(parents=True, exist_ok=True)
    header = f"Imported from {source.name} (GIFT) by `papermind quiz import`."
    output.write_text(dump_bank(final, paper=paper, header=header), encoding="utf-8")
    return ImportResult(output=str(output), questions=len(final), problems=problems)

"""The results file a student hands in: one self-describing JSON document.

```json
{"format": "papermind-results", "format_version": 1, "papermind_version": "0.1.0",
 "student": "Ada L.", "exported_at": "2026-09-15T10:00:00Z", "week": null,
 "note": "Self-reported practice results, not a grade of record.",
 "attempts": [{"question_id": "pa-01", "fingerprint": "3f…", "paper": "pagedattention",
               "answer": "B", "score": 1.0, "correct": true, "verdict": null,
               "self_assessment": null, "overruled": null,
               "answered_at": "2026-09-14T18:02:11Z", "duration_s": 12.4, "cram": false}],
 "reviews": [{"question_id": "pa-01", "due": "2026-09-18T18:02:11Z", "reps": 1}]}
```

``parse`` checks everything a hand-edited or truncated file can get wrong and raises
``ResultsFileError`` with the reason; it never trusts sizes or types.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from papermind.errors import PapermindError

FORMAT = "papermind-results"
FORMAT_VERSION = 1
NOTE = "Self-reported practice results from the student's own copy of papermind, not a grade of record."
MAX_BYTES = 20 * 1024 * 1024
MAX_ATTEMPTS = 100_000
MAX_ANSWER_CHARS = 20_000
MAX_NAME_CHARS = 200
VERDICTS = ("correct", "incorrect", "unsure")


class ResultsFileError(PapermindError):
    """A results file cannot be read (the message says why)."""


@dataclass
class ResultAttempt:
    question_id: str
    fingerprint: str
    answer: Any
    score: float
    correct: bool
    answered_at: datetime  # naive UTC
    paper: str | None = None
    verdict: str | None = None  # the grader's "correct" | "incorrect" | "unsure", when it gave one
    self_assessment: str | None = None  # the student's own judgement, when asked for one
    overruled: bool | None = None  # the student overruled the grader's verdict
    duration_s: float | None = None
    cram: bool = False


@dataclass
class ResultReview:
    question_id: str
    due: datetime  # naive UTC
    reps: int


@dataclass
class ResultsFile:
    student: str
    exported_at: datetime  # naive UTC
    papermind_version: str
    attempts: list[ResultAttempt] = field(default_factory=list)
    reviews: list[ResultReview] = field(default_factory=list)
    week: int | None = None


def _iso(d: datetime) -> str:
    return d.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def dump(results: ResultsFile) -> str:
    doc = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "papermind_version": results.papermind_version,
        "student": results.student,
        "exported_at": _iso(results.exported_at),
        "week": results.week,
        "note": NOTE,
        "attempts": [
            {
                "question_id": a.question_id,
                "fingerprint": a.fingerprint,
                "paper": a.paper,
                "answer": a.answer,
                "score": a.score,
                "correct": a.correct,
                "verdict": a.verdict,
                "self_assessment": a.self_assessment,
                "overruled": a.overruled,
                "answered_at": _iso(a.answered_at),
                "duration_s": a.duration_s,
                "cram": a.cram,
            }
            for a in results.attempts
        ],
        "reviews": [
            {"question_id": r.question_id, "due": _iso(r.due), "reps": r.reps} for r in results.reviews
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


# -- reading ------------------------------------------------------------------------------------
def _fail(where: str, what: str) -> ResultsFileError:
    return ResultsFileError(f"{where}: {what}")


def _str(d: dict[str, Any], key: str, where: str, *, limit: int = 200, optional: bool = False) -> str | None:
    v = d.get(key)
    if v is None and optional:
        return None
    if not isinstance(v, str) or not v.strip():
        raise _fail(where, f"`{key}` must be a non-empty string")
    if len(v) > limit:
        raise _fail(where, f"`{key}` is longer than {limit} characters")
    return v


def _time(d: dict[str, Any], key: str, where: str) -> datetime:
    v = _str(d, key, where, limit=40)
    assert v is not None
    try:
        t = datetime.fromisoformat(v)
    except ValueError:
        raise _fail(where, f"`{key}` is not an ISO date-time: {v!r}") from None
    return t.astimezone(UTC).replace(tzinfo=None) if t.tzinfo else t


def _number(d: dict[str, Any], key: str, where: str, *, optional: bool = False) -> float | None:
    v = d.get(key)
    if v is None and optional:
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        raise _fail(where, f"`{key}` must be a number")
    return float(v)


def _bool(d: dict[str, Any], key: str, where: str, *, optional: bool = False) -> bool | None:
    v = d.get(key)
    if v is None and optional:
        return None
    if not isinstance(v, bool):
        raise _fail(where, f"`{key}` must be true or false")
    return v


def _attempt(raw: Any, i: int) -> ResultAttempt:
    where = f"attempt {i + 1}"
    if not isinstance(raw, dict):
        raise _fail(where, "must be an object")
    score = _number(raw, "score", where)
    assert score is not None
    if not 0.0 <= score <= 1.0:
        raise _fail(where, f"`score` must be between 0 and 1, not {score}")
    answer = raw.get("answer")
    if len(json.dumps(answer, ensure_ascii=False)) > MAX_ANSWER_CHARS:
        raise _fail(where, f"the answer is longer than {MAX_ANSWER_CHARS} characters")
    verdict = _str(raw, "verdict", where, limit=16, optional=True)
    if verdict is not None and verdict not in VERDICTS:
        raise _fail(where, f"`verdict` must be one of {', '.join(VERDICTS)}, not {verdict!r}")
    duration = _number(raw, "duration_s", where, optional=True)
    if duration is not None and duration < 0:
        raise _fail(where, "`duration_s` must not be negative")
    return ResultAttempt(
        question_id=str(_str(raw, "question_id", where, limit=128)),
        fingerprint=str(_str(raw, "fingerprint", where, limit=64)),
        paper=_str(raw, "paper", where, limit=64, optional=True),
        answer=answer,
        score=score,
        correct=bool(_bool(raw, "correct", where)),
        verdict=verdict,
        self_assessment=_str(raw, "self_assessment", where, limit=16, optional=True),
        overruled=_bool(raw, "overruled", where, optional=True),
        answered_at=_time(raw, "answered_at", where),
        duration_s=duration,
        cram=bool(_bool(raw, "cram", where, optional=True)),
    )


def _review(raw: Any, i: int) -> ResultReview:
    where = f"review {i + 1}"
    if not isinstance(raw, dict):
        raise _fail(where, "must be an object")
    reps = raw.get("reps")
    if isinstance(reps, bool) or not isinstance(reps, int) or reps < 0:
        raise _fail(where, "`reps` must be a whole number ≥ 0")
    return ResultReview(str(_str(raw, "question_id", where, limit=128)), _time(raw, "due", where), reps)


def parse(data: bytes) -> ResultsFile:
    """Read a results file's bytes; ``ResultsFileError`` says what is wrong."""
    if len(data) > MAX_BYTES:
        raise ResultsFileError(f"larger than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ResultsFileError("not UTF-8 text (is it a results file?)") from None
    except json.JSONDecodeError as exc:
        # json's own messages can end mid-phrase ("Invalid control character at"): trim to the words.
        msg = exc.msg.removesuffix(" at").rstrip(":")
        # at the end, or a string that never closes (json reports where it started): cut short
        cut = exc.pos >= len(exc.doc.rstrip()) - 1 or exc.msg.startswith("Unterminated string")
        truncated = " (the file looks cut short)" if cut else ""
        raise ResultsFileError(
            f"not valid JSON (line {exc.lineno}, column {exc.colno}: {msg}){truncated}"
        ) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ResultsFileError(f'not a papermind results file (no "format": "{FORMAT}")')
    version = doc.get("format_version")
    if version != FORMAT_VERSION:
        raise ResultsFileError(
            f"format version {version!r} is not supported (this papermind reads {FORMAT_VERSION})"
        )
    attempts, reviews = doc.get("attempts"), doc.get("reviews", [])
    if not isinstance(attempts, list) or not isinstance(reviews, list):
        raise ResultsFileError("`attempts` and `reviews` must be lists")
    if len(attempts) > MAX_ATTEMPTS or len(reviews) > MAX_ATTEMPTS:
        raise ResultsFileError(f"more than {MAX_ATTEMPTS} attempts or reviews")
    week = doc.get("week")
    if week is not None and (isinstance(week, bool) or not isinstance(week, int)):
        raise ResultsFileError("`week` must be a whole number or null")
    return ResultsFile(
        student=str(_str(doc, "student", "the file", limit=MAX_NAME_CHARS)).strip(),
        exported_at=_time(doc, "exported_at", "the file"),
        papermind_version=str(_str(doc, "papermind_version", "the file", limit=32)),
        attempts=[_attempt(a, i) for i, a in enumerate(attempts)],
        reviews=[_review(r, i) for i, r in enumerate(reviews)],
        week=week,
    )


def student_key(name: str) -> str:
    """The key a student's hand-ins are matched on: the name, case-folded, spaces collapsed."""
    return " ".join(name.casefold().split())

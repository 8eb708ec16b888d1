"""A gradebook file in the layout Canvas's gradebook import accepts (``papermind class grades``).

Columns: ``Student, ID, SIS User ID, SIS Login ID, Section``, then one column per week's quiz
named ``Week N quiz (papermind)``; a second row ``Points Possible`` gives each column's points.
Canvas matches rows on ``ID`` (the Canvas user id, taken from the submission zip's file names) and
creates a new assignment for a column it does not know. A student's mark for a week is
``points × Σ(question points × first-try score) / Σ(question points)`` over that week's questions
(an unanswered question counts 0). A week nobody in the class has answered gets no column (a
column of zeros would become a Canvas assignment everyone failed); ``unanswered_weeks`` names
them. The marks are self-reported practice results: import them as an ungraded or low-stakes
column, never as a grade of record.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from papermind.classroom.fingerprint import fingerprint
from papermind.classroom.records import StudentResults
from papermind.quiz.bank.model import Question

FIXED = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")


@dataclass
class Gradebook:
    columns: list[str]
    points: list[float]
    rows: list[tuple[str, str, list[float]]]  # name, canvas id, one mark per column
    unanswered_weeks: list[int]  # weeks with questions that no student answered: no column

    def warnings(self) -> list[str]:
        """What the instructor must know before importing the file (said in text and JSON alike)."""
        out = []
        if self.unanswered_weeks:
            weeks = ", ".join(str(w) for w in self.unanswered_weeks)
            out.append(f"no column for week(s) {weeks}: no student has answered their questions yet")
        missing = [name for name, cid, _ in self.rows if not cid]
        if missing:
            out.append(
                f"{len(missing)} student(s) have no Canvas ID (not from a Canvas zip): "
                f"{', '.join(missing)}; fill the ID column before importing"
            )
        return out

    def to_csv(self) -> str:
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\n")
        w.writerow([*FIXED, *self.columns])
        w.writerow(["Points Possible", "", "", "", "", *(f"{p:g}" for p in self.points)])
        for name, canvas_id, marks in self.rows:
            w.writerow([name, canvas_id, "", "", "", *(f"{m:.2f}" for m in marks)])
        return out.getvalue()


def column_name(week: int) -> str:
    return f"Week {week} quiz (papermind)"


def build(
    students: list[StudentResults], weeks: dict[int, list[Question]], points: float = 10.0
) -> Gradebook:
    fps = {q.id: fingerprint(q) for qs in weeks.values() for q in qs}
    firsts: list[dict[str, float]] = []
    for st in students:
        first: dict[str, float] = {}
        for a in sorted(st.attempts, key=lambda a: a.answered_at):
            if fps.get(a.question_id) == a.fingerprint:
                first.setdefault(a.question_id, a.score)
        firsts.append(first)
    answered = {qid for first in firsts for qid in first}
    with_questions = sorted(w for w, qs in weeks.items() if qs)
    order = [w for w in with_questions if any(q.id in answered for q in weeks[w])]
    rows = []
    for st, first in zip(students, firsts, strict=True):
        marks = []
        for w in order:
            total = sum(q.points for q in weeks[w])
            got = sum(q.points * first.get(q.id, 0.0) for q in weeks[w])
            marks.append(round(points * got / total, 2) if total else 0.0)
        rows.append((st.name, st.canvas_id or "", marks))
    unanswered = [w for w in with_questions if w not in order]
    return Gradebook([column_name(w) for w in order], [points] * len(order), rows, unanswered)

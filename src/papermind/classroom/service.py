"""``ClassService`` (``pm.classroom``): students export their results; an instructor imports
everyone's, and gets class statistics, a discussion agenda and a gradebook file.

Built by ``api.py`` with what it needs: a unit-of-work factory, the quiz service (banks,
questions) and the syllabus (which week a question belongs to). Everything returned is a
plain dataclass. Results are self-reported by the students' own papermind: nothing here is a
grade of record.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from papermind.classroom import agenda as agenda_mod
from papermind.classroom import export, records, results_file, sources
from papermind.classroom import grades as gradebook
from papermind.classroom import stats as class_stats
from papermind.classroom.files import write_new
from papermind.errors import NotFoundError, PapermindError
from papermind.quiz.bank.model import Question

if TYPE_CHECKING:
    from papermind.quiz.service import QuizService
    from papermind.store.engine import SessionFactory
    from papermind.syllabus import SyllabusSource


@dataclass
class ImportedFile:
    name: str
    status: str  # "added" | "replaced" | "unchanged" | "older" | "failed"
    student: str | None = None
    attempts: int = 0
    reason: str | None = None  # why it failed or was skipped


@dataclass
class ImportReport:
    files: list[ImportedFile] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(f.status == status for f in self.files)

    @property
    def ok(self) -> bool:
        return self.count("failed") == 0


def _utcnow() -> datetime:
    from papermind.quiz.review.attempts import naive, utcnow

    return naive(utcnow())


class ClassService:
    def __init__(
        self,
        session: SessionFactory,
        quiz: QuizService,
        syllabi: SyllabusSource,
        version: str,
    ) -> None:
        self._session = session
        self._quiz = quiz
        self._syllabi = syllabi
        self._version = version

    # -- student side --------------------------------------------------------------------------
    def export_results(
        self,
        path: str | Path,
        *,
        user: str | None = None,
        week: int | None = None,
        name: str | None = None,
        force: bool = False,
        now: datetime | None = None,
    ) -> export.ExportReport:
        """Write ``user``'s attempts (``week``'s questions only, when given) to ``path``, under
        ``name`` (a pseudonym, say) or the user name."""
        from papermind.quiz.review import attempts as review

        user = user or review.default_user()
        student = (name or user).strip()
        if not student or len(student) > results_file.MAX_NAME_CHARS:
            raise PapermindError("the name on a results file must be 1 to 200 characters", "pass --as NAME")
        questions = self._quiz.all_questions()
        scope = {q.id for q in self.questions(week=week)} if week is not None else None
        with self._session() as s:
            attempts = review.attempts(s, user)
            cards = [
                results_file.ResultReview(qid, c.due, c.reps) for qid, c in review.cards(s, user).items()
            ]
        if not attempts:
            raise NotFoundError(f"no quiz answers recorded for {user!r}", "answer some questions first")
        results, left_out = export.build(
            student,
            attempts,
            cards,
            questions,
            version=self._version,
            now=now or _utcnow(),
            week=week,
            scope=scope,
        )
        path = Path(path)
        write_new(path, results_file.dump(results), force=force)
        return export.ExportReport(
            path=str(path),
            student=student,
            attempts=len(results.attempts),
            questions=len({a.question_id for a in results.attempts}),
            reviews=len(results.reviews),
            left_out=left_out,
            week=week,
        )

    # -- instructor side -----------------------------------------------------------------------
    def import_results(self, paths: list[str | Path], *, now: datetime | None = None) -> ImportReport:
        """Import hand-ins (files, folders, Canvas submission zips); one bad file is reported and
        never stops the others or touches the store."""
        report = ImportReport()
        when = now or _utcnow()
        for src in sources.collect([Path(p) for p in paths]):
            report.files.append(self._import_one(src, when))
        return report

    def _import_one(self, src: sources.Source, now: datetime) -> ImportedFile:
        if src.data is None:
            return ImportedFile(src.name, "failed", reason=src.error)
        digest = hashlib.sha256(src.data).hexdigest()
        with self._session() as s:
            known = records.submission_with_hash(s, digest)
            if known is not None:
                return ImportedFile(src.name, "unchanged", known.name, reason="this file was imported before")
        try:
            parsed = results_file.parse(src.data)
        except results_file.ResultsFileError as exc:
            return ImportedFile(src.name, "failed", reason=exc.message)
        done = ImportedFile(src.name, "added", parsed.student, len(parsed.attempts))
        with self._session() as s:
            old = records.submission_of(s, parsed.student)
            if old is not None and old.canvas_id and src.canvas_id and old.canvas_id != src.canvas_id:
                done.status = "failed"
                done.reason = (
                    f"another student (Canvas ID {old.canvas_id}) handed in under the name {parsed.student!r}; "
                    "ask one of them to export again with another name (--as)"
                )
                return done
            if old is not None and old.exported_at > parsed.exported_at:
                done.status = "older"
                done.reason = (
                    f"older than the hand-in already imported (exported {old.exported_at:%Y-%m-%d %H:%M})"
                )
                return done
            if old is not None:
                done.status = "replaced"
            records.store(s, parsed, sha256=digest, source=src.name, canvas_id=src.canvas_id, now=now)
        return done

    def students(self) -> list[records.StudentResults]:
        with self._session() as s:
            return records.load_all(s)

    def clear(self) -> int:
        """Forget every imported hand-in; returns how many students were removed."""
        with self._session() as s:
            return records.clear(s)

    # -- scope ---------------------------------------------------------------------------------
    def week_of(self) -> dict[str, int | None]:
        """Each bank question's week quiz: its own ``week``, else the week its paper is read on the
        schedule (the row whose quiz count and due date the schedule shows it in, due at the
        paper's discussion); None when the schedule does not have the paper."""
        syllabus = self._syllabi.load()
        out: dict[str, int | None] = {}
        for q in self._quiz.all_questions():
            week: int | None = q.week
            if week is None and q.paper is not None:
                try:
                    week = syllabus.week_of_paper(q.paper)
                except NotFoundError:  # the paper is not on this schedule
                    week = None
            out[q.id] = week
        return out

    def questions(self, week: int | None = None, paper: str | None = None) -> list[Question]:
        """The bank questions in scope. ``week`` takes a week's quiz and, as ``papermind quiz
        --week`` does, the questions on the papers that week's discussion covers."""
        qs = [q for q in self._quiz.all_questions() if not q.generated]
        if week is not None:
            weeks = self.week_of()
            discussed = set(self._syllabi.load().papers_for_week(week, include_discussed=True))
            qs = [q for q in qs if weeks.get(q.id) == week or (q.week is None and q.paper in discussed)]
        if paper is not None:
            qs = [q for q in qs if q.paper == paper]
        if not qs:
            what = f"week {week}" if week is not None else f"paper {paper!r}" if paper else "the banks"
            raise NotFoundError(f"no questions for {what}", "`papermind quiz list` shows the questions")
        return qs

    # -- reports -------------------------------------------------------------------------------
    def stats(
        self,
        *,
        week: int | None = None,
        paper: str | None = None,
        min_students: int = class_stats.MIN_STUDENTS,
        now: datetime | None = None,
    ) -> class_stats.ClassStats:
        scope = self.questions(week=week, paper=paper)
        students = self._students_or_fail({q.id for q in scope})
        result = class_stats.compute(
            students, scope, self.week_of(), now=now or _utcnow(), min_students=min_students
        )
        with self._session() as s:
            answered = records.question_ids(s)
        result.unknown_questions = sorted(answered - {q.id for q in self._quiz.all_questions()})
        return result

    def agenda(
        self,
        week: int,
        *,
        path: str | Path | None = None,
        force: bool = False,
        min_students: int = class_stats.MIN_STUDENTS,
        now: datetime | None = None,
    ) -> agenda_mod.Agenda:
        qs = self.questions(week=week)
        students = self._students_or_fail({q.id for q in qs})
        st = class_stats.compute(
            students, qs, self.week_of(), now=now or _utcnow(), min_students=min_students
        )
        result = agenda_mod.build(week, st, qs, students)
        if path is not None:
            write_new(Path(path), result.markdown, force=force)
        return result

    def grades(self, path: str | Path, *, points: float = 10.0, force: bool = False) -> gradebook.Gradebook:
        if not points > 0:
            raise PapermindError(f"points must be positive, not {points}", "e.g. --points 10")
        students = self._students_or_fail()
        weeks: dict[int, list[Question]] = {}
        by_week = self.week_of()
        for q in self.questions():
            w = by_week.get(q.id)
            if w is not None:
                weeks.setdefault(w, []).append(q)
        book = gradebook.build(students, weeks, points)
        write_new(Path(path), book.to_csv(), force=force)
        return book

    def _students_or_fail(self, question_ids: set[str] | None = None) -> list[records.StudentResults]:
        """Every student's hand-in (their attempts on ``question_ids`` only, when given)."""
        with self._session() as s:
            students = records.load_all(s, question_ids)
        if not students:
            raise NotFoundError(
                "no class results imported", "collect the students' files, then `papermind class import`"
            )
        return students

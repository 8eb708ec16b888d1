"""``QuizService`` (``pm.quiz``): banks, question selection, grading, attempts, FSRS, stats.

The CLI and the TUI call only this; everything returned is a plain dataclass.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from papermind.errors import NotFoundError, QuizError
from papermind.quiz.bank.check import CheckReport, check_banks, paper_keys
from papermind.quiz.bank.load import bank_files, load_bank
from papermind.quiz.bank.model import Bank, Question
from papermind.quiz.grading.rules import GradeResult, grade

if TYPE_CHECKING:
    from papermind.api import Papermind
    from papermind.quiz.analysis.item_stats import StatsReport
    from papermind.quiz.review.attempts import AttemptInfo


@dataclass
class BankInfo:
    name: str
    path: str
    paper: str | None
    title: str | None
    questions: int
    errors: int


@dataclass
class PaperProgress:
    paper: str
    questions: int
    attempted: int
    mastered: int  # latest answer correct
    mean_score: float | None  # over each question's latest answer
    due: int  # due now, new questions included


@dataclass
class DueSplit:
    """Per paper, like Anki's Due / New: reviews whose date has come, and never-answered questions."""

    paper: str
    due: int  # answered before, review date reached
    new: int  # never answered
    questions: int


class QuizService:
    def __init__(self, api: Papermind) -> None:
        self.api = api
        self._banks: list[Bank] | None = None
        self._stamp: tuple[tuple[str, float], ...] = ()
        self._generated: dict[str, Question] = {}

    # -- banks -------------------------------------------------------------------------------
    @property
    def quizzes_dir(self) -> Path:
        return Path(self.api.settings.quizzes_dir)

    def _load(self) -> list[Bank]:
        files = bank_files([self.quizzes_dir]) if self.quizzes_dir.exists() else []
        stamp = tuple((str(f), f.stat().st_mtime) for f in files)
        if self._banks is None or stamp != self._stamp:
            self._banks = [load_bank(f) for f in files]
            self._stamp = stamp
        return self._banks

    def banks(self) -> list[BankInfo]:
        return [
            BankInfo(
                b.name,
                str(b.path),
                b.paper,
                b.title,
                len(b.questions),
                sum(p.severity == "error" for p in b.problems),
            )
            for b in self._load()
        ]

    def all_questions(self) -> list[Question]:
        seen: set[str] = set()
        out: list[Question] = []
        for b in self._load():
            for q in b.questions:
                if q.id not in seen:
                    seen.add(q.id)
                    out.append(q)
        return out

    def question(self, qid: str, bank: str | Path | None = None) -> Question:
        pool = self.load_bank(bank).questions if bank is not None else self.all_questions()
        for q in pool:
            if q.id == qid:
                return q
        if bank is None and qid.startswith("gen-"):
            if qid not in self._generated:
                keys = paper_keys(Path(self.api.settings.corpus_dir)) or set()
                self.generated([k for k in keys if qid.startswith(f"gen-{k}-")])
            if qid in self._generated:
                return self._generated[qid]
        raise NotFoundError(
            f"no question {qid!r}" + (f" in {bank}" if bank else ""),
            "`papermind quiz list` shows the question ids",
        )

    def load_bank(self, bank: str | Path) -> Bank:
        """A bank by path, or by name in the quizzes folder ("attention" -> quizzes/attention.toml)."""
        p = Path(bank)
        if not p.exists():
            cand = self.quizzes_dir / (p.name if p.suffix == ".toml" else f"{p.name}.toml")
            if not cand.exists():
                raise NotFoundError(f"no question bank {str(bank)!r}", f"banks live in {self.quizzes_dir}")
            p = cand
        b = load_bank(p)
        fatal = [x for x in b.problems if x.severity == "error" and x.qid is None]
        if fatal and not b.questions:
            raise QuizError(f"cannot read {p}: {fatal[0]}", "`papermind quiz check` lists every problem")
        return b

    def check(self, paths: list[str | Path] | None = None) -> CheckReport:
        files = bank_files([Path(p) for p in paths] if paths else [self.quizzes_dir])
        if not files:
            raise NotFoundError("no question banks to check", f"put *.toml banks in {self.quizzes_dir}")
        missing = [f for f in files if not f.exists()]
        if missing:
            raise NotFoundError(f"no such file: {missing[0]}")
        lib = self.api.library
        return check_banks(
            [load_bank(f) for f in files],
            known_papers=paper_keys(Path(self.api.settings.corpus_dir)),
            is_ingested=getattr(lib, "is_ingested", None),
            page_text=getattr(lib, "page_text", None),
        )

    # -- selection ---------------------------------------------------------------------------
    def _syllabus(self):  # type: ignore[no-untyped-def]
        return self.api.schedule.load()

    def questions(
        self,
        week: int | None = None,
        paper: str | None = None,
        due: bool = False,
        next_: bool = False,
        user: str | None = None,
        include_generated: bool = False,
        today: dt.date | None = None,
        now: dt.datetime | None = None,
    ) -> list[Question]:
        qs = [q for q in self.all_questions() if include_generated or not q.generated]
        scope: set[str] | None = None
        if week is not None:
            scope = set(self._syllabus().papers_for_week(week, include_discussed=True))
            qs = [q for q in qs if q.paper in scope or q.week == week]
        if next_:
            keys = set(self._syllabus().papers_discussed_next(today or dt.date.today()))
            scope = keys if scope is None else scope & keys
            qs = [q for q in qs if q.paper in keys]
        if paper is not None:
            scope = {paper} if scope is None or paper in scope else set()
            qs = [q for q in qs if q.paper == paper]
        if include_generated:
            if scope is None:
                scope = paper_keys(Path(self.api.settings.corpus_dir)) or {q.paper for q in qs if q.paper}
            qs += self.generated(sorted(scope))
        if due:
            due_ids = self._due_ids(user, [q.id for q in qs], now)
            order = {qid: i for i, qid in enumerate(due_ids)}
            qs = sorted((q for q in qs if q.id in order), key=lambda q: order[q.id])
        return qs

    def generated(self, papers: list[str]) -> list[Question]:
        """Generated cloze practice for these papers (cached; empty without concepts)."""
        from papermind.quiz.practice.cloze import generate_cloze

        fresh = generate_cloze(self.api, papers)
        self._generated.update({q.id: q for q in fresh})
        return fresh

    def _due_ids(self, user: str | None, qids: list[str], now: dt.datetime | None = None) -> list[str]:
        """Due questions, most overdue first, then new ones in bank order."""
        from papermind.quiz.review import attempts as review

        user = user or review.default_user()
        cutoff = review.naive(now or review.utcnow())
        with self.api.session() as s:
            cards = {k: v.due for k, v in review.cards(s, user).items()}
        seen = sorted((cards[q], q) for q in qids if q in cards and cards[q] <= cutoff)
        new = [q for q in qids if q not in cards]
        return [q for _, q in seen] + new

    # -- grading -----------------------------------------------------------------------------
    def grade_question(self, q: Question, answer: Any) -> GradeResult:
        """Grade without recording (the question may come from any bank)."""
        return grade(q, answer)

    def prepare_answers(self, q: Question, answers: list[str]) -> None:
        """Before grading many free-text answers to ``q``: run every text the grader will embed
        (answers or their blanks, references, prompt) through the model in one batch."""
        from papermind.quiz.grading import semantic
        from papermind.quiz.grading.rules import split_cloze

        if q.type == "short" and answers:
            semantic.prefetch([*answers, *q.reference, q.prompt or ""])
        elif q.type == "cloze" and answers:
            texts = [r for b in q.blanks for r in b.reference]
            for a in answers:
                try:
                    texts += split_cloze(a, len(q.blanks))
                except QuizError:
                    continue  # reported when that line is graded
            semantic.prefetch(texts)

    def grade(
        self,
        qid: str | Question,
        answer: Any,
        user: str | None = None,
        record: bool = True,
        cram: bool = False,
        now: dt.datetime | None = None,
    ) -> GradeResult:
        """Grade and (unless ``record=False``) record a review. ``qid`` is an id in the banks, or
        the question itself when the caller holds it (e.g. from a bank outside the folder)."""
        from papermind.quiz.review import attempts as review

        q = qid if isinstance(qid, Question) else self.question(qid)
        result = grade(q, answer)
        if record:
            with self.api.session() as s:
                info = review.record(
                    s,
                    user=user or review.default_user(),
                    qid=q.id,
                    paper=q.paper,
                    answer=answer,
                    score=result.score,
                    correct=result.correct,
                    cram=cram,
                    now=now,
                )
            result.details["due"] = info.due.isoformat() if info.due else None
        return result

    def undo_last(self, user: str | None = None) -> AttemptInfo | None:
        from papermind.quiz.review import attempts as review

        with self.api.session() as s:
            return review.undo_last(s, user or review.default_user())

    def due_counts(self, user: str | None = None, now: dt.datetime | None = None) -> dict[str, int]:
        qs = self.questions()
        due = set(self._due_ids(user, [q.id for q in qs], now))
        out: dict[str, int] = {}
        for q in qs:
            key = q.paper or "?"
            out[key] = out.get(key, 0) + (q.id in due)
        return out

    def due_split(self, user: str | None = None, now: dt.datetime | None = None) -> list[DueSplit]:
        """Due reviews and new questions per paper (bank order), from one read of the cards."""
        from papermind.quiz.review import attempts as review

        user = user or review.default_user()
        cutoff = review.naive(now or review.utcnow())
        with self.api.session() as s:
            cards = {k: v.due for k, v in review.cards(s, user).items()}
        out: dict[str, DueSplit] = {}
        for q in self.questions():
            key = q.paper or "?"
            row = out.setdefault(key, DueSplit(key, 0, 0, 0))
            row.questions += 1
            if q.id not in cards:
                row.new += 1
            elif cards[q.id] is not None and cards[q.id] <= cutoff:
                row.due += 1
        return list(out.values())

    def history(self, user: str | None = None, limit: int | None = None) -> list[AttemptInfo]:
        from papermind.quiz.review import attempts as review

        with self.api.session() as s:
            return review.attempts(s, user or review.default_user(), limit)

    def progress(self, user: str | None = None, now: dt.datetime | None = None) -> list[PaperProgress]:
        latest: dict[str, float] = {}
        for a in reversed(self.history(user)):
            latest[a.question_id] = a.score
        due = self.due_counts(user, now)
        by_paper: dict[str, list[Question]] = {}
        for q in self.questions():
            by_paper.setdefault(q.paper or "?", []).append(q)
        out = []
        for paper, qs in by_paper.items():
            scores = [latest[q.id] for q in qs if q.id in latest]
            out.append(
                PaperProgress(
                    paper=paper,
                    questions=len(qs),
                    attempted=len(scores),
                    mastered=sum(latest[q.id] >= q.pass_mark for q in qs if q.id in latest),
                    mean_score=round(sum(scores) / len(scores), 4) if scores else None,
                    due=due.get(paper, 0),
                )
            )
        return out

    def stats(self) -> StatsReport:
        from papermind.quiz.analysis.item_stats import compute_stats
        from papermind.quiz.review import attempts as review

        with self.api.session() as s:
            rows = review.all_attempt_rows(s)
        return compute_stats(rows, {q.id: q for q in self.all_questions()})

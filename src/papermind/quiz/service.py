"""``QuizService`` (``pm.quiz``): banks, question selection, grading, attempts, FSRS, stats.

The CLI and the TUI call only this; everything returned is a plain dataclass.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from papermind.errors import NotFoundError, QuizError
from papermind.quiz.bank.check import CheckReport, check_banks
from papermind.quiz.bank.load import bank_files, load_bank
from papermind.quiz.bank.model import Bank, Problem, Question
from papermind.quiz.grading.rules import GradeResult, grade

if TYPE_CHECKING:
    from papermind.concepts.service import ConceptService
    from papermind.corpus import ReadingList
    from papermind.library import LibraryService
    from papermind.quiz.analysis.item_stats import StatsReport
    from papermind.quiz.bank.install import InstallReport
    from papermind.quiz.review.attempts import AttemptInfo
    from papermind.store.engine import SessionFactory
    from papermind.syllabus import Syllabus, SyllabusSource


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
class ForecastDay:
    """Anki-style forecast: reviews falling due on ``date`` (today includes the overdue ones)."""

    date: dt.date
    due: int


@dataclass
class Forecast:
    days: list[ForecastDay]
    new_today: int  # new questions still allowed today (the daily limit less those started)
    new_limit: int
    new_available: int  # never-answered questions in the banks


NEW_PER_DAY = 20  # new questions introduced per day in due reviews (Anki's default)


@dataclass
class DueSplit:
    """Per paper, like Anki's Due / New: reviews whose date has come, and never-answered questions."""

    paper: str
    due: int  # answered before, review date reached
    new: int  # never answered
    questions: int


class QuizService:
    def __init__(
        self,
        sessions: SessionFactory,
        quizzes_dir: Path,
        user_quizzes_dir: Path,
        reading_list: ReadingList,
        syllabi: SyllabusSource,
        library: LibraryService,
        concepts: ConceptService,
    ) -> None:
        self._sessions = sessions
        self._quizzes_dir = Path(quizzes_dir)
        self._user_quizzes_dir = Path(user_quizzes_dir)
        self._reading_list = reading_list
        self._syllabi = syllabi
        self._library = library
        self._concepts = concepts
        self._banks: list[Bank] | None = None
        self._stamp: tuple[tuple[str, float], ...] = ()
        self._generated: dict[str, Question] = {}

    # -- banks -------------------------------------------------------------------------------
    @property
    def quizzes_dir(self) -> Path:
        return self._quizzes_dir

    @property
    def user_quizzes_dir(self) -> Path:
        """Banks the user installed (``quiz install``), loaded after the quizzes folder's."""
        return self._user_quizzes_dir

    def _bank_files(self) -> list[Path]:
        """The quizzes folder's banks, then the user's; a user bank with the same file name as a
        shipped one replaces it (an instructor's updated bank)."""
        user = bank_files([self.user_quizzes_dir]) if self.user_quizzes_dir.is_dir() else []
        shadowed = {f.name for f in user}
        shipped = bank_files([self.quizzes_dir]) if self.quizzes_dir.is_dir() else []
        return [f for f in shipped if f.name not in shadowed] + user

    def _load(self) -> list[Bank]:
        files = self._bank_files()
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

    def bank_errors(self) -> list[Problem]:
        """The errors in the quizzes folder's banks: the questions they concern are left out, and
        every other question still loads."""
        return [p for b in self._load() for p in b.problems if p.severity == "error"]

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
                keys = self._reading_list.keys() or set()
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
            name = p.name if p.suffix == ".toml" else f"{p.name}.toml"
            found = [d / name for d in (self.user_quizzes_dir, self.quizzes_dir) if (d / name).exists()]
            if not found:
                raise NotFoundError(f"no question bank {str(bank)!r}", f"banks live in {self.quizzes_dir}")
            p = found[0]
        b = load_bank(p)
        fatal = [x for x in b.problems if x.severity == "error" and x.qid is None]
        if fatal and not b.questions:
            raise QuizError(f"cannot read {p}: {fatal[0]}", "`papermind quiz check` lists every problem")
        return b

    def check(self, paths: list[str | Path] | None = None) -> CheckReport:
        files = bank_files([Path(p) for p in paths]) if paths else self._bank_files()
        if not files:
            raise NotFoundError("no question banks to check", f"put *.toml banks in {self.quizzes_dir}")
        missing = [f for f in files if not f.exists()]
        if missing:
            raise NotFoundError(f"no such file: {missing[0]}")
        # the banks in use beside them (none when checking those): an installed bank replaces the
        # one of its file name
        checked, names = {f.resolve() for f in files}, {f.name for f in files}
        in_use = [b for b in self._load() if b.path.resolve() not in checked and b.path.name not in names]
        return check_banks(
            [load_bank(f) for f in files],
            known_papers=self._reading_list.keys(),
            is_ingested=self._library.is_ingested,
            page_text=self._library.page_text,
            in_use=in_use,
        )

    def install(self, source: str | Path) -> InstallReport:
        """Check a bank (or a zip of banks) and, when it has no error, copy it into the user's
        banks folder; the report lists its problems (file:line) either way."""
        from papermind.quiz.bank.install import install

        return install(Path(source), self.user_quizzes_dir, lambda files: self.check(list(files)))

    # -- selection ---------------------------------------------------------------------------
    def _syllabus(self) -> Syllabus:
        return self._syllabi.load()

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
        new_limit: int | None = NEW_PER_DAY,
    ) -> list[Question]:
        """The questions in scope; with ``due``, only reviews due now (most overdue first) and at
        most ``new_limit`` new ones a day (None: no limit), less the new ones started today."""
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
                scope = self._reading_list.keys() or {q.paper for q in qs if q.paper}
            qs += self.generated(sorted(scope))
        if due:
            due_ids = self._due_ids(user, [q.id for q in qs], now, new_limit)
            order = {qid: i for i, qid in enumerate(due_ids)}
            qs = sorted((q for q in qs if q.id in order), key=lambda q: order[q.id])
        return qs

    def generated(self, papers: list[str]) -> list[Question]:
        """Generated cloze practice for these papers (cached; empty without concepts)."""
        from papermind.quiz.practice.cloze import generate_cloze

        fresh = generate_cloze(self._library, self._concepts, papers)
        self._generated.update({q.id: q for q in fresh})
        return fresh

    def _due_ids(
        self,
        user: str | None,
        qids: list[str],
        now: dt.datetime | None = None,
        new_limit: int | None = None,
    ) -> list[str]:
        """Due questions, most overdue first, then new ones in bank order (at most what the daily
        new limit leaves today, when one is given)."""
        from papermind.quiz.review import attempts as review

        user = user or review.default_user()
        cutoff = review.naive(now or review.utcnow())
        with self._sessions() as s:
            cards = {k: v.due for k, v in review.cards(s, user).items()}
            started = review.new_started_on(s, user, cutoff.date()) if new_limit is not None else 0
        seen = sorted((cards[q], q) for q in qids if q in cards and cards[q] <= cutoff)
        new = [q for q in qids if q not in cards]
        if new_limit is not None:
            new = new[: max(0, new_limit - started)]
        return [q for _, q in seen] + new

    def forecast(
        self,
        user: str | None = None,
        days: int = 7,
        now: dt.datetime | None = None,
        new_limit: int = NEW_PER_DAY,
    ) -> Forecast:
        """Reviews due on each of the next ``days`` days (overdue ones count today) and how many
        new questions today's limit still allows."""
        from papermind.quiz.review import attempts as review

        user = user or review.default_user()
        cutoff = review.naive(now or review.utcnow())
        qids = {q.id for q in self.questions()}
        with self._sessions() as s:
            cards = {k: v.due for k, v in review.cards(s, user).items() if k in qids}
            started = review.new_started_on(s, user, cutoff.date())
        today = cutoff.date()
        counts = [0] * days
        for due in cards.values():
            offset = max(0, (due.date() - today).days)
            if offset < days:
                counts[offset] += 1
        new_available = len(qids - set(cards))
        return Forecast(
            days=[ForecastDay(today + dt.timedelta(days=i), n) for i, n in enumerate(counts)],
            new_today=min(new_available, max(0, new_limit - started)),
            new_limit=new_limit,
            new_available=new_available,
        )

    # -- grading -----------------------------------------------------------------------------
    def grade_question(self, q: Question, answer: Any) -> GradeResult:
        """Grade without recording (the question may come from any bank)."""
        return grade(q, answer)

    def group_answers(self, texts: list[str]) -> list[list[int]]:
        """Similar answers grouped (indices into ``texts``), largest group first."""
        from papermind.quiz.analysis.grouping import group_similar

        return group_similar(texts)

    def present(self, q: Question, user: str | None = None) -> Question:
        """The question as ``user`` sees it: a choice question's choices in that user's own order
        (the same at every review). Grade the presented question: feedback uses the letters shown."""
        from papermind.quiz.bank.shuffle import presented
        from papermind.quiz.review import attempts as review

        return presented(q, user or review.default_user())

    def prepare_answers(self, q: Question, answers: list[str]) -> None:
        """Before grading many free-text answers to ``q``: run every text the grader will embed
        (answers or their blanks, references, prompt) through the model in one batch."""
        from papermind.quiz.grading import features
        from papermind.quiz.grading.rules import split_cloze

        if q.type == "short" and answers:
            features.prefetch([*answers, *q.reference, q.prompt or ""])
        elif q.type == "cloze" and answers:
            texts = [r for b in q.blanks for r in b.reference]
            for a in answers:
                try:
                    texts += split_cloze(a, len(q.blanks))
                except QuizError:
                    continue  # reported when that line is graded
            features.prefetch(texts)

    def grade(
        self,
        qid: str | Question,
        answer: Any,
        user: str | None = None,
        record: bool = True,
        cram: bool = False,
        now: dt.datetime | None = None,
        duration_s: float | None = None,
    ) -> GradeResult:
        """Grade and (unless ``record=False``) record a review. ``qid`` is an id in the banks, or
        the question itself when the caller holds it (e.g. from a bank outside the folder);
        ``duration_s`` is how long the student took to answer, when the shell measured it."""
        from papermind.quiz.bank.shuffle import to_bank
        from papermind.quiz.review import attempts as review

        q = qid if isinstance(qid, Question) else self.question(qid)
        result = grade(q, answer)
        stored = answer
        if q.order is not None and "picks" in result.details:  # shown letters -> the bank's choices
            bank_picks = to_bank(q, result.details["picks"])
            result.details["bank_picks"] = bank_picks
            stored = bank_picks[0] if q.type == "single" else bank_picks
        if record:
            with self._sessions() as s:
                info = review.record(
                    s,
                    user=user or review.default_user(),
                    qid=q.id,
                    paper=q.paper,
                    answer=stored,
                    score=result.score,
                    correct=result.correct,
                    verdict=result.verdict,
                    cram=cram,
                    now=now,
                    duration_s=duration_s,
                )
            result.details["due"] = info.due.isoformat() if info.due else None
        return result

    def judge(self, qid: str, rating: str, user: str | None = None) -> AttemptInfo:
        """The student's own judgement of their latest answer to ``qid``: "had" | "partly" |
        "missed". Self-assesses an unsure answer or overrules the grader's verdict; the review
        schedule follows the judgement (FSRS Easy / Hard / Again)."""
        from papermind.quiz.review import attempts as review

        with self._sessions() as s:
            info = review.judge_last(s, user or review.default_user(), qid, rating)
        if info is None:
            raise NotFoundError(f"no answer to {qid!r} to judge", "answer the question first")
        return info

    def undo_last(self, user: str | None = None) -> AttemptInfo | None:
        from papermind.quiz.review import attempts as review

        with self._sessions() as s:
            return review.undo_last(s, user or review.default_user())

    def due_counts(self, user: str | None = None, now: dt.datetime | None = None) -> dict[str, int]:
        qs = self.questions()
        due = set(self._due_ids(user, [q.id for q in qs], now))
        out: dict[str, int] = {}
        for q in qs:
            key = q.paper or "?"
            out[key] = out.get(key, 0) + (q.id in due)
        return out

    def due_by(
        self, requests: list[tuple[tuple[str, ...], dt.date]], user: str | None = None
    ) -> list[int | None]:
        """Per (paper keys, date): how many of the bank questions on those papers are due for
        ``user`` by the end of that day (new questions count as due); None when the papers have no
        questions. One read of the cards for all requests (the schedule's quiz column)."""
        from papermind.quiz.review import attempts as review

        user = user or review.default_user()
        with self._sessions() as s:
            cards = {k: v.due for k, v in review.cards(s, user).items()}
        by_paper: dict[str, list[str]] = {}
        for q in self.questions():
            if q.paper:
                by_paper.setdefault(q.paper, []).append(q.id)
        out: list[int | None] = []
        for papers, day in requests:
            qids = [qid for key in dict.fromkeys(papers) for qid in by_paper.get(key, [])]
            cutoff = dt.datetime.combine(day, dt.time.max)
            out.append(sum(q not in cards or cards[q] <= cutoff for q in qids) if qids else None)
        return out

    def due_split(self, user: str | None = None, now: dt.datetime | None = None) -> list[DueSplit]:
        """Due reviews and new questions per paper (bank order), from one read of the cards."""
        from papermind.quiz.review import attempts as review

        user = user or review.default_user()
        cutoff = review.naive(now or review.utcnow())
        with self._sessions() as s:
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

        with self._sessions() as s:
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

        with self._sessions() as s:
            rows = review.all_attempt_rows(s)
            judgements = review.judgement_counts(s)
        return compute_stats(rows, {q.id: q for q in self.all_questions()}, judgements)

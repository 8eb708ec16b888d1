"""The terminal quiz runner (``papermind quiz``): asks questions with rich prompts on stdin.

At any prompt: ``:undo`` takes back the last answer (restoring its FSRS state), ``:skip`` skips the
question, ``:quit`` stops; ``:had``, ``:partly`` or ``:missed`` judges the last answer yourself
(overruling the grader). When the grader is unsure of a short answer, it shows the model answer
and the evidence and asks you to judge (Anki-style); that judgement feeds the review schedule.
Choices are shown in the user's own order (``quiz.shuffle``). Malformed answers are asked again.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from papermind.errors import QuizError
from papermind.quiz.bank.model import Question, letter

if TYPE_CHECKING:
    from rich.console import Console

    from papermind.quiz.grading.rules import GradeResult
    from papermind.quiz.service import QuizService

UNDO, SKIP, QUIT = ":undo", ":skip", ":quit"
JUDGE = {":had": "had", ":partly": "partly", ":missed": "missed"}
_ALIASES = {
    **{k: k for k in JUDGE},
    ":u": UNDO,
    "undo": UNDO,
    ":s": SKIP,
    ":q": QUIT,
    "quit": QUIT,
    ":undo": UNDO,
    ":skip": SKIP,
    ":quit": QUIT,
}


@dataclass
class RunSummary:
    asked: int = 0
    answered: int = 0
    correct: int = 0
    total_score: float = 0.0
    undone: int = 0
    self_judged: int = 0  # unsure answers judged by the student, and overruled verdicts
    results: list[dict[str, Any]] = field(default_factory=list)


class _Quit(Exception):
    pass


def _ask(console: Console, label: str) -> str:
    from rich.prompt import Prompt

    try:
        text = Prompt.ask(label, console=console, default="", show_default=False)
    except EOFError:
        raise _Quit from None
    cmd = _ALIASES.get(text.strip().lower())
    return cmd or text


def show_question(console: Console, q: Question, i: int, n: int) -> None:
    from rich.markup import escape

    console.print(f"\n[bold]Question {i}/{n}[/] [dim]{q.id} · {q.paper or ''} · {q.type}[/]")
    if q.type == "cloze" and q.text:
        console.print(escape(q.prompt))
        console.print(escape(q.text))
    else:
        console.print(escape(q.prompt))
    if q.choices:  # a long choice wraps under its own text, not under its letter
        from rich.table import Table

        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="cyan", no_wrap=True)
        grid.add_column()
        for j, c in enumerate(q.choices):
            grid.add_row(f"  {letter(j)})", escape(c))
        console.print(grid)
    hint = {
        "single": "one letter",
        "multi": "letters, e.g. A,C",
        "truefalse": "true or false",
        "numeric": f"a number{' in ' + q.unit if q.unit else ''}",
        "short": "a sentence",
        "cloze": "one answer per blank",
    }[q.type]
    console.print(f"[dim]({hint}; :undo, :skip, :quit; :had/:partly/:missed judges the last answer)[/]")


def verdict_line(r: GradeResult) -> str:
    """ "✔ Correct", "◐ Partly right", "✘ Incorrect" or "? Unsure", with the score out of 1 and the
    points out of the question's (markup)."""
    if r.verdict == "unsure":
        lean = "right" if r.correct else "wrong"
        return (
            f"[yellow]? Unsure[/] [dim](the grader leans to {lean}: provisional score {r.score:.2f} of 1)[/]"
        )
    if r.score >= 1.0:
        head = "[green]✔ Correct[/]"
    elif r.score > 0 and (r.correct or r.details.get("method") != "semantic"):
        head = "[yellow]◐ Partly right[/]"
    else:
        head = "[red]✘ Incorrect[/]"
    pts = f", {r.points:g} of {r.max_points:g} points" if r.max_points != 1 else ""
    return f"{head} [dim](score {r.score:.2f} of 1{pts})[/]"


def ask_self_judgement(console: Console, r: GradeResult) -> str | None:
    """An unsure short answer: show the model answer and the evidence, ask how it went."""
    from rich.markup import escape

    console.print("[yellow]The grader cannot tell for sure. Compare with the model answer:[/]")
    console.print(f"  [bold]Model answer:[/] {escape(r.expected)}")
    if r.evidence and r.evidence.quote:
        where = f"p. {r.evidence.page}" if r.evidence.page else (r.evidence.section or "")
        console.print(
            f"  [bold]Evidence[/] ({escape(r.evidence.paper or '')} {escape(str(where))}): "
            f"[italic]“{escape(r.evidence.quote)}”[/]"
        )
    while True:
        text = _ask(console, "How did you do? [1] I missed it [2] partly [3] I had it")
        pick = {"1": "missed", "2": "partly", "3": "had"}.get(text.strip(), JUDGE.get(text.strip()))
        if text == QUIT:
            raise _Quit
        if pick or text in (SKIP, UNDO):  # :skip leaves the grader's leaning in place
            return pick


def _answer(console: Console, q: Question) -> Any:
    if q.type != "cloze":
        return _ask(console, "Answer")
    parts = []
    for i in range(len(q.blanks)):
        a = _ask(console, f"{{{i + 1}}}")
        if a in (UNDO, SKIP, QUIT):
            return a
        parts.append(a)
    return parts


def run_quiz(
    service: QuizService,
    questions: list[Question],
    console: Console,
    *,
    user: str,
    cram: bool = False,
    limit: int | None = None,
) -> RunSummary:
    from rich.markup import escape

    summary = RunSummary()
    todo = [service.present(q, user) for q in (questions[:limit] if limit else questions)]
    history: list[Question] = []
    i = 0
    try:
        while i < len(todo):
            q = todo[i]
            show_question(console, q, i + 1, len(todo))
            shown = time.monotonic()
            summary.asked += 1
            while True:
                answer = _answer(console, q)
                if answer == QUIT:
                    raise _Quit
                if answer == SKIP:
                    break
                if answer in JUDGE:
                    if not history:
                        console.print("[yellow]no answer in this session to judge[/]")
                        continue
                    _judge(service, summary, history[-1], JUDGE[answer], user, console)
                    continue
                if answer == UNDO:
                    undone = service.undo_last(user) if history else None
                    if undone is None:
                        console.print("[yellow]nothing to undo in this run[/]")
                        continue
                    summary.undone += 1
                    summary.answered -= 1
                    last = summary.results.pop()
                    summary.total_score -= last["score"]
                    summary.correct -= bool(last["correct"])
                    console.print(f"[yellow]undone:[/] {escape(undone.question_id)} — asking it again")
                    i -= 1  # re-ask the previous question
                    history.pop()
                    break
                try:
                    r = service.grade(
                        q, answer, user=user, record=True, cram=cram, duration_s=time.monotonic() - shown
                    )
                except QuizError as exc:
                    console.print(
                        f"[red]{escape(exc.message)}[/]"
                        + (f" [dim]— {escape(exc.hint)}[/]" if exc.hint else "")
                    )
                    continue
                console.print(verdict_line(r))
                console.print(escape(r.feedback))
                if r.explanation:
                    console.print(f"[dim]{escape(r.explanation)}[/]")
                if r.evidence and (r.evidence.page or r.evidence.section):
                    where = f"p. {r.evidence.page}" if r.evidence.page else r.evidence.section
                    console.print(f"[dim]See {escape(r.evidence.paper or '')}, {escape(str(where))}[/]")
                summary.answered += 1
                summary.correct += r.correct
                summary.total_score += r.score
                summary.results.append(
                    {"question_id": q.id, "score": r.score, "correct": r.correct, "verdict": r.verdict}
                )
                history.append(q)
                if r.verdict == "unsure":
                    rating = ask_self_judgement(console, r)
                    if rating is not None:
                        _judge(service, summary, q, rating, user, console)
                i += 1
                break
            if answer == SKIP:
                i += 1
    except _Quit:
        pass
    summary.total_score = round(summary.total_score, 4)
    return summary


def _judge(
    service: QuizService, summary: RunSummary, q: Question, rating: str, user: str, console: Console
) -> None:
    """Record the student's judgement of their last answer to ``q`` and correct the tally."""
    info = service.judge(q.id, rating, user)
    last = summary.results[-1]
    summary.total_score += info.score - last["score"]
    summary.correct += int(info.correct) - int(last["correct"])
    last.update(score=info.score, correct=info.correct, judged=rating)
    summary.self_judged += 1
    what = "overruling the grader" if info.overruled else "judged by you"
    console.print(f"[cyan]recorded: {rating} ({what}), score {info.score:.2f}[/]")

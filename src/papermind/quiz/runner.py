"""The terminal quiz runner (``papermind quiz``): asks questions with rich prompts on stdin.

At any prompt: ``:undo`` takes back the last answer (restoring its FSRS state), ``:skip`` skips the
question, ``:quit`` stops. Malformed answers (e.g. a letter out of range) are asked again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from papermind.errors import QuizError
from papermind.quiz.bank.model import Question, letter

if TYPE_CHECKING:
    from rich.console import Console

    from papermind.quiz.service import QuizService

UNDO, SKIP, QUIT = ":undo", ":skip", ":quit"
_ALIASES = {
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
class SessionSummary:
    asked: int = 0
    answered: int = 0
    correct: int = 0
    total_score: float = 0.0
    undone: int = 0
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
    for j, c in enumerate(q.choices):
        console.print(f"  [cyan]{letter(j)})[/] {escape(c)}")
    hint = {
        "single": "one letter",
        "multi": "letters, e.g. A,C",
        "truefalse": "true or false",
        "numeric": f"a number{' in ' + q.unit if q.unit else ''}",
        "short": "a sentence",
        "cloze": "one answer per blank",
    }[q.type]
    console.print(f"[dim]({hint}; :undo, :skip, :quit)[/]")


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
) -> SessionSummary:
    from rich.markup import escape

    summary = SessionSummary()
    todo = list(questions[:limit] if limit else questions)
    history: list[Question] = []
    i = 0
    try:
        while i < len(todo):
            q = todo[i]
            show_question(console, q, i + 1, len(todo))
            summary.asked += 1
            while True:
                answer = _answer(console, q)
                if answer == QUIT:
                    raise _Quit
                if answer == SKIP:
                    break
                if answer == UNDO:
                    undone = service.undo_last(user) if history else None
                    if undone is None:
                        console.print("[yellow]nothing to undo in this session[/]")
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
                    r = service.grade(q, answer, user=user, record=True, cram=cram)
                except QuizError as exc:
                    console.print(
                        f"[red]{escape(exc.message)}[/]"
                        + (f" [dim]— {escape(exc.hint)}[/]" if exc.hint else "")
                    )
                    continue
                style = "green" if r.correct else ("yellow" if r.score >= 0.25 else "red")
                console.print(f"[{style}]{escape(r.feedback)}[/] [dim](score {r.score:.2f})[/]")
                if r.explanation:
                    console.print(f"[dim]{escape(r.explanation)}[/]")
                if r.evidence and (r.evidence.page or r.evidence.section):
                    where = f"p. {r.evidence.page}" if r.evidence.page else r.evidence.section
                    console.print(f"[dim]See {escape(r.evidence.paper or '')}, {escape(str(where))}[/]")
                summary.answered += 1
                summary.correct += r.correct
                summary.total_score += r.score
                summary.results.append({"question_id": q.id, "score": r.score, "correct": r.correct})
                history.append(q)
                i += 1
                break
            if answer == SKIP:
                i += 1
    except _Quit:
        pass
    summary.total_score = round(summary.total_score, 4)
    return summary

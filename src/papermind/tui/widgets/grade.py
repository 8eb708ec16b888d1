"""Rendering a graded answer: score, feedback, the expected answer, explanation, evidence."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

if TYPE_CHECKING:
    from papermind.quiz.grading.rules import GradeResult


def evidence_location(result: GradeResult) -> tuple[str, int] | None:
    ev = result.evidence
    if ev is not None and ev.paper and ev.page:
        return ev.paper, ev.page
    return None


PARTLY = 0.25  # below this a wrong answer's score is closeness, not partial credit


def render_grade(result: GradeResult) -> Text:
    score, correct = result.score, result.correct
    text = Text()
    partly = not correct and score >= PARTLY
    text.append(
        "✔ Correct" if correct else ("◐ Partly right" if partly else "✘ Not quite"),
        style="bold green" if correct else ("bold yellow" if partly else "bold red"),
    )
    text.append(f"  score {score:.2f}\n", style="dim")
    feedback = result.feedback
    if feedback:
        text.append(f"{feedback}\n")
    expected = result.expected
    if expected and not correct and expected not in feedback:  # feedback may quote it
        text.append("Expected: ", style="bold")
        text.append(f"{expected}\n")
    if result.explanation:
        text.append("\nWhy: ", style="bold")
        text.append(f"{result.explanation.strip()}\n")
    ev = result.evidence
    if ev is not None:
        loc = evidence_location(result)
        text.append("\nEvidence: ", style="bold")
        if loc:
            text.append(f"{loc[0]} p.{loc[1]}", style="cyan")
        if ev.section:
            text.append(f" · {ev.section}", style="italic")
        if ev.quote:
            text.append(f"\n“{ev.quote.strip()}”", style="italic")
        if loc:
            text.append("\n(ctrl+e: open the evidence in the reader)", style="dim")
    due = result.details.get("due")
    if due:
        text.append(f"\nNext review: {str(due)[:10]}", style="dim")
    return text

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


RATINGS = (("missed", "I missed it"), ("partly", "Partly"), ("had", "I had it"))  # keys 1, 2, 3


def headline(result: GradeResult) -> tuple[str, str]:
    """(label, style): "✔ Correct" only for full credit; "◐ Partly right" for partial credit;
    "? Unsure" when the grader leaves the judgement to the student; else "✘ Incorrect"."""
    judged = result.details.get("judged")
    if judged:  # the student's own judgement replaces the grader's
        return {
            "had": ("✔ You had it (your judgement)", "bold green"),
            "partly": ("◐ Partly right (your judgement)", "bold yellow"),
            "missed": ("✘ You missed it (your judgement)", "bold red"),
        }[judged]
    if result.verdict == "unsure":
        return "? Unsure: judge your answer", "bold yellow"
    if result.score >= 1.0:
        return "✔ Correct", "bold green"
    # a failing semantic answer's score is closeness to the model answer, not partial credit
    if result.score > 0 and (result.correct or result.details.get("method") != "semantic"):
        return "◐ Partly right", "bold yellow"
    return "✘ Incorrect", "bold red"


def score_line(result: GradeResult) -> str:
    score = result.score
    if result.verdict == "unsure" and not result.details.get("judged"):
        lean = "right" if result.correct else "wrong"
        return f"  the grader leans to {lean}: provisional score {score:.2f} of 1"
    line = f"  score {score:.2f} of 1"
    if result.max_points != 1.0:
        line += f" · {_points(result.points)} of {_points(result.max_points)} points"
    return line


def _points(x: float) -> str:
    """Points as a student reads them: at most two decimals, no trailing zeros (0.42, 1, 1.5)."""
    return f"{round(x, 2):g}"


def render_grade(result: GradeResult) -> Text:
    verdict, details = result.verdict, result.details
    text = Text()
    label, style = headline(result)
    text.append(label, style=style)
    text.append(score_line(result) + "\n", style="dim")
    judged = details.get("judged")
    if judged:
        was = "unsure" if verdict == "unsure" else f"{verdict} ({details.get('auto_score', 0):.2f})"
        text.append(
            f"Recorded your judgement: {dict(RATINGS)[judged]}; the grader said {was}.\n", style="cyan"
        )
    feedback = result.feedback
    if feedback:
        text.append(f"{feedback}\n")
    expected = result.expected
    if (
        expected
        and (not result.correct or verdict == "unsure" or result.score < 1)
        and expected not in feedback  # feedback may quote it
    ):
        text.append("Model answer: " if verdict == "unsure" else "Expected: ", style="bold")
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
        if ev.section:  # no " · " before it when there is no page to name
            text.append(f" · {ev.section}" if loc else ev.section, style="italic")
        if ev.quote:
            text.append(f"\n“{ev.quote.strip()}”", style="italic")
        if loc:
            text.append("\n(ctrl+e: open the evidence in the reader)", style="dim")
    due = details.get("due")
    if due:
        text.append(f"\nNext review: {str(due)[:10]}", style="dim")
    keys = " · ".join(f"{i}: {label}" for i, (_, label) in enumerate(RATINGS, start=1))
    *first, last = [f"{i} ({label})" for i, (_, label) in enumerate(RATINGS, start=1)]
    choices = f"{', '.join(first)} or {last}"
    if verdict == "unsure" and not judged:
        text.append("\n\nHow did you do? Compare with the model answer, then press ", style="bold yellow")
        text.append(keys, style="bold")
    elif not judged:
        text.append(
            f"\n\nDisagree with the grade? Press {choices} to record your own judgement.", style="dim"
        )
    return text

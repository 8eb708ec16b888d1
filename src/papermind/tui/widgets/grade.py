"""Rendering a graded answer: score, feedback, the expected answer, explanation, evidence."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from papermind.tui.calls import field


def evidence_location(result: Any) -> tuple[str, int] | None:
    ev = field(result, "evidence")
    paper, page = field(ev, "paper"), field(ev, "page")
    if paper and page:
        return str(paper), int(page)
    return None


RATINGS = (("missed", "I missed it"), ("partly", "Partly"), ("had", "I had it"))  # keys 1, 2, 3


def headline(result: Any) -> tuple[str, str]:
    """(label, style): "✔ Correct" only for full credit; "◐ Partly right" for partial credit;
    "? Unsure" when the grader leaves the judgement to the student; else "✘ Incorrect"."""
    score = float(field(result, "score", default=0) or 0)
    verdict = str(field(result, "verdict", default="") or "")
    details = field(result, "details", default={}) or {}
    judged = details.get("judged")
    if judged:  # the student's own judgement replaces the grader's
        return {
            "had": ("✔ You had it (your judgement)", "bold green"),
            "partly": ("◐ Partly right (your judgement)", "bold yellow"),
            "missed": ("✘ You missed it (your judgement)", "bold red"),
        }[judged]
    if verdict == "unsure":
        return "? Unsure: judge your answer", "bold yellow"
    if score >= 1.0:
        return "✔ Correct", "bold green"
    # a failing semantic answer's score is closeness to the model answer, not partial credit
    if score > 0 and (bool(field(result, "correct")) or details.get("method") != "semantic"):
        return "◐ Partly right", "bold yellow"
    return "✘ Incorrect", "bold red"


def score_line(result: Any) -> str:
    score = float(field(result, "score", default=0) or 0)
    details = field(result, "details", default={}) or {}
    if field(result, "verdict") == "unsure" and not details.get("judged"):
        lean = "right" if field(result, "correct") else "wrong"
        return f"  the grader leans to {lean}: provisional score {score:.2f} of 1"
    points = float(field(result, "points", default=score) or 0)
    out_of = float(field(result, "max_points", default=1.0) or 1.0)
    line = f"  score {score:.2f} of 1"
    if out_of != 1.0:
        line += f" · {points:g} of {out_of:g} points"
    return line


def render_grade(result: Any) -> Text:
    correct = bool(field(result, "correct", default=False))
    verdict = str(field(result, "verdict", default="") or "")
    details = field(result, "details", default={}) or {}
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
    feedback = field(result, "feedback")
    if feedback:
        text.append(f"{feedback}\n")
    expected = field(result, "expected")
    if (
        expected
        and (not correct or verdict == "unsure" or float(field(result, "score", default=0) or 0) < 1)
        and (
            str(expected) not in str(feedback or "")  # feedback may quote it
        )
    ):
        text.append("Model answer: " if verdict == "unsure" else "Expected: ", style="bold")
        text.append(f"{expected}\n")
    explanation = field(result, "explanation")
    if explanation:
        text.append("\nWhy: ", style="bold")
        text.append(f"{str(explanation).strip()}\n")
    ev = field(result, "evidence")
    if ev is not None:
        loc = evidence_location(result)
        text.append("\nEvidence: ", style="bold")
        if loc:
            text.append(f"{loc[0]} p.{loc[1]}", style="cyan")
        section = field(ev, "section")
        if section:
            text.append(f" · {section}", style="italic")
        quote = field(ev, "quote")
        if quote:
            text.append(f"\n“{str(quote).strip()}”", style="italic")
        if loc:
            text.append("\n(ctrl+e: open the evidence in the reader)", style="dim")
    due = details.get("due")
    if due:
        text.append(f"\nNext review: {str(due)[:10]}", style="dim")
    keys = " · ".join(f"{i}: {label}" for i, (_, label) in enumerate(RATINGS, start=1))
    if verdict == "unsure" and not judged:
        text.append("\n\nHow did you do? Compare with the model answer, then press ", style="bold yellow")
        text.append(keys, style="bold")
    elif not judged:
        text.append(f"\n\nDisagree with the grade? {keys} records your own judgement.", style="dim")
    return text

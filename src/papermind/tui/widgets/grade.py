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


PARTLY = 0.25  # below this a wrong answer's score is closeness, not partial credit


def render_grade(result: Any) -> Text:
    score = float(field(result, "score", default=0) or 0)
    correct = bool(field(result, "correct", default=False))
    text = Text()
    partly = not correct and score >= PARTLY
    text.append(
        "✔ Correct" if correct else ("◐ Partly right" if partly else "✘ Not quite"),
        style="bold green" if correct else ("bold yellow" if partly else "bold red"),
    )
    text.append(f"  score {score:.2f}\n", style="dim")
    feedback = field(result, "feedback")
    if feedback:
        text.append(f"{feedback}\n")
    expected = field(result, "expected")
    if expected and not correct and str(expected) not in str(feedback or ""):  # feedback may quote it
        text.append("Expected: ", style="bold")
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
    due = (field(result, "details", default={}) or {}).get("due")
    if due:
        text.append(f"\nNext review: {str(due)[:10]}", style="dim")
    return text

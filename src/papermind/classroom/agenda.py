"""A discussion agenda for one week (``papermind class agenda``), as Markdown for Canvas or Ed.

The week's most-missed questions (lowest first-try facility), its weakest concepts, the common
wrong answers to each missed question (choice questions: the wrong choices picked; typed answers:
similar answers grouped by the Jaccard overlap of their normalised words, threshold
``SIMILAR``), and the evidence page of each missed question to open in the discussion.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from papermind.classroom.records import StudentResults
from papermind.classroom.stats import ClassStats, answer_text
from papermind.errors import QuizError
from papermind.quiz.bank.model import Question, letter
from papermind.quiz.grading.rules import expected_answer

SIMILAR = 0.5
TOP_QUESTIONS = 5
TOP_CONCEPTS = 5
TOP_ANSWERS = 3
_WORD = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")
_STOP_WORDS = (
    "a an the of to in on for and or is are was were be it its that this with by as at from "
    "which what so than then they them their there"
)
_STOP = frozenset(_STOP_WORDS.split())


@dataclass
class WrongAnswer:
    answer: str  # the most common wording in the group
    count: int


@dataclass
class AgendaItem:
    id: str
    prompt: str
    facility: float | None
    students: int
    expected: str
    wrong_answers: list[WrongAnswer] = field(default_factory=list)
    evidence: str | None = None  # "paper p. N: “quote”"


@dataclass
class Agenda:
    week: int
    students: int
    missed: list[AgendaItem]
    weak_concepts: list[tuple[str, float | None, int]]  # concept, mastery, students
    markdown: str = ""


def tokens(text: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(text.casefold()) if w not in _STOP)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def group_answers(answers: list[str], threshold: float = SIMILAR) -> list[WrongAnswer]:
    """Similar answers together (greedy, most frequent wording first), largest group first."""
    groups: list[tuple[frozenset[str], Counter[str]]] = []
    for text, _n in Counter(" ".join(a.split()) for a in answers if a.strip()).most_common():
        toks = tokens(text)
        for rep, members in groups:
            if jaccard(toks, rep) >= threshold:
                members[text] += _n
                break
        else:
            groups.append((toks, Counter({text: _n})))
    out = [WrongAnswer(members.most_common(1)[0][0], sum(members.values())) for _, members in groups]
    return sorted(out, key=lambda w: -w.count)


def _wrong(q: Question, firsts: list[object]) -> list[WrongAnswer]:
    from papermind.quiz.grading.rules import parse_choices

    if q.type in ("single", "multi"):
        picked: Counter[str] = Counter()
        for ans in firsts:
            try:
                chosen = parse_choices(ans, q)
            except (QuizError, ValueError, TypeError):
                continue
            picked[", ".join(f"{letter(i)}) {q.choices[i]}" for i in sorted(set(chosen)))] += 1
        return [WrongAnswer(a, n) for a, n in picked.most_common()]
    return group_answers([answer_text(a) for a in firsts])


def _evidence(q: Question) -> str | None:
    ev = q.evidence
    if ev is None or not (ev.page or ev.section):
        return None
    where = f"p. {ev.page}" if ev.page else str(ev.section)
    quote = f": “{ev.quote}”" if ev.quote else ""
    return f"{ev.paper or q.paper or '?'} {where}{quote}"


def build(week: int, stats: ClassStats, questions: list[Question], students: list[StudentResults]) -> Agenda:
    by_id = {q.id: q for q in questions}
    answered = [s for s in stats.questions if s.students and s.facility is not None]
    missed = sorted(answered, key=lambda s: (s.facility, -s.students, s.id))[:TOP_QUESTIONS]
    items = []
    for s in missed:
        q = by_id[s.id]
        wrong_firsts: list[object] = []
        for st in students:
            tries = [a for a in st.attempts if a.question_id == q.id]
            if tries:
                first = min(tries, key=lambda a: a.answered_at)
                if not first.correct or first.score < 1:  # a half-right multi is worth discussing too
                    wrong_firsts.append(first.answer)
        items.append(
            AgendaItem(
                id=q.id,
                prompt=" ".join((q.prompt or q.text or "").split()),
                facility=s.facility,
                students=s.students,
                expected=expected_answer(q),
                wrong_answers=_wrong(q, wrong_firsts)[:TOP_ANSWERS],
                evidence=_evidence(q),
            )
        )
    weak: list[tuple[str, float | None, int]] = [
        (c.concept, c.mastery, c.students) for c in stats.concepts if c.mastery is not None
    ]
    agenda = Agenda(week, stats.students, items, weak[:TOP_CONCEPTS])
    agenda.markdown = render(agenda)
    return agenda


def render(agenda: Agenda) -> str:
    lines = [
        f"# Week {agenda.week}: discussion agenda",
        "",
        (
            f"From the practice results of {agenda.students} student(s). They are self-reported and "
            "ungraded: a guide to what to talk about, not a grade."
        ),
        "",
        "## Most-missed questions",
        "",
    ]
    if not agenda.missed:
        lines += ["No answers to this week's questions yet.", ""]
    for n, it in enumerate(agenda.missed, start=1):
        fac = "-" if it.facility is None else f"{it.facility:.0%}"
        lines.append(f"{n}. **{it.prompt}** (`{it.id}`): {fac} on the first try, {it.students} student(s)")
        if it.expected:
            lines.append(f"   - Expected: {it.expected}")
        for w in it.wrong_answers:
            lines.append(f"   - Answered instead ({w.count}×): {w.answer}")
        if it.evidence:
            lines.append(f"   - Open: {it.evidence}")
    lines += ["", "## Weakest concepts", ""]
    if not agenda.weak_concepts:
        lines.append("No concepts tagged on this week's answered questions.")
    for concept, mastery, students in agenda.weak_concepts:
        lines.append(f"- {concept}: mastery {mastery or 0.0:.0%} ({students} student(s))")
    pages = [it.evidence for it in agenda.missed if it.evidence]
    lines += ["", "## Pages to open", ""]
    lines += [f"- {p}" for p in dict.fromkeys(pages)] or ["No evidence pages on the missed questions."]
    return "\n".join(lines) + "\n"

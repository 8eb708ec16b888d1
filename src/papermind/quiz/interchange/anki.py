"""Anki ``.apkg`` export with genanki.

Stable identities, so importing a re-export updates notes instead of duplicating them:
- note GUID = ``genanki.guid_for("papermind", question_id)``;
- model id and deck ids are derived from fixed names (deck: ``papermind::<bank>``) with SHA-1,
  never random.
Cards show the prompt (and lettered choices) on the front; the back has the answer, the
explanation and the evidence (paper, page, quote). Tags: the question's tags, paper and type.
"""

from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from papermind.quiz.bank.model import CLOZE_SLOT, Bank, Question, letter
from papermind.quiz.grading.rules import expected_answer

if TYPE_CHECKING:
    import genanki

MODEL_NAME = "papermind question v1"


def stable_id(name: str) -> int:
    """A 31-bit positive id from a name (Anki ids must fit in a signed 64-bit int)."""
    return int(hashlib.sha1(name.encode()).hexdigest()[:8], 16) | (1 << 30)


def note_guid(qid: str) -> str:
    import genanki

    return genanki.guid_for("papermind", qid)


def _model() -> genanki.Model:
    import genanki

    return genanki.Model(
        stable_id(MODEL_NAME),
        MODEL_NAME,
        fields=[{"name": "QuestionId"}, {"name": "Front"}, {"name": "Back"}, {"name": "Source"}],
        templates=[
            {
                "name": "Card 1",
                "qfmt": "{{Front}}",
                "afmt": "{{FrontSide}}<hr id=answer>{{Back}}<div class=source>{{Source}}</div>",
            }
        ],
        css=".card { font-family: sans-serif; font-size: 18px; text-align: left; }\n"
        ".source { color: #777; font-size: 14px; margin-top: 1em; }",
        sort_field_index=0,
    )


def _front(q: Question) -> str:
    e = html.escape
    if q.type == "cloze" and q.text:
        body = e(CLOZE_SLOT.sub(r"[\1: ...]", q.text))
        front = f"{e(q.prompt)}<br>{body}" if q.prompt else body
    else:
        front = e(q.prompt)
    if q.choices:
        front += "<ol type=A>" + "".join(f"<li>{e(c)}</li>" for c in q.choices) + "</ol>"
    if q.type == "truefalse":
        front += "<br><i>True or false?</i>"
    return front


def _back(q: Question) -> str:
    e = html.escape
    back = f"<b>{e(expected_answer(q))}</b>"
    if q.type == "multi":
        back = "<b>" + ", ".join(letter(i) for i in q.answer) + "</b><br>" + e(expected_answer(q))
    if q.explanation:
        back += f"<br><br>{e(q.explanation)}"
    return back


def _source(q: Question) -> str:
    ev = q.evidence
    if ev is None:
        return html.escape(q.paper or "")
    where = f"p. {ev.page}" if ev.page else (ev.section or "")
    quote = f" — “{html.escape(ev.quote)}”" if ev.quote else ""
    return f"{html.escape(ev.paper or q.paper or '')}, {html.escape(where)}{quote}"


def _tag(t: str) -> str:
    return re.sub(r"\s+", "_", t.strip())


def export_anki(banks: list[Bank], output: Path, timestamp: float | None = 0.0) -> dict[str, Any]:
    import genanki

    model = _model()
    decks = []
    n = 0
    for b in banks:
        deck = genanki.Deck(
            stable_id(f"papermind::{b.name}"), f"papermind::{b.name}", description=b.title or ""
        )
        for q in b.questions:
            tags = [_tag(t) for t in (*q.tags, q.paper or "", f"type::{q.type}") if t]
            deck.add_note(
                genanki.Note(
                    model=model,
                    fields=[q.id, _front(q), _back(q), _source(q)],
                    tags=tags,
                    guid=note_guid(q.id),
                )
            )
            n += 1
        decks.append(deck)
    output.parent.mkdir(parents=True, exist_ok=True)
    genanki.Package(decks).write_to_file(str(output), timestamp=timestamp)
    return {"output": str(output), "questions": n, "decks": [d.name for d in decks]}

"""Answer input for every question type, all keyboard-driven.

single / truefalse: an OptionList (arrows or 1-9, enter submits);
multi: a SelectionList (arrows or 1-9 toggle, space toggles, ctrl+s submits);
numeric / short / cloze: an Input (enter submits; cloze blanks separated by ``|``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList, SelectionList
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from papermind.quiz.bank.model import Question

CHOICE_TYPES = ("single", "truefalse")


def letter(i: int) -> str:
    return chr(ord("A") + i)


class AnswerBox(Vertical):
    """Posts :class:`AnswerBox.Submitted` with an answer the quiz service can grade."""

    class Submitted(Message):
        def __init__(self, answer: bool | int | list[int] | str) -> None:
            super().__init__()
            self.answer = answer

    def __init__(self, question: Question, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.question = question
        self.qtype = question.type
        self.answered = False

    def compose(self) -> ComposeResult:
        q = self.question
        if self.qtype in CHOICE_TYPES:
            choices = ["True", "False"] if self.qtype == "truefalse" else list(q.choices)
            yield OptionList(
                *[Option(Text(f"{i + 1}. {c}"), id=str(i)) for i, c in enumerate(choices)], id="choices"
            )
        elif self.qtype == "multi":
            choices = list(q.choices)
            yield SelectionList[int](*[(f"{i + 1}. {c}", i) for i, c in enumerate(choices)], id="multi")
        else:
            blanks = len(q.blanks)
            hint = {
                "numeric": "a number" + (f" (in {q.unit})" if q.unit else ""),
                "cloze": f"{blanks} answer(s) separated by |",
            }.get(self.qtype, "your answer")
            yield Input(placeholder=f"Type {hint}, then enter", id="text-answer")

    def on_mount(self) -> None:
        self.focus_input()

    def focus_input(self) -> None:
        for w in self.query("#choices, #multi, #text-answer"):
            w.focus()
            if isinstance(w, OptionList) and w.option_count:
                w.highlighted = 0
            return

    def freeze(self) -> None:
        self.answered = True
        for w in self.query("#choices, #multi, #text-answer"):
            w.disabled = True

    def answer_value(self) -> bool | int | list[int] | str | None:
        if self.qtype in CHOICE_TYPES:
            ol = self.query_one("#choices", OptionList)
            if ol.highlighted is None:
                return None
            return ol.highlighted == 0 if self.qtype == "truefalse" else int(ol.highlighted)
        if self.qtype == "multi":
            return sorted(self.query_one("#multi", SelectionList).selected)
        value = self.query_one("#text-answer", Input).value.strip()
        return value or None

    def submit(self) -> None:
        if self.answered:
            return
        value = self.answer_value()
        if value is None:
            self.notify("Pick or type an answer first", severity="warning")
            return
        self.post_message(self.Submitted(value))

    @on(OptionList.OptionSelected, "#choices")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.submit()

    @on(Input.Submitted, "#text-answer")
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    def on_key(self, event: events.Key) -> None:
        if self.answered or not event.character or not event.character.isdigit():
            return
        if self.qtype not in CHOICE_TYPES + ("multi",):
            return
        i = int(event.character) - 1
        if self.qtype == "multi":
            sl = self.query_one("#multi", SelectionList)
            if 0 <= i < sl.option_count:
                sl.toggle(i)
                sl.highlighted = i
                event.stop()
        else:
            ol = self.query_one("#choices", OptionList)
            if 0 <= i < ol.option_count:
                ol.highlighted = i
                event.stop()

"""Answer input for every question type, all keyboard-driven.

Choices carry the letters the grader's feedback uses (A, B, C, ...), in the order the quiz service
presented them (shuffled per user), and wrap rather than being cut.
single / truefalse: an OptionList (arrows, a letter or 1-9 to move, enter submits);
multi: a list of check boxes that wrap (a letter, 1-9, space or enter toggles; ctrl+s submits);
short / cloze: a multi-line box that wraps (enter submits; cloze blanks separated by ``|``);
numeric: an Input (enter submits).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList, TextArea
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from papermind.quiz.bank.model import Question

CHOICE_TYPES = ("single", "truefalse")


def letter(i: int) -> str:
    return chr(ord("A") + i)


def choice_label(i: int, text: str) -> Text:
    """ "A) text", wrapped under its text by the widget."""
    label = Text(f"{letter(i)}) ", style="bold")
    label.append(text)
    return label


class MultiChoice(OptionList):
    """Check boxes for a multi question, one option per choice, wrapped like the single-choice list
    (Textual's SelectionList cuts long choices with "…")."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("space", "toggle_choice", "Toggle", show=False)]

    def __init__(self, choices: list[str], *, id: str | None = None) -> None:
        self.choices = choices
        self.selected: set[int] = set()
        super().__init__(*[Option(self._label(i), id=str(i)) for i in range(len(choices))], id=id)

    def _label(self, i: int) -> Text:
        label = Text("☒ " if i in self.selected else "☐ ", style="bold")
        label.append_text(choice_label(i, self.choices[i]))
        return label

    def toggle(self, i: int) -> None:
        self.selected ^= {i}
        self.replace_option_prompt_at_index(i, self._label(i))

    def action_toggle_choice(self) -> None:
        if self.highlighted is not None:
            self.toggle(self.highlighted)


class AnswerText(TextArea):
    """A wrapping, multi-line answer box; enter submits (the box grows as the answer does)."""

    class Submit(Message):
        pass

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Submit())
            return
        await super()._on_key(event)


class AnswerBox(Vertical):
    """Posts :class:`AnswerBox.Submitted` with an answer the quiz service can grade."""

    class Submitted(Message):
        def __init__(self, answer: bool | str) -> None:
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
                *[Option(choice_label(i, c), id=str(i)) for i, c in enumerate(choices)], id="choices"
            )
        elif self.qtype == "multi":
            yield MultiChoice(list(q.choices), id="multi")
        elif self.qtype == "numeric":
            unit = f" (in {q.unit})" if q.unit else ""
            yield Input(placeholder=f"Type a number{unit}, then enter", id="text-answer")
        else:
            hint = f"{len(q.blanks)} answer(s) separated by |" if self.qtype == "cloze" else "your answer"
            box = AnswerText(id="text-answer", soft_wrap=True, show_line_numbers=False, compact=True)
            box.placeholder = f"Type {hint}; it wraps as you type. enter submits."
            yield box

    def on_mount(self) -> None:
        self.focus_input()

    def focus_input(self) -> None:
        for w in self.query("#choices, #multi, #text-answer"):
            w.focus()
            if isinstance(w, OptionList) and w.option_count and w.highlighted is None:
                w.highlighted = 0
            return

    def freeze(self) -> None:
        self.answered = True
        for w in self.query("#choices, #multi, #text-answer"):
            w.disabled = True

    def thaw(self) -> None:
        """Answer again (after an undo): inputs enabled, the previous answer kept for editing."""
        self.answered = False
        for w in self.query("#choices, #multi, #text-answer"):
            w.disabled = False
        self.focus_input()

    def answer_value(self) -> bool | str | None:
        """The answer as the grader takes it: True/False, a letter, letters "A,C", or text; None
        when nothing is picked or typed yet."""
        if self.qtype in CHOICE_TYPES:
            ol = self.query_one("#choices", OptionList)
            if ol.highlighted is None:
                return None
            return ol.highlighted == 0 if self.qtype == "truefalse" else letter(int(ol.highlighted))
        if self.qtype == "multi":
            picked = sorted(self.query_one("#multi", MultiChoice).selected)
            return ",".join(letter(i) for i in picked) or None
        if self.qtype == "numeric":
            value = self.query_one("#text-answer", Input).value
        else:
            value = self.query_one("#text-answer", AnswerText).text
        return value.strip() or None

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

    @on(OptionList.OptionSelected, "#multi")
    def _toggled(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if not self.answered:
            self.query_one("#multi", MultiChoice).toggle(event.option_index)

    @on(Input.Submitted, "#text-answer")
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    @on(AnswerText.Submit)
    def _typed_text(self, event: AnswerText.Submit) -> None:
        event.stop()
        self.submit()

    def on_key(self, event: events.Key) -> None:
        if self.answered or not event.character or self.qtype not in CHOICE_TYPES + ("multi",):
            return
        ch = event.character
        if ch.isdigit():
            i = int(ch) - 1
        elif ch.isalpha() and len(ch) == 1 and self.qtype != "truefalse":
            i = ord(ch.upper()) - ord("A")
        elif self.qtype == "truefalse" and ch.lower() in ("t", "f"):
            i = 0 if ch.lower() == "t" else 1
        else:
            return
        if self.qtype == "multi":
            boxes = self.query_one("#multi", MultiChoice)
            if 0 <= i < boxes.option_count:
                boxes.toggle(i)
                boxes.highlighted = i
                event.stop()
        else:
            ol = self.query_one("#choices", OptionList)
            if 0 <= i < ol.option_count:
                ol.highlighted = i
                event.stop()

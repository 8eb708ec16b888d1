"""The app's side of the class loop: a student exports from the quiz screen (ctrl+x dialog), the
instructor imports on the Instructor screen's Class results tab and sees the statistics."""

from __future__ import annotations

import json
from datetime import timedelta

from textual.widgets import DataTable, Input, Static, TabbedContent

from tests.cli.test_class_cli import ANSWERS, BANK, T0
from tests.tui.conftest import aio, settle


def _practise(tmp_path, quizzes, student, pairs, n):
    """The student's own store with their answers (student n answers an hour after student n-1)."""
    from papermind.api import Papermind

    api = Papermind(db=tmp_path / f"{student}.db", quizzes=quizzes)
    for i, (qid, ans) in enumerate(pairs):
        api.quiz.grade(qid, ans, user=student, now=T0 + timedelta(hours=n, minutes=i))
    return api


def _hand_ins(tmp_path):  # type: ignore[no-untyped-def]
    """The bank's folder, and each student's exported results file (answers from ANSWERS)."""
    quizzes = tmp_path / "quizzes"
    quizzes.mkdir()
    (quizzes / "kv.toml").write_text(BANK, encoding="utf-8")
    files = []
    for n, (student, pairs) in enumerate(ANSWERS.items()):
        api = _practise(tmp_path, quizzes, student, pairs, n)
        out = tmp_path / f"{student}.json"
        api.classroom.export_results(out, user=student)
        api.close()
        files.append(out)
    return quizzes, files


@aio
async def test_export_from_quiz_then_import_and_see_class_stats(tmp_path, make_app, monkeypatch):
    from papermind.api import Papermind

    monkeypatch.setenv("PAPERMIND_HOME", str(tmp_path / "home"))
    quizzes = tmp_path / "quizzes"
    quizzes.mkdir()
    (quizzes / "kv.toml").write_text(BANK, encoding="utf-8")
    (quizzes / "later.toml").write_text(  # a bank nobody has practised yet
        'paper = "pagedattention"\nweek = 5\n\n[[question]]\nid = "later-01"\ntype = "truefalse"\n'
        'prompt = "Blocks are fixed size."\nanswer = true\n',
        encoding="utf-8",
    )
    files = []
    for n, (student, pairs) in enumerate(ANSWERS.items()):
        api = _practise(tmp_path, quizzes, student, pairs, n)
        out = tmp_path / f"{student}.json"
        app = make_app(api, user=student)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("f5")
            await settle(pilot)
            await pilot.press("ctrl+x")
            await settle(pilot)
            dialog = app.screen
            dialog.query_one("#name", Input).value = f"{student} (pseudonym)"
            dialog.query_one("#path", Input).value = str(out)
            await pilot.click("#go")
            await settle(pilot)
            log = str(dialog.query_one("#log", Static).render())
            assert f"Wrote {len(pairs)} answer(s)" in log, log
        api.close()
        assert json.loads(out.read_text())["student"] == f"{student} (pseudonym)"
        files.append(out)

    teacher = Papermind(db=tmp_path / "class.db", quizzes=quizzes)
    app = make_app(teacher)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        screen = app.screen
        screen.query_one("#tabs", TabbedContent).active = "tab-class"
        await settle(pilot)
        assert "no class results imported" in str(screen.query_one("#class-summary", Static).render())
        screen.query_one("#class-paths", Input).value = " ".join(map(str, files))
        await pilot.click("#class-import")
        await settle(pilot)
        summary = str(screen.query_one("#class-summary", Static).render())
        assert "3 added" in summary and "3 student(s)" in summary, summary
        table = screen.query_one("#class-questions", DataTable)
        rows = {str(table.get_row_at(i)[0]): table.get_row_at(i) for i in range(table.row_count)}
        assert rows["k-04"][1:3] == ["3", "0.33"]
        assert "later-01" not in rows and "1 question(s) nobody answered are not listed" in summary
        weeks = screen.query_one("#class-weeks", DataTable)
        assert weeks.get_row_at(0)[3] == "0.57"  # KR-20 = 4/7
    teacher.close()


@aio
async def test_agenda_from_class_results_shows_and_saves_without_overwriting(tmp_path, make_app):
    from textual.widgets import Markdown

    from papermind.api import Papermind
    from papermind.tui.screens.agenda import AgendaScreen

    quizzes, files = _hand_ins(tmp_path)
    teacher = Papermind(db=tmp_path / "class.db", quizzes=quizzes)
    teacher.classroom.import_results(files)
    saved = tmp_path / "agenda.md"
    saved.write_text("my own notes", encoding="utf-8")
    app = make_app(teacher)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        app.screen.query_one("#tabs", TabbedContent).active = "tab-class"
        await settle(pilot)
        app.screen.query_one("#class-week", Input).value = "3"
        await pilot.click("#class-agenda")
        await settle(pilot)
        agenda = app.screen
        assert isinstance(agenda, AgendaScreen)
        md = agenda.query_one("#agenda-md", Markdown).source
        assert "# Week 3: discussion agenda" in md and "(`k-04`): 33% on the first try" in md
        assert agenda.query_one("#agenda-path", Input).value == "agenda-week3.md"
        agenda.query_one("#agenda-path", Input).value = str(saved)
        await pilot.click("#agenda-save")
        await settle(pilot)
        assert "exists: save again to replace it" in str(agenda.query_one("#agenda-status", Static).render())
        assert saved.read_text(encoding="utf-8") == "my own notes"  # nothing lost on the first press
        await pilot.click("#agenda-save")
        await settle(pilot)
        assert saved.read_text(encoding="utf-8") == md
        assert f"Saved to {saved}" in str(agenda.query_one("#agenda-status", Static).render())
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, AgendaScreen)
    teacher.close()

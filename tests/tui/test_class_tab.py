"""The Class results tab at 80x24: the footer offers only keys that work there, typing goes to the
paths field at once, the field's hint and the Students table's columns fit, and an import names
every file with its status (as the CLI does)."""

from __future__ import annotations

from textual.widgets import Input, Static, TabbedContent

from tests.tui.conftest import aio, settle
from tests.tui.test_class_results import _hand_ins
from tests.tui.test_quiz_judgement import _screen_text


@aio
async def test_class_tab_keys_focus_fit_and_per_file_import_status(tmp_path, make_app):
    from papermind.api import Papermind

    quizzes, files = _hand_ins(tmp_path)
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    teacher = Papermind(db=tmp_path / "class.db", quizzes=quizzes)
    teacher.classroom.import_results(files[:1])  # already imported: "unchanged" next time
    app = make_app(teacher)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        screen = app.screen
        assert "Run check" in _screen_text(app)  # on the Bank check tab, ctrl+r is offered
        screen.query_one("#tabs", TabbedContent).active = "tab-class"
        await settle(pilot)
        shot = _screen_text(app)
        assert "Run check" not in shot and "Item stats" not in shot, shot
        assert "hand-ins: files, folders, a zip" in shot, shot
        assert "Overdue" in shot, shot
        await pilot.press(*"x")
        assert screen.query_one("#class-paths", Input).value == "x", "typing reaches the paths field"
        screen.query_one("#class-paths", Input).value = " ".join(map(str, [*files, broken]))
        await pilot.press("enter")
        await settle(pilot)
        summary = str(screen.query_one("#class-summary", Static).render())
        for f in files[1:]:
            assert f"✓ {f.name}: added" in summary, summary
        assert f"= {files[0].name}: unchanged" in summary, summary
        assert f"✗ {broken.name}: failed" in summary, summary
    teacher.close()

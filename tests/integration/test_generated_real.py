"""On the real papers: generated cloze practice is kept apart from the banks unless asked for
(library, CLI --generated, the app's "+ generated" box), and the app's concept detail names the
page its definition comes from."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from papermind.cli import app as cli_app
from tests.tui.conftest import aio, settle


def test_generated_questions_only_when_asked(real_store):
    plain = real_store.quiz.questions(paper="pagedattention")
    both = real_store.quiz.questions(paper="pagedattention", include_generated=True)
    gen = [q for q in both if q.generated]
    assert gen and not any(q.generated for q in plain)
    assert {q.id for q in plain} <= {q.id for q in both}
    assert all(q.type == "cloze" and q.paper == "pagedattention" and q.evidence.page for q in gen)


def test_cli_list_and_run_take_generated(real_store, tmp_path):
    base = ["--db", real_store.settings.db_url, "quiz"]
    runner = CliRunner()
    listed = runner.invoke(cli_app, [*base, "list", "--paper", "pagedattention", "--generated", "--json"])
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.output)
    assert any(r["generated"] for r in rows) and any(not r["generated"] for r in rows)
    plain = json.loads(runner.invoke(cli_app, [*base, "list", "--paper", "pagedattention", "--json"]).output)
    assert not any(r["generated"] for r in plain)
    first_gen = next(r for r in rows if r["generated"])
    # a cram run with generated practice reaches it after the bank's questions
    skips = ":skip\n" * sum(not r["generated"] for r in rows)
    res = runner.invoke(
        cli_app,
        [*base, "--paper", "pagedattention", "--generated", "--cram", "--user", "t"],
        input=skips + ":quit\n",
    )
    assert res.exit_code == 0, res.output
    assert first_gen["id"] in res.output
    assert (
        first_gen["id"]
        not in runner.invoke(
            cli_app, [*base, "--paper", "pagedattention", "--cram", "--user", "t"], input=skips + ":quit\n"
        ).output
    )


@aio
async def test_app_checkbox_adds_generated_practice(real_store):
    from textual.widgets import Checkbox

    from papermind.tui.app import PapermindApp

    app = PapermindApp(real_store, warm=False, user="t")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        screen = app.screen
        screen.query_one("#with-generated", Checkbox).value = True
        screen.start("paper", "pagedattention", "Paper pagedattention", screen._generated())
        await settle(pilot)
        assert any(q.generated for q in screen.questions)
        assert "generated" in screen.label


@aio
async def test_concept_detail_says_where_the_definition_comes_from(real_store):
    import io

    from rich.console import Console
    from textual.widgets import Static

    from papermind.tui.app import PapermindApp

    app = PapermindApp(real_store, warm=False, user="t")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        screen = app.screen
        screen.load_map("p:pagedattention")
        await settle(pilot)
        label = next(lbl for lbl, n in screen.nodes.items() if n.definition)
        screen.show_concept(label)
        await settle(pilot)
        out = io.StringIO()
        Console(file=out, width=200, color_system=None).print(screen.query_one("#detail", Static).content)
        assert "(pagedattention p." in out.getvalue()

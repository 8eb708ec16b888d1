"""The ingest dialog: typing replaces the selected default, and it takes a PDF file, several, or a
folder (as the CLI does)."""

from __future__ import annotations

import shutil

import pytest
from textual.widgets import Input, Static

from tests.tui.conftest import aio, settle


async def _wait_done(pilot) -> str:
    for _ in range(600):  # the worker embeds the papers: wait for its summary
        await pilot.pause(0.1)
        log = str(pilot.app.screen.query_one("#log", Static).render())
        if "Done:" in log or "Failed" in log:
            return log
    return log


async def _type_into_the_dialog_and_ingest(app, path: str) -> str:
    """Open the ingest dialog (i), type ``path`` over its default, press enter; the summary."""
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        field = app.screen.query_one("#folder", Input)
        assert field.value and field.has_focus
        await pilot.press(*path)
        assert field.value == path, "the typed path replaced the default"
        await pilot.press("enter")
        return await _wait_done(pilot)


@aio
async def test_typing_replaces_the_selected_default(empty_api, make_app, tmp_path):
    missing = str(tmp_path / "gone.pdf")
    log = await _type_into_the_dialog_and_ingest(make_app(empty_api), missing)
    assert f"Failed: {missing}: no such file" in log, log


@pytest.mark.slow
@aio
async def test_typing_replaces_the_default_and_a_pdf_file_is_ingested(empty_api, make_app, toy_pdfs):
    log = await _type_into_the_dialog_and_ingest(make_app(empty_api), str(toy_pdfs / "toy-paging.pdf"))
    assert "Done: 1 added" in log and "0 failed" in log, log
    assert [p.key for p in empty_api.library.papers()] == ["toy-paging"]


@pytest.mark.slow
@aio
async def test_several_files_one_with_spaces_in_its_path(empty_api, make_app, toy_pdfs, tmp_path):
    spaced = tmp_path / "my papers" / "tiling.pdf"
    spaced.parent.mkdir()
    shutil.copy(toy_pdfs / "toy-tiling.pdf", spaced)
    app = make_app(empty_api)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        app.screen.query_one("#folder", Input).value = f"{toy_pdfs / 'toy-bench.pdf'} '{spaced}'"
        await pilot.press("enter")
        log = await _wait_done(pilot)
        assert "Done: 2 added" in log, log
    assert sorted(p.key for p in empty_api.library.papers()) == ["tiling", "toy-bench"]


def test_parse_paths_takes_a_whole_existing_path_or_shell_words(tmp_path) -> None:
    from papermind.tui.screens.ingest import parse_paths

    spaced = tmp_path / "a b.pdf"
    spaced.write_bytes(b"%PDF")
    assert parse_paths(f"  {spaced}  ") == [spaced]
    assert parse_paths("x.pdf 'y z.pdf'") == [tmp_path.__class__("x.pdf"), tmp_path.__class__("y z.pdf")]
    assert parse_paths("") == []

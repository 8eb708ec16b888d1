"""The results export dialog (ctrl+x on the quiz screen): labelled fields, tab moves between
them, and the default file is in the user's Documents folder (else home), not the current folder."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Label

from tests.tui.conftest import aio, settle


async def _open_the_export_dialog(pilot) -> None:  # type: ignore[no-untyped-def]
    """The Quiz screen (f5), then its results export dialog (ctrl+x)."""
    await settle(pilot)
    await pilot.press("f5")
    await settle(pilot)
    await pilot.press("ctrl+x")
    await settle(pilot)


@aio
async def test_fields_are_labelled_tab_moves_between_them_and_the_default_is_in_documents(
    empty_api, make_app, tmp_path, monkeypatch
):
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    app = make_app(empty_api)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_the_export_dialog(pilot)
        dialog = app.screen
        assert type(dialog).__name__ == "ExportResultsScreen"
        labels = " ".join(str(w.render()) for w in dialog.query(Label))
        for words in ("Name on the file", "File to write", "Week"):
            assert words in labels, labels
        path = dialog.query_one("#path", Input)
        assert Path(path.value).parent == home / "Documents"
        assert Path(path.value).suffix == ".json"
        path.focus()
        await pilot.press("tab")
        assert app.focused is dialog.query_one("#week", Input)
        await pilot.press("1", "4")
        assert dialog.query_one("#week", Input).value == "14"
        assert Path(path.value).parent == home / "Documents", "nothing appended to the path"


@aio
async def test_without_a_documents_folder_the_default_is_home(empty_api, make_app, tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    app = make_app(empty_api)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_the_export_dialog(pilot)
        assert Path(app.screen.query_one("#path", Input).value).parent == home

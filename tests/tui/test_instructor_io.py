"""Instructor import/export run the quiz interchange modules in workers and write files."""

from __future__ import annotations

import zipfile

from textual.widgets import Input, Select, Static, TabbedContent

from tests.tui.conftest import aio, settle


@aio
async def test_export_then_import_from_the_instructor_screen(empty_api, make_app, tmp_path):
    gift, qti = tmp_path / "out.gift", tmp_path / "out.zip"
    app = make_app(empty_api)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        screen = app.screen
        screen.query_one("#tabs", TabbedContent).active = "tab-io"
        await settle(pilot)
        screen.query_one("#export-banks", Input).value = "bert attention"
        screen.query_one("#export-out", Input).value = str(gift)
        await pilot.click("#export")
        await settle(pilot)
        status = str(screen.query_one("#io-status", Static).render())
        assert gift.is_file() and "wrote" in status and "(gift)" in status, status
        assert "$CATEGORY: papermind/bert" in gift.read_text()

        screen.query_one("#export-fmt", Select).value = "qti"
        screen.query_one("#export-out", Input).value = str(qti)
        await pilot.click("#export")
        await settle(pilot)
        assert zipfile.is_zipfile(qti) and "imsmanifest.xml" in zipfile.ZipFile(qti).namelist()

        # and the GIFT file comes back in as a TOML bank
        out = tmp_path / "back.toml"
        screen.query_one("#import-src", Input).value = str(gift)
        screen.query_one("#import-out", Input).value = str(out)
        await pilot.click("#import")
        await settle(pilot)
        assert out.is_file() and "wrote" in str(screen.query_one("#io-status", Static).render())


@aio
async def test_export_keeps_an_existing_file_until_asked_again_and_never_writes_a_bank(
    empty_api, make_app, tmp_path
):
    out = tmp_path / "notes.gift"
    out.write_text("my notes")
    app = make_app(empty_api)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        screen = app.screen
        screen.query_one("#tabs", TabbedContent).active = "tab-io"
        await settle(pilot)
        screen.query_one("#export-banks", Input).value = "bert"
        screen.query_one("#export-out", Input).value = str(out)
        await pilot.click("#export")
        await settle(pilot)
        status = str(screen.query_one("#io-status", Static).render())
        assert "already exists" in status and "press Export again" in status
        assert out.read_text() == "my notes"
        await pilot.click("#export")  # the second press for the same path overwrites
        await settle(pilot)
        assert "$CATEGORY: papermind/bert" in out.read_text()
        # a bank is an input: never its own output, however often asked
        bank = empty_api.quiz.load_bank("bert").path
        before = bank.read_text()
        screen.query_one("#export-out", Input).value = str(bank)
        for _ in range(2):
            await pilot.click("#export")
            await settle(pilot)
        assert "also an input" in str(screen.query_one("#io-status", Static).render())
        assert bank.read_text() == before


@aio
async def test_student_mode_has_no_import_export_or_ingest(empty_api, make_app, tmp_path):
    app = make_app(empty_api, student=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")  # ingest
        await settle(pilot)
        assert type(app.screen).__name__ != "IngestScreen"
        await pilot.press("f6")
        await settle(pilot)
        screen = app.screen
        screen.show_tab("tab-io")
        await settle(pilot)
        assert not screen.query("#export-out") and not screen.query("#import-src")
        assert "Student mode" in str(screen.query_one("#io-status", Static).render())
        # and the workers refuse even when called directly
        worker = screen.run_export(["bert"], str(tmp_path / "x.gift"), "gift", True)
        await worker.wait()
        await settle(pilot)
        assert not (tmp_path / "x.gift").exists()

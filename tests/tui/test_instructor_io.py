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

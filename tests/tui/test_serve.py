"""``papermind serve``: the command line it runs, and a real server on a loopback port probed with a
real HTTP and websocket client: no token -> 403, a foreign Origin -> 403, fonts served locally."""

from __future__ import annotations

import asyncio
import json
import shlex
import socket
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("textual_serve")
aiohttp = pytest.importorskip("aiohttp")


def test_serve_builds_the_server_with_the_papermind_command(tmp_path):
    from papermind.cli._app import CliState
    from papermind.cli.serve import build_server

    db = tmp_path / "my store.db"
    server = build_server(CliState(db=str(db), corpus="/c"), "127.0.0.1", 8123)
    assert shlex.split(server.command) == [
        sys.executable,
        "-m",
        "papermind",
        "--db",
        str(db),
        "--corpus",
        "/c",
    ]
    assert (server.host, server.port, server.public_url) == ("127.0.0.1", 8123, "http://127.0.0.1:8123")
    assert server.url_with_token == f"http://127.0.0.1:8123/?token={server.token}" and len(server.token) >= 24
    assert server.title == "papermind"
    student = build_server(CliState(), "0.0.0.0", 8123, student=True)
    assert shlex.split(student.command)[-1] == "--student"
    # bound to every interface, the page never points other machines at ws://0.0.0.0
    assert "0.0.0.0" not in student.public_url
    assert (
        build_server(CliState(), "0.0.0.0", 8123, public_url="http://lab:9000/").public_url
        == "http://lab:9000"
    )
    assert build_server(CliState(), "127.0.0.1", 1).token != build_server(CliState(), "127.0.0.1", 1).token


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(tmp_path) -> Iterator[dict[str, Any]]:
    port = _free_port()
    cmd = [sys.executable, "-m", "papermind", "--db", str(tmp_path / "s.db"), "serve", "--port", str(port)]
    proc = subprocess.Popen([*cmd, "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        lines = []
        while not (lines and lines[-1] == "}\n"):
            line = proc.stdout.readline()
            assert line, proc.stderr.read() if proc.stderr else "serve exited"
            lines.append(line)
        info = json.loads("".join(lines))
        yield {"port": port, "base": f"http://127.0.0.1:{port}", **info}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


async def _probe(served: dict[str, Any]) -> dict[str, Any]:
    base, token = served["base"], served["url"].split("token=")[1]
    out: dict[str, Any] = {}
    # unsafe=True: keep cookies for an IP address, as browsers do
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        for _ in range(100):  # wait for the server to listen
            try:
                async with http.get(base + "/") as r:
                    out["index_no_token"] = r.status
                    break
            except aiohttp.ClientConnectionError:
                await asyncio.sleep(0.2)
        async with http.get(base + "/?token=wrong") as r:
            out["index_bad_token"] = r.status
        async with http.get(base + "/static/css/xterm.css") as r:
            out["static_no_token"] = r.status
        async with http.get(base + "/download/x") as r:
            out["download_no_token"] = r.status
        async with http.get(
            base + "/", params={"token": token}, headers={"Origin": "http://evil.example"}
        ) as r:
            out["index_foreign_origin"] = r.status
        async with http.get(base + "/", params={"token": token}) as r:
            out["index_ok"] = r.status
            out["page"] = await r.text()
        # the cookie set by the first good request carries the token from here on (as in a browser)
        async with http.get(base + "/static/fonts/RobotoMono-VariableFont_wght.ttf") as r:
            out["font_with_cookie"] = r.status
        try:
            async with http.ws_connect(base + "/ws", headers={"Origin": base}):
                out["ws_cookie_same_origin"] = 101
        except aiohttp.WSServerHandshakeError as exc:
            out["ws_cookie_same_origin"] = exc.status
    async with aiohttp.ClientSession() as fresh:  # no cookie
        for name, url, origin in [
            ("ws_no_token", base + "/ws", base),
            ("ws_foreign_origin", f"{base}/ws?token={token}", "http://evil.example"),
            ("ws_null_origin", f"{base}/ws?token={token}", "null"),
            ("ws_ok", f"{base}/ws?token={token}&width=80&height=24", base),
        ]:
            try:
                async with fresh.ws_connect(url, headers={"Origin": origin}) as ws:
                    out[name] = 101
                    msg = await ws.receive(timeout=60)  # the app's first bytes or its session id
                    out[name + "_first_message"] = msg.type
            except aiohttp.WSServerHandshakeError as exc:
                out[name] = exc.status
    return out


def test_serve_refuses_requests_without_the_token_or_from_another_site(served):
    assert served["url"].startswith(f"http://127.0.0.1:{served['port']}/?token=")
    assert served["student"] is False and served["warnings"]  # loopback: student mode off, and says so
    out = asyncio.run(_probe(served))
    assert out["index_no_token"] == 403
    assert out["index_bad_token"] == 403
    assert out["static_no_token"] == 403
    assert out["download_no_token"] == 403
    assert out["index_foreign_origin"] == 403
    assert out["ws_no_token"] == 403
    assert out["ws_foreign_origin"] == 403
    assert out["ws_null_origin"] == 403
    assert out["index_ok"] == 200
    page = out["page"]
    assert "fonts.googleapis" not in page and "fonts/RobotoMono-VariableFont_wght.ttf" in page
    assert f"ws://127.0.0.1:{served['port']}/ws" in page
    assert out["font_with_cookie"] == 200
    assert out["ws_cookie_same_origin"] == 101
    assert out["ws_ok"] == 101 and out["ws_ok_first_message"] in (
        aiohttp.WSMsgType.BINARY,
        aiohttp.WSMsgType.TEXT,
    )


def test_serve_beyond_loopback_warns_and_defaults_to_student_mode(tmp_path, monkeypatch):
    from textual_serve.server import Server
    from typer.testing import CliRunner

    from papermind.cli import app

    started: list[Any] = []
    monkeypatch.setattr(Server, "serve", lambda self, debug=False: started.append(self))
    r = CliRunner().invoke(app, ["--db", str(tmp_path / "s.db"), "serve", "--host", "0.0.0.0", "--json"])
    assert r.exit_code == 0, r.output
    info = json.loads(r.stdout)
    assert info["student"] is True and "--student" in info["command"]
    assert "0.0.0.0" not in info["url"] and "?token=" in info["url"]
    assert any("beyond this machine" in w for w in info["warnings"])
    assert "warning:" in r.stderr and "beyond this machine" in r.stderr  # said in human output too
    assert len(started) == 1
    r = CliRunner().invoke(
        app, ["serve", "--host", "0.0.0.0", "--public-url", "http://lab-pc:8000", "--no-student", "--json"]
    )
    info = json.loads(r.stdout)
    assert info["url"].startswith("http://lab-pc:8000/?token=") and info["student"] is False
    assert any("student mode is off" in w for w in info["warnings"])

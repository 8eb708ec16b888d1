"""``papermind serve``: the server's command line, and a short real run answering ``/``."""

from __future__ import annotations

import shlex
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

pytest.importorskip("textual_serve")


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
    assert server.title == "papermind"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_answers_the_page_on_a_loopback_port(tmp_path):
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "papermind",
            "--db",
            str(tmp_path / "s.db"),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        page = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
                    page = r.read().decode()
                    break
            except OSError:
                time.sleep(0.2)
        assert page is not None, proc.stdout.read().decode() if proc.poll() is not None else "no answer"
        assert "papermind" in page and "ws://127.0.0.1" in page
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

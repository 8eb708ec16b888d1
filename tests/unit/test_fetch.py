"""`papermind fetch` against a local HTTP server (never the internet)."""

from __future__ import annotations

import hashlib
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from papermind.cli import app

runner = CliRunner()
PDF = b"%PDF-1.4\n" + b"x" * 5000 + b"\n%%EOF\n"


def corpus(tmp_path: Path, sha: str | None = None) -> Path:
    d = tmp_path / "corpus"
    d.mkdir()
    extra = f'download_sha256 = "{sha}"\n' if sha else ""
    (d / "papers.toml").write_text(
        '[[paper]]\nkey = "attention"\ntitle = "Attention Is All You Need"\nauthors = ["A. Vaswani"]\n'
        f'year = 2017\nvenue = "NIPS 2017"\narxiv = "1706.03762"\n{extra}\n'
        '[[paper]]\nkey = "bert"\ntitle = "BERT"\nauthors = ["J. Devlin"]\nyear = 2019\nvenue = "NAACL 2019"\n'
        'arxiv = "1810.04805"\n'
    )
    return d


def fetch(tmp_path, httpserver, *args):
    return runner.invoke(
        app,
        [
            "--db",
            str(tmp_path / "s.db"),
            "--corpus",
            str(tmp_path / "corpus"),
            "fetch",
            "--base-url",
            httpserver.url_for("/pdf"),
            "--dest",
            str(tmp_path / "papers"),
            *args,
        ],
    )


def test_downloads_and_skips_existing(tmp_path, httpserver):
    corpus(tmp_path)
    httpserver.expect_request("/pdf/1706.03762").respond_with_data(PDF, content_type="application/pdf")
    httpserver.expect_request("/pdf/1810.04805").respond_with_data(PDF, content_type="application/pdf")
    r = fetch(tmp_path, httpserver, "--json")
    assert r.exit_code == 0, r.output
    assert {x["key"]: x["status"] for x in json.loads(r.stdout)} == {
        "attention": "downloaded",
        "bert": "downloaded",
    }
    assert (tmp_path / "papers" / "attention.pdf").read_bytes() == PDF
    again = json.loads(fetch(tmp_path, httpserver, "--json").stdout)
    assert {x["status"] for x in again} == {"skipped"}
    assert not list((tmp_path / "papers").glob("*.part"))


def test_sha_mismatch_leaves_no_file(tmp_path, httpserver):
    corpus(tmp_path, sha="0" * 64)
    httpserver.expect_request("/pdf/1706.03762").respond_with_data(PDF)
    r = fetch(tmp_path, httpserver, "attention")
    assert r.exit_code == 1 and "sha256 mismatch" in r.stdout
    assert not list((tmp_path / "papers").iterdir())


def test_sha_match_is_accepted(tmp_path, httpserver):
    corpus(tmp_path, sha=hashlib.sha256(PDF).hexdigest())
    httpserver.expect_request("/pdf/1706.03762").respond_with_data(PDF)
    assert fetch(tmp_path, httpserver, "attention").exit_code == 0
    assert (tmp_path / "papers" / "attention.pdf").exists()


def test_http_error_and_html_are_failures_without_partial_files(tmp_path, httpserver):
    corpus(tmp_path)
    httpserver.expect_request("/pdf/1706.03762").respond_with_data("<html>rate limited</html>")
    httpserver.expect_request("/pdf/1810.04805").respond_with_data("gone", status=404)
    r = fetch(tmp_path, httpserver, "--json")
    assert r.exit_code == 1
    reasons = {x["key"]: x["reason"] for x in json.loads(r.stdout)}
    assert "did not return a PDF" in reasons["attention"] and "HTTP 404" in reasons["bert"]
    assert not list((tmp_path / "papers").iterdir())


def test_offline_gives_a_clear_error(tmp_path):
    corpus(tmp_path)
    r = runner.invoke(
        app,
        [
            "--db",
            str(tmp_path / "s.db"),
            "--corpus",
            str(tmp_path / "corpus"),
            "fetch",
            "--base-url",
            "http://127.0.0.1:9/pdf",
            "--dest",
            str(tmp_path / "papers"),
        ],
    )
    assert r.exit_code == 1
    assert "cannot reach 127.0.0.1:9" in r.stderr and "offline" in r.stderr
    assert not [p for p in (tmp_path / "papers").iterdir()]


def test_unknown_key(tmp_path, httpserver):
    corpus(tmp_path)
    r = fetch(tmp_path, httpserver, "nope")
    assert r.exit_code == 1 and "unknown paper key(s): nope" in r.stderr


def test_the_pinned_arxiv_version_is_downloaded(tmp_path, httpserver):
    corpus(tmp_path)
    toml = tmp_path / "corpus" / "papers.toml"
    toml.write_text(
        toml.read_text().replace('arxiv = "1706.03762"\n', 'arxiv = "1706.03762"\narxiv_version = 5\n')
    )
    httpserver.expect_request("/pdf/1706.03762v5").respond_with_data(PDF)
    assert fetch(tmp_path, httpserver, "attention").exit_code == 0
    assert (tmp_path / "papers" / "attention.pdf").read_bytes() == PDF


def _endless(seconds: float = 60.0):  # type: ignore[no-untyped-def]
    """A server that streams PDF-looking bytes for up to ``seconds`` (no Content-Length)."""
    import time

    from werkzeug.wrappers import Response

    def handler(request):  # type: ignore[no-untyped-def]
        def body():  # type: ignore[no-untyped-def]
            yield b"%PDF-1.4\n"
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                yield b"x" * 65536
                time.sleep(0.001)

        return Response(body(), mimetype="application/pdf", direct_passthrough=True)

    return handler


def test_an_endless_download_stops_at_the_cap_and_leaves_nothing(tmp_path, httpserver, monkeypatch):
    import papermind.fetch

    monkeypatch.setattr(papermind.fetch, "MAX_DOWNLOAD_BYTES", 2_000_000)
    corpus(tmp_path)
    httpserver.expect_request("/pdf/1706.03762").respond_with_handler(_endless(5))
    from werkzeug.wrappers import Response

    def huge(request):  # type: ignore[no-untyped-def]
        r = Response(iter([PDF]), mimetype="application/pdf", direct_passthrough=True)
        r.headers["Content-Length"] = "999999999999"  # announced, never sent
        return r

    httpserver.expect_request("/pdf/1810.04805").respond_with_handler(huge)
    r = fetch(tmp_path, httpserver, "--json")
    assert r.exit_code == 1
    reasons = {x["key"]: x["reason"] for x in json.loads(r.stdout)}
    assert "more than 2,000,000 bytes" in reasons["attention"]
    assert "over the 2,000,000-byte limit" in reasons["bert"]
    assert not list((tmp_path / "papers").iterdir())


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_download_removes_its_part_file(tmp_path, httpserver, sig):
    corpus(tmp_path)
    httpserver.expect_request("/pdf/1706.03762").respond_with_handler(_endless(30))
    papers = tmp_path / "papers"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "papermind",
            "--corpus",
            str(tmp_path / "corpus"),
            "--db",
            str(tmp_path / "s.db"),
        ]
        + ["fetch", "attention", "--base-url", httpserver.url_for("/pdf"), "--dest", str(papers)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # noqa: PLW1509 - no threads yet
    )
    part = papers / "attention.pdf.part"
    deadline = time.monotonic() + 60
    while not (part.exists() and part.stat().st_size > 100_000) and time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    assert part.exists(), "the download never started"
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "interrupted" in err
    assert not list(papers.iterdir())

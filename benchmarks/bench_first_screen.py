"""First screen with content, as a person sees it in a real terminal, beside a bare Textual app.

    python benchmarks/bench_first_screen.py --db STORE [--runs 3]

Each run launches the command in a fresh tmux pane of 120x40 and polls ``tmux capture-pane`` every
10 ms until the screen shows what counts as content: for papermind (no arguments: the app opens on
This week) the Readings heading and this week's first reading; for the baseline (a bare Textual
app printing ten lines of text, launched the same way) its tenth line. Best of N, runs interleaved;
the ratio app / bare is the figure (goal <= 1.5). The model warm-up runs as usual in the app (it
starts after the store opens and competes for the same cores, as it does for a student).

The breakdown beneath: what each imports before its first frame (a fresh interpreter importing
the launch path and the first screen's modules, minus one importing nothing; best of N), and when
the first text of any kind was on screen (papermind's first frame often holds the content already).
The app is launched as ``python -m papermind`` (runpy: a few ms more than the ``papermind`` script).
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from _common import child_env

BARE_APP = textwrap.dedent(
    """
    from textual.app import App
    from textual.widgets import Static

    class Bare(App):
        def compose(self):
            yield Static("\\n".join(f"bare line {i}" for i in range(1, 11)))

    Bare().run()
    """
)


SOCKET = f"pm-bench-{os.getpid()}"  # a tmux server of our own: no race with others' sessions


def tmux(*args: str, check: bool = False) -> str:
    r = subprocess.run(["tmux", "-L", SOCKET, *args], check=check, capture_output=True, text=True)
    return r.stdout


def visible(session: str) -> str:
    return tmux("capture-pane", "-p", "-t", session)


def time_to(cmd: str, done: list[str], session: str, limit: float = 120.0) -> tuple[float, int, float]:
    """Seconds from launch until every string in ``done`` is on screen, the lines of text then,
    and the seconds until the first text of any kind (the first paint) was on screen."""
    t = time.perf_counter()
    first = None
    tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40", cmd, check=True)
    try:
        while time.perf_counter() - t < limit:
            screen = visible(session)
            if first is None and screen.strip():
                first = time.perf_counter() - t
            if all(s in screen for s in done):
                took = time.perf_counter() - t
                return took, sum(1 for line in screen.splitlines() if line.strip()), first or took
            time.sleep(0.01)
        raise SystemExit(f"{cmd!r}: {done} not on screen after {limit:.0f} s:\n{visible(session)}")
    finally:
        tmux("kill-session", "-t", session)


def first_reading(db: str) -> str:
    """What This week lists first under Readings today (from the library, as the app shows it)."""
    code = (
        "import datetime, sys\nfrom papermind.api import Papermind\n"
        "pm = Papermind(sys.argv[1]); syl = pm.schedule.load(); w = syl.current_week(datetime.date.today())\n"
        "print((syl.papers_for_week(w) or [''])[0] if w else '')"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, db], capture_output=True, text=True, check=True, env=child_env()
    ).stdout
    return out.strip()


def import_seconds(modules: str, runs: int) -> float:
    """Best-of-``runs`` seconds a fresh interpreter takes to import ``modules``, beyond starting."""

    def best(code: str) -> float:
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True, env=child_env())
            times.append(time.perf_counter() - t)
        return min(times)

    return best(f"import {modules}") - best("pass")


# what each imports before its first frame (the app: the launch path and the first screen)
APP_IMPORTS = "papermind.launch, papermind.api, papermind.tui.app, papermind.tui.screens.schedule"
BARE_IMPORTS = "textual.app, textual.widgets._static"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    db = str(Path(args.db).resolve())
    reading = first_reading(db)
    subprocess.run(
        [sys.executable, "-m", "papermind", "--help"], capture_output=True, check=True, env=child_env()
    )
    marks = ["Readings"] + ([reading] if reading else [])
    # tmux panes start from the tmux server's environment: pass ours (the encoder cache is in
    # PAPERMIND_HOME) and drop PYTHONDONTWRITEBYTECODE, as child_env() does
    keep = ("PYTHONPATH", "HF_HUB_OFFLINE", "PAPERMIND_HOME", "PAPERMIND_CORPUS")
    prefix = "-u PYTHONDONTWRITEBYTECODE " + " ".join(
        f"{k}={shlex.quote(v)}" for k, v in child_env().items() if k in keep
    )
    with tempfile.TemporaryDirectory() as tmp:
        bare_file = Path(tmp) / "bare.py"
        bare_file.write_text(BARE_APP)
        bare_cmd = f"env {prefix} {shlex.quote(sys.executable)} {shlex.quote(str(bare_file))}"
        app_cmd = f"env {prefix} {shlex.quote(sys.executable)} -m papermind --db {shlex.quote(db)}"
        bare, app = [], []
        tmux("new-session", "-d", "-s", "keeper", "sleep 3600", check=True)  # keeps the server up
        try:
            for i in range(args.runs):  # interleaved, so a busy spell hits both
                bare.append(time_to(bare_cmd, ["bare line 10"], f"bare-{i}"))
                app.append(time_to(app_cmd, marks, f"app-{i}"))
        finally:
            tmux("kill-server")
    b, a = min(bare), min(app)
    imp_bare, imp_app = import_seconds(BARE_IMPORTS, args.runs), import_seconds(APP_IMPORTS, args.runs)
    print(
        f"first screen with content in tmux 120x40, best of {args.runs} (all: "
        f"bare {', '.join(f'{x[0]:.2f}' for x in bare)}; app {', '.join(f'{x[0]:.2f}' for x in app)})"
    )
    print(f"  bare Textual app, ten lines            {b[0]:6.2f} s  ({b[1]} lines of text)")
    print(f"  papermind, This week ({' + '.join(marks)})  {a[0]:6.2f} s  ({a[1]} lines of text)")
    print(f"  ratio app / bare: {a[0] / b[0]:.2f}x   (goal <= 1.50)")
    print("breakdown (best of each; the content run's first paint may hold the content already)")
    print(f"  imports before the first frame   bare {imp_bare:5.2f} s   app {imp_app:5.2f} s")
    print(
        f"  first paint (any text)           bare {min(x[2] for x in bare):5.2f} s   "
        f"app {min(x[2] for x in app):5.2f} s"
    )


if __name__ == "__main__":
    main()

"""Command: ``papermind schedule`` - the course's weeks, class meetings, papers and discuss-by dates."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from papermind.cli._app import JsonOpt, app, emit, errors, get_api

if TYPE_CHECKING:
    from rich.console import Console

    from papermind.syllabus_service import ScheduleRow, ScheduleService


def _fmt(d: Any) -> str:
    return d.strftime("%a %b %d") if d is not None else ""


NARROW = 110  # below this many columns the table folds dates, kind and discuss-by into the others


def _short(d: Any) -> str:
    return f"{d:%b} {d.day}" if d else ""


def _row_json(r: ScheduleRow) -> dict[str, Any]:
    return {
        "week": r.week,
        "weeks": list(r.weeks),
        "block": r.block,
        "start": r.start.isoformat(),
        "end": r.end.isoformat(),
        "kind": r.kind,
        "title": r.title,
        "topics": list(r.topics),
        "papers": [{"key": p.key, "short_title": p.short_title, "title": p.title} for p in r.papers],
        "discusses": [p.key for p in r.discusses],
        "discuss_by": r.discuss_by.isoformat() if r.discuss_by else None,
        "tentative": r.tentative,
        "note": r.note,
        "current": r.current,
        "quizzes_due": r.quizzes_due,
    }


def _render(rows: list[ScheduleRow], version: str, label: str, start: Any) -> Any:
    def human(console: Console) -> None:
        from rich.table import Table
        from rich.text import Text

        show_quizzes = any(r.quizzes_due is not None for r in rows)
        narrow = console.width < NARROW  # fold dates, kind and discuss-by into fewer columns
        table = Table(title=f"{label} — term starts {start:%a %Y-%m-%d}", show_lines=True)
        table.add_column("Week", no_wrap=True)
        if not narrow:
            table.add_column("Dates", no_wrap=True)
            table.add_column("Kind", no_wrap=True)
        table.add_column("Session (course page)", ratio=3 if narrow else None)
        table.add_column("Papers", ratio=2 if narrow else None)
        if not narrow:
            table.add_column("Discuss by", no_wrap=True)
        if show_quizzes and not narrow:  # narrow: folded into the meeting's cell
            table.add_column("Quizzes due", justify="right")
        for r in rows:
            week = Text(f"{'▶ ' if r.current else ''}{r.week}")
            if len(r.weeks) > 1:
                week.append(f"\n({r.block})", style="dim")
            kind = r.kind + (" (tentative)" if r.tentative else "")
            dates = f"{_fmt(r.start)} – {_fmt(r.end)}"
            meeting = Text(r.title, style="bold")
            for t in r.topics:
                meeting.append(f"\n– {t}")
            if r.note:
                meeting.append(f"\nnote: {r.note}", style="yellow")
            papers = Text()
            for p in r.papers:
                papers.append(f"{p.key}", style="cyan")
                papers.append(f"  {p.short_title}\n")
            if r.discusses:
                papers.append("discusses: " + ", ".join(p.key for p in r.discusses), style="dim")
            paper_cell = papers if papers.plain else Text("—", style="dim")
            if narrow:
                week.append(f"\n{_short(r.start)}–\n{_short(r.end)}", style="dim")
                meeting.append(
                    f"\n{kind}" + (f" · discuss by {_fmt(r.discuss_by)}" if r.discuss_by else ""), style="dim"
                )
                if r.quizzes_due is not None:
                    meeting.append(
                        f"\n{r.quizzes_due} quiz question(s) to do"
                        + (f" by {_fmt(r.discuss_by)}" if r.discuss_by else ""),
                        style="dim",
                    )
                cells: list[Any] = [week, meeting, paper_cell]
            else:
                cells = [week, dates, kind, meeting, paper_cell, _fmt(r.discuss_by)]
                if show_quizzes:
                    cells.append("" if r.quizzes_due is None else str(r.quizzes_due))
            table.add_row(*cells, style="on grey15" if r.current else None)
        console.print(table)
        if any(r.current for r in rows):
            console.print("▶ current week")

    return human


def _write_ics(
    svc: ScheduleService, path: Path, version: str | None, start: str | None, as_json: bool
) -> None:
    from papermind.errors import PapermindError

    text, events = svc.ics(version, start)
    try:
        path.write_bytes(text.encode("utf-8"))  # bytes: the CRLF line ends stay as they are
    except OSError as exc:
        raise PapermindError(
            f"cannot write {path}: {exc.strerror or exc}", "check the folder exists and is writable"
        ) from exc
    discussions = sum("discussion" in e.categories for e in events)
    quizzes = sum("quiz" in e.categories for e in events)
    data = {"ics": str(path), "events": len(events), "discussions": discussions, "quizzes_due": quizzes}

    def human(console: Console) -> None:
        console.print(
            f"wrote {path}: {discussions} discussions and {quizzes} quiz due dates ({len(events)} events)"
        )

    emit(as_json, data, human)


@app.command("schedule")
def schedule(
    ctx: typer.Context,
    version: Annotated[
        str | None,
        typer.Option(
            "--version", help="Schedule version: revised (default) or original.", show_default=False
        ),
    ] = None,
    week: Annotated[int | None, typer.Option("--week", help="Only this week (1-16).")] = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--start",
            metavar="YYYY-MM-DD",
            help="Term start date (Monday of week 1); overrides $PAPERMIND_TERM_START and syllabus.toml.",
            show_default=False,
        ),
    ] = None,
    ics: Annotated[
        Path | None,
        typer.Option(
            "--ics",
            metavar="FILE",
            help="Write the discussions and quiz due dates as an iCalendar file to import into a calendar.",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Show the course schedule: weeks, dates, sessions, papers and discuss-by dates."""
    with errors(as_json):
        svc = get_api(ctx).schedule
        if ics is not None:
            _write_ics(svc, ics, version, start, as_json)
            return
        syl = svc.load(version, start)
        rows = svc.rows(syl, week=week)
        data = {
            "version": syl.version,
            "label": syl.label,
            "start_date": syl.start_date.isoformat(),
            "versions": svc.versions(),
            "sessions": [_row_json(r) for r in rows],
        }
        emit(as_json, data, _render(rows, syl.version, syl.label, syl.start_date))

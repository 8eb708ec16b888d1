"""Commands: ``papermind results export`` (students) and ``papermind class import|stats|agenda|grades``
(instructors). Results are self-reported practice results, never a grade of record."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from papermind.cli._app import JsonOpt, app, emit, errors, get_api

if TYPE_CHECKING:
    from rich.console import Console

results_app = typer.Typer(help="Your quiz results, to hand in to the instructor.", no_args_is_help=True)
class_app = typer.Typer(
    help="The class's results: import hand-ins, statistics, a discussion agenda, a gradebook file.",
    no_args_is_help=True,
)
app.add_typer(results_app, name="results")
app.add_typer(class_app, name="class")

ForceOpt = Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")]
MinOpt = Annotated[
    int, typer.Option("--min-students", help="Raise flags only with at least this many students.")
]
SELF_REPORTED = "Self-reported practice results; not a grade of record."


@results_app.command("export")
def results_export(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("-o", "--output", help="The results file to write (.json).")],
    user: Annotated[str | None, typer.Option("--user", help="Whose answers (default: you).")] = None,
    week: Annotated[int | None, typer.Option("--week", help="Only this week's questions.")] = None,
    name: Annotated[
        str | None,
        typer.Option("--as", help="The name on the file, e.g. a pseudonym (default: your user name)."),
    ] = None,
    force: ForceOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Write your quiz answers to one file to hand in (e.g. on Canvas)."""
    with errors(as_json):
        rep = get_api(ctx).classroom.export_results(output, user=user, week=week, name=name, force=force)

        def human(c: Console) -> None:
            c.print(
                f"wrote {rep.attempts} answer(s) to {rep.questions} question(s) and {rep.reviews} review "
                f"date(s) as {rep.student!r} to {rep.path}",
                highlight=False,
                soft_wrap=True,
            )
            if rep.left_out:
                c.print(
                    f"[yellow]left out {rep.left_out} answer(s) to questions no bank here holds[/]",
                    highlight=False,
                )

        emit(as_json, rep, human)


@class_app.command("import")
def class_import(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Result files, folders, or a Canvas submissions zip.")],
    as_json: JsonOpt = False,
) -> None:
    """Import students' results; a bad file is reported and skipped. Exit 1 if any file failed."""
    with errors(as_json):
        rep = get_api(ctx).classroom.import_results(list(paths))

        def human(c: Console) -> None:
            from rich.markup import escape

            style = {"added": "green", "replaced": "cyan", "unchanged": "dim", "older": "yellow"}
            for f in rep.files:
                who = f" {f.student!r}," if f.student else ""
                detail = f" ({f.attempts} answers)" if f.status in ("added", "replaced") else ""
                why = f": {f.reason}" if f.reason else ""
                c.print(
                    f"[{style.get(f.status, 'red')}]{f.status}[/]{escape(who)} {escape(f.name)}"
                    f"{detail}{escape(why)}",
                    highlight=False,
                    soft_wrap=True,
                )
            c.print(
                f"{rep.count('added')} added, {rep.count('replaced')} replaced, "
                f"{rep.count('unchanged')} unchanged, {rep.count('older')} older, {rep.count('failed')} failed. "
                f"[dim]{SELF_REPORTED}[/]"
            )

        emit(as_json, {"ok": rep.ok, "files": rep.files, "note": SELF_REPORTED}, human)
    if not rep.ok:
        raise typer.Exit(1)


@class_app.command("stats")
def class_stats(
    ctx: typer.Context,
    week: Annotated[int | None, typer.Option("--week", help="One week's quiz.")] = None,
    paper: Annotated[str | None, typer.Option("--paper", help="One paper's questions (key).")] = None,
    min_students: MinOpt = 5,
    as_json: JsonOpt = False,
) -> None:
    """Per question, week quiz, student and concept: how the class did (first tries)."""
    from papermind.errors import PapermindError

    with errors(as_json):
        if week is not None and paper is not None:
            raise PapermindError("give --week or --paper, not both")
        st = get_api(ctx).classroom.stats(week=week, paper=paper, min_students=min_students)

        def human(c: Console) -> None:
            from rich.table import Table

            def f(x: float | None, fmt: str = ".2f") -> str:
                return "-" if x is None else format(x, fmt)

            if st.unknown_questions:  # first: it explains empty rows below
                more = len(st.unknown_questions) - 8
                c.print(
                    f"[yellow]{len(st.unknown_questions)} question id(s) in the hand-ins are in no bank here: "
                    f"{', '.join(st.unknown_questions[:8])}{f' and {more} more' if more > 0 else ''}[/]\n"
                    "[dim]hint: install the bank the students answered (`papermind quiz install FILE`), "
                    "then run this again[/]",
                    highlight=False,
                )
            t = Table(title=f"{st.students} student(s); flags need ≥ {st.min_students}")
            for col in ("Question", "Students", "Facility", "Discr.", "Overruled", "Picks", "Flags"):
                t.add_column(col, no_wrap=col == "Question")
            answered = [q for q in st.questions if q.students or q.other_versions]
            for q in answered:
                t.add_row(
                    q.id,
                    str(q.students),
                    f(q.facility),
                    f(q.discrimination, "+.2f"),
                    f(q.overrule_rate, ".0%"),
                    " ".join(f"{k}:{v:.0%}" for k, v in q.pick_rates.items()),
                    ", ".join(q.flags)
                    + (f" ({q.other_versions} on an older form)" if q.other_versions else ""),
                )
            c.print(t)
            if len(answered) < len(st.questions):
                c.print(
                    f"{len(st.questions) - len(answered)} question(s) nobody answered are not listed (--json has all)."
                )
            w = Table(title="Week quizzes (students who answered every question)")
            for col in ("Week", "Questions", "Students", "KR-20", "Alpha", "Mean"):
                w.add_column(col)
            for z in st.quizzes:
                w.add_row(
                    str(z.week), str(z.questions), str(z.students), f(z.kr20), f(z.alpha), f(z.mean_score)
                )
            c.print(w)
            s = Table(title="Students")
            for col in ("Student", "Attempted", "First-try score", "Overdue reviews"):
                s.add_column(col)
            for p in st.per_student:
                s.add_row(p.name, str(p.attempted), f(p.first_try_score), str(p.overdue))
            c.print(s)
            practised = [x for x in st.concepts if x.students]
            if practised:
                k = Table(title="Concepts (weakest first)")
                for col in ("Concept", "Questions", "Students", "Mastery", "First try"):
                    k.add_column(col)
                for x in practised:
                    k.add_row(x.concept, str(x.questions), str(x.students), f(x.mastery), f(x.first_try))
                c.print(k)
            if len(practised) < len(st.concepts):
                c.print(
                    f"{len(st.concepts) - len(practised)} concept(s) with no answers are not listed (--json has all)."
                )
            c.print(f"[dim]{st.note}[/]")

        emit(as_json, st, human)


@class_app.command("agenda")
def class_agenda(
    ctx: typer.Context,
    week: Annotated[int, typer.Option("--week", help="The week to discuss.")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write the Markdown here.")] = None,
    force: ForceOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """A discussion agenda (Markdown): most-missed questions, weak concepts, common wrong answers."""
    with errors(as_json):
        ag = get_api(ctx).classroom.agenda(week, path=output, force=force)

        def human(c: Console) -> None:
            if output is None:
                c.out(ag.markdown, end="", highlight=False)
            else:
                c.print(f"wrote the week {week} agenda ({len(ag.missed)} question(s)) to {output}")

        emit(as_json, {**vars(ag), "path": str(output) if output else None}, human)


@class_app.command("grades")
def class_grades(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("-o", "--output", help="The CSV to write.")],
    points: Annotated[float, typer.Option("--points", help="Points of each week's quiz column.")] = 10.0,
    force: ForceOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """A CSV for Canvas's gradebook import: one column per week's quiz (first-try scores)."""
    with errors(as_json):
        book = get_api(ctx).classroom.grades(output, points=points, force=force)

        def human(c: Console) -> None:
            c.print(
                f"wrote {len(book.rows)} student(s) × {len(book.columns)} week quiz column(s) to {output}. "
                f"[dim]{SELF_REPORTED} Import it as a practice column.[/]",
                highlight=False,
            )
            from rich.markup import escape

            for w in book.warnings():
                c.print(f"[yellow]{escape(w)}[/]", highlight=False)

        emit(
            as_json,
            {
                "path": str(output),
                "columns": book.columns,
                "points": book.points,
                "rows": book.rows,
                "unanswered_weeks": book.unanswered_weeks,
                "warnings": book.warnings(),
                "note": SELF_REPORTED,
            },
            human,
        )

"""Commands: ``papermind quiz`` (interactive), ``quiz check|grade|undo|stats|list|history|import|export``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from papermind.cli._app import JsonOpt, app, emit, errors, get_api, to_jsonable

if TYPE_CHECKING:
    from rich.console import Console

quiz_app = typer.Typer(
    help="Quizzes: run, check banks, grade, statistics, GIFT/QTI/Anki.", no_args_is_help=False
)
app.add_typer(quiz_app, name="quiz")

UserOpt = Annotated[
    str | None,
    typer.Option("--user", help="Whose attempts (default: your OS user name).", show_default=False),
]
GeneratedOpt = Annotated[
    bool,
    typer.Option("--generated", help="Also cloze practice generated from the ingested papers' key concepts."),
]


@quiz_app.callback(invoke_without_command=True)
def quiz_run(
    ctx: typer.Context,
    week: Annotated[int | None, typer.Option("--week", help="Questions on this week's papers.")] = None,
    paper: Annotated[str | None, typer.Option("--paper", help="Questions on one paper (key).")] = None,
    due: Annotated[bool, typer.Option("--due", help="Only questions due for review (and new ones).")] = False,
    next_: Annotated[bool, typer.Option("--next", help="Papers of the next discussion.")] = False,
    cram: Annotated[
        bool, typer.Option("--cram", help="Practice without touching the review schedule.")
    ] = False,
    user: UserOpt = None,
    n: Annotated[int | None, typer.Option("-n", help="At most N questions.")] = None,
    generated: GeneratedOpt = False,
    new_limit: Annotated[
        int, typer.Option("--new-limit", help="With --due: at most this many new questions a day.")
    ] = 20,
    as_json: JsonOpt = False,
) -> None:
    """Run a quiz in the terminal (answers from stdin; :undo, :skip, :quit; after a grade,
    :had / :partly / :missed to judge your answer yourself)."""
    if ctx.invoked_subcommand is not None:
        return
    from papermind.cli._app import console
    from papermind.quiz.review.attempts import default_user
    from papermind.quiz.runner import run_quiz

    with errors(as_json):
        svc = get_api(ctx).quiz
        u = user or default_user()
        qs = svc.questions(
            week=week,
            paper=paper,
            due=due,
            next_=next_,
            user=u,
            include_generated=generated,
            new_limit=new_limit,
        )
        if not qs:
            import datetime as dt

            from papermind.errors import NotFoundError

            if next_ and get_api(ctx).schedule.load().next_discussion(dt.date.today()) is None:
                raise NotFoundError(
                    "no discussion is left this term, so --next has no papers",
                    "practise what is due with `papermind quiz --due`, or a week's with --week N",
                )
            raise NotFoundError(
                "no questions match", "try without --due/--week/--paper, or `papermind quiz list`"
            )
        out = console if not as_json else _quiet_console()
        summary = run_quiz(svc, qs, out, user=u, cram=cram, limit=n)

        def human(c: Console) -> None:
            c.print(
                f"\n[bold]{summary.correct}/{summary.answered} correct[/], "
                f"score {summary.total_score:.2f} of {summary.answered}"
                + (f", {summary.self_judged} judged by you" if summary.self_judged else "")
                + (" [dim](cram: schedule unchanged)[/]" if cram else "")
            )

        emit(as_json, summary, human)


def _quiet_console() -> Console:
    from rich.console import Console

    return Console(file=sys.stderr)


def warn_broken_banks(ctx: typer.Context) -> None:
    """One stderr line per error in the quizzes folder's banks (JSON output stays as it is): the
    questions concerned are left out, everything else is listed."""
    from rich.markup import escape

    from papermind.cli._app import err_console

    problems = get_api(ctx).quiz.bank_errors()
    for p in problems:
        err_console.print(f"[yellow]warning:[/] {escape(str(p))}", highlight=False, emoji=False)
    if problems:
        err_console.print(
            "[dim]hint:[/] the questions with errors are left out; `papermind quiz check` lists every problem",
            highlight=False,
        )


@quiz_app.command("check")
def quiz_check(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Bank files or folders (default: the quizzes folder).")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Validate question banks; every problem names file:line. Exit 1 on any error."""
    with errors(as_json):
        report = get_api(ctx).quiz.check(list(paths) if paths else None)

        def human(c: Console) -> None:
            from rich.markup import escape

            style = {"error": "red", "warning": "yellow", "note": "dim"}
            for p in report.problems:
                c.print(
                    f"[{style[p.severity]}]{escape(str(p))}[/]", highlight=False, soft_wrap=True, emoji=False
                )
            notes = sum(p.severity == "note" for p in report.problems)
            warns = sum(p.severity == "warning" for p in report.problems)
            k = report.keys
            if k.single:
                spread = " · ".join(f"{pos} {n}" for pos, n in k.positions.items())
                c.print(
                    f"single-choice keys: {spread}; the longest choice is the key in "
                    f"{k.longest_is_key} of {k.single}",
                    highlight=False,
                    soft_wrap=True,
                )
            if k.multi:
                combos = " · ".join(f"{key} {n}" for key, n in k.multi_keys.items())
                c.print(f"multi-choice keys: {combos}", highlight=False, soft_wrap=True)
            c.print(
                f"{len(report.files)} bank(s), {report.questions} question(s): "
                f"{report.errors} error(s), {warns} warning(s), {notes} note(s)"
            )

        data = {
            "ok": report.ok,
            "files": report.files,
            "questions": report.questions,
            "errors": report.errors,
            "problems": report.problems,
            "keys": {
                "single": report.keys.single,
                "positions": report.keys.positions,
                "longest_is_key": report.keys.longest_is_key,
                "multi": report.keys.multi,
                "multi_keys": report.keys.multi_keys,
            },
        }
        emit(as_json, data, human)
    if not report.ok:
        raise typer.Exit(1)


def _grade_json(r: Any) -> dict[str, Any]:
    d = to_jsonable(r)
    return d


@quiz_app.command("install")
def quiz_install(
    ctx: typer.Context,
    source: Annotated[Path, typer.Argument(help="A bank (.toml) or a zip of banks from the instructor.")],
    as_json: JsonOpt = False,
) -> None:
    """Add an instructor's bank to your banks (checked first; refused with file:line errors)."""
    with errors(as_json):
        rep = get_api(ctx).quiz.install(source)

        def human(c: Console) -> None:
            from rich.markup import escape

            style = {"error": "red", "warning": "yellow", "note": "dim"}
            for p in rep.problems:
                c.print(f"[{style[p.severity]}]{escape(str(p))}[/]", highlight=False, soft_wrap=True)
            if rep.ok:
                c.print(
                    f"installed {', '.join(rep.installed)} ({rep.questions} question(s)) into {rep.folder}"
                    + (
                        f"; {', '.join(rep.replaced)} replaced the copy installed before"
                        if rep.replaced
                        else ""
                    ),
                    highlight=False,
                    soft_wrap=True,
                )
            else:
                c.print(f"[red]not installed:[/] {escape(rep.source)} has errors (above)", highlight=False)

        emit(as_json, {"ok": rep.ok, **to_jsonable(rep)}, human)
    if not rep.ok:
        raise typer.Exit(1)


@quiz_app.command("grade")
def quiz_grade(
    ctx: typer.Context,
    bank: Annotated[str, typer.Argument(help="Bank file, or a bank name in the quizzes folder.")],
    qid: Annotated[str, typer.Argument(help="Question id.")],
    answer: Annotated[str | None, typer.Argument(help="The answer (or use --answers).")] = None,
    answers: Annotated[
        Path | None, typer.Option("--answers", help="Grade one answer per line ('-' = stdin).")
    ] = None,
    record: Annotated[bool, typer.Option("--record", help="Store the attempt and review the card.")] = False,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Grade an answer (or a file of answers, one per line; JSON lines out with --json)."""
    from papermind.errors import PapermindError, QuizError

    with errors(as_json):
        svc = get_api(ctx).quiz
        q = svc.question(qid, bank)
        if (answer is None) == (answers is None):
            raise QuizError("give either an ANSWER or --answers FILE")
        if answer is not None:
            r = svc.grade(q, answer, user=user) if record else svc.grade_question(q, answer)

            def human(c: Console) -> None:
                from rich.markup import escape

                style = {"correct": "green", "incorrect": "red", "unsure": "yellow"}[r.verdict]
                # A pass below full marks (a half-right multi) is not shown as plainly "correct".
                label = "partly right" if r.verdict == "correct" and r.score < 1 else r.verdict
                c.print(
                    f"[{style}]{label}[/] score {r.score:.2f} of 1 ({r.points:g} of {r.max_points:g} "
                    f"point(s)): {escape(r.feedback)}",
                    soft_wrap=True,
                )
                if r.verdict == "unsure":
                    c.print(f"[dim]model answer:[/] {escape(r.expected)}", soft_wrap=True)

            emit(as_json, r, human)
            return
        assert answers is not None
        text = sys.stdin.read() if str(answers) == "-" else answers.read_text(encoding="utf-8")
        lines = text.splitlines()
        svc.prepare_answers(q, lines)  # one batched encode for the whole file
        outs: list[dict[str, Any]] = []
        for n, line in enumerate(lines, start=1):
            try:
                r = svc.grade(q, line, user=user) if record else svc.grade_question(q, line)
                outs.append({"line": n, **_grade_json(r)})
            except PapermindError as exc:
                outs.append({"line": n, "answer": line, **exc.to_dict()})
        unsure = [o for o in outs if o.get("verdict") == "unsure"]
        groups = svc.group_answers([str(o["answer"]) for o in unsure])
        for g, members in enumerate(groups, start=1):
            for i in members:
                unsure[i]["review_group"] = g  # similar unsure answers share a group number
        for o in outs:
            if as_json:
                sys.stdout.write(json.dumps(o, ensure_ascii=False) + "\n")
            else:
                mark = "error" if "error" in o else o["verdict"]
                typer.echo(f"{o['line']}\t{mark}\t{o.get('score', '')}\t{lines[o['line'] - 1]}")
                if "error" in o:
                    why = f"\terror: {o['error']}" + (f" (hint: {o['hint']})" if o.get("hint") else "")
                    typer.echo(why)
        if unsure and not as_json:
            typer.echo(
                f"\n{len(unsure)} unsure answer(s) to review, in {len(groups)} group(s) of similar answers "
                f"(model answer: {q.reference[0] if q.reference else ''}):"
            )
            for g, members in enumerate(groups, start=1):
                typer.echo(f"group {g} ({len(members)}):")
                for i in members:
                    typer.echo(f"  line {unsure[i]['line']}\t{unsure[i]['answer']}")
        failed = [o["line"] for o in outs if "error" in o]
        if failed:  # every line was reported above; the exit code says some were not graded
            if not as_json:
                typer.echo(f"\n{len(failed)} line(s) could not be graded: {', '.join(map(str, failed))}")
            raise typer.Exit(1)


@quiz_app.command("undo")
def quiz_undo(ctx: typer.Context, user: UserOpt = None, as_json: JsonOpt = False) -> None:
    """Take back the last answer, restoring the question's previous review state."""
    with errors(as_json):
        info = get_api(ctx).quiz.undo_last(user)

        def human(c: Console) -> None:
            if info is None:
                c.print("nothing to undo")
            else:
                c.print(
                    f"undone: {info.question_id} (score {info.score:.2f}, {info.answered_at:%Y-%m-%d %H:%M})"
                )

        emit(as_json, {"undone": info}, human)


@quiz_app.command("judge")
def quiz_judge(
    ctx: typer.Context,
    qid: Annotated[str, typer.Argument(help="Question id (your latest answer to it is judged).")],
    rating: Annotated[str, typer.Argument(help="had | partly | missed")],
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Judge your latest answer yourself: an unsure one, or overruling the grader's verdict."""
    with errors(as_json):
        info = get_api(ctx).quiz.judge(qid, rating, user)

        def human(c: Console) -> None:
            what = "overruled the grader" if info.overruled else "judged by you"
            c.print(
                f"{info.question_id}: {info.self_rating} ({what}; the grader said {info.verdict}, "
                f"score {info.auto_score if info.auto_score is not None else info.score:.2f}); "
                f"score now {info.score:.2f}" + (f", next review {info.due:%Y-%m-%d}" if info.due else "")
            )

        emit(as_json, info, human)

"""``papermind quiz forecast / stats / list / history / progress``: what the banks hold and what the
answers recorded in this store say (one student's, or everyone's on a shared store)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from papermind.cli._app import JsonOpt, emit, errors, get_api
from papermind.cli.quiz import GeneratedOpt, UserOpt, quiz_app, warn_broken_banks

if TYPE_CHECKING:
    from rich.console import Console


@quiz_app.command("forecast")
def quiz_forecast(
    ctx: typer.Context,
    days: Annotated[int, typer.Option("--days", help="How many days ahead.")] = 7,
    new_limit: Annotated[int, typer.Option("--new-limit", help="New questions a day.")] = 20,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Reviews due on each of the coming days (overdue ones count today), and new questions left today."""
    with errors(as_json):
        fc = get_api(ctx).quiz.forecast(user, days=days, new_limit=new_limit)

        def human(c: Console) -> None:
            for i, d in enumerate(fc.days):
                label = "today" if i == 0 else ("tomorrow" if i == 1 else f"{d.date:%a %d %b}")
                c.print(f"{label:<12} {d.due:>3} review(s)")
            c.print(
                f"new today: {fc.new_today} (limit {fc.new_limit} a day; {fc.new_available} never answered)"
            )

        emit(as_json, fc, human)


@quiz_app.command("stats")
def quiz_stats(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Item statistics: attempts, facility, discrimination, choice pick rates, flags.

    Also how often students overruled the grader, and the unsure answers they judged themselves."""
    with errors(as_json):
        report = get_api(ctx).quiz.stats()
        warn_broken_banks(ctx)

        def human(c: Console) -> None:
            from rich.table import Table

            t = Table(title=f"{report.attempts} attempts by {report.users} user(s)")
            t.add_column("Question", no_wrap=True)  # ids are what instructors act on: never cut
            for col in ("Type", "Tries", "Users", "Facility", "Discrim."):
                t.add_column(col, no_wrap=True, justify="left" if col == "Type" else "right")
            t.add_column("Picks")
            t.add_column("Overruled", justify="right")
            t.add_column("Unsure", justify="right")
            t.add_column("Flags")
            for it in report.items:
                t.add_row(
                    it.question_id,
                    it.type or "?",
                    str(it.attempts),
                    str(it.users),
                    f"{it.facility:.2f}" if it.facility is not None else "",
                    f"{it.discrimination:+.2f}" if it.discrimination is not None else "",
                    " ".join(f"{k}:{v:.0%}" for k, v in it.pick_rates.items()),
                    f"{it.overruled} ({it.overrule_rate:.0%})" if it.overrule_rate is not None else "",
                    f"{it.unsure} ({it.self_assessed} self)" if it.unsure else "",
                    ", ".join(it.flags),
                )
            c.print(t)

        emit(as_json, report, human)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@quiz_app.command("list")
def quiz_list(
    ctx: typer.Context,
    week: Annotated[int | None, typer.Option("--week")] = None,
    paper: Annotated[str | None, typer.Option("--paper")] = None,
    due: Annotated[bool, typer.Option("--due")] = False,
    user: UserOpt = None,
    generated: GeneratedOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """List questions (ids, papers, types)."""
    with errors(as_json):
        qs = get_api(ctx).quiz.questions(
            week=week, paper=paper, due=due, user=user, include_generated=generated
        )
        warn_broken_banks(ctx)
        data: list[dict[str, Any]] = [
            {
                "id": q.id,
                "paper": q.paper,
                "type": q.type,
                "difficulty": q.difficulty,
                "prompt": q.prompt or q.text,
                "file": q.file,
                "line": q.line,
                "generated": q.generated,
            }
            for q in qs
        ]

        def human(c: Console) -> None:
            from rich.markup import escape

            for d in data:
                c.print(
                    f"{d['id']:<28} {d['paper'] or '':<16} {d['type']:<9} {escape(_clip(d['prompt'] or '', 70))}",
                    highlight=False,
                    soft_wrap=True,
                )

        emit(as_json, data, human)


@quiz_app.command("history")
def quiz_history(
    ctx: typer.Context,
    user: UserOpt = None,
    limit: Annotated[int, typer.Option("-n")] = 20,
    as_json: JsonOpt = False,
) -> None:
    """Your latest answers."""
    with errors(as_json):
        rows = get_api(ctx).quiz.history(user, limit)

        def human(c: Console) -> None:
            from rich.markup import escape

            from papermind.classroom.stats import answer_text
            from papermind.quiz.bank.model import letter

            def picks(answer: object) -> list[int] | None:
                """A choice answer's indexes (single: one int; multi: a list of ints), else None."""
                items = answer if isinstance(answer, list) else [answer]
                ints = [i for i in items if isinstance(i, int) and not isinstance(i, bool)]
                return ints if items and len(ints) == len(items) else None

            def shown(answer: object) -> str:
                chosen = picks(answer)
                if chosen is not None:
                    return ",".join(letter(i) for i in chosen)
                return _clip(answer_text(answer), 40)  # cloze blanks joined with " | "

            for a in rows:
                judged = f", you judged: {a.self_rating}" if a.self_rating else ""
                judged += " (overruling the grader)" if a.overruled else ""
                c.print(
                    f"{a.answered_at:%Y-%m-%d %H:%M}  {a.question_id:<16} {a.score:.2f} "
                    f"{a.verdict or ('correct' if a.correct else 'incorrect')}{judged}"
                    + ("  (cram)" if a.cram else f"  due {a.due:%Y-%m-%d %H:%M}" if a.due else "")
                    + f"\n      answer: {escape(shown(a.answer))}",
                    highlight=False,
                )

        emit(as_json, rows, human)


@quiz_app.command("progress")
def quiz_progress(ctx: typer.Context, user: UserOpt = None, as_json: JsonOpt = False) -> None:
    """Per paper: questions, attempted, mastered, mean score, to do now."""
    with errors(as_json):
        rows = get_api(ctx).quiz.progress(user)
        warn_broken_banks(ctx)

        def human(c: Console) -> None:
            for p in rows:
                mean = f"{p.mean_score:.2f}" if p.mean_score is not None else "-"
                c.print(
                    f"{p.paper:<18} {p.attempted}/{p.questions} attempted, {p.mastered} mastered, mean {mean}, "
                    f"{p.due} to do now",
                    highlight=False,
                )
            if rows:
                c.print(
                    "[dim]mastered: the latest answer passed; to do now: reviews due and questions not yet "
                    "tried (`quiz forecast` counts the reviews alone)[/]"
                )

        emit(as_json, rows, human)

"""Commands: ingest, papers [show], reindex, fetch, db upgrade."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from papermind.cli._app import JsonOpt, app, console, emit, err_console, errors, get_api, to_jsonable

if TYPE_CHECKING:
    from rich.console import Console

    from papermind.api import Papermind
    from papermind.ingest.pipeline import FileResult, IngestReport, ProgressEvent

papers_app = typer.Typer(
    help="List ingested papers, or show one with its sections.", invoke_without_command=True
)
db_app = typer.Typer(help="Database maintenance.")
app.add_typer(papers_app, name="papers")
app.add_typer(db_app, name="db")


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None, typer.Argument(help="PDF files or folders (default: corpus/papers/)")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Re-ingest files even when unchanged.")] = False,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace", help="Let a file with new content replace the paper ingested under its key."
        ),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Ingest PDFs: extract, clean, chunk, embed and index them."""
    with errors(as_json):
        api = get_api(ctx)
        if as_json:
            report = api.ingest(paths, force=force, replace=replace)
        elif not console.is_terminal:  # a log or a pipe: one line per file as it finishes
            report = api.ingest(paths, progress=_print_outcome, force=force, replace=replace)
        else:
            report = _ingest_with_progress(api, paths, force, replace)
        data = {
            "ok": report.ok,
            "counts": report.counts(),
            "seconds": round(report.seconds, 3),
            "index_rebuilt": report.index_rebuilt,
            "interrupted": report.interrupted,
            "files": report.files,
        }
        if as_json:
            from papermind.cli._app import print_json

            print_json(data)
        else:
            _print_report(report, per_file=console.is_terminal)
        if not report.ok:
            raise typer.Exit(130 if report.interrupted else 1)


def _print_outcome(event: ProgressEvent) -> None:
    """Print a file's outcome the moment the ingest reports it (flushed, so logs and pipes see it)."""
    if event.result is not None:
        _print_file(event.result)
    elif event.stage == "concepts":
        console.print(f"[dim]{event.message}…[/]", highlight=False)
    console.file.flush()
    err_console.file.flush()


def _ingest_with_progress(
    api: Papermind, paths: list[Path] | None, force: bool, replace: bool
) -> IngestReport:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description:<8}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[name]}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        files = bar.add_task("files", total=None, name="")
        pages = bar.add_task("pages", total=None, name="")
        chunks = bar.add_task("chunks", total=None, name="")
        page_count = [0]

        def on_event(e) -> None:
            name = Path(e.path).name if e.path else ""
            if e.stage == "start":
                bar.update(files, total=e.files_total)
            elif e.stage == "file":
                bar.update(files, completed=e.files_done, name=name)
            elif e.stage == "pages":
                page_count[0] += e.pages_total
                bar.update(pages, completed=page_count[0], total=page_count[0], name=name)
            elif e.stage == "chunks":
                bar.update(chunks, completed=e.chunks_done, total=e.chunks_total, name=name)
            elif e.stage in ("done", "failed", "skipped", "finish"):
                bar.update(files, completed=e.files_done)
            if e.stage == "failed":
                bar.console.print(f"[red]✗[/] {e.message}", highlight=False)
            if e.stage == "concepts":
                bar.add_task("concepts", total=None, name=e.message)

        return api.ingest(paths, progress=on_event, force=force, replace=replace)


def _print_file(f: FileResult) -> None:
    if f.status == "failed":
        err_console.print(f"[red]✗ {f.reason}[/]", highlight=False)
        if f.hint:
            err_console.print(f"  [dim]hint: {f.hint}[/]", highlight=False)
    elif f.status == "skipped":
        console.print(f"[dim]· {f.key}: unchanged, skipped[/]", highlight=False)
    else:
        was = (
            f"; was {f.previous_pages} pages, {f.previous_chunks} chunks"
            if f.previous_chunks is not None
            else ""
        )
        console.print(
            f"[green]✓[/] {f.key}: {f.pages} pages, {f.sections} sections, {f.chunks} chunks "
            f"({f.status}{was}, {f.seconds:.1f}s)",
            highlight=False,
        )
    for w in f.warnings:
        console.print(f"  [yellow]warning:[/] {w}", highlight=False)


def _print_report(report: IngestReport, per_file: bool = True) -> None:
    if not report.files and not report.interrupted:
        err_console.print(
            "[yellow]no PDFs found[/] [dim]— give files or folders (`papermind ingest PATH`), or "
            "download the reading list into corpus/papers/ with `papermind fetch`[/]",
            highlight=False,
        )
        return
    if per_file:
        for f in report.files:
            _print_file(f)
    c = report.counts()
    console.print(
        f"{c['ingested']} ingested, {c['replaced']} replaced, {c['skipped']} unchanged, "
        f"{c['failed']} failed in {report.seconds:.1f}s",
        highlight=False,
    )
    if report.interrupted:
        err_console.print(
            "[yellow]interrupted: papers finished so far are stored; run ingest again to continue[/]"
        )


@papers_app.callback()
def papers(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """List ingested papers."""
    if ctx.invoked_subcommand is not None:
        return
    with errors(as_json):
        rows = get_api(ctx).library.papers()

        def human(c) -> None:
            if not rows:
                c.print("No papers ingested yet. Try: papermind ingest ../shared/papers (or papermind fetch)")
                return
            narrow = c.width < 110  # sections and ingest time only when there is room for the title
            t = Table()
            t.add_column("key", no_wrap=True)
            t.add_column("title", ratio=1, min_width=20)
            for col in ("year", "pages", "chunks") + (() if narrow else ("sections",)):
                t.add_column(col, no_wrap=True, justify="right")
            if not narrow:
                t.add_column("ingested", no_wrap=True)
            for p in rows:
                cells = [p.key, p.title, str(p.year or ""), str(p.num_pages), str(p.num_chunks)]
                if not narrow:
                    cells += [str(p.num_sections), p.ingested_at.strftime("%Y-%m-%d %H:%M")]
                t.add_row(*cells)
            c.print(t)

        emit(as_json, rows, human)


@papers_app.command("show")
def papers_show(ctx: typer.Context, key: str, as_json: JsonOpt = False) -> None:
    """Show one paper with its sections."""
    with errors(as_json):
        d = get_api(ctx).library.paper(key)

        def human(c) -> None:
            i = d.info
            c.print(f"[bold]{i.title}[/] ({i.key})", highlight=False)
            c.print(", ".join(i.authors), highlight=False)
            c.print(
                f"{i.venue or ''} {i.year or ''}  arXiv:{i.arxiv_id or '-'}  {i.num_pages} pages, "
                f"{i.num_chunks} chunks",
                highlight=False,
            )
            t = Table("section", "kind", "page")
            for s in d.sections:
                t.add_row("  " * (s.level - 1) + s.label, s.kind, str(s.page_start))
            c.print(t)

        emit(as_json, d, human)


@app.command()
def reindex(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Rebuild the full-text (FTS5) and vector (FAISS) indexes, and the sentence vectors.

    Everything is rebuilt from the store; the chunks' sentences are embedded so snippets are
    picked by meaning."""
    with errors(as_json):
        r = get_api(ctx).reindex()
        emit(
            as_json,
            r,
            lambda c: c.print(
                f"reindexed {r.chunks} chunks: {r.fts_rows} full-text rows, {r.vectors} vectors "
                f"({r.index_kind}) in {r.seconds:.2f}s; {r.sentences} sentence(s) embedded for snippets"
            ),
        )


@app.command()
def fetch(
    ctx: typer.Context,
    keys: Annotated[
        list[str] | None, typer.Argument(help="Paper keys (default: the whole reading list)")
    ] = None,
    dest: Annotated[
        Path | None, typer.Option("--dest", help="Target folder (default: corpus/papers/)")
    ] = None,
    base_url: Annotated[
        str | None, typer.Option("--base-url", envvar="PAPERMIND_ARXIV_URL", help="arXiv PDF base URL")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Download the reading list's PDFs from arXiv (skips files already there)."""
    with errors(as_json):
        results = get_api(ctx).library.fetch(keys, dest, base_url)

        def human(c) -> None:
            for r in results:
                mark = {"downloaded": "[green]✓[/]", "skipped": "[dim]·[/]", "failed": "[red]✗[/]"}[r.status]
                c.print(
                    f"{mark} {r.key}: {r.status}" + (f" ({r.reason})" if r.reason else ""), highlight=False
                )

        emit(as_json, results, human)
        if any(r.status == "failed" for r in results):
            raise typer.Exit(1)


@db_app.command("upgrade")
def db_upgrade(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Apply pending schema migrations."""
    with errors(as_json):
        api = get_api(ctx)
        before, after = api.upgrade()
        data = {"db": api.settings.db_url, "before": before, "after": after}
        emit(
            as_json,
            data,
            lambda c: c.print(
                f"{api.settings.db_url}: "
                + (f"upgraded {before or 'empty'} -> {after}" if before != after else f"already at {after}")
            ),
        )


@db_app.command("check")
def db_check(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Check the store: SQLite integrity, schema version, missing tables, index counts, FAISS file."""
    with errors(as_json):
        h = get_api(ctx).check_store()

        def human(c: Console) -> None:
            c.print(
                f"{h.db}: integrity {h.integrity}, schema {h.revision or 'missing'} (expects {h.head}), "
                f"{h.chunks} chunks, {h.fts_rows if h.fts_rows is not None else '-'} full-text rows, "
                f"{h.embeddings if h.embeddings is not None else '-'} embeddings, FAISS file {h.index}",
                highlight=False,
            )
            for p in h.problems:
                c.print(f"[red]✗[/] {p}", highlight=False)
            if h.ok:
                c.print("[green]✓[/] the store is healthy", highlight=False)
            elif h.repairable:
                c.print("`papermind db repair` rebuilds everything listed above", highlight=False)
            else:
                c.print(
                    "[red]source data is lost or the file is corrupt: restore a backup, or re-ingest the "
                    "papers into a new store[/]",
                    highlight=False,
                )

        emit(as_json, {**to_jsonable(h), "ok": h.ok}, human)
        if not h.ok:
            raise typer.Exit(1)


@db_app.command("repair")
def db_repair(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Rebuild the store's derived parts: full-text index, embeddings, FAISS file, concept maps.

    They are rebuilt from the stored chunks; refuses when source data (papers, chunks, quiz
    history) is lost."""
    with errors(as_json):
        r = get_api(ctx).repair_store()
        emit(
            as_json,
            r,
            lambda c: c.print(
                (f"recreated {', '.join(r.recreated)}; " if r.recreated else "")
                + (f"schema stamped at {r.stamped}; " if r.stamped else "")
                + f"rebuilt {r.fts_rows} full-text rows, embedded {r.embedded} chunks, "
                f"{r.vectors} vectors in the FAISS file, concept maps",
                highlight=False,
            ),
        )

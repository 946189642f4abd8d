"""The ``facttrack`` command: thin wrappers over the services."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from app.cli_accounts import rematch, token_app, user_app
from app.config import PROJECT_ROOT, get_settings

app = typer.Typer(help="Track the figures news articles report.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(user_app, name="user")
app.add_typer(token_app, name="token")
app.command("rematch")(rematch)
err = Console(stderr=True)
out = Console()

DEMO_CORPUS = PROJECT_ROOT / "app" / "samples" / "demo"
DEMO_USERS = (
    ("admin", "admin", "demo-admin-pass"),
    ("checker", "factchecker", "demo-checker-pass"),
    ("editor", "editor", "demo-editor-pass"),
    ("viewer", "viewer", "demo-viewer-pass"),
)


class ExtractFormat(StrEnum):
    json = "json"
    table = "table"


class ExportWhat(StrEnum):
    claims = "claims"
    mentions = "mentions"
    articles = "articles"


class ExportFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    claimreview = "claimreview"
    annotation = "annotation"


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Bring the database to the newest schema."""
    from app.db.migrate import upgrade

    upgrade()
    err.print("[green]database is at the newest schema[/green]")


def _ingest(
    paths: list[Path], source: str | None, encoding: str | None, quiet: bool, workers: int = 1
) -> bool:
    from app.db.migrate import upgrade
    from app.db.session import get_engine
    from app.services.batch import ItemResult, ingest_paths
    from app.services.parallel import ingest_parallel

    settings = get_settings()
    upgrade()
    with Progress(
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=err,
        transient=True,
        disable=quiet,
    ) as bar:
        task = bar.add_task("", total=None)

        def advance(result: ItemResult) -> None:
            bar.update(task, advance=1, description=Path(result.origin).name[:40])

        if workers > 1:
            summary = ingest_parallel(
                settings.resolved_database_url,
                paths,
                workers=workers,
                source=source,
                encoding=encoding,
                max_bytes=settings.max_upload_bytes,
                progress=advance,
            )
        else:
            summary = ingest_paths(
                get_engine(),
                paths,
                source=source,
                encoding=encoding,
                max_bytes=settings.max_upload_bytes,
                progress=advance,
            )
    table = Table(title="ingest summary", show_lines=False)
    table.add_column("input", overflow="fold")
    table.add_column("result")
    table.add_column("detail", overflow="fold")
    colours = {"stored": "green", "duplicate": "yellow", "failed": "red"}
    for r in summary.results:
        if not quiet or r.outcome == "failed":
            table.add_row(r.origin, f"[{colours[r.outcome]}]{r.outcome}[/]", r.detail)
    err.print(table)
    err.print(
        f"stored {summary.count('stored')}, duplicate {summary.count('duplicate')}, "
        f"failed {summary.count('failed')}"
    )
    return not summary.failed


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (.txt, .html, .jsonl).")],
    source: Annotated[str | None, typer.Option(help="Outlet name for every article.")] = None,
    encoding: Annotated[
        str | None, typer.Option(help="Text encoding when not UTF-8, e.g. cp1252.")
    ] = None,
    quiet: Annotated[bool, typer.Option(help="Show failures only.")] = False,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            help="Worker processes storing articles side by side (PostgreSQL; "
            "SQLite has a single writer, so more than 1 rarely helps there).",
        ),
    ] = 1,
) -> None:
    """Store articles with their figures and claims. Safe to repeat."""
    if not _ingest(paths, source, encoding, quiet, workers):
        raise typer.Exit(1)


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (.txt, .html, .jsonl).")],
    format: Annotated[ExtractFormat, typer.Option("--format", "-f")] = ExtractFormat.json,
    published: Annotated[
        str | None, typer.Option(help="Publication date YYYY-MM-DD for resolving dates.")
    ] = None,
    raw: Annotated[
        bool, typer.Option(help="Run over the file text as it is, furniture included.")
    ] = False,
) -> None:
    """Print the figures of each file; store nothing."""
    from app.extraction import extract as find_figures
    from app.ingest.decode import decode_text
    from app.ingest.errors import IngestError
    from app.services.batch import iter_items

    when: date | None = None
    if published:
        try:
            when = datetime.strptime(published, "%Y-%m-%d").date()
        except ValueError as error:
            err.print(f"[red]--published must be YYYY-MM-DD, not {published!r}[/red]")
            raise typer.Exit(2) from error
    settings = get_settings()
    rows: list[dict[str, object]] = []
    failed = False
    for item in iter_items(paths, source=None, encoding=None, max_bytes=settings.max_upload_bytes):
        file_name = item.origin.split("#", 1)[0]
        if item.article is None:
            err.print(f"[red]{item.origin}: {item.error}[/red]")
            failed = True
            continue
        text = item.article.body
        if raw and item.record is None:
            try:
                text = decode_text(Path(file_name).read_bytes(), name=file_name)
            except IngestError as error:
                err.print(f"[red]{error}[/red]")
                failed = True
                continue
        day = when or (item.article.published_at.date() if item.article.published_at else None)
        for mention in find_figures(text, day):
            row: dict[str, object] = {"file": file_name}
            if item.record is not None:
                row["record"] = item.record
            row.update(mention.to_dict())
            rows.append(row)
    if format == ExtractFormat.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    else:
        out.print(_figure_table(rows))
    if failed:
        raise typer.Exit(1)


def _number(value: object) -> str:
    if value is None:
        return ""
    assert isinstance(value, int | float)
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def _figure_table(rows: list[dict[str, object]]) -> Table:
    table = Table(show_lines=False)
    for column in ("file", "text", "kind", "value", "interval", "qualifier", "unit", "date"):
        table.add_column(column, overflow="fold")
    for row in rows:
        low, high = row.get("low"), row.get("high")
        interval = "" if low is None and high is None else (
            f"{_number(low) or '-∞'} … {_number(high) or '∞'}"
        )
        name = Path(str(row["file"])).name + (f"#{row['record']}" if "record" in row else "")
        table.add_row(
            name, str(row["text"]), str(row["kind"]), _number(row.get("value")), interval,
            str(row["qualifier"]), str(row.get("unit") or ""), str(row.get("date") or ""),
        )
    return table


@app.command()
def export(
    what: Annotated[ExportWhat, typer.Argument()],
    format: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.json,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write.")] = None,
) -> None:
    """Write claims, mentions or articles as JSON, JSONL or CSV.

    Also ClaimReview JSON-LD for claims with a verdict, W3C Web Annotations for mentions.
    """
    from app.db.migrate import upgrade
    from app.db.session import session_factory
    from app.services.export import export_chunks

    if format == ExportFormat.claimreview and what != ExportWhat.claims:
        err.print("[red]--format claimreview is for claims only[/red]")
        raise typer.Exit(2)
    if format == ExportFormat.annotation and what != ExportWhat.mentions:
        err.print("[red]--format annotation is for mentions only[/red]")
        raise typer.Exit(2)
    settings = get_settings()
    upgrade()
    handle = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        with session_factory()() as session:
            chunks = export_chunks(
                session,
                what.value,
                format.value,
                site_url=settings.site_url,
                organization=settings.organization,
            )
            for chunk in chunks:
                handle.write(chunk)
    finally:
        if output:
            handle.close()


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 1,
) -> None:
    """Serve the dashboard and the API."""
    import uvicorn

    from app.db.migrate import upgrade

    upgrade()
    err.print(f"facttrack at [bold]http://{host}:{port}/[/bold]")
    uvicorn.run(
        "app.web.main:app", host=host, port=port, workers=workers, log_level="warning"
    )


def _demo_users() -> list[tuple[str, str, str]]:
    from sqlalchemy import select

    from app.db.models import User
    from app.db.session import transaction
    from app.services.users import create_user

    with transaction() as session:
        for username, role, password in DEMO_USERS:
            if not session.scalar(select(User).where(User.username == username)):
                create_user(session, username=username, password=password, role=role)
    return [(u, r, p) for u, r, p in DEMO_USERS]


@app.command()
def demo(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    serve_after: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Serve the dashboard after loading.")
    ] = True,
) -> None:
    """Load the bundled sample corpus and serve the dashboard. Safe to run twice."""
    _ingest([DEMO_CORPUS], None, None, quiet=True)
    users = _demo_users()
    err.print("demo log-ins (user / password / role):")
    for username, role, password in users:
        err.print(f"  {username} / {password} / {role}")
    if serve_after:
        serve(host=host, port=port, workers=1)


def main() -> None:
    app()

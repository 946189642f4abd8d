"""Files and folders to ingest items: one item per article, or one per failure with its reason."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from app.ingest.decode import decode_text
from app.ingest.errors import IngestError
from app.ingest.model import ArticleInput
from app.ingest.records import parse_record
from app.ingest.sources import from_html, from_record, from_text

SUPPORTED = (".txt", ".html", ".htm", ".jsonl")


@dataclass(frozen=True, slots=True)
class Item:
    """One article to store, or one input that failed (``error`` says why)."""

    origin: str
    article: ArticleInput | None = None
    error: str | None = None
    record: int | None = None


def discover(paths: Iterable[Path]) -> Iterator[Path | Item]:
    """Files named or found below folders, in a stable order; missing paths are failures."""
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file())
            yield from (p for p in found if p.suffix.lower() in SUPPORTED)
        elif path.is_file():
            if path.suffix.lower() in SUPPORTED:
                yield path
            else:
                yield Item(
                    origin=str(path),
                    error=f"unsupported file type {path.suffix or '(none)'!r}; "
                    f"expected one of {', '.join(SUPPORTED)}",
                )
        else:
            yield Item(origin=str(path), error="no such file or folder")


def read_file(
    path: Path, *, source: str | None = None, encoding: str | None = None, max_bytes: int
) -> Iterator[Item]:
    """The articles in one file. A JSONL file yields one item per line."""
    origin = str(path)
    try:
        if path.suffix.lower() == ".jsonl":
            yield from _read_jsonl(path, source=source, encoding=encoding, max_bytes=max_bytes)
            return
        size = path.stat().st_size
        if size > max_bytes:
            raise IngestError(f"file is {size:,} bytes, over the {max_bytes:,}-byte limit")
        text = decode_text(path.read_bytes(), name=path.name, encoding=encoding)
        if path.suffix.lower() in (".html", ".htm"):
            yield Item(origin=origin, article=from_html(text, origin=origin, source=source))
        else:
            yield Item(origin=origin, article=from_text(text, origin=origin, source=source))
    except IngestError as error:
        yield Item(origin=origin, error=str(error).removeprefix(f"{path.name}: "))
    except OSError as error:
        yield Item(origin=origin, error=f"cannot read: {error.strerror or error}")


def _jsonl_item(
    raw: bytes, index: int, *, base: str, source: str | None, encoding: str | None,
    max_bytes: int,
) -> Item:
    """One JSONL line as an item; errors name the 1-based line number."""
    origin = f"{base}#{index + 1}"
    try:
        if len(raw) > max_bytes:
            raise IngestError(f"record is over the {max_bytes:,}-byte limit")
        line = decode_text(raw, name=f"line {index + 1}", encoding=encoding)
        record = parse_record(line)
        article = from_record(record, origin=origin, source=source)
    except IngestError as error:
        message = str(error).removeprefix(f"line {index + 1}: ")
        return Item(origin=origin, error=f"line {index + 1}: {message}", record=index)
    return Item(origin=origin, article=article, record=index)


def _read_jsonl(
    path: Path, *, source: str | None, encoding: str | None, max_bytes: int
) -> Iterator[Item]:
    with path.open("rb") as handle:
        blank = True
        for index, raw in enumerate(handle):
            if not raw.strip():
                continue
            blank = False
            yield _jsonl_item(
                raw, index, base=str(path), source=source, encoding=encoding, max_bytes=max_bytes
            )
        if blank:
            raise IngestError("the file is empty")


def read_upload(
    name: str, data: bytes, *, source: str | None = None, max_bytes: int
) -> list[Item]:
    """The articles in one uploaded file (already in memory), or one failed item saying why."""
    origin = f"upload:{name}"
    lower = name.lower()
    try:
        if len(data) > max_bytes:
            raise IngestError(f"file is {len(data):,} bytes, over the {max_bytes:,}-byte limit")
        if lower.endswith(".jsonl"):
            items = [
                _jsonl_item(raw, index, base=origin, source=source, encoding=None,
                            max_bytes=max_bytes)
                for index, raw in enumerate(data.splitlines())
                if raw.strip()
            ]
            return items or [Item(origin=origin, error="the file is empty")]
        if not lower.endswith(SUPPORTED):
            raise IngestError(
                f"unsupported file type; expected one of {', '.join(SUPPORTED)}"
            )
        text = decode_text(data, name=name)
        if lower.endswith((".html", ".htm")):
            return [Item(origin=origin, article=from_html(text, origin=origin, source=source))]
        return [Item(origin=origin, article=from_text(text, origin=origin, source=source))]
    except IngestError as error:
        return [Item(origin=origin, error=str(error).removeprefix(f"{name}: "))]

"""JSON records (a JSONL line, an API body): validated with pydantic, one clear error each."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app.ingest.errors import IngestError


class ArticleRecord(BaseModel):
    """``{"text": required, "title", "source", "url", "published_at"}``."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True, strict=True)

    text: Annotated[str, Field(min_length=1, pattern=r"\S")]
    title: Annotated[str | None, Field(max_length=500)] = None
    source: Annotated[str | None, Field(max_length=200)] = None
    url: Annotated[str | None, Field(max_length=2000, pattern=r"^https?://\S+$")] = None
    published_at: datetime | date | None = None

    def published_datetime(self) -> datetime | None:
        value = self.published_at
        if value is None:
            return None
        if not isinstance(value, datetime):
            return datetime(value.year, value.month, value.day, tzinfo=UTC)
        return value if value.tzinfo else value.replace(tzinfo=UTC)


def explain(error: ValidationError) -> str:
    """A one-line, human reading of a pydantic error."""
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item["loc"]) or "record"
        parts.append(f"{where}: {item['msg']}")
    return "; ".join(parts)


def record_error(error: ValidationError) -> str:
    """What is wrong with a record, in one line."""
    if any(e["type"] == "json_invalid" for e in error.errors()):
        return "malformed JSON"
    if any(e["type"] == "model_type" for e in error.errors()):
        return "a record must be a JSON object"
    return explain(error)


def parse_record(raw: str | bytes) -> ArticleRecord:
    try:
        return ArticleRecord.model_validate_json(raw)
    except ValidationError as error:
        raise IngestError(record_error(error)) from error

"""What ingest hands to storage: one article's clean text and metadata."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class ArticleInput:
    body: str
    title: str
    source: str
    url: str | None = None
    published_at: datetime | None = None
    origin: str | None = None
    source_domain: str | None = None

    @property
    def content_hash(self) -> str:
        """Same text, same hash: white space differences do not make a new article."""
        normalized = _WHITESPACE.sub(" ", self.body).strip().casefold()
        return hashlib.sha256(normalized.encode("utf-8")).hexdigest()

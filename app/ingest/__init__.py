"""Turn files, records and form posts into clean article inputs (no database here)."""

from app.ingest.errors import IngestError
from app.ingest.model import ArticleInput

__all__ = ["ArticleInput", "IngestError"]

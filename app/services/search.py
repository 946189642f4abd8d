"""Full-text search over claims: one entry point, FTS5 on SQLite, tsvector on PostgreSQL.

The index itself is kept current by triggers (migration 0002); this module only asks it.
"""

from __future__ import annotations

import re

from sqlalchemy import ColumnElement, Integer, column, text
from sqlalchemy.orm import Session

from app.db.models import Claim

_WORD = re.compile(r"\w+", re.UNICODE)
_MAX_TERMS = 12


def search_terms(query: str) -> list[str]:
    """The words of a query, lower case; punctuation and operators are never passed through."""
    return [word.lower() for word in _WORD.findall(query)][:_MAX_TERMS]


def claim_matches(session: Session, query: str) -> ColumnElement[bool] | None:
    """A condition on ``Claim.id``: every word of ``query`` starts a word of the claim.

    ``None`` when the query has no words (it then filters nothing).
    """
    terms = search_terms(query)
    if not terms:
        return None
    if session.get_bind().dialect.name == "postgresql":
        ids = text(
            "SELECT claim_id FROM claim_fts WHERE document @@ to_tsquery('simple', :fts_query)"
        ).bindparams(fts_query=" & ".join(f"{term}:*" for term in terms))
        return Claim.id.in_(ids.columns(column("claim_id", Integer)))
    ids = text("SELECT rowid FROM claim_fts WHERE claim_fts MATCH :fts_query").bindparams(
        fts_query=" ".join(f'"{term}"*' for term in terms)
    )
    return Claim.id.in_(ids.columns(column("rowid", Integer)))

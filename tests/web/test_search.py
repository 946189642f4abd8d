"""Full-text search over claims stays in sync with their members, on either database."""

from __future__ import annotations

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from app.db.models import Claim
from app.db.session import transaction
from app.ingest.sources import from_text
from app.services.articles import ingest_article
from app.services.browse import ClaimFilters, search_claims
from app.services.search import search_terms


def ingest(engine: Engine, text: str, source: str) -> None:
    with transaction(engine) as session:
        ingest_article(session, article_in=from_text(text, origin=f"{source}.txt", source=source))


def found(engine: Engine, q: str) -> set[int]:
    with Session(engine) as session:
        page = search_claims(session, filters=ClaimFilters(q=q), limit=500)
    return {c.id for c in page.items}


def test_terms_drop_operators() -> None:
    assert search_terms('"hostages" OR (Rafah*) -- NEAR/2 ü') == [
        "hostages",
        "or",
        "rafah",
        "near",
        "2",
        "ü",
    ]
    assert search_terms("!!! ***") == []


def test_search_follows_new_members_and_deleted_claims(engine: Engine) -> None:
    ingest(engine, "Volunteers planted 4,000 saplings along the canal, the council said.", "A")
    hits = found(engine, "sapling")
    assert len(hits) == 1
    assert found(engine, "canal council") == hits
    assert found(engine, "orchard") == set()
    ingest(engine, "Another 4,000 saplings went in near the orchard, growers said.", "B")
    assert found(engine, "orchard")
    with transaction(engine) as session:
        session.execute(delete(Claim))
    assert found(engine, "sapling") == set()


def test_punctuation_only_query_filters_nothing(engine: Engine) -> None:
    ingest(engine, "The ferry carried 310 passengers across the strait.", "C")
    with Session(engine) as session:
        every = {c for c in session.scalars(select(Claim.id))}
    assert found(engine, "?!") == every

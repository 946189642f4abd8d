"""No page does N+1 queries: its query count does not grow with the data."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from app.db.models import Article, Claim
from app.db.session import transaction
from app.ingest.sources import from_text
from app.services.articles import ingest_article
from tests.web.conftest import count_queries

OUTLETS = ("North Gazette", "Valley Times", "Coast Herald", "Plains Courier", "Metro Daily")


def add_articles(engine: Engine, start: int, count: int) -> None:
    for i in range(start, start + count):
        text = (
            f"Report {i}. Officials said {120 + i % 3} people were evacuated from Riverton "
            f"on Monday.\n\nThe storm lasted about {2 + i % 2} hours and damaged {40 + i} "
            f"homes, the mayor said. Crews cleared {i + 7} roads."
        )
        with transaction(engine) as session:
            ingest_article(
                session,
                article_in=from_text(
                    text,
                    origin=f"storm-{i}.txt",
                    source=OUTLETS[i % len(OUTLETS)],
                    title=f"Storm report {i}",
                    published_at=datetime(2024, 3, 1 + i % 27, tzinfo=UTC),
                ),
            )


def pages(engine: Engine) -> list[str]:
    with Session(engine) as session:
        claim_id = session.scalar(select(Claim.id).order_by(Claim.sources_count.desc()))
        article_id = session.scalar(select(Article.id).order_by(Article.id))
    return [
        "/",
        "/claims",
        "/claims?q=people+evacuated&source=Valley+Times&status=consistent&sort=disputed",
        "/claims?sort=newest&published_after=2024-03-01&published_before=2024-03-31",
        f"/claims/{claim_id}",
        "/articles",
        "/articles?source=Coast+Herald",
        f"/articles/{article_id}",
        "/sources",
        "/api/v1/claims",
        f"/api/v1/claims/{claim_id}",
        "/api/v1/claims?mentions=none",
        "/api/v1/mentions",
        "/api/v1/articles",
        f"/api/v1/articles/{article_id}",
        "/api/v1/sources",
    ]


def measure(client: TestClient, engine: Engine) -> list[int]:
    counts = []
    for path in pages(engine):
        with count_queries(engine) as counter:
            response = client.get(path)
        assert response.status_code == 200, (path, response.text[:300])
        counts.append(counter.count)
    return counts


def test_query_count_per_page_is_constant(client: TestClient, engine: Engine) -> None:
    add_articles(engine, 0, 3)
    small = measure(client, engine)
    add_articles(engine, 3, 25)
    large = measure(client, engine)
    assert small == large
    # Every page stays within a handful of queries.
    assert max(large) <= 10, dict(zip(pages(engine), large, strict=True))


def test_claim_json_and_claim_page_cost_two_statements(client: TestClient, engine: Engine) -> None:
    """The claim list, one claim and the claim page: the claims, then all their members."""
    add_articles(engine, 0, 6)
    with Session(engine) as session:
        claim_id = session.scalar(select(Claim.id).order_by(Claim.sources_count.desc()))
    for path in ("/api/v1/claims", f"/api/v1/claims/{claim_id}", f"/claims/{claim_id}"):
        with count_queries(engine) as counter:
            response = client.get(path)
        assert response.status_code == 200, path
        selects = [s for s in counter.statements if s.lstrip().upper().startswith("SELECT")]
        assert len(selects) == 2, (path, counter.statements)

"""The read services agree with the public shapes built the slow, obvious way."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from app.db.models import Article, Claim, ClaimMembership, Mention
from app.db.session import transaction
from app.ingest.sources import from_text
from app.schemas import ArticleRef, ClaimMention, ClaimPublic
from app.services import browse
from app.services.articles import ingest_article
from app.services.export import claim_json
from app.web.api_read import ItemPage
from tests.web.test_query_counts import add_articles


def claim_members(
    session: Session, claim_ids: list[int]
) -> dict[int, list[tuple[Mention, Article]]]:
    """The members of claims through the ORM: the slow, obvious way."""
    rows = session.execute(
        select(ClaimMembership.claim_id, Mention, Article)
        .join(Mention, Mention.id == ClaimMembership.mention_id)
        .join(Article, Article.id == Mention.article_id)
        .where(ClaimMembership.claim_id.in_(claim_ids))
        .order_by(ClaimMembership.claim_id, Article.published_at, Mention.id)
    ).all()
    out: dict[int, list[tuple[Mention, Article]]] = {}
    for claim_id, mention, article in rows:
        out.setdefault(claim_id, []).append((mention, article))
    return out


def test_claim_json_matches_the_schema_constructor(engine: Engine) -> None:
    add_articles(engine, 0, 6)
    with Session(engine) as session:
        claims = list(session.scalars(select(Claim).order_by(Claim.id)))
        assert claims
        members = claim_members(session, [c.id for c in claims])
        listed = {c.id: c for c in browse.search_claims(session, limit=500).items}
        for claim in claims:
            expected = ClaimPublic.of(claim, members.get(claim.id, [])).model_dump()
            assert listed[claim.id].model_dump() == expected
            single = browse.get_claim(session, claim.id)
            assert single is not None and single.model_dump() == expected


def test_overview_counts(engine: Engine) -> None:
    add_articles(engine, 0, 4)
    with Session(engine) as session:
        data = browse.overview(session)
        total = session.scalar(select(Claim.id).order_by(Claim.id.desc()))
    assert data.counts.articles == 4 and data.counts.sources == 4
    assert data.counts.claims >= 1 and total is not None
    assert data.counts.awaiting_review <= data.counts.conflicting <= data.counts.claims
    assert all(c.status == "conflicting" for c in data.disputed)
    assert data.latest[0].article.title == "Storm report 3"


def add_odd_articles(engine: Engine) -> None:
    """Articles that stress the JSON: non-ASCII quotes and names, an undated article, a
    fractional figure, quotes and backslashes."""
    texts = [
        ("Zürich Zeitung", None, "Über 1.250 Menschen? Officials in Zürich said “about 1,250 "
         "people” were evacuated on Monday, and 2.5 per cent of homes lost power."),
        ("Valley Times", datetime(2024, 3, 4, 15, 30, 12, 345678, tzinfo=UTC),
         'The mayor said "nearly 1,300 people" were evacuated from Zürich \\ Riverton and '
         "that 3 per cent of homes lost power.\n\nCrews — 40 of them — worked for 2.75 hours."),
    ]
    for source, published_at, text in texts:
        with transaction(engine) as session:
            ingest_article(
                session,
                article_in=from_text(
                    text, origin=f"{source}.txt", source=source, title=f"{source} ✓",
                    published_at=published_at,
                ),
            )


def test_claim_documents_serialise_to_the_bytes_of_the_models(engine: Engine) -> None:
    """The API writes claim documents without building models: byte for byte the JSON that
    ``ClaimPublic`` (built the slow, obvious way through the ORM) gives, in every sort."""
    add_articles(engine, 0, 6)
    add_odd_articles(engine)
    with Session(engine) as session:
        claims = {c.id: c for c in session.scalars(select(Claim))}
        members = claim_members(session, list(claims))
        expected = {
            cid: ClaimPublic.of(claim, members.get(cid, [])) for cid, claim in claims.items()
        }
        for sort in browse.CLAIM_SORTS:
            for with_members in (True, False):
                page = browse.search_claim_docs(
                    session, sort=sort, limit=4, with_total=False, with_members=with_members
                )
                models = [
                    expected[d["id"]] if with_members
                    else expected[d["id"]].model_copy(update={"mentions": []})
                    for d in page.items
                ]
                body = ItemPage[ClaimPublic](items=models, next=page.next)
                assert claim_json({"items": page.items, "next": page.next}) == (
                    body.model_dump_json().encode()
                )
        for cid, model in expected.items():
            doc = browse.claim_doc(session, cid)
            assert doc is not None
            assert claim_json(doc) == model.model_dump_json().encode()
            # Pages get the same claim as models, times UTC-aware.
            assert browse.claim_public(doc) == model
        assert browse.claim_doc(session, max(claims) + 1) is None
    assert any(
        m.article.published_at is None for model in expected.values() for m in model.mentions
    )
    assert any("ü" in m.sentence for model in expected.values() for m in model.mentions)


def test_claim_documents_list_the_fields_of_the_public_shapes(engine: Engine) -> None:
    add_articles(engine, 0, 3)
    with Session(engine) as session:
        doc = browse.search_claim_docs(session, limit=1).items[0]
    assert list(doc) == list(ClaimPublic.model_fields)
    assert list(doc["mentions"][0]) == list(ClaimMention.model_fields)
    assert list(doc["mentions"][0]["article"]) == list(ArticleRef.model_fields)

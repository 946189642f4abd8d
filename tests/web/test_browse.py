"""The read services agree with the public shapes built the slow, obvious way."""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from app.db.models import Article, Claim, ClaimMembership, Mention
from app.schemas import ClaimPublic
from app.services import browse
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

"""Matching's reading of stored mentions and candidate claims, kept between batches of
ingest, is never stale: an article read again with another topic, a database emptied and
filled again with other articles under the same ids, a claim changed, are read anew."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from app.db.models import Article, Claim, ClaimMembership, Mention
from app.db.session import transaction
from app.ingest.model import ArticleInput
from app.services import grouping
from app.services.articles import ingest_articles
from app.services.claims import load_claim_records
from tests.conftest import _wipe

WHEN = datetime(2025, 4, 2, 8, tzinfo=UTC)


def _ingest(engine: Engine, body: str) -> None:
    with transaction(engine) as session:
        ingest_articles(
            session,
            articles_in=[ArticleInput(body=body, title="t", source="Wire", published_at=WHEN)],
        )


def _records(engine: Engine) -> list[tuple[str, frozenset[str]]]:
    with Session(engine) as session:
        ids = list(session.scalars(select(ClaimMembership.claim_id)))
        return sorted(
            (m.mention.text, m.topic) for c in load_claim_records(session, ids) for m in c.members
        )


def _mention_ids(engine: Engine) -> list[int]:
    with Session(engine) as session:
        return sorted(session.scalars(select(ClaimMembership.mention_id)))


def test_a_topic_stored_anew_is_read_anew(engine: Engine) -> None:
    _ingest(engine, "Floods in Velmora killed 14 people, officials in Velmora said.")
    before = _records(engine)
    assert before and all(topic for _, topic in before)
    with transaction(engine) as session:
        session.execute(update(Article).values(topic=["elsewhere#2"]))
    after = _records(engine)
    assert [text for text, _ in after] == [text for text, _ in before]
    assert all(topic == frozenset({"elsewhere#2"}) for _, topic in after)


def test_a_database_filled_again_is_read_anew(engine: Engine) -> None:
    _ingest(engine, "A fire in Carrowby destroyed 31 homes, Carrowby officials said.")
    assert [text for text, _ in _records(engine)] == ["31 homes"]
    first = _mention_ids(engine)
    _wipe(engine)
    _ingest(engine, "A storm in Dunmere cut power to 8,200 homes, Dunmere officials said.")
    assert _mention_ids(engine) == first  # the same mention id, now another mention
    assert [text for text, _ in _records(engine)] == ["8,200 homes"]


@pytest.mark.postgres_only
def test_a_claim_changed_by_another_process_meanwhile_is_matched_again(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.ingest.files import Item
    from app.services import claims
    from app.services.batch import store_item

    _ingest(engine, "Floods in Velmora killed 14 people, officials in Velmora said.")
    later = ArticleInput(
        body="The Velmora floods killed 14 people, Velmora officials said on Thursday.",
        title="t2", source="Post", published_at=WHEN,
    )
    checks: list[int] = []
    check = claims._Batch._hold_changed

    def racing(batch: claims._Batch, session: Session) -> dict[int, set[str]]:
        if not checks:  # another process rewrites the claims between reading and writing
            with engine.begin() as other:
                other.execute(update(Claim).values(updated_at=func.now()))
        checks.append(1)
        return check(batch, session)

    monkeypatch.setattr(claims._Batch, "_hold_changed", racing)
    result = store_item(engine, Item(origin="later", article=later))
    assert result.outcome == "stored", result.detail
    assert len(checks) == 2  # found the change, matched again, then stored
    with Session(engine) as session:
        joined = session.scalars(select(Claim.mentions_count)).all()
    assert 2 in joined  # the second report joined the first one's claim


def test_topics_read_anew_change_their_claims(engine: Engine) -> None:
    # ingest processes keep candidate claims until the claim row changes (claims._CLAIMS):
    # re-reading topics must change the claims of the articles whose topic changed
    _ingest(engine, "Floods in Velmora killed 14 people, officials in Velmora said.")
    _ingest(engine, "The Velmora floods killed 14 people, Velmora officials said on Thursday.")
    with transaction(engine) as session:
        session.execute(update(Article).where(Article.id == 1).values(topic=["elsewhere#2"]))
    with Session(engine) as session:
        before = {c: at for c, at in session.execute(select(Claim.id, Claim.updated_at))}
    with transaction(engine) as session:
        assert grouping.refresh_topics(session) == 1
    with Session(engine) as session:
        after = {c: at for c, at in session.execute(select(Claim.id, Claim.updated_at))}
    with Session(engine) as session:
        first = set(
            session.scalars(
                select(ClaimMembership.claim_id)
                .join(Mention, Mention.id == ClaimMembership.mention_id)
                .where(Mention.article_id == 1)
            )
        )
    assert first and all((after[c] != at) == (c in first) for c, at in before.items())
    assert 2 in _member_counts(engine)  # the second report joined the first


def _member_counts(engine: Engine) -> list[int]:
    with Session(engine) as session:
        return list(session.scalars(select(Claim.mentions_count)))


def test_kept_claims_are_those_stored(engine: Engine) -> None:
    # the same candidates through three batches, the last two served from kept claims:
    # what is stored is what reading them anew each time stores
    from app.services import claims

    bodies = [
        "Floods in Velmora killed 14 people, officials in Velmora said.",
        "The Velmora floods killed 14 people, Velmora officials said on Thursday.",
        "At least 14 people died in the Velmora floods, officials in Velmora said.",
    ]
    for body in bodies:
        _ingest(engine, body)
    kept = _member_counts(engine)
    _wipe(engine)
    claims._CLAIMS.clear()
    for body in bodies:
        _ingest(engine, body)
        claims._CLAIMS.clear()
    assert sorted(_member_counts(engine)) == sorted(kept)
    assert max(kept) == 3

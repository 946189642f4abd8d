"""The claims API keeps its claims' members as JSON between requests: after every kind of
change to a claim, a page served from the kept members is the page read afresh."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from app.db.models import Claim, User
from app.db.session import transaction
from app.services import grouping
from app.services.member_cache import MEMBERS, MemberCache
from tests.perf.test_batch_ingest import one_per_transaction, synth_items

PAGE = "/api/v1/claims?limit=500"


def _busy(engine: Engine, skip: int = 0) -> tuple[int, int]:
    with transaction(engine) as session:
        row = session.execute(
            select(Claim.id, Claim.version)
            .where(Claim.mentions_count > 1)
            .order_by(Claim.mentions_count.desc(), Claim.id)
            .offset(skip)
        ).first()
    assert row is not None
    return row[0], row[1]


def test_pages_from_kept_members_equal_fresh_pages(
    client: TestClient, engine: Engine, tmp_path: Path
) -> None:
    one_per_transaction(engine, synth_items(tmp_path, 24))

    def served() -> bytes:
        response = client.get(PAGE)
        assert response.status_code == 200
        return response.content

    def fresh() -> bytes:
        MEMBERS.clear()
        return served()

    assert served() == fresh()
    assert served() == fresh()  # the second time from kept members

    with transaction(engine) as session:
        user = User(username="fixer", password_hash="-", role="factchecker")
        session.add(user)
    changes = []

    def change(name: str, apply: object) -> None:
        served()  # every claim's members kept as they are now
        with transaction(engine) as session:
            fixer = session.scalars(select(User).where(User.username == "fixer")).one()
            apply(session, fixer)  # type: ignore[operator]
        assert served() == fresh(), name
        changes.append(name)

    claim_id, version = _busy(engine)
    change("split", lambda s, u: grouping.split(
        s, claim_id=claim_id, mention_ids=grouping.members_of(s, claim_id)[:1],
        base_version=version, user=u))
    claim_id, version = _busy(engine)
    change("detach", lambda s, u: grouping.detach(
        s, mention_id=grouping.members_of(s, claim_id)[0], base_version=version, user=u))
    (source, v1), (target, v2) = _busy(engine), _busy(engine, skip=1)
    change("move", lambda s, u: grouping.move(
        s, mention_id=grouping.members_of(s, source)[0], target_claim_id=target,
        base_version=v1, target_version=v2, user=u))
    (keep, v1), (other, v2) = _busy(engine), _busy(engine, skip=1)
    change("merge", lambda s, u: grouping.merge(
        s, claim_id=keep, other_id=other, base_version=v1, other_version=v2, user=u))
    claim_id, version = _busy(engine)
    change("pin", lambda s, u: grouping.set_pinned(
        s, claim_id=claim_id, pinned=True, base_version=version, user=u))
    served()
    one_per_transaction(engine, synth_items(tmp_path, 24, start=24))  # new members by ingest
    assert served() == fresh()
    assert changes == ["split", "detach", "move", "merge", "pin"]


def test_the_budget_bounds_what_is_kept() -> None:
    cache = MemberCache(budget=100).kept
    for n in range(10):
        cache.put(("db", n, None, 1, 1), b"x" * 30)  # type: ignore[arg-type]
    assert cache.used <= 100
    assert list(cache.entries) == [("db", n, None, 1, 1) for n in (7, 8, 9)]

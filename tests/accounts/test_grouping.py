"""People fixing groupings: merge, split, move, detach, pin; every fix survives re-matching."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from app.db.models import Article, AuditEvent, Claim, ClaimExclusion, ClaimMembership, Mention
from app.db.session import transaction
from app.ingest.model import ArticleInput
from app.services.articles import ingest_article
from app.services.grouping import rematch_all
from tests.accounts.conftest import (
    ARTICLES,
    PUBLISHED,
    Person,
    World,
    ingest_corpus,
    world_of,
)


def act(client: TestClient, person: Person, path: str, **body: Any) -> Any:
    return client.post(path, json=body, headers={"Authorization": f"Bearer {person.token}"})


def grouping(engine: Engine) -> dict[int, tuple[int, str]]:
    """mention -> (claim, origin)."""
    with transaction(engine) as session:
        return {
            m: (c, o)
            for m, c, o in session.execute(
                select(ClaimMembership.mention_id, ClaimMembership.claim_id,
                       ClaimMembership.origin)
            )
        }


def partition(engine: Engine) -> set[frozenset[int]]:
    claims: dict[int, set[int]] = {}
    for mention, (claim, _) in grouping(engine).items():
        claims.setdefault(claim, set()).add(mention)
    return {frozenset(v) for v in claims.values()}


def rematch(engine: Engine) -> None:
    with transaction(engine) as session:
        rematch_all(session)


def test_rematch_without_fixes_changes_nothing(engine: Engine, world: World) -> None:
    before = grouping(engine)
    rematch(engine)
    assert grouping(engine) == before


def test_rematch_reads_stored_topics_again(engine: Engine, world: World) -> None:
    """Topics stored by an older reading (plain names, no counts) are read afresh."""
    with transaction(engine) as session:
        articles = session.scalars(select(Article).order_by(Article.id)).all()
        fresh = {a.id: a.topic for a in articles}
        for article in articles:
            article.topic = ["an", "older", "reading"]
    before = grouping(engine)
    with transaction(engine) as session:
        summary = rematch_all(session)
    assert summary.topics == len(fresh)
    with transaction(engine) as session:
        assert {a.id: a.topic for a in session.scalars(select(Article))} == fresh
    assert grouping(engine) == before
    with transaction(engine) as session:
        assert rematch_all(session).topics == 0


def test_rematch_rebuilds_lost_automatic_memberships(engine: Engine, world: World) -> None:
    before = grouping(engine)
    with transaction(engine) as session:  # as if matching had never run for these
        session.execute(
            ClaimMembership.__table__.delete().where(
                ClaimMembership.mention_id.in_(world.a_members[1:])
            )
        )
    rematch(engine)
    assert partition(engine) == {
        frozenset(m for m, (c, _) in before.items() if c == claim)
        for claim in {c for c, _ in before.values()}
    }


def test_merge_keeps_one_claim_with_both_histories(
    client: TestClient, people: dict[str, Person], world: World, engine: Engine
) -> None:
    fc = people["factchecker"]
    act(client, fc, f"/api/v1/claims/{world.b}/annotations", verdict="false", note="on b",
        evidence_urls=[], base_version=1)
    response = act(client, fc, f"/api/v1/claims/{world.a}/merge", other_claim_id=world.b,
                   base_version=1)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["claim_id"] == world.a and body["claims"] == [{"id": world.a, "version": 2}]
    members = grouping(engine)
    assert {m for m, (c, _) in members.items() if c == world.a} == set(
        world.a_members + world.b_members
    )
    assert all(o == "manual" for m, (c, o) in members.items() if c == world.a)
    assert client.get(f"/api/v1/claims/{world.b}/history").status_code == 404
    notes = [e["note"] for e in client.get(f"/api/v1/claims/{world.a}/history").json()["entries"]]
    assert "on b" in notes
    rematch(engine)
    assert {m for m, (c, _) in grouping(engine).items() if c == world.a} == set(
        world.a_members + world.b_members
    )


def test_split_survives_a_full_rematch_and_new_articles(
    client: TestClient, people: dict[str, Person], world: World, engine: Engine
) -> None:
    chosen = world.a_members[:1]
    response = act(client, people["factchecker"], f"/api/v1/claims/{world.a}/split",
                   mention_ids=chosen, base_version=1)
    assert response.status_code == 201
    new = response.json()["claim_id"]
    assert new not in (world.a, world.b)
    expected = {m: c for m, (c, _) in grouping(engine).items()}
    assert expected[chosen[0]] == new
    with transaction(engine) as session:
        assert session.get(ClaimExclusion, (world.a, chosen[0])) is not None
    rematch(engine)
    after = {m: c for m, (c, _) in grouping(engine).items()}
    assert after == expected
    # The same figures arriving again from another outlet do not undo the split.
    _reingest_with_new_source(engine)
    rematch(engine)
    final = grouping(engine)
    assert final[chosen[0]][0] == new
    assert all(final[m][0] == world.a for m in world.a_members[1:])


def _reingest_with_new_source(engine: Engine) -> None:
    with transaction(engine) as session:
        _, title, body = ARTICLES[0]
        ingest_article(session, article_in=ArticleInput(
            body=body + " Updated.", title=title + " (update)", source="Echo Times",
            published_at=PUBLISHED,
        ))


def test_move_puts_a_mention_elsewhere_for_good(
    client: TestClient, people: dict[str, Person], world: World, engine: Engine
) -> None:
    mention = world.a_members[0]
    response = act(client, people["factchecker"], f"/api/v1/mentions/{mention}/move",
                   target_claim_id=world.b, base_version=1)
    assert response.status_code == 200, response.text
    assert {c["id"]: c["version"] for c in response.json()["claims"]} == {
        world.a: 2, world.b: 2
    }
    assert grouping(engine)[mention] == (world.b, "manual")
    rematch(engine)
    assert grouping(engine)[mention] == (world.b, "manual")
    with transaction(engine) as session:
        events = list(session.scalars(select(AuditEvent).where(
            AuditEvent.action == "mention.move")))
        assert {e.object_id for e in events} == {world.a, world.b}


def test_detach_takes_a_mention_out_of_every_claim(
    client: TestClient, people: dict[str, Person], world: World, engine: Engine
) -> None:
    mention = world.a_members[0]
    response = act(client, people["factchecker"], f"/api/v1/mentions/{mention}/detach",
                   base_version=1)
    assert response.status_code == 200
    assert mention not in grouping(engine)
    rematch(engine)
    assert mention not in grouping(engine)
    with transaction(engine) as session:
        assert session.get(Mention, mention).detached  # type: ignore[union-attr]
    again = act(client, people["factchecker"], f"/api/v1/mentions/{mention}/detach",
                base_version=2)
    assert again.status_code == 422 and "already" in again.json()["detail"]
    # Moving it to a claim attaches it again.
    back = act(client, people["factchecker"], f"/api/v1/mentions/{mention}/move",
               target_claim_id=world.a, base_version=2)
    assert back.status_code == 200, back.text
    assert grouping(engine)[mention] == (world.a, "manual")


def test_pin_keeps_exactly_the_members(
    client: TestClient, people: dict[str, Person], world: World, engine: Engine
) -> None:
    response = act(client, people["factchecker"], f"/api/v1/claims/{world.b}/pin",
                   pinned=True, base_version=1)
    assert response.status_code == 200
    before = {m for m, (c, _) in grouping(engine).items() if c == world.b}
    _reingest_with_new_source(engine)
    rematch(engine)
    assert {m for m, (c, _) in grouping(engine).items() if c == world.b} == before


def test_stale_and_impossible_regroupings_are_refused(
    client: TestClient, people: dict[str, Person], world: World
) -> None:
    fc = people["factchecker"]
    stale = act(client, fc, f"/api/v1/claims/{world.a}/merge", other_claim_id=world.b,
                base_version=7)
    assert stale.status_code == 409 and stale.json()["current_version"] == 1
    itself = act(client, fc, f"/api/v1/claims/{world.a}/merge", other_claim_id=world.a,
                 base_version=1)
    assert itself.status_code == 422
    everything = act(client, fc, f"/api/v1/claims/{world.a}/split",
                     mention_ids=world.a_members, base_version=1)
    assert everything.status_code == 422 and "leave at least one" in everything.json()["detail"]
    stranger = act(client, fc, f"/api/v1/claims/{world.a}/split",
                   mention_ids=world.b_members[:1], base_version=1)
    assert stranger.status_code == 422
    missing = act(client, fc, "/api/v1/mentions/987654/detach", base_version=1)
    assert missing.status_code == 404
    same = act(client, fc, f"/api/v1/mentions/{world.a_members[0]}/move",
               target_claim_id=world.a, base_version=1)
    assert same.status_code == 422


def test_a_failed_move_leaves_no_trace(
    client: TestClient, people: dict[str, Person], world: World
) -> None:
    """The source claim's version is bumped before the target's is checked: both roll back."""
    response = act(client, people["factchecker"], f"/api/v1/mentions/{world.a_members[0]}/move",
                   target_claim_id=world.b, base_version=1, target_version=5)
    assert response.status_code == 409
    assert client.get(f"/api/v1/claims/{world.a}/history").json()["version"] == 1


def test_the_page_forms_merge_via_search_and_split(
    browser_of: Callable[[str], TestClient], world: World, engine: Engine
) -> None:
    browser = browser_of("factchecker")
    with transaction(engine) as session:
        label_b = session.get(Claim, world.b).label  # type: ignore[union-attr]
    found = browser.get(f"/claims/{world.a}/merge-candidates", params={"q": str(world.b)})
    assert f'value="{world.b}"' in found.text
    words = browser.get(f"/claims/{world.a}/merge-candidates",
                        params={"q": label_b.split()[0]})
    assert f'value="{world.b}"' in words.text and f'value="{world.a}"' not in words.text
    no_js = browser.get(f"/claims/{world.a}/factcheck", params={"q": f"#{world.b}"})
    assert f'name="other_claim_id" value="{world.b}"' in no_js.text
    htmx = {"HX-Request": "true"}
    merged = browser.post(f"/claims/{world.a}/merge", headers=htmx,
                          data={"other_claim_id": world.b, "base_version": 1})
    assert merged.status_code == 200 and merged.headers["HX-Redirect"] == f"/claims/{world.a}"
    split = browser.post(f"/claims/{world.a}/split", headers=htmx,
                         data={"mention_ids": world.b_members, "base_version": 2})
    assert split.status_code == 200
    new = int(split.headers["HX-Redirect"].rsplit("/", 1)[1])
    assert {m for m, (c, _) in grouping(engine).items() if c == new} == set(world.b_members)
    stale = browser.post(f"/claims/{world.a}/detach", headers=htmx,
                         data={"mention_id": world.a_members[0], "base_version": 2})
    assert stale.status_code == 409 and "Someone changed this claim" in stale.text


def test_fresh_world_after_rematch_is_stable(engine: Engine) -> None:
    ingest_corpus(engine)
    first = world_of(engine)
    rematch(engine)
    rematch(engine)
    assert world_of(engine) == first

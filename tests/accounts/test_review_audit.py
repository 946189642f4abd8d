"""The review queue (assign to me, filter by assignee) and the audit log of every write."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import Engine, update

from app.db.models import Claim
from app.db.session import transaction
from tests.accounts.conftest import Person, World


def bearer(person: Person) -> dict[str, str]:
    return {"Authorization": f"Bearer {person.token}"}


def make_queue(engine: Engine, world: World) -> None:
    """a: conflicting, 3 sources; b: disputed verdict, 2 sources; the rest settled."""
    with transaction(engine) as session:
        session.execute(update(Claim).values(status="consistent", verdict="unverified"))
        session.execute(update(Claim).where(Claim.id == world.a)
                        .values(status="conflicting", sources_count=3))
        session.execute(update(Claim).where(Claim.id == world.b)
                        .values(verdict="disputed", sources_count=2))


def test_queue_holds_conflicting_or_disputed_claims_most_sources_first(
    client: TestClient, engine: Engine, world: World
) -> None:
    make_queue(engine, world)
    queue = client.get("/api/v1/review").json()
    assert [item["id"] for item in queue] == [world.a, world.b]
    with transaction(engine) as session:  # a verdict takes a conflicting claim off the queue
        session.execute(update(Claim).where(Claim.id == world.a).values(verdict="false"))
    assert [item["id"] for item in client.get("/api/v1/review").json()] == [world.b]


def test_assign_to_me_and_filter_by_assignee(
    client: TestClient, people: dict[str, Person], engine: Engine, world: World
) -> None:
    make_queue(engine, world)
    mine = client.post(f"/api/v1/claims/{world.b}/assign", json={"assignee": "me"},
                       headers=bearer(people["factchecker"]))
    assert mine.status_code == 200 and mine.json()["assignee"] == "factchecker"
    by_name = client.get("/api/v1/review", params={"assignee": "factchecker"}).json()
    assert [i["id"] for i in by_name] == [world.b]
    free = client.get("/api/v1/review", params={"assignee": "unassigned"}).json()
    assert [i["id"] for i in free] == [world.a]
    nobody = client.post(f"/api/v1/claims/{world.a}/assign", json={"assignee": "viewer"},
                         headers=bearer(people["admin"]))
    assert nobody.status_code == 422 and "factchecker" in nobody.json()["detail"]


def test_review_page_assigns_with_htmx(
    browser_of: Callable[[str], TestClient], engine: Engine, world: World
) -> None:
    make_queue(engine, world)
    browser = browser_of("factchecker")
    page = browser.get("/review")
    assert page.status_code == 200 and "Assign to me" in page.text
    assert page.text.index(f"#{world.a}<") < page.text.index(f"#{world.b}<")
    fragment = browser.post(
        f"/review/{world.a}/assign", headers={"HX-Request": "true"},
        data={"assignee": "me", "filter": "me"},
    )
    assert fragment.status_code == 200
    assert fragment.text.lstrip().startswith('<div id="queue">')
    assert f"#{world.a}<" in fragment.text and f"#{world.b}<" not in fragment.text
    assert "Unassign" in fragment.text
    mine = browser.get("/review", params={"assignee": "me"}, headers={"HX-Request": "true"})
    assert f"#{world.a}<" in mine.text and f"#{world.b}<" not in mine.text


def test_every_write_is_in_the_audit_log(
    client: TestClient, people: dict[str, Person], world: World,
    browser_of: Callable[[str], TestClient],
) -> None:
    fc, admin = bearer(people["factchecker"]), bearer(people["admin"])
    client.post(f"/api/v1/claims/{world.a}/annotations", headers=fc,
                json={"verdict": "false", "note": "", "evidence_urls": [], "base_version": 1})
    client.post(f"/api/v1/claims/{world.a}/split", headers=fc,
                json={"mention_ids": world.a_members[:1], "base_version": 2})
    client.post(f"/api/v1/claims/{world.a}/merge", headers=fc,
                json={"other_claim_id": world.b, "base_version": 3})
    events = client.get("/api/v1/audit", headers=admin, params={"limit": 500}).json()
    actions = {e["action"] for e in events}
    assert {"ingest", "user.create", "token.create", "claim.annotate", "claim.split",
            "claim.merge"} <= actions
    ingest = [e for e in events if e["action"] == "ingest"]
    assert len(ingest) == 3 and all(e["object_type"] == "article" for e in ingest)
    claims = client.get("/api/v1/audit", headers=admin, params={"action": "claim"}).json()
    assert {e["action"] for e in claims} == {"claim.annotate", "claim.split", "claim.merge"}
    assert all(e["actor"] == "factchecker" for e in claims)
    page_one = client.get("/api/v1/audit", headers=admin, params={"limit": 2}).json()
    page_two = client.get("/api/v1/audit", headers=admin,
                          params={"limit": 2, "before_id": page_one[-1]["id"]}).json()
    assert page_two[0]["id"] < page_one[-1]["id"]
    page = browser_of("admin").get("/audit", params={"action": "claim"})
    assert page.status_code == 200 and "claim.merge" in page.text and "ingest" in page.text
    assert "<td>ingest</td>" not in page.text

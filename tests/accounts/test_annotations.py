"""Verdicts on claims: the API contract, its errors, optimistic concurrency, history."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.accounts.conftest import Person, World


def bearer(person: Person) -> dict[str, str]:
    return {"Authorization": f"Bearer {person.token}"}


def post(client: TestClient, claim_id: int, person: Person | None, **body: Any) -> Any:
    payload = {"verdict": "disputed", "note": "", "evidence_urls": [], "base_version": 1}
    payload.update(body)
    return client.post(
        f"/api/v1/claims/{claim_id}/annotations", json=payload,
        headers=bearer(person) if person else {},
    )


def test_annotation_is_created_and_the_claim_carries_verdict_and_version(
    client: TestClient, people: dict[str, Person], world: World
) -> None:
    response = post(
        client, world.a, people["factchecker"], verdict="false", note="Port says *200*.",
        evidence_urls=["https://port.example/statement"], correct_value=200,
        mention_id=world.a_members[0],
    )
    assert response.status_code == 201
    body = response.json()
    assert body["verdict"] == "false" and body["previous_verdict"] == "unverified"
    assert body["user"] == "factchecker" and body["claim_version"] == 2
    assert body["note_html"] == "<p>Port says <em>200</em>.</p>\n"
    assert body["evidence_urls"] == ["https://port.example/statement"]
    assert body["correct_value"] == 200 and body["mention_id"] == world.a_members[0]
    history = client.get(f"/api/v1/claims/{world.a}/history").json()
    assert (history["verdict"], history["version"]) == ("false", 2)
    listed = client.get("/api/v1/annotations", params={"claim_id": world.a}).json()
    assert [a["id"] for a in listed] == [body["id"]]


@pytest.mark.parametrize(
    ("who", "claim", "body", "status", "says"),
    [
        (None, "a", {}, 401, "Log in or send"),
        ("viewer", "a", {}, 403, "needs factchecker"),
        ("editor", "a", {}, 403, "needs factchecker"),
        ("factchecker", "missing", {}, 404, "No claim with id"),
        ("factchecker", "a", {"verdict": "maybe"}, 422, "verdict"),
        ("factchecker", "a", {"base_version": "one"}, 422, "base_version"),
        ("factchecker", "a", {"evidence_urls": ["javascript:alert(1)"]}, 422, "evidence_urls"),
        ("factchecker", "a", {"colour": "red"}, 422, "colour"),
        ("factchecker", "a", {"mention_id": 999999}, 422, "not in claim"),
    ],
)
def test_each_error_has_its_status_and_a_clear_message(
    client: TestClient, people: dict[str, Person], world: World,
    who: str | None, claim: str, body: dict[str, Any], status: int, says: str,
) -> None:
    claim_id = world.a if claim == "a" else 999999
    response = post(client, claim_id, people[who] if who else None, **body)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["status"] == status and says in problem["detail"], problem


def test_a_malformed_body_is_422(
    client: TestClient, people: dict[str, Person], world: World
) -> None:
    response = client.post(
        f"/api/v1/claims/{world.a}/annotations", content=b"{not json",
        headers=bearer(people["factchecker"]) | {"Content-Type": "application/json"},
    )
    assert response.status_code == 422
    missing = post(client, world.a, people["factchecker"], base_version=None)
    assert missing.status_code == 422


def test_a_stale_version_gets_409_naming_the_newer_change(
    client: TestClient, people: dict[str, Person], world: World
) -> None:
    assert post(client, world.a, people["factchecker"], verdict="false",
                note="first").status_code == 201
    stale = post(client, world.a, people["admin"], verdict="verified", note="second")
    assert stale.status_code == 409
    problem = stale.json()
    assert problem["current_version"] == 2 and problem["base_version"] == 1
    newest = problem["newest_change"]
    assert newest["by"] == "factchecker" and newest["verdict"] == "false"
    assert newest["note"] == "first" and newest["at"]
    assert "version 2" in problem["detail"]
    # Retried on the version it names, the change goes through: nothing is lost.
    assert post(client, world.a, people["admin"], verdict="verified", note="second",
                base_version=2).status_code == 201
    notes = [e["note"] for e in client.get(f"/api/v1/claims/{world.a}/history").json()["entries"]]
    assert notes == ["second", "first"]


def test_history_shows_who_when_before_and_after_of_every_change(
    client: TestClient, people: dict[str, Person], world: World
) -> None:
    post(client, world.a, people["factchecker"], verdict="disputed", note="checking")
    post(client, world.a, people["admin"], verdict="false", note="wrong", base_version=2,
         evidence_urls=["https://evidence.example/a"])
    split = client.post(
        f"/api/v1/claims/{world.a}/split",
        json={"mention_ids": world.a_members[:1], "base_version": 3},
        headers=bearer(people["factchecker"]),
    )
    assert split.status_code == 201
    history = client.get(f"/api/v1/claims/{world.a}/history").json()
    assert (history["verdict"], history["version"]) == ("false", 4)
    entries = history["entries"]
    assert [(e["action"], e["by"], e["version"]) for e in entries] == [
        ("claim.split", "factchecker", 4),
        ("claim.annotate", "admin", 3),
        ("claim.annotate", "factchecker", 2),
    ]
    assert (entries[1]["before"], entries[1]["after"]) == ("disputed", "false")
    assert entries[1]["evidence_urls"] == ["https://evidence.example/a"]
    assert (entries[2]["before"], entries[2]["after"]) == ("unverified", "disputed")
    assert entries[0]["detail"]["before"] == world.a_members
    assert entries[0]["detail"]["after"] == world.a_members[1:]
    assert all(e["at"] for e in entries)


def test_history_of_an_unknown_claim_is_404(client: TestClient) -> None:
    response = client.get("/api/v1/claims/424242/history")
    assert response.status_code == 404
    assert "424242" in response.json()["detail"]


def test_notes_are_rendered_safely(
    client: TestClient, people: dict[str, Person], world: World
) -> None:
    note = (
        "<script>alert(1)</script> [bad](javascript:alert(1)) [ok](https://ok.example/) "
        "![img](https://img.example/x.png) <b>bold</b>"
    )
    html = post(client, world.a, people["factchecker"], note=note).json()["note_html"]
    assert "<script" not in html and "<b>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    assert 'href="javascript' not in html
    assert '<a href="https://ok.example/" rel="nofollow noopener noreferrer">ok</a>' in html
    page = client.get(f"/claims/{world.a}/factcheck")
    assert "<script>alert" not in page.text and "&lt;script&gt;" in page.text


def test_the_panel_shows_form_and_history(
    browser_of: Callable[[str], TestClient], client: TestClient, world: World
) -> None:
    anonymous = client.get(f"/claims/{world.a}/factcheck")
    assert anonymous.status_code == 200
    assert "Log in</a> as a fact-checker" in anonymous.text
    assert 'name="verdict"' not in anonymous.text
    browser = browser_of("factchecker")
    page = browser.get(f"/claims/{world.a}/factcheck")
    assert 'name="verdict"' in page.text and 'name="base_version" value="1"' in page.text
    assert "<html" in page.text
    fragment = browser.get(f"/claims/{world.a}/factcheck", headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith("<section id=\"factcheck\"")


def test_a_conflict_on_the_page_shows_both_changes_and_keeps_what_was_typed(
    browser_of: Callable[[str], TestClient], world: World
) -> None:
    first, second = browser_of("factchecker"), browser_of("admin")
    htmx = {"HX-Request": "true"}
    saved = first.post(
        f"/claims/{world.a}/annotate", headers=htmx,
        data={"verdict": "false", "note": "Their note", "base_version": 1},
    )
    assert saved.status_code == 200
    assert "Their note" in saved.text and 'name="base_version" value="2"' in saved.text
    lost = second.post(
        f"/claims/{world.a}/annotate", headers=htmx,
        data={"verdict": "verified", "note": "My careful note",
              "evidence_urls": "https://a.example/1\nhttps://b.example/2", "base_version": 1},
    )
    assert lost.status_code == 409
    text = lost.text
    assert "Someone changed this claim" in text
    assert "Their note" in text and "factchecker" in text
    assert ">My careful note</textarea>" in text
    assert "https://a.example/1\nhttps://b.example/2</textarea>" in text
    assert re.search(r'name="base_version" value="2"', text)
    retry = second.post(
        f"/claims/{world.a}/annotate", headers=htmx,
        data={"verdict": "verified", "note": "My careful note", "base_version": 2},
    )
    assert retry.status_code == 200
    assert "My careful note" in retry.text and "Their note" in retry.text


def test_a_form_error_keeps_what_was_typed(
    browser_of: Callable[[str], TestClient], world: World
) -> None:
    browser = browser_of("factchecker")
    response = browser.post(
        f"/claims/{world.a}/annotate", headers={"HX-Request": "true"},
        data={"verdict": "false", "note": "keep me", "correct_value": "lots",
              "base_version": 1},
    )
    assert response.status_code == 422
    assert "must be a number" in response.text and ">keep me</textarea>" in response.text

"""Read endpoints of the JSON API on the demo corpus."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from app.db.models import Claim
from app.schemas import ArticlePublic, ClaimPublic, MentionPublic
from app.web.api_read import ItemPage
from tests.web.test_browse import claim_members


def walk(client: TestClient, url: str) -> list[dict[str, object]]:
    """Every item of a listing, following the Link: rel="next" headers."""
    items: list[dict[str, object]] = []
    next_url: str | None = url
    while next_url:
        response = client.get(next_url)
        assert response.status_code == 200, response.text
        body = response.json()
        items += body["items"]
        link = response.headers.get("link")
        if body["next"]:
            assert link and 'rel="next"' in link
            next_url = re.match(r"<([^>]+)>", link).group(1)  # type: ignore[union-attr]
            assert f"cursor={body['next']}" in next_url
        else:
            assert link is None
            next_url = None
    return items


def test_claims_walk_every_claim_once_in_every_sort(demo_client: TestClient) -> None:
    everything = demo_client.get("/api/v1/claims?limit=500").json()["items"]
    assert everything
    for sort in ("sources", "disputed", "newest"):
        items = walk(demo_client, f"/api/v1/claims?limit=4&sort={sort}")
        assert sorted(i["id"] for i in items) == sorted(i["id"] for i in everything)  # type: ignore[type-var]
    by_sources = walk(demo_client, "/api/v1/claims?limit=3")
    counts = [i["sources"] for i in by_sources]
    assert counts == sorted(counts, reverse=True)  # type: ignore[type-var]


def test_claims_items_are_the_claim_json(demo_client: TestClient) -> None:
    item = demo_client.get("/api/v1/claims?limit=1").json()["items"][0]
    claim = ClaimPublic.model_validate(item)
    for key in ("id", "label", "kind", "unit", "status", "verdict", "low", "high", "sources"):
        assert key in item
    for mention in claim.mentions:
        assert mention.claim_id == claim.id
        assert mention.article.source
    assert demo_client.get(f"/api/v1/claims/{claim.id}").json() == item


def test_claims_without_mentions_are_the_same_claims(demo_client: TestClient) -> None:
    full = walk(demo_client, "/api/v1/claims?limit=5&sort=disputed")
    light = walk(demo_client, "/api/v1/claims?limit=5&sort=disputed&mentions=none")
    assert [i["id"] for i in light] == [i["id"] for i in full]
    for lean, rich in zip(light, full, strict=True):
        assert lean["mentions"] == []
        assert lean["mentions_count"] == rich["mentions_count"] == len(rich["mentions"])  # type: ignore[arg-type]
        assert {k: v for k, v in lean.items() if k != "mentions"} == {
            k: v for k, v in rich.items() if k != "mentions"
        }
    response = demo_client.get("/api/v1/claims?mentions=some")
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")


def test_claims_filters(demo_client: TestClient) -> None:
    conflicting = walk(demo_client, "/api/v1/claims?status=conflicting&limit=2")
    assert conflicting and all(c["status"] == "conflicting" for c in conflicting)
    source = conflicting[0]["mentions"][0]["article"]["source"]  # type: ignore[index]
    from_source = walk(demo_client, f"/api/v1/claims?source={source}")
    assert from_source
    for claim in from_source:
        assert source in {m["article"]["source"] for m in claim["mentions"]}  # type: ignore[attr-defined]
    assert demo_client.get("/api/v1/claims?published_after=2099-01-01").json()["items"] == []
    dated = demo_client.get("/api/v1/claims?published_before=2099-01-01&limit=500").json()
    assert dated["items"]
    searched = demo_client.get("/api/v1/claims?q=ambulan").json()["items"]
    assert searched and any("ambulances" in m["sentence"] for c in searched for m in c["mentions"])


def test_limit_is_clamped(demo_client: TestClient) -> None:
    assert len(demo_client.get("/api/v1/claims?limit=0").json()["items"]) == 1
    assert len(demo_client.get("/api/v1/mentions?limit=-5").json()["items"]) == 1
    big = demo_client.get("/api/v1/mentions?limit=100000").json()
    assert 1 < len(big["items"]) <= 500


def test_bad_requests_are_problem_details(demo_client: TestClient) -> None:
    for url, status in [
        ("/api/v1/claims/999999", 404),
        ("/api/v1/articles/999999", 404),
        ("/api/v1/claims?cursor=garbage", 422),
        ("/api/v1/claims?status=unsure", 422),
        ("/api/v1/claims?published_after=soon", 422),
    ]:
        response = demo_client.get(url)
        assert response.status_code == status, url
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["status"] == status
    # A cursor of one sort order is refused by another.
    cursor = demo_client.get("/api/v1/claims?limit=1&sort=newest").json()["next"]
    assert demo_client.get(f"/api/v1/claims?limit=1&cursor={cursor}").status_code == 422


def test_mentions_and_articles(demo_client: TestClient, hostile_id: int) -> None:
    mentions = walk(demo_client, "/api/v1/mentions?limit=40")
    ids = [m["id"] for m in mentions]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)  # type: ignore[type-var]
    MentionPublic.model_validate(mentions[0])
    only = demo_client.get(f"/api/v1/mentions?article_id={hostile_id}").json()["items"]
    assert only and all(m["start"] >= 0 for m in only)

    articles = walk(demo_client, "/api/v1/articles?limit=3")
    assert any(a["id"] == hostile_id for a in articles)
    assert all(a["body"] is None for a in articles)
    article = ArticlePublic.model_validate(demo_client.get(f"/api/v1/articles/{hostile_id}").json())
    assert article.body and "<script>" in article.body
    assert article.mentions is not None
    for mention in article.mentions:
        assert article.body[mention.start : mention.end] == mention.text


def test_sources_with_disagreement(demo_client: TestClient) -> None:
    items = demo_client.get("/api/v1/sources").json()["items"]
    assert items
    for source in items:
        for key in ("name", "articles", "claims", "conflicting_claims", "disagreement_rate"):
            assert key in source
        if source["shared_claims"]:
            rate = source["conflicting_claims"] / source["shared_claims"]
            assert abs(source["disagreement_rate"] - rate) < 1e-9


def test_openapi_describes_every_read_endpoint(demo_client: TestClient) -> None:
    spec = demo_client.get("/openapi.json").json()
    for path in (
        "/api/v1/claims",
        "/api/v1/claims/{claim_id}",
        "/api/v1/mentions",
        "/api/v1/articles",
        "/api/v1/articles/{article_id}",
        "/api/v1/sources",
    ):
        ok = spec["paths"][path]["get"]["responses"]["200"]
        assert "$ref" in str(ok["content"]["application/json"]["schema"]), path
    assert not any(p.startswith("/claims") for p in spec["paths"])


def test_source_counts_match_the_claims(demo_client: TestClient) -> None:
    claims = demo_client.get("/api/v1/claims?limit=500").json()["items"]
    for source in demo_client.get("/api/v1/sources").json()["items"]:
        mine = [
            c for c in claims if source["name"] in {m["article"]["source"] for m in c["mentions"]}
        ]
        assert source["claims"] == len(mine), source["name"]
        assert source["shared_claims"] == sum(1 for c in mine if c["sources"] > 1)
        assert source["conflicting_claims"] == sum(1 for c in mine if c["status"] == "conflicting")


def test_claims_list_is_byte_for_byte_the_json_of_the_models(
    demo_client: TestClient, demo_engine: Engine
) -> None:
    """The list is written from claim documents, without models: the bytes must be those of
    ``ItemPage[ClaimPublic]`` built the slow, obvious way (ORM objects, validation)."""
    response = demo_client.get("/api/v1/claims?limit=500&sort=disputed")
    assert response.headers["content-type"] == "application/json"
    ids = [item["id"] for item in response.json()["items"]]
    with Session(demo_engine) as session:
        claims = {c.id: c for c in session.scalars(select(Claim).where(Claim.id.in_(ids)))}
        members = claim_members(session, ids)
        items = [ClaimPublic.of(claims[i], members.get(i, [])) for i in ids]
    assert response.content == ItemPage[ClaimPublic](items=items).model_dump_json().encode()
    one = demo_client.get(f"/api/v1/claims/{ids[0]}")
    assert one.content == items[0].model_dump_json().encode()
    assert demo_client.get(
        f"/api/v1/claims/{ids[0]}", headers={"If-None-Match": one.headers["etag"]}
    ).status_code == 304

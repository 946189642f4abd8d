"""ClaimReview and W3C Web Annotation exports."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Claim
from app.ingest.sources import from_text
from app.services.articles import ingest_article
from app.services.export import export_chunks


def load(session: Session) -> None:
    for text, source, url in [
        ("The dam holds 40 million cubic metres, engineers said.", "Delta Post",
         "https://delta.example/dam"),
        ("Engineers said the dam holds 40 million cubic metres.", "Valley Courier", None),
    ]:
        ingest_article(session, article_in=from_text(text, origin=source, source=source, url=url))


def test_claimreview_only_for_claims_with_a_verdict(session: Session) -> None:
    load(session)
    claims = session.scalars(select(Claim).order_by(Claim.id)).all()
    assert claims
    claims[0].verdict = "misleading"
    session.flush()
    reviews = json.loads("".join(export_chunks(session, "claims", "claimreview",
                                               site_url="https://ft.example",
                                               organization="Desk")))
    assert len(reviews) == 1
    review = reviews[0]
    assert review["@type"] == "ClaimReview"
    assert review["url"] == f"https://ft.example/claims/{claims[0].id}"
    assert review["claimReviewed"] == claims[0].label
    assert "misleading" not in review["claimReviewed"].lower()
    assert review["reviewRating"]["alternateName"] == "Misleading"
    assert review["reviewRating"]["worstRating"] <= review["reviewRating"]["ratingValue"] <= 5
    assert review["author"] == {"@type": "Organization", "name": "Desk",
                                "url": "https://ft.example/"}
    assert review["itemReviewed"]["@type"] == "Claim"
    publishers = {a["publisher"]["name"] for a in review["itemReviewed"]["appearance"]}
    assert publishers <= {"Delta Post", "Valley Courier"} and publishers


def test_web_annotations_target_the_quote(session: Session) -> None:
    load(session)
    annotations = json.loads("".join(export_chunks(session, "mentions", "annotation",
                                                   site_url="https://ft.example")))
    assert annotations
    first = annotations[0]
    assert first["type"] == "Annotation"
    quote, position = first["target"]["selector"]
    assert quote["type"] == "TextQuoteSelector" and position["type"] == "TextPositionSelector"
    assert first["target"]["source"] in {"https://delta.example/dam"} or first["target"][
        "source"].startswith("https://ft.example/articles/")
    text = "The dam holds 40 million cubic metres, engineers said."
    if first["target"]["source"] == "https://delta.example/dam":
        assert text[position["start"]:position["end"]] == quote["exact"]
        assert text[: position["start"]].endswith(quote["prefix"])


def test_api_mentions_as_web_annotations(client: object, session: Session) -> None:
    from fastapi.testclient import TestClient

    assert isinstance(client, TestClient)
    load(session)
    session.commit()
    page = client.get("/api/v1/mentions", params={"format": "annotation", "limit": 1})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("application/ld+json")
    body = page.json()
    assert body["type"] == "AnnotationPage" and len(body["items"]) == 1
    assert body["next"] and 'rel="next"' in page.headers["link"]
    selectors = {s["type"] for s in body["items"][0]["target"]["selector"]}
    assert selectors == {"TextQuoteSelector", "TextPositionSelector"}

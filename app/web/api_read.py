"""Read endpoints of the JSON API (claims, mentions, articles, sources).

Lists answer ``{"items": [...], "next": cursor}`` and repeat the next page's address in a
``Link: rel="next"`` header; ``limit`` is clamped to 1..500.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Annotated, Any, Generic, Literal, TypeVar

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import BaseModel

from app.db.types import MAX_DB_INT
from app.extraction.model import Kind
from app.matching.model import Status
from app.schemas import ArticlePublic, ClaimPublic, MentionPublic, SourcePublic, Verdict
from app.services import browse
from app.services.export import claim_json
from app.services.linked_data import annotations_for
from app.services.member_cache import MEMBERS
from app.web.deps import SessionDep, SettingsDep
from app.web.errors import AppError

router = APIRouter(prefix="/api/v1", tags=["read"])

T = TypeVar("T")
Limit = Annotated[int, Query(description="Items per page, 1 to 500 (clamped).")]
MAX_ID = MAX_DB_INT
ClaimId = Annotated[int, Path(ge=1, le=MAX_ID)]
ArticleId = Annotated[int, Path(ge=1, le=MAX_ID)]
Cursor = Annotated[str | None, Query(description="The `next` value of the previous page; opaque.")]


class ItemPage(BaseModel, Generic[T]):
    items: list[T]
    next: str | None = None


class SourceStats(SourcePublic):
    """An outlet with how often its figures disagree with other outlets'."""

    shared_claims: int
    outlier_claims: int
    disagreement_rate: float | None


def _json(body: BaseModel, headers: dict[str, str] | None = None) -> Response:
    """``body`` serialized once. ``response_model`` still documents it, but a model returned
    as such would be dumped, validated again and serialized: three passes over long lists."""
    return Response(body.model_dump_json(), media_type="application/json", headers=headers)


def _next_link(request: Request, next_cursor: str | None) -> dict[str, str]:
    if not next_cursor:
        return {}
    url = request.url.include_query_params(cursor=next_cursor)
    return {"Link": f'<{url}>; rel="next"'}


def _tagged(request: Request, data: bytes) -> Response:
    """A single resource with a strong ETag; ``If-None-Match`` with it answers 304."""
    etag = '"' + hashlib.sha256(data).hexdigest()[:32] + '"'
    headers = {"ETag": etag, "Cache-Control": "no-cache"}
    wanted = {tag.strip() for tag in request.headers.get("if-none-match", "").split(",")}
    if etag in wanted or "*" in wanted:
        return Response(status_code=304, headers=headers)
    return Response(data, media_type="application/json", headers=headers)


NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    304: {"description": "Unchanged since the `ETag` sent in `If-None-Match`"}
}


def _paged(request: Request, page: browse.Page[T]) -> Response:
    return _json(ItemPage[T](items=page.items, next=page.next), _next_link(request, page.next))


def _bad_cursor(error: browse.InvalidCursor) -> AppError:
    return AppError(422, str(error))


@router.get("/claims", response_model=ItemPage[ClaimPublic])
def list_claims(
    request: Request,
    session: SessionDep,
    q: Annotated[str | None, Query(description="Words the claim or its quotes contain.")] = None,
    status: Status | None = None,
    kind: Kind | None = None,
    unit: str | None = None,
    source: Annotated[str | None, Query(description="An outlet's name.")] = None,
    verdict: Verdict | None = None,
    published_after: date | None = None,
    published_before: date | None = None,
    sort: browse.ClaimSort = "sources",
    cursor: Cursor = None,
    limit: Limit = browse.DEFAULT_LIMIT,
    mentions: Annotated[
        Literal["all", "none"],
        Query(description="`none`: leave each claim's `mentions` empty (`mentions_count` "
                          "still says how many): a lighter page for listings."),
    ] = "all",
) -> Response:
    """Claims with their mentions, filtered and sorted like the claims page."""
    filters = browse.ClaimFilters(
        q=q,
        status=status,
        kind=kind,
        unit=unit,
        source=source,
        verdict=verdict,
        published_after=published_after,
        published_before=published_before,
    )
    try:
        page = browse.search_claim_docs(
            session, filters=filters, sort=sort, cursor=cursor, limit=limit, with_total=False,
            with_members=False,
        )
    except browse.InvalidCursor as error:
        raise _bad_cursor(error) from error
    if mentions == "all":
        MEMBERS.attach(session, page.items)  # members as JSON, kept while a claim is unchanged
    # The claim documents go out as they are: validating 700-1,200 members into models only
    # to serialize them again was most of the time of a page.
    body = claim_json({"items": page.items, "next": page.next})
    return Response(body, media_type="application/json", headers=_next_link(request, page.next))


@router.get("/claims/{claim_id}", response_model=ClaimPublic, responses=NOT_MODIFIED)
def get_claim(request: Request, session: SessionDep, claim_id: ClaimId) -> Response:
    claim = browse.claim_doc(session, claim_id)
    if claim is None:
        raise AppError(404, f"There is no claim {claim_id}.")
    return _tagged(request, claim_json(claim))


@router.get(
    "/mentions",
    response_model=ItemPage[MentionPublic],
    responses={
        200: {
            "content": {
                "application/ld+json": {
                    "schema": {"type": "object", "required": ["type", "items"]},
                    "example": {"type": "AnnotationPage", "items": [], "next": None},
                }
            },
            "description": "Mentions; with `format=annotation`, a W3C Web Annotation page.",
        }
    },
)
def list_mentions(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    format: Annotated[
        Literal["json", "annotation"],
        Query(description="`annotation`: W3C Web Annotations (JSON-LD) targeting each quote."),
    ] = "json",
    kind: Kind | None = None,
    unit: str | None = None,
    article_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    claim_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    cursor: Cursor = None,
    limit: Limit = browse.DEFAULT_LIMIT,
) -> Response:
    """Every figure found, in the order it was stored."""
    filters = browse.MentionFilters(kind=kind, unit=unit, article_id=article_id, claim_id=claim_id)
    try:
        page = browse.list_mentions(session, filters=filters, cursor=cursor, limit=limit)
    except browse.InvalidCursor as error:
        raise _bad_cursor(error) from error
    if format == "annotation":
        items = annotations_for(session, [m.id for m in page.items], site_url=settings.site_url)
        body = {
            "@context": "http://www.w3.org/ns/anno.jsonld",
            "type": "AnnotationPage",
            "items": items,
            "next": page.next,
        }
        return Response(
            json.dumps(body),
            media_type="application/ld+json",
            headers=_next_link(request, page.next),
        )
    return _paged(request, page)


@router.get("/articles", response_model=ItemPage[ArticlePublic])
def list_articles(
    request: Request,
    session: SessionDep,
    source: Annotated[str | None, Query(description="An outlet's name.")] = None,
    published_after: date | None = None,
    published_before: date | None = None,
    cursor: Cursor = None,
    limit: Limit = browse.DEFAULT_LIMIT,
) -> Response:
    """Articles, newest first, without their text."""
    filters = browse.ArticleFilters(
        source=source, published_after=published_after, published_before=published_before
    )
    try:
        page = browse.list_articles(
            session, filters=filters, cursor=cursor, limit=limit, with_total=False
        )
    except browse.InvalidCursor as error:
        raise _bad_cursor(error) from error
    articles = browse.Page(items=[row.article for row in page.items], next=page.next)
    return _paged(request, articles)


@router.get("/articles/{article_id}", response_model=ArticlePublic, responses=NOT_MODIFIED)
def get_article(request: Request, session: SessionDep, article_id: ArticleId) -> Response:
    """One article with its text and every figure found in it."""
    article = browse.get_article(session, article_id)
    if article is None:
        raise AppError(404, f"There is no article {article_id}.")
    return _tagged(request, article.model_dump_json().encode())


@router.get("/sources", response_model=ItemPage[SourceStats])
def list_sources(session: SessionDep) -> ItemPage[SourceStats]:
    """Every outlet with its counts of articles, claims and disagreements."""
    items = [
        SourceStats(
            **row.source.model_dump(),
            shared_claims=row.shared_claims,
            outlier_claims=row.outlier_claims,
            disagreement_rate=row.disagreement_rate,
        )
        for row in browse.list_sources(session)
    ]
    return ItemPage[SourceStats](items=items)

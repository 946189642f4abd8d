"""JSON API: health and article ingest (reads live in api_read, writes by people in api_write)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ValidationError
from sqlalchemy import select, text

from app.auth import Ingester
from app.db.models import Claim
from app.ingest.errors import IngestError
from app.ingest.records import ArticleRecord, record_error
from app.ingest.sources import from_record
from app.schemas import ArticlePublic, MentionPublic
from app.services.articles import ingest_article
from app.web.deps import SessionDep, SettingsDep
from app.web.errors import AppError

router = APIRouter()

PROBLEM: dict[str, object] = {"content": {"application/problem+json": {}}}


class ClaimRef(BaseModel):
    id: int
    label: str
    status: str


class ArticleIngested(BaseModel):
    status: str
    article: ArticlePublic
    claims: list[ClaimRef]


@router.get("/healthz", tags=["meta"])
def healthz(session: SessionDep) -> dict[str, str]:
    """Liveness and database reachability."""
    session.execute(text("SELECT 1"))
    return {"status": "ok"}


@router.post(
    "/api/v1/articles",
    tags=["articles"],
    status_code=201,
    response_model=ArticleIngested,
    responses={
        200: {"description": "The same text or URL was ingested before: the existing article"},
        413: {"description": "Body over the upload limit", **PROBLEM},
        415: {"description": "Body is not JSON", **PROBLEM},
        422: {"description": "Invalid record", **PROBLEM},
    },
    # The body is read by hand (to answer 413/415 before parsing); document its shape here.
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": ArticleRecord.model_json_schema(),
                    "example": {
                        "text": "Rescuers said at least 14 people were missing.",
                        "title": "Flood in the valley",
                        "source": "Valley Courier",
                        "url": "https://valley.example/flood",
                        "published_at": "2024-05-01",
                    },
                }
            },
        }
    },
)
async def post_article(
    request: Request,
    response: Response,
    who: Ingester,
    session: SessionDep,
    settings: SettingsDep,
) -> ArticleIngested:
    """Ingest one article: `{"text": required, "title", "source", "url", "published_at"}`."""
    media = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media != "application/json":
        raise AppError(415, "Send the article as application/json.")
    body = await request.body()
    if len(body) > settings.max_upload_bytes:
        raise AppError(413, f"The article is larger than {settings.max_upload_bytes:,} bytes.")
    try:
        record = ArticleRecord.model_validate_json(body)
        article_in = from_record(record, origin=f"api:{record.url or 'post'}")
    except IngestError as error:
        raise AppError(422, str(error)) from error
    except ValidationError as error:
        raise AppError(422, record_error(error)) from error
    outcome = ingest_article(session, article_in=article_in, user=who.user)
    article = outcome.article
    if outcome.status == "duplicate":
        response.status_code = 200
    claim_of = {
        m.id: m.membership.claim_id for m in article.mentions if m.membership is not None
    }
    claim_ids = sorted(set(claim_of.values()))
    claims = session.scalars(select(Claim).where(Claim.id.in_(claim_ids))).all()
    mentions = [MentionPublic.of(m, claim_of.get(m.id)) for m in article.mentions]
    return ArticleIngested(
        status=outcome.status,
        article=ArticlePublic.of(article, with_body=True, mentions=mentions),
        claims=[ClaimRef(id=c.id, label=c.label, status=c.status) for c in claims],
    )

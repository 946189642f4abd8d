"""Server-rendered pages."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import func, select

from app.db.models import Article, Claim, Source
from app.web.deps import SessionDep
from app.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, session: SessionDep) -> HTMLResponse:
    counts = {
        "articles": session.scalar(select(func.count(Article.id))) or 0,
        "sources": session.scalar(select(func.count(Source.id))) or 0,
        "claims": session.scalar(select(func.count(Claim.id))) or 0,
    }
    return render(request, "overview.html", {"counts": counts})

"""JSON API under /api/v1: the same service calls as the pages, rendered as JSON."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from app.web.deps import SessionDep

router = APIRouter()


@router.get("/healthz", tags=["meta"])
def healthz(session: SessionDep) -> dict[str, str]:
    """Liveness and database reachability."""
    session.execute(text("SELECT 1"))
    return {"status": "ok"}

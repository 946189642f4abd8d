"""Read endpoints of the JSON API (claims, mentions, articles, sources)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api/v1")

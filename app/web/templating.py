"""Jinja2 templates with block rendering: an htmx fragment is a block of its page."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2_fragments.fastapi import Jinja2Blocks

from app.config import PROJECT_ROOT

templates = Jinja2Blocks(directory=str(PROJECT_ROOT / "templates"))


def is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


def render(
    request: Request,
    name: str,
    context: dict[str, Any],
    *,
    block: str | None = None,
    status_code: int = 200,
    alternate: str | None = None,
) -> HTMLResponse:
    """Render a page, or only ``block`` of it for an htmx request."""
    response = templates.TemplateResponse(
        request,
        name,
        context,
        status_code=status_code,
        block_name=block if block and is_htmx(request) else None,
    )
    assert isinstance(response, HTMLResponse)
    response.headers["Vary"] = "HX-Request"
    if alternate:
        response.headers["Link"] = f'<{alternate}>; rel="alternate"; type="application/json"'
    return response

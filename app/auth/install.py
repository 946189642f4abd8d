"""Wire accounts into an app: the session middleware and the template helpers."""

from __future__ import annotations

from fastapi import FastAPI, Request

from app.auth.csrf import csrf_token
from app.auth.roles import may
from app.auth.session import SessionMiddleware, session_of
from app.config import Settings
from app.web.notes import render_note
from app.web.templating import templates


def signed_in_as(request: Request) -> str | None:
    """The user name the session cookie names, for display only (checks use the database)."""
    return session_of(request).username


def signed_in_role(request: Request) -> str | None:
    return session_of(request).role


def install(app: FastAPI, settings: Settings) -> None:
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        secure=settings.site_url.startswith("https://"),
    )
    templates.env.globals.update(
        csrf_token=csrf_token, signed_in_as=signed_in_as, signed_in_role=signed_in_role, may=may
    )
    templates.env.filters["note"] = render_note

"""One error type, two renderings: problem details (RFC 9457) under /api, a page elsewhere."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from app.web.templating import render


class AppError(Exception):
    """An error the user can act on: its status and message are shown as they are."""

    def __init__(self, status: int, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.extra = extra


def problem(request: Request, status: int, detail: str, **extra: Any) -> Response:
    title = HTTPStatus(status).phrase
    if request.url.path.startswith("/api"):
        body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
        body.update(extra)
        return JSONResponse(body, status_code=status, media_type="application/problem+json")
    return render(
        request,
        "error.html",
        {"status": status, "title": title, "detail": detail},
        status_code=status,
    )


def allowed_methods(request: Request) -> list[str]:
    """Every method any route serves at this path (routes split by method share a path)."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches({**request.scope, "method": "GET"})
        route_methods = getattr(route, "methods", None)
        if match != Match.NONE and route_methods:
            methods |= set(route_methods)
    return sorted(methods)


def _validation_detail(error: RequestValidationError) -> str:
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item.get("loc", ()) if p != "body") or "request"
        parts.append(f"{where}: {item.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def install(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def _app_error(request: Request, exc: AppError) -> Response:
        return problem(request, exc.status, exc.detail, **exc.extra)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"Nothing here: {request.url.path}"
        response = problem(request, exc.status_code, detail)
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        if exc.status_code == 405:
            response.headers["Allow"] = ", ".join(allowed_methods(request))
        return response

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        return problem(request, 422, _validation_detail(exc))

    @app.exception_handler(OperationalError)
    async def _busy(request: Request, exc: OperationalError) -> Response:
        # SQLite allows one writer at a time: a write that waited past the lock timeout
        # changed nothing and may simply be sent again.
        if "locked" in str(exc.orig).lower():
            response = problem(request, 503, "The database is busy; nothing was changed. "
                               "Please try again.")
            response.headers["Retry-After"] = "1"
            return response
        return problem(request, 500, "Something went wrong on our side; nothing was changed.")

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        return problem(request, 500, "Something went wrong on our side; nothing was changed.")

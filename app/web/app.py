"""The ASGI application: brings its database to the newest schema, then serves."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from app import auth
from app.config import PROJECT_ROOT, Settings, get_settings
from app.db.migrate import upgrade
from app.db.session import make_engine
from app.web import accounts, api, api_read, api_write, errors, openapi, pages
from app.web.limits import BodySizeLimit, RejectNul


def create_app(settings: Settings | None = None, *, migrate: bool = True) -> FastAPI:
    settings = settings or get_settings()
    url = settings.resolved_database_url

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if migrate:
            upgrade(url)
        yield
        app.state.engine.dispose()

    app = FastAPI(
        title="facttrack",
        version="0.1.0",
        summary="The figures news articles report, across every outlet that reports them.",
        lifespan=lifespan,
        # Served below from our own static files: no request may leave the site's origin.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = make_engine(url)
    app.mount("/static", StaticFiles(directory=str(PROJECT_ROOT / "static")), name="static")
    errors.install(app)
    # Room for multipart framing around an upload of the configured size.
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_upload_bytes + 64 * 1024)
    app.add_middleware(RejectNul)
    auth.install(app, settings)
    app.include_router(api.router)  # /healthz stays public; the ingest endpoint checks roles
    app.include_router(api_read.router, dependencies=[auth.ReadAccess])
    app.include_router(api_write.router)
    app.include_router(accounts.router)
    app.include_router(pages.router, dependencies=[auth.ReadAccess])
    openapi.install(app)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="facttrack API",
            swagger_js_url="/static/swagger/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
            swagger_ui_parameters={"validatorUrl": None},  # no badge fetched from elsewhere
        )
    return app

"""Server-rendered pages. Each calls the same service as its JSON twin, then picks a template;
an htmx request gets only the block it asked for (see ``templating.render``)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, cast
from urllib.parse import urlencode

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse
from markupsafe import Markup
from pydantic import BaseModel

from app.auth import Ingester
from app.extraction import extract
from app.ingest.errors import IngestError
from app.ingest.files import read_upload
from app.ingest.model import ArticleInput
from app.ingest.sources import from_text
from app.schemas import VERDICTS, ArticlePublic, MentionPublic
from app.services import browse
from app.services.articles import ingest_article
from app.services.batch import ItemResult, store_item_in
from app.web import present
from app.web.deps import ResourceId, SessionDep, SettingsDep
from app.web.errors import AppError
from app.web.templating import render, templates

router = APIRouter(include_in_schema=False)

templates.env.globals.update(
    status_labels=present.STATUS_LABELS,
    status_signs=present.STATUS_SIGNS,
    verdict_labels=present.VERDICT_LABELS,
)
templates.env.tests["http_url"] = lambda url: (
    isinstance(url, str) and url.startswith(("http://", "https://"))
)
templates.env.filters.update(
    number=present.number,
    when=present.when,
    figure_words=present.figure_words,
    interval_words=present.interval_words,
    allows_words=present.allows_words,
    unit_words=present.unit_words,
)

Text = Annotated[str | None, Query()]
RowId = ResourceId


def _history_restore(request: Request) -> bool:
    """htmx asks for the whole page when restoring history it no longer has in cache."""
    return request.headers.get("HX-History-Restore-Request") == "true"


def _block(request: Request, name: str) -> str | None:
    return None if _history_restore(request) else name


def _day(name: str, raw: str | None) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError as error:
        raise AppError(422, f"{name}: give a date as YYYY-MM-DD, not {raw!r}") from error


def _clean(params: dict[str, Any]) -> dict[str, str]:
    return {k: str(v) for k, v in params.items() if v not in (None, "")}


def _url(path: str, params: dict[str, Any]) -> str:
    query = urlencode(_clean(params))
    return f"{path}?{query}" if query else path


def _choice(name: str, value: str | None, allowed: tuple[str, ...]) -> str | None:
    if value and value not in allowed:
        raise AppError(422, f"{name}: choose one of {', '.join(allowed)}")
    return value or None


# --- overview ------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, session: SessionDep) -> HTMLResponse:
    data = browse.overview(session)
    return render(
        request,
        "overview.html",
        {"data": data, "outlets": data.outlets},
        alternate="/api/v1/claims?status=conflicting&sort=disputed",
    )


# --- claims --------------------------------------------------------------------------------


@router.get("/claims", response_class=HTMLResponse)
def claims(
    request: Request,
    session: SessionDep,
    q: Text = None,
    status: Text = None,
    kind: Text = None,
    unit: Text = None,
    source: Text = None,
    verdict: Text = None,
    published_after: Text = None,
    published_before: Text = None,
    sort: Text = None,
    cursor: Text = None,
    limit: Annotated[int | None, Query()] = None,
) -> HTMLResponse:
    filters = browse.ClaimFilters(
        q=(q or "").strip() or None,
        status=_choice("status", status, tuple(present.STATUS_LABELS)),
        kind=kind or None,
        unit=unit or None,
        source=source or None,
        verdict=_choice("verdict", verdict, VERDICTS),
        published_after=_day("published_after", published_after),
        published_before=_day("published_before", published_before),
    )
    chosen = cast(browse.ClaimSort, _choice("sort", sort, browse.CLAIM_SORTS) or "sources")
    try:
        page = browse.search_claims(
            session,
            filters=filters,
            sort=chosen,
            cursor=cursor,
            limit=limit or 25,
            with_members=False,
        )
    except browse.InvalidCursor as error:
        raise AppError(422, str(error)) from error
    state = {
        "q": filters.q,
        "status": filters.status,
        "kind": filters.kind,
        "unit": filters.unit,
        "source": filters.source,
        "verdict": filters.verdict,
        "published_after": published_after,
        "published_before": published_before,
        "sort": None if chosen == "sources" else chosen,
    }
    here = _url("/claims", {**state, "cursor": cursor, "limit": limit})
    context = {
        "page": page,
        "outlets": browse.claim_outlets(session, [c.id for c in page.items]),
        "filters": filters,
        "state": state,
        "sort": chosen,
        "sorts": {"sources": "Most sources", "disputed": "Most disputed", "newest": "Newest"},
        "choices": browse.filter_choices(session),
        "verdicts": VERDICTS,
        "cursor": cursor,
        "first_url": _url("/claims", {**state, "limit": limit}) if cursor else None,
        "next_url": _url("/claims", {**state, "cursor": page.next, "limit": limit})
        if page.next
        else None,
    }
    response = render(
        request,
        "claims.html",
        context,
        block=_block(request, "results"),
        alternate=_url("/api/v1/claims", {**state, "cursor": cursor, "limit": limit}),
    )
    # The address bar shows the clean state, without the empty fields of the form.
    response.headers["HX-Push-Url"] = here
    return response


@router.get("/claims/{claim_id}", response_class=HTMLResponse)
def claim(request: Request, session: SessionDep, claim_id: RowId) -> HTMLResponse:
    # The verdict history is the fact-checking panel's (loaded from its own address), so the
    # page reads the claim alone: the same service call as its JSON twin.
    claim = browse.get_claim(session, claim_id)
    if claim is None:
        raise AppError(404, f"There is no claim {claim_id}.")
    members = present.member_order(claim)
    return render(
        request,
        "claim.html",
        {
            "claim": claim,
            "members": members,
            "columns": present.by_source(members),
            "line": present.number_line(claim, members),
            "quote": present.quote,
        },
        alternate=f"/api/v1/claims/{claim_id}",
    )


# --- articles ------------------------------------------------------------------------------


@router.get("/articles", response_class=HTMLResponse)
def articles(
    request: Request,
    session: SessionDep,
    source: Text = None,
    published_after: Text = None,
    published_before: Text = None,
    cursor: Text = None,
    limit: Annotated[int | None, Query()] = None,
) -> HTMLResponse:
    filters = browse.ArticleFilters(
        source=source or None,
        published_after=_day("published_after", published_after),
        published_before=_day("published_before", published_before),
    )
    try:
        page = browse.list_articles(session, filters=filters, cursor=cursor, limit=limit or 25)
    except browse.InvalidCursor as error:
        raise AppError(422, str(error)) from error
    state = {
        "source": filters.source,
        "published_after": published_after,
        "published_before": published_before,
    }
    response = render(
        request,
        "articles.html",
        {
            "page": page,
            "state": state,
            "sources": browse.filter_choices(session).sources,
            "cursor": cursor,
            "first_url": _url("/articles", {**state, "limit": limit}) if cursor else None,
            "next_url": _url("/articles", {**state, "cursor": page.next, "limit": limit})
            if page.next
            else None,
        },
        block=_block(request, "results"),
        alternate=_url("/api/v1/articles", {**state, "cursor": cursor, "limit": limit}),
    )
    response.headers["HX-Push-Url"] = _url("/articles", {**state, "cursor": cursor})
    return response


def _stored_figure(claims: dict[int, browse.ClaimBrief]) -> Any:
    def render_figure(figure: present.Figure, text: Markup) -> Markup:
        assert isinstance(figure, MentionPublic)
        claim = claims.get(figure.claim_id) if figure.claim_id is not None else None
        return Markup(
            templates.get_template("_figure.html").render(m=figure, text=text, claim=claim)
        )

    return render_figure


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(request: Request, session: SessionDep, article_id: RowId) -> HTMLResponse:
    detail = browse.article_detail(session, article_id)
    if detail is None:
        raise AppError(404, f"There is no article {article_id}.")
    body = present.highlight(
        detail.article.body or "", detail.article.mentions or [], _stored_figure(detail.claims)
    )
    return render(
        request,
        "article.html",
        {"article": detail.article, "claims": detail.claims, "body": body},
        alternate=f"/api/v1/articles/{article_id}",
    )


# --- sources -------------------------------------------------------------------------------


@router.get("/sources", response_class=HTMLResponse)
def sources(request: Request, session: SessionDep) -> HTMLResponse:
    return render(
        request, "sources.html", {"rows": browse.list_sources(session)}, alternate="/api/v1/sources"
    )


# --- ingest --------------------------------------------------------------------------------


def _preview_figure(figure: present.Figure, text: Markup) -> Markup:
    return Markup(templates.get_template("_figure.html").render(m=figure, text=text, claim=None))


class PastedArticle(BaseModel):
    """The paste form's fields; kept as typed so the form can be shown again on an error."""

    text: str = ""
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published_at: str | None = None

    def article(self, limit: int) -> ArticleInput:
        if not self.text.strip():
            raise AppError(422, "Paste the article text first.")
        if len(self.text.encode("utf-8")) > limit:
            raise AppError(413, f"The text is over the {limit:,}-byte limit; nothing was stored.")
        if self.url and not self.url.startswith(("http://", "https://")):
            raise AppError(422, "The URL must start with http:// or https://.")
        day = _day("published_at", self.published_at)
        try:
            return from_text(
                self.text,
                origin="web form",
                source=(self.source or "").strip() or None,
                title=(self.title or "").strip() or None,
                url=(self.url or "").strip() or None,
                published_at=browse.day_start(day) if day else None,
            )
        except IngestError as error:
            raise AppError(422, str(error)) from error


PastedForm = Annotated[PastedArticle, Form()]


def _form_error(
    request: Request, limit: int, form: dict[str, Any], error: AppError, where: str
) -> HTMLResponse:
    """The form again, its entries kept, the problem said where the user is looking."""
    return render(
        request,
        "ingest.html",
        {"form": form, "error": error.detail, "error_for": where, "limit": limit},
        block=where,
        status_code=error.status,
    )


@router.get("/ingest", response_class=HTMLResponse)
def ingest_form(request: Request, settings: SettingsDep) -> HTMLResponse:
    return render(request, "ingest.html", {"form": {}, "limit": settings.max_upload_bytes})


@router.post("/ingest/preview", response_class=HTMLResponse)
def ingest_preview(request: Request, settings: SettingsDep, pasted: PastedForm) -> HTMLResponse:
    """The figures extraction finds, shown on the cleaned text; nothing is stored."""
    form = pasted.model_dump()
    try:
        article_in = pasted.article(settings.max_upload_bytes)
    except AppError as error:
        return _form_error(request, settings.max_upload_bytes, form, error, "preview")
    published = article_in.published_at.date() if article_in.published_at else None
    figures = extract(article_in.body, published)
    preview = {
        "article": article_in,
        "figures": figures,
        "body": present.highlight(article_in.body, figures, _preview_figure),
    }
    return render(
        request,
        "ingest.html",
        {"form": form, "preview": preview, "limit": settings.max_upload_bytes},
        block="preview",
    )


@router.post("/ingest", response_class=HTMLResponse)
def ingest_text(
    request: Request,
    who: Ingester,
    session: SessionDep,
    settings: SettingsDep,
    pasted: PastedForm,
) -> HTMLResponse:
    form = pasted.model_dump()
    try:
        article_in = pasted.article(settings.max_upload_bytes)
    except AppError as error:
        return _form_error(request, settings.max_upload_bytes, form, error, "outcome")
    outcome = ingest_article(session, article_in=article_in, user=who.user)
    result = {
        "status": outcome.status,
        "article": ArticlePublic.of(outcome.article),
        "figures": len(outcome.article.mentions),
        "claim_ids": list(outcome.claim_ids),
    }
    # The answer links to the new article: it must be committed before the client can follow.
    session.commit()
    return render(
        request,
        "ingest.html",
        {"form": {}, "result": result, "limit": settings.max_upload_bytes},
        block="outcome",
        status_code=201 if outcome.status == "stored" else 200,
    )


@router.post("/ingest/files", response_class=HTMLResponse)
def ingest_files(
    request: Request,
    who: Ingester,
    session: SessionDep,
    settings: SettingsDep,
    files: Annotated[list[UploadFile] | None, File()] = None,
) -> HTMLResponse:
    """Each article behind its own savepoint: one bad file never undoes the others."""
    limit = settings.max_upload_bytes
    files = [f for f in files or [] if f.filename]
    if not files:
        error = AppError(422, "Choose at least one file to upload.")
        return _form_error(request, limit, {}, error, "uploads")
    results: list[ItemResult] = []
    for upload in files:
        name = upload.filename or "upload"
        data = upload.file.read(limit + 1)
        for item in read_upload(name, data, max_bytes=limit):
            results.append(store_item_in(session, item, user=who.user))
    too_big = [r for r in results if r.outcome == "failed" and "byte limit" in r.detail]
    status = 413 if results and len(too_big) == len(results) else 200
    return render(
        request,
        "ingest.html",
        {"form": {}, "uploads": results, "limit": limit},
        block="uploads",
        status_code=status,
    )

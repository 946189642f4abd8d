"""Log-in, log-out, the review queue, the audit log, and the fact-checking forms that the
claim page embeds (annotate, merge, split, move, detach). Every form works without
JavaScript; with htmx each answers with the block of its page that changed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.auth.csrf import check_csrf
from app.auth.deps import Annotator, Assigner, OptionalPrincipal, Principal, Reader, Regrouper
from app.auth.roles import may
from app.auth.session import session_of
from app.schemas import VERDICTS
from app.services import annotations as annotation_service
from app.services import grouping, review, users
from app.services.grouping import GroupingResult
from app.services.versioning import (
    Change,
    InvalidChange,
    NotFound,
    StaleVersion,
    get_claim,
)
from app.web.api_write import MAX_INT, ClaimId
from app.web.deps import SessionDep
from app.web.errors import AppError
from app.web.templating import is_htmx, render

router = APIRouter(include_in_schema=False)

FormText = Annotated[str, Form()]
FormId = Annotated[int, Form(ge=1, le=MAX_INT)]
Csrf = Depends(check_csrf)


def _safe_next(target: str | None) -> str:
    """Only paths on this site: never an open redirect to another host."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _see_other(request: Request, url: str) -> Response:
    """After a change: htmx follows ``HX-Redirect``; a plain form follows a 303."""
    if is_htmx(request):
        return Response(status_code=200, headers={"HX-Redirect": url})
    return RedirectResponse(url, status_code=303)


# --- log-in -------------------------------------------------------------------------------


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, who: OptionalPrincipal, next: str = "/") -> HTMLResponse:
    return render(request, "login.html", {"next": _safe_next(next), "who": who, "error": None})


@router.post("/login", response_class=HTMLResponse, dependencies=[Csrf])
def login(
    request: Request,
    session: SessionDep,
    username: FormText,
    password: FormText,
    next: Annotated[str, Form()] = "/",
) -> Response:
    result = users.authenticate(
        session, username=username, password=password,
        address=request.client.host if request.client else None,
    )
    context: dict[str, Any] = {"next": _safe_next(next), "who": None, "username": username}
    if result.throttled:
        minutes = max(1, round(result.retry_after / 60))
        context["error"] = f"Too many failed log-ins. Try again in about {minutes} minute(s)."
        response = render(request, "login.html", context, status_code=429)
        response.headers["Retry-After"] = str(result.retry_after)
        return response
    if result.user is None:
        context["error"] = "Wrong user name or password."
        return render(request, "login.html", context, status_code=401)
    session_of(request).log_in(result.user)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout", dependencies=[Csrf])
def logout(request: Request) -> Response:
    session_of(request).log_out()
    return RedirectResponse("/", status_code=303)


# --- review queue and audit log ------------------------------------------------------------


def _review_context(
    session: SessionDep, who: Principal | None, assignee: str, error: str | None = None
) -> dict[str, Any]:
    if assignee == "me" and who is None:
        assignee = "any"
    return {
        "rows": review.review_queue(
            session, assignee=assignee, me=who.user if who else None, limit=200
        ),
        "assignee": assignee,
        "people": review.assignable_users(session),
        "who": who,
        "error": error,
    }


@router.get("/review", response_class=HTMLResponse)
def review_page(
    request: Request, session: SessionDep, who: OptionalPrincipal, _: Reader,
    assignee: str = "any",
) -> HTMLResponse:
    return render(
        request, "review.html", _review_context(session, who, assignee), block="queue"
    )


@router.post("/review/{claim_id}/assign", response_class=HTMLResponse)
def assign_claim(
    request: Request,
    session: SessionDep,
    who: Assigner,
    claim_id: ClaimId,
    assignee: Annotated[str, Form()] = "me",
    filter: Annotated[str, Form()] = "any",
) -> Response:
    target = None
    if assignee == "me":
        target = who.user
    elif assignee:
        target = users.get_user(session, assignee)
    try:
        if assignee not in ("", "me") and target is None:
            raise InvalidChange(f"no user named {assignee!r}")
        review.assign(session, claim_id=claim_id, assignee=target, actor=who.user)
    except NotFound as error:
        raise AppError(404, str(error)) from error
    except InvalidChange as error:
        return render(request, "review.html", _review_context(session, who, filter, str(error)),
                      block="queue", status_code=422)
    if not is_htmx(request):
        return RedirectResponse(f"/review?assignee={filter}", status_code=303)
    return render(request, "review.html", _review_context(session, who, filter), block="queue")


@router.get("/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    session: SessionDep,
    who: OptionalPrincipal,
    action: str = "",
    actor: str = "",
    before_id: Annotated[int | None, Query()] = None,
) -> Response:
    if who is None:
        return RedirectResponse("/login?next=/audit", status_code=303)
    if not may(who.role, "admin"):
        raise AppError(403, "The audit log is for admins.")
    limit = 100
    events = review.audit_events(
        session, action=action or None, actor=actor or None, before_id=before_id, limit=limit
    )
    return render(
        request, "audit.html",
        {"events": events, "action": action, "actor": actor,
         "next_before": events[-1].id if len(events) == limit else None},
        block="log",
    )


# --- the fact-checking panel of a claim ----------------------------------------------------


@dataclass(slots=True)
class AnnotateForm:
    """What was typed in the verdict form, kept whatever happens to it."""

    verdict: str = "unverified"
    note: str = ""
    evidence_urls: str = ""
    correct_value: str = ""
    mention_id: str = ""


def factcheck_context(
    session: SessionDep,
    claim_id: int,
    who: Principal | None,
    *,
    form: AnnotateForm | None = None,
    error: str | None = None,
    conflict: Change | None = None,
    q: str = "",
) -> dict[str, Any]:
    """Everything ``_factcheck.html`` needs; the claim page may call this to include it."""
    try:
        claim = get_claim(session, claim_id)
        history = annotation_service.claim_history(session, claim_id)
    except NotFound as error_:
        raise AppError(404, str(error_)) from error_
    return {
        "fc_claim": claim,
        "history": history,
        "members": grouping.claim_members(session, claim_id),
        "candidates": (
            grouping.merge_candidates(session, claim_id=claim_id, query=q) if q else []
        ),
        "q": q,
        "who": who,
        "verdicts": VERDICTS,
        "form": form or AnnotateForm(verdict=claim.verdict),
        "error": error,
        "conflict": conflict,
        "stale": False,
    }


def _panel(request: Request, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    return render(request, "factcheck.html", context, block="panel", status_code=status)


@router.get("/claims/{claim_id}/factcheck", response_class=HTMLResponse)
def factcheck(
    request: Request, session: SessionDep, who: OptionalPrincipal, _: Reader, claim_id: ClaimId,
    q: str = "",
) -> HTMLResponse:
    return _panel(request, factcheck_context(session, claim_id, who, q=q))


@router.get("/claims/{claim_id}/merge-candidates", response_class=HTMLResponse)
def merge_candidates(
    request: Request, session: SessionDep, _: Reader, claim_id: ClaimId, q: str = ""
) -> HTMLResponse:
    found = grouping.merge_candidates(session, claim_id=claim_id, query=q) if q else []
    return render(request, "_merge_results.html", {"candidates": found, "q": q})


@contextmanager
def _panel_errors(
    request: Request, session: SessionDep, claim_id: int, who: Principal,
    form: AnnotateForm | None = None,
) -> Iterator[list[Response]]:
    """Turn a refused change into the panel again, with the reason and nothing typed lost.

    The change runs in a savepoint: whatever part of it was written before the refusal is
    undone, and the panel is read afresh in the same request.
    """
    out: list[Response] = []
    try:
        with session.begin_nested():
            yield out
    except StaleVersion as error:
        context = factcheck_context(
            session, claim_id, who, form=form, error=str(error), conflict=error.newest
        )
        context["stale"] = True
        out.append(_panel(request, context, status=409))
    except NotFound as error:
        raise AppError(404, str(error)) from error
    except InvalidChange as error:
        context = factcheck_context(session, claim_id, who, form=form, error=str(error))
        out.append(_panel(request, context, status=422))


def _number(raw: str, what: str) -> float | None:
    raw = raw.strip().replace(",", "")
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError as error:
        raise InvalidChange(f"{what} must be a number, not {raw!r}") from error


def _mention(raw: str) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_INT:
        raise InvalidChange(f"not a mention id: {raw!r}")
    return int(raw)


@router.post("/claims/{claim_id}/annotate", response_class=HTMLResponse)
def annotate(
    request: Request,
    session: SessionDep,
    who: Annotator,
    claim_id: ClaimId,
    base_version: FormId,
    verdict: FormText,
    note: Annotated[str, Form()] = "",
    evidence_urls: Annotated[str, Form()] = "",
    correct_value: Annotated[str, Form()] = "",
    mention_id: Annotated[str, Form()] = "",
) -> Response:
    form = AnnotateForm(verdict, note, evidence_urls, correct_value, mention_id)
    with _panel_errors(request, session, claim_id, who, form) as refused:
        annotation_service.annotate(
            session, claim_id=claim_id, user=who.user, verdict=verdict,
            base_version=base_version, note=note, evidence_urls=evidence_urls.split(),
            mention_id=_mention(mention_id), correct_value=_number(correct_value, "The value"),
        )
    if refused:
        return refused[0]
    if not is_htmx(request):
        return RedirectResponse(f"/claims/{claim_id}#factcheck", status_code=303)
    return _panel(request, factcheck_context(session, claim_id, who))


def _regrouped(request: Request, result: GroupingResult, fallback: int) -> Response:
    return _see_other(request, f"/claims/{result.claim_id or fallback}")


@router.post("/claims/{claim_id}/merge", response_class=HTMLResponse)
def merge(
    request: Request, session: SessionDep, who: Regrouper, claim_id: ClaimId,
    base_version: FormId,
    other_claim_id: Annotated[int | None, Form(ge=1, le=MAX_INT)] = None,
) -> Response:
    with _panel_errors(request, session, claim_id, who) as refused:
        if other_claim_id is None:
            raise InvalidChange("Find and choose the claim to merge into this one.")
        result = grouping.merge(
            session, claim_id=claim_id, other_id=other_claim_id, base_version=base_version,
            user=who.user,
        )
    return refused[0] if refused else _regrouped(request, result, claim_id)


@router.post("/claims/{claim_id}/split", response_class=HTMLResponse)
def split(
    request: Request, session: SessionDep, who: Regrouper, claim_id: ClaimId,
    base_version: FormId,
    mention_ids: Annotated[list[int] | None, Form()] = None,
) -> Response:
    with _panel_errors(request, session, claim_id, who) as refused:
        if any(not 1 <= m <= MAX_INT for m in mention_ids or []):
            raise InvalidChange("Tick mentions of this claim to split off.")
        result = grouping.split(
            session, claim_id=claim_id, mention_ids=mention_ids or [],
            base_version=base_version, user=who.user,
        )
    return refused[0] if refused else _regrouped(request, result, claim_id)


@router.post("/claims/{claim_id}/move", response_class=HTMLResponse)
def move(
    request: Request, session: SessionDep, who: Regrouper, claim_id: ClaimId,
    base_version: FormId,
    mention_id: FormId,
    target_claim_id: Annotated[str, Form()] = "",
) -> Response:
    with _panel_errors(request, session, claim_id, who) as refused:
        target = target_claim_id.strip().lstrip("#")
        if not target.isdigit() or not 1 <= int(target) <= MAX_INT:
            raise InvalidChange("Give the number of the claim to move the mention to.")
        result = grouping.move(
            session, mention_id=mention_id, target_claim_id=int(target),
            base_version=base_version, user=who.user,
        )
    if refused:
        return refused[0]
    # Stay on the claim being cleaned up, unless the move emptied it.
    return _see_other(
        request, f"/claims/{claim_id if claim_id in result.versions else result.claim_id}"
    )


@router.post("/claims/{claim_id}/detach", response_class=HTMLResponse)
def detach(
    request: Request, session: SessionDep, who: Regrouper, claim_id: ClaimId,
    base_version: FormId,
    mention_id: FormId,
) -> Response:
    with _panel_errors(request, session, claim_id, who) as refused:
        if mention_id not in {m.mention_id for m in grouping.claim_members(session, claim_id)}:
            raise InvalidChange(f"mention {mention_id} is not in claim {claim_id}")
        result = grouping.detach(
            session, mention_id=mention_id, base_version=base_version, user=who.user
        )
    if refused:
        return refused[0]
    return _see_other(request, f"/claims/{claim_id}" if result.claim_id else "/claims")


@router.post("/claims/{claim_id}/pin", response_class=HTMLResponse)
def pin(
    request: Request, session: SessionDep, who: Regrouper, claim_id: ClaimId,
    base_version: FormId,
    pinned: Annotated[bool, Form()] = False,
) -> Response:
    with _panel_errors(request, session, claim_id, who) as refused:
        result = grouping.set_pinned(
            session, claim_id=claim_id, pinned=pinned, base_version=base_version, user=who.user
        )
    return refused[0] if refused else _regrouped(request, result, claim_id)


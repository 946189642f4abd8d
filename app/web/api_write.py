"""Fact-checking in the JSON API: annotations, history, regrouping, review, the audit log.

Writes take a Bearer token (scope write) or the session cookie plus ``X-CSRF-Token``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from app.auth.deps import Admin, Annotator, Assigner, Reader, Regrouper
from app.db.models import Annotation, AuditEvent, Claim
from app.db.types import MAX_DB_INT
from app.schemas import Verdict
from app.services import annotations as annotation_service
from app.services import grouping, review, users
from app.services.annotations import HistoryEntry
from app.services.grouping import GroupingResult
from app.services.versioning import InvalidChange, NotFound, StaleVersion, get_claim
from app.web.deps import SessionDep
from app.web.errors import AppError
from app.web.notes import render_note

router = APIRouter(prefix="/api/v1", tags=["fact-checking"])

# Ids and versions are INTEGER columns: a larger number exists nowhere, and refusing it here
# keeps the database from failing on it (500) instead of answering 404 or 409.
MAX_INT = MAX_DB_INT
DbInt = Annotated[int, Field(ge=1, le=MAX_INT)]
ClaimId = Annotated[int, Path(ge=1, le=MAX_INT, description="Claim id")]
MentionId = Annotated[int, Path(ge=1, le=MAX_INT, description="Mention id")]

EvidenceUrl = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=2000, pattern=r"^https?://\S+$")
]


class Problem(BaseModel):
    """RFC 9457 problem details, the shape of every error."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str


class ChangePublic(BaseModel):
    action: str
    by: str
    at: datetime
    version: int | None
    verdict: str | None = None
    previous_verdict: str | None = None
    note: str | None = None
    evidence_urls: list[str] = []


class ConflictProblem(Problem):
    """409: the claim moved on since ``base_version``; ``newest_change`` says who moved it."""

    claim_id: int
    base_version: int
    current_version: int
    newest_change: ChangePublic | None


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    text = {
        400: "The body could not be read (not UTF-8 JSON)",
        401: "No credentials, or an unknown or revoked token",
        403: "Role may not do this, read-only token, or CSRF token missing",
        404: "Unknown claim or mention",
        409: "The claim changed since base_version",
        422: "Malformed body, unknown verdict, or a change that cannot be made",
    }
    return {
        code: {
            "model": ConflictProblem if code == 409 else Problem,
            "description": text[code],
            "content": {"application/problem+json": {}},
        }
        for code in codes
    }


@contextmanager
def service_errors() -> Iterator[None]:
    """Service errors as problem details (the request's transaction rolls back)."""
    try:
        yield
    except StaleVersion as error:
        raise AppError(
            409, str(error), claim_id=error.claim_id, base_version=error.base_version,
            current_version=error.current_version,
            newest_change=error.newest.as_dict() if error.newest else None,
        ) from error
    except NotFound as error:
        raise AppError(404, str(error)) from error
    except (InvalidChange, users.UserError) as error:
        raise AppError(422, str(error)) from error


class AnnotationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    verdict: Verdict
    note: str = Field(default="", max_length=20_000, description="Plain text or Markdown")
    evidence_urls: list[EvidenceUrl] = Field(default_factory=list, max_length=20)
    base_version: DbInt = Field(description="The claim version this verdict was based on")
    mention_id: DbInt | None = Field(default=None, description="One mention of the claim")
    correct_value: float | None = Field(
        default=None, allow_inf_nan=False, description="The value held correct"
    )


class AnnotationPublic(BaseModel):
    id: int
    claim_id: int
    mention_id: int | None
    verdict: Verdict
    previous_verdict: Verdict | None
    note: str
    note_html: str
    evidence_urls: list[str]
    correct_value: float | None
    claim_version: int = Field(description="The claim version this annotation produced")
    user: str | None
    created_at: datetime

    @classmethod
    def of(cls, annotation: Annotation, username: str | None) -> AnnotationPublic:
        return cls(
            id=annotation.id,
            claim_id=annotation.claim_id,
            mention_id=annotation.mention_id,
            verdict=annotation.verdict,
            previous_verdict=annotation.previous_verdict,
            note=annotation.note,
            note_html=str(render_note(annotation.note)),
            evidence_urls=list(annotation.evidence_urls or []),
            correct_value=annotation.correct_value,
            claim_version=annotation.claim_version,
            user=username,
            created_at=annotation.created_at,
        )


class HistoryEntryPublic(BaseModel):
    action: str
    by: str
    at: datetime
    version: int | None
    before: str | None
    after: str | None
    note: str
    note_html: str
    evidence_urls: list[str]
    correct_value: float | None
    mention_id: int | None
    annotation_id: int | None
    detail: dict[str, Any]

    @classmethod
    def of(cls, entry: HistoryEntry) -> HistoryEntryPublic:
        return cls(
            action=entry.action, by=entry.by, at=entry.at, version=entry.version,
            before=entry.before, after=entry.after, note=entry.note,
            note_html=str(render_note(entry.note)) if entry.note else "",
            evidence_urls=entry.evidence_urls, correct_value=entry.correct_value,
            mention_id=entry.mention_id, annotation_id=entry.annotation_id, detail=entry.detail,
        )


class ClaimHistory(BaseModel):
    claim_id: int
    version: int
    verdict: Verdict
    entries: list[HistoryEntryPublic] = Field(description="Every change, newest first")


class MergeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    other_claim_id: DbInt = Field(description="The claim folded into this one (it goes away)")
    base_version: DbInt
    other_version: DbInt | None = None


class SplitRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    mention_ids: list[DbInt] = Field(
        min_length=1, max_length=10_000, description="Mentions for the new claim"
    )
    base_version: DbInt


class MoveRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    target_claim_id: DbInt
    base_version: DbInt = Field(
        description="Version of the claim the mention leaves (the target's if in none)"
    )
    target_version: DbInt | None = None


class DetachRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    base_version: DbInt = Field(description="Version of the claim the mention leaves")


class PinRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    pinned: bool
    base_version: DbInt


class AssignRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    assignee: str | None = Field(description="A user name, 'me', or null to unassign")


class ClaimVersion(BaseModel):
    id: int
    version: int


class GroupingPublic(BaseModel):
    action: str
    claim_id: int | None = Field(description="The claim to look at next (kept, new, target)")
    claims: list[ClaimVersion] = Field(description="Every claim touched, at its new version")
    removed: list[int] = Field(description="Claims left empty and deleted")

    @classmethod
    def of(cls, result: GroupingResult) -> GroupingPublic:
        return cls(
            action=result.action,
            claim_id=result.claim_id,
            claims=[ClaimVersion(id=i, version=v) for i, v in sorted(result.versions.items())],
            removed=list(result.removed),
        )


class ReviewItem(BaseModel):
    id: int
    label: str
    status: str
    verdict: Verdict
    version: int
    sources: int
    assignee: str | None


class AuditEventPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    actor: str
    action: str
    object_type: str
    object_id: int | None
    detail: dict[str, Any]


@router.post(
    "/claims/{claim_id}/annotations",
    status_code=201,
    response_model=AnnotationPublic,
    responses=_errors(400, 401, 403, 404, 409, 422),
)
def create_annotation(
    claim_id: ClaimId, body: AnnotationCreate, session: SessionDep, who: Annotator
) -> AnnotationPublic:
    """Give a claim a verdict, based on the version you saw (409 if it changed since)."""
    with service_errors():
        annotation = annotation_service.annotate(
            session, claim_id=claim_id, user=who.user, verdict=body.verdict,
            base_version=body.base_version, note=body.note, evidence_urls=body.evidence_urls,
            mention_id=body.mention_id, correct_value=body.correct_value,
        )
    return AnnotationPublic.of(annotation, who.user.username)


@router.get(
    "/claims/{claim_id}/history", response_model=ClaimHistory, responses=_errors(401, 404)
)
def claim_history(claim_id: ClaimId, session: SessionDep, _: Reader) -> ClaimHistory:
    """Every change to a claim: verdicts (before, after, who, when) and regroupings."""
    with service_errors():
        entries = annotation_service.claim_history(session, claim_id)
        claim = get_claim(session, claim_id)
    return ClaimHistory(
        claim_id=claim.id,
        version=claim.version,
        verdict=claim.verdict,
        entries=[HistoryEntryPublic.of(e) for e in entries],
    )


@router.post(
    "/claims/{claim_id}/merge",
    response_model=GroupingPublic,
    responses=_errors(400, 401, 403, 404, 409, 422),
)
def merge_claims(
    claim_id: ClaimId, body: MergeRequest, session: SessionDep, who: Regrouper
) -> GroupingPublic:
    """Fold another claim into this one; both histories stay."""
    with service_errors():
        result = grouping.merge(
            session, claim_id=claim_id, other_id=body.other_claim_id,
            base_version=body.base_version, other_version=body.other_version, user=who.user,
        )
    return GroupingPublic.of(result)


@router.post(
    "/claims/{claim_id}/split",
    status_code=201,
    response_model=GroupingPublic,
    responses=_errors(400, 401, 403, 404, 409, 422),
)
def split_claim(
    claim_id: ClaimId, body: SplitRequest, session: SessionDep, who: Regrouper
) -> GroupingPublic:
    """Move the chosen mentions into a new claim (``claim_id`` of the answer)."""
    with service_errors():
        result = grouping.split(
            session, claim_id=claim_id, mention_ids=body.mention_ids,
            base_version=body.base_version, user=who.user,
        )
    return GroupingPublic.of(result)


@router.post(
    "/mentions/{mention_id}/move",
    response_model=GroupingPublic,
    responses=_errors(400, 401, 403, 404, 409, 422),
)
def move_mention(
    mention_id: MentionId, body: MoveRequest, session: SessionDep, who: Regrouper
) -> GroupingPublic:
    """Move one mention to another claim; matching never puts it back."""
    with service_errors():
        result = grouping.move(
            session, mention_id=mention_id, target_claim_id=body.target_claim_id,
            base_version=body.base_version, target_version=body.target_version, user=who.user,
        )
    return GroupingPublic.of(result)


@router.post(
    "/mentions/{mention_id}/detach",
    response_model=GroupingPublic,
    responses=_errors(400, 401, 403, 404, 409, 422),
)
def detach_mention(
    mention_id: MentionId, body: DetachRequest, session: SessionDep, who: Regrouper
) -> GroupingPublic:
    """Say a mention is not a fact: it leaves its claim and matching ignores it."""
    with service_errors():
        result = grouping.detach(
            session, mention_id=mention_id, base_version=body.base_version, user=who.user
        )
    return GroupingPublic.of(result)


@router.post(
    "/claims/{claim_id}/pin",
    response_model=GroupingPublic,
    responses=_errors(400, 401, 403, 404, 409, 422),
)
def pin_claim(
    claim_id: ClaimId, body: PinRequest, session: SessionDep, who: Regrouper
) -> GroupingPublic:
    """Pin a claim: it keeps exactly its members through any re-matching."""
    with service_errors():
        result = grouping.set_pinned(
            session, claim_id=claim_id, pinned=body.pinned, base_version=body.base_version,
            user=who.user,
        )
    return GroupingPublic.of(result)


@router.post(
    "/claims/{claim_id}/assign",
    response_model=ReviewItem,
    responses=_errors(400, 401, 403, 404, 422),
)
def assign_claim(
    claim_id: ClaimId, body: AssignRequest, session: SessionDep, who: Assigner
) -> ReviewItem:
    """Give a claim to a fact-checker ('me' for yourself, null to unassign)."""
    with service_errors():
        assignee = None
        if body.assignee == "me":
            assignee = who.user
        elif body.assignee is not None:
            assignee = users.get_user(session, body.assignee)
            if assignee is None:
                raise InvalidChange(f"no user named {body.assignee!r}")
        claim = review.assign(session, claim_id=claim_id, assignee=assignee, actor=who.user)
    return _review_item(claim, assignee.username if assignee else None)


def _review_item(claim: Claim, assignee: str | None) -> ReviewItem:
    return ReviewItem(
        id=claim.id, label=claim.label, status=claim.status,
        verdict=claim.verdict,
        version=claim.version, sources=claim.sources_count, assignee=assignee,
    )


@router.get("/review", response_model=list[ReviewItem], responses=_errors(401))
def review_queue(
    session: SessionDep,
    _: Reader,
    assignee: Annotated[str, Query(description="any, unassigned, or a user name")] = "any",
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_INT)] = 0,
) -> list[ReviewItem]:
    """Claims waiting for a verdict, most sources first."""
    rows = review.review_queue(session, assignee=assignee, limit=limit, offset=offset)
    return [_review_item(claim, name) for claim, name in rows]


@router.get("/annotations", response_model=list[AnnotationPublic], responses=_errors(401))
def list_annotations(
    session: SessionDep,
    _: Reader,
    claim_id: Annotated[int | None, Query(ge=1, le=MAX_INT)] = None,
    verdict: Verdict | None = None,
    user: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_INT)] = 0,
) -> list[AnnotationPublic]:
    """Every verdict given, newest first."""
    rows = annotation_service.list_annotations(
        session, claim_id=claim_id, verdict=verdict, username=user, limit=limit, offset=offset
    )
    return [AnnotationPublic.of(a, name) for a, name in rows]


@router.get("/audit", response_model=list[AuditEventPublic], responses=_errors(401, 403))
def audit_log(
    session: SessionDep,
    _: Admin,
    action: Annotated[str | None, Query(description="e.g. ingest, claim, claim.merge")] = None,
    object_type: str | None = None,
    object_id: Annotated[int | None, Query(ge=0, le=MAX_INT)] = None,
    actor: str | None = None,
    before_id: Annotated[
        int | None, Query(ge=1, le=MAX_INT, description="Page: the last id seen")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[AuditEventPublic]:
    """Every write, newest first (admins only)."""
    events: list[AuditEvent] = review.audit_events(
        session, action=action, object_type=object_type, object_id=object_id, actor=actor,
        before_id=before_id, limit=limit,
    )
    return [AuditEventPublic.model_validate(e) for e in events]

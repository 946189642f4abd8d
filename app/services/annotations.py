"""Fact-checkers' verdicts on claims. Each one is a new row: the rows are the history."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Annotation, AuditEvent, ClaimMembership, User
from app.schemas import VERDICTS
from app.services import audit
from app.services.versioning import InvalidChange, bump_version, get_claim, stale_version

MAX_EVIDENCE_URLS = 20
# Audit actions that change what a claim is made of; they belong in its history.
GROUPING_ACTIONS = (
    "claim.merge", "claim.split", "mention.move", "mention.detach", "claim.pin", "claim.assign",
)


def annotate(
    session: Session,
    *,
    claim_id: int,
    user: User,
    verdict: str,
    base_version: int,
    note: str = "",
    evidence_urls: Sequence[str] = (),
    mention_id: int | None = None,
    correct_value: float | None = None,
) -> Annotation:
    """Record a verdict on the claim as it was at ``base_version`` (StaleVersion otherwise)."""
    claim = get_claim(session, claim_id)
    if verdict not in VERDICTS:
        raise InvalidChange(f"unknown verdict {verdict!r}; choose one of {', '.join(VERDICTS)}")
    urls = [u.strip() for u in evidence_urls if u.strip()]
    if len(urls) > MAX_EVIDENCE_URLS:
        raise InvalidChange(f"at most {MAX_EVIDENCE_URLS} evidence URLs")
    bad = [u for u in urls if not u.lower().startswith(("http://", "https://"))]
    if bad:
        raise InvalidChange(f"evidence URLs must start with http:// or https://: {bad[0]!r}")
    if mention_id is not None and not session.scalar(
        select(ClaimMembership.mention_id).where(
            ClaimMembership.mention_id == mention_id, ClaimMembership.claim_id == claim_id
        )
    ):
        raise InvalidChange(f"mention {mention_id} is not in claim {claim_id}")
    previous = claim.verdict
    # The verdict read above belongs to ``base_version`` only if nobody moved it since.
    if claim.version != base_version:
        raise stale_version(session, claim_id, base_version)
    version = bump_version(session, claim_id, base_version, verdict=verdict)
    annotation = Annotation(
        claim_id=claim_id,
        mention_id=mention_id,
        user_id=user.id,
        verdict=verdict,
        previous_verdict=previous,
        note=note.strip(),
        evidence_urls=urls,
        correct_value=correct_value,
        claim_version=version,
    )
    session.add(annotation)
    session.flush()
    audit.record(
        session, action="claim.annotate", object_type="claim", object_id=claim_id, user=user,
        detail={
            "annotation_id": annotation.id, "verdict": verdict, "previous_verdict": previous,
            "version": version, "mention_id": mention_id,
        },
    )
    return annotation


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One change to a claim: a verdict (before, after) or a change of its members."""

    action: str
    by: str
    at: datetime
    version: int | None
    before: str | None = None
    after: str | None = None
    note: str = ""
    evidence_urls: list[str] = field(default_factory=list)
    correct_value: float | None = None
    mention_id: int | None = None
    annotation_id: int | None = None
    detail: dict[str, Any] = field(default_factory=dict)


def claim_history(session: Session, claim_id: int) -> list[HistoryEntry]:
    """Every change to a claim, newest first (merged claims bring their verdicts along)."""
    get_claim(session, claim_id)
    entries = [
        HistoryEntry(
            action="claim.annotate", by=username or "system", at=a.created_at,
            version=a.claim_version, before=a.previous_verdict, after=a.verdict, note=a.note,
            evidence_urls=list(a.evidence_urls or []), correct_value=a.correct_value,
            mention_id=a.mention_id, annotation_id=a.id,
        )
        for a, username in session.execute(
            select(Annotation, User.username)
            .outerjoin(User, User.id == Annotation.user_id)
            .where(Annotation.claim_id == claim_id)
        )
    ]
    for event in session.scalars(
        select(AuditEvent).where(
            AuditEvent.object_type == "claim",
            AuditEvent.object_id == claim_id,
            AuditEvent.action.in_(GROUPING_ACTIONS),
        )
    ):
        detail = dict(event.detail or {})
        version = detail.get("version")
        entries.append(
            HistoryEntry(
                action=event.action, by=event.actor, at=event.at,
                version=version if isinstance(version, int) else None,
                before=_describe(detail.get("before")), after=_describe(detail.get("after")),
                mention_id=detail.get("mention_id"), detail=detail,
            )
        )
    entries.sort(key=lambda e: (e.at, e.version or 0), reverse=True)
    return entries


def _describe(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return f"{len(value)} mention{'s' if len(value) != 1 else ''}: " + ", ".join(
            str(v) for v in value
        )
    return str(value)


def list_annotations(
    session: Session,
    *,
    claim_id: int | None = None,
    verdict: str | None = None,
    username: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[tuple[Annotation, str | None]]:
    query = select(Annotation, User.username).outerjoin(User, User.id == Annotation.user_id)
    if claim_id is not None:
        query = query.where(Annotation.claim_id == claim_id)
    if verdict is not None:
        query = query.where(Annotation.verdict == verdict)
    if username is not None:
        query = query.where(User.username == username)
    query = query.order_by(Annotation.id.desc()).limit(limit).offset(offset)
    return [(a, name) for a, name in session.execute(query)]

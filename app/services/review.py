"""The fact-checkers' queue, assignments, and reading the audit log."""

from __future__ import annotations

from typing import Literal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.db.models import AuditEvent, Claim, User
from app.services import audit
from app.services.versioning import InvalidChange, get_claim

# Who may hold a claim in the queue: the roles that can give it a verdict.
ASSIGNABLE_ROLES = ("factchecker", "admin")
AssigneeFilter = Literal["any", "me", "unassigned"] | str


def review_queue(
    session: Session,
    *,
    assignee: AssigneeFilter = "any",
    me: User | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[tuple[Claim, str | None]]:
    """Claims waiting for a verdict: sources disagree, or someone marked them disputed.

    Most sources first: those are the figures most readers meet. ``assignee`` is ``any``,
    ``me``, ``unassigned`` or a user name.
    """
    query = (
        select(Claim, User.username)
        .outerjoin(User, User.id == Claim.assignee_id)
        .where(
            or_(
                Claim.verdict == "disputed",
                (Claim.status == "conflicting") & (Claim.verdict == "unverified"),
            )
        )
    )
    if assignee == "me":
        query = query.where(Claim.assignee_id == (me.id if me else -1))
    elif assignee == "unassigned":
        query = query.where(Claim.assignee_id.is_(None))
    elif assignee != "any":
        query = query.where(User.username == assignee)
    query = query.order_by(
        Claim.sources_count.desc(), Claim.mentions_count.desc(), Claim.id
    ).limit(limit).offset(offset)
    return [(claim, name) for claim, name in session.execute(query)]


def assignable_users(session: Session) -> list[User]:
    return list(
        session.scalars(
            select(User)
            .where(User.role.in_(ASSIGNABLE_ROLES), User.is_active)
            .order_by(User.username)
        )
    )


def assign(session: Session, *, claim_id: int, assignee: User | None, actor: User) -> Claim:
    """Give a claim to a fact-checker (``None``: back to the pool). Not a content change,
    so it needs no version."""
    claim = get_claim(session, claim_id)
    if assignee is not None and (assignee.role not in ASSIGNABLE_ROLES or not assignee.is_active):
        raise InvalidChange(f"{assignee.username} cannot take claims: needs role factchecker")
    previous = session.get(User, claim.assignee_id) if claim.assignee_id else None
    new_id = assignee.id if assignee else None
    if claim.assignee_id != new_id:
        claim.assignee_id = new_id
        audit.record(
            session, action="claim.assign", object_type="claim", object_id=claim_id, user=actor,
            detail={
                "before": previous.username if previous else None,
                "after": assignee.username if assignee else None,
            },
        )
    return claim


def audit_events(
    session: Session,
    *,
    action: str | None = None,
    object_type: str | None = None,
    object_id: int | None = None,
    actor: str | None = None,
    before_id: int | None = None,
    limit: int = 100,
) -> list[AuditEvent]:
    """The audit log, newest first; page with ``before_id`` (the last id of a page)."""
    query = select(AuditEvent)
    if action:
        # "claim" matches claim.annotate, claim.merge, ...; "ingest" only itself.
        query = query.where(
            or_(AuditEvent.action == action, AuditEvent.action.startswith(f"{action}."))
        )
    if object_type:
        query = query.where(AuditEvent.object_type == object_type)
    if object_id is not None:
        query = query.where(AuditEvent.object_id == object_id)
    if actor:
        query = query.where(AuditEvent.actor == actor)
    if before_id is not None:
        query = query.where(AuditEvent.id < before_id)
    return list(session.scalars(query.order_by(AuditEvent.id.desc()).limit(limit)))

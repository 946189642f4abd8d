"""Optimistic concurrency for people's changes to claims, and the errors those changes raise.

Every change names the claim version it was based on. The version moves with one
conditional UPDATE, so of two changes based on the same version exactly one wins, on
SQLite and PostgreSQL alike (on PostgreSQL the loser waits for the winner's row lock,
then finds the version moved and matches no row).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, false, select, update
from sqlalchemy.orm import Session

from app.db.models import Annotation, AuditEvent, Claim, User
from app.db.types import utcnow


class ChangeError(Exception):
    """A change that cannot be made; the message says why."""


class NotFound(ChangeError):
    pass


class InvalidChange(ChangeError):
    pass


@dataclass(frozen=True, slots=True)
class Change:
    """One recorded change to a claim, as shown to whoever lost a race with it."""

    action: str
    by: str
    at: datetime
    version: int | None = None
    verdict: str | None = None
    previous_verdict: str | None = None
    note: str | None = None
    evidence_urls: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "by": self.by,
            "at": self.at.isoformat(),
            "version": self.version,
            "verdict": self.verdict,
            "previous_verdict": self.previous_verdict,
            "note": self.note,
            "evidence_urls": self.evidence_urls,
        }


class StaleVersion(ChangeError):
    def __init__(
        self, *, claim_id: int, base_version: int, current_version: int, newest: Change | None
    ) -> None:
        who = f" by {newest.by}" if newest else ""
        super().__init__(
            f"Claim {claim_id} changed since version {base_version}: it is at version "
            f"{current_version} now{who}. Reload it, check the newer change, and apply yours "
            f"with base_version {current_version}."
        )
        self.claim_id = claim_id
        self.base_version = base_version
        self.current_version = current_version
        self.newest = newest


def get_claim(session: Session, claim_id: int) -> Claim:
    claim = session.get(Claim, claim_id)
    if claim is None:
        raise NotFound(f"No claim with id {claim_id}")
    return claim


def newest_change(session: Session, claim_id: int) -> Change | None:
    """The latest change recorded on a claim: an annotation carries its verdict and note."""
    event = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.object_type == "claim", AuditEvent.object_id == claim_id)
        .order_by(AuditEvent.id.desc())
        .limit(1)
    ).first()
    annotation = session.execute(
        select(Annotation, User.username)
        .outerjoin(User, User.id == Annotation.user_id)
        .where(Annotation.claim_id == claim_id)
        .order_by(Annotation.id.desc())
        .limit(1)
    ).first()
    if annotation and (event is None or event.action == "claim.annotate"):
        row, username = annotation
        return Change(
            action="claim.annotate", by=username or "system", at=row.created_at,
            version=row.claim_version, verdict=row.verdict, previous_verdict=row.previous_verdict,
            note=row.note, evidence_urls=list(row.evidence_urls or []),
        )
    if event is None:
        return None
    version = event.detail.get("version") if isinstance(event.detail, dict) else None
    return Change(
        action=event.action, by=event.actor, at=event.at,
        version=version if isinstance(version, int) else None,
    )


def bump_version(
    session: Session, claim_id: int, base_version: int, **values: Any
) -> int:
    """Move the claim from ``base_version`` to the next, setting ``values`` on the way."""
    result = cast(
        CursorResult[Any],
        session.execute(
            update(Claim)
            .where(Claim.id == claim_id, Claim.version == base_version)
            .values(version=Claim.version + 1, updated_at=utcnow(), **values)
            .execution_options(synchronize_session="fetch")
        ),
    )
    if result.rowcount != 1:
        raise stale_version(session, claim_id, base_version)
    return base_version + 1


def stale_version(session: Session, claim_id: int, base_version: int) -> ChangeError:
    """The error for a change based on a version the claim has left (or never had)."""
    current = session.scalar(select(Claim.version).where(Claim.id == claim_id))
    if current is None:
        return NotFound(f"No claim with id {claim_id}")
    return StaleVersion(
        claim_id=claim_id,
        base_version=base_version,
        current_version=current,
        newest=newest_change(session, claim_id),
    )


def reserve_writes(session: Session) -> None:
    """SQLite: take the single write lock before this transaction reads anything.

    SQLite (WAL) gives each transaction a snapshot at its first read; if another writer
    commits after that, this one cannot write at all ("database is locked", at once, no
    waiting). A write statement as the very first one makes concurrent writers queue
    (busy timeout) instead, so the loser of a race reads the winner's version and gets
    a proper 409. PostgreSQL needs nothing: its row locks do this.
    """
    if session.get_bind().dialect.name == "sqlite":
        session.execute(update(Claim).where(false()).values(version=Claim.version))

"""Record every write in the audit log."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from app.db.models import AuditEvent, User
from app.db.session import insert_rows
from app.db.types import utcnow


def record(
    session: Session,
    *,
    action: str,
    object_type: str,
    object_id: int | None,
    user: User | None = None,
    actor: str | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    event = AuditEvent(
        action=action,
        object_type=object_type,
        object_id=object_id,
        user_id=user.id if user else None,
        actor=user.username if user else (actor or "system"),
        detail=detail or {},
    )
    session.add(event)
    return event


def record_all(
    session: Session,
    *,
    action: str,
    object_type: str,
    events: Sequence[tuple[int, dict[str, Any]]],
    user: User | None = None,
) -> None:
    """One event per ``(object_id, detail)``, written at once (bulk ingest): no entities,
    so no ids to read back."""
    at = utcnow()
    actor = user.username if user else "system"
    insert_rows(
        session,
        AuditEvent,
        [
            {
                "at": at,
                "user_id": user.id if user else None,
                "actor": actor,
                "action": action,
                "object_type": object_type,
                "object_id": object_id,
                "detail": detail,
            }
            for object_id, detail in events
        ],
    )

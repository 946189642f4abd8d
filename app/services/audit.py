"""Record every write in the audit log."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.db.models import AuditEvent, User


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

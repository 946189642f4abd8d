"""Accounts: create and check users; passwords hashed with argon2."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import AuditEvent, User
from app.db.types import utcnow
from app.services import audit

Role = Literal["viewer", "editor", "factchecker", "admin"]
ROLES: tuple[Role, ...] = ("viewer", "editor", "factchecker", "admin")
_hasher = PasswordHasher()


class UserError(ValueError):
    """A user change that cannot be made; the message says why."""


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(user: User, password: str) -> bool:
    try:
        return _hasher.verify(user.password_hash, password)
    except (VerifyMismatchError, InvalidHashError):
        return False


def create_user(
    session: Session, *, username: str, password: str, role: str, actor: User | None = None
) -> User:
    username = username.strip()
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    if not username or len(username) > 100:
        raise UserError("a user name needs 1 to 100 characters")
    if len(password) < 8:
        raise UserError("a password needs at least 8 characters")
    if session.scalar(select(User).where(User.username == username)):
        raise UserError(f"user {username!r} exists already")
    user = User(username=username, password_hash=hash_password(password), role=role)
    session.add(user)
    session.flush()
    audit.record(
        session, action="user.create", object_type="user", object_id=user.id, user=actor,
        detail={"username": username, "role": role},
    )
    return user


# Log-in throttling. Failed attempts are audit events, so every app server sees the same
# count and nothing lives in process memory.
LOGIN_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_USER = 5
MAX_FAILURES_PER_ADDRESS = 20
# Compared against when the user does not exist, so that a miss takes as long as a hit.
_DUMMY_HASH = _hasher.hash("no such user, no such password")


@dataclass(frozen=True, slots=True)
class LoginResult:
    user: User | None
    throttled: bool = False
    retry_after: int = 0


def get_user(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username.strip()))


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def authenticate(
    session: Session, *, username: str, password: str, address: str | None
) -> LoginResult:
    """Check a log-in, counting recent failures by user name and by client address."""
    username = username.strip()[:100]
    since = utcnow() - LOGIN_WINDOW
    checks = [(AuditEvent.actor == username, MAX_FAILURES_PER_USER)]
    if address:
        checks.append((AuditEvent.detail["address"].as_string() == address,
                       MAX_FAILURES_PER_ADDRESS))
    for condition, limit in checks:
        count, oldest = session.execute(
            select(func.count(AuditEvent.id), func.min(AuditEvent.at)).where(
                AuditEvent.action == "login.failed", AuditEvent.at >= since, condition
            )
        ).one()
        if count >= limit and oldest is not None:
            wait = int((oldest + LOGIN_WINDOW - utcnow()).total_seconds()) + 1
            return LoginResult(user=None, throttled=True, retry_after=max(wait, 1))

    user = get_user(session, username)
    if user is None or not user.is_active:
        _burn(password)
        ok = False
    else:
        ok = verify_password(user, password)
    if not ok:
        audit.record(
            session, action="login.failed", object_type="user",
            object_id=user.id if user else None, actor=username or "?",
            detail={"address": address},
        )
        return LoginResult(user=None)
    assert user is not None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    audit.record(
        session, action="login", object_type="user", object_id=user.id, user=user,
        detail={"address": address},
    )
    return LoginResult(user=user)


def _burn(password: str) -> None:
    with contextlib.suppress(VerifyMismatchError):
        _hasher.verify(_DUMMY_HASH, password)

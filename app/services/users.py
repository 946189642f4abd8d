"""Accounts: create and check users; passwords hashed with argon2."""

from __future__ import annotations

from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import User
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

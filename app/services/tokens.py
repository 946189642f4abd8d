"""API tokens: shown once at creation, stored only as a SHA-256 hash."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import ApiToken, User
from app.db.types import utcnow
from app.services import audit
from app.services.users import UserError

Scope = Literal["read", "write"]
SCOPES: tuple[Scope, ...] = ("read", "write")
TOKEN_PREFIX = "ft_"
# Recording every use would make each read a write: once every few minutes is enough.
_LAST_USED_GRANULARITY = timedelta(minutes=5)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(
    session: Session, *, user: User, name: str, scope: str, actor: User | None = None
) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns the row and the token itself (never stored)."""
    name = name.strip()
    if scope not in SCOPES:
        raise UserError(f"unknown scope {scope!r}; choose one of {', '.join(SCOPES)}")
    if not name or len(name) > 100:
        raise UserError("a token name needs 1 to 100 characters")
    if not user.is_active:
        raise UserError(f"user {user.username!r} is deactivated")
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, token_hash=hash_token(plain), scope=scope)
    session.add(token)
    session.flush()
    audit.record(
        session, action="token.create", object_type="api_token", object_id=token.id, user=actor,
        detail={"username": user.username, "name": name, "scope": scope},
    )
    return token, plain


def revoke_token(session: Session, *, token_id: int, actor: User | None = None) -> ApiToken:
    token = session.get(ApiToken, token_id)
    if token is None:
        raise UserError(f"no token with id {token_id}")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record(
            session, action="token.revoke", object_type="api_token", object_id=token.id,
            user=actor, detail={"name": token.name},
        )
    return token


def list_tokens(session: Session, *, username: str | None = None) -> list[tuple[ApiToken, str]]:
    query = (
        select(ApiToken, User.username)
        .join(User, User.id == ApiToken.user_id)
        .order_by(ApiToken.id)
    )
    if username:
        query = query.where(User.username == username)
    return [(token, name) for token, name in session.execute(query)]


def user_for_token(session: Session, plain: str) -> tuple[User, ApiToken] | None:
    """The active user a live token belongs to, or ``None``."""
    row = session.execute(
        select(ApiToken, User)
        .join(User, User.id == ApiToken.user_id)
        .where(
            ApiToken.token_hash == hash_token(plain),
            ApiToken.revoked_at.is_(None),
            User.is_active,
        )
    ).first()
    if row is None:
        return None
    token, user = row
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > _LAST_USED_GRANULARITY:
        token.last_used_at = now
    return user, token

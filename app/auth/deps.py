"""Request dependencies: who is asking (session cookie or Bearer token), and may they."""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import Depends, HTTPException, Request

from app.auth.csrf import SAFE_METHODS, check_csrf
from app.auth.roles import PERMISSIONS, Permission, has_role
from app.auth.session import password_fingerprint, session_of
from app.db.models import User
from app.services.tokens import user_for_token
from app.services.versioning import reserve_writes
from app.web.deps import SessionDep, SettingsDep


@dataclass(frozen=True, slots=True)
class Principal:
    user: User
    via: Literal["session", "token"]
    scope: Literal["read", "write"] = "write"

    @property
    def role(self) -> str:
        return self.user.role


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(401, detail, headers={"WWW-Authenticate": "Bearer"})


def get_principal(request: Request, session: SessionDep) -> Principal | None:
    """The caller, or ``None`` for an anonymous visitor.

    A Bearer token wins over the cookie; a bad token is an error, never a silent
    fall-back to anonymous reading.
    """
    header = request.headers.get("Authorization")
    if header is not None:
        kind, _, value = header.partition(" ")
        if kind.lower() != "bearer" or not value.strip():
            raise _unauthorized("Authorization must be 'Bearer <token>'")
        found = user_for_token(session, value.strip())
        if found is None:
            raise _unauthorized("API token unknown or revoked")
        user, token = found
        scope: Literal["read", "write"] = "write" if token.scope == "write" else "read"
        return Principal(user=user, via="token", scope=scope)
    data = session_of(request)
    if data.user_id is None:
        return None
    account = session.get(User, data.user_id)
    if account is None or not account.is_active or not hmac.compare_digest(
        password_fingerprint(account), data.fingerprint or ""
    ):
        data.log_out()  # the account changed since log-in: the cookie is worth nothing
        return None
    return Principal(user=account, via="session")


OptionalPrincipal = Annotated[Principal | None, Depends(get_principal)]


async def _authorize(request: Request, principal: Principal | None, least: str) -> Principal:
    if principal is None:
        raise _unauthorized("Log in or send 'Authorization: Bearer <token>'")
    if request.method not in SAFE_METHODS:
        if principal.via == "session":
            await check_csrf(request)
        elif principal.scope != "write":
            raise HTTPException(403, "This API token may only read; create one with scope write")
    if not has_role(principal.role, least):
        raise HTTPException(
            403, f"Your role ({principal.role}) may not do this; it needs {least} or above"
        )
    return principal


def _writer_first(request: Request, session: SessionDep) -> None:
    """Runs before the caller is looked up: a write request queues for SQLite's write lock."""
    if request.method not in SAFE_METHODS:
        reserve_writes(session)


def require_role(least: str) -> Callable[..., Awaitable[Principal]]:
    """A dependency: the caller, who holds ``least`` or a higher role (401/403 otherwise)."""

    async def dependency(
        request: Request,
        _: Annotated[None, Depends(_writer_first)],  # declared first: it runs first
        principal: OptionalPrincipal,
    ) -> Principal:
        return await _authorize(request, principal, least)

    return dependency


def require_permission(permission: Permission) -> Callable[..., Awaitable[Principal]]:
    return require_role(PERMISSIONS[permission])


async def _signed_in(request: Request, principal: OptionalPrincipal) -> Principal:
    return await _authorize(request, principal, "viewer")


def _reader(request: Request, principal: OptionalPrincipal, settings: SettingsDep) -> None:
    """Reading is public unless ``FACTTRACK_READ_ACCESS=login``."""
    if settings.read_access == "public" or principal is not None:
        return
    if request.url.path.startswith("/api"):
        raise _unauthorized("Reading needs a log-in on this site: send a Bearer token")
    target = quote(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
    raise HTTPException(
        303, "Log in to read this page", headers={"Location": f"/login?next={target}"}
    )


CurrentPrincipal = Annotated[Principal, Depends(_signed_in)]
ReadAccess = Depends(_reader)
Annotator = Annotated[Principal, Depends(require_permission("annotate"))]
Regrouper = Annotated[Principal, Depends(require_permission("regroup"))]
Assigner = Annotated[Principal, Depends(require_permission("assign"))]
Admin = Annotated[Principal, Depends(require_permission("admin"))]
Ingester = Annotated[Principal, Depends(require_permission("ingest"))]
Reader = Annotated[None, ReadAccess]

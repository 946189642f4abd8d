"""The session cookie: signed (itsdangerous), HttpOnly, SameSite=Lax, and the only state.

It holds the user id, a fingerprint of the password hash (changing the password ends every
session), the user name and role for display, and the CSRF token bound to this session. Nothing is
kept on the server, so any app server can serve any request.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.db.models import User

COOKIE_NAME = "facttrack_session"
MAX_AGE_SECONDS = 14 * 24 * 3600
_STATE_KEY = "facttrack_session"


def password_fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True)
class SessionData:
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    user_id: int | None = None
    username: str | None = None
    role: str | None = None  # for display only: every check reads the user's row
    fingerprint: str | None = None
    dirty: bool = False

    def log_in(self, user: User) -> None:
        # A fresh CSRF token too: a token seen before log-in is worth nothing after.
        self.csrf = secrets.token_urlsafe(32)
        self.user_id = user.id
        self.username = user.username
        self.role = user.role
        self.fingerprint = password_fingerprint(user)
        self.dirty = True

    def log_out(self) -> None:
        self.csrf = secrets.token_urlsafe(32)
        self.user_id = self.username = self.role = self.fingerprint = None
        self.dirty = True

    def dump(self) -> dict[str, Any]:
        return {
            "c": self.csrf, "u": self.user_id, "n": self.username, "r": self.role,
            "p": self.fingerprint,
        }

    @classmethod
    def load(cls, data: Any) -> SessionData | None:
        if not isinstance(data, dict) or not isinstance(data.get("c"), str):
            return None
        user_id = data.get("u")

        def text(key: str) -> str | None:
            value = data.get(key)
            return value if isinstance(value, str) else None

        return cls(
            csrf=data["c"],
            user_id=user_id if isinstance(user_id, int) else None,
            username=text("n"),
            role=text("r"),
            fingerprint=text("p"),
        )


class SessionCodec:
    def __init__(self, secret_key: str) -> None:
        self._serializer = URLSafeTimedSerializer(secret_key, salt="facttrack.session")

    def encode(self, data: SessionData) -> str:
        return self._serializer.dumps(data.dump())

    def decode(self, value: str) -> SessionData | None:
        try:
            return SessionData.load(self._serializer.loads(value, max_age=MAX_AGE_SECONDS))
        except BadSignature:  # also expired: SignatureExpired is a BadSignature
            return None


def session_of(connection: HTTPConnection) -> SessionData:
    """The request's session; the middleware puts one on every request."""
    data = connection.scope.get("state", {}).get(_STATE_KEY)
    if not isinstance(data, SessionData):
        # Outside the middleware (should not happen): a throw-away anonymous session.
        data = SessionData()
        connection.scope.setdefault("state", {})[_STATE_KEY] = data
    return data


class SessionMiddleware:
    """Decode the cookie before the app runs; write it back when the session changed."""

    def __init__(self, app: ASGIApp, *, secret_key: str, secure: bool) -> None:
        self.app = app
        self.codec = SessionCodec(secret_key)
        self.secure = secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        data = self._read(scope)
        if data is None:
            data = SessionData(dirty=True)
        scope.setdefault("state", {})[_STATE_KEY] = data

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start" and data.dirty:
                MutableHeaders(scope=message).append("Set-Cookie", self._cookie(data))
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    def _read(self, scope: Scope) -> SessionData | None:
        for name, value in scope.get("headers", ()):
            if name == b"cookie":
                jar: SimpleCookie = SimpleCookie()
                try:
                    jar.load(value.decode("latin-1"))
                except Exception:  # a malformed Cookie header is an anonymous visitor
                    continue
                if COOKIE_NAME in jar:
                    return self.codec.decode(jar[COOKIE_NAME].value)
        return None

    def _cookie(self, data: SessionData) -> str:
        parts = [
            f"{COOKIE_NAME}={self.codec.encode(data)}",
            "Path=/",
            f"Max-Age={MAX_AGE_SECONDS}",
            "HttpOnly",
            "SameSite=Lax",
        ]
        if self.secure:
            parts.append("Secure")
        return "; ".join(parts)

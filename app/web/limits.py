"""Guards that answer before the app sees a request: body size (413), NUL in the address (422)."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send


async def send_problem(send: Send, status: int, title: str, detail: str) -> None:
    """RFC 9457 problem details, sent before the application has seen the request."""
    body = json.dumps(
        {"type": "about:blank", "title": title, "status": status, "detail": detail}
    ).encode()
    await send_body(send, status, b"application/problem+json", body)


async def send_body(send: Send, status: int, kind: bytes, body: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodySizeLimit:
    """Rejects bodies over ``max_bytes`` by Content-Length, or while streaming without it."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, send)
            return
        seen = 0

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, limited_receive, send)
        except _TooLarge:
            await self._refuse(scope, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        api = str(scope.get("path", "")).startswith("/api")
        limit = f"{self.max_bytes:,} bytes"
        if api:
            detail = f"The request body is larger than the {limit} limit."
            await send_problem(send, 413, "Content Too Large", detail)
            return
        body = (
            "<!doctype html><title>413 Content Too Large</title><h1>413 · Content Too "
            f"Large</h1><p>The upload is larger than the {limit} limit. Nothing was "
            "stored.</p><p><a href=\"/ingest\">Back to ingest</a></p>"
        ).encode()
        await send_body(send, 413, b"text/html; charset=utf-8", body)


class _TooLarge(Exception):
    pass


class RejectNul:
    """A NUL character in the address is never meaningful, and PostgreSQL cannot compare text
    with one: refuse such requests up front (422) instead of failing deep in a query."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            raw = scope.get("query_string", b"") + scope.get("raw_path", b"")
            if b"%00" in raw or b"\x00" in raw or "\x00" in scope.get("path", ""):
                detail = "The address contains a NUL character."
                await send_problem(send, 422, "Unprocessable Entity", detail)
                return
        await self.app(scope, receive, send)

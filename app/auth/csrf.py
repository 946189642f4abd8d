"""CSRF: a write sent with the session cookie must also carry the session's token.

The token travels in the ``X-CSRF-Token`` header (htmx: ``hx-headers`` on ``<body>``) or in
the ``csrf_token`` form field. Another site can make a browser send our cookie, but it cannot
read the page that holds the token. Bearer-token requests carry no cookie and need none.
"""

from __future__ import annotations

import hmac

from fastapi import HTTPException, Request

from app.auth.session import session_of

HEADER = "X-CSRF-Token"
FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def csrf_token(request: Request) -> str:
    """The token to embed in this page's forms and ``hx-headers``."""
    return session_of(request).csrf


async def check_csrf(request: Request) -> None:
    if request.method in SAFE_METHODS:
        return
    sent = request.headers.get(HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        value = (await request.form()).get(FIELD)
        sent = value if isinstance(value, str) else None
    expected = session_of(request).csrf
    if not sent or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise HTTPException(
            403,
            "CSRF token missing or wrong: reload the page and try again "
            "(API clients: use a Bearer token)",
        )

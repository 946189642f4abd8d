"""Shared helpers for the extraction tests."""

from __future__ import annotations

from datetime import date

from app.extraction import Mention, extract

PUBLISHED = date(2024, 5, 1)  # a Wednesday, the day of the seed articles


def only(text: str, published: date | None = PUBLISHED) -> Mention:
    """The single mention found in ``text`` (fails when there are none or several)."""
    mentions = extract(text, published)
    assert len(mentions) == 1, [m.text for m in mentions]
    return mentions[0]


def texts(text: str, published: date | None = PUBLISHED) -> list[str]:
    """The spans found in ``text``, in order."""
    return [m.text for m in extract(text, published)]

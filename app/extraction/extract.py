"""Entry point of extraction: text (+ publication date) -> mentions.

A first, honest version: plain numerals with an optional counted noun. The full
recogniser (number words, qualifiers, ranges, dates, attribution) replaces it behind
the same signature.
"""

from __future__ import annotations

import re
from datetime import date

from app.extraction.model import Mention

_NUMBER = re.compile(r"(?<![\w.,-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+([a-z]+))?")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_ANCHOR = 32


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        left = m.end()
    m = _SENTENCE_END.search(text, end)
    right = m.start() if m else len(text)
    return left, right


def extract(text: str, published: date | None = None) -> list[Mention]:
    """Return every figure in ``text``, in order of appearance."""
    mentions: list[Mention] = []
    for m in _NUMBER.finditer(text):
        value = float(m.group(1).replace(",", ""))
        noun = m.group(2)
        unit = noun[:-1] if noun and noun.endswith("s") and len(noun) > 3 else noun
        start, end = m.start(), m.end()
        s_left, s_right = _sentence_bounds(text, start, end)
        mentions.append(
            Mention(
                start=start,
                end=end,
                text=text[start:end],
                sentence=text[s_left:s_right].strip(),
                kind="count",
                value=value,
                low=value,
                high=value,
                date=None,
                qualifier="exact",
                unit=unit,
                subject=None,
                attribution=None,
                prefix=text[max(0, start - _ANCHOR):start],
                suffix=text[end:end + _ANCHOR],
            )
        )
    return mentions

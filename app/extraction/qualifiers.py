"""Qualifiers ("more than", "nearly", "some", "up to"...) and the intervals they imply.

A qualifier is read from the words right before a number (or right after it: "or more",
"-plus") and turns the number into an interval, the form in which the matcher compares
figures:

=============  ==========================  ==================================
qualifier      examples                    interval (low, high)
=============  ==========================  ==================================
exact          "33 hostages"               (v, v)
approximately  about, around, some, ~      (v * 0.95, v * 1.05)
nearly         nearly, almost, just under  (v * 0.9, v)
more_than      more than, over, above      (v, None)
at_least       at least, no fewer than     (v, None)
less_than      fewer than, under, below    (0 or None, v)
at_most        up to, no more than         (0 or None, v)
range          between 30 and 40, 30-40    (low, high), value = midpoint
=============  ==========================  ==================================
"""

from __future__ import annotations

import re
from typing import Final

from app.extraction.model import Kind, Qualifier

APPROXIMATE_TOLERANCE: Final = 0.05
NEARLY_FLOOR: Final = 0.9

# Longest phrases first inside each group so that "just under" wins over "under".
_LEFT_PHRASES: Final[tuple[tuple[Qualifier, tuple[str, ...]], ...]] = (
    ("nearly", (
        "just under", "just below", "just shy of", "just short of", "slightly less than",
        "slightly fewer than", "a little under", "a little less than", "nearly", "almost",
        "close to", "not quite", "approaching",
    )),
    ("at_least", (
        "at least", "no fewer than", "no less than", "not less than", "not fewer than",
        "a minimum of", "at the very least", ">=", "≥",
    )),
    ("at_most", (
        "no more than", "not more than", "at most", "at the most", "up to", "a maximum of",
        "as many as", "as much as", "as high as", "<=", "≤",
    )),
    ("more_than", (
        "just over", "just above", "slightly more than", "well over", "well above",
        "more than", "greater than", "higher than", "larger than", "bigger than",
        "in excess of", "upwards of", "upward of", "over", "above", "exceeding",
        "exceeded", "exceeds", "exceed", "surpassing", "surpassed", "surpass", "topping",
        "topped", "past", ">",
    )),
    ("less_than", (
        "fewer than", "less than", "lower than", "smaller than", "under", "below", "<",
    )),
    ("approximately", (
        "approximately", "approx.", "approx", "about", "around", "roughly", "some",
        "an estimated", "estimated", "circa", "c.", "an approximate", "more or less",
        "give or take", "in the region of", "on the order of", "something like",
        "somewhere around", "~", "≈",
    )),
)
_PHRASE_QUALIFIER: Final[dict[str, Qualifier]] = {
    phrase: q for q, phrases in _LEFT_PHRASES for phrase in phrases
}
# The last word of each phrase ("than", "least", "nearly"...): a cheap gate before the regex.
QUALIFIER_LAST_WORDS: Final[frozenset[str]] = frozenset(
    phrase.split()[-1].rstrip(".") for phrase in _PHRASE_QUALIFIER if phrase[-1].isalpha()
    or phrase.endswith(".")
)
_ALTERNATION: Final = "|".join(
    re.escape(p).replace(r"\ ", r"[^\S\n]+")
    for p in sorted(_PHRASE_QUALIFIER, key=len, reverse=True)
)
# The qualifier must end right before the number: searched in a short window ending there.
_LEFT: Final = re.compile(
    rf"(?:(?<![\w$.])|(?<=[~<>≤≥]))(?P<q>{_ALTERNATION})[^\S\n]*\Z", re.IGNORECASE
)
# "between" and "from" open a range.
_RANGE_OPENER: Final = re.compile(r"(?<![\w])(?P<q>between|from)[^\S\n]+\Z", re.IGNORECASE)
# Qualifiers written after the figure.
_RIGHT: Final = re.compile(
    r"(?P<q>[^\S\n]+or[^\S\n]+(?:more|greater|higher|above|over|older)\b"
    r"|[^\S\n]*(?:-[^\S\n]*)?plus\b(?![^\S\n]+\d)"
    r"|\+(?![\w+])|[^\S\n]+or[^\S\n]+so\b|[^\S\n]+or[^\S\n]+(?:less|fewer|under|below|younger)\b"
    r"|[^\S\n]+and[^\S\n]+(?:more|above|over|up|upwards|older)\b)",
    re.IGNORECASE,
)
# "the past two weeks", "over the past": "past"/"over" right after "the" are not qualifiers.
_NOT_QUALIFIER_BEFORE: Final = re.compile(
    r"\b(?:the|this|last|hand|hands|handed|handing|turn|turns|turned|turning|take|takes|took"
    r"|taken|taking|give|gives|gave|given|giving|pass|passed|passing|sign|signed|signing"
    r"|win|won|victory|lead)[^\S\n]+\Z",
    re.IGNORECASE,
)
# "over five years" is a span of time ("during"), unless a length is being measured
_DURATION_OVER_BEFORE: Final = re.compile(
    r"(?:\b(?:for|lasted|lasting|lasts|took|take|takes|taking|spent|spend|after|than|of|in"
    r"|was|were|is|be|been)|\A|[.!?,;:—(\n][\"”’]?)[^\S\n]*\Z",
    re.IGNORECASE,
)

_NON_NEGATIVE_KINDS: Final[frozenset[Kind]] = frozenset(
    {"count", "duration", "age", "money", "percent", "ordinal"}
)


def left_qualifier(
    text: str, lo: int, hi: int, duration: bool = False
) -> tuple[Qualifier, int] | None:
    """The qualifier ending at ``hi`` (not before ``lo``) and where it starts.

    ``duration``: the figure is a length of time, where a bare "over" means "during".
    """
    m = _LEFT.search(text, lo, hi)
    if m is None:
        return None
    phrase = re.sub(r"\s+", " ", m.group("q").lower())
    if phrase in ("past", "over") and _NOT_QUALIFIER_BEFORE.search(text, lo, m.start()):
        return None
    if duration and phrase == "over" and not _DURATION_OVER_BEFORE.search(
        text, max(0, m.start() - 20), m.start()
    ):
        return None
    return _PHRASE_QUALIFIER[phrase], m.start()


def range_opener(text: str, lo: int, hi: int) -> tuple[str, int] | None:
    """"between" or "from" ending at ``hi``, and where it starts."""
    m = _RANGE_OPENER.search(text, lo, hi)
    if m is None:
        return None
    return m.group("q").lower(), m.start()


def right_qualifier(text: str, pos: int) -> tuple[Qualifier, int] | None:
    """A qualifier written after the figure ("or more", "-plus", "or so") and its end."""
    m = _RIGHT.match(text, pos)
    if m is None:
        return None
    phrase = m.group("q").lower()
    if "so" in phrase.split():
        return "approximately", m.end()
    if any(w in phrase for w in ("less", "fewer", "under", "below", "younger")):
        return "at_most", m.end()
    return "at_least", m.end()


def interval(
    qualifier: Qualifier, value: float, kind: Kind
) -> tuple[float | None, float | None]:
    """(low, high) that the wording allows for ``value``; None is an open end."""
    floor: float | None = 0.0 if kind in _NON_NEGATIVE_KINDS and value >= 0 else None
    if qualifier == "exact" or qualifier == "range":
        return value, value
    if qualifier == "approximately":
        spread = abs(value) * APPROXIMATE_TOLERANCE
        return value - spread, value + spread
    if qualifier == "nearly":
        return value * NEARLY_FLOOR, value
    if qualifier in ("more_than", "at_least"):
        return value, None
    return floor, value

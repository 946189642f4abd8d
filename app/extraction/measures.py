"""Units written right after a number: percent, currency, age, time and physical units.

Each reader takes the text and the offset where the number ends and returns
(kind, unit, end of the unit) or None. Hyphenated compounds count too: "a 40-day phase",
"50-feet", "4-year-old", "a nearly three-hour meeting".
"""

from __future__ import annotations

import re
from typing import Final

from app.extraction.lexicon import (
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    MEASURE_UNITS,
    SQUARE_UNITS,
    TIME_UNITS,
)
from app.extraction.model import Kind

UnitRead = tuple[Kind, str, int]

_SEP: Final = r"(?:[^\S\n]*[-–][^\S\n]*|[^\S\n]+)"
_PERCENT: Final = re.compile(
    r"(?:[^\S\n]*(?:%|٪)|[^\S\n]*-?[^\S\n]*(?:percent|per[^\S\n]+cent|pct)\b"
    r"(?P<points>[^\S\n]+points?\b)?|[^\S\n]+percentage(?P<points2>[^\S\n]+points?\b)?"
    r"|[^\S\n]+percents?\b)",
    re.IGNORECASE,
)
_AGE: Final = re.compile(
    rf"{_SEP}(?P<u>year|month|week|day)s?{_SEP}old\b|[^\S\n]+(?P<u2>year|month|week|day)s?"
    r"[^\S\n]+of[^\S\n]+age\b|[^\S\n]*-?[^\S\n]*(?:yo|y/o)\b",
    re.IGNORECASE,
)
_TIME: Final = re.compile(
    rf"{_SEP}(?P<u>" + "|".join(sorted(TIME_UNITS, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
_SINGLE_LETTER_GLUED: Final = frozenset({"m", "g", "l"})
_MEASURE: Final = re.compile(
    r"(?P<sep>[^\S\n]*-[^\S\n]*|[^\S\n]*)(?P<sq>(?:square|sq\.?)(?:[^\S\n]+|-))?"
    r"(?P<u>" + "|".join(
        re.escape(u) for u in sorted(MEASURE_UNITS, key=len, reverse=True)
    ) + r")(?![\w²])(?P<sq2>²|2\b)?",
    re.IGNORECASE,
)
# A distance per hour is a speed: "km/h", "kilometres an hour", "miles per hour".
_PER_HOUR: Final = re.compile(r"/h(?:r|our)?\b|[^\S\n]+(?:an|per|a)[^\S\n]+hour\b", re.IGNORECASE)
_SPEEDS: Final = {"km": "kmh", "mile": "mph"}
_DEGREES: Final = re.compile(
    r"[^\S\n]*°[^\S\n]*(?P<u>[CcFf])\b"
    r"|[^\S\n]+(?i:degrees?)[^\S\n]+(?P<u2>(?i:celsius|fahrenheit)|C|F)\b"
    r"|(?P<u3>[CF])\b(?![.-]\w)"  # "-5C", "30F": glued capital only
)
_CURRENCY_AFTER: Final = re.compile(
    r"[^\S\n]+(?:(?:US|U\.S\.|American|Canadian|Australian)[^\S\n]+)?(?P<u>"
    + "|".join(sorted(CURRENCY_WORDS, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
_SUBUNIT_AFTER: Final = re.compile(r"[^\S\n]+(?P<u>cents?|pence)\b", re.IGNORECASE)
_CURRENCY_BEFORE: Final = re.compile(
    r"(?P<c>US\$|HK\$|C\$|A\$|[$€£¥₪₹₽₩₺])[^\S\n]?|(?P<code>USD|EUR|GBP|JPY|ILS|NIS|CHF)[^\S\n]+"
)


def currency_before(text: str, pos: int) -> tuple[str, int] | None:
    """A currency sign or code at ``pos`` ("$", "€", "USD ") and where it ends."""
    m = _CURRENCY_BEFORE.match(text, pos)
    if m is None:
        return None
    if m.group("c"):
        return CURRENCY_SYMBOLS[m.group("c").lower()], m.end()
    code = m.group("code").lower()
    return ("ils" if code == "nis" else code), m.end()


def percent_after(text: str, pos: int) -> UnitRead | None:
    m = _PERCENT.match(text, pos)
    if m is None:
        return None
    points = m.group("points") or m.group("points2")
    return "percent", ("percentage point" if points else "percent"), m.end()


def age_after(text: str, pos: int) -> UnitRead | None:
    m = _AGE.match(text, pos)
    if m is None:
        return None
    unit = (m.group("u") or m.group("u2") or "year").lower()
    return "age", unit, m.end()


def time_after(text: str, pos: int) -> UnitRead | None:
    m = _TIME.match(text, pos)
    if m is None:
        return None
    return "duration", TIME_UNITS[m.group("u").lower()], m.end()


def measure_after(text: str, pos: int) -> UnitRead | None:
    m = _DEGREES.match(text, pos)
    if m is not None:
        letter = (m.group("u") or m.group("u2") or m.group("u3") or "").lower()
        return "measure", ("fahrenheit" if letter.startswith("f") else "celsius"), m.end()
    m = _MEASURE.match(text, pos)
    if m is None:
        return None
    raw = m.group("u")
    lower = raw.lower()
    glued = m.group("sep") == "" and m.group("sq") is None
    if not glued and m.group("sep").strip() == "" and lower in _SINGLE_LETTER_GLUED:
        return None  # "5 m people": too ambiguous unless glued ("100m")
    if glued and raw == "M":
        return None  # "10M" is ten million, read as a scale
    if m.group("sq") or m.group("sq2"):
        unit = SQUARE_UNITS.get(lower, MEASURE_UNITS[lower] + "2")
    else:
        unit = MEASURE_UNITS[lower]
    speed = _PER_HOUR.match(text, m.end()) if unit in _SPEEDS else None
    if speed is not None:  # "140 km/h", "148 kilometres an hour", "92 miles per hour"
        return "measure", _SPEEDS[unit], speed.end()
    return "measure", unit, m.end()


def currency_after(text: str, pos: int) -> tuple[str, int, float] | None:
    """A currency word after the number: (code, end, factor); "48 cents" is 0.48 usd."""
    m = _SUBUNIT_AFTER.match(text, pos)
    if m is not None:
        code = "gbp" if m.group("u").lower().startswith("pen") else "usd"
        return code, m.end(), 0.01
    m = _CURRENCY_AFTER.match(text, pos)
    if m is None:
        return None
    return CURRENCY_WORDS[m.group("u").lower()], m.end(), 1.0


_POINTS: Final = re.compile(
    r"[^\S\n]+(?P<basis>basis[^\S\n]+)?points?\b|[^\S\n]*bps?\b", re.IGNORECASE
)
_POINTS_CONTEXT: Final = re.compile(
    r"%|\bper[^\S\n]?cent|\bpoll|\blead\b|\brate\b|\binflation|\bvote|\bsurvey|\bsupport",
    re.IGNORECASE,
)
# Words that make a hyphenated compound an idiom rather than a count ("two-state solution").
_IDIOMS: Final = frozenset({
    "state", "way", "sided", "time", "times", "fold", "off", "up", "on", "plus", "in",
    "hand", "handed", "faced", "party", "shot", "and", "or", "to", "of", "odd", "ish",
    "something", "year", "years", "old", "ever", "thirds", "fourths", "fifths", "point",
    "nil", "all", "love", "nothing",
})
_HYPHEN_NOUN: Final = re.compile(r"[^\S\n]*-[^\S\n]*([a-z]+)\b(?!-)")
_POINTS_WINDOW: Final = 160


def points_after(text: str, pos: int) -> UnitRead | None:
    """"11 basis points" always; "six points" when the sentence speaks of shares or polls."""
    m = _POINTS.match(text, pos)
    if m is None:
        return None
    if m.group("basis") or m.group().strip().lower().startswith("bp"):
        return "percent", "basis point", m.end()
    value_text = text[max(0, pos - 8):pos]
    big = sum(ch.isdigit() for ch in value_text) >= 3  # "475 points": index points, not shares
    if not big and _POINTS_CONTEXT.search(
        text, max(0, pos - _POINTS_WINDOW), pos + _POINTS_WINDOW
    ):
        return "percent", "percentage point", m.end()
    return None


def hyphen_noun_after(text: str, pos: int) -> UnitRead | None:
    """"a 64-seat parliament", "a two-bedroom flat": the noun after the hyphen is counted."""
    m = _HYPHEN_NOUN.match(text, pos)
    if m is None or m.group(1) in _IDIOMS:
        return None
    word = m.group(1)
    unit = word[:-1] if word.endswith("s") and not word.endswith("ss") else word
    return "count", unit, m.end()


# Words that can start a unit after a number; anything else is left to the noun reader.
_UNIT_STARTS: Final = frozenset(
    {w.lower() for w in (*MEASURE_UNITS, *TIME_UNITS, *CURRENCY_WORDS)}
    | {"percent", "percents", "percentage", "per", "pct", "year", "years", "month", "months",
       "week", "weeks", "day", "days", "yo", "y", "points", "point", "basis", "bp", "bps",
       "square", "sq", "degrees", "degree", "cents", "cent", "pence", "us", "u", "american",
       "canadian", "australian", "c", "f"}
)
_NEXT_TOKEN: Final = re.compile(r"[^\S\n]*(-?)[^\S\n]*([A-Za-z]+)")


def may_have_unit(text: str, pos: int) -> bool:
    """Cheap test before the unit readers: a sign ("%", "°") or a unit word follows ``pos``,
    or a hyphenated compound ("64-seat")."""
    ch = text[pos:pos + 1]
    if ch in ("%", "°", "٪"):
        return True
    m = _NEXT_TOKEN.match(text, pos)
    if m is None:
        return ch == " " and text[pos + 1:pos + 2] in ("%", "°")
    return bool(m.group(1)) or m.group(2).lower() in _UNIT_STARTS

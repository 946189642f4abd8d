"""Plain-English rendering of figures and intervals, shared by agreement and labels."""

from __future__ import annotations

from datetime import date

from app.matching.intervals import Interval

# Units written after the number; counted nouns are left to the label's subject.
_SPELLED_UNITS = frozenset({"duration", "measure", "money", "age"})
_QUALIFIER_WORDS = {
    "approximately": "about ",
    "nearly": "nearly ",
    "more_than": "more than ",
    "at_least": "at least ",
    "less_than": "less than ",
    "at_most": "at most ",
}


def number(x: float, kind: str = "count") -> str:
    """``34568.0`` -> "34,568"; ``2.5`` -> "2.5"; a date's day number -> ISO date."""
    if kind == "date":
        try:
            return date.fromordinal(round(x)).isoformat()
        except (ValueError, OverflowError):
            return f"{x:g}"
    if kind == "time":
        minutes = round(x) % 1440
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    if abs(x) >= 1e6 and x == int(x):
        for scale, word in ((1e9, "billion"), (1e6, "million")):
            hundredths = x / scale * 100
            if abs(x) >= scale and abs(hundredths - round(hundredths)) < 1e-6:
                return f"{x / scale:,.2f}".rstrip("0").rstrip(".") + f" {word}"
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


_PLURAL_UNITS = frozenset((
    "second", "minute", "hour", "day", "night", "week", "month", "year", "decade", "mile",
    "acre", "hectare", "metre", "meter", "kilometre", "kilometer", "tonne", "ton", "pound",
    "gallon", "barrel", "litre", "liter", "yard", "degree",
))
_CURRENCIES = {"usd": "$", "eur": "€", "gbp": "£", "jpy": "¥"}


def with_unit(text: str, x: float | None, kind: str, unit: str | None) -> str:
    """Add the unit where the number alone would be ambiguous ("2.5 hours", "15%", "$9")."""
    if kind == "percent":
        return f"{text}%"
    if unit is None or kind not in _SPELLED_UNITS:
        return text
    if kind == "money":
        symbol = _CURRENCIES.get(unit.lower())
        return _prefix(symbol, text) if symbol else f"{text} {unit.upper()}"
    if unit in _PLURAL_UNITS and x != 1:
        return f"{text} {unit}s"
    return f"{text} {unit}"


def _prefix(symbol: str, text: str) -> str:
    """"$" before the number, after a qualifier: "at least $9 billion"."""
    for i, ch in enumerate(text):
        if ch.isdigit():
            return text[:i] + symbol + text[i:]
    return symbol + text


def interval_text(iv: Interval, kind: str = "count") -> str:
    """An interval in words: "34,568 or more", "237.5–262.5", "under 1,000,000"."""
    lo = None if iv.low is None else number(iv.low, kind)
    hi = None if iv.high is None else number(iv.high, kind)
    if lo is None and hi is None:
        return "any value"
    if hi is None:
        return f"more than {lo}" if iv.low_open else f"{lo} or more"
    if lo is None:
        return f"less than {hi}" if iv.high_open else f"{hi} or less"
    if lo == hi:
        return lo
    if iv.high_open:
        return f"{lo} to under {hi}"
    if iv.low_open:
        return f"over {lo} to {hi}"
    return f"{lo}–{hi}"


def qualified(qualifier: str, value: float, kind: str, low: float | None = None,
              high: float | None = None) -> str:
    """A figure as its qualifier words it: "at least 34,568", "30–40", "about 250"."""
    if qualifier == "range" and low is not None and high is not None:
        return f"{number(low, kind)}–{number(high, kind)}"
    return _QUALIFIER_WORDS.get(qualifier, "") + number(value, kind)

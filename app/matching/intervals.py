"""A mention's figure as an interval on one number line.

Extraction gives ``low``/``high`` from the wording (``None`` = open end); this module
adds what extraction leaves to matching: which bounds are strict (from the qualifier),
the rounding tolerance of round figures, and conversion to one base unit.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from app.extraction.model import Mention
from app.matching.units import to_base

# Kinds whose exact round figures ("250", "1 million") carry rounding tolerance.
ROUNDED_KINDS = frozenset({"count", "money", "measure", "duration", "percent"})


@dataclass(frozen=True, slots=True)
class Interval:
    """``low``..``high`` with strict or closed ends; ``None`` is an infinite end."""

    low: float | None
    high: float | None
    low_open: bool = False
    high_open: bool = False

    def contains(self, x: float) -> bool:
        if self.low is not None and (x < self.low or (self.low_open and x == self.low)):
            return False
        return not (
            self.high is not None and (x > self.high or (self.high_open and x == self.high))
        )

    def intersect(self, other: Interval) -> Interval | None:
        """The common part, or ``None`` when no value lies in both."""
        low, low_open = _max_low(self, other)
        high, high_open = _min_high(self, other)
        if (
            low is not None
            and high is not None
            and (low > high or (low == high and (low_open or high_open)))
        ):
            return None
        return Interval(low, high, low_open, high_open)

    def mapped(self, convert: Callable[[float], float]) -> Interval:
        """The same interval in another unit (``convert`` is increasing)."""
        return Interval(
            None if self.low is None else convert(self.low),
            None if self.high is None else convert(self.high),
            self.low_open,
            self.high_open,
        )


def _max_low(a: Interval, b: Interval) -> tuple[float | None, bool]:
    if a.low is None:
        return b.low, b.low_open
    if b.low is None or a.low > b.low:
        return a.low, a.low_open
    if b.low > a.low:
        return b.low, b.low_open
    return a.low, a.low_open or b.low_open


def _min_high(a: Interval, b: Interval) -> tuple[float | None, bool]:
    if a.high is None:
        return b.high, b.high_open
    if b.high is None or a.high < b.high:
        return a.high, a.high_open
    if b.high < a.high:
        return b.high, b.high_open
    return a.high, a.high_open or b.high_open


def rounding_tolerance(value: float) -> float:
    """Half a unit of the last non-zero digit of a figure as written.

    "250" stands for 245..255, "1,200" for 1,150..1,250, "1 million" for 0.5..1.5
    million, "2.3 million" for 2.25..2.35 million, "2.5 hours" for 2.45..2.55, "seven
    months" for 6.5..7.5: the values a writer would round to that figure.
    """
    if value <= 0 or not math.isfinite(value):
        return 0.0
    text = f"{value:.10g}"
    if "e" in text:
        return 0.0
    if "." in text:
        return 0.5 * 10.0 ** -len(text.split(".")[1])
    digits = int(text)
    unit = 1
    while digits % (unit * 10) == 0:
        unit *= 10
    return unit / 2


def day_span(iso: str | None) -> tuple[float, float] | None:
    """First and last day number of an ISO date, month ("2024-05") or year ("2007")."""
    if not iso:
        return None
    parts = iso[:10].split("-")
    try:
        year = int(parts[0])
        if len(parts) >= 3:
            day = float(date(year, int(parts[1]), int(parts[2])).toordinal())
            return day, day
        if len(parts) == 2:
            month = int(parts[1])
            first = date(year, month, 1)
            after = date(year + month // 12, month % 12 + 1, 1)
            return float(first.toordinal()), float(after.toordinal() - 1)
        return float(date(year, 1, 1).toordinal()), float(date(year, 12, 31).toordinal())
    except ValueError:
        return None


def day_number(iso: str | None) -> float | None:
    """An ISO date as a day count, so that dates compare on the same number line."""
    span = day_span(iso)
    return None if span is None else span[0]


_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?:\s*([ap])\.?m\b)?", re.IGNORECASE)


def clock_minutes(text: str | None) -> float | None:
    """A clock time ("03:42", "2024-09-15T03:42", "3:42 p.m.") as minutes after midnight."""
    if not text:
        return None
    found = _CLOCK.search(text.split("T")[-1])
    if found is None:
        return None
    hours, minutes = int(found.group(1)), int(found.group(2))
    half = (found.group(3) or "").lower()
    if half == "p" and hours < 12:
        hours += 12
    elif half == "a" and hours == 12:
        hours = 0
    return float(hours * 60 + minutes)


def representative(mention: Mention) -> float | None:
    """The figure as written, in the base unit (a date as its day number, a time in minutes)."""
    if mention.kind == "date":
        return day_number(mention.date) if mention.date else mention.value
    if mention.kind == "time":
        return clock_minutes(mention.date) or clock_minutes(mention.text)
    if mention.value is None:
        return None
    return to_base(mention.value, mention.unit)[0]


def interval(mention: Mention, *, rounding: bool = True) -> Interval | None:
    """The values ``mention`` allows, in its base unit; ``None`` when it states none."""
    if mention.kind == "date":
        days = day_span(mention.date)
        return None if days is None else Interval(*days)
    if mention.kind == "time":
        minutes = representative(mention)
        return None if minutes is None else Interval(minutes, minutes)
    low, high, value = mention.low, mention.high, mention.value
    if low is None and high is None:
        if value is None:
            return None
        low, high = bounds_from_qualifier(mention.qualifier, value)
    q = mention.qualifier
    high_open = q in ("less_than", "nearly")
    exact = q == "exact" and value is not None and low == high == value
    if exact and rounding and value is not None and mention.kind in ROUNDED_KINDS:
        # the values that round to the figure: [v - h, v + h)
        tol = rounding_tolerance(value)
        low, high = value - tol, value + tol
        high_open = tol > 0
    return Interval(
        _base(low, mention.unit),
        _base(high, mention.unit),
        low_open=q == "more_than",
        high_open=high_open,
    )


def _base(x: float | None, unit: str | None) -> float | None:
    return None if x is None else to_base(x, unit)[0]


def bounds_from_qualifier(qualifier: str, value: float) -> tuple[float | None, float | None]:
    """Extraction's interval convention, for a mention that carries only a value."""
    if qualifier in ("more_than", "at_least"):
        return value, None
    if qualifier in ("less_than", "at_most"):
        return None, value
    if qualifier == "nearly":
        return 0.9 * value, value
    if qualifier == "approximately":
        return 0.95 * value, 1.05 * value
    return value, value


def relative_gap(a: float, b: float) -> float:
    """|a - b| relative to the larger magnitude (0 when both are 0)."""
    scale = max(abs(a), abs(b))
    return 0.0 if scale == 0 else abs(a - b) / scale

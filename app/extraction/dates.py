"""Dates and clock times: read them and resolve them against the publication date.

"Oct. 7" in an article of 2024-05-01 is 2023-10-07 (the latest such day not after
publication, unless the sentence speaks of the future); "on Wednesday" is the Wednesday of
the week of publication; "1:35 a.m." is "01:35".
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Final

from app.extraction.lexicon import MONTHS, WEEKDAYS

_MONTH_NAMES: Final = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
)
_WEEKDAY_NAMES: Final = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY: Final = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR: Final = r"(?:1[89]\d\d|20\d\d)"

# Regex source fragments, used by the recogniser's master pattern (named groups).
DATE_PATTERN: Final = (
    rf"(?:(?P<dwd>{_WEEKDAY_NAMES}),?[^\S\n]+(?:the[^\S\n]+)?)?"
    rf"(?:(?P<mon>{_MONTH_NAMES})\.?[^\S\n]+(?P<day>{_DAY})(?!\d|:\d)(?:,?[^\S\n]+(?P<yr>{_YEAR}))?"
    rf"|(?P<day2>{_DAY})[^\S\n]+(?:of[^\S\n]+)?(?P<mon2>{_MONTH_NAMES})\.?(?:,?[^\S\n]+(?P<yr2>{_YEAR}))?"
    rf"|(?P<mon3>{_MONTH_NAMES})\.?,?[^\S\n]+(?P<yr3>{_YEAR}))\b"
    rf"|\b(?P<iso>{_YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))\b"
    rf"|\b(?P<us>(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])/{_YEAR})\b"
)
TIME_PATTERN: Final = (
    r"\b(?P<hh>[01]?\d|2[0-3])(?::(?P<mm>[0-5]\d))?[^\S\n]*"
    r"(?P<ampm>[aApP]\.[mM]\.|[aApP][mM]\b)"
    r"|\b(?P<hh2>[01]?\d|2[0-3]):(?P<mm2>[0-5]\d)\b(?![:.,]\d)"
    r"|\b(?P<named>midnight|noon)\b"
)
WEEKDAY_PATTERN: Final = rf"\b(?P<wd>{_WEEKDAY_NAMES})\b"

# Words just before a date that place it after publication ("will meet on May 9").
_FUTURE: Final = re.compile(
    r"\b(?:will|shall|next|upcoming|scheduled|due|planned|plans|expected|set[ \t]+to|slated"
    r"|until|till|deadline|starting|from)\b", re.I
)
_PAST: Final = re.compile(r"\b(?:since|last|ago|was|were|had|did)\b", re.I)


def _day_number(day: str) -> int:
    return int(day.rstrip("stndrh"))


def resolve_month_day(
    month: int, day: int, year: int | None, published: date | None, before: str
) -> str | None:
    """ISO date of a day written without its year: the latest one not after publication,
    or the next one when the words just ``before`` it speak of the future."""
    if year is not None:
        return _iso(year, month, day)
    if published is None:
        return None
    iso = _iso(published.year, month, day)
    if iso is None:
        return None
    candidate = date.fromisoformat(iso)
    future = _FUTURE.search(before) is not None and _PAST.search(before) is None
    if candidate > published and not future:
        return _iso(published.year - 1, month, day)
    if candidate < published - timedelta(days=60) and future:
        return _iso(published.year + 1, month, day)
    return iso


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def resolve_weekday(name: str, published: date | None, before: str = "") -> str | None:
    """The latest day called ``name`` not after publication ("on Wednesday" in an article
    of Thursday 2024-05-02 is 2024-05-01), or the coming one when the words just ``before``
    it speak of the future ("will meet on Sunday")."""
    if published is None:
        return None
    back = (published.weekday() - WEEKDAYS[name.lower()]) % 7
    day = published - timedelta(days=back)
    if back and _FUTURE.search(before) is not None and _PAST.search(before) is None:
        day += timedelta(days=7)
    return day.isoformat()


def date_from_groups(
    groups: dict[str, str | None], published: date | None, before: str
) -> str | None:
    """ISO date (or year-month) for a match of ``DATE_PATTERN``; ``before`` is the text
    right before it, where a future tense may show."""
    if groups.get("iso"):
        return groups["iso"]
    us = groups.get("us")
    if us:
        m, d, y = (int(x) for x in us.split("/"))
        return _iso(y, m, d)
    for mon, day, yr in (("mon", "day", "yr"), ("mon2", "day2", "yr2")):
        month_name = groups.get(mon)
        day_text = groups.get(day)
        if month_name and day_text:
            year_text = groups.get(yr)
            return resolve_month_day(
                MONTHS[month_name.lower()], _day_number(day_text),
                int(year_text) if year_text else None, published, before,
            )
    month_name, year_text = groups.get("mon3"), groups.get("yr3")
    if month_name and year_text:
        return f"{int(year_text):04d}-{MONTHS[month_name.lower()]:02d}"
    return None


def time_from_groups(groups: dict[str, str | None]) -> str | None:
    """ISO time "HH:MM" for a match of ``TIME_PATTERN``."""
    hh, mm, ampm = groups.get("hh"), groups.get("mm"), groups.get("ampm")
    if hh is not None and ampm:
        hour = int(hh)
        if hour > 12 or hour == 0:
            return None
        pm = ampm[0].lower() == "p"
        hour = hour % 12 + (12 if pm else 0)
        return f"{hour:02d}:{int(mm or 0):02d}"
    named = groups.get("named")
    if named:
        return "00:00" if named.lower() == "midnight" else "12:00"
    hh2, mm2 = groups.get("hh2"), groups.get("mm2")
    if hh2 is not None and mm2 is not None:
        return f"{int(hh2):02d}:{int(mm2):02d}"
    return None

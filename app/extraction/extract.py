"""Entry point of extraction: text (+ publication date) -> mentions, in text order.

One compiled master pattern finds the places where a figure may start (a date, a clock
time, a weekday, a currency sign, a digit or a number word) and skips what only looks like
one (web addresses, phone numbers, identifiers such as "F-16" or "COVID-19", page
furniture such as "2 min read" or "Copyright 2024"). Around each anchor, small readers
parse the number, a range, the unit or counted noun and the qualifiers; the sentence and
its attribution are computed once per sentence.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Final

from app.extraction.attribution import attribution
from app.extraction.dates import date_from_groups, resolve_weekday, time_from_groups
from app.extraction.model import Mention
from app.extraction.postprocess import (
    Quantity,
    borrow_ordinal_units,
    borrow_units,
    continue_lists,
    date_times,
    merge_bounds,
    merge_durations,
    temperature_scale,
)
from app.extraction.quantities import read_quantity
from app.extraction.scan import (
    CANDIDATE,
    DATE_MARKER,
    MASTER,
    PLAIN_BEFORE,
    skip_token,
    token_context,
)
from app.extraction.sentences import Sentences
from app.extraction.subjects import subject_of

_ANCHOR: Final = 32

_FUTURE_WINDOW: Final = 48


class _Context:
    """Per-text state: sentences and attributions are computed once and reused."""

    __slots__ = ("_attributions", "published", "sentences", "text")

    def __init__(self, text: str, published: date | None) -> None:
        self.text = text
        self.published = published
        self.sentences = Sentences(text)
        self._attributions: dict[int, str | None] = {}

    def sentence(self, start: int) -> tuple[int, int]:
        return self.sentences.bounds(start)

    def attribution(self, s_start: int, s_end: int) -> str | None:
        if s_start not in self._attributions:
            self._attributions[s_start] = attribution(self.text[s_start:s_end])
        return self._attributions[s_start]


def extract(
    text: str,
    published: date | None = None,
    *,
    weekdays: bool = True,
    vague: bool = True,
) -> list[Mention]:
    """Return every figure in ``text``, in order of appearance.

    ``published`` resolves dates written without a year and weekday names. ``weekdays``
    keeps a weekday named on its own ("on Wednesday") as a date mention; ``vague`` keeps
    vague amounts ("hundreds of prisoners") as range mentions. Both are on by default;
    the development labels leave both out (see docs/extraction.md).
    """
    if isinstance(published, datetime):
        published = published.date()  # a timestamp's day: comparisons are between dates
    ctx = _Context(text, published)
    found_all: list[Quantity] = []
    pos = 0
    prev_end = 0
    marker = DATE_MARKER.match(text)
    if marker is not None:
        pos = marker.end()  # a leading "date 2024-05-01" line is metadata, not a figure
    for candidate in CANDIDATE.finditer(text, pos):
        at = candidate.start()
        if at < pos:
            continue
        if at == 0 or text[at - 1] not in PLAIN_BEFORE or not text[at].isdigit():
            at, skip_to = token_context(text, at, pos)
            if skip_to is not None:
                pos = skip_to
                continue
        m = MASTER.match(text, at)
        if m is None and at != candidate.start():
            m = MASTER.match(text, candidate.start())  # "a second phase": not "a" + scale
        if m is None:
            continue
        group = m.lastgroup
        found: Quantity | None = None
        if group == "skip":
            pos = m.end()
            continue
        if group == "date":
            found = _date(ctx, m)
        elif group == "time":
            found = _time(m)
        elif group == "clock":
            found = _clock_duration(m)
        elif group == "weekday":
            found = _weekday(ctx, m)
        else:
            found = read_quantity(text, m.start(), prev_end)
        if found is None:
            pos = skip_token(text, m)
            continue
        found_all.append(found)
        prev_end = found.end
        pos = max(found.end, m.start() + 1)
    found_all = merge_bounds(merge_durations(found_all, text), text)
    if not vague:
        found_all = [q for q in found_all if not q.vague]
    sentence_of = {q.start: ctx.sentence(q.start) for q in found_all}
    continue_lists(found_all, text)
    date_times(found_all, published, sentence_of)
    if not weekdays:
        # kept until now: "1:35 a.m. Thursday" takes its date from the weekday
        found_all = [q for q in found_all if not q.weekday]
    borrow_units(found_all, text, sentence_of)
    borrow_ordinal_units(found_all, text, sentence_of)
    temperature_scale(found_all, text, sentence_of)
    return [_mention(ctx, q, sentence_of[q.start]) for q in found_all]


def _mention(ctx: _Context, q: Quantity, bounds: tuple[int, int]) -> Mention:
    text = ctx.text
    s_start, s_end = bounds
    sentence = text[s_start:s_end]
    return Mention(
        start=q.start,
        end=q.end,
        text=text[q.start:q.end],
        sentence=sentence,
        kind=q.kind,
        value=q.value,
        low=q.low,
        high=q.high,
        date=q.date,
        qualifier=q.qualifier,
        unit=q.unit,
        subject=subject_of(text, q.start, q.end, q.kind, q.unit, s_start, s_end),
        attribution=ctx.attribution(s_start, s_end),
        prefix=text[max(0, q.start - _ANCHOR):q.start],
        suffix=text[q.end:q.end + _ANCHOR],
    )


def _date(ctx: _Context, m: re.Match[str]) -> Quantity | None:
    s_start, _ = ctx.sentence(m.start())
    groups = m.groupdict()
    before = ctx.text[max(s_start, m.start() - _FUTURE_WINDOW):m.start()]
    iso = date_from_groups(groups, ctx.published, before)
    if iso is None and not (groups.get("mon") or groups.get("mon2")):
        return None
    return Quantity(m.start(), m.end(), "date", None, None, None, "exact", None, iso)


def _time(m: re.Match[str]) -> Quantity | None:
    iso = time_from_groups(m.groupdict())
    if iso is None:
        return None
    return Quantity(m.start(), m.end(), "time", None, None, None, "exact", None, iso)


def _clock_duration(m: re.Match[str]) -> Quantity:
    """"2:05:41" (a race time): a duration in seconds."""
    hours, minutes, seconds = (int(x) for x in m.group().split(":"))
    total = float(hours * 3600 + minutes * 60 + seconds)
    return Quantity(m.start(), m.end(), "duration", total, total, total, "exact", "second")


def _weekday(ctx: _Context, m: re.Match[str]) -> Quantity | None:
    s_start, _ = ctx.sentence(m.start())
    before = ctx.text[max(s_start, m.start() - _FUTURE_WINDOW):m.start()]
    iso = resolve_weekday(m.group("wd"), ctx.published, before)
    return Quantity(m.start(), m.end(), "date", None, None, None, "exact", None, iso,
                    weekday=True)

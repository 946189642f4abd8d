"""Presentation helpers for the pages: figures in words, highlighted text, the number line.

Pure functions over the public schemas. Every piece of stored text that reaches HTML here
goes through ``escape``; markup is only ever built around escaped pieces, never by editing
HTML strings.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from markupsafe import Markup, escape

from app.matching.units import to_base
from app.schemas import ClaimMention, ClaimPublic

_QUALIFIER_WORDS = {
    "approximately": "about",
    "nearly": "nearly",
    "more_than": "more than",
    "at_least": "at least",
    "less_than": "less than",
    "at_most": "at most",
}
# Units that read the same in the plural, or that are abbreviations.
_INVARIANT = frozenset({"million", "billion", "thousand", "trillion", "percent", "%", "per cent"})
_IRREGULAR = {"person": "people", "child": "children", "man": "men", "woman": "women"}
_INVARIANT |= frozenset(_IRREGULAR.values()) | {"staff", "police", "personnel", "data"}
_ORDINAL_DAY_MIN = 600_000
_STRICT = frozenset({"more_than", "less_than", "nearly"})
_WHOLE_KINDS = frozenset(
    {"count", "ordinal", "age", "date"}
)  # no ticks between whole values  # day numbers (date.toordinal) of dates after year 1643

STATUS_LABELS = {
    "conflicting": "Conflicting",
    "consistent": "Consistent",
    "single_source": "Single source",
}
STATUS_SIGNS = {"conflicting": "≠", "consistent": "=", "single_source": "1"}
VERDICT_LABELS = {
    "unverified": "Unverified",
    "verified": "Verified",
    "disputed": "Disputed",
    "false": "False",
    "misleading": "Misleading",
}


class Figure(Protocol):
    """What any mention-like object offers: stored, public or freshly extracted."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def value(self) -> float | None: ...
    @property
    def low(self) -> float | None: ...
    @property
    def high(self) -> float | None: ...
    @property
    def date(self) -> str | None: ...
    @property
    def qualifier(self) -> str: ...
    @property
    def unit(self) -> str | None: ...


# --- numbers in words ----------------------------------------------------------------------


def number(x: float, kind: str = "count") -> str:
    """``34568.0`` -> "34,568"; ``2.5`` -> "2.5"; a day number of a date -> "7 Oct 2023"."""
    if kind == "date" and x >= _ORDINAL_DAY_MIN:
        try:
            return day_text(date.fromordinal(round(x)))
        except (ValueError, OverflowError):
            pass
    if not math.isfinite(x):
        return "∞" if x > 0 else "−∞"
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def day_text(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def when(moment: datetime | None) -> str:
    return day_text(moment.date()) if moment else "undated"


def unit_words(unit: str | None, x: float | None) -> str:
    if not unit:
        return ""
    if x == 1 or unit in _INVARIANT or len(unit) <= 2 or unit.endswith("s"):
        return unit
    if unit in _IRREGULAR:
        return _IRREGULAR[unit]
    if unit.endswith("y") and unit[-2:-1] not in "aeiou":
        return unit[:-1] + "ies"
    if unit.endswith(("ch", "sh", "x")):
        return unit + "es"
    return unit + "s"


def _with_unit(text: str, x: float | None, kind: str, unit: str | None) -> str:
    if kind == "percent":
        return f"{text}%"
    words = unit_words(unit, x)
    return f"{text} {words}" if words else text


def figure_words(figure: Figure) -> str:
    """The normalised figure in plain words: "more than 34,535 people", "30 to 40 days"."""
    kind = figure.kind
    if kind == "date" and figure.date:
        try:
            shown = day_text(date.fromisoformat(figure.date[:10]))
        except ValueError:
            shown = figure.date
        prefix = _QUALIFIER_WORDS.get(figure.qualifier)
        return f"{prefix} {shown}" if prefix else shown
    if figure.qualifier == "range" and figure.low is not None and figure.high is not None:
        text = f"{number(figure.low, kind)} to {number(figure.high, kind)}"
        return _with_unit(text, figure.high, kind, figure.unit)
    value = figure.value
    if value is None:
        value = figure.low if figure.low is not None else figure.high
    if value is None:
        return figure.text
    text = number(value, kind)
    prefix = _QUALIFIER_WORDS.get(figure.qualifier)
    text = _with_unit(text, value, kind, figure.unit)
    return f"{prefix} {text}" if prefix else text


def interval_words(low: float | None, high: float | None, kind: str = "count") -> str:
    """The values a figure allows: "34,536 or more", "1,080 to 1,200", "exactly 33"."""
    if low is None and high is None:
        return "any value"
    if high is None:
        return f"{number(low, kind)} or more" if low is not None else "any value"
    if low is None:
        return f"up to {number(high, kind)}"
    if low == high:
        return f"exactly {number(low, kind)}"
    return f"{number(low, kind)} to {number(high, kind)}"


def allows_words(figure: Figure) -> str:
    """What the wording allows, in the figure's unit: "more than 2 hours", "2.7 to under 3"."""
    low, high, kind = figure.low, figure.high, figure.kind
    strict = figure.qualifier in _STRICT
    if low is None and high is None:
        text = "any value"
    elif high is None:
        assert low is not None
        text = f"more than {number(low, kind)}" if strict else f"{number(low, kind)} or more"
    elif low is None:
        text = f"less than {number(high, kind)}" if strict else f"up to {number(high, kind)}"
    elif low == high:
        text = f"exactly {number(low, kind)}"
    else:
        under = "under " if figure.qualifier == "nearly" else ""
        text = f"{number(low, kind)} to {under}{number(high, kind)}"
    if text == "any value" or kind == "date":
        return text
    return _with_unit(text, high if high is not None else low, kind, figure.unit)


# --- highlighted text ----------------------------------------------------------------------


def highlight(
    body: str,
    figures: Iterable[Figure],
    render_figure: Callable[[Figure, Markup], Markup],
) -> Markup:
    """``body`` with each figure's span wrapped by ``render_figure`` (given the escaped text).

    Spans are taken in order; one that overlaps an earlier span or leaves the text is shown
    as plain text, so bad offsets can never break the page.
    """
    out: list[str] = []
    at = 0
    for figure in sorted(figures, key=lambda f: (f.start, f.end)):
        if figure.start < at or figure.end > len(body) or figure.start >= figure.end:
            continue
        out.append(escape(body[at : figure.start]))
        out.append(render_figure(figure, escape(body[figure.start : figure.end])))
        at = figure.end
    out.append(escape(body[at:]))
    return Markup("").join(out)


def quote(sentence: str, figure_text: str, prefix: str = "") -> Markup:
    """The sentence with the figure marked; the quote anchor's prefix picks the occurrence."""
    positions = []
    found = sentence.find(figure_text) if figure_text else -1
    while found != -1:
        positions.append(found)
        found = sentence.find(figure_text, found + 1)
    if not positions:
        return Markup(escape(sentence))

    def fit(pos: int) -> int:
        """How many characters before this occurrence match the end of the prefix."""
        before, n = sentence[:pos], 0
        while n < min(len(before), len(prefix)) and before[-1 - n] == prefix[-1 - n]:
            n += 1
        return n

    pos = max(positions, key=fit)
    end = pos + len(figure_text)
    return Markup("{}<mark>{}</mark>{}").format(sentence[:pos], sentence[pos:end], sentence[end:])


# --- the number line -----------------------------------------------------------------------

# Horizontal positions are percentages of the drawing's width, so the SVG fills any screen
# without scaling its text; vertical positions are pixels.
MARGIN = 2.5
ROW = 44
TOP = 12
AXIS = 36


@dataclass(frozen=True, slots=True)
class LineRow:
    y: float
    label: str
    x1: float
    x2: float
    open_low: bool
    open_high: bool
    dot: float | None
    hollow: bool  # the figure as written lies outside what the wording allows ("more than 2")
    agrees: bool
    words: str


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True, slots=True)
class NumberLine:
    height: int
    rows: list[LineRow]
    ticks: list[Tick]
    band: tuple[float, float] | None
    axis_y: float
    time_ordered: bool


def _nice_step(span: float, count: int = 5) -> float:
    raw = span / count
    power: float = 10.0 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def member_order(claim: ClaimPublic) -> list[ClaimMention]:
    """Publication order when the status depends on time, else by value (reads left to right)."""
    if claim.time_ordered:
        return sorted(
            claim.mentions,
            key=lambda m: (m.article.published_at is None, m.article.published_at, m.id),
        )

    def by_value(m: ClaimMention) -> tuple[float, float, int]:
        low = m.low if m.low is not None else -math.inf
        value = m.value if m.value is not None else low
        return (low, value, m.id)

    return sorted(claim.mentions, key=by_value)


@dataclass(frozen=True, slots=True)
class _Span:
    low: float | None
    high: float | None
    value: float | None


def _in_unit(m: ClaimMention, unit: str | None) -> _Span:
    """A member's figures in the claim's unit ("150 minutes" on a line of hours: 2.5)."""
    if m.unit == unit or m.unit is None or unit is None:
        return _Span(m.low, m.high, m.value)
    factor, base = to_base(1.0, m.unit)
    target, target_base = to_base(1.0, unit)
    if base != target_base or not target:
        return _Span(m.low, m.high, m.value)
    scale = factor / target

    def convert(v: float | None) -> float | None:
        return None if v is None else v * scale

    return _Span(convert(m.low), convert(m.high), convert(m.value))


def number_line(claim: ClaimPublic, members: Sequence[ClaimMention]) -> NumberLine | None:
    """Each member's interval on one scale; ``None`` when no member has a number."""
    spans = [_in_unit(m, claim.unit) for m in members]
    finite = [
        x for sp in spans for x in (sp.low, sp.high, sp.value) if x is not None and math.isfinite(x)
    ]
    if not finite:
        return None
    lo, hi = min(finite), max(finite)
    whole = claim.kind in _WHOLE_KINDS and all(x == int(x) for x in finite)
    span = hi - lo or (1.0 if whole else abs(hi) * 0.1 or 1.0)
    lo, hi = lo - span * 0.25, hi + span * 0.25
    if min(finite) >= 0 > lo and claim.kind != "date":
        lo = 0.0 if min(finite) <= span else lo
    plot = 100 - 2 * MARGIN

    def x(v: float) -> float:
        return round(MARGIN + (v - lo) / (hi - lo) * plot, 2)

    disagreeing = set(claim.disagreeing_sources)
    rows = []
    for index, (m, sp) in enumerate(zip(members, spans, strict=True)):
        label = m.article.source
        if claim.time_ordered:
            label = f"{label} · {when(m.article.published_at)}"
        rows.append(
            LineRow(
                y=TOP + index * ROW + 26,
                label=label,
                x1=x(sp.low) if sp.low is not None else MARGIN,
                x2=x(sp.high) if sp.high is not None else 100 - MARGIN,
                open_low=sp.low is None,
                open_high=sp.high is None,
                dot=x(sp.value) if sp.value is not None and math.isfinite(sp.value) else None,
                hollow=m.qualifier in _STRICT,
                agrees=m.article.source not in disagreeing,
                words=figure_words(m),
            )
        )
    step = max(_nice_step(hi - lo), 1.0) if whole else _nice_step(hi - lo)
    ticks = []
    value = math.ceil(lo / step) * step
    while value <= hi:
        ticks.append(Tick(x(value), number(round(value, 6), claim.kind)))
        value += step
    band = None
    if claim.common_low is not None and claim.common_high is not None:
        band = (x(max(claim.common_low, lo)), x(min(claim.common_high, hi)))
    axis_y = TOP + len(members) * ROW + 8
    return NumberLine(
        height=int(axis_y + AXIS),
        rows=rows,
        ticks=ticks,
        band=band,
        axis_y=axis_y,
        time_ordered=claim.time_ordered,
    )


def by_source(members: Sequence[ClaimMention]) -> list[tuple[str, list[ClaimMention]]]:
    """Members grouped per outlet, outlets in the order they first appear."""
    groups: dict[str, list[ClaimMention]] = {}
    for m in members:
        groups.setdefault(m.article.source, []).append(m)
    return list(groups.items())

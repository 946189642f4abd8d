"""Typed values produced by extraction. Pure data: no I/O, no framework."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Kind = Literal[
    "count", "duration", "date", "time", "ordinal", "age", "percent", "money", "measure"
]
Qualifier = Literal[
    "exact",
    "approximately",
    "nearly",
    "more_than",
    "at_least",
    "less_than",
    "at_most",
    "range",
]

KINDS: tuple[Kind, ...] = (
    "count", "duration", "date", "time", "ordinal", "age", "percent", "money", "measure"
)
QUALIFIERS: tuple[Qualifier, ...] = (
    "exact", "approximately", "nearly", "more_than", "at_least", "less_than", "at_most", "range"
)


@dataclass(frozen=True, slots=True)
class Mention:
    """One figure found in one text.

    ``text == body[start:end]`` always holds. ``low``/``high`` describe the interval the
    wording allows (``None`` is an open end); ``value`` is the figure as written (for a
    range, its midpoint). ``prefix``/``suffix`` are the quote anchor (W3C TextQuoteSelector)
    that lets the quote be re-found if the text is revised.
    """

    start: int
    end: int
    text: str
    sentence: str
    kind: Kind
    value: float | None
    low: float | None
    high: float | None
    date: str | None
    qualifier: Qualifier
    unit: str | None
    subject: str | None
    attribution: str | None
    prefix: str = ""
    suffix: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The mention as DESIGN.md's mention JSON (plus the quote anchor)."""
        return asdict(self)

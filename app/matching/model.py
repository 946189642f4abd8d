"""Typed values of matching. Pure data: no I/O, no framework."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from app.extraction.model import Kind, Mention

Status = Literal["consistent", "conflicting", "single_source"]
STATUSES: tuple[Status, ...] = ("consistent", "conflicting", "single_source")


@dataclass(frozen=True, slots=True)
class MentionRecord:
    """A mention with what matching needs to know of its article."""

    id: int
    article_id: int
    source: str
    published: datetime | None
    mention: Mention
    # Names the article repeats (``app.matching.article_topic(body)``): which story it
    # tells. Empty when unknown; matching then relies on the sentence alone.
    topic: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class ClaimRecord:
    """A stored claim as matching sees it.

    ``locked`` holds the ids of members a person placed (merge, split, move): automatic
    matching never moves them (such a claim is never folded into another one).
    ``excluded`` holds mentions a person removed from this claim: automatic matching never
    puts them back. ``pinned``: a person froze the claim: it takes no automatic members
    and never merges automatically.
    """

    id: int
    members: tuple[MentionRecord, ...]
    locked: frozenset[int] = frozenset()
    excluded: frozenset[int] = frozenset()
    pinned: bool = False


@dataclass(frozen=True, slots=True)
class NewClaim:
    """A claim to create; mentions with the same ``group`` share it."""

    group: int


@dataclass(frozen=True, slots=True)
class MatchResult:
    """Where each new mention goes, and which existing claims turned out to be one fact.

    ``merges`` lists groups of existing claim ids to fold into their lowest id.
    """

    assignments: dict[int, int | NewClaim]
    merges: tuple[tuple[int, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class SourceFigure:
    """One source's figure within a claim, in the claim's unit, for display."""

    source: str
    mention_id: int
    published: datetime | None
    low: float | None
    high: float | None
    value: float | None
    agrees: bool
    text: str = ""  # the figure as the source wrote it
    low_open: bool = False  # ``low`` itself excluded ("more than")
    high_open: bool = False  # ``high`` itself excluded ("nearly", "less than")


@dataclass(frozen=True, slots=True)
class Agreement:
    """Do the sources of one claim agree, and why."""

    status: Status
    low: float | None
    high: float | None
    common_low: float | None
    common_high: float | None
    relative_spread: float | None
    disagreeing_sources: tuple[str, ...]
    time_ordered: bool
    explanation: str
    figures: tuple[SourceFigure, ...] = field(default=())
    best_value: float | None = None  # the value that satisfies the most sources
    trend: str | None = None  # "rising" / "falling" when ``time_ordered``
    unit: str | None = None  # the unit of every figure above


@dataclass(frozen=True, slots=True)
class ClaimSummary:
    """What a claim row stores: computed from its members alone."""

    label: str
    kind: Kind
    unit: str | None
    agreement: Agreement

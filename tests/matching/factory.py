"""Build mentions and records for matching tests without running extraction."""

from __future__ import annotations

from datetime import datetime, timedelta

from app.extraction.model import Kind, Mention, Qualifier
from app.matching.match import blocking_keys
from app.matching.model import MentionRecord
from app.matching.similarity import DEFAULT_SIGNALS, Signals, same_fact


def bounds(qualifier: str, value: float) -> tuple[float | None, float | None]:
    """Extraction's interval convention."""
    return {
        "exact": (value, value),
        "approximately": (value * 0.95, value * 1.05),
        "nearly": (value * 0.9, value),
        "more_than": (value, None),
        "at_least": (value, None),
        "less_than": (None, value),
        "at_most": (None, value),
    }[qualifier]


def mention(
    sentence: str,
    figure: str,
    value: float,
    *,
    unit: str | None = None,
    kind: Kind = "count",
    qualifier: Qualifier = "exact",
    low: float | None = None,
    high: float | None = None,
    subject: str | None = None,
    date: str | None = None,
) -> Mention:
    """A mention of ``figure`` (a substring of ``sentence``) worth ``value``."""
    start = sentence.index(figure)
    if qualifier == "range":
        lo, hi = low, high
    else:
        lo, hi = bounds(qualifier, value)
    return Mention(
        start=start,
        end=start + len(figure),
        text=figure,
        sentence=sentence,
        kind=kind,
        value=value,
        low=lo,
        high=hi,
        date=date,
        qualifier=qualifier,
        unit=unit,
        subject=subject,
        attribution=None,
        prefix=sentence[max(0, start - 32) : start],
        suffix=sentence[start + len(figure) : start + len(figure) + 32],
    )


class Corpus:
    """Numbers mentions and articles as storage would."""

    def __init__(self) -> None:
        self.records: list[MentionRecord] = []
        self._article = 0

    def article(
        self, source: str, published: str, *mentions: Mention
    ) -> list[MentionRecord]:
        self._article += 1
        when = datetime.fromisoformat(published)
        out = [
            MentionRecord(len(self.records) + i + 1, self._article, source, when, m)
            for i, m in enumerate(mentions)
        ]
        self.records.extend(out)
        return out


JUDGED_DAY = datetime(2025, 6, 2, 9)


def judged(
    a: Mention, b: Mention, days_apart: float = 0, signals: Signals = DEFAULT_SIGNALS
) -> bool:
    """``same_fact`` of ``a`` and ``b`` from two outlets ``days_apart`` days apart; checks
    that it is symmetric and that what it accepts shares a blocking key."""
    ra = MentionRecord(1, 1, "Lakeside Herald", JUDGED_DAY, a)
    rb = MentionRecord(2, 2, "Upland Courier", JUDGED_DAY + timedelta(days=days_apart), b)
    result = same_fact(ra, rb, signals)
    assert result == same_fact(rb, ra, signals), "same_fact must be symmetric"
    if result:
        assert blocking_keys(a, signals, ra.published) & blocking_keys(b, signals, rb.published)
    return result

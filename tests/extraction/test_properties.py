"""Properties that hold for any input text."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.extraction import KINDS, QUALIFIERS, extract

# Text built from news-like pieces finds many figures; arbitrary Unicode finds edge cases.
_PIECES = st.sampled_from([
    "more than", "at least", "nearly", "some", "about", "up to", "between", "and", "to", "-",
    "fewer than", "over", "the", "a", "an", "half", "dozens of", "hundreds of", "tens of",
    "thousands", "million", "billion", "two", "Thirty-three", "seventh", "first", "one",
    "1,058", "34,535", "2.5", "1.5bn", "$", "€", "%", "percent", "2½", "50-feet", "4-year-old",
    "hours", "days", "km", "people", "Israeli", "hostages", "Oct.", "7", "May", "1,", "2024",
    "Wednesday", "1:35", "a.m.", "F-16", "COVID-19", "I-695", ",", ".", "\n", "said",
    "according to", "Reuters", "(", ")", "—", "’s", "2:05:41", "of the", "69", "of", "151",
])
_NEWSISH = st.lists(_PIECES, max_size=40).map(" ".join)
_ANY_TEXT = st.one_of(st.text(max_size=300), _NEWSISH)
_DATES = st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_ANY_TEXT, _DATES)
def test_mentions_are_well_formed(text: str, published: date | None) -> None:
    mentions = extract(text, published)
    last_end = 0
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
        assert m.start >= last_end, "mentions overlap or are out of order"
        last_end = m.end
        assert m.kind in KINDS
        assert m.qualifier in QUALIFIERS
        assert m.text in m.sentence or m.sentence in text
        assert m.prefix == text[max(0, m.start - 32):m.start]
        assert m.suffix == text[m.end:m.end + 32]
        if m.value is not None and m.low is not None:
            assert m.low <= m.value + 1e-9
        if m.value is not None and m.high is not None:
            assert m.value <= m.high + 1e-9
        if m.low is not None and m.high is not None:
            assert m.low <= m.high
        if m.unit is not None:
            assert m.unit == m.unit.lower()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_unicode_never_raises(text: str) -> None:
    extract(text)
    extract(text, date(2024, 2, 29))


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
def test_formatted_integers_read_back(n: int) -> None:
    m = extract(f"Officials counted {n:,} ballots.")
    assert len(m) == 1
    assert m[0].value == n
    assert m[0].unit == "ballot"

"""Figures in words, highlighted text and the number line, without a database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from markupsafe import Markup

from app.schemas import ArticleRef, ClaimMention, ClaimPublic
from app.web.present import (
    allows_words,
    figure_words,
    highlight,
    interval_words,
    member_order,
    number_line,
    quote,
)


@dataclass
class Fig:
    start: int
    end: int
    text: str
    kind: str = "count"
    value: float | None = None
    low: float | None = None
    high: float | None = None
    date: str | None = None
    qualifier: str = "exact"
    unit: str | None = None


def test_figure_words() -> None:
    assert (
        figure_words(Fig(0, 1, "x", value=34535, low=34535, qualifier="more_than", unit="person"))
        == "more than 34,535 people"
    )
    assert (
        figure_words(
            Fig(0, 1, "x", value=2.5, unit="hour", kind="duration", qualifier="approximately")
        )
        == "about 2.5 hours"
    )
    assert (
        figure_words(Fig(0, 1, "x", value=35, low=30, high=40, qualifier="range", unit="day"))
        == "30 to 40 days"
    )
    assert figure_words(Fig(0, 1, "x", value=1, unit="hostage")) == "1 hostage"
    assert figure_words(Fig(0, 1, "x", value=75, kind="percent")) == "75%"
    assert figure_words(Fig(0, 1, "x", kind="date", date="2023-10-07")) == "7 Oct 2023"
    assert figure_words(Fig(0, 1, "as written")) == "as written"


def test_interval_words() -> None:
    assert interval_words(34568, None) == "34,568 or more"
    assert interval_words(None, 1200) == "up to 1,200"
    assert interval_words(33, 33) == "exactly 33"
    assert interval_words(1080, 1200) == "1,080 to 1,200"
    assert interval_words(None, None) == "any value"


def plain(figure: object, text: Markup) -> Markup:
    return Markup("<b>{}</b>").format(text)


def test_highlight_escapes_every_piece_and_skips_bad_spans() -> None:
    body = "<script>alert(1)</script> 12 & <i>3</i>"
    figures = [
        Fig(26, 28, "12"),
        Fig(27, 29, "2 "),  # overlaps the previous one
        Fig(0, 8, "<script>"),
        Fig(50, 60, "beyond the end"),
    ]
    out = highlight(body, figures, plain)
    assert str(out) == (
        "<b>&lt;script&gt;</b>alert(1)&lt;/script&gt; <b>12</b> &amp; &lt;i&gt;3&lt;/i&gt;"
    )


def test_quote_marks_the_occurrence_the_prefix_names() -> None:
    sentence = "Of 40 trucks, 40 arrived <late>."
    marked = quote(sentence, "40", prefix="Of 40 trucks, ")
    assert str(marked) == "Of 40 trucks, <mark>40</mark> arrived &lt;late&gt;."
    assert str(quote("No figure here", "7")) == "No figure here"


def claim_with(
    *figures: tuple[str, float | None, float | None, float | None], time_ordered: bool = False
) -> ClaimPublic:
    mentions = [
        ClaimMention(
            id=i + 1,
            text="x",
            start=0,
            end=1,
            sentence="x",
            kind="count",
            value=value,
            low=low,
            high=high,
            date=None,
            qualifier="exact",
            unit="person",
            subject=None,
            attribution=None,
            prefix="",
            suffix="",
            claim_id=1,
            article=ArticleRef(
                id=i + 1,
                title="t",
                source=source,
                url=None,
                published_at=datetime(2024, 5, 3 - i, tzinfo=UTC),
            ),
        )
        for i, (source, value, low, high) in enumerate(figures)
    ]
    return ClaimPublic(
        id=1,
        label="people",
        kind="count",
        unit="person",
        status="conflicting",
        verdict="unverified",
        version=1,
        low=None,
        high=None,
        common_low=None,
        common_high=None,
        relative_spread=None,
        explanation="",
        time_ordered=time_ordered,
        disagreeing_sources=["B"],
        sources=len(figures),
        mentions_count=len(mentions),
        updated_at=datetime(2024, 5, 3, tzinfo=UTC),
        mentions=mentions,
    )


def test_number_line_draws_open_ends_and_disagreement() -> None:
    claim = claim_with(
        ("A", 34535, 34535, None), ("B", 34000, 34000, 34000), ("C", 34568, 34568, 34568)
    )
    members = member_order(claim)
    assert [m.article.source for m in members] == ["B", "A", "C"]  # by value
    line = number_line(claim, members)
    assert line is not None
    a = next(r for r in line.rows if r.label == "A")
    assert a.open_high and not a.open_low and a.x2 == 97.5
    b = next(r for r in line.rows if r.label == "B")
    assert not b.agrees and b.x1 == b.x2
    assert all(2.5 <= t.x <= 97.5 for t in line.ticks) and len(line.ticks) >= 3
    assert number_line(claim_with(("A", None, None, None)), []) is None


def test_time_ordered_claims_keep_publication_order() -> None:
    claim = claim_with(("A", 10, 10, 10), ("B", 5, 5, 5), time_ordered=True)
    assert [m.article.source for m in member_order(claim)] == ["B", "A"]  # B is older
    line = number_line(claim, member_order(claim))
    assert line is not None and "·" in line.rows[0].label


def test_allows_words_follow_the_qualifier() -> None:
    assert (
        allows_words(
            Fig(0, 1, "x", value=2, low=2, qualifier="more_than", unit="hour", kind="duration")
        )
        == "more than 2 hours"
    )
    assert (
        allows_words(Fig(0, 1, "x", value=34568, low=34568, qualifier="at_least"))
        == "34,568 or more"
    )
    assert (
        allows_words(
            Fig(
                0,
                1,
                "x",
                value=3,
                low=2.7,
                high=3,
                qualifier="nearly",
                unit="hour",
                kind="duration",
            )
        )
        == "2.7 to under 3 hours"
    )
    assert (
        allows_words(Fig(0, 1, "x", value=150, low=150, high=150, unit="minute", kind="duration"))
        == "exactly 150 minutes"
    )
    assert allows_words(Fig(0, 1, "x", value=10, high=10, qualifier="less_than")) == "less than 10"

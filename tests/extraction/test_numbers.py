"""Number phrases: numerals, number words, scales, fractions."""

from __future__ import annotations

import pytest

from app.extraction import extract
from tests.extraction.helpers import only


@pytest.mark.parametrize(
    ("phrase", "span", "value"),
    [
        ("34,535 Palestinians", "34,535 Palestinians", 34535),
        ("2.5 hours", "2.5 hours", 2.5),
        ("1.6 km", "1.6 km", 1.6),
        ("1,058 people", "1,058 people", 1058),
        ("a 7.4 magnitude quake", "7.4 magnitude", 7.4),
        ("2½ hours", "2½ hours", 2.5),
        ("34.8 km", "34.8 km", 34.8),
        ("1,674,200.5 litres", "1,674,200.5 litres", 1674200.5),
        ("two children", "two children", 2),
        ("Thirty-three hostages", "Thirty-three hostages", 33),
        ("two and a half hours", "two and a half hours", 2.5),
        ("a million people", "a million people", 1_000_000),
        ("1 million people", "1 million people", 1_000_000),
        ("half a million people", "half a million people", 500_000),
        ("a dozen people", "a dozen people", 12),
        ("one hundred and six votes", "one hundred and six votes", 106),
        ("twenty-one trillion three hundred dollars", "twenty-one trillion three hundred dollars",
         21_000_000_000_300),
        ("five and a half million fish", "five and a half million fish", 5_500_000),
        ("3 million and a half voters", "3 million and a half voters", 3_500_000),
        ("three dozen eggs", "three dozen eggs", 36),
        ("1.5bn euros", "1.5bn euros", 1.5e9),
    ],
)
def test_number_values(phrase: str, span: str, value: float) -> None:
    m = only(phrase)
    assert m.text == span
    assert m.value == pytest.approx(value)


@pytest.mark.parametrize(
    ("phrase", "value"),
    [("two thirds of voters", 200 / 3), ("a quarter of residents", 25.0),
     ("three quarters of the city", 75.0), ("one in five adults", 20.0)],
)
def test_spoken_shares_are_percentages(phrase: str, value: float) -> None:
    m = only(phrase)
    assert (m.kind, m.unit) == ("percent", "percent")
    assert m.value == pytest.approx(value)


@pytest.mark.parametrize(
    ("phrase", "span", "value", "unit"),
    [
        ("his seventh trip", "seventh trip", 7, "trip"),
        ("the 7th day", "7th day", 7, "day"),
        ("the second phase", "second phase", 2, "phase"),
        ("the twenty-first meeting", "twenty-first meeting", 21, "meeting"),
        ("A third phase would follow", "third phase", 3, "phase"),
        ("the 46th edition", "46th edition", 46, "edition"),
        ("She finished fourth.", "fourth", 4, "place"),
        ("He finished second.", "second", 2, "place"),
    ],
)
def test_ordinals(phrase: str, span: str, value: float, unit: str) -> None:
    m = only(phrase)
    assert (m.kind, m.text, m.value, m.unit) == ("ordinal", span, value, unit)


@pytest.mark.parametrize(
    ("sentence", "span", "unit"),
    [
        # the subject it is said of
        ("The visit is the minister's fourth to the island since May.", "fourth", "visit"),
        ("Her tour, which also took her to Oslo, was her ninth to the region.", "ninth", "tour"),
        ("The walkout, the second at the mill this year, ended on Friday.", "second", "walkout"),
        # the noun of another ordinal of the sentence, the things it is one of
        ("The blaze began on the sixth floor, not on the fifth.", "fifth", "floor"),
        ("The town held the first of two days of mourning.", "first", "day"),
    ],
)
def test_an_ordinal_standing_alone_ranks_what_its_sentence_names(
    sentence: str, span: str, unit: str
) -> None:
    m = next(m for m in extract(sentence) if m.text == span)
    assert (m.kind, m.unit) == ("ordinal", unit)


def test_an_ordinal_alone_with_nothing_to_rank_keeps_no_unit() -> None:
    m = only("It was only the third.")
    assert (m.kind, m.unit) == ("ordinal", None)


@pytest.mark.parametrize(
    "phrase",
    ["Blinken first met him privately", "one of the major disagreements", "no one came",
     "The two sat down", "They spoke second"],
)
def test_words_that_are_not_figures(phrase: str) -> None:
    assert extract(phrase) == []

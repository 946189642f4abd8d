"""Whole quantity phrases: qualifiers, ranges, vague amounts, units, counted nouns."""

from __future__ import annotations

import pytest

from app.extraction import extract
from tests.extraction.helpers import only, texts


@pytest.mark.parametrize(
    ("phrase", "qualifier", "low", "high"),
    [
        ("more than 500 people", "more_than", 500, None),
        ("over 500 people", "more_than", 500, None),
        ("above 500 people", "more_than", 500, None),
        ("upwards of 500 people", "more_than", 500, None),
        ("past 500 people", "more_than", 500, None),
        ("at least 500 people", "at_least", 500, None),
        ("no fewer than 500 people", "at_least", 500, None),
        ("nearly 500 people", "nearly", 450, 500),
        ("almost 500 people", "nearly", 450, 500),
        ("just under 500 people", "nearly", 450, 500),
        ("about 500 people", "approximately", 475, 525),
        ("around 500 people", "approximately", 475, 525),
        ("approximately 500 people", "approximately", 475, 525),
        ("roughly 500 people", "approximately", 475, 525),
        ("some 500 people", "approximately", 475, 525),
        ("an estimated 500 people", "approximately", 475, 525),
        ("~500 people", "approximately", 475, 525),
        ("up to 500 people", "at_most", 0, 500),
        ("at most 500 people", "at_most", 0, 500),
        ("no more than 500 people", "at_most", 0, 500),
        ("fewer than 500 people", "less_than", 0, 500),
        ("less than 500 people", "less_than", 0, 500),
        ("under 500 people", "less_than", 0, 500),
        ("500 people or more", "at_least", 500, None),
        ("500 people and older", "at_least", 500, None),
        ("500 people", "exact", 500, 500),
    ],
)
def test_qualifiers_and_intervals(phrase: str, qualifier: str, low: float | None,
                                  high: float | None) -> None:
    m = only(phrase)
    assert m.text == phrase
    assert (m.qualifier, m.value, m.unit) == (qualifier, 500, "person")
    assert m.low == (None if low is None else pytest.approx(low))
    assert m.high == (None if high is None else pytest.approx(high))


@pytest.mark.parametrize(
    ("phrase", "low", "high", "unit"),
    [
        ("between 30 and 40 days", 30, 40, "day"),
        ("30-40 days", 30, 40, "day"),
        ("30 to 40 people", 30, 40, "person"),
        ("six to eight weeks", 6, 8, "week"),
        ("$1 billion to $2 billion", 1e9, 2e9, "usd"),
        ("2 to 3 million people", 2e6, 3e6, "person"),
        ("more than 10 but fewer than 20 trucks", 10, 20, "truck"),
    ],
)
def test_ranges(phrase: str, low: float, high: float, unit: str) -> None:
    m = only(phrase)
    assert m.text == phrase
    assert (m.qualifier, m.low, m.high, m.unit) == ("range", low, high, unit)
    assert m.value == pytest.approx((low + high) / 2)


@pytest.mark.parametrize(
    ("phrase", "low", "high"),
    [
        ("dozens of people", 24, 99),
        ("hundreds of people", 200, 999),
        ("thousands of people", 2000, 9999),
        ("tens of thousands of people", 20000, 99999),
        ("hundreds of thousands of people", 200_000, 999_999),
    ],
)
def test_vague_amounts(phrase: str, low: float, high: float) -> None:
    m = only(phrase)
    assert m.text == phrase
    assert (m.low, m.high, m.unit, m.qualifier) == (low, high, "person", "range")
    assert m.low is not None and m.high is not None and m.value is not None
    assert m.low <= m.value <= m.high


def test_several_is_not_a_figure() -> None:
    assert extract("several people were hurt") == []


@pytest.mark.parametrize(
    ("phrase", "span", "unit"),
    [
        ("33 Israeli hostages were freed", "33 Israeli hostages", "hostage"),
        ("1 million displaced Palestinians", "1 million displaced Palestinians", "palestinian"),
        ("1,170 people died", "1,170 people", "person"),
        ("240 Israelis were abducted", "240 Israelis", "israeli"),
        ("more than a million Palestinians", "more than a million Palestinians", "palestinian"),
        ("some 250 hostages", "some 250 hostages", "hostage"),
        ("12 casualties", "12 casualties", "casualty"),
        ("52 dead", "52 dead", "person"),
        ("the 64-seat parliament", "64-seat", "seat"),
        ("a two-bedroom flat", "two-bedroom", "bedroom"),
        ("69 of 151 seats", "69 of 151 seats", "seat"),
        ("33 of the hostages", "33 of the hostages", "hostage"),
    ],
)
def test_counted_nouns(phrase: str, span: str, unit: str) -> None:
    m = only(phrase)
    assert (m.kind, m.text, m.unit) == ("count", span, unit)


def test_listed_numbers_share_the_kind_of_the_first() -> None:
    found = extract("The victims were aged 4, 7 and 9.")
    assert [(m.text, m.kind, m.unit) for m in found] == [
        ("aged 4", "age", "year"), ("7", "age", "year"), ("9", "age", "year")]


def test_a_verb_ends_the_counted_noun_phrase() -> None:
    m = only("Its 500 firm reported results on time.")
    assert m.unit != "result"
    m = only("Some 1 million displaced Palestinians fled.")
    assert m.unit == "palestinian"


def test_bare_count_takes_the_noun_its_sentence_names() -> None:
    m = only("The number of cargo ships waiting off the coast rose to 34.")
    assert (m.text, m.unit) == ("34", "ship")


def test_bare_count_in_a_death_toll_counts_people() -> None:
    m = only("The health ministry put the death toll at 34,535.")
    assert (m.text, m.unit) == ("34,535", "person")


def test_partitive_keeps_the_later_figure_apart() -> None:
    first, second = extract("Israel demanded 40 of the roughly 130 hostages")
    assert (first.text, first.value, first.unit) == ("40", 40, "hostage")
    assert (second.text, second.qualifier, second.unit) == (
        "roughly 130 hostages", "approximately", "hostage")


def test_bare_count_borrows_the_noun_of_a_nearby_figure() -> None:
    text = "Militants took some 250 hostages, of which Israel says 129 remain in Gaza."
    assert [(m.value, m.unit) for m in extract(text)] == [(250, "hostage"), (129, "hostage")]


@pytest.mark.parametrize(
    ("phrase", "span", "kind", "value", "unit"),
    [
        ("over two hours", "over two hours", "duration", 2, "hour"),
        ("a 40-day phase", "40-day", "duration", 40, "day"),
        ("a three-day trip", "three-day", "duration", 3, "day"),
        ("Two-hour meeting", "Two-hour", "duration", 2, "hour"),
        ("a nearly three-hour meeting", "nearly three-hour", "duration", 3, "hour"),
        ("for at least a week", "at least a week", "duration", 1, "week"),
        ("a 4-year-old girl", "4-year-old", "age", 4, "year"),
        ("He was 60 years old", "60 years old", "age", 60, "year"),
        ("aged 45", "aged 45", "age", 45, "year"),
        ("Blinken, 62, said", "62", "age", 62, "year"),
        ("a 50-feet wall", "50-feet", "measure", 50, "foot"),
        ("50 ft", "50 ft", "measure", 50, "foot"),
        ("34.8 km", "34.8 km", "measure", 34.8, "km"),
        ("100 square kilometres", "100 square kilometres", "measure", 100, "km2"),
        ("magnitude 6.4", "magnitude 6.4", "measure", 6.4, "magnitude"),
        ("30%", "30%", "percent", 30, "percent"),
        ("7.4 percent", "7.4 percent", "percent", 7.4, "percent"),
        ("11 basis points", "11 basis points", "percent", 11, "basis point"),
        ("$1.2 billion", "$1.2 billion", "money", 1.2e9, "usd"),
        ("£1.5bn", "£1.5bn", "money", 1.5e9, "gbp"),
        ("€30 million", "€30 million", "money", 3e7, "eur"),
        ("US$5m", "US$5m", "money", 5e6, "usd"),
        ("50 euros", "50 euros", "money", 50, "eur"),
        ("2:05:41", "2:05:41", "duration", 7541, "second"),
        ("half a mile", "half a mile", "measure", 0.5, "mile"),
        ("for half an hour", "half an hour", "duration", 0.5, "hour"),
        ("two earlier quakes", "two earlier quakes", "count", 2, "quake"),
        ("48 cents a share", "48 cents a share", "money", 0.48, "usd"),
        ("about $1.1 billion a day", "about $1.1 billion a day", "money", 1.1e9, "usd"),
        ("The suspect, 34, was held", "34", "age", 34, "year"),
        ("the Alliance 31.6 percent", "31.6 percent", "percent", 31.6, "percent"),
        ("Nearly half of Americans", "Nearly half", "percent", 50, "percent"),
        ("Nine in 10 voters", "Nine in 10", "percent", 90, "percent"),
        ("temperatures fell to -5C overnight", "-5C", "measure", -5, "celsius"),
        ("the economy shrank (-0.3%) in", "-0.3%", "percent", -0.3, "percent"),
        ("minus 5 degrees Celsius", "minus 5 degrees Celsius", "measure", -5, "celsius"),
        ("At 6 feet 4 inches, he", "6 feet 4 inches", "measure", 76, "inch"),
        ("fell by 475 points", "475 points", "count", 475, "point"),
        ("trailed by six points in the poll", "six points", "percent", 6, "percentage point"),
        ("It was 12 degrees Celsius", "12 degrees Celsius", "measure", 12, "celsius"),
        ("a 365-square-kilometre area", "365-square-kilometre", "measure", 365, "km2"),
        ("two hours, five minutes and 41 seconds", "two hours, five minutes and 41 seconds",
         "duration", 7541, "second"),
    ],
)
def test_kinds_and_units(phrase: str, span: str, kind: str, value: float, unit: str) -> None:
    m = only(phrase)
    assert (m.text, m.kind, m.unit) == (span, kind, unit)
    assert m.value == pytest.approx(value)


def test_million_is_part_of_the_value_never_the_unit() -> None:
    m = only("nearly 1 million Palestinian refugees")
    assert (m.value, m.unit, m.qualifier) == (1_000_000, "refugee", "nearly")
    assert m.low == pytest.approx(900_000)


@pytest.mark.parametrize(
    "text",
    [
        "The I-695 beltway closed",
        "F-16 jets flew over",
        "COVID-19 cases rose",
        "Rescue Team 1 arrived",
        "Section 427 says so",
        "Call 555-123-4567 now",
        "Call (202) 555-0143 now",
        "MENA\n2 min read\nBlinken",
        "Copyright 2024,",
        "© 2024 Example News",
        "See https://example.com/2024/05/01/story-33 for more",
        "Write to desk2024@example.com",
        "The G7 summit and the A320 jet",
        "version 192.168.1.2",
        "closed between mile markers 12 and 27",
        "Union Local 1422 walked out",
        "prices were higher than a year ago",
        "The plane, a Boeing 737 MAX 9, was grounded",
        "Arsenal won 3-1 and the bill passed 219-213",
        "the two men spoke; the two sides met",
        "He is in his 70s.",
        "the 9/11 attacks; open 24/7",
        "the S&P 500 rose; a Fortune 500 firm",
        "5G masts and a 3D film at the 7-Eleven",
    ],
)
def test_identifiers_and_furniture_are_not_figures(text: str) -> None:
    assert texts(text) == []


def test_bare_degrees_take_the_scale_the_article_uses() -> None:
    us = extract("It was 104 degrees in Phoenix, with winds of 20 mph.")
    assert [(m.text, m.unit) for m in us] == [("104 degrees", "fahrenheit"), ("20 mph", "mph")]
    metric = extract("It was 31 degrees; the fire spread over 12 kilometres.")
    assert metric[0].unit == "celsius"
    angle = extract("The tower leans at an angle of 4 degrees.")
    assert angle[0].unit == "degree"


def test_rate_is_not_taken_from_a_time_reference() -> None:
    assert texts("net income fell from $730 million a year earlier") == ["$730 million"]


def test_leading_date_marker_is_metadata() -> None:
    found = texts(" date 2024-05-01 Officials said 33 hostages would be freed.")
    assert found == ["33 hostages"]


def test_spans_cover_the_whole_phrase() -> None:
    found = texts(
        "Israel's offensive has killed at least 34,568 people, and more than a million "
        "Palestinians sheltered there. The talks lasted two and a half hours."
    )
    assert found == ["at least 34,568 people", "more than a million Palestinians",
                     "two and a half hours"]


def test_vague_amounts_can_be_left_out() -> None:
    text = "Hundreds of prisoners and 33 hostages would be freed."
    assert texts(text) == ["Hundreds of prisoners", "33 hostages"]
    assert [m.text for m in extract(text, vague=False)] == ["33 hostages"]


def test_a_distance_per_hour_is_a_speed() -> None:
    found = extract("The train took the curve at 140 km/h; gusts reached 148 kilometres an "
                    "hour and 92 miles per hour on the coast.")
    assert [(m.text, m.kind, m.unit) for m in found] == [
        ("140 km/h", "measure", "kmh"),
        ("148 kilometres an hour", "measure", "kmh"),
        ("92 miles per hour", "measure", "mph"),
    ]
    # a distance covered within an hour stays a distance
    ran = extract("He ran 10 miles in an hour.")
    assert (ran[0].text, ran[0].unit) == ("10 miles", "mile")


def test_a_quarter_point_is_a_fraction_of_a_percentage_point() -> None:
    found = extract("The bank made a quarter-point cut after a half-point move in May.")
    assert [(m.text, m.value, m.unit) for m in found][:2] == [
        ("a quarter-point", 0.25, "percentage point"), ("a half-point", 0.5, "percentage point")]

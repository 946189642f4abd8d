"""Dates and times, resolved against the publication date."""

from __future__ import annotations

from datetime import date

import pytest

from app.extraction import extract
from tests.extraction.helpers import only


@pytest.mark.parametrize(
    ("phrase", "span", "iso"),
    [
        ("on May 1", "May 1", "2024-05-01"),
        ("since Oct. 7", "Oct. 7", "2023-10-07"),
        ("on October 7", "October 7", "2023-10-07"),
        ("on Wednesday, May 1", "Wednesday, May 1", "2024-05-01"),
        ("on May 1, 2024", "May 1, 2024", "2024-05-01"),
        ("on 7 October 2023", "7 October 2023", "2023-10-07"),
        ("on 2024-05-01", "2024-05-01", "2024-05-01"),
        ("on 5/17/2018", "5/17/2018", "2018-05-17"),
        ("in March 2022", "March 2022", "2022-03"),
        ("the blockade since 2007", "2007", "2007"),
        ("between 2019 and 2022", "between 2019 and 2022", "2019/2022"),
        ("the 2024 Summer Olympics", "2024", "2024"),
    ],
)
def test_dates(phrase: str, span: str, iso: str) -> None:
    m = only(phrase)
    assert (m.kind, m.text, m.date, m.value) == ("date", span, iso, None)


def test_day_without_year_is_the_latest_not_after_publication() -> None:
    assert only("on Oct. 7", date(2024, 5, 1)).date == "2023-10-07"
    assert only("on April 30", date(2024, 5, 1)).date == "2024-04-30"
    assert only("on May 1", date(2024, 5, 1)).date == "2024-05-01"


def test_future_wording_keeps_the_coming_date() -> None:
    assert only("talks will resume on May 9", date(2024, 5, 1)).date == "2024-05-09"
    assert only("talks are scheduled for Jan. 3", date(2024, 12, 20)).date == "2025-01-03"


def test_no_publication_date_leaves_the_year_unknown() -> None:
    m = only("on Oct. 7", None)
    assert (m.kind, m.date) == ("date", None)


@pytest.mark.parametrize(
    ("published", "weekday", "iso"),
    [
        (date(2024, 5, 2), "Wednesday", "2024-05-01"),  # a Thursday: the day before
        (date(2024, 5, 1), "Wednesday", "2024-05-01"),
        (date(2024, 5, 1), "Monday", "2024-04-29"),
        (date(2024, 5, 1), "Sunday", "2024-04-28"),
        (date(2024, 5, 6), "Sunday", "2024-05-05"),  # a Monday: yesterday, not next week
    ],
)
def test_weekday_is_the_latest_such_day_up_to_publication(published: date, weekday: str,
                                                         iso: str) -> None:
    m = only(f"They met on {weekday} in Jerusalem.", published)
    assert (m.kind, m.text, m.date) == ("date", weekday, iso)


def test_weekday_in_the_future_tense_is_the_coming_one() -> None:
    assert only("Talks will resume on Sunday.", date(2024, 5, 1)).date == "2024-05-05"


@pytest.mark.parametrize(
    ("phrase", "span", "iso"),
    [
        ("at 1:35 a.m.", "1:35 a.m.", "2024-05-01T01:35"),
        ("at 10 p.m.", "10 p.m.", "2024-05-01T22:00"),
        ("at 12:30 PM", "12:30 PM", "2024-05-01T12:30"),
        ("at 14:05", "14:05", "2024-05-01T14:05"),
        ("the strike began at midnight", "midnight", "2024-05-01T00:00"),
    ],
)
def test_times_take_the_publication_day(phrase: str, span: str, iso: str) -> None:
    m = only(phrase)
    assert (m.kind, m.text, m.date) == ("time", span, iso)


def test_time_takes_the_date_of_its_sentence() -> None:
    mentions = extract("The fire was reported at 2:15 p.m. Tuesday near the trail.",
                       date(2024, 8, 21))
    assert [(m.kind, m.date) for m in mentions] == [
        ("time", "2024-08-20T14:15"), ("date", "2024-08-20")]


def test_time_without_any_date_is_a_clock_time() -> None:
    assert only("at 1:35 a.m.", None).date == "01:35"


def test_copyright_year_and_decades_are_not_dates() -> None:
    assert extract("Copyright 2024, in the 1990s") == []


def test_bare_weekdays_can_be_left_out() -> None:
    text = "They met on Wednesday, May 1, and again at 1:35 a.m. Thursday."
    kept = extract(text, date(2024, 5, 2))
    assert [m.text for m in kept] == ["Wednesday, May 1", "1:35 a.m.", "Thursday"]
    without = extract(text, date(2024, 5, 2), weekdays=False)
    assert [(m.text, m.date) for m in without] == [
        ("Wednesday, May 1", "2024-05-01"), ("1:35 a.m.", "2024-05-02T01:35")]


def test_a_publication_timestamp_is_taken_as_its_day() -> None:
    from datetime import datetime

    m = only("since Oct. 7", datetime(2024, 5, 1, 23, 59))
    assert m.date == "2023-10-07"

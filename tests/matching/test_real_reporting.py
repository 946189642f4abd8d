"""Rules read off reporting of real events told by several outlets over weeks: round
figures converted to another unit stay round; a toll and its former value are one fact;
follow-ups weeks later restate figures, though a changed one then is another count
(invented sentences only)."""

from __future__ import annotations

from datetime import datetime, timedelta

from app.matching.model import MentionRecord
from app.matching.similarity import evidence, features, same_fact
from tests.matching.factory import mention

DAY = datetime(2023, 2, 6, 9)


def test_a_round_measure_stays_round_once_converted() -> None:
    # "one mile" is 1.609 km: four digits once converted, one as written
    a = MentionRecord(1, 1, "Outlet 1", DAY, mention(
        "Residents within one mile of the site were told to leave.", "one mile", 1.0,
        unit="mile", kind="measure"))
    b = MentionRecord(2, 2, "Outlet 2", DAY + timedelta(days=1), mention(
        "Debris could fly up to a mile in an explosion, officials warned.", "a mile", 1.0,
        unit="mile", kind="measure"))
    found = evidence(a, b)
    assert found is not None and found.agree == 1.0 and found.specific == 0.0
    c = MentionRecord(3, 3, "Outlet 3", DAY, mention(
        "The train was 1.77 miles long.", "1.77 miles", 1.77, unit="mile", kind="measure"))
    d = MentionRecord(4, 4, "Outlet 4", DAY, mention(
        "The 1.77-mile train carried 149 cars.", "1.77-mile", 1.77, unit="mile",
        kind="measure"))
    found = evidence(c, d)
    assert found is not None and found.specific == 2.0


def _one_article(sentence: str, *figures: tuple[str, float, str]) -> list[MentionRecord]:
    return [MentionRecord(i, 1, "Outlet 1", DAY, mention(sentence, text, value, unit=unit))
            for i, (text, value, unit) in enumerate(figures, start=1)]


def test_a_toll_and_what_it_was_before_are_one_fact() -> None:
    toll, before = _one_article(
        "The number of people killed rose to 2,122 from 2,012, the ministry said.",
        ("2,122", 2122, "person"), ("2,012", 2012, "person"))
    assert features(before.mention).prior
    assert same_fact(toll, before)
    # an earlier report, in the past perfect, is a former value too
    assert features(mention("An initial count had given 296 dead.", "296", 296,
                            unit="person")).prior


def test_a_former_value_of_another_vote_or_year_stays_apart() -> None:
    seats, before = _one_article(
        "The party won 41 seats, up from 31.", ("41 seats", 41, "seat"), ("31", 31, "seat"))
    assert not same_fact(seats, before)
    toll, old = _one_article(
        "The blast killed 12 people, up from 9 killed in 2019.",
        ("12 people", 12, "person"), ("9", 9, "person"))
    assert not same_fact(toll, old)


def test_a_follow_up_weeks_later_restates_the_fact_but_a_changed_figure_needs_days() -> None:
    first = MentionRecord(1, 1, "Outlet 1", DAY, mention(
        "The wildfire destroyed 2,207 structures, most of them homes.", "2,207 structures",
        2207, unit="structure"))
    weeks = MentionRecord(2, 2, "Outlet 2", DAY + timedelta(days=19), mention(
        "Rebuilding the 2,207 structures the wildfire destroyed will take years.",
        "2,207 structures", 2207, unit="structure"))
    assert same_fact(first, weeks)
    toll = MentionRecord(3, 3, "Outlet 3", DAY, mention(
        "The fire has killed 36 people, officials said.", "36 people", 36, unit="person"))
    days = MentionRecord(4, 4, "Outlet 4", DAY + timedelta(days=4), mention(
        "The fire has killed 93 people, officials said.", "93 people", 93, unit="person"))
    weeks_later = MentionRecord(5, 5, "Outlet 5", DAY + timedelta(days=19), mention(
        "The fire has killed 97 people, officials said.", "97 people", 97, unit="person"))
    assert same_fact(toll, days)  # a toll updated within days
    assert not same_fact(toll, weeks_later)  # weeks on, a new count may be of anything


def test_reports_naming_many_people_once_still_tell_one_story() -> None:
    from app.matching.lexicon import article_topic
    from app.matching.similarity import articles_apart

    # both name the bridge, the ship and the river once, among many names used once
    first = article_topic(
        "The Key Bridge fell after the Dali struck a pier. Divers searched the Patapsco "
        "overnight. Governor Moore spoke at dawn. Officials in Annapolis, Towson and "
        "Washington pledged help. Relatives gathered in Dundalk and Essex."
    )
    second = article_topic(
        "Workers from Mexico, Guatemala and Honduras were filling potholes on the Key Bridge "
        "when the Dali hit it. Divers recovered two bodies from the Patapsco. A vigil was "
        "held in Highlandtown, and Senator Cardin visited."
    )
    m = mention("Eight workers were on the bridge.", "Eight workers", 8, unit="worker")
    a = MentionRecord(1, 1, "Outlet 1", DAY, m, first)
    b = MentionRecord(2, 2, "Outlet 2", DAY + timedelta(days=1), m, second)
    assert not articles_apart(a, b)
    # one shared name among many is still no story
    other = article_topic(
        "Floods cut roads in Guatemala. Rivers rose across Peten and Izabal, and Alta "
        "Verapaz ordered evacuations. Officials in Coban asked for help."
    )
    assert articles_apart(b, MentionRecord(3, 3, "Outlet 3", DAY, m, other))

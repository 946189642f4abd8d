"""Pairs that turn on how outlets word a fact: spelling, verbs of one event, vote tallies,
updates between reports, uncommon clock times, specific nouns, dates by their events."""

from __future__ import annotations

from datetime import datetime

from app.extraction.model import Mention
from app.matching.model import MentionRecord
from app.matching.similarity import evidence, features
from tests.matching.factory import judged, mention

DAY = datetime(2025, 6, 2, 9)


def test_storey_and_story_count_one_thing() -> None:
    a = mention("Flames gutted a 14-storey block of flats in the old quarter.", "14-storey", 14,
                unit="storey")
    b = mention("Crews fought the fire in the 14-story residential tower for hours.",
                "14-story", 14, unit="story")
    assert judged(a, b)


def test_detained_and_arrested_counts_of_one_event_match() -> None:
    a = mention("Police detained 14 protesters outside the refinery.", "14 protesters", 14,
                unit="protester")
    b = mention("Fourteen protesters were arrested outside the refinery, police said.",
                "Fourteen protesters", 14, unit="protester")
    assert judged(a, b)


def test_remain_missing_is_missing_not_held() -> None:
    a = mention("Three fishermen remain missing off the cape, the coast guard said.",
                "Three fishermen", 3, unit="fisherman")
    b = mention("The coast guard said three fishermen were missing after the storm.",
                "three fishermen", 3, unit="fisherman")
    assert judged(a, b)


def test_moved_to_safety_is_an_evacuation() -> None:
    a = mention("About 2,300 residents were moved to safety before the dam gave way.",
                "About 2,300 residents", 2300, unit="resident", qualifier="approximately")
    b = mention("Some 2,300 people were evacuated from villages below the dam.",
                "Some 2,300 people", 2300, unit="person", qualifier="approximately")
    assert judged(a, b)


def test_rescue_teams_are_no_fate_of_the_dead() -> None:
    first = mention("The landslide killed at least 35 people in the hill villages.",
                    "at least 35 people", 35, unit="person", qualifier="at_least")
    later = mention("The number of people killed climbed to 48 as rescue crews dug on.",
                    "48", 48, unit="person")
    assert judged(first, later, days_apart=1)


def test_homes_without_power_on_two_days_are_one_shrinking_count() -> None:
    monday = mention("About 40,000 homes were without power across the county.",
                     "About 40,000 homes", 40000, unit="home", qualifier="approximately")
    tuesday = mention("Some 15,000 homes were still without electricity, the utility said.",
                      "Some 15,000 homes", 15000, unit="home", qualifier="approximately")
    assert judged(monday, tuesday, days_apart=1)
    cut_off = mention("The utility said 15,000 homes were still cut off.", "15,000 homes", 15000,
                      unit="home")
    assert judged(monday, cut_off, days_apart=1)
    flooded = mention("Some 15,000 homes were flooded, the utility said.", "Some 15,000 homes",
                      15000, unit="home", qualifier="approximately")
    assert not judged(monday, flooded, days_apart=1)


def test_a_tally_of_votes_is_a_count_of_lawmakers() -> None:
    votes = mention("The motion carried by 301 votes in the chamber.", "301 votes", 301,
                    unit="vote")
    members = mention("Deputies backed the motion, with 301 voting in favour.", "301", 301)
    assert features(members).noun == "deputy"
    assert judged(votes, members)


def test_two_figures_of_one_sentence_are_two_facts() -> None:
    sentence = "The motion carried by 301 votes to 262 in the chamber."
    ayes = MentionRecord(1, 1, "Lakeside Herald", DAY,
                         mention(sentence, "301 votes", 301, unit="vote"))
    noes = MentionRecord(2, 1, "Lakeside Herald", DAY, mention(sentence, "262", 262, unit="vote"))
    assert evidence(ayes, noes) is None


def test_against_and_is_no_former_value() -> None:
    sentence = "Members passed it with 301 in favour, 262 against and 19 abstaining."
    assert not features(mention(sentence, "19", 19)).prior
    assert features(mention("Turnout fell to 61%, down from 64.", "64", 64)).prior


def test_a_count_that_moved_a_little_between_days_is_an_update() -> None:
    first = mention("Of the 40 hurt, nine were in critical condition, the hospital said.", "nine",
                    9, unit="person")
    later = mention("Seven of the 40 people injured remained in critical condition.", "Seven",
                    7, unit="person")
    assert judged(first, later, days_apart=2)
    assert not judged(first, later, days_apart=0)  # one day, two figures: a contradiction


def test_a_former_value_restating_an_earlier_report_is_that_fact() -> None:
    earlier = mention("Officials said 31 people were missing after the mudslide.", "31 people",
                      31, unit="person")
    later = mention("Twenty people are still missing, down from 31 a day earlier.", "31", 31,
                    unit="person")
    assert judged(earlier, later, days_apart=1)
    # the former value of an earlier article is not the current figure of a later one
    assert not judged(later, earlier, days_apart=1)


def test_a_time_to_the_minute_is_uncommon() -> None:
    def at(sentence: str, figure: str, minutes: int) -> Mention:
        return mention(sentence, figure, minutes, kind="time",
                       date=f"2025-06-02T{minutes // 60:02d}:{minutes % 60:02d}")

    alarm = at("The alarm sounded at 1:10 a.m., residents said.", "1:10 a.m.", 70)
    blaze = at("The blaze broke out at 1:10 a.m. in a storeroom.", "1:10 a.m.", 70)
    assert judged(alarm, blaze)
    alarm_round = at("The alarm sounded at 5 a.m., residents said.", "5 a.m.", 300)
    blaze_round = at("The blaze broke out at 5 a.m. in a storeroom.", "5 a.m.", 300)
    assert not judged(alarm_round, blaze_round)  # a round hour says little by itself


def test_a_specific_noun_backs_near_figures() -> None:
    a = mention("More than 200 firefighters fought the flames through the night.",
                "More than 200 firefighters", 200, unit="firefighter", qualifier="more_than")
    b = mention("A total of 240 firefighters were sent to the warehouse.", "240 firefighters",
                240, unit="firefighter")
    assert judged(a, b)
    c = mention("More than 200 people watched the flames through the night.",
                "More than 200 people", 200, unit="people", qualifier="more_than")
    d = mention("A total of 240 people were sent to the warehouse.", "240 people", 240,
                unit="people")
    assert not judged(c, d)  # people at large say little of which figure it is
    e = mention("More than 400 workers walked out at dawn.", "More than 400 workers", 400,
                unit="worker", qualifier="more_than")
    f = mention("A total of 450 workers were on the morning shift.", "450 workers", 450,
                unit="worker")
    assert not judged(e, f)  # nor do workers in a story about a workplace


def test_a_dateline_is_no_other_owner() -> None:
    a = mention("HARLOW — Nine workers died when the roof of the Denholm mill collapsed.",
                "Nine workers", 9, unit="worker")
    b = mention("Nine workers were killed in Harlow, officials said.", "Nine workers", 9,
                unit="worker")
    assert judged(a, b)


def test_equal_dates_are_weighed_by_their_events() -> None:
    def friday(sentence: str) -> Mention:
        return mention(sentence, "Friday", 0, kind="date", date="2025-06-06")

    detained = friday("The owner of the depot was detained late on Friday.")
    arrested = friday("The depot's owner, who was arrested on Friday night, denies fault.")
    fire = friday("The blaze at the depot broke out on Friday, officials said.")
    assert judged(detained, arrested, days_apart=1)
    assert not judged(fire, arrested, days_apart=1)


def test_a_compound_noun_is_of_its_heads_class() -> None:
    a = mention("Seven crew members were among the injured.", "Seven crew members", 7,
                unit="crew member")
    b = mention("Seven crew were among the injured, the operator said.", "Seven crew", 7,
                unit="crew")
    assert judged(a, b)


def test_the_critically_injured_are_not_all_the_injured() -> None:
    injured = mention("The crash injured 74 people, officials said.", "74 people", 74,
                      unit="person")
    critical = mention("Fourteen people were in critical condition on Tuesday.",
                       "Fourteen people", 14, unit="person")
    later = mention("Nine people injured in the crash remained in critical condition.",
                    "Nine people", 9, unit="person")
    assert not judged(injured, critical, days_apart=1)
    assert judged(critical, later, days_apart=1)  # one count of the gravely hurt, falling


def test_basis_points_and_percentage_points_are_one_change() -> None:
    bp = mention("The central bank cut its main rate by 25 basis points.", "25 basis points", 25,
                 kind="percent", unit="basis point")
    quarter = mention("The central bank cut its main rate by a quarter of a percentage point.",
                      "a quarter of a percentage point", 0.25, kind="percent",
                      unit="percentage point")
    level = mention("The central bank's main rate now stands at 0.25%.", "0.25%", 0.25,
                    kind="percent", unit="percent")
    assert judged(bp, quarter)
    assert not judged(quarter, level)  # a change of a rate is not the rate


def test_an_age_belongs_to_no_name_one_outlet_gives() -> None:
    # one outlet names the woman, the other does not: no clash of owners for an age
    a = mention("The woman swept off the pier at Harrow was named as Maria Olsen, 45.",
                "45", 45, kind="age", unit="year")
    b = mention("Near Dunmore a 45-year-old woman was swept into the sea from the pier.",
                "45-year-old", 45, kind="age", unit="year")
    assert features(a).local_names and features(b).local_names  # two owners, one age
    assert judged(a, b)


def test_seats_of_two_named_parties_still_clash() -> None:
    a = mention("The Greens won 23 seats in the new chamber.", "23 seats", 23, unit="seat")
    b = mention("The Homeland movement won 23 seats in the new chamber.", "23 seats", 23,
                unit="seat")
    assert not judged(a, b)


def test_the_last_figure_of_a_list_shares_the_role_of_the_first() -> None:
    s = ("The commission projected 40 seats for the Alliance, led by Helena Strand, and 39"
         " for the Social Democrats.")
    first = mention(s, "40 seats", 40, unit="seat")
    last = mention(s, "39", 39, unit="seat")
    assert features(first).role == features(last).role == "expected"
    plain = mention("The Alliance won 40 seats and the Greens 12 seats.", "12 seats", 12,
                    unit="seat")
    assert features(plain).role is None

"""Figures of one fact that change between reports, and figures that only look alike:
updated tolls, former values, age groups, clock times on other days, speakers."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from app.extraction.model import Mention
from app.matching.lexicon import article_topic
from app.matching.model import MentionRecord
from app.matching.similarity import DEFAULT_SIGNALS, articles_apart, features, same_fact
from tests.matching.factory import judged, mention

DAY = datetime(2025, 3, 4, 9)


KILLED_9 = mention("Floodwaters swept through the valley, killing at least 9 people.",
                   "at least 9 people", 9, unit="person", qualifier="at_least")
TOLL_17 = mention("At least 17 people were killed in the floods that hit the valley this week.",
                  "At least 17 people", 17, unit="person", qualifier="at_least")
TOLL_14 = mention("The death toll from the floods in the valley has risen to 14.", "14", 14,
                  unit="person")
MISSING_23 = mention("The agency said 23 people were missing in the valley.", "23 people", 23,
                     unit="person")
MISSING_8 = mention("Rescuers were still searching for eight people missing in the valley.",
                    "eight people", 8, unit="person")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param(KILLED_9, TOLL_17, id="killed-9-then-17"),
        pytest.param(KILLED_9, TOLL_14, id="killed-9-then-a-toll-of-14"),
        pytest.param(MISSING_23, MISSING_8, id="missing-23-then-8"),
    ],
)
def test_a_count_of_one_fate_reported_on_later_days_is_one_fact(a: Mention, b: Mention) -> None:
    assert judged(a, b, days_apart=2)


@pytest.mark.parametrize(
    ("a", "b", "days"),
    [
        pytest.param(KILLED_9, TOLL_17, 0, id="same-day-two-tolls-contradict-not-update"),
        pytest.param(KILLED_9, MISSING_8, 2, id="killed-vs-missing"),
        pytest.param(
            KILLED_9,
            mention("The flood was the worst since 1989, when a storm killed 21 people.",
                    "21 people", 21, unit="person"),
            2, id="a-toll-of-another-year",
        ),
        pytest.param(
            mention("Gunmen took some 250 hostages, of which 129 remain in Gaza.",
                    "some 250 hostages", 250, unit="hostage", qualifier="approximately"),
            mention("About 130 hostages are still held in Gaza, officials said.",
                    "About 130 hostages", 130, unit="hostage", qualifier="approximately"),
            3, id="hostages-taken-vs-still-held",
        ),
        pytest.param(
            KILLED_9,
            mention("Floodwaters swept through the valley, killing at least 30 people.",
                    "at least 30 people", 30, unit="person", qualifier="at_least"),
            2, id="beyond-the-update-ratio",
        ),
    ],
)
def test_counts_that_are_no_update_stay_apart(a: Mention, b: Mention, days: int) -> None:
    assert not judged(a, b, days_apart=days)


def test_a_fate_is_read_within_the_figures_clause_only() -> None:
    taken = mention("Gunmen took some 250 hostages, of which 129 remain in Gaza.",
                    "some 250 hostages", 250, unit="hostage", qualifier="approximately")
    assert features(taken).fate is None
    assert features(TOLL_14).fate == "kill"


def test_a_former_value_and_the_new_one_are_two_facts() -> None:
    change = "Parliament voted to raise the minimum retirement age from 62 to 64."
    former = mention(change, "62", 62, unit="year", kind="age")
    new = mention("The law raises the minimum retirement age to 64, officials said.", "64", 64,
                  unit="year", kind="age")
    assert not judged(former, new, days_apart=1)
    assert judged(mention(change, "64", 64, unit="year", kind="age"), new, days_apart=1)


def test_an_age_group_is_not_an_age() -> None:
    group = mention("The reform lifts employment among people aged 60 to 64 in the country.",
                    "60 to 64", 62, unit="year", kind="age", qualifier="range", low=60, high=64)
    age = mention("The reform raises the retirement age in the country to 64.", "64", 64,
                  unit="year", kind="age")
    assert not judged(group, age, days_apart=0)


def test_clock_times_on_named_different_days_are_different_facts() -> None:
    began = mention("The walkout began at 4 a.m. Wednesday, the drivers' union said.", "4 a.m.",
                    240, kind="time", date="2025-03-05T04:00")
    ended = mention("The drivers' strike ended at 4 a.m. Friday, the union said.", "4 a.m.", 240,
                    kind="time", date="2025-03-07T04:00")
    assert not judged(began, ended, days_apart=2)
    # no day named: the article's own day says nothing, so the times may still be one
    bare = mention("The drivers' walkout began at 4 a.m., the union said.", "4 a.m.", 240,
                   kind="time", date="2025-03-07T04:00")
    assert judged(began, bare, days_apart=0)


def test_a_speaker_is_no_owner_of_the_figure() -> None:
    a = mention("Agency spokesman Pavel Krenn told reporters that 23 people were missing.",
                "23 people", 23, unit="person")
    b = mention("Interior Minister Tomas Adler said 23 people were missing after the flood.",
                "23 people", 23, unit="person")
    assert judged(a, b, days_apart=0)
    # an owner still clashes: one party's seats are not another's
    greens = mention("The Greens won 23 seats in the vote.", "23 seats", 23, unit="seat")
    homeland = mention("The Homeland movement won 23 seats in the vote.", "23 seats", 23,
                       unit="seat")
    assert not judged(greens, homeland, days_apart=0)


# Running totals of something specific, updated like a toll ---------------------------

NO_TOTALS = replace(DEFAULT_SIGNALS, running_totals=False)


def _cancelled(value: float, figure: str, noun: str = "appointments") -> Mention:
    sentence = f"The trust said {figure} {noun} had been cancelled since the attack."
    return mention(sentence, f"{figure} {noun}", value, unit=noun.rstrip("s"))


def test_a_running_total_of_a_specific_noun_is_updated_across_days() -> None:
    early, later = _cancelled(2300, "some 2,300"), _cancelled(5000, "more than 5,000")
    assert judged(early, later, days_apart=2)
    assert not judged(early, later, days_apart=2, signals=NO_TOTALS)


def test_a_running_total_is_not_updated_within_a_day() -> None:
    assert not judged(_cancelled(2300, "some 2,300"), _cancelled(5000, "more than 5,000"))


def test_running_totals_of_different_things_stay_apart() -> None:
    assert not judged(_cancelled(2300, "some 2,300"),
                      _cancelled(5000, "more than 5,000", noun="flights"), days_apart=2)


def test_people_who_fell_ill_are_a_toll_updated_across_days() -> None:
    early = mention("More than 200 people have fallen ill after the festival, officials said.",
                    "More than 200 people", 200, unit="person", qualifier="more_than")
    later = mention("The number of people who fell ill has risen to 450, the agency said.",
                    "450", 450, unit="person")
    assert features(early).fate == features(later).fate == "ill"
    assert judged(early, later, days_apart=2)
    assert not judged(early, later)  # the same day: two figures that disagree


# Figures that move between reports: a zone widened, an area burned, a share done ---------


def test_a_running_total_is_counted_by_its_noun_whatever_the_verb() -> None:
    waiting = mention("Some 37 ships were waiting off Halden on Wednesday.", "Some 37 ships",
                      37, unit="ship", qualifier="approximately")
    stranded = mention("More than 60 ships are now stranded at anchor outside Halden.",
                       "More than 60 ships", 60, unit="ship", qualifier="more_than")
    assert features(waiting).tally == features(stranded).tally
    assert judged(waiting, stranded, days_apart=5)
    assert not judged(waiting, stranded, days_apart=5, signals=NO_TOTALS)


def _zone(value: float, figure: str, unit: str = "km") -> Mention:
    return mention(f"The exclusion zone now has a radius of {figure} around the crater.",
                   figure, value, unit=unit, kind="measure")


def test_a_widened_zone_is_one_fact_across_days() -> None:
    assert judged(_zone(8, "8 km"), _zone(12, "12 km"), days_apart=1)
    assert judged(_zone(5, "5 miles", "mile"), _zone(12, "12 km"), days_apart=2)
    assert not judged(_zone(8, "8 km"), _zone(12, "12 km"))  # the same day: they disagree
    assert not judged(_zone(3.5, "3.5 km"), _zone(12, "12 km"), days_apart=2)  # beyond 3x


def test_a_plume_height_is_no_zone_radius_even_across_days() -> None:
    plume = mention("The eruption sent a column of ash 9 km into the sky.", "9 km", 9,
                    unit="km", kind="measure")
    assert features(plume).dimension == "height"
    assert not judged(plume, _zone(12, "12 km"), days_apart=1)


def _burned(value: float, figure: str, unit: str = "hectare") -> Mention:
    return mention(f"The wildfire has burned {figure} of forest in the hills.", figure, value,
                   unit=unit, kind="measure")


def test_an_area_burned_is_one_fact_across_days() -> None:
    early = _burned(3200, "about 3,200 hectares")
    later = _burned(14000, "nearly 14,000 acres", unit="acre")
    assert judged(early, later, days_apart=2)
    assert not judged(early, later)


def _contained(value: float) -> Mention:
    figure = f"{value:g}%"
    return mention(f"Firefighters said the blaze was {figure} contained.", figure, value,
                   unit="percent", kind="percent")


def test_a_share_of_work_done_grows_across_days_beyond_any_ratio() -> None:
    assert judged(_contained(10), _contained(35), days_apart=2)
    assert not judged(_contained(10), _contained(35))
    share_of_vote = mention("The Alliance won 35% of the vote.", "35%", 35, unit="percent",
                            kind="percent")
    assert features(share_of_vote).tally is None
    assert not judged(_contained(10), share_of_vote, days_apart=2)


def _day_of_strike(value: int, word: str) -> Mention:
    return mention(f"The strike at the port entered its {word} day.", f"{word} day", value,
                   unit="day", kind="ordinal")


def test_a_count_of_days_moves_on_with_the_calendar() -> None:
    third, fifth = _day_of_strike(3, "third"), _day_of_strike(5, "fifth")
    assert judged(third, fifth, days_apart=2)
    assert judged(third, fifth, days_apart=3)  # a report may go out the evening before
    assert not judged(third, fifth, days_apart=5)  # then it counts from another day
    assert not judged(third, fifth)


def test_leaving_ones_home_is_an_evacuation() -> None:
    left = mention("Some 4,000 residents have now left their homes, officials said.",
                   "Some 4,000 residents", 4000, unit="resident", qualifier="approximately")
    told = mention("About 6,000 residents were told to leave their homes on Thursday.",
                   "About 6,000 residents", 6000, unit="resident", qualifier="approximately")
    assert features(left).fate == features(told).fate == "displace"
    assert judged(left, told, days_apart=2)


def test_a_length_takes_the_dimension_of_the_nearest_word_of_its_sentence() -> None:
    s = ("The ash plume has dropped to about 3 miles, and the exclusion zone remains at"
         " 7.5 miles around the crater.")
    plume = mention(s, "about 3 miles", 3, unit="mile", kind="measure",
                    qualifier="approximately")
    zone = mention(s, "7.5 miles", 7.5, unit="mile", kind="measure")
    assert (features(plume).dimension, features(zone).dimension) == ("height", "radius")
    far = mention("The service said the ash column had dropped to about 6 km yesterday, well"
                  " below the 12 km recorded when the eruption began.", "12 km", 12, unit="km",
                  kind="measure")
    assert features(far).dimension == "height"


def test_an_update_needs_a_story_both_articles_tell() -> None:
    flood = ("DUNMERE — Floods killed four people in Dunmere on Tuesday. The Alsk burst its"
             " banks in Dunmere. Crews in Dunmere pumped water from the Alsk all night.")
    flood_later = ("DUNMERE — The toll of the Dunmere floods rose to seven. The Alsk fell in"
                   " Dunmere on Thursday, and Dunmere began to clear the mud of the Alsk.")
    ferry = ("PORT HALVEY — A ferry capsized on Lake Varro near Port Halvey. Divers from Port"
             " Halvey searched Lake Varro. Some survivors had come from Dunmere.")
    four = mention("Floods killed four people in Dunmere on Tuesday.", "four people", 4,
                   unit="person")
    seven = mention("The toll of the Dunmere floods rose to seven.", "seven", 7, unit="person")
    nine = mention("The ferry disaster killed nine people, officials said.", "nine people", 9,
                   unit="person")
    early = MentionRecord(1, 1, "Lakeside Herald", DAY, four, article_topic(flood))
    later = MentionRecord(2, 2, "Upland Courier", DAY.replace(day=6), seven,
                          article_topic(flood_later))
    other = MentionRecord(3, 3, "Upland Courier", DAY.replace(day=6), nine,
                          article_topic(ferry))
    assert same_fact(early, later)  # one story: a toll updated
    assert not same_fact(early, other)  # the ferry story names the flooded town in passing


def test_things_are_not_killed_or_hurt() -> None:
    postponed = mention("Hospital managers said 1,100 planned operations had been postponed.",
                        "1,100 planned operations", 1100, unit="operation")
    later = mention("More than 2,300 planned operations have been postponed since the walkout"
                    " began in Halvik.", "More than 2,300 planned operations", 2300,
                    unit="operation", qualifier="more_than")
    assert features(postponed).fate is None
    assert features(postponed).tally == features(later).tally == "#operation"
    hurt = mention("Hospital staff said 40 people had been hurt.", "40 people", 40,
                   unit="person")
    assert features(hurt).fate == "injure"


def test_a_place_and_its_people_are_one_name_of_a_story() -> None:
    one = ("HALVIK — Inflation in Kestria slowed in March. Kestria's statistics office said"
           " prices in Kestria rose less than expected.")
    other = ("HALVIK — Kestrian inflation fell to 5.8%. Kestrian bonds rallied, and the"
             " Kestrian dollar fell.")
    a = MentionRecord(1, 1, "Lakeside Herald", DAY, _contained(10), article_topic(one))
    b = MentionRecord(2, 2, "Upland Courier", DAY, _contained(10), article_topic(other))
    assert not articles_apart(a, b)


def test_a_place_the_figure_is_in_is_no_owner_of_it() -> None:
    strike = mention("Nurses in the Halvik region are demanding a 15% pay rise.",
                     "15%", 15, unit="percent", kind="percent")
    sought = mention("Economists at Saldane Capital say the 15% rise sought by the union would"
                     " cost $3 billion.", "15%", 15, unit="percent", kind="percent")
    assert "halvik" not in features(strike).local_names
    assert judged(strike, sought, days_apart=1)

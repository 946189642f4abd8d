"""A figure's role: a capacity, a threshold, an old record, a forecast or plan is not the
figure of what happened, even when the number is the same (invented sentences only)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from app.extraction.model import Mention
from app.matching.lexicon import figure_role
from app.matching.model import MentionRecord
from app.matching.similarity import DEFAULT_SIGNALS, evidence, features, same_fact
from tests.matching.factory import judged, mention

DAY = datetime(2025, 9, 1, 8)
NO_ROLES = replace(DEFAULT_SIGNALS, roles=False)


@pytest.mark.parametrize(
    ("before", "role"),
    [
        ("The barge was licensed to carry", "capacity"),
        ("against a grid capacity of", "capacity"),
        ("A majority requires", "threshold"),
        ("Tuesday's reading beat the old high of", "previous"),
        ("The previous record,", "previous"),
        ("Economists polled ahead of the release had expected an annual rate of", "expected"),
        ("The council is aiming for savings of", "expected"),
        ("Tuesday's reading of", None),
        ("the Greens would hold", None),  # "hold" seats is what they won
        # the role word belongs to the earlier figure, not to this one
        ("It was licensed for 40 passengers but carried", None),
    ],
)
def test_role_of_the_words_before_a_figure(before: str, role: str | None) -> None:
    assert figure_role(before) == role


def test_a_capacity_is_not_a_count_of_survivors() -> None:
    capacity = mention("The ferry was licensed to carry 180 passengers.", "180 passengers",
                       180, unit="passenger")
    survivors = mention("Nearly 180 survivors were brought ashore by fishing boats.",
                        "Nearly 180 survivors", 180, unit="survivor", qualifier="nearly")
    assert not judged(capacity, survivors)
    assert judged(capacity, survivors, signals=NO_ROLES)  # what the rule changes


def test_a_forecast_is_not_the_outcome() -> None:
    forecast = mention("Economists had expected annual inflation of 4.2% in May.", "4.2%", 4.2,
                       kind="percent", unit="%")
    outcome = mention("Annual inflation rose to 4.2% in May, the statistics office said.",
                      "4.2%", 4.2, kind="percent", unit="%")
    assert not judged(forecast, outcome)
    assert judged(forecast, outcome, signals=NO_ROLES)


def test_one_role_worded_two_ways_still_matches() -> None:
    a = mention("The previous record, 41.3C, was set in 1998.", "41.3C", 41.3, kind="measure",
                unit="C")
    b = mention("Wednesday's reading beat the old high of 41.3C set in 1998.", "41.3C", 41.3,
                kind="measure", unit="C")
    assert judged(a, b)


def _tuesday(sentence: str) -> Mention:
    return mention(sentence, "Tuesday", 0, kind="date", date="2025-09-02")


def test_the_day_a_source_spoke_is_not_the_day_it_happened() -> None:
    said = _tuesday("Twelve people have died, the health ministry said on Tuesday.")
    record = _tuesday("The thermometer at the airport touched 46C on Tuesday afternoon.")
    also_said = _tuesday("The ministry told reporters on Tuesday that 12 people had died.")
    assert not judged(said, record)
    assert judged(said, record, signals=NO_ROLES)
    assert judged(said, also_said)


def test_a_part_is_not_an_update_of_the_whole() -> None:
    whole = mention("The derailment injured 70 people, officials said.", "70 people", 70,
                    unit="person")
    part = mention("The city hospital treated 28 of the people injured in the derailment.",
                   "28", 28, unit="person")
    fronted = mention("Of the 70 injured, 28 were treated at the city hospital.", "28", 28,
                      unit="person")
    ra = MentionRecord(1, 1, "Coastal Times", DAY, whole)
    rb = MentionRecord(2, 2, "Evening Star", DAY.replace(day=2), part)
    rc = MentionRecord(3, 3, "Night Wire", DAY.replace(day=3), fronted)
    no_parts = replace(DEFAULT_SIGNALS, parts=False)
    assert same_fact(ra, rb, no_parts)  # a toll that "grew" from 28 to 70: wrong
    assert not same_fact(ra, rb)
    assert not same_fact(ra, rc)
    assert same_fact(rb, rc)  # the same part, worded two ways


def test_two_different_roles_never_match_one_role_costs_points() -> None:
    old = mention("The bank's old growth estimate of 1.1% was revised.", "1.1%", 1.1,
                  kind="percent", unit="%")
    target = mention("The bank's growth target of 1.1% was kept.", "1.1%", 1.1,
                     kind="percent", unit="%")
    assert (features(old).role, features(target).role) == ("previous", "expected")
    ra = MentionRecord(1, 1, "Coastal Times", DAY, old)
    rb = MentionRecord(2, 2, "Evening Star", DAY, target)
    assert evidence(ra, rb) is None  # previous against expected: a veto
    plain = mention("The bank's growth of 1.1% was kept.", "1.1%", 1.1, kind="percent",
                    unit="%")
    found = evidence(rb, MentionRecord(3, 3, "Night Wire", DAY, plain))
    assert found is not None and found.one_role == 1.0


def _km(sentence: str, figure: str, value: float, unit: str = "km") -> Mention:
    return mention(sentence, figure, value, kind="measure", unit=unit)


def test_a_length_is_a_height_a_depth_a_radius_or_a_distance() -> None:
    depth = _km("The quake struck at a depth of 10 km, the institute said.", "10 km", 10)
    away = _km("The village lies 10 km up the valley from the town.", "10 km", 10)
    assert not judged(depth, away)
    assert judged(depth, away, signals=NO_ROLES)
    plume = _km("The volcano sent a column of ash 12 km into the sky.", "12 km", 12)
    zone = _km("The exclusion zone remains at 7.5 miles (12 km) around the crater.", "12 km",
               12)
    assert features(zone).dimension == "radius"  # a conversion is read where its figure is
    assert not judged(plume, zone)


def test_an_age_group_is_no_ones_age() -> None:
    group = mention("Salmonella is most dangerous for people over 65, doctors said.", "over 65",
                    65, kind="age", qualifier="more_than")
    man = mention("A 71-year-old man died in hospital, doctors said.", "71-year-old", 71,
                  kind="age")
    assert not judged(group, man)

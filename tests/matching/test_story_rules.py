"""Which story two figures belong to: a toll that changed between two reports is one fact
only when the reports plainly tell one story; a day one article names for two events is
two facts (invented articles only)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from app.extraction.model import Mention
from app.matching.lexicon import article_topic, names_in
from app.matching.model import MentionRecord
from app.matching.similarity import DEFAULT_SIGNALS, features, same_fact
from tests.matching.factory import mention

DAY = datetime(2025, 8, 4, 9)

FERRY = (
    "A ferry capsized off the Tarn peninsula in Cordavia on Sunday. The Pelican was carrying "
    "90 people when it overturned near Brisk harbour, and divers searched the hull of the "
    "Pelican through the night. Brisk harbour was closed to other boats."
)
FERRY_LATER = (
    "Divers at Brisk harbour recovered more bodies from the Pelican on Tuesday. The owners "
    "of the Pelican said the boat had passed its last inspection. Relatives waited at Brisk."
)
HEAT = (
    "A heatwave has gripped Cordavia for a week. Hospitals reported a surge in heatstroke "
    "cases and schools closed early as temperatures climbed above 41C."
)


def _record(id_: int, day: int, text: str, m: Mention) -> MentionRecord:
    return MentionRecord(id_, id_, f"Outlet {id_}", DAY + timedelta(days=day), m,
                         article_topic(text))


def test_a_changed_toll_needs_more_than_a_shared_country() -> None:
    ferry = _record(1, 0, FERRY, mention(
        "The capsizing killed at least 19 people, officials said.", "at least 19 people", 19,
        unit="person", qualifier="at_least"))
    heat = _record(2, 2, HEAT, mention(
        "The heatwave has killed 23 people, the health ministry said.", "23 people", 23,
        unit="person"))
    later = _record(3, 2, FERRY_LATER, mention(
        "The number of people killed rose to 23, the coast guard said.", "23", 23,
        unit="person"))
    assert not same_fact(ferry, heat)  # only "Cordavia", named once by each
    assert same_fact(ferry, later)  # the Pelican and Brisk: one story, the toll grew
    # with the rule off, the shared country was enough to call the heat toll an update
    assert same_fact(ferry, heat, replace(DEFAULT_SIGNALS, firm_story_updates=False))


def test_equal_figures_still_join_on_a_passing_name() -> None:
    a = _record(1, 0, FERRY, mention(
        "The capsizing killed 23 people, officials said.", "23 people", 23, unit="person"))
    b = _record(2, 1, HEAT, mention(
        "The heatwave has killed 23 people, the health ministry said.", "23 people", 23,
        unit="person"))
    # the rule leaves figures that agree as worded to the other evidence
    assert same_fact(a, b) == same_fact(a, b, replace(DEFAULT_SIGNALS,
                                                      firm_story_updates=False))


def _day(id_: int, sentence: str) -> MentionRecord:
    # every mention of one article
    m = mention(sentence, "Wednesday", 0, kind="date", date="2025-08-06")
    return MentionRecord(id_, 1, "Outlet", DAY, m, article_topic(FERRY))


def test_a_day_named_for_two_events_of_one_article_is_two_facts() -> None:
    blast = _day(1, "An explosion killed four workers at the Tarn depot on Wednesday morning.")
    arrest = _day(2, "The depot's owner was arrested on Wednesday night.")
    again = _day(3, "The four workers were killed on Wednesday when a tank exploded.")
    assert not same_fact(blast, arrest)  # before, the repeat alone outweighed the two events
    assert same_fact(blast, again)


def test_a_clock_time_does_not_cut_the_clause() -> None:
    # the colon of "9:40" is no clause break: the day keeps the event before the time
    day = mention("The fire broke out at 9:40 a.m. on March 12 and burned for hours.",
                  "March 12", 0, kind="date", date="2025-03-12")
    assert {"fire", "broke"} <= features(day).words


def test_a_place_after_the_figure_is_not_its_owner() -> None:
    # whose figure it is stands before it ("the Greens won 23 seats"); a name after it
    # says where ("a three-day tour of Velland"), and clashes with no other owner
    a = mention("The minister ended a three-day tour of Velland and Osmark on Friday.",
                "three-day", 4320, kind="duration", unit="minute")
    b = mention("Minister Hale wrapped up her three-day visit with a stop at the port.",
                "three-day", 4320, kind="duration", unit="minute")
    ra = MentionRecord(1, 1, "Outlet 1", DAY, a)
    rb = MentionRecord(2, 2, "Outlet 2", DAY, b)
    assert features(a).local_names == frozenset()
    assert same_fact(ra, rb)


def test_a_number_word_after_a_dateline_is_no_name() -> None:
    text = "KOVIK (NWS) — Twenty-three miners were trapped on Tuesday."
    assert names_in(text) == {"kovik"}  # the credit is the outlet, not a name of the story
    story = text + " Families waited at the Kovik pit, where Twenty-three died in 1990."
    assert not any(n.lstrip("?").startswith("twenty") for n in article_topic(story))


def _same_sentence(sentence: str, a: str, va: float, b: str, vb: float, unit: str,
                   unit_b: str | None = None) -> bool:
    ma = mention(sentence, a, va, kind="measure", unit=unit)
    mb = mention(sentence, b, vb, kind="measure", unit=unit_b or unit)
    return same_fact(MentionRecord(1, 1, "Outlet", DAY, ma),
                     MentionRecord(2, 1, "Outlet", DAY, mb))


def test_a_sentence_gives_each_fact_one_figure() -> None:
    # two near figures of one unit in one sentence: a high and a close, two facts
    assert not _same_sentence("The river rose to 6.1 metres at noon before settling at 5.9 "
                              "metres in Tarn.", "6.1 metres", 6.1, "5.9 metres", 5.9, "metre")
    # one figure given in two units is one fact
    assert _same_sentence("Gusts reached 148 km/h (92 mph) on the Tarn coast.", "148 km/h",
                          148, "92 mph", 92, "kmh", "mph")


def test_articles_apart_by_time_compares_moments_and_walls() -> None:
    from datetime import timezone

    from app.matching.similarity import articles_apart

    m = mention("The storm killed 9 people.", "9 people", 9, unit="person")
    west = timezone(timedelta(hours=-10))
    first = datetime(2025, 8, 1, 8, 0, tzinfo=west)  # 18:00 UTC on the 1st
    # the window and 9 hours later as written, but 23 hours short of it as moments
    later = datetime(2025, 8, 1, 17, 0, tzinfo=UTC) + timedelta(
        days=DEFAULT_SIGNALS.max_gap_days)
    a = MentionRecord(1, 1, "A", first, m)
    b = MentionRecord(2, 2, "B", later, m)
    assert not articles_apart(a, b)  # aware times compare as moments
    naive = MentionRecord(3, 3, "C", later.replace(tzinfo=None), m)
    assert articles_apart(a, naive)  # a time without a zone compares as written
    assert not articles_apart(a, MentionRecord(4, 4, "D", None, m))  # unknown: near any

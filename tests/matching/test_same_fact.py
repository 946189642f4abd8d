"""Pairs of mentions: the same fact or not."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.extraction.model import Mention
from app.matching.lexicon import article_topic, topic_names
from app.matching.match import blocking_keys
from app.matching.model import MentionRecord
from app.matching.similarity import same_fact
from tests.matching.factory import mention

WHEN = datetime(2024, 5, 1)


def rec(m: Mention, id: int, article: int, source: str = "") -> MentionRecord:
    return MentionRecord(id, article, source or f"outlet{article}", WHEN, m)


def pair(a: Mention, b: Mention) -> bool:
    ra, rb = rec(a, 1, 1), rec(b, 2, 2)
    result = same_fact(ra, rb)
    assert result == same_fact(rb, ra), "same_fact must be symmetric"
    if result:  # what matching accepts, blocking must find
        assert blocking_keys(a) & blocking_keys(b)
    return result


SAME = [
    pytest.param(
        mention("Militants abducted 240 Israelis in the raid.", "240", 240, unit="israeli"),
        mention("Gunmen took some 250 hostages back to Gaza.", "some 250", 250, unit="hostage",
                qualifier="approximately"),
        id="abducted-240-vs-took-some-250",
    ),
    pytest.param(
        mention("The war has killed more than 34,535 Palestinians.", "more than 34,535", 34535,
                unit="palestinian", qualifier="more_than"),
        mention("Strikes have killed at least 34,568 people in Gaza.", "at least 34,568", 34568,
                unit="person", qualifier="at_least"),
        id="toll-more-than-vs-at-least",
    ),
    pytest.param(
        mention("The two men met for two and a half hours.", "two and a half hours", 2.5,
                unit="hour", kind="duration"),
        mention("The meeting lasted for over two hours.", "over two hours", 2, unit="hour",
                kind="duration", qualifier="more_than"),
        id="meeting-duration",
    ),
    pytest.param(
        mention("The session ran 150 minutes, an aide said.", "150 minutes", 150,
                unit="minute", kind="duration"),
        mention("They talked for 2.5 hours in his office.", "2.5 hours", 2.5, unit="hour",
                kind="duration"),
        id="minutes-vs-hours",
    ),
    pytest.param(
        mention("The deal would see 33 hostages released.", "33", 33, unit="hostage"),
        mention("The truce calls for the release of 33 people.", "33", 33, unit="person"),
        id="released-hostages-vs-people",
    ),
    pytest.param(
        mention("Israel believes 129 remain in captivity.", "129", 129, unit="hostage"),
        mention("Families of the roughly 130 hostages still held rallied.", "roughly 130", 130,
                unit="hostage", qualifier="approximately"),
        id="still-held",
    ),
    pytest.param(
        mention("The quake killed at least 37 people, officials said.", "at least 37", 37,
                unit="person", qualifier="at_least"),
        mention("The death toll from the quake rose to 41.", "41", 41, unit="death"),
        id="toll-rises",
    ),
    pytest.param(
        mention("The carmaker recalled 1.2 million cars over faulty airbags.", "1.2 million cars",
                1.2e6, unit="car"),
        mention("The recall covers about 1.2 million vehicles.", "about 1.2 million vehicles",
                1.2e6, unit="vehicle", qualifier="approximately"),
        id="cars-are-vehicles",
    ),
    pytest.param(
        mention("Overnight the valley froze at minus 3 degrees Celsius.",
                "minus 3 degrees Celsius", -3, unit="celsius", kind="measure"),
        mention("Evacuees slept in a hall on a night when the valley froze at 27 degrees "
                "Fahrenheit.", "27 degrees Fahrenheit", 27, unit="fahrenheit", kind="measure"),
        id="below-zero-converted",
    ),
]

DIFFERENT = [
    pytest.param(
        mention("Gunmen took some 250 hostages back to Gaza.", "some 250", 250, unit="hostage",
                qualifier="approximately"),
        mention("Israel believes 129 hostages are still held.", "129", 129, unit="hostage"),
        id="taken-vs-still-held",
    ),
    pytest.param(
        mention("The deal would see 33 hostages released.", "33", 33, unit="hostage"),
        mention("Israel demanded the release of 40 hostages.", "40", 40, unit="hostage"),
        id="33-vs-40-released",
    ),
    pytest.param(
        mention("The attack killed 1,170 people in Israel.", "1,170", 1170, unit="person"),
        mention("The offensive has killed 34,568 people in Gaza.", "34,568", 34568,
                unit="person"),
        id="two-tolls",
    ),
    pytest.param(
        mention("The quake killed 52 people.", "52", 52, unit="person"),
        mention("Rescuers pulled 50 people alive from the rubble.", "50", 50, unit="person"),
        id="killed-vs-rescued",
    ),
    pytest.param(
        mention("The meeting lasted two hours.", "two hours", 2, unit="hour", kind="duration"),
        mention("The meeting lasted two kilometres.", "two kilometres", 2, unit="km",
                kind="measure"),
        id="different-kind",
    ),
    pytest.param(
        mention("Turnout rose to 68 percent.", "68 percent", 68, unit="percent",
                kind="percent"),
        mention("Crews had the fire 22 percent contained.", "22 percent", 22, unit="percent",
                kind="percent"),
        id="far-values",
    ),
    pytest.param(
        mention("Their seventh trip to the region began.", "seventh", 7, kind="ordinal"),
        mention("It was his eighth trip to the region.", "eighth", 8, kind="ordinal"),
        id="ordinals-must-be-equal",
    ),
    pytest.param(
        mention("Annual inflation was 3.5% in March, the agency said.", "3.5%", 3.5,
                unit="percent", kind="percent"),
        mention("Prices rose 3.5% in April from a year earlier, the agency said.", "3.5%", 3.5,
                unit="percent", kind="percent"),
        id="march-vs-april",
    ),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_same_fact(a: Mention, b: Mention) -> None:
    assert pair(a, b)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_facts(a: Mention, b: Mention) -> None:
    assert not pair(a, b)


def test_a_repeated_figure_in_one_article_is_one_fact() -> None:
    headline = mention("Two-hour meeting came at a tense moment", "Two-hour", 2, unit="hour",
                       kind="duration")
    body = mention("The session, which ran for over two hours, was tense.", "over two hours", 2,
                   unit="hour", kind="duration", qualifier="more_than")
    assert same_fact(rec(headline, 1, 7), rec(body, 2, 7))


def test_blocking_keys_are_few() -> None:
    m = mention("The attack killed, wounded and displaced 300 people and injured many.", "300",
                300, unit="person")
    assert 1 <= len(blocking_keys(m)) <= 6


def test_predicate_is_symmetric_and_blocking_complete_on_a_corpus() -> None:
    """Every pair of the fixture corpus: symmetric, and blocking finds every match."""
    from tests.matching.fixtures import build

    corpus, _ = build()
    records = corpus.records
    for i, a in enumerate(records):
        for b in records[i + 1 :]:
            ab, ba = same_fact(a, b), same_fact(b, a)
            assert ab == ba
            if ab and a.article_id != b.article_id:
                keys_a = blocking_keys(a.mention, published=a.published)
                keys_b = blocking_keys(b.mention, published=b.published)
                assert keys_a & keys_b


def test_different_stories_never_match() -> None:
    quake = mention("The quake killed 41 people in Velmora.", "41", 41, unit="person")
    flood = mention("The flood killed 41 people in Dorrin.", "41", 41, unit="person")
    a = MentionRecord(1, 1, "A", WHEN, quake, frozenset({"velmora", "altaris"}))
    b = MentionRecord(2, 2, "B", WHEN, flood, frozenset({"dorrin", "lowland"}))
    assert not same_fact(a, b)
    assert same_fact(a, MentionRecord(3, 3, "C", WHEN, quake, frozenset({"velmora"})))


def test_a_name_in_passing_does_not_make_one_story() -> None:
    """Two stories citing one body: the shared name carries little of either article."""
    killed = "At least 41 people were killed, the Red Crescent said."
    quake = mention(killed, "At least 41 people", 41, unit="person", qualifier="at_least")
    story_a = article_topic(
        "A quake struck Velmora on Monday. Rescuers in Velmora dug through the night. "
        "Schools in Velmora closed. Aid from the Red Crescent arrived in Velmora."
    )
    story_b = article_topic(
        "Floods hit Dorrin on Monday. Roads out of Dorrin were cut and the Lowland dams "
        "held. Residents of Dorrin waited for the Red Crescent. Dorrin schools closed."
    )
    same_story = article_topic("Rescuers reached Velmora. Velmora mourned; Altaris helped.")
    assert topic_names(story_a) & topic_names(story_b) == {"crescent"}
    a = MentionRecord(1, 1, "A", WHEN, quake, story_a)
    assert not same_fact(a, MentionRecord(2, 2, "B", WHEN, quake, story_b))
    assert same_fact(a, MentionRecord(3, 3, "C", WHEN, quake, same_story))


def test_reports_weeks_apart_are_different_facts() -> None:
    m = mention("The quake killed 41 people in Velmora.", "41", 41, unit="person")
    a = MentionRecord(1, 1, "A", datetime(2024, 9, 15), m)
    b = MentionRecord(2, 2, "B", datetime(2024, 11, 15), m)
    assert not same_fact(a, b)


def test_round_figures_are_never_penalised_for_being_round() -> None:
    """The uncommon-figure bonus only adds (a bug once subtracted for "900" vs "1,000")."""
    from dataclasses import replace

    from app.matching.similarity import DEFAULT_SIGNALS, match_score, significant_digits

    assert significant_digits(900) == 1
    assert significant_digits(34568) == 5
    assert significant_digits(4.75) == 3
    a = mention("More than 900 firefighters fought the fire.", "More than 900", 900,
                unit="firefighter", qualifier="more_than")
    b = mention("Nearly 1,000 personnel are now working the fire.", "Nearly 1,000", 1000,
                unit="person", qualifier="nearly")
    ra, rb = rec(a, 1, 1), rec(b, 2, 2)
    with_bonus = match_score(ra, rb)
    without = match_score(ra, rb, replace(DEFAULT_SIGNALS, specific=False))
    assert with_bonus is not None and without is not None and with_bonus >= without


def test_a_possessive_first_word_is_a_name() -> None:
    from app.matching.lexicon import name_stem, names_in

    assert name_stem("kenya") in names_in("Kenya's Daniel Kiprono, 24, won the race.")


def test_a_former_value_weighs_against_a_current_one() -> None:
    from app.matching.similarity import match_score

    now = mention("Turnout was 61.5% this time.", "61.5%", 61.5, kind="percent",
                  unit="percent")
    before = mention("Turnout reached 64%, up from 61.5% last time.", "61.5%", 61.5,
                     kind="percent", unit="percent")
    again = mention("Turnout was 61.5%, officials said.", "61.5%", 61.5, kind="percent",
                    unit="percent")
    prior, current = match_score(rec(now, 1, 1), rec(before, 2, 2)), match_score(
        rec(now, 1, 1), rec(again, 3, 3))
    assert prior is not None and current is not None and prior < current


def test_story_words_weigh_less() -> None:
    """An event the whole article tells ("rose" in every sentence) is weak evidence."""
    from app.matching.similarity import match_score

    a = mention("Prices rose 2.1% in the year.", "2.1%", 2.1, kind="percent", unit="percent")
    b = mention("Rents rose 2.1% over the period.", "2.1%", 2.1, kind="percent",
                unit="percent")
    plain = match_score(rec(a, 1, 1), rec(b, 2, 2))
    story = frozenset({"marland", "~!rise"})
    ra = MentionRecord(1, 1, "A", WHEN, a, story)
    rb = MentionRecord(2, 2, "B", WHEN, b, story)
    weak = match_score(ra, rb)
    assert plain is not None and weak is not None and weak < plain

"""Word handling: spelling variants of counted nouns, event words that were misread."""

from __future__ import annotations

import pytest

from app.matching.lexicon import american, canonical_noun, events_in, names_in, noun_class


@pytest.mark.parametrize(
    ("british", "us"),
    [
        ("storeys", "stories"),
        ("centres", "centers"),
        ("harbours", "harbors"),
        ("theatres", "theaters"),
        ("litres", "liters"),
        ("fibres", "fibers"),
        ("catalogues", "catalogs"),
        ("organisations", "organizations"),
        ("tyres", "tires"),
        ("programmes", "programs"),
    ],
)
def test_british_and_american_spellings_are_one_noun(british: str, us: str) -> None:
    assert canonical_noun(british) == canonical_noun(us)
    assert noun_class(british) == noun_class(us)


@pytest.mark.parametrize("word", ["hour", "four", "tour", "contour", "detour", "acre", "genre"])
def test_words_spelled_alike_are_left_alone(word: str) -> None:
    assert american(word) == word


def test_detained_is_arrested() -> None:
    assert events_in("Police detained 14 people near the stadium.") == {"arrest"}
    assert events_in("Police arrested 14 people near the stadium.") == {"arrest"}


def test_remain_names_held_only_when_it_means_still_there() -> None:
    assert events_in("Some 90 hostages remain in Qarvan, officials believe.") == {"held"}
    assert events_in("About 40 sailors remain captive on the tanker.") == {"held"}
    assert events_in("Of the 60 taken, 22 remain.") >= {"held"}
    # a state after "remain" is what the figure is about, not captivity
    assert "held" not in events_in("The bridge remained closed for a third day.")
    assert "held" not in events_in("Five climbers remain in hospital after the fall.")
    assert events_in("Three fishermen remain missing off the cape.") == {"missing"}
    assert "held" in events_in("the remaining 15 hostages")


def test_evacuation_and_rescue_wording() -> None:
    assert events_in("Some 2,300 residents were moved to safety overnight.") == {"displace"}
    assert events_in("About 900 families were forced from their homes.") == {"displace"}
    assert events_in("Lifeguards saved 12 swimmers off the point.") == {"survive"}
    # rescue teams are who searched, not what befell the people counted
    assert events_in("The count climbed to 48 as rescue teams reached the hamlets.") == {"rise"}
    assert "survive" not in events_in("Rescue crews dug through the night.")


def test_a_river_that_peaked_or_crested() -> None:
    assert events_in("The Lorn peaked at 5.2 metres on Friday.") == {"peak"}
    assert events_in("The Lorn crested at just over five metres.") == {"peak"}
    assert events_in("Walkers crowded Brant Peak on Sunday.") == frozenset()  # a name
    assert "rise" not in events_in("The Lorn crested at five metres.")


def test_homes_without_electricity_are_an_outage() -> None:
    assert events_in("About 8,000 homes were without electricity on Monday.") == {"outage"}
    assert events_in("Some 8,000 homes lost power overnight.") == {"outage"}
    # "elect" is a stem of voting, "electricity" is not a vote
    assert "vote" not in events_in("Electricity bills went up 4 percent.")
    assert events_in("She was elected in May.") == {"vote"}


def test_a_critical_condition_is_counted_apart_from_the_injured() -> None:
    # the gravely hurt are a count of their own ("74 injured, 14 of them critically")
    assert events_in("Four were in critical condition on Sunday.") == {"critical"}
    assert events_in("three of them critically") == {"critical"}
    # "nine of them seriously" leaves "injured" unsaid: the serious count, as "in serious
    # condition" is
    assert events_in("nine of them seriously") == {"critical"}
    assert events_in("Nine of them remained in serious condition.") >= {"critical"}


def test_lawmakers_and_votes_count_people() -> None:
    assert noun_class("lawmakers") == noun_class("legislators") == "human"
    assert noun_class("votes") == noun_class("abstentions") == noun_class("people")
    assert canonical_noun("votes") != canonical_noun("lawmakers")  # no shared-noun point


def test_a_dateline_in_capitals_is_a_name() -> None:
    assert "harlow" in names_in("HARLOW — Nine workers died in the collapse.")
    assert names_in("Nine workers died in Harlow.") == {"harlow"}


def test_a_reduction_is_a_cut_and_a_hike_an_increase() -> None:
    assert canonical_noun("reductions") == canonical_noun("cuts")
    assert canonical_noun("hike") == canonical_noun("increase") == canonical_noun("rises")


@pytest.mark.parametrize(
    ("text", "event"),
    [
        ("the Civic Alliance, led by Helena Strand, won 40 seats", "strand"),
        ("Strand's party won 41 seats", "strand"),
        ("Kendra Rise, the minister, spoke first", "rise"),
    ],
)
def test_a_name_that_spells_an_event_word_is_no_event(text: str, event: str) -> None:
    assert event not in events_in(text)


def test_an_event_word_at_the_start_of_a_sentence_is_still_an_event() -> None:
    assert "kill" in events_in("Killed in the blast were three workers")
    assert "strand" in events_in("Stranded ships wait off the port")

"""An article gives a fact one figure: two of its figures that disagree are two facts, and
matching keeps other outlets from chaining them, in any order of ingest."""

from __future__ import annotations

import itertools
from dataclasses import replace

from app.matching.model import MentionRecord
from app.matching.similarity import DEFAULT_SIGNALS, Signals, features, figures_apart, same_fact
from tests.matching.factory import Corpus, mention
from tests.matching.test_assign import Store

OFF = replace(DEFAULT_SIGNALS, one_figure_per_article=False)


def _two(sentence_a: str, fig_a: str, val_a: float, sentence_b: str, fig_b: str,
         val_b: float, unit: str = "seat", unit_b: str | None = None) -> bool:
    corpus = Corpus()
    a, b = corpus.article(
        "Lakeside Herald", "2025-09-22T08:00",
        mention(sentence_a, fig_a, val_a, unit=unit),
        mention(sentence_b, fig_b, val_b, unit=unit_b or unit),
    )
    result = figures_apart(a, b)
    assert result == figures_apart(b, a)
    assert not figures_apart(a, b, OFF)
    return result


def test_two_different_figures_of_one_unit_in_one_article_are_apart() -> None:
    s = "The commission projected 40 seats for the Alliance and 39 for the Social Democrats."
    assert _two(s, "40 seats", 40, s, "39", 39)


def test_a_repeated_figure_is_not_apart() -> None:
    assert not _two("The Alliance won 41 seats.", "41 seats", 41,
                    "With its 41 seats it leads the count.", "41 seats", 41)


def test_a_conversion_is_one_figure_in_two_units() -> None:
    s = "The zone was widened to 7.5 miles (12 km) on Tuesday."
    assert not _two(s, "7.5 miles", 7.5, s, "12 km", 12, unit="mile", unit_b="km")


def test_an_open_bound_that_holds_the_other_figure_is_not_apart() -> None:
    corpus = Corpus()
    a, b = corpus.article(
        "Lakeside Herald", "2025-07-15T08:00",
        mention("More than 60 people were injured.", "More than 60 people", 60,
                unit="person", qualifier="more_than"),
        mention("In all, 63 people were injured.", "63 people", 63, unit="person"),
    )
    assert not figures_apart(a, b)


def test_a_former_value_is_not_apart_from_the_new_one() -> None:
    s = "The Alliance won 41 seats, up from 31 seats in 2021."
    assert not _two(s, "41 seats", 41, s, "31 seats", 31)


def test_figures_of_two_articles_are_never_apart() -> None:
    corpus = Corpus()
    (a,) = corpus.article("Lakeside Herald", "2025-09-22T08:00",
                          mention("The Alliance won 41 seats.", "41 seats", 41, unit="seat"))
    (b,) = corpus.article("Upland Courier", "2025-09-22T09:00",
                          mention("The Alliance won 40 seats.", "40 seats", 40, unit="seat"))
    assert not figures_apart(a, b)


def _election() -> list[list[MentionRecord]]:
    corpus = Corpus()
    first = "Officials said 40 seats went to the Alliance and 39 went to the Social Democrats."
    return [
        corpus.article(
            "Lakeside Herald", "2025-09-22T08:00",
            mention(first, "40 seats", 40, unit="seat"), mention(first, "39", 39, unit="seat"),
        ),
        corpus.article(
            "Upland Courier", "2025-09-22T18:00",
            mention("The Alliance won 41 seats in the chamber.", "41 seats", 41, unit="seat"),
        ),
        corpus.article(
            "Harbour Times", "2025-09-23T07:00",
            mention("The Social Democrats won 38 seats in the chamber.", "38 seats", 38,
                    unit="seat"),
        ),
    ]


def _partitions(signals: Signals) -> set[frozenset[frozenset[int]]]:
    found = set()
    for order in itertools.permutations(_election()):
        store = Store(signals)
        for article in order:
            store.ingest(article)
        found.add(store.partition())
    return found


def test_other_outlets_do_not_chain_two_figures_of_one_article() -> None:
    (with_rule,) = _partitions(DEFAULT_SIGNALS)  # one partition whatever the order
    forty, thirty_nine, forty_one, thirty_eight = 1, 2, 3, 4
    assert frozenset({forty, forty_one}) in with_rule
    assert frozenset({thirty_nine, thirty_eight}) in with_rule


def test_without_the_rule_the_four_figures_chain_into_one_claim() -> None:
    (without,) = _partitions(OFF)
    assert frozenset({1, 2, 3, 4}) in without


def test_two_rounded_figures_of_one_article_are_apart_when_they_differ() -> None:
    corpus = Corpus()
    about_27, roughly_25, about_25 = corpus.article(
        "Lakeside Herald", "2025-09-24T08:00",
        mention("Strand's party won about 27% of the vote.", "about 27%", 27, unit="percent",
                kind="percent", qualifier="approximately"),
        mention("The Social Democrats won roughly 25% of the vote.", "roughly 25%", 25,
                unit="percent", kind="percent", qualifier="approximately"),
        mention("Their share, about 25%, was the lowest since 1990.", "about 25%", 25,
                unit="percent", kind="percent", qualifier="approximately"),
    )
    assert figures_apart(about_27, roughly_25)  # their hedges overlap, the figures differ
    assert not figures_apart(roughly_25, about_25)


def test_a_figure_set_against_another_owners_is_no_former_value() -> None:
    s = "The Alliance won 27.4% of the vote, against 25.3% for the Social Democrats."
    versus = mention(s, "25.3%", 25.3, unit="percent", kind="percent")
    assert not features(versus).prior
    former = mention("Inflation was 3.1% in May, against 2.9% a month earlier.", "2.9%", 2.9,
                     unit="percent", kind="percent")
    assert features(former).prior


def test_two_figures_of_one_article_that_are_apart_never_join_directly() -> None:
    corpus = Corpus()
    s = "With the count complete, the Alliance had 41 seats and the Social Democrats 38 seats."
    won, lost = corpus.article(
        "Lakeside Herald", "2025-09-24T08:00",
        mention(s, "41 seats", 41, unit="seat"),
        mention("The Social Democrats, who won 38 seats, will lead the opposition after the"
                " Alliance won the vote.", "38 seats", 38, unit="seat"),
    )
    assert same_fact(won, lost)  # near figures, one story, the same names and noun
    assert figures_apart(won, lost)
    store = Store(DEFAULT_SIGNALS)
    store.ingest([won, lost])
    assert store.partition() == frozenset({frozenset({won.id}), frozenset({lost.id})})

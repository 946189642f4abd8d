"""Sentence, attribution, subject and quote anchor of a mention."""

from __future__ import annotations

import pytest

from app.extraction import extract
from app.extraction.attribution import attribution
from tests.extraction.helpers import only


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("It has killed at least 34,568 people, according to the health ministry in the "
         "territory.", "the health ministry"),
        ("The deal would free 33 people, according to the New York Times.",
         "the New York Times"),
        ("Some 10,000 are missing, the enclave's civil defense said Tuesday.",
         "the enclave's civil defense"),
        ("\"Blinken's comments contradict reality,\" Sami Abu Zuhri told Reuters.",
         "Sami Abu Zuhri"),
        ("The attack killed 1,170 people, according to an AFP tally of official figures.",
         "AFP"),
        ("Officials put the toll at 52, citing hospital records.", "hospital records"),
        ("The toll reached 52, said the interior ministry.", "the interior ministry"),
        ("Inflation fell to 2.3%, the Office for National Statistics said on Wednesday.",
         "the Office for National Statistics"),
        ("The toll reached 52 by Reuters' count.", None),
        ("The toll reached 52.", None),
    ],
)
def test_attribution(sentence: str, source: str | None) -> None:
    assert attribution(sentence) == source


def test_mention_carries_sentence_attribution_and_anchor() -> None:
    body = ("Blinken met Netanyahu. The war has killed more than 34,535 Palestinians, "
            "according to the health ministry. Talks go on.")
    m = only(body)
    assert m.text == "more than 34,535 Palestinians"
    assert body[m.start:m.end] == m.text
    assert m.sentence == ("The war has killed more than 34,535 Palestinians, according to "
                          "the health ministry.")
    assert m.attribution == "the health ministry"
    assert m.prefix == body[max(0, m.start - 32):m.start]
    assert m.suffix == body[m.end:m.end + 32]
    assert m.subject is not None and "palestinians" in m.subject.lower()


def test_subject_of_released_hostages() -> None:
    m = only("Thirty-three Israeli hostages will be released gradually.")
    assert m.subject == "hostages will be released"


def test_abbreviations_do_not_end_sentences() -> None:
    m = extract("The U.S. envoy arrived on Oct. 7 and met 40 officials. Then he left.")[-1]
    assert m.sentence == "The U.S. envoy arrived on Oct. 7 and met 40 officials."

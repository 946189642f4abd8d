"""Whose figure it is, read more carefully (a dateline's first word, speakers with an
apposition, sources named by "polled by"), and sentences that echo each other's words
when their clauses are too short to (invented sentences only)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from app.matching.lexicon import names_in, speakers_in, stems
from app.matching.model import MentionRecord
from app.matching.similarity import DEFAULT_SIGNALS, features, same_fact
from tests.matching.factory import mention

DAY = datetime(2025, 4, 15, 9)


def test_the_first_word_after_a_dateline_starts_the_sentence() -> None:
    text = "HALVIK (Ledger Daily) — Annual inflation fell to 5.8% last month."
    assert names_in(text) == {"halvik"}
    # a possessive there is still a name, as at any sentence start
    assert "kestr" in names_in("HALVIK — Kestria's central bank cut rates.")


def test_a_speaker_with_an_age_or_an_apposition_is_no_owner() -> None:
    assert "rask" in speakers_in("Governor Helena Rask, 58, said inflation had slowed.")
    assert "varro" in speakers_in("Ilse Varro, the union's president, said 9,000 joined.")
    assert "dansk" in speakers_in("Transport Minister Aurel Dansk has promised a review.")
    assert "kpa" in speakers_in("Economists polled by KPA had expected a reading of 5.9%.")
    # a relative clause with a figure is the name's own: the seats are the Greens'
    assert not speakers_in("The Greens, which won 12 seats, said they would join.")
    sentence = "Governor Helena Rask, 58, said inflation, which slowed to 5.8% in March, eased."
    assert features(mention(sentence, "5.8%", 5.8, kind="percent", unit="percent")
                    ).local_names == frozenset()


def test_sentences_that_echo_each_other_join_short_clauses() -> None:
    # "Its last full inspection, in 2023,": the clause of the figure is two words
    a = MentionRecord(1, 1, "Outlet 1", DAY, mention(
        "Its last full inspection, in 2023, found cracks in the bearings.",
        "2023", 0, kind="date", date="2023"))
    b = MentionRecord(2, 2, "Outlet 2", DAY + timedelta(days=1), mention(
        "Inspectors found cracks in the bearings when they last inspected it in 2023.",
        "2023", 0, kind="date", date="2023"))
    assert stems(frozenset({"inspected", "inspection"})) == {"inspe"}
    assert same_fact(a, b)
    assert not same_fact(a, b, replace(DEFAULT_SIGNALS, min_stem_overlap=0.0))
    # sentences about other things share no stems: the year alone is not enough
    c = MentionRecord(3, 3, "Outlet 3", DAY, mention(
        "The mayor, elected in 2023, promised a new ferry terminal.",
        "2023", 0, kind="date", date="2023"))
    assert not same_fact(a, c)

"""How matching reads long real reports: many names used once, bodies named in full and by
their initials, wire datelines, nouns that count one thing, owners read off far from the
figure (invented sentences only)."""

from __future__ import annotations

from app.extraction import Mention
from app.matching.lexicon import article_topic, names_in, noun_class, topic_names
from app.matching.model import MentionRecord
from app.matching.similarity import evidence, features
from tests.matching.factory import JUDGED_DAY, judged, mention


def test_a_long_report_keeps_twenty_names_in_its_topic() -> None:
    once = ["Abrand", "Belcor", "Castell", "Dovrin", "Eskel", "Farrow", "Galdern", "Hestor",
            "Ivelle", "Jorvik", "Kessel", "Lanmore", "Mirrow", "Norbeck", "Ostrand",
            "Pellam", "Quarrin", "Rosswick", "Sallow", "Zephyrin"]
    text = " ".join(f"Crews reached {name} on the second day." for name in once)
    names = topic_names(article_topic(text))
    assert len(names) == 20
    assert "zephyrin" in names  # the last name alphabetically still tells the story


def test_a_body_named_in_full_is_named_by_its_initials() -> None:
    assert "bjp" in names_in("The Bharatiya Janata Party won 240 seats on its own.")
    assert "usgs" in names_in("The U.S. Geological Survey measured the quake at 6.8.")
    assert "iom" in names_in("The International Organization for Migration said so.")
    assert "iv" not in names_in("In Velmar, engineers worked on.")  # "In" opens a sentence
    # a dateline's credit is the outlet: neither a name nor initials
    assert names_in("HALVIK (Ledger Daily) — Annual inflation fell to 5.8%.") == {"halvik"}


def test_a_wire_dateline_with_a_date_and_a_plain_dash() -> None:
    text = "BENGHAZI, Tarvia, Sept. 12 (Meridian Wire) - More than 2,000 people died."
    assert names_in(text) == {"benghaz", "tarv"}
    assert names_in("TRIPOLI - The number of dead rose again.") == {"tripol"}
    # a hyphen inside a name is no dateline
    assert "al-haouz" in names_in("Rescuers in Al-Haouz - a mountain province - dug on.")


def test_nouns_that_count_one_thing() -> None:
    assert noun_class("life") == noun_class("person") == "human"
    assert noun_class("MP") == noun_class("seat")
    assert noun_class("computer") == noun_class("device")
    assert noun_class("seat") != "human"


def _devices() -> tuple[Mention, Mention]:
    a = mention("Velmar Labs engineers found that the faulty update had crashed 8.5 million "
                "devices within hours.", "8.5 million devices", 8_500_000, unit="device")
    b = mention("Harlan Board inspectors reckoned the update had crashed about 8.5 million "
                "devices by Friday.", "about 8.5 million devices", 8_500_000, unit="device",
                qualifier="approximately")
    return a, b


def test_equal_figures_join_though_owners_read_off_far_away_clash() -> None:
    a, b = _devices()
    fa, fb = features(a), features(b)
    # each clause names someone the other sentence lacks, far from the figure
    assert fa.local_names and fb.local_names and not (fa.local_names & fb.names)
    assert not fa.owned and not fb.owned
    assert judged(a, b, days_apart=1)
    found = evidence(MentionRecord(1, 1, "Outlet 1", JUDGED_DAY, a),
                     MentionRecord(2, 2, "Outlet 2", JUDGED_DAY, b))
    assert found is not None and found.owner_clash == 1.0  # a cost, not a veto


def test_owners_right_before_the_figure_still_clash() -> None:
    greens = mention("The Greens won 23 seats in the vote.", "23 seats", 23, unit="seat")
    homeland = mention("The Homeland movement won 23 seats in the vote.", "23 seats", 23,
                       unit="seat")
    assert features(greens).owned and features(homeland).owned
    assert not judged(greens, homeland)
    # figures that disagree never join across a clash of owners, however far the names
    a = mention("Ardent Systems said the Alliance took about 41 seats.", "about 41 seats", 41,
                unit="seat", qualifier="approximately")
    b = mention("Northcote Polling said the Social Democrats took 38 seats.", "38 seats", 38,
                unit="seat")
    assert not judged(a, b)


def test_a_threshold_named_after_its_figure() -> None:
    short = mention("The party won 240 seats, well short of the 272 needed for a majority.",
                    "272", 272, unit="seat")
    mark = mention("Its partners keep it above the 272-seat majority mark.", "272-seat", 272,
                   unit="seat")
    won = mention("The alliance won 272 seats in the vote, counts showed.", "272 seats", 272,
                  unit="seat")
    assert features(short).role == features(mark).role == "threshold"
    assert features(won).role is None
    found = evidence(MentionRecord(1, 1, "Outlet 1", JUDGED_DAY, short),
                     MentionRecord(2, 2, "Outlet 2", JUDGED_DAY, won))
    assert found is not None and found.one_role == 1.0  # a threshold is not a result

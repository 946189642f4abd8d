"""Word lists: events, names, topics."""

from __future__ import annotations

from app.matching.lexicon import (
    article_topic,
    events_in,
    name_stem,
    names_in,
    noun_class,
    topic_names,
    topic_weights,
    topic_words,
    without_credit,
)


def test_events() -> None:
    assert events_in("The attack killed nearly 1,200 people") >= {"kill"}
    assert events_in("240 Israelis were abducted") == {"abduct"}
    assert events_in("displaced Palestinians have taken refuge") == {"displace"}
    assert "meet" in events_in("the two leaders met for two hours")
    assert events_in("the metropolitan area took part") == frozenset()
    assert events_in("Inflation was 3.8% in March.") == frozenset()  # the month
    assert events_in("they will march on Sunday") == {"protest"}


def test_noun_classes() -> None:
    assert noun_class("hostages") == noun_class("person") == noun_class("palestinian") == "human"
    assert noun_class("visits") == noun_class("trip") == "trip"
    assert noun_class("acre") == "acre"
    assert noun_class("cars") == noun_class("vehicle") == "vehicle"
    assert noun_class(None) is None


def test_names_skip_the_first_word() -> None:
    assert names_in("Officials in Velmora said 52 died.") == {name_stem("velmora")}
    assert names_in("A Kenyan won; Kenya cheered.") == {name_stem("kenya")}


def test_article_topic() -> None:
    text = (
        "A quake struck Altaris on Sunday. Officials in Velmora said 52 died. "
        "Rescuers in Velmora searched the rubble; officials said more may be found."
    )
    weights = topic_weights(article_topic(text))
    assert weights == {"velmora": 2, "altaris": 1}  # how often each name is used
    # "officials" is also written in lower case: an ordinary word; Sunday is a day


def test_topic_leaves_out_bylines_sources_and_kinds_of_place() -> None:
    text = (
        "By Jo Marsh | The Harbor Post\n\n"
        "Fire swept through Pine Valley on Monday, the Red Crescent said. Homes in Pine "
        "Valley burned, according to the Red Crescent. Ruth Adler said she fled Pine Valley."
    )
    # the outlet and its reporter, who gave figures, and "Valley" say nothing of the story
    assert topic_weights(article_topic(text)) == {"pine": 3}


def test_topic_leaves_out_titles_credits_and_given_names() -> None:
    text = (
        "DORRIN (Harbor Wire) — Floods hit Dorrin on Monday. Prime Minister Ana Kessel "
        "visited Dorrin and the Lowland district. Kessel said the Lowland dams held. "
        "Officials said the Dorrin river rose again."
    )
    names = topic_names(article_topic(text))
    assert {"dorrin", "kessel", "lowland"} <= names
    assert not names & {"minister", "prime", "harbor", "wire", "ana", "officials"}


def test_topic_marks_the_story_words() -> None:
    text = " ".join(f"Prices rose {n}% in sector {n}, the agency said." for n in range(6))
    words = topic_words(article_topic(text))
    assert "!rise" in words and "price" in words


def test_a_dateline_credit_after_a_country_is_no_name() -> None:
    text = ("DUNMERE, Orvenia (OPA) — At least four people were killed in Dunmere on Tuesday. "
            "Water rose in Dunmere again, officials in Dunmere said.")
    names = topic_names(article_topic(text))
    assert "dunmere" in names and "opa" not in names
    assert "opa" not in names_in(without_credit(text.split(".")[0]))


def test_rescuers_are_who_searched_not_what_befell_the_people_counted() -> None:
    assert "survive" not in events_in("the toll rose to six after rescuers found two bodies")
    assert "survive" in events_in("twelve people were rescued from the roof")

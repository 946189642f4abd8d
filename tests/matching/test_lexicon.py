"""Word lists: events, names, topics."""

from __future__ import annotations

from app.matching.lexicon import article_topic, events_in, name_stem, names_in, noun_class


def test_events() -> None:
    assert events_in("The attack killed nearly 1,200 people") >= {"kill"}
    assert events_in("240 Israelis were abducted") == {"abduct"}
    assert events_in("displaced Palestinians have taken refuge") == {"displace"}
    assert "meet" in events_in("the two leaders met for two hours")
    assert events_in("the metropolitan area took part") == frozenset()


def test_noun_classes() -> None:
    assert noun_class("hostages") == noun_class("person") == noun_class("palestinian") == "human"
    assert noun_class("visits") == noun_class("trip") == "trip"
    assert noun_class("acre") == "acre"
    assert noun_class(None) is None


def test_names_skip_the_first_word() -> None:
    assert names_in("Officials in Velmora said 52 died.") == {name_stem("velmora")}
    assert names_in("A Kenyan won; Kenya cheered.") == {name_stem("kenya")}


def test_article_topic() -> None:
    text = (
        "A quake struck Altaris on Sunday. Officials in Velmora said 52 died. "
        "Rescuers in Velmora searched the rubble; officials said more may be found."
    )
    topic = article_topic(text)
    assert "velmora" in topic and "altaris" in topic
    assert "officials" not in topic  # also written in lower case: an ordinary word
    assert "sunday" not in topic

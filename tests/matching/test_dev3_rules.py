"""Rules found on the dev3 development set (invented sentences only)."""

from __future__ import annotations

from app.matching.lexicon import article_topic, topic_names


def test_firm_name_at_a_sentence_start_is_a_name() -> None:
    # the firm is named only at the start of a sentence, before its kind ("Bank")
    text = (
        "Orrin Bank will close 40 branches, the lender said on Monday.\n\n"
        "Chief executive Tova Brandel told staff that 900 jobs would go."
    )
    assert "orrin" in topic_names(article_topic(text))


def test_sentence_start_before_an_ordinary_word_is_still_no_name() -> None:
    text = "Harvest losses may reach 30%, farmers said.\n\nRain is expected on Friday."
    assert "harvest" not in topic_names(article_topic(text))

"""A small multi-outlet corpus about one day of diplomacy, in our own words.

The facts echo the seed articles (one meeting, tolls, hostages); the sentences do not.
``FACTS`` names the true partition: mention ids grouped by fact.
"""

from __future__ import annotations

from tests.matching.factory import Corpus, mention


def build() -> tuple[Corpus, dict[str, list[int]]]:
    c = Corpus()
    s1 = "The talks between the two leaders ran for more than two hours."
    s2 = "The October 7 assault left nearly 1,200 people dead, and militants abducted 240 Israelis."
    s3 = "The war has since killed more than 34,535 Palestinians, the Gaza health ministry says."
    s4 = "The proposal would free 33 hostages in its first phase."
    a = c.article(
        "Harbor Ledger",
        "2024-05-01T09:00:00",
        mention(s1, "more than two hours", 2, unit="hour", kind="duration", qualifier="more_than"),
        mention(s2, "nearly 1,200", 1200, unit="person", qualifier="nearly"),
        mention(s2, "240", 240, unit="israeli"),
        mention(s3, "more than 34,535", 34535, unit="palestinian", qualifier="more_than"),
        mention(s4, "33", 33, unit="hostage"),
    )
    s5 = "They met for two and a half hours in Jerusalem."
    s6 = "Gunmen seized some 250 hostages that day, and Israel believes 129 are still held in Gaza."
    s7 = "The offensive has killed at least 34,568 people in Gaza."
    s8 = "The attack killed 1,170 people, according to an AFP count."
    b = c.article(
        "Meridian Wire",
        "2024-05-01T15:00:00",
        mention(s5, "two and a half hours", 2.5, unit="hour", kind="duration"),
        mention(s6, "some 250", 250, unit="hostage", qualifier="approximately"),
        mention(s6, "129", 129, unit="hostage"),
        mention(s7, "at least 34,568", 34568, unit="person", qualifier="at_least"),
        mention(s8, "1,170", 1170, unit="person"),
    )
    s9 = "The meeting lasted approximately 2.5 hours, aides said."
    s10 = "Nearly 1 million Palestinian refugees have fled to Rafah."
    s11 = "The deal calls for the release of 33 people."
    s12 = "Ministers said 33 percent of aid trucks were turned back."
    cc = c.article(
        "Coastal Times",
        "2024-05-02T08:00:00",
        mention(s9, "approximately 2.5 hours", 2.5, unit="hour", kind="duration",
                qualifier="approximately"),
        mention(s10, "Nearly 1 million", 1_000_000, unit="palestinian", qualifier="nearly"),
        mention(s11, "33", 33, unit="person"),
        mention(s12, "33 percent", 33, unit="percent", kind="percent"),
    )
    s13 = "More than a million Palestinians have sought shelter in Rafah."
    s14 = "Israel demanded the release of 40 of the roughly 130 hostages held since October 7."
    d = c.article(
        "Northern Post",
        "2024-05-02T10:00:00",
        mention(s13, "More than a million", 1_000_000, unit="palestinian", qualifier="more_than"),
        mention(s14, "40", 40, unit="hostage"),
        mention(s14, "roughly 130", 130, unit="hostage", qualifier="approximately"),
    )
    facts = {
        "meeting": [a[0].id, b[0].id, cc[0].id],
        "oct7_dead": [a[1].id, b[4].id],
        "abducted": [a[2].id, b[1].id],
        "gaza_toll": [a[3].id, b[3].id],
        "released": [a[4].id, cc[2].id],
        "held": [b[2].id, d[2].id],
        "rafah": [cc[1].id, d[0].id],
        "aid_share": [cc[3].id],
        "demanded": [d[1].id],
    }
    return c, facts

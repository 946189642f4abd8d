"""A readable label for a claim: what is counted, then the figure ("killed in Gaza: 34,568")."""

from __future__ import annotations

from collections.abc import Sequence

from app.matching import lexicon
from app.matching.display import qualified, with_unit
from app.matching.model import Agreement, MentionRecord
from app.matching.similarity import features

# How an event class reads after a counted noun ("hostages released").
_PARTICIPLES = {
    "kill": "killed",
    "injure": "injured",
    "missing": "missing",
    "abduct": "taken captive",
    "captive": "held captive",
    "held": "still held",
    "release": "released",
    "displace": "displaced",
    "arrest": "arrested",
    "detain": "detained",
    "casualty": "casualties",
    "survive": "surviving",
    "protest": "protesting",
    "vote": "voting",
}
# How an event class reads as the thing a duration, date or sum is about.
_NOUNS = {
    "meet": "meeting",
    "truce": "truce",
    "trip": "trip",
    "attack": "attack",
    "aid": "aid",
    "cost": "cost",
    "rise": "increase",
    "fall": "decrease",
    "kill": "deaths",
    "release": "release",
    "abduct": "abduction",
    "vote": "vote",
    "protest": "protest",
}


# Qualifiers that give a figure, not only a bound: the label prefers them.
_PRECISE = frozenset({"exact", "approximately", "range"})


def _plural(noun: str) -> str:
    if noun in ("person",):
        return "people"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    return noun + "s"


def _says_more_than_the_unit(subject: str, unit: str | None) -> bool:
    """"hostages released" says more than "hostage"; "hours" does not."""
    words = {lexicon.singular(w.lower()) for w in lexicon.tokens(subject)}
    return bool(words - {lexicon.singular(unit.lower()) if unit else "", "people", "person"})


def subject_of(record: MentionRecord) -> str:
    """Extraction's subject, or one built from the counted noun and the nearest event."""
    m = record.mention
    if m.subject and _says_more_than_the_unit(m.subject, m.unit):
        return m.subject.strip()
    f = features(m)
    events = [*f.events, *([f.noun_event] if f.noun_event else [])]
    if m.kind == "count" and m.unit:
        noun = _plural(lexicon.singular(m.unit.lower()))
        for event in events:
            if event in _PARTICIPLES:
                return f"{noun} {_PARTICIPLES[event]}"
        return noun
    for event in events:
        if event in _NOUNS:
            return _NOUNS[event]
    if m.kind == "measure" and m.unit:
        return m.unit
    return m.kind


def claim_label(members: Sequence[MentionRecord], verdict: Agreement) -> str:
    """Subject and figure of the member that best speaks for the claim.

    Preference: a member whose figure fits the best common value, with an extracted
    subject, with a figure rather than a bound, published first, lowest id: a stable label.
    """
    agrees = {f.mention_id: f.agrees for f in verdict.figures}

    def rank(r: MentionRecord) -> tuple[bool, bool, bool, str, int]:
        return (
            not agrees.get(r.id, False),
            r.mention.subject is None,
            r.mention.qualifier not in _PRECISE,
            r.published.isoformat() if r.published else "~",
            r.id,
        )

    best = min(members, key=rank)
    m = best.mention
    if m.kind == "date" and m.date:
        figure = m.date
    elif m.value is None:
        figure = m.text
    else:
        figure = with_unit(qualified(m.qualifier, m.value, m.kind, m.low, m.high),
                           m.value, m.kind, m.unit)
    return f"{subject_of(best)}: {figure}"

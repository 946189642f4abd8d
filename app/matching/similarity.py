"""Whether two mentions state the same fact: a symmetric pairwise predicate.

Hard conditions, all required: the same kind and unit class, figures within a factor of
``MAX_RATIO`` (dates and ordinals equal, clock times within an hour and on the same named
day) or else an update (``is_update``: a count of one fate on another day, within
``UPDATE_RATIO``), articles published within ``max_gap_days`` of each other, articles
that tell one story (when their topics are known), no clash of fates for counted people
(killed vs freed), of owners (the Greens' seats vs the Homeland movement's), of periods
(3.8% in March vs 3.4% in April), of a former value with a new one. ``blocking_keys``
mirrors the kind, unit class, value and date conditions, so candidate search never misses
a match. Then ``evidence`` lists what the pair has in common (figures agreeing as worded,
a shared event word, the same counted noun, shared words, names and what is measured,
one story...), ``Weights`` gives each its points, and the sum is held against
``threshold``; words the whole article uses (its story words, from ``article_topic``)
count less. docs/matching.md lists the points; the switches that are off by default were
tried and rejected on the development sets (bench/matching_quality.py, with --cv).
"""
from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

from app.extraction.model import Mention
from app.matching import lexicon
from app.matching.intervals import Interval, interval, relative_gap, representative
from app.matching.model import MentionRecord
from app.matching.units import base_unit

# Kinds whose figures must be equal to be one fact ("7th trip" is no "8th trip"; a date
# is one day). Clock times may differ by minutes (MAX_CLOCK_GAP).
EXACT_KINDS = frozenset({"date", "ordinal"})
STORY_SHARE = 0.4  # the share of an article's name uses that shared names must carry
# ... or how many names they must share: a long report names many people once (victims,
# officials, places of origin), which thins the share of the few names of the story
STORY_NAMES = 3
# ... of each article's, for figures that do not agree as worded (an update, a near figure)
FIRM_SHARE = 0.3
# Beyond this factor two figures are never one fact: it bounds the value buckets.
MAX_RATIO = 1.5
# A count of one fate reported on another day may have been updated this far (see
# ``is_update``): 9 killed, then 17.
UPDATE_RATIO = 3.0
# Clock times of one event differ by minutes at most.
MAX_CLOCK_GAP = 60.0

_CLAUSE_BREAK = re.compile(
    r"(?<!\d):(?!\d)|[;()\[\]—–\"“”]|,(?=\s|$)|\s(?:and|but|while|whereas|though|although)\s"
)
_WINDOW = 60
_NEAR = 40


@dataclass(frozen=True, slots=True)
class Evidence:
    """What two mentions that pass every hard condition have in common, before weighing.

    Indicators (0 or 1) unless said otherwise; ``Weights`` gives each its points."""

    agree: float = 0.0  # the figures agree as worded (or are equal dates, ordinals)
    specific: float = 0.0  # how uncommon an agreeing figure is: 0 to 2 ("38,412" is 2)
    near: float = 0.0  # near, or compatible only through an open bound
    disagree_same_day: float = 0.0  # figures that disagree, published the same day
    disagree_later: float = 0.0  # figures that disagree, published on different days
    update: float = 0.0  # a toll updated between two days: one fate, one noun, near or far
    event: float = 0.0  # a shared event word that is not one the whole story uses
    common_event: float = 0.0  # a shared event the story tells in most of its sentences
    one_sided_event: float = 0.0  # only one side names what happened
    date_event: float = 0.0  # two equal dates dated by the same event word
    date_other_event: float = 0.0  # two equal dates, each dating a different event
    unit_noun: float = 0.0  # a measure's unit names the quantity (magnitude, acres)
    noun: float = 0.0  # the same counted noun (synonyms folded)
    specific_noun: float = 0.0  # ... and not a generic one (firefighters, ships; not people)
    head: float = 0.0  # the figures' own words overlap ("container ships")
    words: float = 0.0  # the clauses share enough content words
    names: float = 0.0  # the sentences share a name
    subject: float = 0.0  # what is measured (words just before the figure) is shared
    subject_clash: float = 0.0  # ... or plainly different ("turnout" against "inflation")
    prior: float = 0.0  # a former value ("up from 61.2%") against a current one
    story: float = 0.0  # one story (or unknown: the date window alone keeps them apart)
    repeat: float = 0.0  # an article repeating its own figure (headline, then body)
    one_role: float = 0.0  # one figure has a role (capacity, forecast...), the other none
    # the sentences share enough word stems, though the clauses do not ("last erupted in
    # 1987" / "Its last eruption, in 1987": a clause of two words says little)
    echo: float = 0.0
    owner_clash: float = 0.0  # each figure belongs to a name the other sentence lacks


@dataclass(frozen=True, slots=True)
class Weights:
    """Points per item of ``Evidence``; a pair is one fact when they reach the threshold."""

    agree: float = 2.0
    specific: float = 1.0
    near: float = 1.0
    disagree_same_day: float = -2.0
    disagree_later: float = -2.0
    update: float = 1.0
    event: float = 2.0
    common_event: float = 1.0
    one_sided_event: float = 0.0
    date_event: float = 1.0
    date_other_event: float = -1.0
    unit_noun: float = 1.0
    noun: float = 1.0
    specific_noun: float = 1.0
    head: float = 1.0
    words: float = 1.0
    names: float = 1.0
    subject: float = 1.0
    subject_clash: float = 0.0
    prior: float = -2.0
    story: float = 1.0
    repeat: float = 2.0
    one_role: float = -3.0
    echo: float = 1.0
    owner_clash: float = -3.0


EVIDENCE_NAMES = tuple(Evidence.__dataclass_fields__)
DEFAULT_WEIGHTS = Weights()


@dataclass(frozen=True, slots=True)
class Signals:
    """Which evidence matching uses, and its thresholds; the bench switches them off."""

    units: bool = True  # counted-noun classes and unit conversion
    values: bool = True  # closeness of figures under the qualifiers
    events: bool = True  # event words near the figure (killed, released...)
    nouns: bool = True  # the same counted noun / the event a noun implies (hostage)
    words: bool = True  # shared content words of the clause and the figure's own words
    names: bool = True  # capitalised names in the sentence: shared, or clashing
    topic: bool = True  # the articles' story names (MentionRecord.topic)
    dates: bool = True  # publication dates at most ``max_gap_days`` apart
    same_article: bool = True  # a figure repeated in one article is one fact
    close: float = 0.05  # relative gap of figures that agree as written
    near: float = 0.10  # relative gap of figures that are near
    min_word_overlap: float = 0.2  # Jaccard of content words that counts as shared
    min_stem_overlap: float = 0.2  # ... of the sentences' word stems (0: not read)
    # follow-ups restate a story's figures for weeks (a toll, a strike's demands): a month
    max_gap_days: float = 30.0
    max_change_days: float = 10.0  # ... but figures that changed or disagree: 10 days
    threshold: float = 4.0  # evidence needed to call two mentions one fact
    specific: bool = True  # an uncommon figure ("4.75%", "38,412") repeated is evidence
    strict_exact: bool = False  # two exact figures that disagree as worded are not "near"
    context: bool = False  # a figure alone is no fact: some evidence beyond value and story
    periods: bool = True  # the months and years a figure is dated by; former values
    story_words: bool = True  # words most sentences of the article use: weak evidence
    directions: bool = False  # rose vs fell, hired vs cut: opposite changes never match
    subjects: bool = True  # what the figure measures: the words just before it
    updates: bool = True  # a count of one fate on two days may differ up to UPDATE_RATIO
    story_names: bool = False  # names of the story itself (its topic) say nothing of the fact
    # figures that do not agree as worded (near, updated) join across articles only when
    # the articles share more than one name, or a name one of them repeats: a country both
    # name once is no story
    firm_story_updates: bool = True
    # a capacity, an old record, a forecast is not the figure itself; the day a source
    # spoke is not the day something happened; a plume's height is not a zone's radius
    roles: bool = True
    # a part ("31 of the injured") is never an update of, or near to, the whole (74 injured)
    parts: bool = True
    # an article gives a fact one figure: two of its figures of one kind and unit that
    # disagree are two facts, however other articles link them (a former value aside)
    one_figure_per_article: bool = True
    # a running total of something specific (appointments cancelled, ships waiting) may be
    # updated like a toll: one event, one specific counted noun, on another day
    running_totals: bool = True
    weights: Weights = DEFAULT_WEIGHTS


DEFAULT_SIGNALS = Signals()


@dataclass(frozen=True, slots=True)
class Features:
    """What matching reads off one mention, computed once."""

    kind: str
    unit_class: str | None
    value: float | None
    exact: str | None  # what must be equal for dates, times and ordinals
    span: Interval | None
    events: tuple[str, ...]  # nearest first
    noun: str | None  # the counted noun, singular, synonyms folded
    noun_event: str | None
    words: frozenset[str]
    head: frozenset[str]  # the figure's own words: "contained", "container ships"
    names: frozenset[str]  # in the sentence
    local_names: frozenset[str]  # in the figure's clause: whose figure it is
    exact_worded: bool = False  # stated exactly (no qualifier): its rounding interval is all
    periods: frozenset[str] = frozenset()  # months and years named in the figure's clause
    prior: bool = False  # a former value: "up from 61.2%", "compared with 3.8 percent"
    subject: frozenset[str] = frozenset()  # content words just before the figure, its clause
    clause_words: frozenset[str] = frozenset()  # every content word of the sentence
    years: frozenset[str] = frozenset()  # years the sentence names
    fate: str | None = None  # what befell the people counted (killed, missing...)
    tally: str | None = None  # what a count that may be updated counts: its fate, or event
    is_range: bool = False  # worded as a range ("between 30 and 40", "aged 60 to 64")
    day: str | None = None  # a clock time's day, when its clause names one ("4 a.m. Friday")
    role: str | None = None  # capacity, threshold, previous, expected; a report's day
    part: bool = False  # a part of a larger whole: "31 of the injured", "four of the 14"
    dimension: str | None = None  # a length's dimension: height, depth, radius, distance...
    # an owner named just before the figure ("the Greens won 23 seats", "Ford's 23%")
    owned: bool = False



def counted_noun(mention: Mention) -> str | None:
    """The counted noun, or for a bare count ("129 remain") the nearest noun for people.

    News elides the noun when the sentence already named it ("took 250 hostages, of which
    129 remain"); such a count is taken to count what the sentence counts.
    """
    if mention.unit:
        return lexicon.singular(mention.unit.lower())
    if mention.kind != "count":
        return None
    at = _locate(mention)
    best: tuple[int, str] | None = None
    for match in lexicon.TOKEN.finditer(mention.sentence):
        word = lexicon.singular(match.group().lower())
        if word in lexicon.HUMAN_NOUNS:
            distance = abs(match.start() - max(at, 0))
            if best is None or distance < best[0]:
                best = (distance, word)
    return best[1] if best else None


def unit_class(mention: Mention, signals: Signals = DEFAULT_SIGNALS) -> str | None:
    """Units that can describe one fact share a class: people, minutes, metres, usd."""
    if not signals.units:
        return None
    if mention.kind in ("count", "ordinal"):
        return lexicon.noun_class(counted_noun(mention))
    if mention.kind == "percent" and mention.unit and base_unit(mention.unit.lower()) == _POINTS:
        return _POINTS  # a change of a rate (0.25 points, 25 basis points) is not a rate
    if mention.kind in ("date", "time", "percent", "age"):
        return mention.kind
    return base_unit(mention.unit.lower()) if mention.unit else None


def _locate(mention: Mention) -> int:
    """Offset of the figure inside its sentence (-1 when it cannot be found)."""
    sentence = mention.sentence
    for size in (16, 8, 0):
        tail = mention.prefix[-size:] if size else ""
        at = sentence.find(tail + mention.text)
        if at >= 0:
            return at + len(tail)
    return -1


def _clause(sentence: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the clause holding ``sentence[start:end]``."""
    masked = sentence[:start] + "#" * (end - start) + sentence[end:]
    left, right = 0, len(sentence)
    for brk in _CLAUSE_BREAK.finditer(masked):
        if brk.end() <= start:
            left = brk.end()
        elif brk.start() >= end:
            right = brk.start()
            break
    return left, right


def _nearest_events(text: str, start: int, end: int) -> list[str]:
    """Event classes of ``text`` near ``text[start:end]``, nearest first.

    Those within ``_NEAR`` characters, or else only the nearest one: a long clause
    names other events too ("his seventh trip since the war began").
    """
    found = lexicon.event_positions(text)
    ranked = sorted(
        ((max(start - p, p - end, 0), p, cls) for p, cls in found)
    )
    ordered: list[str] = []
    for distance, _, cls in ranked:
        if ordered and distance > _NEAR:
            break
        if cls not in ordered:
            ordered.append(cls)
    return ordered


# Words that make the next figure a former value, the baseline of a change.
# (The word between may be a modifier, "from an estimated 62", never a conjunction: "187
# against and 12 abstaining" counts votes against, then abstentions.)
_PRIOR = re.compile(
    r"(?:\b(?:from|compared? with|compares with|versus|vs\.?|against)\s+"
    r"(?:an?\s+|the\s+)?(?:(?!(?:and|or|but|with|while)\s)\w+\s+)?)$"
    # an earlier report: "had given 296 dead", "had put the toll at 632"
    r"|\bhad\s+(?:given|put|counted|reported|recorded|confirmed|stood\s+at)\s+"
    r"(?:(?:a|an|the|its|their|toll|tally|count|figure|number|of|at)\s+){0,3}$",
    re.IGNORECASE,
)
# "27.4% of the vote, against 25.3% for the Social Democrats": another owner's figure
_RIVAL = re.compile(r"\b(?:against|versus|vs\.?)\s+$", re.IGNORECASE)
_OWNED = re.compile(r"\s+(?:for|by|to)\s+(?:the\s+)?[A-Z]")


def _is_prior(sentence: str, at: int, end: int) -> bool:
    """Whether the figure at ``sentence[at:end]`` is a former value ("up from 31")."""
    before = sentence[max(0, at - 24) : at]
    if not _PRIOR.search(before):
        return False
    return not (_RIVAL.search(before) and _OWNED.match(sentence, end))


# "31 of the people injured", "four of the 14 hospitals": a part of a whole ("38 of them
# homes" names the part by its own noun; "30, of whom 12" is the whole)
_PART = re.compile(
    r"\s+of\s+(?:the|its|their|those|these|his|her|our|\d)\b", re.IGNORECASE
)
# ... or fronted: "Of the 32 injured, nine were in critical condition"
_PART_FRONTED = re.compile(
    r"\bof\s+(?:the|its|their|those|these)\s+[^,.;]{1,40},\s*$", re.IGNORECASE
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _periods(clause: str, figure: str) -> frozenset[str]:
    """The months and years a clause dates its figure by ("in March", "in 2020")."""
    rest = clause.replace(figure, " ")
    found = {w.lower()[:3] for w in lexicon.tokens(rest)
             if w[0].isupper() and w.lower() in lexicon.MONTHS and w.lower() != "may"}
    found |= set(_YEAR.findall(rest))
    return frozenset(found)


_SUBJECT_SPAN = 6
_POINTS = "percentage point"
_CONVERSION = re.compile(r"\d[\d.,]*[^\S\n]*[^\W\d]{0,20}[^\S\n]*\([^\S\n]*$")
_OPEN_QUALIFIERS = frozenset({"more_than", "at_least", "less_than", "at_most"})
_NO_ROLES = frozenset({"time", "ordinal"})  # a clock time or a rank is no capacity
_OWNERLESS = frozenset({"date", "age"})  # kinds whose owners never clash


def _subject_words(before: str) -> frozenset[str]:
    """What the figure measures: the content words of its clause just before it ("core
    inflation eased to", "a turnout of"), event words left out (they say what happened,
    scored apart). Read off the sentence rather than extraction's ``subject``, so that
    every mention is read the same way (measured: extraction's phrase cost precision)."""
    words = lexicon.content_words(" ".join(lexicon.tokens(before)[-_SUBJECT_SPAN:]))
    return frozenset(w for w in words if not lexicon.events_in(w))


# "in the Halvik region", "at Varna": where a figure was, not whose it is
_LOCATIVE = re.compile(
    r"\b(?:in|at|near|from|across|outside|around|off)\s+(?:the\s+)?(?:[A-Z][\w.'’-]*\s+)*$"
)
_CAPITALISED = re.compile(r"[A-Z][\w'’-]*")


def _owners_in(clause: str, names: frozenset[str]) -> frozenset[str]:
    """The names of a clause that may own its figure: not those that say where."""
    return frozenset(
        stem for m in _CAPITALISED.finditer(clause)
        if (stem := lexicon.name_of(m.group())) in names
        and not _LOCATIVE.search(clause, 0, m.start())
    )


def _local_names(names: frozenset[str], clause: str, before: str) -> frozenset[str]:
    """Names in the figure's clause, else the last name before it: whose figure it is."""
    local = _owners_in(clause, names)
    if local:
        return local
    for word in reversed(lexicon.tokens(lexicon.without_credit(before))):
        name = lexicon.name_of(word)
        if name in names:
            return frozenset({name})
    return frozenset()


_OWNER_SPAN = 3


def _owned(local: frozenset[str], before: str) -> bool:
    """Whether an owner of the figure stands among the last words before it."""
    near = lexicon.tokens(before)[-_OWNER_SPAN:]
    return any(lexicon.name_of(w) in local for w in near)


def exact_figure(mention: Mention) -> str | None:
    """What must be equal for a date or an ordinal to be the same."""
    if mention.kind == "date" and mention.date:
        return mention.date
    if mention.kind in EXACT_KINDS and mention.value is not None:
        return f"{mention.value:g}"
    return None


def features(mention: Mention, signals: Signals = DEFAULT_SIGNALS) -> Features:
    """Features of ``mention`` (cached: a stored mention is matched many times)."""
    if signals is DEFAULT_SIGNALS:
        return _default_features(mention)
    return _features(mention, signals)


@lru_cache(maxsize=200_000)
def _default_features(mention: Mention) -> Features:
    return _features(mention, DEFAULT_SIGNALS)


@lru_cache(maxsize=50_000)
def _features(mention: Mention, signals: Signals) -> Features:
    sentence = mention.sentence
    at = _locate(mention)
    if at < 0:
        at, end = 0, 0
    else:
        end = at + len(mention.text)
    left, right = _clause(sentence, at, end)
    clause = sentence[left:right]
    # "7.5 miles (12 kilometers)": a conversion is read where the figure it converts stands
    converts = _CONVERSION.search(sentence, 0, at)
    own = converts.start() if converts else at
    events = [] if mention.subject is None else sorted(lexicon.events_in(mention.subject))
    for cls in _nearest_events(clause, at - left, end - left):
        if cls not in events:
            events.append(cls)
    in_clause = tuple(events)
    if not events:  # a short clause ("of which 129 remain"): look a little further
        lo, hi = max(0, at - _WINDOW), min(len(sentence), end + _WINDOW)
        events = _nearest_events(sentence[lo:hi], at - lo, end - lo)
    head = lexicon.content_words(mention.text)
    noun = counted_noun(mention)
    dim = (lexicon.dimension(sentence, own, end)
           if base_unit((mention.unit or "").lower()) == "metre" else None)
    in_sentence, speakers, sentence_words = _sentence_reading(sentence)
    # the counted noun is no name, even capitalised ("240 Israelis")
    names = in_sentence - {lexicon.name_stem(w) for w in head | {noun or ""}}
    noun_event = lexicon.NOUN_EVENTS.get(noun) if noun else None
    if not events and noun_event:
        events = [noun_event]
    words = lexicon.content_words(clause + " " + (mention.subject or "")) - head
    if noun:
        head = head - {noun}
    return Features(
        kind=mention.kind,
        unit_class=unit_class(mention, signals),
        value=representative(mention),
        exact=exact_figure(mention),
        span=interval(mention),
        events=tuple(events),
        noun=lexicon.canonical_noun(noun) if noun and mention.kind == "count" else None,
        noun_event=noun_event,
        words=words,
        head=head,
        names=names,
        # a speaker is who gave the figure, not whose it is: no clash of owners
        local_names=(local := _local_names(names - speakers, sentence[left:at],
                                           sentence[:left])),
        owned=_owned(local, sentence[left:at]),
        exact_worded=mention.qualifier == "exact",
        periods=_periods(clause, mention.text),
        subject=_subject_words(sentence[left:at]),
        clause_words=sentence_words,
        prior=_is_prior(sentence, at, end),
        day=_named_day(mention, clause),
        role=_role(mention, sentence[:own], sentence[end:]),
        part=bool(_PART.match(sentence, end) or _PART_FRONTED.search(sentence, 0, at)),
        dimension=dim,
        # "people over 65" is an age group, as "aged 60 to 64" is
        is_range=mention.qualifier == "range" or (
            mention.kind == "age" and mention.qualifier in _OPEN_QUALIFIERS),
        fate=(fate := _fate(mention, clause, in_clause, noun)),
        tally=fate or _running_total(mention, noun, events, dim, signals),
        years=frozenset(_YEAR.findall(sentence.replace(mention.text, " "))),
    )


def _running_total(
    mention: Mention, noun: str | None, events: Sequence[str], dimension: str | None,
    signals: Signals,
) -> str | None:
    """What a figure that may grow or shrink between reports totals, like a toll: a count
    of things (ships waiting, appointments cancelled) by its counted noun; a zone's radius
    or a plume's height by its dimension; an area by what befell it (burned, flooded);
    a share of some work done ("10% contained", "85% of ballots counted") by that work."""
    if not signals.running_totals:
        return None
    kind = mention.kind
    if kind == "count":
        if not noun or lexicon.noun_class(noun) == "human":
            return None
        # by the noun, not the verb: ships "waiting", then "stranded at anchor"
        return "#" + lexicon.canonical_noun(noun)
    if kind == "measure":
        if dimension in _GROWING_DIMENSIONS:
            return f"@{dimension}"
        if unit_class(mention, signals) == "metre2" and events:
            return f"@area:{events[0]}"
        return None
    if kind == "percent":
        done = [e for e in events if e in lexicon.PROGRESS_EVENTS]
        return f"%{done[0]}" if done else None
    if kind == "ordinal" and mention.unit == "day":
        return DAY_COUNT  # "entered its third day": the count moves on with the calendar
    return None


DAY_COUNT = "@day"


# The lengths of one story that change between reports: an exclusion zone is widened,
# a plume drops; a distance or a length is of many things.
_GROWING_DIMENSIONS = frozenset({"radius", "height"})


@lru_cache(maxsize=16_384)
def _sentence_reading(sentence: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The names, the speakers and the content words of a sentence: the same for each
    of its figures, and a sentence often gives several."""
    return (lexicon.names_in(sentence), lexicon.speakers_in(sentence),
            lexicon.content_words(sentence))


def _role(mention: Mention, before: str, after: str = "") -> str | None:
    """What the figure is besides what happened (``lexicon.figure_role``); a day is the
    day of a report when a verb of saying dates it ("the agency said on Tuesday")."""
    if mention.kind == "date":
        return "report" if lexicon.reporting_day(before) else None
    if mention.kind in _NO_ROLES:
        return None
    role = lexicon.figure_role(before) or lexicon.trailing_role(after)
    if role is None and _LISTED.search(before):
        # "projected 40 seats for the Alliance and 39 for the Social Democrats": the
        # last of a list shares the verb of the first
        figures = list(_DIGITS.finditer(before))
        if figures:
            role = lexicon.figure_role(before[: figures[-1].start()])
    return role


_LISTED = re.compile(r"\band\s+$")
_DIGITS = re.compile(r"\d[\d,.]*")


def _fate(
    mention: Mention, clause: str, events: Sequence[str], noun: str | None = None
) -> str | None:
    """What befell the people a count counts: the nearest fate word of its clause (killed,
    missing, evacuated), else the one fate the clause names ("the death toll from the
    floods rose to 14"). Never read beyond the clause: "took some 250 hostages, of which
    129 remain" gives the 250 no fate."""
    if mention.kind != "count":
        return None
    # things are not killed, hurt or taken ill: "Hospital managers said 1,100 planned
    # operations had been postponed" counts no injured
    things = noun is not None and lexicon.noun_class(noun) != "human"
    if things:
        events = [e for e in events if e not in _FATES_OF_PEOPLE]
    if "critical" in events:
        return "critical"  # "seven of the 32 injured remained in critical condition"
    for event in events:
        if event in lexicon.CONTRASTIVE_EVENTS:
            return event
    found = lexicon.events_in(clause + " " + (mention.subject or ""))
    fates = found & lexicon.CONTRASTIVE_EVENTS
    if things:
        fates -= _FATES_OF_PEOPLE
    return next(iter(fates)) if len(fates) == 1 else None


_FATES_OF_PEOPLE = lexicon.frozenset_of("kill injure critical ill survive abduct held arrest")


_DAY_WORDS = lexicon.frozenset_of(
    "monday tuesday wednesday thursday friday saturday sunday yesterday today tonight"
)


def _named_day(mention: Mention, clause: str) -> str | None:
    """The day of a clock time whose clause names it; a bare "4 a.m." borrows the
    article's day, which says nothing about which day it was."""
    if mention.kind != "time" or not mention.date or "T" not in mention.date:
        return None
    named = any(w.lower() in _DAY_WORDS or (w[0].isupper() and w.lower() in lexicon.MONTHS)
                for w in lexicon.tokens(clause))
    return mention.date.split("T")[0] if named else None


_OPPOSITES = ({"rise", "fall"}, {"rise", "cut"}, {"hire", "cut"}, {"start", "finish"})


def value_bucket(value: float) -> int:
    """Log bucket of a value: figures within ``MAX_RATIO`` lie in adjacent buckets."""
    if value <= 0:
        return -10_000 if value == 0 else -20_000
    return math.floor(math.log(value) / math.log(MAX_RATIO))


def values_compatible(a: Features, b: Features) -> bool:
    """The hard value condition: the figures could be two reports of one quantity."""
    if a.kind in EXACT_KINDS:
        return a.exact is not None and a.exact == b.exact
    if a.value is None or b.value is None:
        return False
    if a.kind == "age" and a.is_range != b.is_range:
        return False  # an age group ("aged 60 to 64") is not someone's age
    if a.kind == "time":
        if a.day and b.day and a.day != b.day:
            return False  # 4 a.m. on Wednesday is not 4 a.m. on Friday
        return abs(a.value - b.value) <= MAX_CLOCK_GAP
    if a.value <= 0 or b.value <= 0:
        # no ratio below zero: "minus 3 degrees Celsius" and "27 degrees Fahrenheit" are
        # one reading when their rounding intervals meet
        return a.value == b.value or (
            a.span is not None and b.span is not None and a.span.intersect(b.span) is not None
        )
    return max(a.value, b.value) <= MAX_RATIO * min(a.value, b.value)


def value_evidence(a: Features, b: Features, signals: Signals = DEFAULT_SIGNALS) -> float:
    """2 when the figures agree as worded and are near, 1 when near or only compatible
    through an open bound ("at least 30" and 40), 0 when they disagree.

    Two exact figures whose rounding intervals do not meet ("69 seats", "76 seats")
    disagree however near they are: only a hedged figure ("about 450", "roughly 500")
    earns the point for nearness."""
    if a.value is None or b.value is None:
        return 2.0 if a.exact is not None and a.exact == b.exact else 0.0
    if a.kind in EXACT_KINDS and a.exact == b.exact:
        return 2.0
    gap = relative_gap(a.value, b.value)
    overlap = a.span is not None and b.span is not None and a.span.intersect(b.span) is not None
    if gap <= signals.close and (overlap or not signals.strict_exact or a.span is None
                                 or b.span is None or not (a.exact_worded and b.exact_worded)):
        return 2.0
    if overlap and gap <= signals.near:
        return 2.0
    if overlap:
        return 1.0
    if gap <= signals.near and not (signals.strict_exact and a.exact_worded and b.exact_worded):
        return 1.0
    return 0.0


def is_update(
    a: MentionRecord, b: MentionRecord, fa: Features, fb: Features,
    signals: Signals = DEFAULT_SIGNALS,
) -> bool:
    """A count of one fate reported on two days, within ``UPDATE_RATIO``: a toll that grew
    (9, then 14, then 17 killed) or a list of missing that shrank is one fact whose figure
    changed. Beyond ``MAX_RATIO`` it lifts the value bound (``update_keys`` mirrors it);
    within it, it replaces the penalty for disagreeing figures."""
    if not signals.updates or fa.tally is None or fa.tally != fb.tally or fa.kind != fb.kind:
        return False
    if fa.tally == DAY_COUNT:
        return _same_first_day(a, b)
    if fa.kind == "count" and (fa.noun is None or fb.noun is None or (
            fa.noun != fb.noun)):
        return False
    if fa.value is None or fb.value is None or fa.value <= 0 or fb.value <= 0:
        return False
    if fa.kind != "percent" and max(fa.value, fb.value) > UPDATE_RATIO * min(fa.value, fb.value):
        return False
    if fa.periods != fb.periods or fa.years != fb.years:
        return False  # "since 1989, when a blaze killed 21": a count of another time
    if signals.parts and fa.part != fb.part:
        return False  # "31 of the injured" is a part of the toll, not an update of it
    return fa.tally is not None and fa.tally == fb.tally and not _same_day(a, b)


def _earlier_count(fa: Features, fb: Features) -> bool:
    """A toll and its former value ("rose to 2,122 from 2,012", "had given 296 dead"):
    people of one fate and one noun, of no other period or year, within ``UPDATE_RATIO``.
    (A party's seats "up from 31" are another vote's: no fate of people.)"""
    if fa.fate is None or fa.fate != fb.fate or fa.unit_class != "human":
        return False
    if fa.kind != "count" or fa.noun is None or fa.noun != fb.noun:
        return False
    if fa.value is None or fb.value is None or fa.value <= 0 or fb.value <= 0:
        return False
    if fa.periods != fb.periods or fa.years != fb.years or fa.part != fb.part:
        return False
    return max(fa.value, fb.value) <= UPDATE_RATIO * min(fa.value, fb.value)


def _same_first_day(a: MentionRecord, b: MentionRecord) -> bool:
    """Whether "the third day" reported on a Wednesday and "the fifth day" on the Friday
    count from one first day (a day either way: a report may go out the evening before)."""
    first, second = a.mention.value, b.mention.value  # (``Features.value`` is in minutes)
    if a.published is None or b.published is None or first is None or second is None:
        return False
    days = (b.published.date() - a.published.date()).days
    return days != 0 and abs((second - first) - days) <= 1


def update_bucket(value: float) -> int:
    """Log bucket of a count: figures within ``UPDATE_RATIO`` lie in adjacent buckets."""
    return math.floor(math.log(value) / math.log(UPDATE_RATIO))


def significant_digits(value: float | None) -> int:
    """Digits that carry information: 34568 -> 5, 4.75 -> 3, 250 -> 2, 1e6 -> 1."""
    if value is None or not math.isfinite(value) or value == 0:
        return 1
    text = f"{abs(value):.10g}"
    if "e" in text:
        return 1
    digits = text.replace(".", "").lstrip("0")
    if "." not in text:
        digits = digits.rstrip("0")
    return max(1, len(digits))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


@dataclass(frozen=True, slots=True)
class ArticleGate:
    """What ``articles_apart`` reads of an article, computed once per article."""

    wall: float | None  # publication time as written (time zone dropped), in seconds
    instant: float | None  # the moment of publication, when its time zone is known
    topic: frozenset[str]
    names: frozenset[str]  # the topic's names (empty: the story is unknown)


def article_gate(record: MentionRecord) -> ArticleGate:
    return _gate(record.published, record.topic)


@lru_cache(maxsize=65536)
def _gate(published: datetime | None, topic: frozenset[str]) -> ArticleGate:
    if published is None:
        return ArticleGate(None, None, topic, _names(topic))
    wall = published.replace(tzinfo=UTC).timestamp()
    instant = published.timestamp() if published.tzinfo is not None else None
    return ArticleGate(wall, instant, topic, _names(topic))


def gates_apart(a: ArticleGate, b: ArticleGate, signals: Signals = DEFAULT_SIGNALS) -> bool:
    """``articles_apart`` of two articles' gates."""
    if signals.dates and _days_between(a, b) > signals.max_gap_days:
        return True
    if signals.topic and a.names and b.names:
        # most pairs of stories share no name at all: no need to weigh the names
        return a.names.isdisjoint(b.names) or not _one_story(a.topic, b.topic)
    return False


def _days_between(a: ArticleGate, b: ArticleGate) -> float:
    """Days between two publications, 0 when either is unknown: two moments compare as
    moments, a time without a zone as written."""
    if a.wall is None or b.wall is None:
        return 0.0
    if a.instant is not None and b.instant is not None:
        return abs(a.instant - b.instant) / 86400
    return abs(a.wall - b.wall) / 86400


def articles_apart(
    a: MentionRecord, b: MentionRecord, signals: Signals = DEFAULT_SIGNALS
) -> bool:
    """Whether no figure of ``a``'s article can be one fact with a figure of ``b``'s: they
    appeared too far apart in time (an unknown date is near any), or they tell different
    stories. Reads only the articles' dates and topics, the same for all their mentions."""
    return gates_apart(article_gate(a), article_gate(b), signals)


@lru_cache(maxsize=65536)
def _passing_story(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two articles' only link is one name each uses once ("Sarvania"): enough
    to keep equal figures together, too little to call a changed figure an update."""
    (wa, _), (wb, _) = _weights(a), _weights(b)
    shared = wa.keys() & wb.keys()
    return len(shared) <= 1 and all(wa[n] == 1 and wb[n] == 1 for n in shared)


@lru_cache(maxsize=65536)
def _firm_story(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether the names two articles share carry a good part of *each* article's use of
    names (``FIRM_SHARE``), not only of one: a ferry story that names the flooded town
    once tells the flood's story in passing, though the town is most of the flood story's
    names. Enough for one story to call a changed figure an update."""
    return min(_shares(a, b)) >= FIRM_SHARE


def weigh(evidence: Evidence, weights: Weights = DEFAULT_WEIGHTS) -> float:
    return float(sum(getattr(evidence, n) * getattr(weights, n) for n in EVIDENCE_NAMES))


def evidence(
    a: MentionRecord,
    b: MentionRecord,
    signals: Signals = DEFAULT_SIGNALS,
    known: tuple[Features, Features] | None = None,
) -> Evidence | None:
    """What ``a`` and ``b`` have in common; ``None`` when a hard condition fails.

    ``known``: the features of ``a`` and ``b`` under ``signals``, when the caller holds
    them (``assign`` compares each mention with hundreds of others).
    """
    fa, fb = known or (features(a.mention, signals), features(b.mention, signals))
    if fa.kind != fb.kind or fa.unit_class != fb.unit_class:
        return None
    # a toll and what it was before ("rose to 2,122 from 2,012"): one fact whose figure
    # changed, as across two days
    earlier = bool(signals.periods and fa.prior != fb.prior and fa.value != fb.value
                   and _earlier_count(fa, fb))
    updated = earlier
    if not updated and not values_compatible(fa, fb):
        updated = is_update(a, b, fa, fb, signals)
        if not updated:
            return None
    if articles_apart(a, b, signals):
        return None
    ta, tb = _names(a.topic), _names(b.topic)
    found: dict[str, float] = {}
    common = _words(a.topic) | _words(b.topic) if signals.story_words else frozenset()
    value = value_evidence(fa, fb, signals) if signals.values else 2.0
    if updated:
        found["update"] = 1.0
    elif value >= 2:
        found["agree"] = 1.0
        # a story's few days recur in all its reports: an equal date is no uncommon figure
        if signals.specific and fa.kind != "date":
            digits = min(significant_digits(fa.value), significant_digits(fb.value))
            if fa.kind == "measure":
                # digits as written: "one mile" is 1.609 km, and no less round for it
                digits = min(significant_digits(a.mention.value),
                             significant_digits(b.mention.value))
            found["specific"] = (
                min(2, digits - 1) if fa.value == fb.value else max(0, min(1, digits - 2))
            )
            if fa.kind == "time" and fa.value == fb.value and (fa.value or 0) % 30:
                # a time to the minute ("1:10 a.m.", 70 minutes: one digit) is uncommon
                found["specific"] = max(found["specific"], 1.0)
    elif value >= 1:
        found["near"] = 1.0
    elif is_update(a, b, fa, fb, signals):
        # a toll that moved a little between two days (9, then 7 in critical condition)
        # is as much an update as one that moved far (9, then 14)
        updated = True
        found["update"] = 1.0
    else:  # figures that disagree: one fact only if it was updated or all else agrees
        found["disagree_same_day" if _same_day(a, b) else "disagree_later"] = 1.0
    shared_event = False
    if signals.events:
        ea, eb = set(fa.events), set(fb.events)
        ca, cb = ea & lexicon.CONTRASTIVE_EVENTS, eb & lexicon.CONTRASTIVE_EVENTS
        if fa.kind == "count" and ca and cb and not ca & cb:
            return None  # killed vs released: different facts whatever the figures
        if fa.kind == "date":
            # a date is the day of an event: its own evidence, weighed apart
            if ea & eb:
                found["date_event"] = 1.0
            elif ea and eb:
                found["date_other_event"] = 1.0
        elif signals.directions and fa.events and fb.events and {
            fa.events[0], fb.events[0]  # the nearest verb: which way it went
        } in _OPPOSITES:
            return None  # prices that rose are not prices that fell
        elif both := (ea & eb) | ({fa.fate} if fa.fate and fa.fate == fb.fate else set()):
            # (one fate counts however far its word is: "the death toll ... rose to 14")
            shared_event = True
            # an event the story tells in most of its sentences says little of which fact
            rare = any(f"!{e}" not in common for e in both)
            found["event" if rare else "common_event"] = 1.0
        elif ea or eb:
            found["one_sided_event"] = 1.0
    context = shared_event
    same_noun = False
    if signals.nouns:
        if fa.kind == "measure" and fa.unit_class is not None:
            same_noun = True
            found["unit_noun"] = 1.0
        if fa.noun is not None and fa.noun == fb.noun:
            same_noun = True
            found["noun"] = 1.0
            if fa.noun not in lexicon.GENERIC_NOUNS and value >= 1:
                found["specific_noun"] = 1.0
    if signals.words:
        if fa.head & fb.head:
            same_noun = True
            found["head"] = 1.0
        if _jaccard(fa.words - common, fb.words - common) >= signals.min_word_overlap:
            context = True
            found["words"] = 1.0
        elif signals.min_stem_overlap and _jaccard(
            lexicon.stems(fa.clause_words - common - fa.head),
            lexicon.stems(fb.clause_words - common - fb.head),
        ) >= signals.min_stem_overlap:
            found["echo"] = 1.0
    if signals.names:
        # (a day or a year, or a person's age, belongs to no one name: one outlet writes
        # "Maria Olsen, 45", another "a 45-year-old woman"; "Mount Orsolo last erupted in
        # 1987", "Vanterre's previous eruption, in 1987")
        if fa.kind not in _OWNERLESS and _names_clash(fa, fb):
            if updated or value < 2 or (fa.owned and fb.owned):
                return None  # the Greens' seats are not the Homeland movement's
            # owners are read off capitalised words, and a source, a place or a title
            # taken for one, further off, must not part two reports of one figure
            found["owner_clash"] = 1.0
        shared = fa.names & fb.names
        if shared and signals.story_names and signals.topic and (ta or tb):
            shared = shared - _stems(ta) - _stems(tb)
        if shared:
            context = True
            found["names"] = 1.0
    same_count = fa.noun is not None and fa.noun == fb.noun
    context = context or (same_noun and fa.kind != "measure") or same_count
    if signals.periods and fa.kind != "date" and fa.periods and fb.periods and not (
        fa.periods & fb.periods
    ):
        return None  # "3.8% in March" is not "3.4% in April"
    if signals.subjects and fa.subject and fb.subject:
        sa, sb = fa.subject - common, fb.subject - common
        if sa & sb:
            found["subject"] = 1.0
        elif sa and sb and not (sa & fb.clause_words or sb & fa.clause_words):
            found["subject_clash"] = 1.0
    if signals.roles and fa.dimension and fb.dimension and fa.dimension != fb.dimension:
        return None  # the height of a plume is not the radius of a zone
    if signals.roles and fa.role != fb.role:
        if fa.role and fb.role:
            return None  # a forecast is not an old record
        # "licensed to carry 250" is not "250 survivors"; but one outlet may not say that
        # its figure is a forecast when another does: strong evidence still wins
        found["one_role"] = 1.0
    if signals.periods and fa.prior != fb.prior:
        if fa.value != fb.value and not earlier:
            return None  # "from 62 to 64": the former value and the new one, two facts
        # "down from 23 a day earlier" restates what an earlier article reported as news
        current, former = (b, a) if fa.prior else (a, b)
        if not _reported_before(current, former):
            found["prior"] = 1.0
    if not (signals.topic and ta and tb) or ta & tb:
        found["story"] = 1.0
    repeated = fa.value == fb.value and fa.exact == fb.exact
    # (a day an article names for two different events is two facts, not a repeat)
    if (signals.same_article and a.article_id == b.article_id and repeated
            and "date_other_event" not in found):
        found["repeat"] = 1.0
    if (signals.firm_story_updates and (updated or value < 2) and a.article_id != b.article_id
            and ta and tb and (_passing_story(a.topic, b.topic)
                               or not _firm_story(a.topic, b.topic))):
        # a toll of 19 and one of 31 in two stories that share only a country; a flood's
        # toll and a ferry's, whose story names the flooded town in passing
        return None
    if (updated or value < 2) and (
        _days_between(article_gate(a), article_gate(b)) > signals.max_change_days
    ):
        # weeks later a different figure is more often another fact (a new count, a new
        # offer) than the same one changed: only figures that agree reach that far
        return None
    if signals.parts and fa.part != fb.part and (updated or value < 2):
        return None  # "31 of the injured" and "74 injured": the part and the whole
    if value < 1 and not updated and not (shared_event and same_noun):
        return None  # disagreeing figures need the same event and the same noun
    if not earlier and _one_sentence(a, b) and (
        value < 1 or not (repeated or a.mention.unit != b.mention.unit)
    ):
        # "by 214 votes to 187", "rose to $41.05 before closing at $40.15": a sentence
        # gives each fact one figure ("148 km/h (92 mph)" is one figure, twice)
        return None
    if signals.context and not context and not (a.article_id == b.article_id and repeated):
        return None  # equal figures in one story, and nothing else in common
    return Evidence(**found)


def match_score(
    a: MentionRecord,
    b: MentionRecord,
    signals: Signals = DEFAULT_SIGNALS,
    known: tuple[Features, Features] | None = None,
) -> float | None:
    """Evidence that ``a`` and ``b`` are one fact, weighed; ``None`` when a hard condition
    fails."""
    found = evidence(a, b, signals, known)
    return None if found is None else weigh(found, signals.weights)


@lru_cache(maxsize=4096)
def _names(topic: frozenset[str]) -> frozenset[str]:
    # stemmed as ``_weights`` is: "Kestria" and "Kestrian" are one name
    return frozenset(lexicon.name_stem(n) for n in lexicon.topic_names(topic))


@lru_cache(maxsize=65536)
def _one_story(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two articles tell one story: the names they share carry a good part of
    how often either article uses names (a passing mention of a place or a body says
    little: unrelated stories share those), or they share ``STORY_NAMES`` names."""
    if max(_shares(a, b)) >= STORY_SHARE:
        return True
    (wa, _), (wb, _) = _weights(a), _weights(b)
    return len(wa.keys() & wb.keys()) >= STORY_NAMES


@lru_cache(maxsize=65536)
def _shares(a: frozenset[str], b: frozenset[str]) -> tuple[float, float]:
    """The share of each article's name uses that the names both topics hold carry."""
    (wa, total_a), (wb, total_b) = _weights(a), _weights(b)
    shared = wa.keys() & wb.keys()
    return (sum(wa[n] for n in shared) / total_a, sum(wb[n] for n in shared) / total_b)


@lru_cache(maxsize=16_384)
def _weights(topic: frozenset[str]) -> tuple[dict[str, int], int]:
    weights = lexicon.topic_weights(topic)
    # one place, one people: "Kestria" in one report, "Kestrian" in another
    stemmed: dict[str, int] = {}
    for name, count in weights.items():
        stem = lexicon.name_stem(name)
        stemmed[stem] = stemmed.get(stem, 0) + count
    return stemmed, sum(stemmed.values())


@lru_cache(maxsize=4096)
def _words(topic: frozenset[str]) -> frozenset[str]:
    return lexicon.topic_words(topic)


@lru_cache(maxsize=4096)
def _stems(topic: frozenset[str]) -> frozenset[str]:
    return frozenset(lexicon.name_stem(n) for n in topic)


def _names_clash(a: Features, b: Features) -> bool:
    """Each figure belongs to a name the other sentence does not mention at all."""
    if not a.local_names or not b.local_names:
        return False
    return not (a.local_names & b.names or b.local_names & a.names)


def _one_sentence(a: MentionRecord, b: MentionRecord) -> bool:
    """Two figures of one sentence of one article."""
    return (a.article_id == b.article_id and a.mention.sentence == b.mention.sentence
            and a.mention.start != b.mention.start)


def figures_apart(
    a: MentionRecord,
    b: MentionRecord,
    signals: Signals = DEFAULT_SIGNALS,
    known: tuple[Features, Features] | None = None,
) -> bool:
    """Whether two figures of one article can never be one fact, whatever links each of
    them to other articles: of one kind and one unit, they disagree, and neither is the
    former value of a change ("41 seats, up from 31"). An article states a fact once, or
    repeats it; "40 seats for the Alliance and 39 for the Social Democrats" are two facts
    even when every other outlet's 41 and 38 are near both."""
    if not signals.one_figure_per_article or a.article_id != b.article_id or a.id == b.id:
        return False
    fa, fb = known or (features(a.mention, signals), features(b.mention, signals))
    if fa.kind != fb.kind or fa.unit_class != fb.unit_class or fa.prior or fb.prior:
        return False
    if fa.exact is not None or fb.exact is not None:
        return fa.exact is not None and fb.exact is not None and fa.exact != fb.exact
    if a.mention.unit == b.mention.unit:
        if a.mention.qualifier == b.mention.qualifier == "approximately":
            # "about 27% of the vote" and "roughly 25%": one outlet rounds one fact once
            return a.mention.value != b.mention.value
        # one outlet, one unit: figures compare as written ("40" and "39" differ, though
        # another outlet's round 40 may stand for 39); qualifiers still widen them
        sa, sb = interval(a.mention, rounding=False), interval(b.mention, rounding=False)
    else:
        sa, sb = fa.span, fb.span  # "7.5 miles (12 km)": a conversion is rounded
    return sa is not None and sb is not None and sa.intersect(sb) is None


def _reported_before(a: MentionRecord, b: MentionRecord) -> bool:
    """Whether ``a`` was published on a day before ``b``."""
    return a.published is not None and b.published is not None and (
        a.published.date() < b.published.date()
    )


def _same_day(a: MentionRecord, b: MentionRecord) -> bool:
    if a.published is None or b.published is None:
        return True
    return a.published.date() == b.published.date()


def same_fact(
    a: MentionRecord,
    b: MentionRecord,
    signals: Signals = DEFAULT_SIGNALS,
    known: tuple[Features, Features] | None = None,
) -> bool:
    """Whether ``a`` and ``b`` state the same fact. Symmetric; reads only the pair."""
    score = match_score(a, b, signals, known)
    return score is not None and score >= signals.threshold

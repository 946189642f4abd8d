"""Whether two mentions state the same fact: a symmetric pairwise predicate.

Hard conditions, all required: the same kind, the same unit class, figures within a
factor of 2.5 (dates and ordinals equal, clock times within an hour), published within
``max_gap_days``, articles that share a name of their story (when topics are known), and
no clash of event words (killed vs released). ``blocking_keys`` mirrors the first three,
so candidate search never misses a match. Then evidence is scored (close figures, shared
event, same counted noun, shared words and names) against a threshold.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from app.extraction.model import Mention
from app.matching import lexicon
from app.matching.intervals import Interval, interval, relative_gap, representative
from app.matching.model import MentionRecord
from app.matching.units import base_unit

# Kinds whose figures must be equal to be one fact ("7th trip" is no "8th trip").
EXACT_KINDS = frozenset({"date", "time", "ordinal"})
# Beyond this factor two figures are never one fact: it bounds the value buckets.
MAX_RATIO = 2.5
# Clock times of one event differ by minutes at most.
MAX_CLOCK_GAP = 60.0

_CLAUSE_BREAK = re.compile(
    r"[;:()\[\]—–\"“”]|,(?=\s|$)|\s(?:and|but|while|whereas|though|although)\s"
)
_WINDOW = 60


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
    near: float = 0.15  # relative gap of figures that are near
    min_word_overlap: float = 0.2  # Jaccard of content words that counts as shared
    max_gap_days: float = 30.0
    threshold: float = 3.0  # context evidence needed (agreeing figures earn one point)


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
    names: frozenset[str]



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
    """Event classes of ``text`` ordered by distance to ``text[start:end]``."""
    found = lexicon.event_positions(text)
    ranked = sorted(
        found, key=lambda pc: (max(start - pc[0], pc[0] - end, 0), pc[0], pc[1])
    )
    ordered: list[str] = []
    for _, cls in ranked:
        if cls not in ordered:
            ordered.append(cls)
    return ordered


def _exact(mention: Mention) -> str | None:
    if mention.kind == "date" and mention.date:
        return mention.date
    if mention.kind in EXACT_KINDS and mention.value is not None:
        return f"{mention.value:g}"
    return None


@lru_cache(maxsize=200_000)
def features(mention: Mention, signals: Signals = DEFAULT_SIGNALS) -> Features:
    """Features of ``mention`` (cached: a stored mention is matched many times)."""
    sentence = mention.sentence
    at = _locate(mention)
    if at < 0:
        at, end = 0, 0
    else:
        end = at + len(mention.text)
    left, right = _clause(sentence, at, end)
    clause = sentence[left:right]
    events = [] if mention.subject is None else sorted(lexicon.events_in(mention.subject))
    for cls in _nearest_events(clause, at - left, end - left):
        if cls not in events:
            events.append(cls)
    if not events:  # a short clause ("of which 129 remain"): look a little further
        lo, hi = max(0, at - _WINDOW), min(len(sentence), end + _WINDOW)
        events = _nearest_events(sentence[lo:hi], at - lo, end - lo)
    head = lexicon.content_words(mention.text)
    noun = counted_noun(mention)
    words = lexicon.content_words(clause + " " + (mention.subject or "")) - head
    if noun:
        head = head - {noun}
    return Features(
        kind=mention.kind,
        unit_class=unit_class(mention, signals),
        value=representative(mention),
        exact=_exact(mention),
        span=interval(mention),
        events=tuple(events),
        noun=lexicon.canonical_noun(noun) if noun and mention.kind == "count" else None,
        noun_event=lexicon.NOUN_EVENTS.get(noun) if noun else None,
        words=words,
        head=head,
        names=lexicon.names_in(sentence),
    )


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
    if a.kind == "time":
        return abs(a.value - b.value) <= MAX_CLOCK_GAP
    if a.value <= 0 or b.value <= 0:
        return a.value == b.value
    return max(a.value, b.value) <= MAX_RATIO * min(a.value, b.value)


def value_evidence(a: Features, b: Features, signals: Signals = DEFAULT_SIGNALS) -> float:
    """2 when the figures agree as worded (or differ by rounding), 1 when near, else 0."""
    if a.value is None or b.value is None:
        return 2.0 if a.exact is not None and a.exact == b.exact else 0.0
    if a.kind in EXACT_KINDS and a.exact == b.exact:
        return 2.0
    gap = relative_gap(a.value, b.value)
    overlap = a.span is not None and b.span is not None and a.span.intersect(b.span) is not None
    if overlap or gap <= signals.close:
        return 2.0
    return 1.0 if gap <= signals.near else 0.0


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def _days_apart(a: MentionRecord, b: MentionRecord) -> float:
    if a.published is None or b.published is None:
        return 0.0
    ta, tb = a.published, b.published
    if (ta.tzinfo is None) != (tb.tzinfo is None):
        ta, tb = ta.replace(tzinfo=None), tb.replace(tzinfo=None)
    return abs((ta - tb).total_seconds()) / 86400


def match_score(
    a: MentionRecord, b: MentionRecord, signals: Signals = DEFAULT_SIGNALS
) -> float | None:
    """Evidence that ``a`` and ``b`` are one fact; ``None`` when a hard condition fails."""
    fa, fb = features(a.mention, signals), features(b.mention, signals)
    if fa.kind != fb.kind or fa.unit_class != fb.unit_class:
        return None
    if not values_compatible(fa, fb):
        return None
    repeated = fa.value == fb.value and fa.exact == fb.exact
    if signals.same_article and a.article_id == b.article_id and repeated:
        return math.inf  # one article repeating its own figure
    if signals.dates and _days_apart(a, b) > signals.max_gap_days:
        return None
    if signals.topic and a.topic and b.topic and not a.topic & b.topic:
        return None  # two different stories
    value = value_evidence(fa, fb, signals) if signals.values else 2.0
    context = 0.0
    shared_event = False
    if signals.events and fa.kind != "date":
        ea, eb = set(fa.events), set(fb.events)
        if ea and eb:
            if not ea & eb:
                return None  # killed vs released: different facts whatever the figures
            shared_event = True
            context += 2
    same_noun = False
    if signals.nouns:
        if fa.noun is not None and fa.noun == fb.noun:
            same_noun = True
            context += 1
        if fa.noun_event is not None and fa.noun_event == fb.noun_event:
            context += 1
    if signals.words:
        if fa.head & fb.head:
            same_noun = True
            context += 1
        if _jaccard(fa.words, fb.words) >= signals.min_word_overlap:
            context += 1
    if signals.names and fa.names and fb.names:
        context += 1 if fa.names & fb.names else -3
    if signals.topic and a.topic & b.topic:
        context += 1
    if value >= 2:
        return context + 1  # as worded, the figures agree: a little context suffices
    if value >= 1:
        return context
    # Figures that disagree are one fact only when everything else says so.
    return context - 1 if shared_event and same_noun else None


def same_fact(a: MentionRecord, b: MentionRecord, signals: Signals = DEFAULT_SIGNALS) -> bool:
    """Whether ``a`` and ``b`` state the same fact. Symmetric; reads only the pair."""
    score = match_score(a, b, signals)
    return score is not None and score >= signals.threshold

"""Whether two mentions state the same fact: a symmetric pairwise predicate.

Hard conditions (all required, and mirrored by ``blocking_keys`` so that candidate search
never misses a match): the same kind, the same unit class, values within a factor of two,
and at least one shared context term (an event class such as kill/abduct/release, or the
event a counted noun implies, or "no event" for both). Softer evidence (closeness of the
values under the qualifiers, shared words and names, the same article) then decides.
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
NO_EVENT = "-"
MAX_CONTEXT_TERMS = 3
# Beyond a factor of two two figures are never one fact: this bounds the value buckets.
MAX_RATIO = 2.0

_CLAUSE_BREAK = re.compile(
    r"[;:()\[\]—–\"“”]|,(?=\s|$)|\s(?:and|but|while|whereas|though|although)\s"
)
_WINDOW = 60


@dataclass(frozen=True, slots=True)
class Signals:
    """Which evidence matching uses, and its thresholds; the bench switches them off."""

    units: bool = True  # counted-noun classes and unit conversion
    values: bool = True  # closeness of values under the qualifiers (else only the 2x guard)
    events: bool = True  # event words near the figure
    noun_events: bool = True  # the event a counted noun implies (hostage -> captive)
    words: bool = True  # shared content words when the event evidence is weak
    names: bool = True  # shared capitalised names when the event evidence is weak
    same_article: bool = True  # a figure repeated in one article is one fact
    tolerance: float = 0.15  # relative gap accepted between figures of one fact
    duration_tolerance: float = 0.25  # durations are rounded harder ("two hours")
    min_word_overlap: float = 0.2  # Jaccard of content words when no event word is shared


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
    noun_event: str | None
    words: frozenset[str]
    names: frozenset[str]

    def context(self, signals: Signals) -> tuple[str, ...]:
        """The context terms that blocking indexes and matching requires to share."""
        terms: list[str] = list(self.events) if signals.events else []
        if signals.noun_events and self.noun_event and self.noun_event not in terms:
            terms.append(self.noun_event)
        return tuple(terms[:MAX_CONTEXT_TERMS]) or (NO_EVENT,)


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
    own = set(lexicon.content_words(mention.text))
    if mention.unit:
        own.add(lexicon.singular(mention.unit.lower()))
    words = lexicon.content_words(clause + " " + (mention.subject or "")) - own
    noun = counted_noun(mention)
    return Features(
        kind=mention.kind,
        unit_class=unit_class(mention, signals),
        value=representative(mention),
        exact=_exact(mention),
        span=interval(mention),
        events=tuple(events),
        noun_event=lexicon.NOUN_EVENTS.get(noun) if noun else None,
        words=words,
        names=lexicon.names_in(sentence),
    )


def value_bucket(value: float) -> int:
    """Log-2 bucket of a value: figures within ``MAX_RATIO`` lie in adjacent buckets."""
    if value <= 0:
        return -10_000 if value == 0 else -20_000
    return math.floor(math.log2(value))


def values_close(a: Features, b: Features, signals: Signals = DEFAULT_SIGNALS) -> bool:
    """Whether two figures can be one fact's: near under the qualifiers, never far."""
    if a.kind in EXACT_KINDS:
        return a.exact is not None and a.exact == b.exact
    if a.value is None or b.value is None:
        return False
    if (a.value <= 0 or b.value <= 0) and a.value != b.value:
        return False
    if a.value > 0 and max(a.value, b.value) > MAX_RATIO * min(a.value, b.value):
        return False
    if not signals.values:
        return True
    limit = signals.duration_tolerance if a.kind == "duration" else signals.tolerance
    if relative_gap(a.value, b.value) <= limit:
        return True
    return a.span is not None and b.span is not None and a.span.intersect(b.span) is not None


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def same_fact(a: MentionRecord, b: MentionRecord, signals: Signals = DEFAULT_SIGNALS) -> bool:
    """Whether ``a`` and ``b`` state the same fact. Symmetric; reads only the pair."""
    fa, fb = features(a.mention, signals), features(b.mention, signals)
    if fa.kind != fb.kind or fa.unit_class != fb.unit_class:
        return False
    if not values_close(fa, fb, signals):
        return False
    ea = set(fa.events) if signals.events else set()
    eb = set(fb.events) if signals.events else set()
    if ea and eb and not ea & eb:
        return False  # killed vs released: different facts whatever the figures
    same_figure = fa.value == fb.value and fa.exact == fb.exact
    if signals.same_article and a.article_id == b.article_id and same_figure:
        return True  # one article repeating its own figure
    shared = set(fa.context(signals)) & set(fb.context(signals))
    if not shared:
        return False
    if shared & ea & eb:
        return True  # the same thing happened to the same number of things
    # Weak context (a noun, or no event at all): ask for more evidence of one topic.
    if signals.names and fa.names & fb.names:
        return True
    if signals.words and _jaccard(fa.words, fb.words) >= signals.min_word_overlap:
        return True
    return not signals.names and not signals.words

"""A short phrase for what a figure measures: "hostages released", "killed Palestinians".

Heuristic and cheap: the counted noun with the participle that follows it ("33 hostages
released", "hostages to be released"), or the verb right before the figure ("has killed
more than 34,535 Palestinians"), or the noun a hyphenated compound qualifies ("a 40-day
phase" -> "phase"). Good enough to label a claim; the matcher does not depend on it.
"""

from __future__ import annotations

import re
from typing import Final

from app.extraction.lexicon import FUNCTION_WORDS
from app.extraction.model import Kind

_AFTER_PASSIVE: Final = re.compile(
    r"[^\S\n]+(?P<p>(?:(?:to|will|would|could|may|might|must|should)[^\S\n]+be|were|are|was|is"
    r"|have[^\S\n]+been|has[^\S\n]+been|had[^\S\n]+been|being)[^\S\n]+)?(?P<v>[a-z]+ed)\b"
    r"(?P<loc>[^\S\n]+(?:in|from|into|on)[^\S\n]+[A-Z][\w-]*(?:[^\S\n]+[A-Z][\w-]*)?)?"
)
# Words of a qualifier that may stand between a verb and its figure ("killed more than").
_QUALIFIER_WORDS: Final = frozenset({
    "more", "fewer", "less", "than", "at", "least", "nearly", "almost", "about", "around",
    "some", "over", "an", "estimated", "roughly", "approximately", "up", "to",
})
_NUMBER_WORDS: Final = frozenset({
    "a", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "dozen", "dozens", "hundred", "hundreds", "thousand", "thousands", "million", "millions",
    "billion", "half", "of", "and", "between", "just", "under", "below", "within", "than",
    "almost", "upwards", "in", "excess",
})
_IRREGULAR_VERBS: Final = frozenset({"took", "held", "left", "freed", "sent", "lost", "met"})
_NOT_VERBS: Final = frozenset({"including", "estimated", "during", "according", "nothing"})


def _verb_before(text: str, start: int, s_start: int) -> str | None:
    """The participle or past verb right before a figure ("has killed more than ...")."""
    words = text[max(s_start, start - 40):start].split()
    for _ in range(3):
        if words and words[-1] in _QUALIFIER_WORDS:
            words.pop()
    if not words:
        return None
    word = words[-1]
    if not word.isalpha() or not word.islower() or word in _NOT_VERBS:
        return None
    if word.endswith(("ed", "ing")) or word in _IRREGULAR_VERBS:
        return word
    return None


_NEXT_NOUN: Final = re.compile(r"[^\S\n]+([a-z][a-z-]+)\b")
_WORD: Final = re.compile(r"[A-Za-z][\w'’-]*")
_NUMBERISH: Final = re.compile(r"^[\d$€£.,%~-]")


def subject_of(
    text: str, start: int, end: int, kind: Kind, unit: str | None, s_start: int, s_end: int
) -> str | None:
    """What the figure at ``text[start:end]`` measures, or None."""
    if kind in ("date", "time"):
        return None
    span_words = [
        w for w in _WORD.findall(text[start:end])
        if not _NUMBERISH.match(w) and w.lower() not in _QUALIFIER_WORDS
        and w.lower() not in _NUMBER_WORDS
    ]
    if kind == "count" and unit is not None:
        noun = span_words[-1].lower() if span_words else unit
        after = _AFTER_PASSIVE.match(text, end, s_end)
        if after is not None:
            phrase = f"{noun} {(after.group('p') or '').strip()} {after.group('v')}"
            loc = after.group("loc")
            return " ".join((phrase + (loc or "")).split())
        verb = _verb_before(text, start, s_start)
        return f"{verb} {noun}" if verb else str(noun)
    if kind in ("duration", "age", "measure") and text[end:end + 1] in (" ", "\t"):
        compound = "-" in text[start:end]
        nxt = _NEXT_NOUN.match(text, end, s_end)
        if compound and nxt is not None and nxt.group(1) not in FUNCTION_WORDS:
            return nxt.group(1)
    verb = _verb_before(text, start, s_start)
    if verb is not None:
        return f"{verb} {unit}" if unit else verb
    return unit

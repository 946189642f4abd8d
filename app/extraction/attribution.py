"""Who a figure is attributed to: "according to X", "X said", "citing X", "X's tally".

Works on one sentence; returns a short noun phrase as written ("the health ministry",
"Reuters", "the New York Times") or None.
"""

from __future__ import annotations

import re
from typing import Final

_STOP: Final = frozenset({
    "in", "on", "at", "which", "who", "whom", "that", "as", "while", "when", "after",
    "before", "since", "for", "with", "to", "and", "but", "because", "during", "over",
    "amid", "said", "says", "told", "reported", "if", "though", "although", "where",
    "whose", "about", "into", "than", "by", "from", "is", "was", "were", "are", "has",
    "have", "had", "will", "would", "last", "this", "on", "late", "early", "earlier",
})
_PRONOUNS: Final = frozenset({
    "he", "she", "they", "it", "we", "i", "you", "who", "which", "that", "this", "one",
    "there", "officials", "sources", "critics",
})
_TALLY_WORDS: Final = r"(?:tally|count|toll|figures|data|estimate|estimates|statistics|report|numbers|census|survey|poll|statement)"

_AFTER_CUE: Final = re.compile(
    r"\b(?:according[ \t\u00a0]+to|citing|cited[ \t\u00a0]+by|figures[ \t\u00a0]+from|data[ \t\u00a0]+from"
    r"|statistics[ \t\u00a0]+from|numbers[ \t\u00a0]+from|estimates[ \t\u00a0]+from|as[ \t\u00a0]+reported[ \t\u00a0]+by"
    r"|quoted[ \t\u00a0]+by)[ \t\u00a0]+(?P<x>[^,;:!?\"“”()\[\]\n]{1,90})",
    re.IGNORECASE,
)
_POSSESSIVE_TALLY: Final = re.compile(
    rf"(?P<x>(?:the[ \t\u00a0]+)?(?:[A-Z][\w.&-]*[ \t\u00a0]+){{0,4}}[A-Z][\w.&-]*)['’]s[ \t\u00a0]+(?:\w+[ \t\u00a0]+)?{_TALLY_WORDS}\b"
)
# "<det> <Name> tally of ...": the name before the tally word is the source.
_NAME_TALLY: Final = re.compile(
    rf"^(?:an?|the)[ \t\u00a0]+(?P<x>.+?)[ \t\u00a0]+(?:\w+[ \t\u00a0]+)?{_TALLY_WORDS}\b", re.IGNORECASE
)
# "a statement from his office", "the official tally by the ministry" (the word before the
# tally word is lower case: a capitalised one names the source, see _NAME_TALLY)
_FROM_IN: Final = re.compile(
    rf"^(?:[Aa]n?|[Tt]he)[ \t\u00a0]+(?:[a-z]\w*[ \t\u00a0]+)?{_TALLY_WORDS}[ \t\u00a0]+(?:from|by|of)"
    rf"[ \t\u00a0]+(?P<x>.+)$"
)
_SPEECH_VERB: Final = re.compile(
    r"\b(?:said|says|told|tells|reported|reports|estimated|estimates|announced|stated"
    r"|confirmed|added|noted|wrote|tweeted|posted|claimed|claims|counted)\b"
)
_SPEECH_VERB_FIRST: Final = re.compile(
    r"(?:[,\"”'’][ \t\u00a0]*|\b)(?:said|says|reported|told|added|wrote)[ \t\u00a0]+(?P<x>(?:the[ \t\u00a0]+)?[A-Z][^,;:!?\"“”()\n.]{0,80})"
)
_WORDS_BEFORE: Final = re.compile(r"[\w’'.&-]+")
_DAY_WORDS: Final = re.compile(
    r"[ \t\u00a0]+(?:on[ \t\u00a0]+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
    r"|yesterday|today|on|in|late|earlier|last|this)\b.*$"
)


def _trim(phrase: str) -> str | None:
    words = phrase.split()
    kept: list[str] = []
    for word in words:
        if word.lower() in _STOP and kept:
            break
        kept.append(word)
        if len(kept) >= 8:
            break
    while kept and kept[-1].lower() in ("the", "a", "an", "of", "and"):
        kept.pop()
    result = " ".join(kept).rstrip(".'’")
    if not result or result.lower() in _PRONOUNS:
        return None
    return result


def _source_of(phrase: str) -> str | None:
    phrase = phrase.strip()
    m = _FROM_IN.match(phrase)
    if m is not None:
        return _trim(m.group("x"))
    m = _NAME_TALLY.match(phrase)
    if m is not None and m.group("x")[:1].isupper():
        return _trim(m.group("x"))
    return _trim(phrase)


def _before_verb(sentence: str, verb_start: int) -> str | None:
    """The noun phrase right before a speech verb ("the health ministry said")."""
    window = sentence[max(0, verb_start - 70):verb_start]
    # stop at punctuation that ends a clause or a quote
    cut = max(window.rfind(c) for c in ",;:\"“”()")
    if cut >= 0:
        window = window[cut + 1:]
    words = _WORDS_BEFORE.findall(window)
    kept: list[str] = []
    for word in reversed(words):
        lower = word.lower()
        if lower in _STOP or (lower in ("a", "an", "the") and not kept):
            if lower in ("a", "an", "the") and kept:
                kept.append(word)
            break
        if lower in ("a", "an", "the"):
            kept.append(word)
            break
        kept.append(word)
        if len(kept) >= 6:
            break
    kept.reverse()
    if not kept:
        return None
    phrase = " ".join(kept)
    # a clause-initial lowercase verb or adverb is not part of the speaker
    if not any(w[:1].isupper() for w in kept) and kept[0].lower() not in ("a", "an", "the"):
        if len(kept) > 3:
            return None
    return _trim(phrase)


def attribution(sentence: str) -> str | None:
    """The source a sentence cites for its figures, or None."""
    m = _AFTER_CUE.search(sentence)
    if m is not None:
        found = _source_of(m.group("x"))
        if found:
            return found
    m = _POSSESSIVE_TALLY.search(sentence)
    if m is not None:
        return m.group("x")
    for verb in _SPEECH_VERB.finditer(sentence):
        found = _before_verb(sentence, verb.start())
        if found:
            return _DAY_WORDS.sub("", found) or found
    m = _SPEECH_VERB_FIRST.search(sentence)
    if m is not None:
        return _trim(m.group("x"))
    return None

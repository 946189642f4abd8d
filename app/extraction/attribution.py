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
    "have", "had", "will", "would", "last", "this", "late", "early", "earlier",
})
_NAME_JOINERS: Final = frozenset({"of", "for", "and", "on"})
_PRONOUNS: Final = frozenset({
    "he", "she", "they", "it", "we", "i", "you", "who", "which", "that", "this", "one",
    "there", "officials", "sources", "critics",
})
_TALLY_WORDS: Final = (
    r"(?:tally|count|toll|figures|data|estimate|estimates|statistics|report|numbers|census"
    r"|survey|poll|statement)"
)

_CUES: Final = (
    "according", "citing", "cited by", "figures from", "data from", "statistics from",
    "numbers from", "estimates from", "reported by", "quoted by",
)
_CUE_GATE: Final = re.compile("|".join(_CUES))
_AFTER_CUE: Final = re.compile(
    r"\b(?:according[^\S\n]+to|citing|cited[^\S\n]+by|figures[^\S\n]+from|data[^\S\n]+from"
    r"|statistics[^\S\n]+from|numbers[^\S\n]+from|estimates[^\S\n]+from|as[^\S\n]+reported[^\S\n]+by"
    r"|quoted[^\S\n]+by)[^\S\n]+(?P<x>[^,;:!?\"“”()\[\]\n]{1,90})",
    re.IGNORECASE,
)
_POSSESSIVE_TALLY: Final = re.compile(
    rf"(?P<x>(?:the[^\S\n]+)?(?:[A-Z][\w.&-]*[^\S\n]+){{0,4}}[A-Z][\w.&-]*)['’]s[^\S\n]+(?:\w+[^\S\n]+)?{_TALLY_WORDS}\b"
)
# "<det> <Name> tally of ...": the name before the tally word is the source.
_NAME_TALLY: Final = re.compile(
    rf"^(?:an?|the)[^\S\n]+(?P<x>.+?)[^\S\n]+(?:\w+[^\S\n]+)?{_TALLY_WORDS}\b", re.IGNORECASE
)
# "a statement from his office", "the official tally by the ministry" (the word before the
# tally word is lower case: a capitalised one names the source, see _NAME_TALLY)
_FROM_IN: Final = re.compile(
    rf"^(?:[Aa]n?|[Tt]he)[^\S\n]+(?:[a-z]\w*[^\S\n]+)?{_TALLY_WORDS}[^\S\n]+(?:from|by|of)"
    rf"[^\S\n]+(?P<x>.+)$"
)
_SPEECH_VERB: Final = re.compile(
    r"\b(?:said|says|told|tells|reported|reports|estimated|estimates|announced|stated"
    r"|confirmed|added|noted|wrote|tweeted|posted|claimed|claims|counted)\b"
)
_SPEECH_VERB_FIRST: Final = re.compile(
    r"(?:[,\"”'’][^\S\n]*|\b)(?:said|says|reported|told|added|wrote)[^\S\n]+(?P<x>(?:the[^\S\n]+)?[A-Za-z][^,;:!?\"“”()\n.]{0,80})"
)
_WORDS_BEFORE: Final = re.compile(r"[\w’'.&-]+")
_DAY_WORDS: Final = re.compile(
    r"[^\S\n]+(?:on[^\S\n]+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
    r"|yesterday|today|on|in|late|earlier|last|this)\b.*$"
)


def _trim(phrase: str) -> str | None:
    words = phrase.split()
    kept: list[str] = []
    for i, word in enumerate(words):
        joins_names = (
            word.lower() in _NAME_JOINERS and kept and kept[-1][:1].isupper()
            and i + 1 < len(words) and words[i + 1][:1].isupper()
        )
        if word.lower() in _STOP and kept and not joins_names:
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
    for i in range(len(words) - 1, -1, -1):
        word = words[i]
        lower = word.lower()
        if lower in _NAME_JOINERS and kept and kept[-1][:1].isupper() and i > 0 \
                and words[i - 1][:1].isupper():
            kept.append(word)  # "Office for National Statistics", "Ministry of Health"
            continue
        if lower in _STOP or (lower in ("a", "an", "the") and not kept):
            if lower in ("a", "an", "the") and kept:
                kept.append(word)
            break
        if lower in ("a", "an", "the"):
            kept.append(word)
            break
        kept.append(word)
        if len(kept) >= 8:
            break
    kept.reverse()
    if not kept:
        return None
    phrase = " ".join(kept)
    # a clause-initial lowercase verb or adverb is not part of the speaker
    if (
        not any(w[:1].isupper() for w in kept)
        and kept[0].lower() not in ("a", "an", "the")
        and len(kept) > 3
    ):
        return None
    return _trim(phrase)


def attribution(sentence: str) -> str | None:
    """The source a sentence cites for its figures, or None."""
    lower = sentence.lower()
    # cheap substring gates first: most sentences cite nobody
    m = _AFTER_CUE.search(sentence) if _CUE_GATE.search(lower) else None
    if m is not None:
        found = _source_of(m.group("x"))
        if found:
            return found
    m = _POSSESSIVE_TALLY.search(sentence) if ("'s " in sentence or "’s " in sentence) \
        else None
    if m is not None:
        return m.group("x")
    spoken = False
    for verb in _SPEECH_VERB.finditer(sentence):
        spoken = True
        found = _before_verb(sentence, verb.start())
        if found:
            return _DAY_WORDS.sub("", found) or found
    if not spoken:
        return None
    m = _SPEECH_VERB_FIRST.search(sentence)
    if m is not None and m.group("x").split()[0].lower() not in _STOP | _PRONOUNS:
        return _trim(m.group("x"))
    return None

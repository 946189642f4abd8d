"""Where a figure may start: one cheap scan for candidates, one master pattern run there.

The candidate scan looks for digits, currency and fraction signs and a trie of number
words, months and weekdays (Python's engine tries alternatives one by one, so shared
prefixes make it several times faster). The master pattern, anchored at a candidate, tells
a date, a clock time, a weekday or a number from what only looks like one (web addresses,
phone numbers, identifiers such as "F-16", page furniture such as "2 min read").
"""

from __future__ import annotations

import re
from typing import Any, Final

from app.extraction.dates import DATE_PATTERN, TIME_PATTERN, WEEKDAY_PATTERN
from app.extraction.lexicon import ORDINAL_WORDS, TENS, UNICODE_FRACTIONS, UNITS, VAGUE

_NUMBER_WORDS: Final = "|".join(
    sorted(
        set(UNITS) | set(TENS) | set(ORDINAL_WORDS) | set(VAGUE) | {"hundred", "half"},
        key=len,
        reverse=True,
    )
)

_SCALE_WORDS: Final = (
    "dozen|hundred|thousand|million|billion|trillion|half|third|quarter|fifth"
    "|hour|day|week|month|year|decade|minute"
)

_SKIP: Final = (
    r"(?:https?://|www\.)\S+"  # web addresses
    r"|\b[\w.+-]+@[\w-]+\.[\w.-]+"  # e-mail addresses
    r"|(?<![\w.])\+?\(?\d{1,4}\)?(?:[ .-]\(?\d{2,4}\)?){2,}\d*(?![\w])"  # phone numbers
    r"|\(\d{3}\)[ ]?\d{3}-\d{4}"
    r"|\b[A-Za-z]+-?\d[\w-]*"  # identifiers: F-16, COVID-19, I-695, G7, A320
    r"|\b\d+[^\S\n]*-?[^\S\n]*min(?:ute)?s?[^\S\n]+read\b"  # "2 min read"
    r"|(?i:copyright)[^\S\n]*(?:©|\(c\))?[^\S\n]*\d{4}(?:[^\S\n]*[-–][^\S\n]*\d{4})?|©[^\S\n]*\d{4}"
    r"|\A[ \t\r\n]*date[^\S\n]+\d{4}-\d{2}-\d{2}"  # a leading "date 2024-05-01" marker
    r"|\b\d{4}s\b|\b\d0s\b"  # decades ("the 1990s", "in his 70s") are periods
    r"|\b\d+(?:\.\d+){2,}\b"  # versions and addresses: 192.168.1.2
    r"|\b\d{1,4}/\d{1,4}\b(?!/)"  # "9/11", "24/7", "3/4": names and ratios, not figures
)

MASTER: Final = re.compile(
    rf"(?P<date>\b{DATE_PATTERN})"
    r"|(?P<clock>\b\d{1,2}:[0-5]\d:[0-5]\d\b(?![:.]\d))"
    rf"|(?P<time>{TIME_PATTERN})"
    rf"|(?P<skip>{_SKIP})"
    rf"|(?P<weekday>{WEEKDAY_PATTERN})"
    r"|(?P<num>(?:US\$|HK\$|C\$|A\$|[$€£¥₪₹₽₩₺])[^\S\n]?(?=\.?\d)"
    r"|(?:USD|EUR|GBP)[^\S\n]+(?=\d)"
    r"|(?<![\w.,])\.?\d"
    r"|[-−](?=\.?\d)|(?i:minus|negative)[^\S\n]+(?=[\d.a-z])"
    rf"|(?<![\w-])(?i:an?[^\S\n]+(?:{_SCALE_WORDS})\b|half[^\S\n]+an?[^\S\n]+[a-z]"
    rf"|quarter[^\S\n]+(?:thousand|million|billion)\b|(?:{_NUMBER_WORDS})\b)"
    rf"|[{''.join(UNICODE_FRACTIONS)}])"
)

DATE_MARKER: Final = re.compile(r"[ \t\r\n\u00a0]*date[^\S\n]+\d{4}-\d{2}-\d{2}")


def _trie_pattern(words: list[str]) -> str:
    """A regex alternation factored as a trie: Python's engine tries alternatives one by
    one, so shared prefixes make the candidate scan several times faster."""
    trie: dict[str, dict[str, Any]] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


def _variants(words: list[str]) -> list[str]:
    return sorted({v for w in words for v in (w, w.capitalize(), w.upper())})


_ARTICLE_WORDS: Final = [
    "dozen", "hundred", "thousand", "million", "billion", "trillion", "half", "quarter",
    "hour", "day", "week", "month", "year", "decade", "minute",
]

_CANDIDATE_WORDS: Final = [
    *_variants([*_NUMBER_WORDS.split("|"), *_ARTICLE_WORDS, "copyright", "usd", "eur", "gbp",
                "minus", "negative"]),
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug",
    "Sep", "Sept", "Oct", "Nov", "Dec", "Monday", "Tuesday", "Wednesday", "Thursday",
    "Friday", "Saturday", "Sunday", "midnight", "noon",
]

# Where a figure may start: a digit, a currency sign, a fraction sign or one of our words.
# Cheap to scan; the full master pattern then runs anchored at each candidate only.
CANDIDATE: Final = re.compile(
    "\\d+|[$€£¥₪₹₽₩₺©" + "".join(UNICODE_FRACTIONS) + "]|\\b"
    + _trie_pattern(sorted(set(_CANDIDATE_WORDS))) + "\\b"
)

_URLISH: Final = ("://", "www.", "@")

_SIGN_BEFORE: Final = frozenset(" \t\n\u00a0(")

# A digit after one of these starts a token of its own: no need to look at the token.
PLAIN_BEFORE: Final = frozenset(" \n\t\u00a0(\"“")

_ARTICLE_BEFORE: Final = re.compile(r"(?<![\w-])(?:[Aa]n?|A[Nn]?)[^\S\n]+\Z")


def token_context(text: str, at: int, pos: int) -> tuple[int, int | None]:
    """Adjust a digit candidate to its token: (start to read from, or where to skip to).

    Digits inside a web address, an e-mail or an identifier glued to letters ("F-16",
    "COVID-19", "G7", "A320") are skipped whole; ".5" starts at its point; "US$5" at "US".
    """
    ch = text[at]
    if not ch.isdigit():
        if ch == "$" and text[max(0, at - 2):at] in ("US", "HK") and at - 2 >= pos:
            return at - 2, None
        if ch.isalpha():
            # "a dozen", "an hour": the article belongs to the figure
            article = _ARTICLE_BEFORE.search(text, max(pos, at - 4), at)
            if article is not None:
                return article.start(), None
        return at, None
    before = text[at - 1] if at > 0 else " "
    if before.isspace() or before in "$€£¥₪₹₽₩₺(\"'“‘[~<>≤≥+":
        return at, None
    if before == "." and (at < 2 or not text[at - 2].isalnum()):
        return at - 1, None
    lo = at
    while lo > 0 and lo > at - 60 and not text[lo - 1].isspace():
        lo -= 1
    token_end = at
    while token_end < len(text) and not text[token_end].isspace():
        token_end += 1
    token = text[lo:token_end]
    if any(mark in token for mark in _URLISH):
        return at, token_end
    if before in "-−" and (at < 2 or text[at - 2] in _SIGN_BEFORE):
        return at - 1, None  # "-5C", "(-0.3%)": a negative number
    if before in "-–" and at >= 2 and text[at - 2].isdigit():
        # the second half of a score ("3-1") whose first half was not a figure
        end = at
        while end < len(text) and text[end].isdigit():
            end += 1
        return at, end
    if before.isalpha() or (before == "-" and at >= 2 and text[at - 2].isalpha()):
        end = at
        while end < len(text) and (text[end].isalnum() or text[end] in "-"):
            end += 1
        return at, end
    return at, None


_DIGIT_RUN: Final = re.compile(r"[\d.,]+")

_WORD: Final = re.compile(r"[A-Za-z]+")


def skip_token(text: str, m: re.Match[str]) -> int:
    """Past the anchor and the rest of its token, so "192.168" is not read piecewise."""
    end = m.end()
    run = _DIGIT_RUN.match(text, end) if text[end - 1: end].isdigit() else None
    if run is not None:
        end = run.end()
    word = _WORD.match(text, end) if text[end - 1: end].isalnum() else None
    if word is not None:
        end = word.end()
    return max(end, m.start() + 1)

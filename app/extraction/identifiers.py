"""Numbers that name rather than measure: "Section 427", "Boeing 737 MAX 9", "Local 1422"."""

from __future__ import annotations

import re
from typing import Final

from app.extraction.context import BLANKS, sentence_initial
from app.extraction.lexicon import FUNCTION_WORDS, IDENTIFIER_NOUNS, LOWERCASE_LABELS, MONTHS

_LABEL_BEFORE: Final = re.compile(
    r"\b([A-Za-z]+)\.?[^\S\n]+(?:\d+[^\S\n]*(?:,|and|or|to|through|-|–)[^\S\n]*)?\Z"
)

# Capitalised words that may stand right before a figure without naming anything.
_NOT_NAMES: Final = frozenset({
    "some", "about", "around", "nearly", "almost", "over", "under", "more", "fewer", "less",
    "up", "at", "roughly", "approximately", "just", "only", "another", "and", "but", "or",
    "than", "exactly", "precisely", "estimated", "since", "until", "till", "circa",
    "mid", "late", "early", "aged", "age", "ages", "to", "magnitude", "category",
    "us", "usd", "eur", "gbp", "copyright", "total", "with", "top", "past",
})

_NAME_NUMBER_AFTER: Final = re.compile(
    r"\d+(?![.,]\d)(?:[^\S\n]+[A-Z]|[^\S\n]*(?:[,.;:)]|\Z))"
)

_LIST_WORDS: Final = frozenset({"and", "or", "to", "through"})


def is_identifier(text: str, start: int, lo: int) -> bool:
    """"Section 427", "Rescue Team 1", "No. 5", "mile markers 12 and 27": a label right
    before a numeral (capitalised, or one of the few labels written in lower case)."""
    m = _LABEL_BEFORE.search(text, max(0, start - 40), start)
    if m is None:
        return False
    word = m.group(1)
    lower = word.lower()
    if lower in LOWERCASE_LABELS or (word[:1].isupper() and lower in IDENTIFIER_NOUNS):
        return True
    # "Boeing 737 MAX 9,", "Apollo 11.": a name right before a whole number that is followed
    # by another name or ends the clause (not "the Alliance 31.6 percent", "Office 4-year-old")
    after = _NAME_NUMBER_AFTER.match(text, start)
    return (
        after is not None
        and word[:1].isupper()
        and m.end(1) == start - 1
        and lower not in FUNCTION_WORDS
        and lower not in _NOT_NAMES
        and lower.rstrip(".") not in MONTHS
        and not sentence_initial(text, m.start(1))
    )


def label_gate(text: str, start: int, last: str) -> bool:
    """Cheap test before ``is_identifier``: the word before (``last``) is a label, a
    conjunction or capitalised."""
    if last in LOWERCASE_LABELS or last in IDENTIFIER_NOUNS or last in _LIST_WORDS:
        return True
    i = start - 1
    while i > 0 and text[i] in BLANKS:
        i -= 1
    j = i
    while j > 0 and text[j - 1].isalpha():
        j -= 1
    return i < start - 1 and text[j:j + 1].isupper()

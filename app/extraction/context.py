"""Small readers of the words around a figure."""

from __future__ import annotations

from typing import Final

BLANKS: Final = " \t\u00a0"


def last_word(text: str, start: int) -> str:
    """The lower-case word right before ``start`` (blanks between), or ""."""
    i = start
    while i > 0 and text[i - 1] in BLANKS:
        i -= 1
    if i > 0 and text[i - 1] == ".":
        i -= 1  # "approx. 5", "c. 1900"
    j = i
    while j > 0 and i - j < 24 and text[j - 1].isalpha():
        j -= 1
    return text[j:i].lower()


def sentence_initial(text: str, pos: int) -> bool:
    """Whether ``pos`` starts a sentence, a line or a quote."""
    i = pos
    while i > 0 and text[i - 1] in BLANKS:
        i -= 1
    return i == 0 or text[i - 1] in ".!?:;\n\"“'‘(—–-"

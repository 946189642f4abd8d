"""Sentence boundaries, computed once per text and looked up by offset."""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Final

# End punctuation (with closing quotes/brackets) then space, or a line break: news bodies
# put headlines, captions and paragraphs on their own lines.
_BOUNDARY: Final = re.compile(r"""[.!?…]+["'”’)\]]*[^\S\n]+(?=["'“‘(\[]?[A-Z0-9])|[^\S\n]*\n\s*""")
_WEEKDAY_NEXT: Final = re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b")
_WORD_BEFORE: Final = re.compile(r"[(\"'“‘]?([A-Za-z][A-Za-z.]*)\.$")
# Abbreviations whose period does not end a sentence.
_ABBREVIATIONS: Final = frozenset({
    "mr", "mrs", "ms", "dr", "st", "prof", "gen", "lt", "col", "sgt", "capt", "gov",
    "sen", "rep", "rev", "jr", "sr", "no", "nos", "nr", "vs", "etc", "inc", "co", "corp",
    "ltd", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "u.s", "u.k", "u.n", "e.g", "i.e", "approx", "est", "fig", "vol", "pp", "ft",
})


class Sentences:
    """Sentence spans of one text; ``bounds(offset)`` finds the one holding ``offset``."""

    __slots__ = ("_ends", "_starts", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        starts = [0]
        ends: list[int] = []
        for m in _BOUNDARY.finditer(text):
            cut = m.start()
            if "\n" not in m.group():
                word = _WORD_BEFORE.match(text, text.rfind(" ", max(0, cut - 12), cut) + 1,
                                          cut + 1) if text[cut - 1:cut].isalpha() else None
                if word is not None:
                    stem = word.group(1).lower()
                    # "Oct. 7", "U.S. officials", "Dr. Smith": not an end; a single initial
                    # ("J. Smith") neither.
                    if stem in _ABBREVIATIONS or len(stem) == 1:
                        continue
                    # "2:15 p.m. Tuesday": the weekday belongs to the time
                    if stem in ("a.m", "p.m") and _WEEKDAY_NEXT.match(text, m.end()):
                        continue
                cut = m.start() + len(m.group().rstrip())
            ends.append(cut)
            starts.append(m.end())
        ends.append(len(text))
        self._starts = starts
        self._ends = ends

    def bounds(self, offset: int) -> tuple[int, int]:
        """Start and end of the sentence containing ``offset`` (trimmed of blanks)."""
        i = max(0, bisect_right(self._starts, offset) - 1)
        start, end = self._starts[i], self._ends[i]
        text = self._text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return start, end

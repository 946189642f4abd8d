"""The noun a number counts ("33 Israeli hostages" -> "hostage") and singular forms."""

from __future__ import annotations

import re
from typing import Final

from app.extraction.lexicon import (
    FUNCTION_WORDS,
    IRREGULAR_PLURALS,
    NOUN_MODIFIERS,
    ORDINAL_WORDS,
    PRONOUN_NOUNS,
    SCALES,
    TENS,
    UNITS,
)

# One word after the number: letters with inner hyphens ("Hamas-run", "Israeli-American").
_NEXT: Final = re.compile(r"[^\S\n]+([A-Za-z]+(?:-[A-Za-z]+)*)(['’]s\b|['’](?=[^\S\n]))?")
# A compound quantity that an ordinal may stand before: "the first 40-day phase".
_COMPOUND: Final = re.compile(r"[^\S\n]+\d[\d,.]*-[A-Za-z]+")
_NOT_PLURAL: Final = frozenset({
    "news", "was", "has", "this", "its", "his", "hers", "yes", "always", "perhaps",
    "across", "less", "unless", "thus", "plus", "towards", "afterwards", "whereas",
    "besides", "sometimes", "as", "us", "does", "goes", "is", "kids", "gas", "bus",
    "lens", "series", "species", "means", "politics", "economics", "physics", "hamas",
    "texas", "paris", "athens", "brussels", "wales", "abbas", "tennis", "iris", "chassis",
    "metropolis", "kiss",
})
_SIBILANT_ES: Final = re.compile(r"(?:ch|sh|x|ss|zz)es$")
_MAX_WORDS: Final = 4


def singular(word: str) -> str:
    """Singular lower-case form of a plural noun ("casualties" -> "casualty")."""
    lower = word.lower()
    if lower in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[lower]
    if lower.endswith("ies") and len(lower) > 4:
        return lower[:-3] + "y"
    if _SIBILANT_ES.search(lower):
        return lower[:-2]
    if lower.endswith("s") and not lower.endswith(("ss", "us", "sis", "xis")) and len(lower) > 2:
        return lower[:-1]
    return lower


def looks_plural(lower: str) -> bool:
    """Whether a lower-case word reads as a plural noun."""
    if lower in IRREGULAR_PLURALS:
        return True
    return (
        len(lower) > 3
        and lower.endswith("s")
        and not lower.endswith(("ss", "us", "sis", "xis", "ous"))
        and lower not in _NOT_PLURAL
    )


def _is_number_word(lower: str) -> bool:
    return lower in UNITS or lower in TENS or lower in SCALES or lower in ORDINAL_WORDS


def counted_noun(
    text: str, pos: int, *, one: bool, skip_compound: bool = False
) -> tuple[str, int] | None:
    """The counted noun after ``pos`` (singular, lower case) and where it ends.

    Descriptive words are skipped ("33 Israeli hostages"); the phrase ends at a function
    word, punctuation or a possessive. ``one`` asks for a singular head ("one hostage",
    "the seventh trip"): the last noun-like word of the phrase.
    """
    p = pos
    if skip_compound:
        c = _COMPOUND.match(text, p)
        if c is not None:
            p = c.end()
    candidates: list[tuple[str, int]] = []
    for _ in range(_MAX_WORDS):
        m = _NEXT.match(text, p)
        if m is None:
            break
        word = m.group(1)
        lower = word.lower()
        if lower in FUNCTION_WORDS or lower in PRONOUN_NOUNS or _is_number_word(lower):
            break
        if m.group(2):  # "Gaza's": a possessive starts another phrase
            if not one and looks_plural(lower) and m.group(2) in ("'", "’"):
                return singular(lower), m.end(1)
            break
        if not one and looks_plural(lower):
            return singular(lower), m.end()
        if candidates and lower.endswith("ed") and candidates[-1][0] not in NOUN_MODIFIERS:
            break  # "500 company reported results": the verb ends the noun phrase
        if not one and lower in IRREGULAR_PLURALS:
            return IRREGULAR_PLURALS[lower], m.end()
        if one and word[:1].isupper():
            if not candidates:
                return None  # "the 46th Lakeshore City Marathon": a name, not a counted noun
            break  # "the seventh trip Blinken has made": a name starts a new phrase
        candidates.append((lower, m.end()))
        p = m.end()
    if not one:
        return None
    for lower, end in reversed(candidates):
        if lower.endswith(("ed", "ly")) or lower in NOUN_MODIFIERS:
            continue
        # stop at the first gap: the head noun is the last of the phrase before a verb
        return singular(lower) if looks_plural(lower) else lower, end
    return None

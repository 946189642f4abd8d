"""Parse one number phrase at a position: numerals, number words, scales, fractions.

``parse_number(text, pos)`` reads "34,535", "2.5", "2½", "1.5bn", "Thirty-three",
"two and a half", "a million", "half a million", "a dozen", "1 million", "seventh",
"21st", "two thirds", "tens of thousands" and returns its value and span. It knows
nothing of units or qualifiers: those are read around the number by the recogniser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

from app.extraction.lexicon import (
    FRACTIONS,
    ORDINAL_SUFFIXES,
    ORDINAL_WORDS,
    SCALE_ABBREVIATIONS,
    SCALES,
    TENS,
    UNICODE_FRACTIONS,
    UNITS,
    VAGUE,
)

NumberForm = Literal["cardinal", "ordinal", "fraction", "vague"]

# A numeral: thousands with commas or plain digits, optional decimals. A numeral that runs on
# into more digit groups ("192.168.1.2", "1,3") is not a quantity and does not match.
_NUMERAL: Final = re.compile(
    r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![.,]?\d)|\.\d+(?![.,]?\d)"
)
_UNICODE_FRACTION: Final = re.compile("[" + "".join(UNICODE_FRACTIONS) + "]")
# Letters glued to a numeral: "7th", "1.5bn", "10k", "34.8km".
_GLUED: Final = re.compile(r"[A-Za-z]+")
# The next word with what separates it: blanks, or a hyphen (with optional blanks).
_NEXT_WORD: Final = re.compile(r"([^\S\n]*(?:[-–][^\S\n]*)?|[^\S\n]+)([A-Za-z]+)\b")
_SPACE_WORD: Final = re.compile(r"[^\S\n]+([A-Za-z]+)\b")
_ARTICLE: Final = re.compile(r"(?i:an?)[^\S\n]+")
_HALF_A: Final = re.compile(r"(?i:half)[^\S\n]+(?i:an?)[^\S\n]+")
_OF: Final = re.compile(r"[^\S\n]+(?i:of)\b")

_BIG_SCALES: Final = {w: v for w, v in SCALES.items() if v >= 1e3}
_FRACTION_TAIL: Final = re.compile(
    r"[^\S\n]+and[^\S\n]+(a|an|one|two|three|four|five|six|seven|eight|nine)"
    r"[^\S\n]+([a-z]+)\b"
)
_ONE_UNIT: Final = frozenset({"hour", "day", "week", "month", "year", "decade", "minute"})
_HALF_OF: Final = re.compile(r"(?i:half)(?=[^\S\n]+of\b)")
_NUMERAL_START: Final = frozenset("0123456789.")
_DOZENS: Final = frozenset({"dozen", "dozens", "dzs", "dozs", "doz"})
_HALF_SCALE: Final = re.compile(
    r"(?i:(half|quarter))[^\S\n]+(?i:(thousand|million|billion|trillion))\b"
)


@dataclass(frozen=True, slots=True)
class Number:
    """A parsed number phrase: ``text[start:end]`` spells ``value``.

    ``low``/``high`` differ from ``value`` only for vague amounts ("hundreds of").
    ``scale`` is the largest scale word used ("million" -> 1e6), 1 when none.
    """

    start: int
    end: int
    value: float
    form: NumberForm
    spelled: bool
    scale: float = 1.0
    low: float | None = None
    high: float | None = None
    article: bool = False  # "a week": the article stands for one


def _word_at(text: str, pos: int, first: bool) -> tuple[str, int, str] | None:
    """The word starting at ``pos`` (after a separator unless ``first``)."""
    if first:
        m = _GLUED.match(text, pos)
        if m is None or (pos > 0 and text[pos - 1].isalpha()):
            return None
        return m.group().lower(), m.end(), ""
    m = _NEXT_WORD.match(text, pos)
    if m is None:
        return None
    return m.group(2).lower(), m.end(), m.group(1).strip()


def _parse_words(
    text: str, pos: int, start_value: float | None, start_last: str = "numeral"
) -> tuple[float, int, str, float]:
    """Read a run of number words from ``pos``.

    Returns (value, end, last word class, largest scale). ``start_value`` carries a numeral
    already read ("3 hundred and 21"). The word classes keep "two three" or "thirty forty"
    from fusing into one number.
    """
    total = 0.0
    current = start_value if start_value is not None else 0.0
    last = start_last if start_value is not None else ""
    end = pos
    p = pos
    scale = 1.0
    first = start_value is None
    while True:
        got = _word_at(text, p, first)
        if got is None:
            break
        word, w_end, sep = got
        if sep and sep not in "-–":
            break
        hyphen = bool(sep)
        if word in UNITS:
            value = UNITS[word]
            # "twenty-one", "hundred and six"; not "two three" nor "3 two"
            if (last == "tens" and value < 10) or (last in ("", "scale", "hundred") and not hyphen):
                current += value
            else:
                break
            last = "unit"
        elif word in TENS:
            if last not in ("", "scale", "hundred") or hyphen:
                break
            current += TENS[word]
            last = "tens"
        elif word == "hundred":
            if hyphen or last == "hundred":
                break
            current = (current or 1.0) * 100.0
            scale = max(scale, 100.0)
            last = "hundred"
        elif word in _BIG_SCALES:
            if hyphen or last == "":
                break
            factor = _BIG_SCALES[word]
            if last == "scale" and current == 0:
                # "three lakh crore": a scale multiplying the one before
                total *= factor
            else:
                total += current * factor
            current = 0.0
            scale = max(scale, factor)
            last = "scale"
        elif word in _DOZENS and not hyphen and last in ("unit", "numeral", "tens"):
            current *= 12
            last = "scale"
        elif word == "and" and last in ("scale", "hundred"):
            nxt = _word_at(text, w_end, False)
            if nxt is None or nxt[2] or (nxt[0] not in UNITS and nxt[0] not in TENS):
                break
            after = _word_at(text, nxt[1], False)
            if after is not None and after[0] in FRACTIONS:
                break  # "two million and one half": the fraction is read by the caller
        else:
            break
        first = False
        end = w_end
        p = w_end
    return total + current, end, last, scale


def _fraction_tail(text: str, pos: int) -> tuple[float, int] | None:
    """"and a half", "and one half", "and three quarters" after a whole number."""
    m = _FRACTION_TAIL.match(text, pos)
    if m is None:
        return None
    den = FRACTIONS.get(m.group(2))
    if den is None:
        return None
    num = 1 if m.group(1) in ("a", "an") else UNITS[m.group(1)]
    if num >= den:
        return None
    return num / den, m.end()


def _scale_after(text: str, pos: int) -> tuple[float, int] | None:
    """A scale word or abbreviation right after a numeral: "1.5 million", "1.5bn", "10k"."""
    m = _GLUED.match(text, pos)
    if m is not None:
        word = m.group().lower()
        if word in SCALE_ABBREVIATIONS and m.group() != "m" and m.group() != "mm":
            return SCALE_ABBREVIATIONS[word], m.end()
        if word in SCALES:
            return SCALES[word], m.end()
        return None
    m2 = _SPACE_WORD.match(text, pos)
    if m2 is not None:
        word = m2.group(1).lower()
        if word in _BIG_SCALES or word == "hundred":
            return SCALES[word], m2.end()
        if word in ("bn", "mn", "mln", "bln", "tn", "tln", "trn"):
            return SCALE_ABBREVIATIONS[word], m2.end()
    return None


def _vague(text: str, pos: int) -> Number | None:
    """"dozens of", "hundreds of", "tens of thousands of", "hundreds of thousands"."""
    got = _word_at(text, pos, True)
    if got is None or got[0] not in VAGUE:
        return None
    word, end, _ = got
    low, high = VAGUE[word]
    m = re.match(r"[^\S\n]+of[^\S\n]+(thousands|millions|billions)\b", text[end:end + 24], re.I)
    if m is not None:
        # "tens of thousands" = 20,000-99,999; "hundreds of thousands" = 200,000-999,999
        inner = {"thousands": 1e3, "millions": 1e6, "billions": 1e9}[m.group(1).lower()]
        low, high = low * inner, (high + 1) * inner - 1
        end += m.end()
    elif word == "tens" or word == "scores":
        # "tens" alone is not an amount; "scores of" needs its "of" to be one
        if _OF.match(text, end) is None:
            return None
    elif _OF.match(text, end) is None and word != "thousands":
        return None
    value = (low + high) / 2.0
    return Number(pos, end, value, "vague", True, 1.0, float(low), float(high))


def parse_number(text: str, pos: int) -> Number | None:
    """The number phrase starting exactly at ``pos``, or None."""
    start = pos
    numeral = _NUMERAL.match(text, pos) if text[pos:pos + 1] in _NUMERAL_START else None
    if numeral is not None:
        return _after_numeral(text, start, numeral.group(), numeral.end())
    # "a dozen", "a million", "an estimated" is not ours: only a scale/fraction after "a"
    art = _ARTICLE.match(text, pos)
    if art is not None:
        got = _word_at(text, art.end(), True)
        if got is None:
            return None
        word, w_end, _ = got
        if word in _BIG_SCALES or word == "hundred" or word == "dozen":
            value, end, _last, scale = _parse_words(text, w_end, 1.0 * SCALES.get(word, 12.0))
            if word == "dozen":
                scale = 1.0
            return Number(start, end, value, "cardinal", True, max(scale, SCALES.get(word, 1.0)))
        den = FRACTIONS.get(word)
        if den is not None and word not in ("second",) and not word.endswith("s"):
            return Number(start, w_end, 1.0 / den, "fraction", True)
        if word in _ONE_UNIT:
            # "a week", "an hour": one of the unit read after the number
            return Number(start, art.end() - 1, 1.0, "cardinal", True, article=True)
        return None
    half = _HALF_A.match(text, pos)
    if half is not None:
        got = _word_at(text, half.end(), True)
        if got is not None and (got[0] in _BIG_SCALES or got[0] == "dozen"):
            factor = SCALES.get(got[0], 12.0)
            return Number(start, got[1], 0.5 * factor, "cardinal", True,
                          factor if got[0] != "dozen" else 1.0)
        if got is not None:
            # "half a mile", "half an hour": a half of the unit read after the number
            return Number(start, half.end() - 1, 0.5, "cardinal", True)
        return None
    bare = _HALF_SCALE.match(text, pos)
    if bare is not None:
        factor = SCALES[bare.group(2).lower()]
        part = 0.5 if bare.group(1).lower() == "half" else 0.25
        return Number(start, bare.end(), part * factor, "cardinal", True, factor)
    half_of = _HALF_OF.match(text, pos)
    if half_of is not None:
        return Number(start, half_of.end(), 0.5, "fraction", True)  # "half of Americans"
    lone = _UNICODE_FRACTION.match(text, pos)
    if lone is not None:
        return Number(start, lone.end(), UNICODE_FRACTIONS[lone.group()], "fraction", False)
    numeral = _NUMERAL.match(text, pos)
    if numeral is not None:
        return _after_numeral(text, start, numeral.group(), numeral.end())
    vague = _vague(text, pos)
    if vague is not None:
        return vague
    return _spelled(text, pos)


def _after_numeral(text: str, start: int, digits: str, end: int) -> Number | None:
    value = float(digits.replace(",", ""))
    frac = _UNICODE_FRACTION.match(text, end)
    if frac is not None:
        value += UNICODE_FRACTIONS[frac.group()]
        end = frac.end()
    glued = _GLUED.match(text, end)
    if glued is not None and glued.group().lower() in ORDINAL_SUFFIXES and "." not in digits:
        return Number(start, glued.end(), value, "ordinal", False)
    scale = 1.0
    scaled = _scale_after(text, end)
    if scaled is not None:
        scale, end = scaled
        value *= scale
        if scale == 100.0:
            # "3 hundred and 21"
            more, w_end, _, big = _parse_words(text, end, value, "hundred")
            if w_end > end:
                value, end, scale = more, w_end, max(scale, big)
    else:
        dozens = _word_at(text, end, False)
        if dozens is not None and dozens[0] in _DOZENS and not dozens[2]:
            value *= 12
            end = dozens[1]
    tail = _fraction_tail(text, end)
    if tail is not None:
        # "2 and a half", "3 million and a half"
        value += tail[0] * scale
        end = tail[1]
    return Number(start, end, value, "cardinal", False, scale)


def _spelled(text: str, pos: int) -> Number | None:
    got = _word_at(text, pos, True)
    if got is None:
        return None
    word = got[0]
    if word in ORDINAL_WORDS and word not in UNITS and word not in TENS:
        return Number(pos, got[1], float(ORDINAL_WORDS[word]), "ordinal", True)
    if word not in UNITS and word not in TENS and word != "hundred":
        return None
    value, end, last, scale = _parse_words(text, pos, None)
    if end == pos:
        return None
    # compound ordinal: "twenty-first", "one hundred twenty fifth"
    nxt = _word_at(text, end, False)
    if nxt is not None and last in ("tens", "hundred", "scale"):
        o_word, o_end, sep = nxt
        o_value = ORDINAL_WORDS.get(o_word)
        if o_value is not None and o_value < 10 and (last == "tens" or not sep):
            return Number(pos, o_end, value + o_value, "ordinal", True)
    # simple fraction: "two thirds", "one fifth", "three quarters"
    if nxt is not None and last == "unit" and value < 10:
        den = FRACTIONS.get(nxt[0])
        if den is not None and nxt[0] not in ("second", "seconds"):
            plural = nxt[0].endswith("s")
            if (plural and value > 1) or (not plural and value == 1):
                return Number(pos, nxt[1], value / den, "fraction", True)
    tail = _fraction_tail(text, end)
    if tail is not None and scale >= 1e3:
        value += tail[0] * scale  # "one million and a half"
        end = tail[1]
    elif tail is not None:
        value += tail[0]
        end = tail[1]
        # "five and a half million"
        big = _scale_after(text, end)
        if big is not None and big[0] >= 1e3:
            value *= big[0]
            scale = big[0]
            end = big[1]
    return Number(pos, end, value, "cardinal", True, scale)

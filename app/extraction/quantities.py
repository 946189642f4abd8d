"""Read one quantity at an anchor: the number, a range, the unit or counted noun, the
qualifiers and the interval they imply ("at least 34,568 people", "between 30 and 40 days",
"a 4-year-old", "$1.2 billion a day")."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Final

from app.extraction import measures
from app.extraction.context import last_word
from app.extraction.identifiers import is_identifier, label_gate
from app.extraction.lexicon import FUNCTION_WORDS, ORDINAL_WORDS, SCALE_ABBREVIATIONS
from app.extraction.model import Kind, Qualifier
from app.extraction.nouns import counted_noun
from app.extraction.numbers import Number, parse_number
from app.extraction.postprocess import Quantity
from app.extraction.qualifiers import (
    QUALIFIER_LAST_WORDS,
    interval,
    left_qualifier,
    range_opener,
    right_qualifier,
)

_LEFT_WINDOW: Final = 40

_SIGN: Final = re.compile(r"[-−]|(?i:minus|negative)[^\S\n]+")

_RANGE_SEP: Final = re.compile(
    r"(?P<sep>[^\S\n]*[-–—][^\S\n]*|[^\S\n]+(?:to|and|or|through)[^\S\n]+"
    r"|[^\S\n]*~[^\S\n]*)",
    re.IGNORECASE,
)

_WORD: Final = re.compile(r"[A-Za-z]+")

_MONEY_SCALE: Final = re.compile(r"[^\S\n]?(?P<s>m|mn|b|bn|k|tn)\b", re.IGNORECASE)

_SCALE_M: Final = re.compile(r"M\b")

_AGE_BEFORE: Final = re.compile(
    r"\b(?:aged|age|ages)(?:[^\S\n]+(?:of|to|at))?[^\S\n]+\Z", re.IGNORECASE
)

_DETERMINER_BEFORE: Final = re.compile(
    r"(?:\b(?:the|a|an|his|her|its|their|our|my|your|this|that|every|each)|['’]s)[^\S\n]+\Z",
    re.IGNORECASE,
)

_OF_AFTER: Final = re.compile(r"[^\S\n]+of\b")

_PARTITIVE: Final = re.compile(
    r"[^\S\n]+of[^\S\n]+(?P<det>(?:the|its|their|those|these|our|his|her)[^\S\n]+)?"
)

_QUALIFIER_WORDS: Final = re.compile(
    r"(?:roughly|about|around|some|nearly|almost|more[^\S\n]+than|at[^\S\n]+least"
    r"|an[^\S\n]+estimated|approximately)[^\S\n]+",
    re.IGNORECASE,
)

_YEAR_CONTEXT: Final = re.compile(
    r"\b(?:in|since|by|from|until|till|of|before|after|during|through|to|and|early|late|mid|"
    r"summer|winter|spring|autumn|fall|year)[^\S\n]+\Z",
    re.IGNORECASE,
)

_NEXT_LOWER_WORD: Final = re.compile(r"[^\S\n]+([a-z]+)")

_AGO: Final = re.compile(r"[^\S\n]+(?:ago|earlier|later|before|after|from[^\S\n]+now)\b")

# Last words of the left-context phrases: the regexes run only when one of them is there.
_MAGNITUDE_LAST: Final = frozenset({"magnitude", "at", "of", "was", "is"})

_AGE_LAST: Final = frozenset({"aged", "age", "ages", "of", "to", "at"})

_PERIOD_LAST: Final = frozenset(
    {"past", "last", "next", "previous", "coming", "first", "final", "initial"}
)

_CAPITAL_NEXT: Final = re.compile(r"[^\S\n]+[A-Z]")

_ANAPHORIC_LAST: Final = frozenset({"the", "these", "those", "both", "they", "we", "you"})

_RATE: Final = re.compile(
    r"[^\S\n]+(?:a|an|per|each)[^\S\n]+(?:day|week|month|year|hour|share|gallon|barrel|litre"
    r"|liter|head|person|capita|kilo|kilogram|pound|ton|tonne)\b"
    r"(?![^\S\n]+(?:earlier|ago|before|later|after|from)\b)|/(?:day|year|month|hour)\b"
)

# "7-Eleven", "5G", "3D": a numeral glued to a capital that is no unit names something
_NAMED_AFTER: Final = re.compile(r"-[A-Z][a-z]|(?!(?:M|K|B|C|F|L|T|G?W|MW|KW|GW)h?\b)[A-Z]+\b")

# "won 3-1", "passed 219-213": a score or a tally, not a quantity
_SCORE: Final = re.compile(r"[^\S\n]*[-–][^\S\n]*\d")

_PLACED_LAST: Final = frozenset(
    {"finished", "finishes", "finish", "placed", "came", "ranked", "ranks", "ranking", "rank"}
)

_PRONOUN_ONE_LAST: Final = frozenset(
    {"no", "any", "every", "the", "which", "each", "this", "that", "someone", "anyone"}
)

_ARTICLE_SPACE: Final = re.compile(r"(?i:an?)[^\S\n]+")

_MAGNITUDE_BEFORE: Final = re.compile(
    r"\bmagnitude(?:[^\S\n]+(?:at|of|was|is))?[^\S\n]+\Z", re.IGNORECASE
)

# "the oldest finisher was 81", "the youngest, 18,"
_SUPERLATIVE_AGE_BEFORE: Final = re.compile(
    r"\b(?:oldest|youngest)\b[^.;\n]{0,40}?(?:\b(?:was|is|were|are|at)|,)[^\S\n]+\Z",
    re.IGNORECASE,
)

# "the two sat down", "cut in two": a number used as a pronoun
_PRONOUN_NUMBER_BEFORE: Final = re.compile(
    r"\b(?:the|they|these|those|all|in|into|both|we|you)[^\S\n]+\Z", re.IGNORECASE
)

_DURATION_PREPOSITION: Final = re.compile(
    r"\b(?:for|within|in|lasting|lasted|after|nearly|almost|about|over)[^\S\n]+\Z",
    re.IGNORECASE,
)

_PERIOD_BEFORE: Final = re.compile(
    r"\b(?:past|last|next|previous|coming|first|final|initial)[^\S\n]+\Z", re.IGNORECASE
)

_SHARE_OF: Final = re.compile(
    r"[^\S\n]+of[^\S\n]+an?[^\S\n]+(?P<u>percentage[^\S\n]+point|percent|per[^\S\n]+cent)\b"
    # "a quarter-point cut", "a half point": a fraction of a percentage point
    r"|(?:-|[^\S\n]+)(?P<p>point)\b",
    re.IGNORECASE,
)

_RATIO: Final = re.compile(r"[^\S\n]+(?:in|out[^\S\n]+of)[^\S\n]+")

_APPOSITION_BEFORE: Final = re.compile(r"[A-Za-z][\w'’.-]*,[^\S\n]+\Z")

_APPOSITION_AFTER: Final = re.compile(r"[^\S\n]*[,)]")

_COMPOUND_BETWEEN: Final = re.compile(r"[^\S\n]+\d[\d,.]*-[A-Za-z]+")


def read_quantity(text: str, anchor: int, prev_end: int) -> Quantity | None:
    """The quantity whose anchor (sign, currency, digit or number word) is at ``anchor``;
    ``prev_end`` is where the previous figure ended (qualifiers are read after it)."""
    start = anchor
    currency: str | None = None
    p = anchor
    sign = _SIGN.match(text, anchor)
    if sign is not None:
        p = sign.end()  # "-5C", "minus 5 percent"
    cur = measures.currency_before(text, p)
    if cur is not None:
        currency, p = cur
    num = parse_number(text, p)
    if num is None:
        return None
    if num.start == num.end:
        return None
    if sign is not None:
        if num.form != "cardinal":
            return None
        num = replace(num, value=-num.value)
    lo = max(prev_end, start - _LEFT_WINDOW)
    last = last_word(text, start)
    spelled_first = not text[p:p + 1].isdigit() and text[p:p + 1] != "."
    if not spelled_first and currency is None and label_gate(text, start, last) and \
            is_identifier(text, start, lo):
        return None
    end = num.end
    value = num.value
    low: float | None = num.low
    high: float | None = num.high
    qualifier: Qualifier = "range" if num.form == "vague" else "exact"
    scale = num.scale

    # money scales: "$5m", "£1.2bn", "10M"
    if num.form == "cardinal" and not num.spelled and scale == 1.0:
        ms = _MONEY_SCALE.match(text, end) if currency is not None else None
        if ms is not None:
            scale = SCALE_ABBREVIATIONS[ms.group("s").lower()]
            value *= scale
            end = ms.end()
        elif _SCALE_M.match(text, end) is not None:
            value *= 1e6
            scale = 1e6
            end += 1

    # a second number makes a range: "30-40", "30 to 40", "between 30 and 40", "six to eight"
    opener = range_opener(text, lo, start) if last in ("between", "from") else None
    second = _range_end(text, end, num, opener, currency)
    if second is not None:
        n2, currency2 = second
        first_value = value
        if num.scale == 1.0 and n2.scale > 1.0 and first_value * n2.scale <= n2.value:
            first_value *= n2.scale  # "2 to 3 million" = 2,000,000 to 3,000,000
        low, high = first_value, n2.value
        value = (low + high) / 2.0
        qualifier = "range"
        end = n2.end
        scale = max(scale, n2.scale)
        currency = currency or currency2
        if opener is not None:
            start = opener[1]

    if second is None and not num.spelled and num.form == "cardinal" and (
        _SCORE.match(text, end) is not None or _NAMED_AFTER.match(text, end) is not None
    ):
        return None  # "won 3-1", "7-Eleven", "5G", "3D": scores and names

    kind: Kind = "count"
    unit: str | None = None
    if num.form == "ordinal":
        kind = "ordinal"
        noun = counted_noun(text, end, one=True, skip_compound=True)
        placed = last in _PLACED_LAST
        if num.spelled and num.value < 3 and not placed and \
                _DETERMINER_BEFORE.search(text, lo, start) is None:
            return None  # "first met privately": an adverb, not a rank
        if noun is None and placed:
            unit = "place"  # "she finished fourth"
        if noun is not None:
            unit = noun[0]
            if not _COMPOUND_BETWEEN.match(text, end):
                end = noun[1]
    elif num.form == "fraction":
        # "a quarter", "two-thirds of": a share, reported as a percentage
        share = _share_of(text, end)
        if share is not None:
            unit, end = share
            kind = "percent"
        elif _noun_follows(text, end):
            # "a third phase" is a rank; "a half hour" is left to the duration reader
            article = _ARTICLE_SPACE.match(text, p)
            word = _WORD.match(text, article.end()) if article is not None else None
            if word is None or word.group().lower() not in ORDINAL_WORDS:
                return None
            noun = counted_noun(text, end, one=True)
            return Quantity(word.start(), noun[1] if noun else end, "ordinal",
                            float(ORDINAL_WORDS[word.group().lower()]),
                            float(ORDINAL_WORDS[word.group().lower()]),
                            float(ORDINAL_WORDS[word.group().lower()]), "exact",
                            noun[0] if noun else None)
        else:
            kind, unit = "percent", "percent"
            value = value * 100.0
    else:
        ratio = _ratio(text, end, num)
        magnitude = _MAGNITUDE_BEFORE.search(text, lo, start) if last in _MAGNITUDE_LAST \
            else None
        age_before = _AGE_BEFORE.search(text, lo, start) if last in _AGE_LAST else None
        read = _unit_after(text, end, currency, num)
        if ratio is not None:
            kind, unit, value, end = "percent", "percent", ratio[0], ratio[1]
        elif read is not None:
            number_end = end
            kind, unit, end = read
            cents = measures.currency_after(text, number_end) if kind == "money" else None
            if cents is not None and cents[2] != 1.0:
                # "48 cents": a hundredth of the currency
                value *= cents[2]
                low = None if low is None else low * cents[2]
                high = None if high is None else high * cents[2]
        elif magnitude is not None:
            kind, unit, start = "measure", "magnitude", magnitude.start()
        elif age_before is not None:
            kind, unit, start = "age", "year", age_before.start()
        elif currency is not None:
            kind, unit = "money", currency
        elif _is_apposition_age(text, start, end, num) or (
            not num.spelled and "est" in text[lo:start]
            and _SUPERLATIVE_AGE_BEFORE.search(text, lo, start) is not None
        ):
            kind, unit = "age", "year"
        elif second is None and _CAPITAL_NEXT.match(text, end) is not None and \
                _is_year(text, num, lo, start, False):
            # "the 2024 Summer Olympics", "a 2019 Honda Civic": a year naming something
            return Quantity(start, end, "date", None, None, None, "exact", None,
                            f"{int(num.value):04d}")
        else:
            noun = _noun_for(text, end, num, value)
            if noun is not None:
                unit, noun_end = noun
                end = max(end, noun_end)
            elif _is_year(text, num, lo, start, False) and (
                second is None or _is_year(text, second[0], lo, start, False)
            ):
                year = int(num.value)
                iso = f"{year:04d}" if second is None else f"{year:04d}/{int(second[0].value):04d}"
                return Quantity(start, end, "date", None, None, None, "exact", None, iso)
            elif num.article:
                return None  # "a week" alone is a manner of speaking
            elif num.spelled and num.value == 1:
                return None  # a bare "one" is a pronoun ("one of the"), not a figure
            elif num.spelled and _PRONOUN_NUMBER_BEFORE.search(text, lo, start):
                return None
        if num.spelled and num.value == 1 and kind == "count" and \
                last in _PRONOUN_ONE_LAST:
            return None  # "no one came", "the one who"
        if num.spelled and kind == "count" and last in _ANAPHORIC_LAST and num.value <= 10 \
                and currency is None:
            return None  # "the two men", "the two sides": who, not how many
        if num.article and (kind != "duration" or _AGO.match(text, end)):
            return None  # "higher than a year ago": a point in time, not a length
        if num.article and left_qualifier(text, lo, start) is None and \
                _DURATION_PREPOSITION.search(text, lo, start) is None:
            return None  # "once a week": only "for a week", "at least a week" are figures
        if kind == "duration":
            period = _PERIOD_BEFORE.search(text, lo, start) if last in _PERIOD_LAST else None
            if period is not None:
                start = period.start()  # "the past three weeks"

    if kind in ("money", "count", "measure") and unit is not None:
        rate = _RATE.match(text, end)
        if rate is not None:
            end = rate.end()  # "about $1.1 billion a day": the rate belongs to the figure

    # qualifiers around the figure
    if qualifier != "range":
        left = left_qualifier(text, lo, start, duration=kind == "duration") \
            if last in QUALIFIER_LAST_WORDS or text[start - 1:start] in "~<>≤≥≈=" else None
        if left is not None:
            qualifier, start = left
        right = right_qualifier(text, end)
        if right is not None and qualifier in ("exact", "approximately"):
            qualifier, end = right
        if value is not None and num.form != "vague":
            low, high = interval(qualifier, value, kind)
    if kind == "ordinal":
        low = high = value
    return Quantity(start, end, kind, value, low, high, qualifier, unit,
                    vague=num.form == "vague")


def _share_of(text: str, end: int) -> tuple[str, int] | None:
    """"a quarter of a percentage point": the fraction of a unit, not a share."""
    m = _SHARE_OF.match(text, end)
    if m is None:
        return None
    named = m.group("p") or m.group("u")
    unit = "percentage point" if "point" in named.lower() else "percent"
    return unit, m.end()


def _ratio(text: str, end: int, num: Number) -> tuple[float, int] | None:
    """"one in five", "3 out of 4": a share, as a percentage."""
    if num.form != "cardinal" or num.scale != 1.0:
        return None
    m = _RATIO.match(text, end)
    if m is None:
        return None
    whole = parse_number(text, m.end())
    if whole is None or whole.form != "cardinal":
        return None
    if not 0 < num.value < whole.value <= 1000:
        return None
    return num.value / whole.value * 100.0, whole.end


def _is_apposition_age(text: str, start: int, end: int, num: Number) -> bool:
    """"Blinken, 62, said", "the suspect, 34, was": a small whole number set off by commas
    after a word."""
    if num.spelled or num.form != "cardinal" or not 1 <= num.value <= 120:
        return False
    if num.value != int(num.value):
        return False
    return (
        _APPOSITION_BEFORE.search(text, max(0, start - 40), start) is not None
        and _APPOSITION_AFTER.match(text, end) is not None
    )


def _noun_follows(text: str, end: int) -> bool:
    """Whether a content word (not "of", "and"...) follows ``end``."""
    m = _NEXT_LOWER_WORD.match(text, end)
    return m is not None and m.group(1) not in FUNCTION_WORDS


def _range_end(
    text: str, end: int, num: Number, opener: tuple[str, int] | None, currency: str | None
) -> tuple[Number, str | None] | None:
    if num.form != "cardinal":
        return None
    sep = _RANGE_SEP.match(text, end)
    if sep is None:
        return None
    word = sep.group("sep").strip().lower()
    if word == "and" and (opener is None or opener[0] != "between"):
        return None
    if word == "to" and opener is not None and opener[0] == "between":
        return None
    p = sep.end()
    cur2 = measures.currency_before(text, p)
    currency2 = None
    if cur2 is not None:
        currency2, p = cur2
    n2 = parse_number(text, p)
    if n2 is None or n2.form != "cardinal":
        return None
    if word in ("-", "–", "—", "~") and (num.spelled or n2.spelled):
        return None
    if n2.value <= num.value and not (n2.scale > num.scale and num.scale == 1.0):
        return None
    if word == "or" and not num.spelled:
        return None
    return n2, currency or currency2


def _unit_after(
    text: str, end: int, currency: str | None, num: Number
) -> tuple[Kind, str, int] | None:
    """Percent, money, age, duration or physical unit right after the number."""
    if currency is not None:
        return None
    if not measures.may_have_unit(text, end):
        return None  # "34,535 Palestinians": no unit word follows, skip the readers
    read = measures.percent_after(text, end)
    if read is not None:
        return read
    cur = measures.currency_after(text, end)
    if cur is not None:
        return "money", cur[0], cur[1]
    if num.form == "fraction":
        return None
    read = measures.age_after(text, end)
    if read is not None:
        return read
    read = measures.time_after(text, end)
    if read is not None:
        return read
    read = measures.measure_after(text, end)
    if read is not None:
        return read
    read = measures.points_after(text, end)
    if read is not None:
        return read
    return measures.hyphen_noun_after(text, end)


def _noun_for(text: str, end: int, num: Number, value: float) -> tuple[str, int] | None:
    """The counted noun and where the span should end (it may stay at the number)."""
    if num.form == "vague" or num.scale >= 1e6:
        of = _OF_AFTER.match(text, end)
        if of is not None:
            noun = counted_noun(text, of.end(), one=False)
            return noun if noun is not None else None
    noun = counted_noun(text, end, one=(value == 1 and num.form == "cardinal"))
    if noun is not None:
        return noun
    if num.form != "cardinal" or (num.spelled and value == 1):
        return None
    part = _PARTITIVE.match(text, end)
    if part is None:
        return None
    # "69 of 151 seats": one figure; "33 of the hostages": the noun ends the span;
    # "40 of the roughly 130 hostages": the later figure stands alone, 40 takes its noun
    p = part.end()
    determiner = part.group("det") is not None
    later = parse_number(text, p)
    if later is None:
        q = _QUALIFIER_WORDS.match(text, p)
        later = parse_number(text, q.end()) if q is not None else None
    if later is not None:
        noun = counted_noun(text, later.end, one=False)
        if noun is None:
            return None
        return (noun[0], end) if determiner else noun
    noun = counted_noun(text, p - 1, one=False)
    return noun if determiner else None


def _is_year(text: str, num: Number, lo: int, start: int, ranged: bool) -> bool:
    """A bare four-digit number between 1800 and 2100 read as a year."""
    if num.spelled or num.form != "cardinal" or ranged or num.scale != 1.0:
        return False
    digits = text[num.start:num.end]
    if not (len(digits) == 4 and digits.isdigit() and 1800 <= num.value <= 2100):
        return False
    return True if _YEAR_CONTEXT.search(text, lo, start) else num.value >= 1900

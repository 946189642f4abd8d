"""Entry point of extraction: text (+ publication date) -> mentions, in text order.

One compiled master pattern finds the places where a figure may start (a date, a clock
time, a weekday, a currency sign, a digit or a number word) and skips what only looks like
one (web addresses, phone numbers, identifiers such as "F-16" or "COVID-19", page
furniture such as "2 min read" or "Copyright 2024"). Around each anchor, small readers
parse the number, a range, the unit or counted noun and the qualifiers; the sentence and
its attribution are computed once per sentence.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Any, Final

from app.extraction import measures
from app.extraction.attribution import attribution
from app.extraction.dates import (
    DATE_PATTERN,
    TIME_PATTERN,
    WEEKDAY_PATTERN,
    date_from_groups,
    resolve_weekday,
    time_from_groups,
)
from app.extraction.lexicon import (
    FUNCTION_WORDS,
    IDENTIFIER_NOUNS,
    LOWERCASE_LABELS,
    MONTHS,
    ORDINAL_WORDS,
    SCALE_ABBREVIATIONS,
    TENS,
    UNICODE_FRACTIONS,
    UNITS,
    VAGUE,
)
from app.extraction.model import Kind, Mention, Qualifier
from app.extraction.nouns import counted_noun
from app.extraction.numbers import Number, parse_number
from app.extraction.postprocess import (
    Quantity,
    borrow_units,
    continue_lists,
    date_times,
    merge_bounds,
    merge_durations,
    temperature_scale,
)
from app.extraction.qualifiers import (
    QUALIFIER_LAST_WORDS,
    interval,
    left_qualifier,
    range_opener,
    right_qualifier,
)
from app.extraction.sentences import Sentences
from app.extraction.subjects import subject_of

_ANCHOR: Final = 32
_LEFT_WINDOW: Final = 40
_FUTURE_WINDOW: Final = 48

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
_MASTER: Final = re.compile(
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
_DATE_MARKER: Final = re.compile(r"[ \t\r\n\u00a0]*date[^\S\n]+\d{4}-\d{2}-\d{2}")


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
_CANDIDATE: Final = re.compile(
    "\\d+|[$€£¥₪₹₽₩₺©" + "".join(UNICODE_FRACTIONS) + "]|\\b"
    + _trie_pattern(sorted(set(_CANDIDATE_WORDS))) + "\\b"
)
_URLISH: Final = ("://", "www.", "@")
_SIGN_BEFORE: Final = frozenset(" \t\n\u00a0(")
_SIGN: Final = re.compile(r"[-−]|(?i:minus|negative)[^\S\n]+")
# A digit after one of these starts a token of its own: no need to look at the token.
_PLAIN_BEFORE: Final = frozenset(" \n\t\u00a0(\"“")
_ARTICLE_BEFORE: Final = re.compile(r"(?<![\w-])(?:[Aa]n?|A[Nn]?)[^\S\n]+\Z")


def _token_context(text: str, at: int, pos: int) -> tuple[int, int | None]:
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


_RANGE_SEP: Final = re.compile(
    r"(?P<sep>[^\S\n]*[-–—][^\S\n]*|[^\S\n]+(?:to|and|or|through)[^\S\n]+"
    r"|[^\S\n]*~[^\S\n]*)",
    re.IGNORECASE,
)
_DIGIT_RUN: Final = re.compile(r"[\d.,]+")
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
_LABEL_BEFORE: Final = re.compile(
    r"\b([A-Za-z]+)\.?[^\S\n]+(?:\d+[^\S\n]*(?:,|and|or|to|through|-|–)[^\S\n]*)?\Z"
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


class _Context:
    """Per-text state: sentences and attributions are computed once and reused."""

    __slots__ = ("_attributions", "published", "sentences", "text")

    def __init__(self, text: str, published: date | None) -> None:
        self.text = text
        self.published = published
        self.sentences = Sentences(text)
        self._attributions: dict[int, str | None] = {}

    def sentence(self, start: int) -> tuple[int, int]:
        return self.sentences.bounds(start)

    def attribution(self, s_start: int, s_end: int) -> str | None:
        if s_start not in self._attributions:
            self._attributions[s_start] = attribution(self.text[s_start:s_end])
        return self._attributions[s_start]


def extract(
    text: str,
    published: date | None = None,
    *,
    weekdays: bool = True,
    vague: bool = True,
) -> list[Mention]:
    """Return every figure in ``text``, in order of appearance.

    ``published`` resolves dates written without a year and weekday names. ``weekdays``
    keeps a weekday named on its own ("on Wednesday") as a date mention; ``vague`` keeps
    vague amounts ("hundreds of prisoners") as range mentions. Both are on by default;
    the development labels leave both out (see docs/extraction.md).
    """
    ctx = _Context(text, published)
    found_all: list[Quantity] = []
    pos = 0
    prev_end = 0
    marker = _DATE_MARKER.match(text)
    if marker is not None:
        pos = marker.end()  # a leading "date 2024-05-01" line is metadata, not a figure
    for candidate in _CANDIDATE.finditer(text, pos):
        at = candidate.start()
        if at < pos:
            continue
        if at == 0 or text[at - 1] not in _PLAIN_BEFORE or not text[at].isdigit():
            at, skip_to = _token_context(text, at, pos)
            if skip_to is not None:
                pos = skip_to
                continue
        m = _MASTER.match(text, at)
        if m is None and at != candidate.start():
            m = _MASTER.match(text, candidate.start())  # "a second phase": not "a" + scale
        if m is None:
            continue
        group = m.lastgroup
        found: Quantity | None = None
        if group == "skip":
            pos = m.end()
            continue
        if group == "date":
            found = _date(ctx, m)
        elif group == "time":
            found = _time(m)
        elif group == "clock":
            found = _clock_duration(m)
        elif group == "weekday":
            found = _weekday(ctx, m)
        else:
            found = _quantity(ctx, m.start(), prev_end)
        if found is None:
            pos = _skip_token(text, m)
            continue
        found_all.append(found)
        prev_end = found.end
        pos = max(found.end, m.start() + 1)
    found_all = merge_bounds(merge_durations(found_all, text), text)
    if not vague:
        found_all = [q for q in found_all if not q.vague]
    sentence_of = {q.start: ctx.sentence(q.start) for q in found_all}
    continue_lists(found_all, text)
    date_times(found_all, published, sentence_of)
    if not weekdays:
        # kept until now: "1:35 a.m. Thursday" takes its date from the weekday
        found_all = [q for q in found_all if not q.weekday]
    borrow_units(found_all, text, sentence_of)
    temperature_scale(found_all, text, sentence_of)
    return [_mention(ctx, q, sentence_of[q.start]) for q in found_all]


def _skip_token(text: str, m: re.Match[str]) -> int:
    """Past the anchor and the rest of its token, so "192.168" is not read piecewise."""
    end = m.end()
    run = _DIGIT_RUN.match(text, end) if text[end - 1: end].isdigit() else None
    if run is not None:
        end = run.end()
    word = _WORD.match(text, end) if text[end - 1: end].isalnum() else None
    if word is not None:
        end = word.end()
    return max(end, m.start() + 1)


def _mention(ctx: _Context, q: Quantity, bounds: tuple[int, int]) -> Mention:
    text = ctx.text
    s_start, s_end = bounds
    sentence = text[s_start:s_end]
    return Mention(
        start=q.start,
        end=q.end,
        text=text[q.start:q.end],
        sentence=sentence,
        kind=q.kind,
        value=q.value,
        low=q.low,
        high=q.high,
        date=q.date,
        qualifier=q.qualifier,
        unit=q.unit,
        subject=subject_of(text, q.start, q.end, q.kind, q.unit, s_start, s_end),
        attribution=ctx.attribution(s_start, s_end),
        prefix=text[max(0, q.start - _ANCHOR):q.start],
        suffix=text[q.end:q.end + _ANCHOR],
    )


def _date(ctx: _Context, m: re.Match[str]) -> Quantity | None:
    s_start, _ = ctx.sentence(m.start())
    groups = m.groupdict()
    before = ctx.text[max(s_start, m.start() - _FUTURE_WINDOW):m.start()]
    iso = date_from_groups(groups, ctx.published, before)
    if iso is None and not (groups.get("mon") or groups.get("mon2")):
        return None
    return Quantity(m.start(), m.end(), "date", None, None, None, "exact", None, iso)


def _time(m: re.Match[str]) -> Quantity | None:
    iso = time_from_groups(m.groupdict())
    if iso is None:
        return None
    return Quantity(m.start(), m.end(), "time", None, None, None, "exact", None, iso)


def _clock_duration(m: re.Match[str]) -> Quantity:
    """"2:05:41" (a race time): a duration in seconds."""
    hours, minutes, seconds = (int(x) for x in m.group().split(":"))
    total = float(hours * 3600 + minutes * 60 + seconds)
    return Quantity(m.start(), m.end(), "duration", total, total, total, "exact", "second")


def _weekday(ctx: _Context, m: re.Match[str]) -> Quantity | None:
    s_start, _ = ctx.sentence(m.start())
    before = ctx.text[max(s_start, m.start() - _FUTURE_WINDOW):m.start()]
    iso = resolve_weekday(m.group("wd"), ctx.published, before)
    return Quantity(m.start(), m.end(), "date", None, None, None, "exact", None, iso,
                    weekday=True)


def _is_identifier(text: str, start: int, lo: int) -> bool:
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
        and not _sentence_initial(text, m.start(1))
    )


def _sentence_initial(text: str, pos: int) -> bool:
    """Whether ``pos`` starts a sentence, a line or a quote."""
    i = pos
    while i > 0 and text[i - 1] in _BLANKS:
        i -= 1
    return i == 0 or text[i - 1] in ".!?:;\n\"“'‘(—–-"


def _label_gate(text: str, start: int, last: str) -> bool:
    """Cheap test before ``_is_identifier``: the word before (``last``) is a label, a
    conjunction or capitalised."""
    if last in LOWERCASE_LABELS or last in IDENTIFIER_NOUNS or last in _LIST_WORDS:
        return True
    i = start - 1
    while i > 0 and text[i] in _BLANKS:
        i -= 1
    j = i
    while j > 0 and text[j - 1].isalpha():
        j -= 1
    return i < start - 1 and text[j:j + 1].isupper()


def _quantity(ctx: _Context, anchor: int, prev_end: int) -> Quantity | None:
    text = ctx.text
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
    last = _last_word(text, start)
    spelled_first = not text[p:p + 1].isdigit() and text[p:p + 1] != "."
    if not spelled_first and currency is None and _label_gate(text, start, last) and \
            _is_identifier(text, start, lo):
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


_NEXT_LOWER_WORD: Final = re.compile(r"[^\S\n]+([a-z]+)")
_AGO: Final = re.compile(r"[^\S\n]+(?:ago|earlier|later|before|after|from[^\S\n]+now)\b")
# Last words of the left-context phrases: the regexes run only when one of them is there.
_MAGNITUDE_LAST: Final = frozenset({"magnitude", "at", "of", "was", "is"})
_AGE_LAST: Final = frozenset({"aged", "age", "ages", "of", "to", "at"})
_PERIOD_LAST: Final = frozenset(
    {"past", "last", "next", "previous", "coming", "first", "final", "initial"}
)
_BLANKS: Final = " \t\u00a0"
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
_LIST_WORDS: Final = frozenset({"and", "or", "to", "through"})
_PLACED_LAST: Final = frozenset(
    {"finished", "finishes", "finish", "placed", "came", "ranked", "ranks", "ranking", "rank"}
)
_PRONOUN_ONE_LAST: Final = frozenset(
    {"no", "any", "every", "the", "which", "each", "this", "that", "someone", "anyone"}
)


def _last_word(text: str, start: int) -> str:
    """The lower-case word right before ``start`` (blanks between), or ""."""
    i = start
    while i > 0 and text[i - 1] in _BLANKS:
        i -= 1
    if i > 0 and text[i - 1] == ".":
        i -= 1  # "approx. 5", "c. 1900"
    j = i
    while j > 0 and i - j < 24 and text[j - 1].isalpha():
        j -= 1
    return text[j:i].lower()
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
    r"[^\S\n]+of[^\S\n]+an?[^\S\n]+(?P<u>percentage[^\S\n]+point|percent|per[^\S\n]+cent)\b",
    re.IGNORECASE,
)
_RATIO: Final = re.compile(r"[^\S\n]+(?:in|out[^\S\n]+of)[^\S\n]+")
_APPOSITION_BEFORE: Final = re.compile(r"[A-Za-z][\w'’.-]*,[^\S\n]+\Z")
_APPOSITION_AFTER: Final = re.compile(r"[^\S\n]*[,)]")


def _share_of(text: str, end: int) -> tuple[str, int] | None:
    """"a quarter of a percentage point": the fraction of a unit, not a share."""
    m = _SHARE_OF.match(text, end)
    if m is None:
        return None
    unit = "percentage point" if "point" in m.group("u").lower() else "percent"
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

_COMPOUND_BETWEEN: Final = re.compile(r"[^\S\n]+\d[\d,.]*-[A-Za-z]+")


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


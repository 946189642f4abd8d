"""Passes over the figures of one text once they are all read.

- compound durations: "two hours, five minutes and 41 seconds" is one figure;
- two open bounds joined by "and"/"but" are one range: "more than 10 but fewer than 20";
- clock times get the date of their sentence (or of publication): "2024-05-01T08:15";
- a bare count borrows the counted noun of a nearby figure: "some 250 hostages, of which
  129 remain" -> 129 hostages; with death words in the sentence, people;
- an ordinal standing alone takes what it ranks from its sentence: "The trip is Blinken's
  seventh" -> trip.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Final

from app.extraction.model import Kind, Qualifier
from app.extraction.nouns import singular


@dataclass(slots=True)
class Quantity:
    """A figure being built: the fields of a mention before the sentence is attached."""

    start: int
    end: int
    kind: Kind
    value: float | None
    low: float | None
    high: float | None
    qualifier: Qualifier
    unit: str | None
    date: str | None = None
    inferred_unit: bool = False
    weekday: bool = False  # a weekday named on its own
    vague: bool = False  # "hundreds of", "dozens of"


_DURATION_JOINER: Final = re.compile(r"^(?:,[^\S\n]*|[^\S\n]+)(?:and[^\S\n]+)?$")
_BOUND_JOINER: Final = re.compile(r"^,?[^\S\n]+(?:and|but)[^\S\n]+$")
_PARAGRAPH: Final = re.compile(r"\n")
_DEATH: Final = re.compile(
    r"\b(?:killed|killing|dead|deaths?|died|death[ \t]+toll|toll|casualties|injured|injuring"
    r"|wounded|wounding|missing|fatalities|victims|bodies)\b",
    re.IGNORECASE,
)
_BORROW_WINDOW: Final = 400
_NUMBER_OF: Final = re.compile(
    r"\b(?:number|total|tally|count)[^\S\n]+of[^\S\n]+(?:[a-z-]+[^\S\n]+){0,2}?([a-z]{3,}s)\b"
)
# Units written in descending pairs ("2 hours, 5 minutes and 41 seconds", "6 feet 4 inches"):
# unit -> (dimension, size in the dimension's smallest unit)
_UNIT_SIZES: Final = {
    "hour": ("time", 3600.0), "minute": ("time", 60.0), "second": ("time", 1.0),
    "foot": ("length", 12.0), "inch": ("length", 1.0),
    "pound": ("mass", 16.0), "ounce": ("mass", 1.0),
}


def merge_durations(items: list[Quantity], text: str) -> list[Quantity]:
    """Fold "2 hours, 5 minutes and 41 seconds" (or "6 feet 4 inches") into one figure in
    the smallest unit."""
    out: list[Quantity] = []
    for q in items:
        prev = out[-1] if out else None
        big = _UNIT_SIZES.get(prev.unit or "") if prev is not None else None
        small = _UNIT_SIZES.get(q.unit or "")
        if (
            prev is not None
            and big is not None
            and small is not None
            and big[0] == small[0]
            and big[1] > small[1]
            and prev.kind == q.kind
            and prev.qualifier == "exact" == q.qualifier
            and prev.value is not None
            and q.value is not None
            and _DURATION_JOINER.match(text[prev.end:q.start])
        ):
            total = prev.value * big[1] / small[1] + q.value
            out[-1] = Quantity(prev.start, q.end, q.kind, total, total, total, "exact", q.unit)
            continue
        out.append(q)
    return out


def merge_bounds(items: list[Quantity], text: str) -> list[Quantity]:
    """"more than 10 and fewer than 20" -> one range [10, 20]."""
    out: list[Quantity] = []
    for q in items:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == q.kind
            and (prev.unit is None or q.unit is None or prev.unit == q.unit)
            and _BOUND_JOINER.match(text[prev.end:q.start])
        ):
            lower = _lower_bound(prev) if _upper_bound(q) is not None else None
            upper = _upper_bound(q) if lower is not None else None
            if lower is None:
                lower, upper = _lower_bound(q), _upper_bound(prev)
            if lower is not None and upper is not None and lower < upper:
                out[-1] = Quantity(prev.start, q.end, q.kind, (lower + upper) / 2, lower, upper,
                                   "range", prev.unit or q.unit)
                continue
        out.append(q)
    return out


def _lower_bound(q: Quantity) -> float | None:
    return q.value if q.qualifier in ("more_than", "at_least") else None


def _upper_bound(q: Quantity) -> float | None:
    return q.value if q.qualifier in ("less_than", "at_most") else None


def date_times(items: list[Quantity], published: date | None,
               sentence_of: dict[int, tuple[int, int]]) -> None:
    """Give each clock time the date of the nearest full date of its sentence, else the day
    of publication: "1:35 a.m." -> "2024-05-02T01:35"."""
    dates_by_sentence: dict[tuple[int, int], list[tuple[int, str]]] = {}
    for other in items:
        if other.kind == "date" and other.date is not None and len(other.date) == 10:
            dates_by_sentence.setdefault(sentence_of[other.start], []).append(
                (other.start, other.date)
            )
    for q in items:
        if q.kind != "time" or q.date is None or "T" in q.date:
            continue
        near = dates_by_sentence.get(sentence_of[q.start])
        day: str | None = None
        if near:
            day = min(near, key=lambda d: abs(d[0] - q.start))[1]
        elif published is not None:
            day = published.isoformat()
        if day is not None:
            q.date = f"{day}T{q.date}"


_LIST_JOINER: Final = re.compile(
    r"^(?:,[^\S\n]*(?:and[^\S\n]+|or[^\S\n]+)?|[^\S\n]+(?:and|or)[^\S\n]+)$"
)
_LISTED_KINDS: Final = frozenset({"age", "duration", "measure", "percent", "money"})


def continue_lists(items: list[Quantity], text: str) -> None:
    """"aged 4, 7 and 9": bare numbers listed right after a figure share its kind and unit."""
    for i in range(1, len(items)):
        q, prev = items[i], items[i - 1]
        if (
            q.kind == "count" and q.unit is None and prev.kind in _LISTED_KINDS
            and _LIST_JOINER.match(text[prev.end:q.start])
        ):
            q.kind = prev.kind
            q.unit = prev.unit


def borrow_units(items: list[Quantity], text: str,
                 sentence_of: dict[int, tuple[int, int]]) -> None:
    """A bare count ("129 remain", "at least 30") takes a counted noun from its context,
    nearest evidence first: a "number of <nouns>" in its sentence, a count before it in its
    sentence, a count after it in its sentence, "person" when its sentence speaks of deaths
    or injuries, then a count before it in its paragraph."""
    for i, q in enumerate(items):
        if q.kind != "count" or q.unit is not None:
            continue
        s_start, s_end = sentence_of[q.start]
        found = _unit_in_sentence(items, i, text, s_start, s_end)
        if found is None:
            found = _unit_before(items, i, text)
        if found is not None:
            q.unit = found
            q.inferred_unit = True


# "The trip is Blinken's seventh", "Blinken's tour ... was his seventh", "The strike, the
# first at the port": an ordinal standing alone ranks the subject of its sentence.
_COPULA_BEFORE: Final = re.compile(
    r"\b(?:is|was|marks|marked|becomes|became|will[^\S\n]+be|would[^\S\n]+be)[^\S\n]+"
    r"(?:(?:the|his|her|its|their)[^\S\n]+|[\w-]+['’]s[^\S\n]+){1,2}$"
)
_SUBJECT: Final = re.compile(
    r"[^\S\n]*(?:The|This|That|His|Her|Its|Their|[A-Z][\w-]*['’]s)[^\S\n]+"
    r"(?:[a-z-]+[^\S\n]+)?([a-z]{3,})\b(?=[^\S\n]*(?:,|is\b|was\b|marks\b|marked\b"
    r"|began\b|will\b|would\b|became\b|becomes\b))"
)
_APPOSED: Final = re.compile(r",[^\S\n]+the[^\S\n]+$")
# "the first of three days of mourning": ranked among counted things
_OF_COUNTED: Final = re.compile(r"[^\S\n]+of[^\S\n]+(?:the[^\S\n]+)?\S+[^\S\n]+([a-z]{3,}s)\b")


def borrow_ordinal_units(items: list[Quantity], text: str,
                         sentence_of: dict[int, tuple[int, int]]) -> None:
    """An ordinal with no noun after it takes the thing it ranks from its sentence: another
    ordinal's noun before it ("on the ninth floor, not on the eighth"), the noun it is one
    of ("the first of three days"), or the subject it is said of ("The trip is Blinken's
    seventh", "The strike, the first at the port")."""
    for i, q in enumerate(items):
        if q.kind != "ordinal" or q.unit is not None:
            continue
        s_start, _ = sentence_of[q.start]
        unit = next((items[k].unit for k in range(i - 1, -1, -1)
                     if items[k].end > s_start and items[k].kind == "ordinal"
                     and items[k].unit is not None), None)
        if unit is None and (of := _OF_COUNTED.match(text, q.end)) is not None:
            unit = singular(of.group(1))
        if unit is None and (_COPULA_BEFORE.search(text, s_start, q.start)
                             or _APPOSED.search(text, s_start, q.start)):
            subject = _SUBJECT.match(text, s_start)
            if subject is not None and subject.end() <= q.start:
                unit = singular(subject.group(1))
        if unit is not None:
            q.unit = unit
            q.inferred_unit = True


def _counted(q: Quantity) -> bool:
    return q.kind == "count" and q.unit is not None and not q.inferred_unit


def _unit_in_sentence(items: list[Quantity], i: int, text: str, s_start: int,
                      s_end: int) -> str | None:
    q = items[i]
    named = _NUMBER_OF.search(text, s_start, q.start)
    if named is not None:
        return singular(named.group(1))  # "the number of cargo ships ... rose to 34"
    for k in range(i - 1, -1, -1):
        if items[k].end <= s_start:
            break
        if _counted(items[k]):
            return items[k].unit  # "some 250 hostages, of which 129 remain"
    for k in range(i + 1, len(items)):
        if items[k].start >= s_end:
            break
        if _counted(items[k]):
            return items[k].unit
    if _DEATH.search(text, s_start, s_end):
        return "person"  # "the death toll rose to 34,535"
    return None


def _unit_before(items: list[Quantity], i: int, text: str) -> str | None:
    q = items[i]
    for k in range(i - 1, -1, -1):
        prev = items[k]
        if q.start - prev.end > _BORROW_WINDOW or _PARAGRAPH.search(text, prev.end, q.start):
            return None
        if _counted(prev):
            return prev.unit
    return None


_FAHRENHEIT_TEXT: Final = re.compile(
    r"°F|\bFahrenheit\b|\bmph\b|\bmiles?\b|\bfeet\b|\binch(?:es)?\b|\bacres?\b"
)
_CELSIUS_TEXT: Final = re.compile(
    r"°C|\bCelsius\b|\bkm/h\b|\bkilomet|\bmetres?\b|\bmeters?\b|\bhectares?\b"
)
_SCALE_WINDOW: Final = 1000
_ANGLE_WORDS: Final = re.compile(r"angle|turn|rotat|tilt|latitude|longitude|\barc\b", re.I)


def temperature_scale(items: list[Quantity], text: str,
                      sentence_of: dict[int, tuple[int, int]]) -> None:
    """"52 degrees" says no scale: take the one the article uses elsewhere (an explicit
    Fahrenheit/Celsius, or US customary vs metric units), unless it is an angle."""
    for q in items:
        if q.kind != "measure" or q.unit != "degree":
            continue
        s_start, s_end = sentence_of[q.start]
        if _ANGLE_WORDS.search(text, s_start, s_end):
            continue
        # the article around the figure (texts may hold many articles)
        lo, hi = max(0, q.start - _SCALE_WINDOW), q.end + _SCALE_WINDOW
        fahrenheit = len(_FAHRENHEIT_TEXT.findall(text, lo, hi))
        celsius = len(_CELSIUS_TEXT.findall(text, lo, hi))
        if fahrenheit > celsius:
            q.unit = "fahrenheit"
        elif celsius:
            q.unit = "celsius"

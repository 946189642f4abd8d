"""Deterministic synthetic news: many events, several outlets each, figures worded variously.

    .venv/bin/python bench/synth.py --articles 10000 -o /tmp/ft/articles-10k.jsonl

Writes JSONL ingest records ``{"text", "title", "source", "url", "published_at"}``.

The stream is generated day by day at a constant rate (``--per-day`` articles a day, by
default 60: about a dozen events, each reported by 3 to 8 of 40 outlets within three days).
So a larger set covers a longer period at the same density, as a tracker running for longer
would, and the first N articles of any larger set are exactly the N-article set (same seed):
``--articles 1000`` is a prefix of ``--articles 100000``.

Each event has 3 to 6 facts (a death toll, injured, displaced people, homes destroyed, a
duration, damage in dollars, a percentage, a start date). Each outlet words each figure its own
way ("at least 41 people were killed", "the death toll rose to 43", "some 40 homes",
"between two and three days", "forty-one", "Oct. 7"); about one report in six disagrees
(an updated toll, a different estimate, a slip), as real coverage does. Sentences without
figures, bylines and datelines pad each article to a realistic 150-350 words.

Nothing here is copied from a real article: templates and names are made up.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

DEFAULT_SEED = 20241
DEFAULT_PER_DAY = 60
START = date(2020, 1, 1)

_OUTLET_FIRST = (
    "Northern", "Harbor", "Capital", "Meridian", "Coastal", "Valley", "Evening", "Morning",
    "Pacific", "Atlantic", "Granite", "Union", "Liberty", "Central", "Frontier", "Summit",
    "Lakeside", "Prairie", "Metro", "Island",
)
_OUTLET_SECOND = ("Tribune", "Ledger", "Wire", "Courier", "Herald", "Observer", "Dispatch",
                  "Chronicle", "Gazette", "Post")
_SYLLABLES = ("ka", "lo", "mar", "ven", "tis", "ro", "bel", "dan", "qua", "zor", "ni", "sa",
              "tor", "mi", "lek", "ar", "do", "pre", "hal", "um", "vi", "cor", "esh", "ta")
_PLACE_SUFFIX = ("", "", "", " Bay", " Heights", " Valley", " Springs", " Port", "ford", "ton")
_REGIONS = ("province", "district", "region", "county", "state")
_FIRST = ("Amira", "Jonas", "Priya", "Tomas", "Lena", "Omar", "Keiko", "Rafael", "Nadia",
          "Elliot", "Sofia", "Malik", "Ingrid", "Dev", "Ada", "Yusuf", "Marta", "Kofi")
_LAST = ("Haddad", "Fischer", "Okafor", "Lindqvist", "Moreau", "Tanaka", "Alvarez", "Novak",
         "Brennan", "Castillo", "Mensah", "Petrov", "Quinn", "Sato", "Varga", "Whitlock")
_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
                 "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
                 "sixteen", "seventeen", "eighteen", "nineteen")
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_MONTH_ABBR = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.",
               "Oct.", "Nov.", "Dec.")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Event types: a noun for titles, what happened, and which facts they carry.
_EVENTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("earthquake", "A powerful earthquake struck", ("killed", "injured", "homes", "displaced",
                                                     "damage", "start")),
    ("flood", "Flash floods swept through", ("killed", "displaced", "homes", "duration",
                                             "damage", "percent")),
    ("storm", "A severe storm battered", ("killed", "injured", "homes", "outage", "damage")),
    ("fire", "A wildfire tore through", ("killed", "homes", "area", "duration", "displaced")),
    ("attack", "Gunmen attacked a market in", ("killed", "injured", "hostages", "start")),
    ("collapse", "A residential building collapsed in", ("killed", "injured", "rescued",
                                                          "duration")),
    ("strike", "Workers walked out across", ("strikers", "duration", "percent", "damage")),
    ("crash", "A passenger train derailed near", ("killed", "injured", "passengers", "start")),
    ("protest", "Thousands marched through", ("protesters", "arrested", "injured", "duration")),
    ("outbreak", "A cholera outbreak spread in", ("cases", "killed", "percent", "start")),
)

_SAID = ("officials said", "the interior ministry said", "local authorities said",
         "the regional governor told reporters", "rescue workers said",
         "according to the civil defence agency", "a police spokesperson said",
         "according to the health ministry", "the Red Crescent said", "aid groups said")


@dataclass(frozen=True, slots=True)
class Event:
    index: int
    day: date
    kind: str
    lead: str
    place: str
    region: str
    facts: dict[str, float]
    official: str


@dataclass(frozen=True, slots=True)
class Outlet:
    name: str
    domain: str


def outlets() -> list[Outlet]:
    """Forty outlets, always the same."""
    rng = random.Random(7)
    names: list[str] = []
    while len(names) < 40:
        name = f"The {rng.choice(_OUTLET_FIRST)} {rng.choice(_OUTLET_SECOND)}"
        if name not in names:
            names.append(name)
    return [
        Outlet(name, name.removeprefix("The ").lower().replace(" ", "") + ".example")
        for name in names
    ]


def places(rng: random.Random, count: int = 3000) -> list[str]:
    found: list[str] = []
    seen: set[str] = set()
    while len(found) < count:
        stem = "".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((2, 2, 3))))
        name = stem.capitalize() + rng.choice(_PLACE_SUFFIX)
        if name not in seen:
            seen.add(name)
            found.append(name)
    return found


# ----------------------------------------------------------------------------- wording


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def words_for(n: int) -> str:
    """Number words below 100 ("forty-one")."""
    if n < 20:
        return _NUMBER_WORDS[n]
    tens, unit = divmod(n, 10)
    return _TENS[tens] + (f"-{_NUMBER_WORDS[unit]}" if unit else "")


def figure(rng: random.Random, n: int) -> str:
    """A count as a reporter might write it: digits, commas, words, millions."""
    if n < 10 and rng.random() < 0.8:
        return words_for(n)
    if n < 100 and rng.random() < 0.15:
        return words_for(n)
    if n >= 1_000_000 and n % 100_000 == 0:
        return f"{n / 1_000_000:g} million"
    return f"{n:,}"


def rounded(n: int) -> int:
    if n < 20:
        return n
    step = 10 if n < 200 else 50 if n < 1000 else 100 if n < 10_000 else 1000
    return max(step, round(n / step) * step)


def qualified(rng: random.Random, n: int) -> tuple[str, int]:
    """A qualifier phrase for a count, and the number it states."""
    choice = rng.random()
    if choice < 0.35:
        return "", n
    if choice < 0.55:
        return "at least ", n
    if choice < 0.7:
        return "more than ", rounded(n) if rounded(n) < n else max(1, n - 1)
    if choice < 0.85:
        return rng.choice(("some ", "about ", "roughly ", "around ")), rounded(n)
    return "nearly ", rounded(n) if rounded(n) > n else n + 1


def reported(rng: random.Random, true: float) -> tuple[float, bool]:
    """The figure an outlet has: mostly the true one, sometimes not."""
    roll = rng.random()
    if roll < 0.08:
        return true * rng.uniform(1.05, 1.25), True  # a later, higher toll
    if roll < 0.13:
        return true * rng.uniform(0.5, 0.8), True  # an early or partial figure
    if roll < 0.16:
        return true * rng.uniform(1.6, 2.4), True  # a different estimate altogether
    return true, False


def date_words(rng: random.Random, day: date, published: date) -> str:
    roll = rng.random()
    if roll < 0.4 and 0 <= (published - day).days < 6:
        return f"on {_WEEKDAYS[day.weekday()]}"
    if roll < 0.8:
        return f"on {_MONTH_ABBR[day.month - 1]} {day.day}"
    return f"on {day.strftime('%B')} {day.day}, {day.year}"


def fact_sentence(
    rng: random.Random, event: Event, fact: str, value: float, published: date
) -> str:
    """One sentence stating one fact, worded one of several ways."""
    n = max(1, round(value))
    q, shown = qualified(rng, n)
    num = figure(rng, shown)
    said = rng.choice(_SAID)
    place = event.place
    if fact == "killed":
        options = (
            f"{q}{num} people were killed in {place}, {said}.",
            f"The death toll rose to {q}{num}, {said}.",
            f"{_cap(said)} that {q}{num} people had died.",
            f"At least {num} people died and dozens more were missing, {said}.",
            f"The {event.kind} killed {q}{num} people in and around {place}.",
        )
    elif fact == "injured":
        options = (
            f"{q}{num} people were injured, {said}.",
            f"Hospitals in {place} treated {q}{num} wounded.",
            f"{_cap(said)} {q}{num} others were hurt.",
        )
    elif fact == "displaced":
        options = (
            f"{q}{num} residents were forced from their homes, {said}.",
            f"The {event.kind} displaced {q}{num} people across the {event.region}.",
            f"Aid agencies said {q}{num} people were sheltering in schools and tents.",
        )
    elif fact == "homes":
        options = (
            f"{q}{num} homes were destroyed, {said}.",
            f"The {event.kind} damaged or destroyed {q}{num} houses in {place}.",
            f"Satellite images showed {q}{num} buildings flattened.",
        )
    elif fact == "hostages":
        options = (
            f"The attackers took {q}{num} hostages, {said}.",
            f"{q}{num} people were taken hostage during the assault.",
        )
    elif fact == "rescued":
        options = (
            f"Rescuers pulled {q}{num} survivors from the rubble.",
            f"{q}{num} people were rescued alive, {said}.",
        )
    elif fact == "passengers":
        options = (
            f"The train was carrying {q}{num} passengers, {said}.",
            f"{q}{num} passengers were on board.",
        )
    elif fact == "strikers":
        options = (
            f"{q}{num} workers joined the strike, union leaders said.",
            f"The walkout involved {q}{num} employees at dozens of sites.",
        )
    elif fact == "protesters":
        options = (
            f"Organisers said {q}{num} people took part in the march.",
            f"Police estimated the crowd at {q}{num} protesters.",
        )
    elif fact == "arrested":
        options = (
            f"Police arrested {q}{num} people, {said}.",
            f"{q}{num} demonstrators were detained.",
        )
    elif fact == "cases":
        options = (
            f"Health workers have recorded {q}{num} cases, {said}.",
            f"The outbreak has infected {q}{num} people so far.",
        )
    elif fact == "outage":
        options = (
            f"{q}{num} households lost power, the utility said.",
            f"Power was cut to {q}{num} homes across the {event.region}.",
        )
    elif fact == "area":
        km = max(1, round(value))
        return rng.choice((
            f"The fire has burned about {km:,} square kilometres, {said}.",
            f"Flames have scorched {km:,} square kilometres of forest.",
        ))
    elif fact == "duration":
        hours = value
        roll = rng.random()
        if hours >= 48 and roll < 0.4:
            low = int(hours // 24)
            between = f"between {words_for(low)} and {words_for(low + 1)}"
            return f"The {event.kind} lasted {between} days."
        if hours >= 24 and roll < 0.7:
            return f"The ordeal lasted {words_for(max(1, round(hours / 24)))} days, {said}."
        if roll < 0.85:
            return f"It went on for {q}{round(hours)} hours, {said}."
        return f"It lasted more than {words_for(max(1, int(hours // 24)))} days."
    elif fact == "damage":
        millions = value
        if millions >= 1000:
            shown_b = f"{millions / 1000:.1f}".rstrip("0").rstrip(".")
            amount = f"${shown_b} billion"
        else:
            amount = f"${round(millions)} million"
        return rng.choice((
            f"Damage was estimated at {amount}, {said}.",
            f"Insurers put losses at about {amount}.",
            f"The government set aside {amount} for reconstruction.",
        ))
    elif fact == "percent":
        pct = max(1, min(99, round(value)))
        return rng.choice((
            f"About {pct}% of the {event.region}'s residents were affected, {said}.",
            f"Nearly {pct} percent of the area's schools closed.",
            f"{pct}% of crops in the {event.region} were lost.",
        ))
    elif fact == "start":
        return rng.choice((
            f"It began {date_words(rng, event.day, published)}, {said}.",
            f"The first reports came in {date_words(rng, event.day, published)}.",
        ))
    else:  # pragma: no cover - all facts are listed above
        raise ValueError(fact)
    sentence = rng.choice(options)
    return sentence[0].upper() + sentence[1:]


_FILLER = (
    "Residents described scenes of confusion as emergency crews arrived.",
    "The government promised a full inquiry into the response.",
    "Neighbouring countries offered assistance and sent specialised teams.",
    "Roads into the area remained closed on {weekday}, complicating relief efforts.",
    "Opposition lawmakers criticised the pace of the response.",
    "Weather forecasters warned conditions could worsen later in the week.",
    "Schools in the {region} were expected to stay closed until further notice.",
    "Volunteers distributed food and water at makeshift centres.",
    "It was not immediately clear what caused the {kind}.",
    "The mayor of {place} called for calm and urged people to follow official advice.",
    "Images shared online showed damaged vehicles and debris in the streets.",
    "Investigators were expected to publish preliminary findings within weeks.",
)


def make_event(rng: random.Random, index: int, day: date, place_pool: list[str]) -> Event:
    kind, lead, facts = rng.choice(_EVENTS)
    chosen = [f for f in facts if rng.random() < 0.75] or list(facts[:2])
    scale = rng.lognormvariate(0, 1.2)
    base = {
        "killed": 12 * scale,
        "injured": 40 * scale,
        "displaced": 3000 * scale,
        "homes": 250 * scale,
        "hostages": 8 * scale,
        "rescued": 15 * scale,
        "passengers": rng.uniform(120, 600),
        "strikers": 20000 * scale,
        "protesters": 8000 * scale,
        "arrested": 30 * scale,
        "cases": 400 * scale,
        "outage": 60000 * scale,
        "area": 150 * scale,
        "duration": rng.choice((3.0, 6.0, 14.0, 30.0, 52.0, 80.0, 120.0)),
        "damage": 40 * scale,
        "percent": rng.uniform(5, 80),
        "start": 0.0,
    }
    values = {f: max(1.0, base[f]) for f in chosen}
    return Event(
        index=index,
        day=day,
        kind=kind,
        lead=lead,
        place=rng.choice(place_pool),
        region=rng.choice(_REGIONS),
        facts=values,
        official=f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
    )


def article_for(
    rng: random.Random, event: Event, outlet: Outlet, serial: int, anchored: float = 0.0
) -> dict[str, str]:
    published_day = event.day + timedelta(days=rng.choice((0, 0, 0, 1, 1, 2, 3)))
    published = datetime(
        published_day.year, published_day.month, published_day.day,
        rng.randrange(5, 23), rng.randrange(60), tzinfo=UTC,
    )
    when = date_words(rng, event.day, published_day)
    fill = {
        "weekday": _WEEKDAYS[published_day.weekday()],
        "region": event.region,
        "kind": event.kind,
        "place": event.place,
    }
    paragraphs = [
        f"{event.place.upper()} ({outlet.name.removeprefix('The ')}) — {event.lead} "
        f"{event.place} {when}, {rng.choice(_SAID)}."
    ]
    facts = list(event.facts.items())
    rng.shuffle(facts)
    body: list[str] = []
    for fact, true in facts:
        if rng.random() < 0.2:
            continue  # not every outlet reports every figure
        value, _ = reported(rng, true) if fact not in ("start", "passengers") else (true, False)
        sentence = fact_sentence(rng, event, fact, value, published_day)
        if anchored and event.place not in sentence and rng.random() < anchored:
            sentence = f"In {event.place}, {sentence[:1].lower()}{sentence[1:]}"
        body.append(sentence)
    fillers = rng.sample(_FILLER, rng.randrange(3, 7))
    for sentence in fillers:
        body.insert(rng.randrange(len(body) + 1), sentence.format(**fill))
    quote = (
        f"\"We are doing everything we can,\" said {event.official}, who leads the "
        f"emergency response in the {event.region}."
    )
    body.insert(rng.randrange(len(body) + 1), quote)
    # Two or three sentences a paragraph.
    while body:
        take = rng.choice((2, 2, 3))
        paragraphs.append(" ".join(body[:take]))
        body = body[take:]
    byline = f"By {rng.choice(_FIRST)} {rng.choice(_LAST)}"
    title = rng.choice((
        f"{event.kind.capitalize()} in {event.place} leaves trail of destruction",
        f"{event.place}: what we know about the {event.kind}",
        f"Rescuers race against time after {event.kind} in {event.place}",
        f"{event.kind.capitalize()} hits {event.place} {event.region}",
    ))
    text = f"{title}\n\n{byline} | {outlet.name}\n\n" + "\n\n".join(paragraphs)
    slug = f"{event.kind}-{event.place.lower().replace(' ', '-')}"
    return {
        "text": text,
        "title": title,
        "source": outlet.name,
        "url": f"https://{outlet.domain}/{published_day:%Y/%m/%d}/{slug}-e{event.index}-{serial}",
        "published_at": published.isoformat(),
    }


def generate(
    count: int, *, seed: int = DEFAULT_SEED, per_day: int = DEFAULT_PER_DAY, anchored: float = 0.0
) -> Iterator[dict[str, str]]:
    """``count`` article records, in a fixed order; a prefix of any longer run.

    ``anchored``: the share of figure sentences that name the event's place ("In Vitalek,
    ..."); 0 keeps the sentences as worded, many of which name no place at all.
    """
    rng = random.Random(seed)
    place_pool = places(random.Random(seed + 1))
    pool = outlets()
    produced = 0
    day = START
    event_index = 0
    while produced < count:
        today = 0
        while today < per_day and produced < count:
            event = make_event(rng, event_index, day, place_pool)
            event_index += 1
            for outlet in rng.sample(pool, rng.randrange(3, 9)):
                if produced >= count:
                    break
                yield article_for(rng, event, outlet, produced, anchored)
                produced += 1
                today += 1
        day += timedelta(days=1)


def write(path: Path, count: int, *, seed: int = DEFAULT_SEED, per_day: int = DEFAULT_PER_DAY,
          start: int = 0, anchored: float = 0.0) -> int:
    """Write records ``start`` to ``count`` - 1 as JSONL; return how many were written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    records = generate(count, seed=seed, per_day=per_day, anchored=anchored)
    with path.open("w", encoding="utf-8") as handle:
        for index, record in enumerate(records):
            if index < start:
                continue
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--start", type=int, default=0, help="skip the first N records")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--per-day", type=int, default=DEFAULT_PER_DAY)
    parser.add_argument("--anchored", type=float, default=0.0,
                        help="share of figure sentences that name the place (0-1)")
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    n = write(args.output, args.articles, seed=args.seed, per_day=args.per_day, start=args.start,
              anchored=args.anchored)
    print(f"wrote {n} articles to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

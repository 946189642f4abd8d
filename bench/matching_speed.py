"""Matching speed as the store grows: one article against 1k, 10k and 100k claims.

    .venv/bin/python bench/matching_speed.py [--sizes 1000,10000,100000] [--articles 30]

Synthesises stored claims (random kinds, units, values, sentences, dates) arriving at a
steady 200 claims a day (so 100k claims span 500 days), indexes them
by ``blocking_keys`` in a dict (key -> claim ids, as the database index would), then
times matching articles of ~20 mentions: candidate lookup plus ``assign``. "cold" clears
the feature cache first (a fresh app server), "warm" does not. Prints figures only.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.extraction.model import Kind, Mention, Qualifier  # noqa: E402
from app.matching import ClaimRecord, MentionRecord, assign  # noqa: E402
from app.matching.match import _default_keys, blocking_keys  # noqa: E402
from app.matching.similarity import _default_features  # noqa: E402

KINDS: list[tuple[Kind, list[str]]] = [
    ("count", ["person", "hostage", "home", "ship", "vehicle", "seat", "tree", "school",
               "truck", "soldier", "child", "worker", "voter", "tent", "well"]),
    ("duration", ["minute", "hour", "day", "week", "month", "year"]),
    ("measure", ["km", "mile", "acre", "hectare", "kg", "tonne", "magnitude", "litre"]),
    ("percent", ["percent"]),
    ("money", ["usd", "eur", "gbp"]),
    ("age", ["year"]),
    ("ordinal", ["trip", "round", "phase", "day"]),
    ("date", [""]),
]
VERBS = ["killed", "injured", "freed", "held", "displaced", "destroyed", "counted",
         "reported", "lasted", "burned", "raised", "cost", "won", "started", "met",
         "evacuated", "arrested", "missing", "damaged", "delivered"]
QUALIFIERS: list[Qualifier] = ["exact", "exact", "exact", "approximately", "more_than",
                               "at_least", "nearly"]
PLACES = [f"Place{i}" for i in range(2000)]
START = datetime(2023, 1, 1)


def synth_mention(
    rnd: random.Random, days: int = 730, end: datetime = START + timedelta(days=730)
) -> tuple[Mention, datetime, frozenset[str]]:
    kind, units = rnd.choice(KINDS)
    unit = rnd.choice(units) or None
    value = float(round(10 ** rnd.uniform(0, 6.5)))
    q: Qualifier = rnd.choice(QUALIFIERS)
    place = rnd.choice(PLACES)
    figure = f"{value:,.0f}"
    date = None
    if kind == "date":
        day = START + timedelta(days=rnd.randrange(730))
        date, figure, value, q = day.date().isoformat(), day.strftime("%B %d"), 0.0, "exact"
    elif kind == "ordinal":
        value = float(rnd.randrange(1, 12))
        figure = f"{int(value)}th"
    verb = rnd.choice(VERBS)
    sentence = f"Officials in {place} said {figure} {unit or ''} were {verb} on Monday."
    start = sentence.index(figure)
    low, high = value, value
    if q in ("more_than", "at_least"):
        high = None  # type: ignore[assignment]
    elif q == "nearly":
        low = 0.9 * value
    elif q == "approximately":
        low, high = 0.95 * value, 1.05 * value
    published = end - timedelta(days=rnd.uniform(0, days))
    # names, and story words as ``article_topic`` marks them ("~official", "~!kill")
    topic = frozenset({place.lower(), rnd.choice(PLACES).lower(), "~official",
                       rnd.choice(("~!kill", "~!rise", "~!meet"))})
    return (
        Mention(start, start + len(figure), figure, sentence, kind,
                None if kind == "date" else value, low, high, date, q, unit, None, None,
                sentence[:start][-32:], sentence[start + len(figure):][:32]),
        published,
        topic,
    )


class Store:
    def __init__(self) -> None:
        self.claims: dict[int, ClaimRecord] = {}
        self.index: dict[str, set[int]] = defaultdict(set)


# News arrives at a steady rate: a bigger store covers a longer past, not a denser one.
CLAIMS_PER_DAY = 200
NOW = datetime(2026, 1, 1)


def build(size: int, rnd: random.Random) -> Store:
    store = Store()
    mid = 0
    for cid in range(1, size + 1):
        members = []
        for _ in range(rnd.choice((1, 1, 2, 3))):
            mid += 1
            m, published, topic = synth_mention(rnd, max(1, size // CLAIMS_PER_DAY), NOW)
            members.append(MentionRecord(mid, mid, f"Outlet{mid % 40}", published, m, topic))
            for key in blocking_keys(m, published=published):
                store.index[key].add(cid)
        store.claims[cid] = ClaimRecord(cid, tuple(members))
    return store


def match_article(store: Store, article: list[MentionRecord]) -> int:
    keys: set[str] = set()
    for r in article:
        keys |= blocking_keys(r.mention, published=r.published)
    ids = sorted({c for k in keys for c in store.index.get(k, ())})
    assign(article, [store.claims[i] for i in ids])
    return len(ids)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--articles", type=int, default=30)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rnd = random.Random(20240501)
    articles = []
    for a in range(args.articles):
        recs = []
        for i in range(20):
            m, published, topic = synth_mention(rnd, 2, NOW)
            recs.append(MentionRecord(10**9 + a * 100 + i, 10**8 + a, "New Outlet",
                                      published, m, topic))
        articles.append(recs)
    base: dict[str, float] = {}
    print(f"{'claims':>8} {'cold ms/article':>16} {'warm ms/article':>16} "
          f"{'candidates':>11} {'ratio to first':>15}")
    for size in sizes:
        started = time.perf_counter()
        store = build(size, random.Random(size))
        built = time.perf_counter() - started
        # The store stands in for the database: keep its objects out of the collector's
        # full scans, which would otherwise grow with the heap, not with the work.
        gc.collect()
        gc.freeze()
        timings: dict[str, list[float]] = {"cold": [], "warm": []}
        candidates = []
        for mode in ("cold", "warm"):
            for article in articles:
                if mode == "cold":
                    _default_features.cache_clear()
                    _default_keys.cache_clear()
                gc.collect()  # collect the previous article's garbage outside the timing
                t = time.perf_counter()
                n = match_article(store, article)
                timings[mode].append(1000 * (time.perf_counter() - t))
                candidates.append(n)
        cold = statistics.median(timings["cold"])
        warm = statistics.median(timings["warm"])
        base.setdefault("cold", cold)
        print(f"{size:>8} {cold:>16.2f} {warm:>16.2f} {statistics.mean(candidates):>11.1f}"
              f" {cold / base['cold']:>14.2f}x   (store built in {built:.1f}s,"
              f" {len(store.index)} keys)")
    print("target: < 50 ms per article at 100k claims, flat ratio")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

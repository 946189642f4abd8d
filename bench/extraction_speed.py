"""Extraction speed: MB/s of ``extract()`` on one core, against quantulum3 on the same text.

Usage: .venv/bin/python bench/extraction_speed.py [--mb 2.0] [--quantulum-kb 100]

Times are CPU seconds of this process (``time.process_time``), so that other work on a
shared machine does not count. Builds at least ``--mb`` MB of news text from the demo
corpus, the dev articles and the seed articles, each copy with its numbers changed (so no
cache can help), times
``extract()`` over it, times quantulum3's ``parser.parse`` on a ~100 KB slice of the same
text (it is slow) and scales, and measures import + first call in a fresh interpreter.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.extraction import extract  # noqa: E402

DEMO = ROOT / "app" / "samples" / "demo"
DEV = ROOT / "bench" / "data" / "dev" / "articles.jsonl"
SEEDS = ROOT.parent / "shared" / "seeds"
_DIGITS = re.compile(r"\d+")
_TAGS = re.compile(r"<[^>]+>")


def corpus_texts() -> list[str]:
    """Every article text we have at hand."""
    texts: list[str] = []
    for path in sorted(DEMO.glob("*")) if DEMO.exists() else []:
        raw = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".jsonl":
            texts.extend(str(json.loads(line)["text"]) for line in raw.splitlines()
                         if line.strip())
        elif path.suffix in (".html", ".htm"):
            texts.append(_TAGS.sub(" ", raw))
        else:
            texts.append(raw)
    if DEV.exists():
        texts.extend(str(json.loads(line)["text"])
                     for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip())
    if SEEDS.exists():
        texts.extend(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    if not texts:
        sys.exit("no corpus found (app/samples/demo, bench/data/dev, ../shared/seeds)")
    return texts


def build(megabytes: float, seed: int = 7) -> str:
    """Concatenate copies of the corpus with every number replaced by a random one."""
    rng = random.Random(seed)
    texts = corpus_texts()
    target = int(megabytes * 1_000_000)
    parts: list[str] = []
    size = 0
    while size < target:
        for text in texts:
            varied = _DIGITS.sub(lambda m: str(rng.randint(1, 10 ** len(m.group()) - 1)), text)
            parts.append(varied)
            size += len(varied.encode("utf-8"))
    return "\n\n".join(parts)


# CPU time of this process: the machine may be shared, and one process uses one core.
_clock = time.process_time


def time_extract(text: str) -> tuple[float, int]:
    start = _clock()
    count = len(extract(text, date(2024, 5, 1)))
    return _clock() - start, count


def time_quantulum(text: str) -> float | None:
    try:
        from quantulum3 import parser
    except ImportError:
        return None
    # quantulum3 is meant for sentences; feed it paragraph by paragraph as a caller would
    paragraphs = [p for p in text.split("\n") if p.strip()]
    start = _clock()
    for paragraph in paragraphs:
        parser.parse(paragraph)
    return _clock() - start


def cold_start() -> tuple[float, float]:
    """(wall, CPU) seconds of import + first call in a fresh interpreter."""
    code = (
        "import time; t=time.perf_counter(); c=time.process_time(); "
        "from app.extraction import extract; "
        "extract('Some 250 hostages were taken on Oct. 7, more than 34,535 people.'); "
        "print(time.perf_counter()-t, time.process_time()-c)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    wall, cpu = out.stdout.split()
    return float(wall), float(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=2.0)
    parser.add_argument("--quantulum-kb", type=float, default=100.0)
    args = parser.parse_args()

    text = build(args.mb)
    mb = len(text.encode("utf-8")) / 1_000_000
    extract(text[:20_000])  # warm up
    seconds, count = min((time_extract(text) for _ in range(3)), key=lambda t: t[0])
    ours = mb / seconds
    print(f"corpus: {mb:.2f} MB, {count} mentions")
    print(f"extract(): {seconds:.2f} s CPU -> {ours:.2f} MB/s (best of 3, one core)")

    sample = text[: int(args.quantulum_kb * 1000)]
    sample_mb = len(sample.encode("utf-8")) / 1_000_000
    q_seconds = time_quantulum(sample)
    if q_seconds is None:
        print("quantulum3: not installed (pip install quantulum3) - no comparison")
    else:
        theirs = sample_mb / q_seconds
        ours_sample = sample_mb / time_extract(sample)[0]
        print(f"quantulum3: {q_seconds:.2f} s on {sample_mb * 1000:.0f} KB -> {theirs:.4f} MB/s")
        print(f"extract() on the same slice: {ours_sample:.2f} MB/s")
        print(f"ratio: {ours / theirs:.0f}x quantulum3 (our 2 MB speed), "
              f"{ours_sample / theirs:.0f}x on the same slice")
    colds = sorted(cold_start() for _ in range(5))
    wall, cpu = colds[2]
    print(f"import + first call (fresh interpreter, median of 5): {wall * 1000:.0f} ms wall, "
          f"{cpu * 1000:.0f} ms CPU")


if __name__ == "__main__":
    main()

"""Agreement of a claim's sources under interval semantics.

Each mention is an interval in one base unit (open or closed ends from the qualifier,
rounding tolerance for round figures). A claim is consistent when one value lies in
every interval. When none does, the value that satisfies the most sources shows who
disagrees, and a disagreement that follows publication time is flagged as an update.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import pairwise

from app.extraction.model import Kind
from app.matching.display import interval_text, number, with_unit
from app.matching.intervals import Interval, interval, representative
from app.matching.label import claim_label
from app.matching.model import Agreement, ClaimSummary, MentionRecord, SourceFigure, Status
from app.matching.units import to_base

# Kinds whose figure can legitimately move between reports (a toll, a budget, a share).
EVOLVING_KINDS = frozenset({"count", "money", "percent", "measure"})


@dataclass(frozen=True, slots=True)
class _Figure:
    record: MentionRecord
    span: Interval
    value: float


def claim_unit(members: Sequence[MentionRecord]) -> str | None:
    """The unit most members use (ties: alphabetical), in which figures are shown."""
    units = Counter(m.mention.unit for m in members)
    return min(units, key=lambda u: (-units[u], u or ""))


def claim_kind(members: Sequence[MentionRecord]) -> Kind:
    """The kind most members have (ties: alphabetical)."""
    kinds = Counter(m.mention.kind for m in members)
    return min(kinds, key=lambda k: (-kinds[k], k))


def _figures(members: Sequence[MentionRecord]) -> list[_Figure]:
    out = []
    for m in sorted(members, key=lambda r: r.id):
        span, value = interval(m.mention), representative(m.mention)
        if span is not None and value is not None:
            out.append(_Figure(m, span, value))
    return out


def _common(spans: Sequence[Interval]) -> Interval | None:
    common: Interval | None = Interval(None, None)
    for span in spans:
        common = None if common is None else common.intersect(span)
    return common


def _probe_points(figs: Sequence[_Figure]) -> list[float]:
    """Values worth trying as the best common value: ends, midpoints, beyond the ends."""
    ends = sorted(
        {e for f in figs for e in (f.span.low, f.span.high) if e is not None}
        | {f.value for f in figs}
    )
    points = list(ends)
    points += [(a + b) / 2 for a, b in pairwise(ends)]
    if ends:
        points += [ends[0] - 1 - abs(ends[0]), ends[-1] + 1 + abs(ends[-1])]
    return sorted(set(points))


def _best_value(figs: Sequence[_Figure]) -> float | None:
    """The value satisfying the most sources, then the most mentions, nearest the median."""
    if not figs:
        return None
    values = sorted(f.value for f in figs)
    median = values[len(values) // 2]
    by_source: dict[str, list[Interval]] = {}
    for f in figs:
        by_source.setdefault(f.record.source, []).append(f.span)

    def score(x: float) -> tuple[int, int, float, float]:
        sources = sum(all(s.contains(x) for s in spans) for spans in by_source.values())
        mentions = sum(f.span.contains(x) for f in figs)
        return (-sources, -mentions, abs(x - median), x)

    return min(_probe_points(figs), key=score)


def _utc(t: datetime) -> datetime:
    return t.replace(tzinfo=UTC) if t.tzinfo is None else t


def _stamp(f: _Figure) -> tuple[datetime, int]:
    """Publication time (UTC; unknown sorts first) and id: a total order of figures."""
    t = f.record.published
    return (datetime.min.replace(tzinfo=UTC) if t is None else _utc(t), f.record.id)


def _day(f: _Figure) -> str:
    return _stamp(f)[0].date().isoformat()


def _trend(figs: Sequence[_Figure]) -> tuple[str, _Figure, _Figure] | None:
    """Direction, earliest and latest figure when disagreement follows publication time.

    Every pair of figures that cannot both hold must come from different publication
    days, and the later one must lie on the same side (above: "rising") every time.
    """
    if any(f.record.published is None for f in figs):
        return None
    directions: set[str] = set()
    pairs: list[tuple[_Figure, _Figure]] = []
    for i, a in enumerate(figs):
        for b in figs[i + 1 :]:
            if a.span.intersect(b.span) is not None:
                continue
            if _day(a) == _day(b):
                return None  # same-day reports that disagree: no update explains it
            early, late = (a, b) if _stamp(a) < _stamp(b) else (b, a)
            above = early.span.high is not None and late.span.low is not None and (
                early.span.high <= late.span.low
            )
            directions.add("rising" if above else "falling")
            pairs.append((early, late))
    if len(directions) != 1:
        return None
    first = min((early for early, _ in pairs), key=_stamp)
    last = max((late for _, late in pairs), key=_stamp)
    return directions.pop(), first, last


def _from_base(kind: str, unit: str | None) -> Callable[[float], float]:
    """Base unit -> the claim's unit (conversions are linear or affine, as temperatures)."""
    if kind in ("date", "time") or unit is None:
        return lambda y: y
    zero, one = to_base(0.0, unit)[0], to_base(1.0, unit)[0]
    scale = one - zero
    if scale == 0:
        return lambda y: y
    return lambda y: (y - zero) / scale


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _quote(m: MentionRecord) -> str:
    return f"“{m.mention.text}”"


def agreement(members: Sequence[MentionRecord]) -> Agreement:
    """Whether one value can satisfy every member of a claim, and why (not)."""
    figs = _figures(members)
    kind = claim_kind(members) if members else "count"
    unit = claim_unit(members) if members else None
    out = _from_base(kind, unit)

    def show(x: float) -> str:
        return with_unit(number(x, kind), x, kind, unit)

    def show_span(iv: Interval) -> str:
        return with_unit(interval_text(iv.mapped(out), kind), None, kind, unit)

    sources = sorted({m.source for m in members})
    common = _common([f.span for f in figs])
    best = _best_value(figs)
    agrees = {f.record.id: best is not None and f.span.contains(best) for f in figs}
    disagreeing = tuple(sorted({f.record.source for f in figs if not agrees[f.record.id]}))
    values = [f.value for f in figs]
    low = out(min(values)) if values else None
    high = out(max(values)) if values else None
    spread = None
    if values and max(abs(v) for v in values) > 0:
        spread = (max(values) - min(values)) / max(abs(v) for v in values)
    figures = tuple(
        SourceFigure(
            source=f.record.source,
            mention_id=f.record.id,
            published=f.record.published,
            low=None if f.span.low is None else out(f.span.low),
            high=None if f.span.high is None else out(f.span.high),
            value=out(f.value),
            agrees=agrees[f.record.id],
            text=f.record.mention.text,
            low_open=f.span.low_open,
            high_open=f.span.high_open,
        )
        for f in figs
    )
    trend: str | None = None
    moved: tuple[str, _Figure, _Figure] | None = None
    status: Status
    if len(sources) < 2:
        status = "single_source"
        n = len(members)
        why = f"Only {sources[0] if sources else 'one source'} reports this figure"
        why += f" ({_plural(n, 'mention')})." if n > 1 else "."
    elif not figs:
        status = "consistent"
        why = "No source states a figure that can be compared."
    elif common is not None:
        status = "consistent"
        n_src = len({f.record.source for f in figs})
        if common.low is not None and common.low == common.high:
            why = f"Sources agree: {show(out(common.low))} satisfies all {n_src} sources."
        else:
            lo = "−∞" if common.low is None else show(out(common.low))
            hi = "∞" if common.high is None else show(out(common.high))
            why = f"Sources agree: a value between {lo} and {hi} satisfies all {n_src} sources."
    else:
        status = "conflicting"
        moved = _trend(figs) if kind in EVOLVING_KINDS else None
        odd = next(f for f in figs if not agrees[f.record.id])
        # name a source whose figure cannot hold together with the odd one
        fit = next(
            (
                f
                for f in figs
                if agrees[f.record.id]
                and f.record.source != odd.record.source
                and f.span.intersect(odd.span) is None
            ),
            None,
        )
        why = f"No single value satisfies all {len(sources)} sources: "
        why += f"{odd.record.source} says {_quote(odd.record)} ({show_span(odd.span)})"
        if fit is not None:
            why += (
                f", which lies outside {fit.record.source}'s {_quote(fit.record)}"
                f" ({show_span(fit.span)})"
            )
        elif best is not None:
            why += f", which excludes {show(out(best))}, the value most sources allow"
        why += "."
        others = len(disagreeing) - 1
        if others > 0:
            verb = "disagrees" if others == 1 else "disagree"
            why += f" {_plural(others, 'other source')} also {verb}."
        if moved is not None:
            trend, first, last = moved
            verb = "grew" if trend == "rising" else "fell"
            why += (
                f" The figures {verb} over time, from {_quote(first.record)} on {_day(first)}"
                f" to {_quote(last.record)} on {_day(last)}: consistent with an updated figure."
            )
    return Agreement(
        status=status,
        low=low,
        high=high,
        common_low=None if common is None or common.low is None else out(common.low),
        common_high=None if common is None or common.high is None else out(common.high),
        relative_spread=spread,
        disagreeing_sources=disagreeing if status == "conflicting" else (),
        time_ordered=trend is not None,
        explanation=why,
        figures=figures,
        best_value=None if best is None else out(best),
        trend=trend,
        unit=unit,
    )


def summarize(members: Sequence[MentionRecord]) -> ClaimSummary:
    """Label, kind, unit and agreement of a claim, computed from its members."""
    if not members:
        raise ValueError("a claim needs at least one mention")
    kind = claim_kind(members)
    verdict = agreement(members)
    return ClaimSummary(
        label=claim_label(members, verdict),
        kind=kind,
        unit=claim_unit(members),
        agreement=verdict,
    )

"""Agreement of a claim's sources under interval semantics.

A first, honest version: closed intervals, one value must lie in every mention's
interval. The full version adds open bounds, rounding tolerance and unit conversion.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from app.matching.model import Agreement, ClaimSummary, MentionRecord, SourceFigure


def agreement(members: Sequence[MentionRecord]) -> Agreement:
    """Whether one value can satisfy every member of a claim."""
    lows = [m.mention.low for m in members]
    highs = [m.mention.high for m in members]
    common_low = max((v for v in lows if v is not None), default=None)
    common_high = min((v for v in highs if v is not None), default=None)
    fits = common_low is None or common_high is None or common_low <= common_high
    values = [m.mention.value for m in members if m.mention.value is not None]
    low, high = (min(values), max(values)) if values else (None, None)
    spread = (high - low) / high if low is not None and high else None
    sources = {m.source for m in members}
    figures = tuple(
        SourceFigure(
            source=m.source,
            mention_id=m.id,
            published=m.published,
            low=m.mention.low,
            high=m.mention.high,
            value=m.mention.value,
            agrees=fits,
        )
        for m in members
    )
    if len(sources) < 2:
        status = "single_source"
        why = "Only one source reports this figure."
    elif fits:
        status = "consistent"
        why = "One value satisfies every source."
    else:
        status = "conflicting"
        why = "No single value satisfies every source."
    return Agreement(
        status=status,  # type: ignore[arg-type]
        low=low,
        high=high,
        common_low=common_low if fits else None,
        common_high=common_high if fits else None,
        relative_spread=spread,
        disagreeing_sources=() if fits else tuple(sorted(sources)),
        time_ordered=False,
        explanation=why,
        figures=figures,
    )


def summarize(members: Sequence[MentionRecord]) -> ClaimSummary:
    """Label, kind, unit and agreement of a claim, computed from its members."""
    if not members:
        raise ValueError("a claim needs at least one mention")
    kind = Counter(m.mention.kind for m in members).most_common(1)[0][0]
    unit = Counter(m.mention.unit for m in members).most_common(1)[0][0]
    first = min(members, key=lambda m: m.id).mention
    label = f"{first.subject or unit or kind}: {first.text}"
    return ClaimSummary(label=label, kind=kind, unit=unit, agreement=agreement(members))

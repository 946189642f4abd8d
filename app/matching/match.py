"""Decide which claim each new mention belongs to.

A first, honest version: same kind, same unit and the same value make the same fact.
``blocking_keys`` gives the keys under which storage indexes claims, so that candidate
search never scans every claim.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.extraction.model import Mention
from app.matching.model import ClaimRecord, MatchResult, MentionRecord, NewClaim


def blocking_keys(mention: Mention) -> frozenset[str]:
    """Index keys of a mention: a claim is a candidate when it shares one."""
    return frozenset({f"{mention.kind}:{mention.unit or '-'}"})


def _same_fact(a: Mention, b: Mention) -> bool:
    return a.kind == b.kind and a.unit == b.unit and a.value == b.value


def assign(new: Sequence[MentionRecord], candidates: Sequence[ClaimRecord]) -> MatchResult:
    """Place each of ``new`` in a candidate claim or a new claim."""
    assignments: dict[int, int | NewClaim] = {}
    new_groups: list[MentionRecord] = []
    for record in sorted(new, key=lambda r: r.id):
        target: int | NewClaim | None = None
        for claim in sorted(candidates, key=lambda c: c.id):
            if record.id in claim.excluded:
                continue
            if any(_same_fact(record.mention, m.mention) for m in claim.members):
                target = claim.id
                break
        if target is None:
            for index, first in enumerate(new_groups):
                if _same_fact(record.mention, first.mention):
                    target = NewClaim(index)
                    break
        if target is None:
            target = NewClaim(len(new_groups))
            new_groups.append(record)
        assignments[record.id] = target
    return MatchResult(assignments=assignments)

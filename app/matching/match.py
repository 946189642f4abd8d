"""Decide which claim each new mention belongs to.

Claims are the connected components of the ``same_fact`` graph over all mentions, less
the pairs a rival figure of one of their articles outdoes (``_Matches``), so the partition
does not depend on the order articles arrive in (docs/matching.md gives the argument).
``blocking_keys`` gives the keys under which storage indexes claims; every pair
``same_fact`` accepts across articles shares a key, so candidate search is complete
without scanning every claim.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache

from app.extraction.model import Mention
from app.matching.intervals import relative_gap, representative
from app.matching.model import ClaimRecord, MatchResult, MentionRecord, NewClaim
from app.matching.similarity import (
    DEFAULT_SIGNALS,
    EXACT_KINDS,
    MAX_CLOCK_GAP,
    ArticleGate,
    Features,
    Signals,
    article_gate,
    exact_figure,
    features,
    figures_apart,
    gates_apart,
    match_score,
    unit_class,
    update_bucket,
    value_bucket,
)


def blocking_keys(
    mention: Mention,
    signals: Signals = DEFAULT_SIGNALS,
    published: datetime | date | None = None,
) -> frozenset[str]:
    """Index keys of a mention: a claim is a candidate when it shares one.

    ``kind:unit-class:value-bucket:time-bucket``: two adjacent log buckets of width
    ``MAX_RATIO`` (one exact value for dates and ordinals, two adjacent hours for clock
    times) times two adjacent publication windows of ``max_gap_days``: at most four keys;
    a figure that may be updated (``Features.tally``: a count of a fate such as killed or
    missing, a running total, a zone's radius, an area burned) gets four more, in buckets
    of width ``UPDATE_RATIO`` under its tally, since a toll may be updated that far
    (``is_update``); a share of work done and a count of days get two, under the tally
    alone (they may move any distance).
    ``same_fact`` only accepts mentions of one kind and unit class whose figures are
    within ``MAX_RATIO`` (an hour for times; ``UPDATE_RATIO`` for an update) and whose
    articles appeared within ``max_gap_days``, so their buckets are equal or adjacent and
    one key is shared.
    Pass the article's publication time (the same value as ``MentionRecord.published``)
    for every mention, or for none: without it the keys have no time part and are merely
    less selective; storage should use the ingestion time when an article has no date,
    since a dated and an undated mention share no time key.
    """
    # only the cheap parts of the features: storage calls this for every mention it stores
    kind = mention.kind
    head = f"{kind}:{unit_class(mention, signals) or '-'}"
    if kind in EXACT_KINDS:
        exact = exact_figure(mention)
        if exact is None:
            return frozenset()  # nothing to compare: never matches across articles
        values = [f"={exact}"]
        if kind == "ordinal" and signals.updates and (
            tally := features(mention, signals).tally
        ) is not None:
            values.append(f"!{tally}")  # a count of days moves on (``is_update``)
    else:
        value = representative(mention)
        if value is None:
            return frozenset()
        bucket = math.floor(value / MAX_CLOCK_GAP) if kind == "time" else value_bucket(value)
        values = [str(bucket), str(bucket + 1)]
        # (only counts, lengths, areas and shares have a tally)
        tally = (features(mention, signals).tally
                 if signals.updates and kind in _TALLIED else None)
        if tally is not None and value > 0:
            # a toll updated on a later day (``is_update``): by its tally, in wider buckets;
            # a share of work done may grow any way
            if kind == "percent":
                values.append(f"!{tally}")
            else:
                wide = update_bucket(value)
                values += [f"!{tally}:u{wide}", f"!{tally}:u{wide + 1}"]
    if published is None or not signals.dates:
        times = [""]
    else:
        window = time_window(published, signals)
        times = [f":t{window}", f":t{window + 1}"]
    return frozenset(f"{head}:{v}{t}" for v in values for t in times)


_TALLIED = frozenset({"count", "measure", "percent"})


def time_window(published: datetime | date, signals: Signals = DEFAULT_SIGNALS) -> int:
    """The publication window of ``blocking_keys``: windows one day wider than the largest
    gap between two reports of one fact, so that two times within it are in equal or
    adjacent windows. A mention's keys carry its window and the next one: mentions whose
    windows are two or more apart share no key (``windows_apart``)."""
    if isinstance(published, datetime) and published.tzinfo is not None:
        published = published.astimezone(UTC)  # naive times are taken as UTC
    return math.floor(published.toordinal() / (signals.max_gap_days + 1))


def windows_apart(a: int, b: int) -> bool:
    """Whether mentions of windows ``a`` and ``b`` can share no key, so that claims of one
    can never be candidates for the other: their ingest needs no common lock."""
    return abs(a - b) >= 2


@dataclass(slots=True)
class _Component:
    """A growing group of new mentions and existing claims during ``assign``."""

    mentions: set[int] = field(default_factory=set)  # every mention id, old and new
    claims: set[int] = field(default_factory=set)
    excluded: set[int] = field(default_factory=set)
    locked_claims: set[int] = field(default_factory=set)


class _Components:
    """Union-find that refuses unions a person's decisions forbid."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.data: dict[str, _Component] = {}

    def add(self, node: str, comp: _Component) -> None:
        self.parent[node] = node
        self.data[node] = comp

    def find(self, node: str) -> str:
        root = node
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[node] != root:
            self.parent[node], node = root, self.parent[node]
        return root

    def union(self, a: str, b: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        ca, cb = self.data[ra], self.data[rb]
        if ca.mentions & cb.excluded or cb.mentions & ca.excluded:
            return False  # a person took one of these mentions out of that claim
        locked = ca.locked_claims | cb.locked_claims
        if locked and (len(locked) > 1 or min(locked) != min(ca.claims | cb.claims)):
            return False  # folding would move mentions a person placed
        if rb < ra:
            ra, rb, ca, cb = rb, ra, cb, ca
        self.parent[rb] = ra
        ca.mentions |= cb.mentions
        ca.claims |= cb.claims
        ca.excluded |= cb.excluded
        ca.locked_claims |= cb.locked_claims
        del self.data[rb]
        return True


@lru_cache(maxsize=200_000)
def _default_keys(mention: Mention, published: datetime | None) -> frozenset[str]:
    return blocking_keys(mention, DEFAULT_SIGNALS, published)


def _keys(record: MentionRecord, signals: Signals) -> frozenset[str]:
    """The record's keys as storage indexes them (its publication time included)."""
    if signals is DEFAULT_SIGNALS:
        return _default_keys(record.mention, record.published)
    return blocking_keys(record.mention, signals, record.published)


@dataclass(slots=True)
class Memo:
    """Features and keys of mentions by mention id, for one run of matching under one
    ``Signals``: a batch of ingest compares each stored mention with many new ones, and
    looking a mention up by its id is far cheaper than hashing its fifteen fields."""

    signals: Signals = DEFAULT_SIGNALS
    features: dict[int, Features] = field(default_factory=dict)
    keys: dict[int, frozenset[str]] = field(default_factory=dict)
    apart: dict[tuple[int, int], bool] = field(default_factory=dict)  # by article ids
    gates: dict[int, ArticleGate] = field(default_factory=dict)  # by article id

    def features_of(self, record: MentionRecord) -> Features:
        found = self.features.get(record.id)
        if found is None:
            found = self.features[record.id] = features(record.mention, self.signals)
        return found

    def keys_of(self, record: MentionRecord) -> frozenset[str]:
        found = self.keys.get(record.id)
        if found is None:
            found = self.keys[record.id] = _keys(record, self.signals)
        return found

    def articles_apart(self, a: MentionRecord, b: MentionRecord) -> bool:
        pair = (a.article_id, b.article_id)
        found = self.apart.get(pair)
        if found is None:
            found = self.apart[pair] = gates_apart(
                self.gate_of(a), self.gate_of(b), self.signals
            )
        return found

    def gate_of(self, record: MentionRecord) -> ArticleGate:
        found = self.gates.get(record.article_id)
        if found is None:
            found = self.gates[record.article_id] = article_gate(record)
        return found

    def same_fact(self, a: MentionRecord, b: MentionRecord) -> bool:
        return self.score(a, b) is not None

    def score(self, a: MentionRecord, b: MentionRecord) -> float | None:
        """The weighed evidence that ``a`` and ``b`` are one fact; ``None`` when they are
        not (``similarity.same_fact``)."""
        # most candidates come from other stories: ruled out once per pair of articles
        if self.articles_apart(a, b):
            return None
        found = match_score(a, b, self.signals, (self.features_of(a), self.features_of(b)))
        return found if found is not None and found >= self.signals.threshold else None

    def figures_apart(self, a: MentionRecord, b: MentionRecord) -> bool:
        return figures_apart(a, b, self.signals, (self.features_of(a), self.features_of(b)))

    def gap(self, a: MentionRecord, b: MentionRecord) -> float:
        """How far apart two figures are, relative to the larger (0 when unknown)."""
        va, vb = self.features_of(a).value, self.features_of(b).value
        return 0.0 if va is None or vb is None else relative_gap(va, vb)


def _claim_node(claim_id: int) -> str:
    return f"c{claim_id:020d}"


def _mention_node(mention_id: int) -> str:
    return f"m{mention_id:020d}"


class _Matches:
    """Which matching pairs of mentions of two articles link claims during one ``assign``.

    An article gives a fact one figure ("40 seats for the Alliance and 39 for the Social
    Democrats": two facts, ``figures_apart``). Another outlet's 41 may match both; it
    links only the better of the two, and the 39 that a 38 elsewhere matches no longer
    chains the two parties' seats. Whether a pair links reads only the pair and the
    figures of its two articles that could match the other side, whichever article came
    first: the claims still do not depend on the order of ingest. Weights are computed
    when first needed: most pairs have no rival.
    """

    def __init__(self, memo: Memo) -> None:
        self.memo = memo
        self.weights: dict[tuple[int, int], float | None] = {}

    def weight(self, a: MentionRecord, b: MentionRecord) -> float | None:
        pair = (a.id, b.id) if a.id < b.id else (b.id, a.id)
        if pair not in self.weights:
            self.weights[pair] = self.memo.score(a, b)
        return self.weights[pair]

    def _rank(self, a: MentionRecord, b: MentionRecord, weight: float) -> tuple[float, ...]:
        # more evidence first, then the nearer figure, then the one written first
        return (weight, -self.memo.gap(a, b), -b.mention.start)

    def _outdone(
        self, a: MentionRecord, b: MentionRecord, weight: float,
        rivals: Sequence[MentionRecord],
    ) -> bool:
        """Whether another figure of ``b``'s article (among ``rivals``), apart from ``b``,
        matches ``a`` better than ``b`` does."""
        ours = self._rank(a, b, weight)
        for other in rivals:
            if other.article_id != b.article_id or other.id == b.id:
                continue
            if not self.memo.figures_apart(b, other):
                continue
            theirs = self.weight(a, other)
            if theirs is not None and self._rank(a, other, theirs) > ours:
                return True
        return False

    def links(
        self, a: MentionRecord, b: MentionRecord, weight: float,
        a_rivals: Sequence[MentionRecord], b_rivals: Sequence[MentionRecord],
    ) -> bool:
        """Whether the match of ``a`` and ``b`` links them; ``a_rivals``, ``b_rivals``:
        the figures of each one's article that the other could match."""
        return not (self._outdone(a, b, weight, b_rivals)
                    or self._outdone(b, a, weight, a_rivals))


def assign(
    new: Sequence[MentionRecord],
    candidates: Sequence[ClaimRecord],
    signals: Signals = DEFAULT_SIGNALS,
    memo: Memo | None = None,
) -> MatchResult:
    """Place each of ``new`` in a candidate claim or a new claim.

    Pass all the mentions of an article in one call (a figure an article repeats joins
    one claim through that direct comparison), and every stored claim that shares a
    blocking key with any of them. Pinned claims take no automatic members and never
    merge; a claim with locked members only absorbs claims of higher id; no mention
    joins a claim that excludes it. When a new mention matches several claims they are
    one fact: ``merges`` says which to fold into their lowest id. ``memo`` (made with the
    same ``signals``) may be shared by the calls of one batch: mention ids must not change
    meaning while it lives.
    """
    if memo is None or memo.signals is not signals:
        memo = Memo(signals)
    keys_of, same = memo.keys_of, memo.same_fact
    records = sorted(new, key=lambda r: r.id)
    claims = {c.id: c for c in candidates if not c.pinned}
    # Only pairs that share a blocking key can be one fact: index the candidates' members
    # by key, so each new mention meets only the members it could match.
    wanted = frozenset().union(*(keys_of(r) for r in records))
    # Most candidates' members come from other stories or other weeks: a member whose
    # article is apart from every new article can match none, so it is left out before
    # its keys are read (one gate per pair of articles; mentions of an article share it).
    # (Each candidate article meets each new one once here: no pair cache.)
    gate_of = memo.gate_of
    gates = [gate_of(r) for r in {r.article_id: r for r in records}.values()]
    # (an article's mentions come in one call: one gate, with no generator per member)
    only = gates[0] if len(gates) == 1 else None
    near: dict[int, bool] = {}
    by_key: dict[str, list[tuple[int, MentionRecord]]] = {}
    for claim_id in sorted(claims):
        for m in claims[claim_id].members:
            close = near.get(m.article_id)
            if close is None:
                theirs = gate_of(m)
                if only is not None:
                    close = not gates_apart(only, theirs, signals)
                else:
                    close = not all(gates_apart(ours, theirs, signals) for ours in gates)
                near[m.article_id] = close
            if not close:
                continue
            for key in keys_of(m) & wanted:
                by_key.setdefault(key, []).append((claim_id, m))
    # Every pair of a new mention and a member, or of new mentions of two articles, that
    # matches; a pair of one article is compared whatever the keys.
    matches = _Matches(memo)
    edges: list[tuple[str, str]] = []
    by_article_new: dict[int, list[MentionRecord]] = {}
    for r in records:
        by_article_new.setdefault(r.article_id, []).append(r)
    for r in records:
        # the candidates r meets, by article: the rivals of each one it matches
        met: dict[int, MentionRecord] = {}
        for key in sorted(keys_of(r)):
            for claim_id, m in by_key.get(key, ()):
                if m.id not in met and r.id not in claims[claim_id].excluded:
                    met[m.id] = m
        rivals: dict[int, list[MentionRecord]] = {}
        for m in met.values():
            rivals.setdefault(m.article_id, []).append(m)
        linked: set[int] = set()
        for key in sorted(keys_of(r)):
            for claim_id, m in by_key.get(key, ()):
                if claim_id in linked or r.id in claims[claim_id].excluded:
                    continue
                weight = matches.weight(r, m)
                if weight is not None and matches.links(
                    r, m, weight, by_article_new[r.article_id], rivals[m.article_id]
                ):
                    linked.add(claim_id)
        edges += [(_mention_node(r.id), _claim_node(c)) for c in sorted(linked)]
    for i, a in enumerate(records):
        for b in records[i + 1 :]:
            if a.article_id == b.article_id:
                # one article: compared whatever the keys; two figures it gives apart
                # are two facts however much else they share
                if same(a, b) and not memo.figures_apart(a, b):
                    edges.append((_mention_node(a.id), _mention_node(b.id)))
            elif (weight := matches.weight(a, b)) is not None and matches.links(
                a, b, weight, by_article_new[a.article_id], by_article_new[b.article_id]
            ):
                edges.append((_mention_node(a.id), _mention_node(b.id)))

    # Components over the new mentions and the claims they touch. Edges to stored
    # claims sort before edges between new mentions, each in id order: when a person's
    # constraint forbids a union, the outcome is still deterministic.
    comps = _Components()
    for r in records:
        comps.add(_mention_node(r.id), _Component(mentions={r.id}))
    for claim_id in sorted({int(b[1:]) for _, b in edges if b.startswith("c")}):
        c = claims[claim_id]
        comps.add(
            _claim_node(c.id),
            _Component(
                mentions={m.id for m in c.members},
                claims={c.id},
                excluded=set(c.excluded),
                locked_claims={c.id} if c.locked else set(),
            ),
        )
    for a_node, b_node in sorted(edges):
        comps.union(a_node, b_node)

    assignments: dict[int, int | NewClaim] = {}
    merges: list[tuple[int, ...]] = []
    groups: dict[str, int] = {}
    for r in records:
        root = comps.find(_mention_node(r.id))
        comp = comps.data[root]
        if comp.claims:
            assignments[r.id] = min(comp.claims)
            if len(comp.claims) > 1:
                merge = tuple(sorted(comp.claims))
                if merge not in merges:
                    merges.append(merge)
        else:
            assignments[r.id] = NewClaim(groups.setdefault(root, len(groups)))
    return MatchResult(assignments=assignments, merges=tuple(merges))

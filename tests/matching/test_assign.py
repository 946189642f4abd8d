"""Claims as connected components: order independence and a person's constraints."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from app.matching import ClaimRecord, MentionRecord, NewClaim, assign
from app.matching.match import blocking_keys
from app.matching.similarity import DEFAULT_SIGNALS, Signals
from tests.matching.fixtures import build

Partition = frozenset[frozenset[int]]


class Store:
    """What storage does, in memory: claims, a key index, merges and new claims."""

    def __init__(self, signals: Signals = DEFAULT_SIGNALS) -> None:
        self.signals = signals
        self.claims: dict[int, list[MentionRecord]] = {}
        self.index: dict[str, set[int]] = defaultdict(set)
        self.locked: dict[int, frozenset[int]] = {}
        self.excluded: dict[int, frozenset[int]] = {}
        self.pinned: set[int] = set()
        self._next = 1

    def record(self, claim_id: int) -> ClaimRecord:
        return ClaimRecord(
            claim_id,
            tuple(self.claims[claim_id]),
            self.locked.get(claim_id, frozenset()),
            self.excluded.get(claim_id, frozenset()),
            claim_id in self.pinned,
        )

    def ingest(self, article: Sequence[MentionRecord]) -> None:
        keys = set().union(*(self._keys(r) for r in article))
        ids = sorted(set().union(*(self.index.get(k, set()) for k in keys)))
        result = assign(article, [self.record(i) for i in ids], self.signals)
        for group in result.merges:
            target, *rest = group
            for other in rest:
                self.claims[target] += self.claims.pop(other)
                self.excluded[target] = self.excluded.get(target, frozenset()) | \
                    self.excluded.pop(other, frozenset())
                for ids_ in self.index.values():
                    if other in ids_:
                        ids_.discard(other)
                        ids_.add(target)
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
            for k in self._keys(r):
                self.index[k].add(where)

    def _keys(self, r: MentionRecord) -> frozenset[str]:
        return blocking_keys(r.mention, self.signals, r.published)

    def partition(self) -> Partition:
        return frozenset(frozenset(r.id for r in ms) for ms in self.claims.values() if ms)


def by_article(records: Sequence[MentionRecord]) -> list[list[MentionRecord]]:
    groups: dict[int, list[MentionRecord]] = defaultdict(list)
    for r in records:
        groups[r.article_id].append(r)
    return [groups[k] for k in sorted(groups)]


def ingest_all(articles: Sequence[Sequence[MentionRecord]]) -> Partition:
    store = Store()
    for article in articles:
        store.ingest(article)
    return store.partition()


def test_fixture_partition_is_the_true_one() -> None:
    corpus, facts = build()
    expected = frozenset(frozenset(ids) for ids in facts.values())
    assert ingest_all(by_article(corpus.records)) == expected


def test_from_scratch_equals_incremental() -> None:
    corpus, _ = build()
    everything = assign(corpus.records, [])
    groups: dict[object, set[int]] = defaultdict(set)
    for mid, where in everything.assignments.items():
        groups[where].add(mid)
    scratch = frozenset(frozenset(g) for g in groups.values())
    assert scratch == ingest_all(by_article(corpus.records))


@settings(max_examples=40, deadline=None)
@given(st.randoms(use_true_random=False))
def test_any_article_order_gives_one_partition(rnd: random.Random) -> None:
    corpus, _ = build()
    articles = by_article(corpus.records)
    reference = ingest_all(articles)
    rnd.shuffle(articles)
    assert ingest_all(articles) == reference


def test_mention_order_within_a_call_does_not_matter() -> None:
    corpus, _ = build()
    a = assign(corpus.records, [])
    b = assign(list(reversed(corpus.records)), [])
    assert a == b


def test_a_new_mention_bridging_two_claims_merges_them() -> None:
    corpus, facts = build()
    recs = {r.id: r for r in corpus.records}
    meeting = [recs[i] for i in facts["meeting"]]
    c1 = ClaimRecord(10, (meeting[0],))
    c2 = ClaimRecord(11, (meeting[1],))
    result = assign([meeting[2]], [c2, c1])
    assert result.assignments == {meeting[2].id: 10}
    assert result.merges == ((10, 11),)


def test_excluded_mention_is_never_put_back() -> None:
    corpus, facts = build()
    recs = {r.id: r for r in corpus.records}
    a, b = (recs[i] for i in facts["released"])
    claim = ClaimRecord(5, (a,), excluded=frozenset({b.id}))
    result = assign([b], [claim])
    assert isinstance(result.assignments[b.id], NewClaim)


def test_exclusion_survives_rematching_through_a_third_mention() -> None:
    corpus, facts = build()
    recs = {r.id: r for r in corpus.records}
    m1, m2, m3 = (recs[i] for i in facts["meeting"])
    # A person split m2 off the claim of m1; m3 matches both.
    claim = ClaimRecord(5, (m1,), excluded=frozenset({m2.id}))
    result = assign([m2, m3], [claim])
    assert result.assignments[m2.id] != 5
    assert result.merges == ()


def test_pinned_claim_takes_no_members_and_never_merges() -> None:
    corpus, facts = build()
    recs = {r.id: r for r in corpus.records}
    m1, m2, m3 = (recs[i] for i in facts["meeting"])
    pinned = ClaimRecord(5, (m1,), pinned=True)
    other = ClaimRecord(6, (m2,))
    result = assign([m3], [pinned, other])
    assert result.assignments == {m3.id: 6}
    assert result.merges == ()


def test_locked_members_never_move() -> None:
    corpus, facts = build()
    recs = {r.id: r for r in corpus.records}
    m1, m2, m3 = (recs[i] for i in facts["meeting"])
    low = ClaimRecord(5, (m1,))
    locked = ClaimRecord(6, (m2,), locked=frozenset({m2.id}))
    result = assign([m3], [low, locked])
    # Folding claim 6 into 5 would move the locked mention: the merge is refused.
    assert result.merges == ()
    assert result.assignments[m3.id] in (5, 6)
    # As the lowest id, a claim with locked members may absorb another.
    locked_low = ClaimRecord(4, (m2,), locked=frozenset({m2.id}))
    result = assign([m3], [low, locked_low])
    assert result.merges == ((4, 5),)


def test_rematch_keeps_constraints() -> None:
    """Re-matching from scratch: locked members stay as claims, the rest is new."""
    corpus, facts = build()
    recs = {r.id: r for r in corpus.records}
    m1, m2, m3 = (recs[i] for i in facts["meeting"])
    kept = ClaimRecord(9, (m1,), locked=frozenset({m1.id}), excluded=frozenset({m3.id}))
    rest = [r for r in corpus.records if r.id != m1.id]
    result = assign(rest, [kept])
    assert result.assignments[m2.id] == 9
    assert result.assignments[m3.id] != 9

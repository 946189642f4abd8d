"""Ingest in batches (several articles per transaction) stores exactly what one article per
transaction stores: same claims, summaries, keys and search documents; people's fixes hold;
a bad item fails alone; the statements do not grow with the batch."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import DataError
from sqlalchemy.orm import Session

from app.db.models import (
    Article,
    AuditEvent,
    Claim,
    ClaimExclusion,
    ClaimKey,
    ClaimMembership,
    Mention,
    User,
)
from app.db.session import transaction
from app.ingest.files import Item
from app.ingest.model import ArticleInput
from app.ingest.sources import from_text
from app.services import articles as articles_service
from app.services import grouping
from app.services.batch import (
    BatchSummary,
    ItemResult,
    batches,
    ingest_paths,
    iter_items,
    store_item,
    store_items,
)
from tests.conftest import _wipe
from tests.perf.test_ingest_queries import OUTLETS, counted
from tests.perf.test_parallel_ingest import assert_claims_consistent

MAX_BYTES = 1_000_000
# Statements to store a batch of new articles joining existing claims, all included (see
# test_ingest_queries for one article), whatever the number of articles in it.
MAX_BATCH_STATEMENTS = 14

Snapshot = dict[frozenset[tuple[str, int, int]], tuple[Any, ...]]


def synth_items(tmp_path: Path, count: int, start: int = 0) -> list[Item]:
    from tests.perf.test_parallel_ingest import _synth

    path = tmp_path / f"synth-{start}-{count}.jsonl"
    _synth().write(path, count, start=start)
    return list(iter_items([path], source=None, encoding=None, max_bytes=MAX_BYTES))


def snapshot(engine: Engine) -> Snapshot:
    """Every claim by its members (article URL and span: no ids, which SQLite reuses), with
    what is stored of it: summary, origins, exclusions, index keys, search document."""
    is_pg = engine.dialect.name == "postgresql"
    fts = (
        "SELECT claim_id, document::text FROM claim_fts"
        if is_pg
        else "SELECT rowid, document FROM claim_fts"
    )
    with Session(engine) as session:
        span = {
            m: (url or "", start, end)
            for m, url, start, end in session.execute(
                select(Mention.id, Article.url, Mention.start, Mention.end).join(Article)
            )
        }
        members: dict[int, set[tuple[tuple[str, int, int], str]]] = {}
        for claim_id, mention_id, origin in session.execute(
            select(ClaimMembership.claim_id, ClaimMembership.mention_id, ClaimMembership.origin)
        ):
            members.setdefault(claim_id, set()).add((span[mention_id], origin))
        excluded: dict[int, set[tuple[str, int, int]]] = {}
        for claim_id, mention_id in session.execute(
            select(ClaimExclusion.claim_id, ClaimExclusion.mention_id)
        ):
            excluded.setdefault(claim_id, set()).add(span[mention_id])
        keys: dict[int, set[str]] = {}
        for key, claim_id in session.execute(select(ClaimKey.key, ClaimKey.claim_id)):
            keys.setdefault(claim_id, set()).add(key)
        documents = {claim_id: doc for claim_id, doc in session.execute(text(fts))}
        fields = (Claim.label, Claim.kind, Claim.unit, Claim.status, Claim.low, Claim.high,
                  Claim.common_low, Claim.common_high, Claim.relative_spread, Claim.explanation,
                  Claim.time_ordered, Claim.disagreeing_sources, Claim.sources_count,
                  Claim.mentions_count, Claim.first_published_at, Claim.pinned, Claim.version)
        out: Snapshot = {}
        for claim_id, *values in session.execute(select(Claim.id, *fields)):
            placed = members.get(claim_id, set())
            key = frozenset(s for s, _ in placed)
            out[key] = (
                tuple(values),
                frozenset(placed),
                frozenset(excluded.get(claim_id, ())),
                frozenset(keys.get(claim_id, ())),
                documents.get(claim_id),
            )
    return out


def one_per_transaction(engine: Engine, items: Sequence[Item]) -> list[ItemResult]:
    return [store_item(engine, item) for item in items]


def in_batches(size: int) -> Callable[[Engine, Sequence[Item]], list[ItemResult]]:
    def store(engine: Engine, items: Sequence[Item]) -> list[ItemResult]:
        return [r for batch in batches(items, size) for r in store_items(engine, batch)]

    return store


def outcomes(results: Sequence[ItemResult]) -> list[tuple[str, str, str]]:
    return [(r.origin, r.outcome, r.detail) for r in results]


@pytest.mark.parametrize("size", [5, 64])
def test_batches_store_what_one_transaction_per_article_stores(
    engine: Engine, tmp_path: Path, size: int
) -> None:
    items = synth_items(tmp_path, 60)
    single = one_per_transaction(engine, items)
    expected = snapshot(engine)
    assert len(expected) > 20 and any(len(members) > 2 for members in expected)
    _wipe(engine)

    batched = in_batches(size)(engine, items)
    assert outcomes(batched) == outcomes(single)
    assert snapshot(engine) == expected
    assert_claims_consistent(engine)


def test_batches_continue_claims_stored_before(engine: Engine, tmp_path: Path) -> None:
    """A batch matched against claims of earlier batches (and merging them) ends as one
    article per transaction would, and ingest_paths batches its inputs the same way."""
    first, rest = synth_items(tmp_path, 20), synth_items(tmp_path, 60, start=20)
    one_per_transaction(engine, first + rest)
    expected = snapshot(engine)
    _wipe(engine)

    in_batches(7)(engine, first)
    path = tmp_path / "rest.jsonl"
    path.write_text(
        "".join(json.dumps(_record(item.article)) + "\n" for item in rest if item.article),
        encoding="utf-8",
    )
    summary: BatchSummary = ingest_paths(engine, [path], max_bytes=MAX_BYTES)
    assert summary.count("stored") == len(rest)
    assert snapshot(engine) == expected


def _record(article: ArticleInput) -> dict[str, Any]:
    return {
        "text": article.body,
        "title": article.title,
        "source": article.source,
        "url": article.url,
        "published_at": article.published_at.isoformat() if article.published_at else None,
    }


def test_peoples_fixes_hold_in_batches(engine: Engine, tmp_path: Path) -> None:
    """Split (a locked member, an exclusion), pin, move and detach, then more articles of
    the same stories: batches place them exactly as one transaction per article does."""
    first, rest = synth_items(tmp_path, 24), synth_items(tmp_path, 48, start=24)

    def scenario(store: Callable[[Engine, Sequence[Item]], list[ItemResult]]) -> Snapshot:
        _wipe(engine)
        one_per_transaction(engine, first)
        _fix_claims(engine)
        results = store(engine, rest)
        assert all(r.outcome == "stored" for r in results)
        return snapshot(engine)

    expected = scenario(one_per_transaction)
    assert any(values[-2] for values, *_ in expected.values())  # a pinned claim
    assert scenario(in_batches(16)) == expected


def _fix_claims(engine: Engine) -> None:
    with transaction(engine) as session:
        user = User(username="fixer", password_hash="-", role="factchecker")
        session.add(user)
        session.flush()
        ranked = session.execute(
            select(Claim.id, Claim.version)
            .where(Claim.mentions_count > 1)
            .order_by(Claim.mentions_count.desc(), Claim.id)
        ).all()
        assert len(ranked) >= 4
        (split_id, v1), (pin_id, v2), (detach_id, v3), (move_id, v4) = ranked[:4]

        def members(claim_id: int) -> list[int]:
            return grouping.members_of(session, claim_id)

        grouping.split(session, claim_id=split_id, mention_ids=members(split_id)[:1],
                       base_version=v1, user=user)
        grouping.set_pinned(session, claim_id=pin_id, pinned=True, base_version=v2, user=user)
        grouping.detach(session, mention_id=members(detach_id)[0], base_version=v3, user=user)
        grouping.move(session, mention_id=members(move_id)[0], target_claim_id=detach_id,
                      base_version=v4, user=user, target_version=v3 + 1)


def test_a_bad_item_fails_alone_and_the_rest_of_its_batch_is_kept(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = synth_items(tmp_path, 12)
    bad = items[5]
    assert bad.article is not None
    good = [item for item in items if item is not bad]
    one_per_transaction(engine, good)
    expected = snapshot(engine)
    _wipe(engine)

    plain_topic = articles_service.stored_topic

    def failing(article_in: ArticleInput) -> list[str]:
        if article_in.content_hash == bad.article.content_hash:  # type: ignore[union-attr]
            raise DataError("INSERT", {}, ValueError("value too long"))
        return plain_topic(article_in)

    monkeypatch.setattr(articles_service, "stored_topic", failing)
    results = store_items(engine, items)
    assert [r.outcome for r in results] == ["stored"] * 5 + ["failed"] + ["stored"] * 6
    assert results[5].detail == "database error: DataError"
    assert snapshot(engine) == expected
    with Session(engine) as session:
        assert session.scalar(select(func.count(Article.id))) == len(good)
        assert session.scalar(select(func.count(AuditEvent.id))) == len(good)


def test_the_same_article_twice_in_one_batch_is_stored_once(engine: Engine) -> None:
    def item(origin: str, body: str, url: str | None) -> Item:
        return Item(origin, from_text(body, origin=origin, source="Wire", url=url))

    batch = [
        item("a", "Crews cleared 12 km of road on Monday.", "https://x.example/1"),
        item("b", "Crews cleared 12 km of road on Monday.", None),  # same text
        item("c", "Crews cleared 14 km of road on Monday.", "https://x.example/1"),  # same URL
        item("d", "Crews cleared 16 km of road on Monday.", None),
        Item("e", None, error="empty"),
    ]
    results = store_items(engine, batch)
    first = results[0].article_id
    assert [r.outcome for r in results] == ["stored", "duplicate", "duplicate", "stored", "failed"]
    assert results[1].detail == results[2].detail == f"same as article {first}"
    again = store_items(engine, batch[:4])
    assert [r.outcome for r in again] == ["duplicate"] * 4
    with Session(engine) as session:
        assert session.scalar(select(func.count(Article.id))) == 2


def flood(i: int) -> Item:
    """Reports of the same three figures, each text its own."""
    text_ = (
        f"At least 120 people were evacuated from Riverton on Monday, officials said in "
        f"bulletin {i}. The flood lasted about 30 hours and damaged 400 homes in Riverton."
    )
    return Item(
        f"flood-{i}.txt",
        from_text(text_, origin=f"flood-{i}.txt", source=OUTLETS[i % len(OUTLETS)],
                  title=f"Flood bulletin {i}"),
    )


def test_statements_per_batch_do_not_grow_with_its_size(engine: Engine) -> None:
    # every outlet exists, and every figure of the batches below has its claim (the
    # bulletin numbers too), so that each batch writes the same kinds of rows
    store_items(engine, [flood(95 + i) for i in range(len(OUTLETS))])
    counts = []
    start = 100
    for size in (2, 4, 12):
        with counted(engine) as seen:
            results = store_items(engine, [flood(start + i) for i in range(size)])
        assert [r.outcome for r in results] == ["stored"] * size
        # audit events too are one statement (no ids read back), on SQLite as well
        assert sum(1 for s in seen if s.startswith("INSERT INTO audit_event")) == 1
        counts.append(len(seen))
        start += size
    assert max(counts) - min(counts) <= 1, counts
    assert max(counts) <= MAX_BATCH_STATEMENTS, counts

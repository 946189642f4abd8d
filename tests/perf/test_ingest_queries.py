"""Ingest issues a fixed number of statements per article, however large its claims grow."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, event, func, select
from sqlalchemy.orm import Session

from app.db.models import Claim
from app.ingest.files import Item
from app.ingest.sources import from_text
from app.services.batch import store_item

OUTLETS = ("North Gazette", "Valley Times", "Coast Herald", "Plains Courier", "Metro Daily")
# Statements to store one three-figure article that joins existing claims, all included
# (duplicate check, source, article, mentions, audit, key locks, candidates with their
# keys, members, exclusions, on PostgreSQL the lock of the claims it changes, memberships,
# claim refresh, commit). The figure after batch
# ingest (app/services/claims.py: match_articles); it does not depend on the size of the
# claims joined (the test below checks that too), nor, for a batch, on the number of its
# articles (test_batch_ingest).
MAX_STATEMENTS = 13


@contextmanager
def counted(engine: Engine) -> Iterator[list[str]]:
    seen: list[str] = []

    def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", before)


def item(i: int) -> Item:
    """Twelve distinct reports of the same three figures."""
    who = ("officials", "authorities", "police", "rescuers")[i % 4]
    what = ("flood", "deluge", "flooding")[i // 4 % 3]
    text = (
        f"At least 120 people were evacuated from Riverton on Monday, {who} said. "
        f"The {what} lasted about 30 hours and damaged 400 homes in Riverton, the mayor said."
    )
    origin = f"flood-{i}.txt"
    return Item(
        origin=origin,
        article=from_text(
            text,
            origin=origin,
            source=OUTLETS[i % len(OUTLETS)],
            title=f"Flood report {i}",
            published_at=datetime(2024, 4, 1 + i % 3, tzinfo=UTC),
        ),
    )


def test_statements_per_article_do_not_grow_with_claims(engine: Engine) -> None:
    counts: list[int] = []
    for i in range(12):
        with counted(engine) as seen:
            result = store_item(engine, item(i))
        assert result.outcome == "stored", result.detail
        counts.append(len(seen))
    with Session(engine) as session:
        largest = session.scalar(select(func.max(Claim.mentions_count)))
    assert largest is not None and largest >= 10  # the claims did grow
    # Once every outlet exists (articles 0-4 each create one), each article joins the same
    # three claims, whose size grows from 5 to 11 members: same work, same statements.
    steady = counts[len(OUTLETS) :]
    assert max(steady) - min(steady) <= 1, counts
    assert max(steady) <= MAX_STATEMENTS, counts

"""The search documents the statement triggers write (migration 0006) say what the row
trigger of 0002/0003 said: the same words and outlets for every claim, after batch ingest
and after a person's fix rewrites one claim row at a time."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from app.db.models import ClaimMembership, User
from app.services import grouping
from app.services.batch import ingest_paths
from tests.perf.test_parallel_ingest import _synth

# 0003's definitions, one claim at a time: words of the label and of every member's
# quote, sentence, subject and attribution; the members' outlet ids.
_AS_BEFORE = text(
    "SELECT c.id, array_to_string(tsvector_to_array(to_tsvector('simple', "
    "coalesce(c.label, '') || ' ' || coalesce((SELECT string_agg(m.text || ' ' || m.sentence "
    "|| ' ' || coalesce(m.subject, '') || ' ' || coalesce(m.attribution, ''), ' ') "
    "FROM claim_membership AS cm JOIN mention AS m ON m.id = cm.mention_id "
    "WHERE cm.claim_id = c.id), ''))), ' '), "
    "ARRAY(SELECT DISTINCT a.source_id FROM claim_membership AS cm "
    "JOIN mention AS m ON m.id = cm.mention_id JOIN article AS a ON a.id = m.article_id "
    "WHERE cm.claim_id = c.id ORDER BY a.source_id) FROM claim AS c ORDER BY c.id"
)
_STORED = text(
    "SELECT c.id, array_to_string(tsvector_to_array(f.document), ' '), f.source_ids "
    "FROM claim AS c LEFT JOIN claim_fts AS f ON f.claim_id = c.id ORDER BY c.id"
)


def _documents(engine: Engine) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    with engine.connect() as connection:
        stored = [tuple(row) for row in connection.execute(_STORED)]
        expected = [tuple(row) for row in connection.execute(_AS_BEFORE)]
    return stored, expected


@pytest.mark.postgres_only
def test_statement_triggers_write_the_row_triggers_documents(
    engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "synth.jsonl"
    _synth().write(path, 48)
    summary = ingest_paths(engine, [path], max_bytes=1_000_000)
    assert summary.count("stored") == 48
    stored, expected = _documents(engine)
    assert len(stored) > 40 and any(len(sources) > 2 for _, _, sources in stored)
    assert stored == expected

    # a fix writes claim rows one statement at a time: each still gets its document
    with Session(engine) as session, session.begin():
        user = User(username="checker", password_hash="-", role="factchecker")
        session.add(user)
        session.flush()
        mention_id, claim_id = session.execute(
            select(ClaimMembership.mention_id, ClaimMembership.claim_id).limit(1)
        ).one()
        version = session.scalar(text("SELECT version FROM claim WHERE id = :id"), {"id": claim_id})
        grouping.detach(session, mention_id=mention_id, base_version=version, user=user)
    stored, expected = _documents(engine)
    assert stored == expected

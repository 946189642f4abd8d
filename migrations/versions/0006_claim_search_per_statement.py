"""claim search documents rebuilt once per statement, not once per row (PostgreSQL)

The row trigger of 0002/0003 ran three queries for each claim row written, and every
connection plans each query for its own parameters (``plan_cache_mode=force_custom_plan``,
app/db/session.py), so a batch of ingest planned them again for every claim it touched:
0.5 ms a row, 1.4 ms of database time an article. Statement triggers with a transition
table rebuild the documents (and outlet ids) of all the rows a statement wrote in one
query: 0.1 ms a row when ingest writes its claims in one statement, and less than the row
trigger for a single row too. Same documents (same words; members in id order) and the same
outlet ids. A transition table serves one event only, hence two triggers.

SQLite keeps its FTS5 row triggers: it has no statement triggers.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 17:00:00

"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PIECE = (
    "m.text || ' ' || m.sentence || ' ' || coalesce(m.subject, '') || ' ' "
    "|| coalesce(m.attribution, '')"
)

# The document and outlet ids of every claim in ``written`` (0003's definitions, per set).
_REBUILD = (
    "INSERT INTO claim_fts (claim_id, document, source_ids) "
    "SELECT c.id, to_tsvector('simple', coalesce(c.label, '') || ' ' || coalesce(d.doc, '')), "
    "coalesce(d.sources, '{}') FROM written AS c LEFT JOIN LATERAL ("
    f"SELECT string_agg({_PIECE}, ' ' ORDER BY m.id) AS doc, "
    "array_agg(DISTINCT a.source_id ORDER BY a.source_id) AS sources "
    "FROM claim_membership AS cm JOIN mention AS m ON m.id = cm.mention_id "
    "JOIN article AS a ON a.id = m.article_id WHERE cm.claim_id = c.id) AS d ON true "
    "ON CONFLICT (claim_id) DO UPDATE "
    "SET document = EXCLUDED.document, source_ids = EXCLUDED.source_ids"
)

# 0003's row trigger function, for downgrade.
_ROW_FUNCTION = (
    "CREATE OR REPLACE FUNCTION claim_fts_sync() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "INSERT INTO claim_fts (claim_id, document, source_ids) VALUES (NEW.id, "
    "to_tsvector('simple', coalesce(NEW.label, '') || ' ' || coalesce("
    f"(SELECT string_agg({_PIECE}, ' ') FROM claim_membership AS cm "
    "JOIN mention AS m ON m.id = cm.mention_id WHERE cm.claim_id = NEW.id), '')), "
    "ARRAY(SELECT DISTINCT a.source_id FROM claim_membership AS cm "
    "JOIN mention AS m ON m.id = cm.mention_id JOIN article AS a ON a.id = m.article_id "
    "WHERE cm.claim_id = NEW.id ORDER BY a.source_id)) ON CONFLICT (claim_id) DO UPDATE "
    "SET document = EXCLUDED.document, source_ids = EXCLUDED.source_ids; RETURN NULL; END $$"
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE FUNCTION claim_fts_sync_written() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {_REBUILD}; RETURN NULL; END $$"
    )
    op.execute("DROP TRIGGER IF EXISTS claim_fts_sync ON claim")
    op.execute("DROP FUNCTION IF EXISTS claim_fts_sync()")
    for event in ("INSERT", "UPDATE"):
        op.execute(
            f"CREATE TRIGGER claim_fts_sync_{event.lower()} AFTER {event} ON claim "
            "REFERENCING NEW TABLE AS written FOR EACH STATEMENT "
            "EXECUTE FUNCTION claim_fts_sync_written()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for event in ("insert", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS claim_fts_sync_{event} ON claim")
    op.execute("DROP FUNCTION IF EXISTS claim_fts_sync_written()")
    op.execute(_ROW_FUNCTION)
    op.execute(
        "CREATE TRIGGER claim_fts_sync AFTER INSERT OR UPDATE ON claim "
        "FOR EACH ROW EXECUTE FUNCTION claim_fts_sync()"
    )

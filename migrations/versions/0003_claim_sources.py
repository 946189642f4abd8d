"""outlets of each claim, kept beside its search document (PostgreSQL)

The sources page counts, per outlet, its claims and how many of them are in conflict. Joining
every membership to its mention and article costs a scan of the two widest tables; keeping
each claim's outlet ids in ``claim_fts`` (written by the same trigger, from the same members)
turns that into a scan of one narrow table. SQLite deployments are small: nothing changes
there.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 10:55:00

"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PIECE = (
    "m.text || ' ' || m.sentence || ' ' || coalesce(m.subject, '') || ' ' "
    "|| coalesce(m.attribution, '')"
)


def _function(with_sources: bool) -> str:
    document = (
        "to_tsvector('simple', coalesce(NEW.label, '') || ' ' || coalesce("
        f"(SELECT string_agg({_PIECE}, ' ') FROM claim_membership AS cm "
        "JOIN mention AS m ON m.id = cm.mention_id WHERE cm.claim_id = NEW.id), ''))"
    )
    sources = (
        "ARRAY(SELECT DISTINCT a.source_id FROM claim_membership AS cm "
        "JOIN mention AS m ON m.id = cm.mention_id JOIN article AS a ON a.id = m.article_id "
        "WHERE cm.claim_id = NEW.id ORDER BY a.source_id)"
    )
    if with_sources:
        insert = (
            "INSERT INTO claim_fts (claim_id, document, source_ids) "
            f"VALUES (NEW.id, {document}, {sources}) ON CONFLICT (claim_id) DO UPDATE "
            "SET document = EXCLUDED.document, source_ids = EXCLUDED.source_ids; "
        )
    else:
        insert = (
            "INSERT INTO claim_fts (claim_id, document) "
            f"VALUES (NEW.id, {document}) ON CONFLICT (claim_id) DO UPDATE "
            "SET document = EXCLUDED.document; "
        )
    return (
        "CREATE OR REPLACE FUNCTION claim_fts_sync() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {insert}RETURN NULL; END $$"
    )


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE claim_fts ADD COLUMN source_ids integer[] NOT NULL DEFAULT '{}'")
    op.execute("CREATE INDEX ix_claim_fts_source_ids ON claim_fts USING gin (source_ids)")
    op.execute(_function(with_sources=True))
    op.execute(
        "UPDATE claim_fts AS f SET source_ids = ARRAY(SELECT DISTINCT a.source_id "
        "FROM claim_membership AS cm JOIN mention AS m ON m.id = cm.mention_id "
        "JOIN article AS a ON a.id = m.article_id WHERE cm.claim_id = f.claim_id "
        "ORDER BY a.source_id)"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(_function(with_sources=False))
    op.execute("DROP INDEX IF EXISTS ix_claim_fts_source_ids")
    op.execute("ALTER TABLE claim_fts DROP COLUMN IF EXISTS source_ids")

"""full-text search over claims

A claim's search document is its label plus the text, sentence, subject and attribution of
every member mention. Members change through many paths (ingest, merge, split, detach), but
every one of them ends by rewriting the claim row (``refresh_claims``), so a trigger on the
claim table keeps the index current without any caller having to remember it.

SQLite: an FTS5 table keyed by claim id. PostgreSQL: a tsvector table with a GIN index (the
document spans rows of other tables, so it cannot be a generated column of ``claim``).
Both use plain, unstemmed word tokens matched by prefix, so both engines find the same claims.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 10:40:00

"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _members_sql(claim: str, concat: str) -> str:
    piece = (
        "m.text || ' ' || m.sentence || ' ' || coalesce(m.subject, '') || ' ' "
        "|| coalesce(m.attribution, '')"
    )
    return (
        f"coalesce({claim}.label, '') || ' ' || coalesce((SELECT {concat}({piece}, ' ') "
        "FROM claim_membership AS cm JOIN mention AS m ON m.id = cm.mention_id "
        f"WHERE cm.claim_id = {claim}.id), '')"
    )


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _upgrade_postgresql()
    else:
        _upgrade_sqlite()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS claim_fts_sync ON claim")
        op.execute("DROP FUNCTION IF EXISTS claim_fts_sync()")
        op.execute("DROP TABLE IF EXISTS claim_fts")
    else:
        for name in ("claim_fts_ai", "claim_fts_au", "claim_fts_ad"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS claim_fts")


def _upgrade_sqlite() -> None:
    document = _members_sql("new", "group_concat")
    op.execute(
        "CREATE VIRTUAL TABLE claim_fts USING fts5(document, "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )
    op.execute(
        "CREATE TRIGGER claim_fts_ai AFTER INSERT ON claim BEGIN "
        f"INSERT INTO claim_fts (rowid, document) VALUES (new.id, {document}); END"
    )
    op.execute(
        "CREATE TRIGGER claim_fts_au AFTER UPDATE ON claim BEGIN "
        "DELETE FROM claim_fts WHERE rowid = old.id; "
        f"INSERT INTO claim_fts (rowid, document) VALUES (new.id, {document}); END"
    )
    op.execute(
        "CREATE TRIGGER claim_fts_ad AFTER DELETE ON claim BEGIN "
        "DELETE FROM claim_fts WHERE rowid = old.id; END"
    )
    op.execute(
        "INSERT INTO claim_fts (rowid, document) "
        f"SELECT c.id, {_members_sql('c', 'group_concat')} FROM claim AS c"
    )


def _upgrade_postgresql() -> None:
    document = _members_sql("NEW", "string_agg")
    op.execute(
        "CREATE TABLE claim_fts ("
        "claim_id integer PRIMARY KEY REFERENCES claim (id) ON DELETE CASCADE, "
        "document tsvector NOT NULL)"
    )
    op.execute("CREATE INDEX ix_claim_fts_document ON claim_fts USING gin (document)")
    op.execute(
        "CREATE FUNCTION claim_fts_sync() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "INSERT INTO claim_fts (claim_id, document) "
        f"VALUES (NEW.id, to_tsvector('simple', {document})) "
        "ON CONFLICT (claim_id) DO UPDATE SET document = EXCLUDED.document; "
        "RETURN NULL; END $$"
    )
    op.execute(
        "CREATE TRIGGER claim_fts_sync AFTER INSERT OR UPDATE ON claim "
        "FOR EACH ROW EXECUTE FUNCTION claim_fts_sync()"
    )
    op.execute(
        "INSERT INTO claim_fts (claim_id, document) "
        f"SELECT c.id, to_tsvector('simple', {_members_sql('c', 'string_agg')}) FROM claim AS c"
    )

"""indexes in the order of each claims listing

The claims page and ``/api/v1/claims`` sort by (sources, mentions, id), by (conflicting first,
spread, sources, id) or by (first publication, id), newest or largest first, and show 25-50
rows. With one index per order the database reads those rows off the index and stops;
without, it sorts every claim (100k claims: a full scan per page view). The expressions
are the ones ``app.services.browse._claim_sort_keys`` orders by, so the planner matches them.
``ix_claim_sources_count`` is a prefix of the first and goes.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 11:55:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_claim_rank_sources", "claim", ["sources_count", "mentions_count", "id"])
    op.create_index(
        "ix_claim_rank_disputed",
        "claim",
        [
            sa.text("(CASE WHEN status = 'conflicting' THEN 1 ELSE 0 END)"),
            sa.text("coalesce(relative_spread, 0.0)"),
            "sources_count",
            "id",
        ],
    )
    op.create_index(
        "ix_claim_rank_newest",
        "claim",
        [sa.text("coalesce(first_published_at, created_at)"), "id"],
    )
    op.drop_index("ix_claim_sources_count", table_name="claim")


def downgrade() -> None:
    op.create_index("ix_claim_sources_count", "claim", ["sources_count"])
    op.drop_index("ix_claim_rank_newest", table_name="claim")
    op.drop_index("ix_claim_rank_disputed", table_name="claim")
    op.drop_index("ix_claim_rank_sources", table_name="claim")

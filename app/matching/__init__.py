"""Group mentions of the same fact across articles and say whether sources agree."""

from app.matching.agreement import agreement, summarize
from app.matching.match import assign, blocking_keys
from app.matching.model import (
    STATUSES,
    Agreement,
    ClaimRecord,
    ClaimSummary,
    MatchResult,
    MentionRecord,
    NewClaim,
    SourceFigure,
    Status,
)

__all__ = [
    "STATUSES",
    "Agreement",
    "ClaimRecord",
    "ClaimSummary",
    "MatchResult",
    "MentionRecord",
    "NewClaim",
    "SourceFigure",
    "Status",
    "agreement",
    "assign",
    "blocking_keys",
    "summarize",
]

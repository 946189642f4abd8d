"""Group mentions of the same fact across articles and say whether sources agree."""

from app.matching.agreement import agreement, summarize
from app.matching.lexicon import article_topic
from app.matching.match import Memo, assign, blocking_keys
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
    "Memo",
    "MentionRecord",
    "NewClaim",
    "SourceFigure",
    "Status",
    "agreement",
    "article_topic",
    "assign",
    "blocking_keys",
    "summarize",
]

"""Read use-cases: the data behind every page and its JSON twin, in a fixed number of queries.

Lists page with an opaque keyset cursor: the sort key of the last row shown, so a page costs
the same wherever it is in the list and rows added meanwhile never shift what comes next.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Generic, Literal, TypeVar

from sqlalchemy import (
    ColumnElement,
    DateTime,
    bindparam,
    case,
    distinct,
    exists,
    func,
    literal,
    select,
    text,
    tuple_,
    type_coerce,
)
from sqlalchemy.orm import Session, contains_eager, defer

from app.db.models import (
    Article,
    Claim,
    ClaimMembership,
    Mention,
    Source,
)
from app.db.types import MAX_DB_INT
from app.schemas import (
    ArticlePublic,
    ClaimPublic,
    MentionPublic,
    SourcePublic,
)
from app.services.search import claim_matches

T = TypeVar("T")
ClaimSort = Literal["sources", "disputed", "newest"]
CLAIM_SORTS: tuple[ClaimSort, ...] = ("sources", "disputed", "newest")
DEFAULT_LIMIT = 50
MAX_LIMIT = 500


class InvalidCursor(ValueError):
    """A cursor this service did not hand out (or one for another sort order)."""


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    next: str | None = None
    total: int | None = None


def clamp_limit(limit: int | None, default: int = DEFAULT_LIMIT) -> int:
    if limit is None:
        return default
    return max(1, min(limit, MAX_LIMIT))


# --- cursors -------------------------------------------------------------------------------


def _encode_cursor(kind: str, values: list[Any]) -> str:
    plain = [v.isoformat() if isinstance(v, datetime) else v for v in values]
    raw = json.dumps([kind, plain], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str, kind: str, types: tuple[type, ...]) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        found_kind, values = json.loads(raw)
    except (ValueError, binascii.Error, TypeError) as error:
        raise InvalidCursor("this page link is not valid (bad cursor)") from error
    if found_kind != kind or not isinstance(values, list) or len(values) != len(types):
        raise InvalidCursor("this page link belongs to another listing or sort order")
    out: list[Any] = []
    for value, wanted in zip(values, types, strict=True):
        try:
            if wanted is datetime:
                out.append(datetime.fromisoformat(value))
            elif wanted is float:
                number = float(value)
                if not math.isfinite(number):
                    raise ValueError(value)
                out.append(number)
            elif type(value) is int and abs(value) <= MAX_DB_INT:
                out.append(value)
            else:
                raise ValueError(value)
        except (TypeError, ValueError, OverflowError) as error:
            raise InvalidCursor("this page link is not valid (bad cursor)") from error
    return out


def _after(keys: list[Any], values: list[Any]) -> ColumnElement[bool]:
    """Rows after ``values`` in a listing sorted by ``keys``, all descending."""
    return tuple_(*keys) < tuple_(*(literal(v, k.type) for k, v in zip(keys, values, strict=True)))


# --- claims --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClaimFilters:
    q: str | None = None
    status: str | None = None
    kind: str | None = None
    unit: str | None = None
    source: str | None = None
    verdict: str | None = None
    published_after: date | None = None
    published_before: date | None = None

    @property
    def active(self) -> bool:
        return any(getattr(self, name) not in (None, "") for name in self.__slots__)


def day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _claim_sort_keys(sort: ClaimSort) -> tuple[list[Any], tuple[type, ...]]:
    if sort == "disputed":
        conflicting = case((Claim.status == "conflicting", 1), else_=0)
        spread = func.coalesce(Claim.relative_spread, 0.0)
        return [conflicting, spread, Claim.sources_count, Claim.id], (int, float, int, int)
    if sort == "newest":
        published = func.coalesce(Claim.first_published_at, Claim.created_at)
        return [published, Claim.id], (datetime, int)
    return [Claim.sources_count, Claim.mentions_count, Claim.id], (int, int, int)


def _claim_conditions(session: Session, filters: ClaimFilters) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if filters.q:
        matched = claim_matches(session, filters.q)
        if matched is not None:
            where.append(matched)
    for name in ("status", "kind", "unit", "verdict"):
        value = getattr(filters, name)
        if value:
            where.append(getattr(Claim, name) == value)
    # Source and dates ask about the member articles: one EXISTS, so both apply to one article.
    member: list[ColumnElement[bool]] = []
    if filters.source:
        member.append(Source.name == filters.source)
    if filters.published_after:
        member.append(Article.published_at >= day_start(filters.published_after))
    if filters.published_before:
        member.append(
            Article.published_at < day_start(filters.published_before + timedelta(days=1))
        )
    if member:
        inner = (
            select(ClaimMembership.mention_id)
            .join(Mention, Mention.id == ClaimMembership.mention_id)
            .join(Article, Article.id == Mention.article_id)
            .where(ClaimMembership.claim_id == Claim.id, *member)
        )
        if filters.source:
            inner = inner.join(Source, Source.id == Article.source_id)
        where.append(exists(inner))
    return where


# A claim document: the Claim JSON (DESIGN.md) as plain dicts and lists, keys in the order
# of ``ClaimPublic``'s fields, values as stored: times are naive UTC (``UTCDateTime``'s
# storage), which ``export.claim_json`` writes with their ``Z``. The JSON API sends these
# documents as they are; pages and exports that need objects validate them into
# ``ClaimPublic`` (``claim_public``). Built from Core rows, without ORM objects, a validation
# pass or a time zone attached per row: those were most of the cost of a page of claims.
ClaimDoc = dict[str, Any]


def _stored_time(column: Any) -> Any:
    """A ``UTCDateTime`` column read as the naive UTC it is stored as."""
    return type_coerce(column, DateTime()).label(column.key)


_CLAIM_COLUMNS = (
    Claim.id,
    Claim.label,
    Claim.kind,
    Claim.unit,
    Claim.status,
    Claim.verdict,
    Claim.version,
    Claim.low,
    Claim.high,
    Claim.common_low,
    Claim.common_high,
    Claim.relative_spread,
    Claim.explanation,
    Claim.time_ordered,
    Claim.disagreeing_sources,
    Claim.sources_count,
    Claim.mentions_count,
    _stored_time(Claim.updated_at),
)
_CLAIM_WIDTH = len(_CLAIM_COLUMNS)


# Built once: a statement object used again skips re-adapting its cached result columns.
_MEMBERS = (
    select(
        ClaimMembership.claim_id,
        Mention.id,
        Mention.text,
        Mention.start,
        Mention.end,
        Mention.sentence,
        Mention.kind,
        Mention.value,
        Mention.low,
        Mention.high,
        Mention.date,
        Mention.qualifier,
        Mention.unit,
        Mention.subject,
        Mention.attribution,
        Mention.prefix,
        Mention.suffix,
        Mention.detached,
        Article.id,
        Article.title,
        Source.name,
        Article.url,
        _stored_time(Article.published_at),
    )
    .join(Mention, Mention.id == ClaimMembership.mention_id)
    .join(Article, Article.id == Mention.article_id)
    .join(Source, Source.id == Article.source_id)
    .where(ClaimMembership.claim_id.in_(bindparam("claim_ids", expanding=True)))
    .order_by(ClaimMembership.claim_id, Article.published_at, Mention.id)
)
_CLAIMS_BY_ID = (
    select(*_CLAIM_COLUMNS)
    .where(Claim.id.in_(bindparam("claim_ids", expanding=True)))
    .order_by(Claim.id)
)


def claim_member_docs(session: Session, claim_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The members of several claims with their articles, as mention documents (the mention
    JSON of the Claim JSON), earliest article first, in one query.

    A list of 50 busy claims holds 700-1,200 members: Core rows (no ORM loading) and one dict
    literal per member keep their cost to about a microsecond a field.
    """
    if not claim_ids:
        return {}
    rows = session.connection().execute(_MEMBERS, {"claim_ids": claim_ids}).all()
    grouped: dict[int, list[dict[str, Any]]] = {}
    last_claim: int | None = None
    members: list[dict[str, Any]] = []
    for (
        claim_id, mention_id, quote, start, end, sentence, kind, value, low, high, day,
        qualifier, unit, subject, attribution, prefix, suffix, detached,
        article_id, title, source, url, published_at,
    ) in rows:  # fmt: skip
        if claim_id != last_claim:
            members = grouped.setdefault(claim_id, [])
            last_claim = claim_id
        # Keys in the order of ClaimMention's fields (tests/web/test_browse.py checks).
        members.append({
            "id": mention_id, "text": quote, "start": start, "end": end, "sentence": sentence,
            "kind": kind, "value": value, "low": low, "high": high, "date": day,
            "qualifier": qualifier, "unit": unit, "subject": subject,
            "attribution": attribution, "prefix": prefix, "suffix": suffix,
            "detached": detached, "claim_id": claim_id,
            "article": {
                "id": article_id, "title": title, "source": source, "url": url,
                "published_at": published_at,
            },
        })  # fmt: skip
    return grouped


def _claim_doc(row: Any, members: dict[int, list[dict[str, Any]]]) -> ClaimDoc:
    (
        claim_id, label, kind, unit, status, verdict, version, low, high, common_low,
        common_high, relative_spread, explanation, time_ordered, disagreeing_sources,
        sources, mentions_count, updated_at,
    ) = row[:_CLAIM_WIDTH]  # fmt: skip
    # Keys in the order of ClaimPublic's fields (tests/web/test_browse.py checks).
    return {
        "id": claim_id, "label": label, "kind": kind, "unit": unit, "status": status,
        "verdict": verdict, "version": version, "low": low, "high": high,
        "common_low": common_low, "common_high": common_high,
        "relative_spread": relative_spread, "explanation": explanation,
        "time_ordered": time_ordered, "disagreeing_sources": list(disagreeing_sources or []),
        "sources": sources, "mentions_count": mentions_count, "updated_at": updated_at,
        "mentions": members.get(claim_id, []),
    }  # fmt: skip


def _aware(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=UTC) if moment is not None else None


def _aware_member(member: dict[str, Any]) -> dict[str, Any]:
    article = member["article"]
    return {**member, "article": {**article, "published_at": _aware(article["published_at"])}}


def claim_public(doc: ClaimDoc) -> ClaimPublic:
    """The ``ClaimPublic`` of a claim document, its times UTC-aware, for pages and exports."""
    return ClaimPublic.model_validate(
        {
            **doc,
            "updated_at": _aware(doc["updated_at"]),
            "mentions": [_aware_member(m) for m in doc["mentions"]],
        }
    )


def search_claim_docs(
    session: Session,
    *,
    filters: ClaimFilters | None = None,
    sort: ClaimSort = "sources",
    cursor: str | None = None,
    limit: int | None = None,
    with_total: bool = True,
    with_members: bool = True,
) -> Page[ClaimDoc]:
    """Claims matching ``filters``, best first by ``sort``, with members and their articles,
    as claim documents (see ``ClaimDoc``).

    ``with_members=False`` leaves ``mentions`` empty, for listings that show a line per claim
    (see ``claim_outlets``): members are most of the cost of a page of busy claims.
    """
    filters = filters or ClaimFilters()
    size = clamp_limit(limit)
    keys, types = _claim_sort_keys(sort)
    where = _claim_conditions(session, filters)
    query = select(*_CLAIM_COLUMNS, *keys).where(*where)
    if cursor:
        query = query.where(_after(keys, _decode_cursor(cursor, f"claims:{sort}", types)))
    rows = (
        session.connection()
        .execute(query.order_by(*(k.desc() for k in keys)).limit(size + 1))
        .all()
    )
    more = len(rows) > size
    rows = rows[:size]
    members = claim_member_docs(session, [row[0] for row in rows]) if with_members else {}
    items = [_claim_doc(row, members) for row in rows]
    next_cursor = (
        _encode_cursor(f"claims:{sort}", list(rows[-1][_CLAIM_WIDTH:])) if more else None
    )
    total = None
    if with_total:
        total = session.scalar(select(func.count()).select_from(Claim).where(*where)) or 0
    return Page(items=items, next=next_cursor, total=total)


def search_claims(
    session: Session,
    *,
    filters: ClaimFilters | None = None,
    sort: ClaimSort = "sources",
    cursor: str | None = None,
    limit: int | None = None,
    with_total: bool = True,
    with_members: bool = True,
) -> Page[ClaimPublic]:
    """``search_claim_docs`` as public models (pages, the overview)."""
    page = search_claim_docs(
        session,
        filters=filters,
        sort=sort,
        cursor=cursor,
        limit=limit,
        with_total=with_total,
        with_members=with_members,
    )
    return Page(items=[claim_public(d) for d in page.items], next=page.next, total=page.total)


def claim_outlets(session: Session, claim_ids: list[int]) -> dict[int, list[str]]:
    """The outlets reporting each claim, earliest report first, in one query."""
    if not claim_ids:
        return {}
    first = func.min(Article.published_at)
    rows = session.execute(
        select(ClaimMembership.claim_id, Source.name, first)
        .join(Mention, Mention.id == ClaimMembership.mention_id)
        .join(Article, Article.id == Mention.article_id)
        .join(Source, Source.id == Article.source_id)
        .where(ClaimMembership.claim_id.in_(claim_ids))
        .group_by(ClaimMembership.claim_id, Source.name)
        .order_by(ClaimMembership.claim_id, first, Source.name)
    ).all()
    out: dict[int, list[str]] = {}
    for claim_id, name, _ in rows:
        out.setdefault(claim_id, []).append(name)
    return out


def claim_docs(session: Session, claim_ids: list[int]) -> list[ClaimDoc]:
    """The documents of the claims ``claim_ids`` that exist, in id order, in two queries."""
    if not claim_ids:
        return []
    rows = session.connection().execute(_CLAIMS_BY_ID, {"claim_ids": claim_ids}).all()
    members = claim_member_docs(session, [row[0] for row in rows])
    return [_claim_doc(row, members) for row in rows]


def claim_doc(session: Session, claim_id: int) -> ClaimDoc | None:
    """One claim document with every member and its article."""
    found = claim_docs(session, [claim_id])
    return found[0] if found else None


def get_claim(session: Session, claim_id: int) -> ClaimPublic | None:
    doc = claim_doc(session, claim_id)
    return None if doc is None else claim_public(doc)


@dataclass(frozen=True, slots=True)
class FilterChoices:
    """The values the claim filters offer, from what is stored."""

    kinds: list[str]
    units: list[str]
    sources: list[str]


# PostgreSQL has no skip scan: walk ix_claim_kind_unit one distinct (kind, unit) at a time,
# one index probe each, instead of reading every claim (100k claims: ~5 ms instead of ~60).
_KIND_UNIT_PAIRS = text(
    "WITH RECURSIVE kinds AS ("
    " SELECT min(kind) AS kind FROM claim"
    " UNION ALL"
    " SELECT (SELECT min(c.kind) FROM claim AS c WHERE c.kind > k.kind)"
    " FROM kinds AS k WHERE k.kind IS NOT NULL"
    "), units AS ("
    " SELECT k.kind, (SELECT min(c.unit) FROM claim AS c WHERE c.kind = k.kind) AS unit"
    " FROM kinds AS k WHERE k.kind IS NOT NULL"
    " UNION ALL"
    " SELECT u.kind, (SELECT min(c.unit) FROM claim AS c WHERE c.kind = u.kind AND c.unit > u.unit)"
    " FROM units AS u WHERE u.unit IS NOT NULL"
    ") SELECT kind, unit FROM units"
)


def filter_choices(session: Session) -> FilterChoices:
    if session.get_bind().dialect.name == "postgresql":
        pairs = session.execute(_KIND_UNIT_PAIRS).all()
    else:  # SQLite's planner skip-scans the (kind, unit) index by itself
        pairs = session.execute(select(Claim.kind, Claim.unit).distinct()).all()
    kinds = sorted({kind for kind, _ in pairs})
    units = sorted({unit for _, unit in pairs if unit})
    sources = list(session.scalars(select(Source.name).order_by(Source.name)))
    return FilterChoices(kinds=kinds, units=units, sources=sources)


# --- mentions ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MentionFilters:
    kind: str | None = None
    unit: str | None = None
    article_id: int | None = None
    claim_id: int | None = None


def list_mentions(
    session: Session,
    *,
    filters: MentionFilters | None = None,
    cursor: str | None = None,
    limit: int | None = None,
) -> Page[MentionPublic]:
    """Mentions in id order, each with the claim it belongs to (if any)."""
    filters = filters or MentionFilters()
    size = clamp_limit(limit)
    query = select(Mention, ClaimMembership.claim_id).outerjoin(
        ClaimMembership, ClaimMembership.mention_id == Mention.id
    )
    if filters.kind:
        query = query.where(Mention.kind == filters.kind)
    if filters.unit:
        query = query.where(Mention.unit == filters.unit)
    if filters.article_id is not None:
        query = query.where(Mention.article_id == filters.article_id)
    if filters.claim_id is not None:
        query = query.where(ClaimMembership.claim_id == filters.claim_id)
    if cursor:
        (last,) = _decode_cursor(cursor, "mentions", (int,))
        query = query.where(Mention.id > last)
    rows = session.execute(query.order_by(Mention.id).limit(size + 1)).all()
    more = len(rows) > size
    rows = rows[:size]
    items = [MentionPublic.of(m, claim_id) for m, claim_id in rows]
    return Page(items=items, next=_encode_cursor("mentions", [rows[-1][0].id]) if more else None)


# --- articles ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ArticleFilters:
    source: str | None = None
    published_after: date | None = None
    published_before: date | None = None


@dataclass(frozen=True, slots=True)
class ArticleRow:
    article: ArticlePublic
    mentions: int
    claims: int


def _article_conditions(filters: ArticleFilters) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if filters.source:
        where.append(Article.source_id.in_(select(Source.id).where(Source.name == filters.source)))
    if filters.published_after:
        where.append(Article.published_at >= day_start(filters.published_after))
    if filters.published_before:
        end = day_start(filters.published_before + timedelta(days=1))
        where.append(Article.published_at < end)
    return where


def list_articles(
    session: Session,
    *,
    filters: ArticleFilters | None = None,
    cursor: str | None = None,
    limit: int | None = None,
    with_total: bool = True,
) -> Page[ArticleRow]:
    """Articles, most recently added first, with how many figures and claims each holds.

    Added order rides the primary key: no sort over the whole table, whatever its size.
    """
    filters = filters or ArticleFilters()
    size = clamp_limit(limit)
    where = _article_conditions(filters)
    query = (
        select(Article)
        .join(Source, Source.id == Article.source_id)
        .options(contains_eager(Article.source), defer(Article.body))
        .where(*where)
    )
    if cursor:
        (last,) = _decode_cursor(cursor, "articles", (int,))
        query = query.where(Article.id < last)
    articles = list(session.scalars(query.order_by(Article.id.desc()).limit(size + 1)))
    more = len(articles) > size
    articles = articles[:size]
    counts: dict[int, tuple[int, int]] = {}
    if articles:
        counted = session.execute(
            select(
                Mention.article_id,
                func.count(Mention.id),
                func.count(distinct(ClaimMembership.claim_id)),
            )
            .outerjoin(ClaimMembership, ClaimMembership.mention_id == Mention.id)
            .where(Mention.article_id.in_([a.id for a in articles]))
            .group_by(Mention.article_id)
        ).all()
        counts = {article_id: (n, c) for article_id, n, c in counted}
    items = [ArticleRow(ArticlePublic.of(a), *counts.get(a.id, (0, 0))) for a in articles]
    total = None
    if with_total:
        total = session.scalar(select(func.count()).select_from(Article).where(*where)) or 0
    next_cursor = _encode_cursor("articles", [articles[-1].id]) if more else None
    return Page(items=items, next=next_cursor, total=total)


@dataclass(frozen=True, slots=True)
class ClaimBrief:
    id: int
    label: str
    status: str
    verdict: str
    sources: int


@dataclass(frozen=True, slots=True)
class ArticleDetail:
    article: ArticlePublic
    claims: dict[int, ClaimBrief]


def get_article(session: Session, article_id: int) -> ArticlePublic | None:
    detail = article_detail(session, article_id, with_claims=False)
    return detail.article if detail else None


def article_detail(
    session: Session, article_id: int, *, with_claims: bool = True
) -> ArticleDetail | None:
    """An article with its body and every figure found in it, each with its claim."""
    article = session.scalar(
        select(Article)
        .join(Source, Source.id == Article.source_id)
        .options(contains_eager(Article.source))
        .where(Article.id == article_id)
    )
    if article is None:
        return None
    rows = session.execute(
        select(Mention, ClaimMembership.claim_id)
        .outerjoin(ClaimMembership, ClaimMembership.mention_id == Mention.id)
        .where(Mention.article_id == article_id)
        .order_by(Mention.start, Mention.id)
    ).all()
    mentions = [MentionPublic.of(m, claim_id) for m, claim_id in rows]
    claims: dict[int, ClaimBrief] = {}
    claim_ids = sorted({m.claim_id for m in mentions if m.claim_id is not None})
    if with_claims and claim_ids:
        for c in session.scalars(select(Claim).where(Claim.id.in_(claim_ids))):
            claims[c.id] = ClaimBrief(c.id, c.label, c.status, c.verdict, c.sources_count)
    return ArticleDetail(
        article=ArticlePublic.of(article, with_body=True, mentions=mentions), claims=claims
    )


# --- sources -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceRow:
    """An outlet and how its figures fare against other outlets'.

    ``shared_claims``: its claims that other outlets report too. ``conflicting_claims`` (in
    ``source``): those where the outlets disagree. ``outlier_claims``: those where its own
    figure is one that disagrees.
    """

    source: SourcePublic
    shared_claims: int
    outlier_claims: int

    @property
    def disagreement_rate(self) -> float | None:
        if not self.shared_claims:
            return None
        return self.source.conflicting_claims / self.shared_claims


_SOURCE_CLAIMS_POSTGRESQL = text(
    "SELECT s.source_id, count(*), count(*) FILTER (WHERE cardinality(f.source_ids) > 1), "
    "count(c.id) FROM claim_fts AS f CROSS JOIN LATERAL unnest(f.source_ids) AS s(source_id) "
    "LEFT JOIN claim AS c ON c.id = f.claim_id AND c.status = 'conflicting' "
    "GROUP BY s.source_id"
)


def _source_claim_counts(session: Session) -> dict[int, tuple[int, int, int]]:
    """Per outlet: its claims, those shared with other outlets, those in conflict."""
    if session.get_bind().dialect.name == "postgresql":
        # The outlets of each claim are kept with its search document (migration 0003).
        rows = session.execute(_SOURCE_CLAIMS_POSTGRESQL).all()
    else:
        pairs = (
            select(Article.source_id, ClaimMembership.claim_id)
            .join(Mention, Mention.article_id == Article.id)
            .join(ClaimMembership, ClaimMembership.mention_id == Mention.id)
            .distinct()
            .subquery()
        )
        rows = session.execute(
            select(
                pairs.c.source_id,
                func.count(),
                func.count(case((Claim.sources_count > 1, 1))),
                func.count(case((Claim.status == "conflicting", 1))),
            )
            .join(Claim, Claim.id == pairs.c.claim_id)
            .group_by(pairs.c.source_id)
        ).all()
    return {sid: (n, shared, conflicting) for sid, n, shared, conflicting in rows}


def list_sources(session: Session) -> list[SourceRow]:
    """Every outlet with its counts, in four queries whatever their number."""
    articles = dict(
        session.execute(select(Article.source_id, func.count()).group_by(Article.source_id)).all()
    )
    claim_counts = _source_claim_counts(session)
    outliers: Counter[str] = Counter()
    for names in session.scalars(
        select(Claim.disagreeing_sources).where(Claim.status == "conflicting")
    ):
        outliers.update(set(names or []))
    rows = []
    for source in session.scalars(select(Source).order_by(Source.name)):
        n, shared, conflicting = claim_counts.get(source.id, (0, 0, 0))
        public = SourcePublic.of(
            source, articles=articles.get(source.id, 0), claims=n, conflicting_claims=conflicting
        )
        rows.append(SourceRow(public, shared_claims=shared, outlier_claims=outliers[source.name]))
    return rows


# --- overview ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OverviewCounts:
    articles: int
    sources: int
    claims: int
    conflicting: int
    awaiting_review: int


@dataclass(frozen=True, slots=True)
class Overview:
    counts: OverviewCounts
    disputed: list[ClaimPublic]
    outlets: dict[int, list[str]]
    latest: list[ArticleRow]


def overview_counts(session: Session) -> OverviewCounts:
    """All headline counts in one query. Awaiting review: conflicting and not yet judged."""
    conflicting = Claim.status == "conflicting"
    row = session.execute(
        select(
            select(func.count()).select_from(Article).scalar_subquery(),
            select(func.count()).select_from(Source).scalar_subquery(),
            select(func.count()).select_from(Claim).scalar_subquery(),
            select(func.count()).select_from(Claim).where(conflicting).scalar_subquery(),
            select(func.count())
            .select_from(Claim)
            .where(conflicting, Claim.verdict == "unverified")
            .scalar_subquery(),
        )
    ).one()
    return OverviewCounts(*(int(v or 0) for v in row))


def overview(session: Session, *, claims: int = 6, articles: int = 8) -> Overview:
    disputed = search_claims(
        session,
        filters=ClaimFilters(status="conflicting"),
        sort="disputed",
        limit=claims,
        with_total=False,
        with_members=False,
    )
    latest = list_articles(session, limit=articles, with_total=False)
    return Overview(
        counts=overview_counts(session),
        disputed=disputed.items,
        outlets=claim_outlets(session, [c.id for c in disputed.items]),
        latest=latest.items,
    )


__all__ = [
    "CLAIM_SORTS",
    "ArticleDetail",
    "ArticleFilters",
    "ArticleRow",
    "ClaimBrief",
    "ClaimDoc",
    "ClaimFilters",
    "ClaimSort",
    "FilterChoices",
    "InvalidCursor",
    "MentionFilters",
    "Overview",
    "OverviewCounts",
    "Page",
    "SourceRow",
    "article_detail",
    "claim_doc",
    "claim_docs",
    "claim_member_docs",
    "claim_outlets",
    "filter_choices",
    "get_article",
    "get_claim",
    "list_articles",
    "list_mentions",
    "list_sources",
    "overview",
    "search_claim_docs",
    "search_claims",
]

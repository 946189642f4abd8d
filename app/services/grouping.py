"""People fixing how mentions are grouped into claims: merge, split, move, detach, pin.

Each fix bumps the claim version (optimistic concurrency), locks the members it touched
(``origin="manual"``: automatic matching never takes them out) and, where a mention leaves
a claim, records an exclusion (automatic matching never puts it back). ``rematch_all``
re-runs automatic matching over everything and honours all of these.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.orm import Session, load_only

from app.db.models import (
    Article,
    Claim,
    ClaimExclusion,
    ClaimKey,
    ClaimMembership,
    Mention,
    Source,
    User,
)
from app.db.types import utcnow
from app.matching import (
    ClaimRecord,
    MentionRecord,
    NewClaim,
    article_topic,
    assign,
    blocking_keys,
)
from app.services import audit
from app.services.claims import lock_keys, mention_record, merge_into, refresh_claims
from app.services.search import claim_matches
from app.services.versioning import (
    InvalidChange,
    NotFound,
    bump_version,
    get_claim,
    stale_version,
)


@dataclass(frozen=True, slots=True)
class GroupingResult:
    """What a fix did: the claim to look at next and the new version of every claim touched."""

    action: str
    claim_id: int | None
    versions: dict[int, int] = field(default_factory=dict)
    removed: tuple[int, ...] = ()


def members_of(session: Session, claim_id: int) -> list[int]:
    return list(
        session.scalars(
            select(ClaimMembership.mention_id)
            .where(ClaimMembership.claim_id == claim_id)
            .order_by(ClaimMembership.mention_id)
        )
    )


def _lock(session: Session, claim_ids: Iterable[int]) -> None:
    session.execute(
        update(ClaimMembership)
        .where(ClaimMembership.claim_id.in_(sorted(set(claim_ids))))
        .values(origin="manual")
    )


def _exclude(session: Session, claim_id: int, mention_ids: Iterable[int]) -> None:
    for mention_id in mention_ids:
        if session.get(ClaimExclusion, (claim_id, mention_id)) is None:
            session.add(ClaimExclusion(claim_id=claim_id, mention_id=mention_id))


def _unexclude(session: Session, claim_ids: Sequence[int], mention_ids: Sequence[int]) -> None:
    session.execute(
        delete(ClaimExclusion).where(
            ClaimExclusion.claim_id.in_(claim_ids), ClaimExclusion.mention_id.in_(mention_ids)
        )
    )


def _serialise_with_ingest(session: Session, claim_ids: Iterable[int | None]) -> None:
    """Take the ingest workers' locks on these claims' keys (PostgreSQL), so a fix and an
    article matched at the same moment never see each other half done."""
    ids = sorted({c for c in claim_ids if c is not None})
    keys = set(session.scalars(select(ClaimKey.key).where(ClaimKey.claim_id.in_(ids))))
    lock_keys(session, keys)


def _check(session: Session, claim: Claim, base_version: int) -> None:
    if claim.version != base_version:
        raise stale_version(session, claim.id, base_version)


def _finish(
    session: Session, action: str, claim_id: int | None, touched: Iterable[int]
) -> GroupingResult:
    """Recompute the touched claims; report the versions of those still standing."""
    ids = sorted(set(touched))
    refresh_claims(session, ids)
    session.flush()
    versions = dict(
        session.execute(select(Claim.id, Claim.version).where(Claim.id.in_(ids))).all()
    )
    removed = tuple(i for i in ids if i not in versions)
    return GroupingResult(
        action=action,
        claim_id=claim_id if claim_id in versions else None,
        versions=versions,
        removed=removed,
    )


def merge(
    session: Session,
    *,
    claim_id: int,
    other_id: int,
    base_version: int,
    user: User,
    other_version: int | None = None,
) -> GroupingResult:
    """Fold ``other_id`` into ``claim_id``: one fact, with both histories."""
    if claim_id == other_id:
        raise InvalidChange("a claim cannot be merged with itself")
    _serialise_with_ingest(session, [claim_id, other_id])
    keep = get_claim(session, claim_id)
    other = get_claim(session, other_id)
    _check(session, keep, base_version)
    if other_version is not None:
        _check(session, other, other_version)
        bump_version(session, other_id, other_version)
    before = members_of(session, claim_id)
    absorbed = members_of(session, other_id)
    version = bump_version(session, claim_id, base_version, pinned=keep.pinned or other.pinned)
    # A person says these are one fact: earlier decisions that kept them apart no longer hold.
    _unexclude(session, [claim_id, other_id], before + absorbed)
    session.expunge(other)
    merge_into(session, {other_id: claim_id})
    _lock(session, [claim_id])
    after = members_of(session, claim_id)
    audit.record(
        session, action="claim.merge", object_type="claim", object_id=claim_id, user=user,
        detail={"version": version, "absorbed": other_id, "before": before, "after": after},
    )
    audit.record(
        session, action="claim.merge", object_type="claim", object_id=other_id, user=user,
        detail={"merged_into": claim_id, "before": absorbed, "after": []},
    )
    return _finish(session, "merge", claim_id, [claim_id])


def split(
    session: Session, *, claim_id: int, mention_ids: Sequence[int], base_version: int, user: User
) -> GroupingResult:
    """Move ``mention_ids`` out of a claim into a new claim of their own."""
    _serialise_with_ingest(session, [claim_id])
    claim = get_claim(session, claim_id)
    chosen = sorted(set(mention_ids))
    if not chosen:
        raise InvalidChange("choose at least one mention to split off")
    before = members_of(session, claim_id)
    strangers = sorted(set(chosen) - set(before))
    if strangers:
        raise InvalidChange(f"mentions {strangers} are not in claim {claim_id}")
    if len(chosen) == len(before):
        raise InvalidChange("leave at least one mention in the claim; to start over, detach")
    _check(session, claim, base_version)
    version = bump_version(session, claim_id, base_version)
    first = session.get(Mention, chosen[0])
    assert first is not None
    new = Claim(label="", kind=first.kind, unit=first.unit, status="single_source")
    session.add(new)
    session.flush()
    session.execute(
        update(ClaimMembership)
        .where(ClaimMembership.mention_id.in_(chosen))
        .values(claim_id=new.id)
    )
    _exclude(session, claim_id, chosen)
    _lock(session, [claim_id, new.id])
    remaining = [m for m in before if m not in set(chosen)]
    audit.record(
        session, action="claim.split", object_type="claim", object_id=claim_id, user=user,
        detail={"version": version, "new_claim": new.id, "before": before, "after": remaining},
    )
    audit.record(
        session, action="claim.split", object_type="claim", object_id=new.id, user=user,
        detail={"version": 1, "split_from": claim_id, "before": [], "after": chosen},
    )
    return _finish(session, "split", new.id, [claim_id, new.id])


def move(
    session: Session,
    *,
    mention_id: int,
    target_claim_id: int,
    base_version: int,
    user: User,
    target_version: int | None = None,
) -> GroupingResult:
    """Move one mention to another claim (a detached mention: attach it there).

    ``base_version`` is the version of the claim the mention leaves; for a mention in no
    claim it is the target's.
    """
    mention = session.get(Mention, mention_id)
    if mention is None:
        raise NotFound(f"No mention with id {mention_id}")
    membership = session.get(ClaimMembership, mention_id)
    source_id = membership.claim_id if membership else None
    _serialise_with_ingest(session, [source_id, target_claim_id])
    target = get_claim(session, target_claim_id)
    if source_id == target_claim_id:
        raise InvalidChange(f"mention {mention_id} is in claim {target_claim_id} already")
    versions: dict[int, int] = {}
    target_base = target_version if target_version is not None else target.version
    if source_id is not None:
        source = get_claim(session, source_id)
        _check(session, source, base_version)
        versions[source_id] = bump_version(session, source_id, base_version)
        before_source = members_of(session, source_id)
    else:
        target_base = base_version if target_version is None else target_version
        before_source = []
    _check(session, target, target_base)
    before_target = members_of(session, target_claim_id)
    versions[target_claim_id] = bump_version(session, target_claim_id, target_base)
    if membership is None:
        session.add(ClaimMembership(mention_id=mention_id, claim_id=target_claim_id))
    else:
        membership.claim_id = target_claim_id
    mention.detached = False
    session.flush()
    _unexclude(session, [target_claim_id], [mention_id])
    if source_id is not None:
        _exclude(session, source_id, [mention_id])
    _lock(session, [c for c in (source_id, target_claim_id) if c is not None])
    moves = {"mention_id": mention_id, "from": source_id, "to": target_claim_id}
    if source_id is not None:
        audit.record(
            session, action="mention.move", object_type="claim", object_id=source_id, user=user,
            detail={**moves, "version": versions[source_id], "before": before_source,
                    "after": members_of(session, source_id)},
        )
    audit.record(
        session, action="mention.move", object_type="claim", object_id=target_claim_id,
        user=user, detail={**moves, "version": versions[target_claim_id], "before": before_target,
                           "after": members_of(session, target_claim_id)},
    )
    touched = [target_claim_id] + ([source_id] if source_id is not None else [])
    return _finish(session, "move", target_claim_id, touched)


def detach(session: Session, *, mention_id: int, base_version: int, user: User) -> GroupingResult:
    """Say a mention is not a fact: it leaves its claim and matching ignores it from now on."""
    mention = session.get(Mention, mention_id)
    if mention is None:
        raise NotFound(f"No mention with id {mention_id}")
    if mention.detached:
        raise InvalidChange(f"mention {mention_id} is detached already")
    membership = session.get(ClaimMembership, mention_id)
    source_id = membership.claim_id if membership else None
    _serialise_with_ingest(session, [source_id])
    detail: dict[str, object] = {"mention_id": mention_id, "text": mention.text}
    if source_id is not None:
        _check(session, get_claim(session, source_id), base_version)
        detail["before"] = members_of(session, source_id)
        detail["version"] = bump_version(session, source_id, base_version)
        session.delete(membership)
    mention.detached = True
    session.flush()
    if source_id is not None:
        detail["after"] = members_of(session, source_id)
    audit.record(
        session, action="mention.detach",
        object_type="claim" if source_id is not None else "mention",
        object_id=source_id if source_id is not None else mention_id, user=user, detail=detail,
    )
    return _finish(session, "detach", source_id, [source_id] if source_id is not None else [])


def set_pinned(
    session: Session, *, claim_id: int, pinned: bool, base_version: int, user: User
) -> GroupingResult:
    """A pinned claim keeps exactly its members: it takes no automatic ones and never merges."""
    claim = get_claim(session, claim_id)
    _check(session, claim, base_version)
    version = bump_version(session, claim_id, base_version, pinned=pinned)
    if pinned:
        _lock(session, [claim_id])
    audit.record(
        session, action="claim.pin", object_type="claim", object_id=claim_id, user=user,
        detail={"version": version, "before": not pinned, "after": pinned},
    )
    return _finish(session, "pin", claim_id, [claim_id])


@dataclass(frozen=True, slots=True)
class RematchSummary:
    topics: int  # articles whose stored topic was read again differently
    mentions: int
    claims_before: int
    claims_after: int
    moved: int


@dataclass(slots=True)
class _Group:
    """A claim while ``rematch_all`` rebuilds the grouping in memory."""

    members: list[MentionRecord] = field(default_factory=list)
    locked: set[int] = field(default_factory=set)
    excluded: set[int] = field(default_factory=set)
    pinned: bool = False

    def record(self, claim_id: int) -> ClaimRecord:
        return ClaimRecord(
            id=claim_id,
            members=tuple(self.members),
            locked=frozenset(self.locked),
            excluded=frozenset(self.excluded),
            pinned=self.pinned,
        )


def refresh_topics(session: Session) -> int:
    """Store each article's topic as the current ``article_topic`` reads it (a matching
    upgrade may read topics differently); return how many changed."""
    changed: list[int] = []
    for article in session.scalars(select(Article).options(load_only(Article.id, Article.body,
                                                                     Article.topic))):
        topic = sorted(article_topic(article.body))
        if article.topic != topic:
            article.topic = topic
            changed.append(article.id)
    session.flush()
    # Matching reads a claim's members with their topics: their claims change with them
    # (ingest processes keep claims as read until their row changes: claims._CLAIMS).
    now = utcnow()
    for start in range(0, len(changed), 5_000):
        session.execute(
            update(Claim)
            .where(
                Claim.id.in_(
                    select(ClaimMembership.claim_id)
                    .join(Mention, Mention.id == ClaimMembership.mention_id)
                    .where(Mention.article_id.in_(changed[start : start + 5_000]))
                )
            )
            .values(updated_at=now)
            .execution_options(synchronize_session=False)
        )
    return len(changed)


def rematch_all(session: Session) -> RematchSummary:
    """Re-run automatic matching over every mention that is not detached.

    Members people placed (``manual``), exclusions and pins stand; every automatic
    membership is decided afresh, article by article as ingest would. The grouping is
    rebuilt in memory, then written as the smallest set of membership changes, each new
    group taking the id of the stored claim that held most of its mentions, so claims
    (and their verdicts) keep their ids where the grouping did not change.
    """
    if session.get_bind().dialect.name == "postgresql":
        # Ingest waits until the new grouping is written (SQLite has one writer anyway).
        session.execute(text("LOCK TABLE claim_membership IN SHARE ROW EXCLUSIVE MODE"))
    topics = refresh_topics(session)
    rows = session.execute(
        select(Mention, Article, Source.name, ClaimMembership.claim_id, ClaimMembership.origin)
        .join(Article, Article.id == Mention.article_id)
        .join(Source, Source.id == Article.source_id)
        .outerjoin(ClaimMembership, ClaimMembership.mention_id == Mention.id)
        .where(Mention.detached.is_(False))
        .order_by(Article.id, Mention.id)
    ).all()
    claims_before = session.scalar(select(func.count(Claim.id))) or 0
    pinned = set(session.scalars(select(Claim.id).where(Claim.pinned)))
    exclusions = session.execute(select(ClaimExclusion.claim_id, ClaimExclusion.mention_id))

    groups: dict[int, _Group] = {}
    for claim_id in pinned:
        groups[claim_id] = _Group(pinned=True)
    current: dict[int, int] = {}  # mention -> claim it sits in by automatic matching
    pending: dict[int, list[MentionRecord]] = {}  # article -> mentions to place
    for mention, article, source_name, claim_id, origin in rows:
        record = mention_record(mention, article, source_name)
        if claim_id is not None and origin == "manual":
            group = groups.setdefault(claim_id, _Group(pinned=claim_id in pinned))
            group.members.append(record)
            group.locked.add(mention.id)
            continue
        if claim_id is not None:
            current[mention.id] = claim_id
        pending.setdefault(article.id, []).append(record)
    for claim_id, mention_id in exclusions:
        if claim_id in groups:
            groups[claim_id].excluded.add(mention_id)
    stored_ids = set(groups)

    index: dict[str, set[int]] = {}
    for claim_id, group in groups.items():
        for member in group.members:
            for key in blocking_keys(member.mention):
                index.setdefault(key, set()).add(claim_id)
    next_id = (session.scalar(select(func.max(Claim.id))) or 0) + 1
    alias: dict[int, int] = {}

    def resolve(claim_id: int) -> int:
        while claim_id in alias:
            claim_id = alias[claim_id]
        return claim_id

    for article_id in sorted(pending):
        records = pending[article_id]
        keys = set().union(*(blocking_keys(r.mention) for r in records))
        candidates = {resolve(c) for key in keys for c in index.get(key, ())}
        result = assign(records, [groups[c].record(c) for c in sorted(candidates)])
        for merged in result.merges:
            keep = min(merged)
            for other in merged:
                if other == keep:
                    continue
                folded = groups.pop(other)
                groups[keep].members += folded.members
                groups[keep].locked |= folded.locked
                groups[keep].excluded |= folded.excluded
                alias[other] = keep
        made: dict[int, int] = {}
        for record in records:
            target = result.assignments[record.id]
            if isinstance(target, NewClaim):
                if target.group not in made:
                    made[target.group] = next_id
                    groups[next_id] = _Group()
                    next_id += 1
                claim_id = made[target.group]
            else:
                claim_id = resolve(target)
            groups[claim_id].members.append(record)
            for key in blocking_keys(record.mention):
                index.setdefault(key, set()).add(claim_id)

    # Give each group built here the stored claim that held most of its mentions.
    final: dict[int, int] = {}  # mention -> claim id to store
    taken = set(stored_ids)
    fresh = [
        (claim_id, group) for claim_id, group in groups.items() if claim_id not in stored_ids
    ]
    fresh.sort(key=lambda item: (-len(item[1].members), min(m.id for m in item[1].members)))
    for _virtual_id, group in fresh:
        votes = Counter(current[m.id] for m in group.members if m.id in current)
        ranked = sorted(votes.items(), key=lambda item: (-item[1], item[0]))
        real = next((c for c, _ in ranked if c not in taken), None)
        if real is None:
            first = group.members[0].mention
            claim = Claim(label="", kind=first.kind, unit=first.unit, status="single_source")
            session.add(claim)
            session.flush()
            real = claim.id
        taken.add(real)
        for member in group.members:
            final[member.id] = real
    for claim_id in stored_ids & set(groups):
        for member in groups[claim_id].members:
            if member.id not in groups[claim_id].locked:
                final[member.id] = claim_id

    touched: set[int] = set()
    moves: dict[int, list[int]] = {}
    placed_now: list[dict[str, object]] = []
    for mention_id, claim_id in final.items():
        before = current.get(mention_id)
        if before == claim_id:
            continue
        touched.add(claim_id)
        if before is None:
            placed_now.append({"mention_id": mention_id, "claim_id": claim_id, "origin": "auto"})
        else:
            touched.add(before)
            moves.setdefault(claim_id, []).append(mention_id)
    for claim_id, mention_ids in moves.items():
        session.execute(
            update(ClaimMembership)
            .where(ClaimMembership.mention_id.in_(mention_ids))
            .values(claim_id=claim_id)
        )
    if placed_now:
        session.execute(insert(ClaimMembership), placed_now)
    session.flush()
    refresh_claims(session, touched)
    moved = sum(len(v) for v in moves.values()) + len(placed_now)
    audit.record(
        session, action="rematch", object_type="claim", object_id=None,
        detail={"mentions": len(rows), "moved": moved, "claims": sorted(touched)},
    )
    return RematchSummary(
        topics=topics,
        mentions=len(rows),
        claims_before=claims_before,
        claims_after=session.scalar(select(func.count(Claim.id))) or 0,
        moved=moved,
    )


@dataclass(frozen=True, slots=True)
class Member:
    """A claim's mention as the regrouping forms list it."""

    mention_id: int
    text: str
    sentence: str
    source: str
    article_id: int
    article_title: str
    origin: str


def claim_members(session: Session, claim_id: int) -> list[Member]:
    rows = session.execute(
        select(Mention, Article, Source.name, ClaimMembership.origin)
        .join(ClaimMembership, ClaimMembership.mention_id == Mention.id)
        .join(Article, Article.id == Mention.article_id)
        .join(Source, Source.id == Article.source_id)
        .where(ClaimMembership.claim_id == claim_id)
        .order_by(Source.name, Mention.id)
    )
    return [
        Member(
            mention_id=m.id, text=m.text, sentence=m.sentence, source=source_name,
            article_id=a.id, article_title=a.title, origin=origin,
        )
        for m, a, source_name, origin in rows
    ]


def merge_candidates(
    session: Session, *, claim_id: int, query: str, limit: int = 10
) -> list[Claim]:
    """Claims to merge into ``claim_id``: by id (``#12`` or ``12``) or by words."""
    wanted = query.strip().lstrip("#")
    if wanted.isdigit():
        if len(wanted) > 9:  # beyond any stored id (an INTEGER column)
            return []
        found = session.get(Claim, int(wanted))
        return [found] if found is not None and found.id != claim_id else []
    condition = claim_matches(session, query)
    if condition is None:
        return []
    return list(
        session.scalars(
            select(Claim)
            .where(condition, Claim.id != claim_id)
            .order_by(Claim.sources_count.desc(), Claim.id)
            .limit(limit)
        )
    )

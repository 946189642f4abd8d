"""The members of claims as Claim JSON, kept per process between requests.

A page of the claims API is mostly its claims' members: 50 busy claims carry about a
thousand quotes with their articles, which cost more to read and write out than everything
else on the page. A claim's members change only with the claim: ingest, a person's merge,
split, move or detach all rewrite the claim row, moving its ``updated_at`` (and a person's
change its ``version``), and stored mentions, articles and outlets are never edited. So the
members, serialized once, are kept under the claim's id, ``updated_at``, ``version`` and
member count, and the database they came from; a claim that changed is read anew under its
new key, and the old entry ages out. Least recently used entries go first, within a
budget of bytes.
"""

from __future__ import annotations

from datetime import datetime

import orjson
from sqlalchemy.orm import Session

from app.services.browse import ClaimDoc, claim_member_docs
from app.services.export import claim_json
from app.services.kept import Kept

_Key = tuple[str, int, datetime, int, int]
DEFAULT_BUDGET = 64 * 1024 * 1024


class MemberCache:
    def __init__(self, budget: int = DEFAULT_BUDGET) -> None:
        self.kept: Kept[_Key, bytes] = Kept(budget, len)

    def clear(self) -> None:
        self.kept.clear()

    def attach(self, session: Session, docs: list[ClaimDoc]) -> None:
        """Give each claim document read without members (``with_members=False``) its
        members, as JSON ready to be written out by ``export.claim_json``: the documents
        are then for JSON only, not for ``browse.claim_public``."""
        database = str(session.get_bind().engine.url)
        keys = {
            doc["id"]: (
                database, doc["id"], doc["updated_at"], doc["version"], doc["mentions_count"]
            )
            for doc in docs
        }
        found: dict[int, bytes] = {}
        for claim_id, key in keys.items():
            data = self.kept.get(key)
            if data is not None:
                found[claim_id] = data
        missing = [claim_id for claim_id in keys if claim_id not in found]
        if missing:
            members = claim_member_docs(session, missing)
            for claim_id in missing:
                found[claim_id] = claim_json(members.get(claim_id, []))
                self.kept.put(keys[claim_id], found[claim_id])
        for doc in docs:
            doc["mentions"] = orjson.Fragment(found[doc["id"]])


MEMBERS = MemberCache()

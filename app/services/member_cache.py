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

import threading
from collections import OrderedDict
from datetime import datetime

import orjson
from sqlalchemy.orm import Session

from app.services.browse import ClaimDoc, claim_member_docs
from app.services.export import claim_json

_Key = tuple[str, int, datetime, int, int]
DEFAULT_BUDGET = 64 * 1024 * 1024


class MemberCache:
    def __init__(self, budget: int = DEFAULT_BUDGET) -> None:
        self.budget = budget
        self.used = 0
        self.entries: OrderedDict[_Key, bytes] = OrderedDict()
        self.lock = threading.Lock()  # request threads share it

    def _get(self, key: _Key) -> bytes | None:
        found = self.entries.get(key)
        if found is not None:
            self.entries.move_to_end(key)
        return found

    def _put(self, key: _Key, data: bytes) -> None:
        if len(data) > self.budget:
            return
        old = self.entries.pop(key, None)
        if old is not None:
            self.used -= len(old)
        self.entries[key] = data
        self.used += len(data)
        while self.used > self.budget:
            _, dropped = self.entries.popitem(last=False)
            self.used -= len(dropped)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.used = 0

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
        with self.lock:
            for claim_id, key in keys.items():
                data = self._get(key)
                if data is not None:
                    found[claim_id] = data
        missing = [claim_id for claim_id in keys if claim_id not in found]
        if missing:
            members = claim_member_docs(session, missing)
            fresh = {claim_id: claim_json(members.get(claim_id, [])) for claim_id in missing}
            with self.lock:
                for claim_id, data in fresh.items():
                    self._put(keys[claim_id], data)
            found |= fresh
        for doc in docs:
            doc["mentions"] = orjson.Fragment(found[doc["id"]])


MEMBERS = MemberCache()

"""Values a process keeps between uses, least recently used dropped first.

Each user keys its values by everything that would make them stale (``member_cache``,
``claims``), so nothing here ever needs invalidating: it only bounds the memory.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def _one(_: object) -> int:
    return 1


class Kept(Generic[K, V]):
    """At most ``budget`` in total ``weight`` (default: one per value); safe across the
    threads of a server."""

    def __init__(self, budget: int, weight: Callable[[V], int] = _one) -> None:
        self.budget = budget
        self.weight = weight
        self.used = 0
        self.entries: OrderedDict[K, V] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self.lock:
            found = self.entries.get(key)
            if found is not None:
                self.entries.move_to_end(key)
            return found

    def put(self, key: K, value: V) -> None:
        size = self.weight(value)
        if size > self.budget:
            return
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.used -= self.weight(old)
            self.entries[key] = value
            self.used += size
            while self.used > self.budget:
                _, dropped = self.entries.popitem(last=False)
                self.used -= self.weight(dropped)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.used = 0
